#!/usr/bin/env bash
# HTTP/2 clients through expect100-proxy to HTTP/1.1 origins (docs/requirements.md H2-1, H2-4,
# H2-5, H2-6, H2-8, H2-10, H2-11, H2-12): curl 7.88 over h2c (prior knowledge) and over TLS
# (ALPN h2) with an explicit Expect: 100-continue (curl honours it on HTTP/2 with its 1 s
# wait), and nghttp (nghttp2-client) for what the frames were. Origins: expect100-origin and the scripted
# Node.js origin (every final-response shape, tests/interop/scripted_origin.js).
# Checks statuses, the 1xx curl saw, curl's exit status, the body's SHA-256 at the origin, the
# RST_STREAM after an early final, and times (generous bounds: interop, not benchmarks).
. "$(dirname "$0")/common.sh"

start_origin() {  # start_origin BEHAVIOUR -> ORIGIN_PORT
  start_listening "origin-${1//[:\/]/_}" "$work" "$bin/expect100-origin" --behaviour "$1"
  ORIGIN_PORT=$LISTEN_PORT
}
start_proxy() {  # start_proxy UPSTREAM_PORT [ARGS...] -> PROXY_PORT
  local up=$1; shift
  start_listening "proxy-$up-$#" "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$up" "$@"
  PROXY_PORT=$LISTEN_PORT
}
# h2 URL [CURL ARGS...]: an upload with Expect over HTTP/2; prints status, time, curl's exit.
h2() {
  local url=$1; shift
  local rc=0
  curl -sS -v --http2-prior-knowledge -H 'Expect: 100-continue' --data-binary @"$body" "$@" \
    "$url" -o "$work/response" \
    -w 'status=%{http_code} time=%{time_total} version=%{http_version} connects=%{num_connects}\n' \
    2>"$work/curl.err" || rc=$?
  echo "exit=$rc"
}
interims() { grep -E '^< HTTP/2 1[0-9][0-9]' "$work/curl.err" | awk '{print $3}' | tr '\n' ' '; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" | head -1; }

echo "# curl h2c → expect100-proxy --h2c → origin (immediate): the origin's 100 relayed (H2-1)"
start_origin immediate
IMMEDIATE=$ORIGIN_PORT
start_proxy "$ORIGIN_PORT" --h2c --trace
out=$(h2 "http://127.0.0.1:$PROXY_PORT/relayed")
# The origin's 100, not our grace 100 (which a lost one would bring a little later).
check_contains "the proxy heard the origin's 100" "--upstream_interim(100)-->" \
  "$(cat "$work/proxy-$ORIGIN_PORT-2.err")"
check "status" 200 "$(echo "$out" | field status)"
check "HTTP/2" 2 "$(echo "$out" | field version)"
check "curl exit" 0 "$(echo "$out" | field exit)"
check "1xx seen by curl" "100 " "$(interims)"
check_contains "body intact at the origin" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
check_contains "Expect reached the origin (H2-3, H2-10)" '"expect":"100-continue"' \
  "$(cat "$work/response")"
check_below "no wait" 0.8 "$(echo "$out" | field time)"
# A body of unknown length: chunked to the HTTP/1.1 origin (H2-10).
rc=0
curl -sS --http2-prior-knowledge -H 'Expect: 100-continue' -T - \
  "http://127.0.0.1:$PROXY_PORT/stdin" -o "$work/response" <"$body" || rc=$?
check "no content-length: curl exit" 0 "$rc"
check_contains "no content-length: body intact (chunked upstream)" "\"sha256\":\"$body_sha\"" \
  "$(cat "$work/response")"
# HTTP/1.1 still works on the same port.
out=$(curl -sS -H 'Expect: 100-continue' --data-binary @"$body" "http://127.0.0.1:$PROXY_PORT/h1" \
      -o "$work/response" -w 'version=%{http_version}\n')
check "HTTP/1.1 on the --h2c port" "version=1.1" "$out"
check_contains "HTTP/1.1 body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"

echo "# three streams at once, one connection (nghttp)"
nghttp -n -s -d "$body" --expect-continue "http://127.0.0.1:$PROXY_PORT/a" \
  "http://127.0.0.1:$PROXY_PORT/b" "http://127.0.0.1:$PROXY_PORT/c" >"$work/nghttp.out" 2>&1 || true
check "three 200s" 3 "$(grep -cE '^ +[0-9]+ .* 200 ' "$work/nghttp.out")"

echo "# 50 MB from an origin that closes after its response (Python's http.server, HTTP/1.0)"
# The close comes right after the last byte; the response's last DATA may still be waiting in
# nghttp2 then, and must not be overtaken by a reset (it once was: downloads cut at random).
mkdir -p "$work/docroot"
head -c 50000000 /dev/urandom >"$work/docroot/big"
big_sha=$(sha256sum "$work/docroot/big" | cut -d' ' -f1)
start_listening http-server "$work" python3 -u -c "
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)
print('listening on 127.0.0.1:%d' % s.server_address[1]); s.serve_forever()" "$work/docroot"
start_proxy "$LISTEN_PORT" --h2c
for i in 1 2 3; do
  curl -sS --http2-prior-knowledge "http://127.0.0.1:$PROXY_PORT/big" -o "$work/got" || true
  check "download $i: intact" "$big_sha" "$(sha256sum "$work/got" | cut -d' ' -f1)"
