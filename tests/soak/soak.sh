#!/usr/bin/env bash
# Fault and soak test of expect100-proxy (tests/soak/README in short):
#   1. expect100-chaos runs N exchanges through the proxy with faults mixed in (client aborts
#      after the head, mid-body and mid-response, slow and abandoned heads, huge heads,
#      pipelined bursts, 1000 x 103 floods, resets and an origin down mid-body from
#      `expect100-origin --faults`, bytes that are not HTTP, TLS uploads and TLS connections
#      dropped mid-body through a second proxy that terminates TLS), each checked;
#   2. no request reached the origin twice (the origin's --access-log; every target is unique);
#      the origin goes down (requests get 502) and comes back on the same port (they get 200);
#   3. afterwards the proxies serve a normal request at once, their open file descriptors are
#      back to the starting count, their RSS is under the bound, and no sanitizer spoke.
# usage: soak.sh BIN_DIR [EXCHANGES] [RSS_BOUND_MB]   (short in scripts/test: 3000; long: 100000)
set -euo pipefail
bin=${1:?usage: soak.sh BIN_DIR [EXCHANGES] [RSS_BOUND_MB]}
exchanges=${2:-3000}
rss_bound_mb=${3:-400}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../interop/common.sh" "$bin"

start_listening origin "$work" "$bin/expect100-origin" --faults --listen 127.0.0.1:0 \
  --access-log "$work/access.log"
origin_port=$LISTEN_PORT; origin_pid=$LAST_PID
start_listening proxy "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$origin_port" \
  --request-timeout-ms 2000 --upstream-timeout-ms 5000
proxy_port=$LISTEN_PORT; proxy_pid=$LAST_PID
make_certificate "$work"
start_listening proxy-tls "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$origin_port" \
  --request-timeout-ms 2000 --upstream-timeout-ms 5000 --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
tls_port=$LISTEN_PORT; tls_pid=$LAST_PID
fds() { ls "/proc/$1/fd" | wc -l; }
rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
fds_before=$(fds "$proxy_pid"); tls_fds_before=$(fds "$tls_pid")

echo "# $exchanges exchanges with faults"
t0=$(date +%s)
result=$("$bin/expect100-chaos" --target "127.0.0.1:$proxy_port" --tls-target "127.0.0.1:$tls_port" \
         --exchanges "$exchanges" --workers 8 2>"$work/chaos.err") || true
echo "$result"
echo "chaos took $(( $(date +%s) - t0 )) s; stderr: $(head -c 400 "$work/chaos.err")"
check_contains "every exchange went as it must" '"failures":0' "$result"
check_contains "all of them ran" "\"exchanges\":$exchanges" "$result"
# Every request has a target of its own: one that reached the origin twice was delivered twice
# (a retry of the proxy's own making, which RFC 9110 §9.2.2 does not allow for a POST).
delivered=$(awk '$1 ~ /^\/(soak|fault)\//' "$work/access.log" | wc -l)
twice=$(awk '$1 ~ /^\/(soak|fault)\// { print $1 }' "$work/access.log" | sort | uniq -d | wc -l)
if [ "$delivered" -gt 0 ]; then pass "$delivered requests delivered to the origin"; else fail "the origin logged no request"; fi
check "requests the origin received twice" 0 "$twice"
for k in origin_down_mid_body abort_mid_response tls_normal tls_abort_mid_body slow_body slow_body_abandoned; do
  if printf '%s' "$result" | grep -q "\"$k\":\[[1-9]"; then pass "faults of kind $k injected"
  else fail "no exchange of kind $k ran"; fi
done

echo "# the origin down, then back on the same port"
stop "$origin_pid"
started_pids=("${started_pids[@]/$origin_pid}")
down=$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$body" "http://127.0.0.1:$proxy_port/down" || true)
check "origin down: 502" 502 "$down"
start_listening origin2 "$work" "$bin/expect100-origin" --faults --listen "127.0.0.1:$origin_port" \
  --access-log "$work/access.log"
up=$(curl -sS --data-binary @"$body" -w " status=%{http_code}" "http://127.0.0.1:$proxy_port/up" 2>&1 || true)
check_contains "origin back: 200, no stale pooled connection used" "status=200" "$up"
check_contains "origin back: served, body intact" "\"sha256\":\"$body_sha\"" "$up"
# Pooled upstream connections to the old origin died with it; the new one's close now.
stop "$LAST_PID"
sleep 0.5

echo "# afterwards"
t=$(curl -sS -o /dev/null -w '%{time_total}' "http://127.0.0.1:$proxy_port/after" || true)
check_below "a normal request answered at once (502: no origin now)" 1 "$t"
t=$(curl -sS -k -o /dev/null -w '%{time_total}' "https://127.0.0.1:$tls_port/after" || true)
check_below "the TLS proxy answers at once too" 1 "$t"
for pair in "proxy:$proxy_pid:$fds_before" "TLS proxy:$tls_pid:$tls_fds_before"; do
  IFS=: read -r name pid before <<<"$pair"
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ "$(fds "$pid")" -le "$before" ] && break; sleep 0.3; done
  check "$name: open file descriptors back to the start" "$before" "$(fds "$pid")"
  rss=$(rss_mb "$pid")
  if [ "$rss" -le "$rss_bound_mb" ]; then pass "$name: RSS ${rss} MB <= ${rss_bound_mb} MB"
  else fail "$name: RSS ${rss} MB > ${rss_bound_mb} MB"; fi
  if kill -0 "$pid" 2>/dev/null; then pass "$name is alive"; else fail "$name died"; fi
done
finish
