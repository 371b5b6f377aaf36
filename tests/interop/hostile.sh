#!/usr/bin/env bash
# Hostile input over sockets (docs/reference/expectation.md and message.md: smuggling shapes, limits, slow clients):
# each gets its status from expect100-proxy itself and the connection is closed. The upstream
# is a port where nothing listens: a request that was forwarded would come back 502, so the
# expected 400/413/431/408 also proves nothing went upstream.
. "$(dirname "$0")/common.sh"

start_listening proxy "$work" "$bin/expect100-proxy" --upstream 127.0.0.1:9 --max-body 100000 \
  --max-head 8192 --request-timeout-ms 1000
port=$LISTEN_PORT

# send NAME EXPECTED_STATUS BYTES...: one connection, the bytes, then what came back until close.
send() {
  local name=$1 want=$2; shift 2
  local got
  # cat ends only when the proxy closes; timeout's 124 means it kept the connection open.
  got=$( { exec 3<>"/dev/tcp/127.0.0.1/$port"; printf "$@" >&3; timeout 5 cat <&3; echo "cat-exit=$?"; } 2>/dev/null || true)
  check "$name" "$want" "$(printf '%s' "$got" | head -1 | awk '{print $2}')"
  check "$name: one answer" 1 "$(printf '%s' "$got" | grep -c '^HTTP/1.1 ')"
  check "$name: then closed by the proxy" "cat-exit=0" "$(printf '%s' "$got" | grep -o 'cat-exit=[0-9]*')"
}

send "CL + TE (RFC 9112 §6.1)" 400 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
send "two different Content-Lengths" 400 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'
send "obs-fold in Expect (G-10, RFC 9112 §5.2)" 400 'POST / HTTP/1.1\r\nHost: a\r\nExpect:\r\n 100-continue\r\nContent-Length: 3\r\n\r\nabc'
send "space before the colon (RFC 9112 §5.1)" 400 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 3\r\n\r\nabc'
send "Transfer-Encoding not ending in chunked" 400 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabc'
send "bare LF inside a field value" 400 'POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-\ncontinue\r\nContent-Length: 1\r\n\r\nx'
send "not HTTP at all" 400 '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'
send "a head over --max-head" 431 "GET / HTTP/1.1\r\nHost: a\r\nX: $(head -c 9000 /dev/zero | tr '\0' a)\r\n\r\n"
send "a body over --max-body (Content-Length)" 413 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100001\r\nExpect: 100-continue\r\n\r\n'
send "a slow head (408 after --request-timeout-ms)" 408 'POST / HTTP/1.1\r\nHost: a\r\n'

echo "# a stalled body, with an origin that would wait for it (so the 408 is the proxy's)"
hostile_pid=${started_pids[0]}
start_listening origin "$work" "$bin/expect100-origin"
start_listening proxy2 "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$LISTEN_PORT" \
  --request-timeout-ms 1000
port=$LISTEN_PORT
send "a stalled body (408 after --request-timeout-ms)" 408 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc'

echo "# still serving after all that"
check "a normal upload" 200 "$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$body" "http://127.0.0.1:$LISTEN_PORT/")"
if kill -0 "$hostile_pid" 2>/dev/null; then pass "the hostile proxy is still running"; else fail "the hostile proxy died"; fi
finish