done
rm -f "$work/docroot/big" "$work/got"

echo "# TLS, ALPN h2 and http/1.1"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 1 -subj /CN=localhost >/dev/null 2>&1
start_proxy "$IMMEDIATE" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
out=$(curl -sS -k --http2 -H 'Expect: 100-continue' --data-binary @"$body" \
      "https://127.0.0.1:$PROXY_PORT/tls" -o "$work/response" -w 'version=%{http_version}\n')
check "ALPN chose h2" "version=2" "$out"
check_contains "body intact over h2 with TLS" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
out=$(curl -sS -k --http1.1 -H 'Expect: 100-continue' --data-binary @"$body" \
      "https://127.0.0.1:$PROXY_PORT/tls1" -o "$work/response" -w 'version=%{http_version}\n')
check "ALPN chose http/1.1" "version=1.1" "$out"

echo "# curl h2c → proxy → origin (never): our grace 100 before curl's own 1 s wait"
start_origin never
start_proxy "$ORIGIN_PORT" --h2c
out=$(h2 "http://127.0.0.1:$PROXY_PORT/grace")
check "status" 200 "$(echo "$out" | field status)"
check "one 100, the proxy's" "100 " "$(interims)"
check_below "faster than curl's 1 s wait" 0.9 "$(echo "$out" | field time)"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"

echo "# curl h2c → proxy → origin (reject:413): the 413, then RST_STREAM(NO_ERROR) (H2-5, H2-6)"
start_origin reject:413
start_proxy "$ORIGIN_PORT" --h2c
REJECT_PROXY=$PROXY_PORT
out=$(h2 "http://127.0.0.1:$PROXY_PORT/early")
check "status" 413 "$(echo "$out" | field status)"
check "curl exits cleanly (not 'Empty reply', not a partial transfer)" 0 "$(echo "$out" | field exit)"
check "no 100" "" "$(interims)"
check_contains "the 413's own body reached curl" '"error":413' "$(cat "$work/response")"
check_below "at once" 0.5 "$(echo "$out" | field time)"
nghttp -v -d "$body" --expect-continue "http://127.0.0.1:$REJECT_PROXY/frames" >"$work/frames" 2>&1 || true
frames=$( (grep -E 'recv (HEADERS|DATA|RST_STREAM) frame' "$work/frames" || true) | sed 's/.*recv \([A-Z_]*\) frame.*flags=\(0x[0-9a-f]*\).*/\1:\2/' | tr '\n' ' ')
check_contains "the final: HEADERS, then its DATA with END_STREAM, then the reset" \
  "DATA:0x01 RST_STREAM:0x00 " "$frames"
check "... and nothing after the reset" "RST_STREAM:0x00" "$(echo "$frames" | awk '{print $NF}')"
check_contains "the reset says NO_ERROR" "error_code=NO_ERROR" "$(grep -A1 'recv RST_STREAM' "$work/frames")"
sent=$( (grep -E 'send DATA frame' "$work/frames" || true) | sed 's/.*length=\([0-9]*\).*/\1/' | awk '{s += $1} END {print s + 0}')
check "no body byte sent after the early 413 (nghttp waits for the 100)" 0 "$sent"

