#!/usr/bin/env bash
# The proxy conformance cases of docs/conformance.md (T-P-1 .. T-P-16) over real sockets:
# expect100-proxy with its default preset (rfc9110_intermediary) unless a case names another,
# expect100-origin scripted per case, curl and expect100-probe as clients. PROXY_PROGRAM names
# another proxy with the same flags (ctest runs it for examples/poll_proxy too).
. "$(dirname "$0")/common.sh"

origin() {  # origin BEHAVIOUR -> O (port)
  start_listening "origin-$1-$RANDOM" "$work" "$bin/expect100-origin" --behaviour "$1"; O=$LISTEN_PORT
}
proxy() {  # proxy UPSTREAM [ARGS...] -> P (port)
  local up=$1; shift
  start_listening "proxy-$up-$RANDOM" "$work" "$bin/${PROXY_PROGRAM:-expect100-proxy}" \
    --upstream "127.0.0.1:$up" "$@"
  P=$LISTEN_PORT
}
# up PORT [CURL ARGS...]: upload with Expect through 127.0.0.1:PORT; sets STATUS TIME INTERIMS RESP
up() {
  local port=$1; shift
  local w
  w=$(curl -sS -v -H 'Expect: 100-continue' --data-binary @"$body" "$@" "http://127.0.0.1:$port/t" \
        -o "$work/resp" -w '%{http_code} %{time_total}' 2>"$work/err" || true)
  STATUS=${w% *}; TIME=${w#* }
  INTERIMS=$(grep -E '^< HTTP/1\.[01] 1[0-9][0-9]' "$work/err" | awk '{print $3}' | tr '\n' ' ' || true)
  RESP=$(cat "$work/resp" 2>/dev/null || true)
}

echo "# T-P-1, T-P-2, T-P-14: Expect forwarded unchanged, the 100 relayed at once, our own version"
origin immediate; proxy "$O"
up "$P"
check "T-P-1/2 status" 200 "$STATUS"
check "T-P-2 one 100 relayed" "100 " "$INTERIMS"
check_contains "T-P-1 Expect reached the origin unchanged" '"expect":"100-continue"' "$RESP"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$RESP"
check_below "T-P-3 default preset: one round trip, never a wait or a 501" 0.8 "$TIME"
up "$P" --http1.0
check_contains "T-P-14 HTTP/1.1 toward the origin for an HTTP/1.0 client" '"version":"1.1"' "$RESP"
check "T-P-8 no 1xx to an HTTP/1.0 client" "" "$INTERIMS"
check_contains "T-P-8 Expect dropped inbound for HTTP/1.0" '"expect":null' "$RESP"
check_contains "T-P-8 no persistence with HTTP/1.0" "Connection: close" "$(cat "$work/err")"

echo "# T-P-16: the outage presets"
proxy "$O" --preset kemp_rfc2616_strict
up "$P"
check "T-P-16 kemp_rfc2616_strict: 501 on the late body" 501 "$STATUS"
proxy "$O" --preset kemp_rfc7231
up "$P"
check "T-P-16 kemp_rfc7231: passed through" 200 "$STATUS"
check_above "T-P-16 kemp_rfc7231: after the client's wait" 0.9 "$TIME"
proxy "$O" --preset kemp_require_100
up "$P"
check "T-P-16 kemp_require_100: body held until the origin's 100, then 200" 200 "$STATUS"
check_contains "T-P-16 kemp_require_100: body intact" "\"sha256\":\"$body_sha\"" "$RESP"

echo "# T-P-4, T-P-8, T-P-9: early body, HTTP/1.0 client, unknown expectation (expect100-probe)"
proxy "$O"
probe=$("$bin/expect100-probe" "http://127.0.0.1:$P/probe" --json --wait 500)
check_contains "T-P-4 early body forwarded" '"early_body_accepted"' "$probe"
check_contains "T-P-8 no 1xx to HTTP/1.0" '"http10_no_1xx"' "$probe"
check_contains "T-P-9 unknown expectation forwarded (9110)" '"unknown_expectation_ignored"' "$probe"
proxy "$O" --preset rfc2616_proxy
probe=$("$bin/expect100-probe" "http://127.0.0.1:$P/probe" --json --wait 500)
check_contains "T-P-9 unknown expectation: 417 with rfc2616_proxy" '"unknown_expectation_417"' "$probe"
check_contains "S-8 the connection still serves after the early 417" '"reuse_after_early_final_ok"' "$probe"

echo "# T-P-5: the origin's early final with close"
origin reject:401:close; proxy "$O"
up "$P"
check "T-P-5 401 relayed" 401 "$STATUS"
check "T-P-5 no 100" "" "$INTERIMS"
check_absent "T-P-5 the body was not uploaded" "We are completely uploaded" "$(cat "$work/err")"
check_contains "T-P-5 the client side signals close" "Connection: close" "$(cat "$work/err")"

echo "# T-P-6: next hop known to be HTTP/1.0"
origin http10; proxy "$O" --upstream-http10
up "$P"
check "T-P-6 status" 200 "$STATUS"
check "T-P-6 our own 100 at once" "100 " "$INTERIMS"
check_below "T-P-6 no wait" 0.8 "$TIME"
proxy "$O" --upstream-http10 --preset rfc2616_proxy
up "$P"
check "T-P-6 rfc2616_proxy: 417" 417 "$STATUS"

echo "# T-P-7: Expect added by the proxy (httpd_proxy_ping): its 100 is not relayed"
origin immediate; proxy "$O" --preset httpd_proxy_ping
w=$(curl -sS -v --data-binary @"$body" "http://127.0.0.1:$P/ping" -o "$work/resp" -w '%{http_code}' 2>"$work/err")
check "T-P-7 status" 200 "$w"
check_contains "T-P-7 Expect added upstream" '"expect":"100-continue"' "$(cat "$work/resp")"
check_absent "T-P-7 the 100 not relayed" "< HTTP/1.1 100" "$(cat "$work/err")"

echo "# T-P-10: policy at header time, the origin never contacted"
proxy 9 --max-body 1000   # port 9 (discard): nothing must connect
up "$P"
check "T-P-10 413 from the head alone" 413 "$STATUS"

echo "# T-P-11: the origin is down: 502, no retry"
proxy 9
up "$P"
check "T-P-11 502" 502 "$STATUS"

echo "# T-P-11: the origin accepts the connection and stays silent: 504 after the timeout"
origin silent; proxy "$O" --upstream-timeout-ms 1500
up "$P" --max-time 10
check "T-P-11 504 from a silent origin" 504 "$STATUS"
check_above "T-P-11 after the configured timeout" 1.4 "$TIME"
check_below "T-P-11 and not much later" 5 "$TIME"

echo "# T-P-12, T-P-13: two 100s, the first carrying Content-Length"
origin interim:100; proxy "$O"
up "$P"
check "T-P-12 status" 200 "$STATUS"
check "T-P-12 both 100s relayed" "100 100 " "$INTERIMS"
check_absent "T-P-13 no Content-Length on a relayed 1xx" "< Content-Length: 0" "$(sed -n '/< HTTP\/1.1 100/,/^< $/p' "$work/err" | head -3)"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$RESP"

echo "# T-P-15: gateway self-100, not duplicated"
origin immediate; proxy "$O" --preset gateway_self_100
up "$P"
check "T-P-15 one 100 (ours), the origin's not duplicated" "100 " "$INTERIMS"
check_contains "T-P-15 forwarded without Expect" '"expect":null' "$RESP"
finish
