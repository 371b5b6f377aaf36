#!/usr/bin/env bash
# curl (Debian's 7.88) as the client: directly to expect100-origin, and through expect100-proxy
# (default preset) to expect100-origin behaving immediate, never and reject:413.
# Checks statuses, the 1xx curl saw and their order, the body's SHA-256 at the origin, connection
# reuse, and times (generous bounds: interop, not benchmarks). RFC 9110 §10.1.1.
. "$(dirname "$0")/common.sh"

start_origin() {  # start_origin BEHAVIOUR -> ORIGIN_PORT
  start_listening "origin-$1" "$work" "$bin/expect100-origin" --behaviour "$1"
  ORIGIN_PORT=$LISTEN_PORT
}
start_proxy() {  # start_proxy UPSTREAM_PORT [ARGS...] -> PROXY_PORT
  local up=$1; shift
  start_listening "proxy-$up" "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$up" "$@"
  PROXY_PORT=$LISTEN_PORT
}
# upload URL [CURL ARGS...]: prints curl's trace lines of interest, then status and time.
upload() {
  local url=$1; shift
  curl -sS -v -H 'Expect: 100-continue' --data-binary @"$body" "$@" "$url" \
    -o "$work/response" -w 'status=%{http_code} time=%{time_total} connects=%{num_connects}\n' \
    2>"$work/curl.err" || true
}
interims() { grep -E '^< HTTP/1\.[01] 1[0-9][0-9]' "$work/curl.err" | awk '{print $3}' | tr '\n' ' '; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

echo "# curl → expect100-origin (immediate)"
start_origin immediate
out=$(upload "http://127.0.0.1:$ORIGIN_PORT/direct")
check "status" 200 "$(echo "$out" | field status)"
check "1xx seen by curl" "100 " "$(interims)"
check_contains "body intact at the origin" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
check_below "no wait" 0.8 "$(echo "$out" | field time)"

echo "# curl → expect100-proxy → origin (immediate): the origin's 100 relayed"
start_proxy "$ORIGIN_PORT"
out=$(upload "http://127.0.0.1:$PROXY_PORT/relayed")
check "status" 200 "$(echo "$out" | field status)"
check "1xx seen by curl" "100 " "$(interims)"
check_contains "body intact through the proxy" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
check_contains "Expect reached the origin (P-1)" '"expect":"100-continue"' "$(cat "$work/response")"
check_below "no wait" 0.8 "$(echo "$out" | field time)"
out=$(curl -sS "http://127.0.0.1:$PROXY_PORT/a" "http://127.0.0.1:$PROXY_PORT/b" -o /dev/null -o /dev/null \
      -w 'connects=%{num_connects}\n' | tail -1)
check "two requests, one client connection" "connects=0" "$out"
curl -sS -H 'Transfer-Encoding: chunked' --data-binary @"$body" "http://127.0.0.1:$PROXY_PORT/chunked" \
  -o "$work/response"
check_contains "chunked body intact through the proxy" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"

echo "# curl → proxy → origin (never): the proxy's grace 100 beats curl's 1 s wait"
start_origin never
start_proxy "$ORIGIN_PORT"
out=$(upload "http://127.0.0.1:$PROXY_PORT/grace")
check "status" 200 "$(echo "$out" | field status)"
check "one 100, the proxy's" "100 " "$(interims)"
check_below "faster than curl's own 1 s wait" 0.9 "$(echo "$out" | field time)"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"

echo "# curl → origin (never) directly: curl's own 1 s wait, and --expect100-timeout"
out=$(upload "http://127.0.0.1:$ORIGIN_PORT/own-wait")
check "status" 200 "$(echo "$out" | field status)"
check "no 1xx" "" "$(interims)"
check_above "curl waited its 1 s" 0.9 "$(echo "$out" | field time)"
out=$(upload "http://127.0.0.1:$ORIGIN_PORT/short-wait" --expect100-timeout 0.2)
check_below "--expect100-timeout 0.2 honoured" 0.9 "$(echo "$out" | field time)"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"

echo "# curl → proxy → origin (reject:413): the early answer relayed, no body wasted"
start_origin reject:413
start_proxy "$ORIGIN_PORT"
out=$(upload "http://127.0.0.1:$PROXY_PORT/too-big")
check "status" 413 "$(echo "$out" | field status)"
check "no 100 before the 413" "" "$(interims)"
check_below "answered at once" 0.8 "$(echo "$out" | field time)"
check_absent "curl did not upload the body" "We are completely uploaded" "$(cat "$work/curl.err")"

echo "# pipelining: two requests in one write, two responses in order, one connection"
start_origin immediate
start_proxy "$ORIGIN_PORT"
exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT"
printf 'POST /one HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcPOST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' >&3
responses=$(timeout 5 cat <&3 || true)
exec 3>&-
check "two responses" 2 "$(printf '%s' "$responses" | grep -c '^HTTP/1.1 200')"
check_contains "first answer is the first request's (3 bytes)" '"length":3' "$(printf '%s' "$responses" | grep -m1 '"length"')"

echo "# --threads 2: 16 concurrent uploads, every body intact"
start_proxy "$ORIGIN_PORT" --threads 2
uploads=()
for i in $(seq 1 16); do
  curl -sS -H 'Expect: 100-continue' --data-binary @"$body" "http://127.0.0.1:$PROXY_PORT/p$i" \
    -o "$work/par$i" &
  uploads+=($!)
done
for p in "${uploads[@]}"; do wait "$p" || true; done
intact=$(cat "$work"/par* | grep -c "\"sha256\":\"$body_sha\"" || true)
check "16 bodies intact" 16 "$intact"

echo "# SIGTERM during an exchange: it finishes, then the proxy exits 0"
start_origin late:800
start_proxy "$ORIGIN_PORT"
proxy_pid=$LAST_PID
curl -sS -H 'Expect: 100-continue' --data-binary @"$body" "http://127.0.0.1:$PROXY_PORT/slow" \
  -o "$work/slow" -w '%{http_code}' >"$work/slow.status" &
curl_pid=$!
sleep 0.3
kill -TERM "$proxy_pid"
wait "$curl_pid" || true
rc=0; wait "$proxy_pid" || rc=$?
check "the exchange in flight finished" 200 "$(cat "$work/slow.status")"
check_contains "its body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/slow")"
check "the proxy exited 0" 0 "$rc"
if (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT") 2>/dev/null; then fail "still accepting after SIGTERM"; else pass "no longer accepting"; fi

echo "# curl → proxy (kemp_rfc2616_strict) → origin (immediate): the outage's 501"
start_origin immediate
start_proxy "$ORIGIN_PORT" --preset kemp_rfc2616_strict
out=$(upload "http://127.0.0.1:$PROXY_PORT/outage")
check "status" 501 "$(echo "$out" | field status)"
check "the origin's 100 withheld" "" "$(interims)"
check_above "after curl's 1 s wait" 0.9 "$(echo "$out" | field time)"
finish
