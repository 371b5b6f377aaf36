#!/usr/bin/env bash
# Many concurrent keep-alive connections through expect100-proxy with requests flowing on all of
# them: expect100-loadgen opens CONNECTIONS (10 000 by default) and uploads on each in turn
# (Expect, wait for the 100, 4 KiB body) for SECONDS; the proxy runs one thread in front of
# expect100-origin. Checks: every connection had a request answered in the measured time (the
# loadgen's served_connections), no errors, the proxy held all of them at once (its
# descriptor count mid-run) and is still alive and answering afterwards.
#   tests/soak/hold.sh BIN_DIR [CONNECTIONS] [SECONDS]
# BIN_DIR holds the programs and expect100-loadgen (build/<preset>/examples and benchmarks).
# Each proxied connection needs two descriptors: the script raises its soft limit to the hard
# one and gives the proxy --max-connections CONNECTIONS (its default, two descriptors each, is
# lower when the hard limit is below twice that); it skips (exit 77) when the hard limit cannot
# hold the clients at all. The upstream side shares the same limit: at 20 000 descriptors, 10 000
# clients connecting at once during the warm-up can run the proxy out of descriptors for its
# upstream connections (a 502 with close; the loadgen reconnects, counted in `connects`).
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [CONNECTIONS] [SECONDS]}
connections=${2:-10000}
seconds=${3:-8}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib/processes.sh
. "$here/../../scripts/lib/processes.sh"
work=$(mktemp -d)
trap 'stop_all; rm -rf "$work"' EXIT

ulimit -Sn "$(ulimit -Hn)"
limit=$(ulimit -Sn)
if [ "$limit" != unlimited ] && [ "$limit" -lt $((connections + 256)) ]; then
  echo "SKIP  the hard descriptor limit ($limit) cannot hold $connections connections here"
  exit 77  # ctest's SKIP_RETURN_CODE
fi
echo "# descriptor limit $limit; $connections connections for ${seconds} s"

start_listening origin "$work" "$build/examples/expect100-origin" --behaviour immediate
origin=$LISTEN_PORT
start_listening proxy "$work" "$build/examples/expect100-proxy" --upstream "127.0.0.1:$origin" \
  --max-connections "$connections" --idle-timeout-ms 120000
proxy=$LISTEN_PORT
proxy_pid=$LAST_PID

( sleep $((seconds / 2 + 2)); ls "/proc/$proxy_pid/fd" | wc -l >"$work/fds" ) &
sampler=$!
"$build/benchmarks/expect100-loadgen" "http://127.0.0.1:$proxy/hold" -c "$connections" \
  --duration-ms $((seconds * 1000)) --warmup-ms 2000 --body 4096 >"$work/result.json"
wait "$sampler"
result=$(cat "$work/result.json")
echo "$result"
field() { printf '%s' "$result" | sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p"; }
failures=0
requests=$(field requests | awk '{ printf "%d", $1 }')
errors=$(field errors | awk '{ printf "%d", $1 }')
fds=$(cat "$work/fds")
if [ "$errors" = 0 ]; then echo "ok    no errors"; else echo "FAIL  $errors errors"; failures=1; fi
served=$(field served_connections | awk '{ printf "%d", $1 }')
if [ "$served" = "$connections" ]; then echo "ok    every connection served ($requests requests)"
else echo "FAIL  $served of $connections connections served ($requests requests)"; failures=1; fi
if [ "$fds" -ge "$connections" ]; then echo "ok    the proxy held $fds descriptors mid-run"
else echo "FAIL  the proxy held only $fds descriptors mid-run"; failures=1; fi
status=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$proxy/after" || true)
if [ "$status" = 200 ]; then echo "ok    still answering: 200"
else echo "FAIL  after the run: '$status'"; failures=1; fi
[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