echo "# a client that asks for a 100 but does not wait; the body is held for the origin's (H2-8)"
start_origin never
start_proxy "$ORIGIN_PORT" --h2c --preset kemp_require_100 --upstream-timeout-ms 1500
nghttp -v -d "$body" -H 'expect: 100-continue' "http://127.0.0.1:$PROXY_PORT/held" >"$work/held" 2>&1 || true
sent=$( (grep -E 'send DATA frame' "$work/held" || true) | sed 's/.*length=\([0-9]*\).*/\1/' | awk '{s += $1} END {print s + 0}')
check "the body sent before the origin decided is the initial window" 65535 "$sent"
check_contains "then the proxy's 504 (--upstream-timeout-ms)" ":status: 504" "$(cat "$work/held")"

echo "# expect100-client --http2: the client machine on a stream (H2-6, H2-7, H2-9)"
# client URL: prints status and what the client said of its body, then its exit status.
client_h2() {
  local rc=0
  "$bin/expect100-client" --http2 -v -H 'Expect: 100-continue' --data-binary @"$body" "$@" \
    -o "$work/response" 2>"$work/client.err" || rc=$?
  echo "exit=$rc"
}
start_origin immediate
start_proxy "$ORIGIN_PORT" --h2c
out=$(client_h2 "http://127.0.0.1:$PROXY_PORT/client-relayed")
check "client → proxy → immediate: exit" "exit=0" "$out"
check_contains "client: HTTP/2 by prior knowledge" "HTTP/2 (prior knowledge)" "$(cat "$work/client.err")"
check_contains "client: the origin's 100 released the body" "body released: 100 Continue" \
  "$(cat "$work/client.err")"
check_contains "client: body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
start_origin reject:413
start_proxy "$ORIGIN_PORT" --h2c
out=$(client_h2 "http://127.0.0.1:$PROXY_PORT/client-early")
check "client → proxy → reject:413: exit" "exit=0" "$out"
check_contains "client: the 413" "< HTTP/2 413" "$(cat "$work/client.err")"
check_contains "client: no body byte sent (H2-7: held, 4xx)" "body not sent" "$(cat "$work/client.err")"
start_listening h2-origin-reject "$work" "$bin/expect100-origin" --behaviour reject:417 --h2c
out=$(client_h2 "http://127.0.0.1:$LISTEN_PORT/client-417")
check "client → h2 origin 417: exit" "exit=0" "$out"
check "client: the 417 repeated without Expect on a new stream (C-5)" 2 \
  "$(grep -c '< HTTP/2 417' "$work/client.err")"
check "client: both streams on one connection" 1 "$(grep -c 'connected to' "$work/client.err")"
start_proxy "$IMMEDIATE" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
out=$(client_h2 -k "https://127.0.0.1:$PROXY_PORT/client-tls")
check "client over TLS: exit" "exit=0" "$out"
check_contains "client: ALPN chose h2" "HTTP/2 (ALPN h2)" "$(cat "$work/client.err")"
check_contains "client over TLS: body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"

echo "# expect100-probe --http2: the experiments on streams, and whom the proxy behaves like"
start_origin immediate
start_proxy "$ORIGIN_PORT" --h2c
report=$("$bin/expect100-probe" --http2 "http://127.0.0.1:$PROXY_PORT/probe" --summary 2>&1 || true)
check_contains "probe over HTTP/2: the origin's 100 relayed" "continue_relayed" "$report"
check_contains "probe over HTTP/2: the default behaves like itself" \
  "behaves like: rfc9110_intermediary" "$report"
start_proxy "$ORIGIN_PORT" --h2c --preset kemp_rfc2616_strict
report=$("$bin/expect100-probe" --http2 "http://127.0.0.1:$PROXY_PORT/probe" --summary 2>&1 || true)
check_contains "probe over HTTP/2: the outage's 501 to the late body" \
  "body_without_continue_rejected" "$report"
check_contains "probe over HTTP/2: the outage's preset recognised" \
  "behaves like: kemp_rfc2616_strict" "$report"
