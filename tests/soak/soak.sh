#!/usr/bin/env bash
# Fault and soak test of expect100-proxy (tests/soak/README in short):
#   1. expect100-chaos runs N exchanges through the proxy with faults mixed in (client aborts,
#      slow and abandoned heads, huge heads, pipelined bursts, 1000 x 103 floods and resets from
#      `expect100-origin --faults`, bytes that are not HTTP), each checked;
#   2. the origin goes down (requests get 502) and comes back on the same port (they get 200);
#   3. afterwards the proxy serves a normal request at once, its open file descriptors are back
#      to the starting count, its RSS is under the bound, and no sanitizer spoke.
# usage: soak.sh BIN_DIR [EXCHANGES] [RSS_BOUND_MB]   (short in scripts/test: 3000; long: 100000)
set -euo pipefail
bin=${1:?usage: soak.sh BIN_DIR [EXCHANGES] [RSS_BOUND_MB]}
exchanges=${2:-3000}
rss_bound_mb=${3:-400}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../interop/common.sh" "$bin"

start_listening origin "$work" "$bin/expect100-origin" --faults --listen 127.0.0.1:0
origin_port=$LISTEN_PORT; origin_pid=$LAST_PID
start_listening proxy "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$origin_port" \
  --request-timeout-ms 2000 --upstream-timeout-ms 5000
proxy_port=$LISTEN_PORT; proxy_pid=$LAST_PID
fds() { ls "/proc/$proxy_pid/fd" | wc -l; }
rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$proxy_pid/status"; }
fds_before=$(fds)

echo "# $exchanges exchanges with faults"
t0=$(date +%s)
result=$("$bin/expect100-chaos" --target "127.0.0.1:$proxy_port" --exchanges "$exchanges" --workers 8 \
         2>"$work/chaos.err") || true
echo "$result"
echo "chaos took $(( $(date +%s) - t0 )) s; stderr: $(head -c 400 "$work/chaos.err")"
check_contains "every exchange went as it must" '"failures":0' "$result"
check_contains "all of them ran" "\"exchanges\":$exchanges" "$result"

echo "# the origin down, then back on the same port"
stop "$origin_pid"
started_pids=("${started_pids[@]/$origin_pid}")
down=$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$body" "http://127.0.0.1:$proxy_port/down" || true)
check "origin down: 502" 502 "$down"
start_listening origin2 "$work" "$bin/expect100-origin" --faults --listen "127.0.0.1:$origin_port"
up=$(curl -sS --data-binary @"$body" -w " status=%{http_code}" "http://127.0.0.1:$proxy_port/up" 2>&1 || true)
check_contains "origin back: 200, no stale pooled connection used" "status=200" "$up"
check_contains "origin back: served, body intact" "\"sha256\":\"$body_sha\"" "$up"
# Pooled upstream connections to the old origin died with it; the new one's close now.
stop "$LAST_PID"
sleep 0.5

echo "# afterwards"
t=$(curl -sS -o /dev/null -w '%{time_total}' "http://127.0.0.1:$proxy_port/after" || true)
check_below "a normal request answered at once (502: no origin now)" 1 "$t"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ "$(fds)" -le "$fds_before" ] && break; sleep 0.3; done
check "open file descriptors back to the start" "$fds_before" "$(fds)"
rss=$(rss_mb)
if [ "$rss" -le "$rss_bound_mb" ]; then pass "RSS ${rss} MB <= ${rss_bound_mb} MB"; else fail "RSS ${rss} MB > ${rss_bound_mb} MB"; fi
if kill -0 "$proxy_pid" 2>/dev/null; then pass "the proxy is alive"; else fail "the proxy died"; fi
finish