check_contains "probe over HTTP/2: a second stream after the early 417" \
  "reuse_after_early_final_ok" "$report"

echo "# curl h2c → expect100-origin --h2c, every --behaviour (the server machine on streams)"
# behaviour, status, the 1xx curl sees, the least and most time (curl waits 1 s for a 100)
while read -r behaviour status seen least most; do
  [ "$seen" = "-" ] && seen=""
  seen=${seen//_/ }
  start_listening "h2-origin-${behaviour//:/_}" "$work" "$bin/expect100-origin" \
    --behaviour "$behaviour" --h2c
  out=$(h2 "http://127.0.0.1:$LISTEN_PORT/h2-origin")
  check "origin $behaviour: status" "$status" "$(echo "$out" | field status)"
  check "origin $behaviour: curl exit" 0 "$(echo "$out" | field exit)"
  check "origin $behaviour: 1xx seen" "$seen" "$(interims)"
  check_above "origin $behaviour: not before" "$least" "$(echo "$out" | field time)"
  check_below "origin $behaviour: nor after" "$most" "$(echo "$out" | field time)"
  if [ "$status" = 200 ]; then
    check_contains "origin $behaviour: body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
    check_contains "origin $behaviour: served over HTTP/2" '"version":"2"' "$(cat "$work/response")"
  fi
done <<'BEHAVIOURS'
immediate 200 100_ 0 0.5
lazy 200 100_ 0 0.5
never 200 - 0.9 2
late:300 200 100_ 0.29 0.9
reject:413 413 - 0 0.5
reject:401:close 401 - 0 0.5
interim:103 200 103_100_ 0 0.5
http10 200 - 0.9 2
BEHAVIOURS

if command -v node >/dev/null; then
  echo "# what crosses from HTTP/2 to HTTP/1.1: cookie crumbs joined, Host from :authority (H2-10)"
  start_listening echo-origin "$work" node -e "require('http').createServer((q, r) => {
      r.end(JSON.stringify(q.rawHeaders)); }).listen(0, '127.0.0.1', function () {
      console.log('listening on 127.0.0.1:' + this.address().port); });"
  start_proxy "$LISTEN_PORT" --h2c
  heads=$(nghttp -H 'cookie: a=1' -H 'cookie: b=2' "http://127.0.0.1:$PROXY_PORT/heads" 2>&1 || true)
  check_contains "one Cookie line, crumbs joined with '; '" '"cookie","a=1; b=2"' "$heads"
  check_contains "Host from :authority" "\"host\",\"127.0.0.1:$PROXY_PORT\"" "$heads"

  echo "# every final-response shape of the scripted origin, through the proxy to curl over h2"
  start_listening scripted "$work" node "$here/scripted_origin.js" "$work/scripted.log"
  start_proxy "$LISTEN_PORT" --h2c
  # shape, status, the 1xx curl sees
  while read -r shape status seen; do
    [ "$seen" = "-" ] && seen=""
    seen=${seen//_/ }
    rm -f "$work/response"  # curl writes none when no content came
    out=$(h2 "http://127.0.0.1:$PROXY_PORT/$shape/h2")
    check "$shape: status" "$status" "$(echo "$out" | field status)"
    check "$shape: curl exit" 0 "$(echo "$out" | field exit)"
    check "$shape: 1xx seen" "$seen" "$(interims)"
    # The content of a final that refused the body came whole (H2-14).
    if [ "$status" = "${shape#*-}" ]; then
      check_contains "$shape: its body reached curl" "early $status" "$(cat "$work/response" 2>/dev/null)"
    fi
  done <<'SHAPES'
continue 200 100_
never 200 100_
two100 200 100_100_
103-late100-300 200 103_100_
late100-1500 200 100_
early-413 413 -
close-413 413 -
drop-413 413 -
split-413 413 -
early-401 401 -
early-417 200 100_
http10 200 100_
switch 502 -
SHAPES
  sleep 0.3
  for shape in continue never two100 103-late100-300 late100-1500 http10; do
    line=$(grep "^/$shape/h2 " "$work/scripted.log" | tail -1)
    check_contains "$shape: the body reached the origin whole" "$body_sha" "$line"
  done
fi
finish
