#!/usr/bin/env bash
# The tricky Expect values of docs/reference/expectation.md, over sockets, through expect100-proxy
# (default preset, rfc9110_intermediary) to expect100-origin. For each value, one connection:
#   1. the head (POST /one, Content-Length: 3, the Expect line(s) of the row), then up to 1 s
#      for a first answer: a 100 when the value holds the 100-continue expectation, nothing
#      when it does not (the client's wait runs out: C-3), or a final status;
#   2. the body `abc`, then a second request `GET /two` with Connection: close;
#   3. everything until the connection closes.
# Checked per row: whether a 100 came; the first final status and who sent it (the origin says
# `Server: expect100-origin`; a head the proxy refuses never reaches the origin); the Expect
# value the origin saw (its JSON echo); and the connection after — kept rows must answer
# `/two` as a request of its own (its echo's target is `/two`, so no byte of `abc` was read as
# the start of it: nothing smuggled), closed rows must end after one answer (an origin's early
# 400 comes before any body byte, so the proxy relays it with Connection: close, T-P-17).
# The grammar's verdicts are the analyser's (docs/reference/expectation.md); what the origin does
# with a malformed value (400) is its preset's choice, S-11; the proxy forwards Expect as
# received (G-21) and refuses only heads that are faulty as HTTP (G-9, G-11: 400 and close).
. "$(dirname "$0")/common.sh"
export LC_ALL=C  # field values may hold obs-text (bytes >= 0x80): sed and grep take them as bytes

start_listening origin "$work" "$bin/expect100-origin"
start_listening proxy "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$LISTEN_PORT"
port=$LISTEN_PORT

# exchange LINES [HEAD_PREFIX]: sets FIRST (first line, or "none"), FINALS (final status codes in
# order), FROM_ORIGIN (how many answers carried the origin's Server field), ECHOES (the JSON
# lines), CLOSED (yes when the proxy closed the connection by itself).
exchange() {
  local lines=$1 request=${2:-'POST /one HTTP/1.1\r\nHost: a\r\n'}
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf "${request}${lines}Content-Length: 3\r\n\r\n" >&3
  local first="" status_line="" rest
  if IFS= read -r -t 1 first <&3; then
    first=${first%$'\r'}
    if [[ $first == "HTTP/1.1 100 "* ]]; then
      IFS= read -r -t 1 _ <&3 || true  # the empty line that ends the 100
    else
      status_line=$first
    fi
  else
    first=none
  fi
  { printf 'abc' >&3; printf 'GET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' >&3; } \
    2>/dev/null || true
  rest=$(timeout 5 cat <&3; echo "cat-exit=$?")
  exec 3<&-
  rest=$(printf '%s\n%s' "$status_line" "$rest" | tr -d '\r')
  FIRST=$first
  FINALS=$(printf '%s\n' "$rest" | awk '/^HTTP\/1\.[01] [2-5][0-9][0-9] / { print $2 }' | tr '\n' ' ')
  FINALS=${FINALS% }
  FROM_ORIGIN=$(printf '%s\n' "$rest" | grep -ac '^Server: expect100-origin' || true)
  ECHOES=$(printf '%s\n' "$rest" | grep -a '^{' || true)
  ASKED_CLOSE=no
  printf '%s\n' "$rest" | grep -qai '^Connection: close' && ASKED_CLOSE=yes
  CLOSED=no
  # Both kinds of row end with a close: after /two (Connection: close) or after a refused head.
  # A refused head is recognised by its single answer.
  [ "$(printf '%s' "$rest" | grep -o 'cat-exit=[0-9]*')" = "cat-exit=0" ] || FINALS="$FINALS (no close)"
  [ "$(printf '%s\n' "$FINALS" | wc -w)" -eq 1 ] && CLOSED=yes
  return 0
}

# echo_field JSON KEY: a string field of the echo (raw, as JSON escapes it).
echo_field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\(null\|\"\([^\"\\\\]\|\\\\.\)*\"\).*/\1/p"; }

# row NAME LINES WANT_100 WANT_FINALS WANT_EXPECT
#   WANT_100     yes | no
#   WANT_FINALS  "200 200" (both requests answered, the first by the origin with its echo),
#                "400o" (the origin refused the first before its body: relayed, then closed),
#                "400p" (the proxy refused the head and closed: nothing reached the origin)
#   WANT_EXPECT  the Expect value the origin's echo shows for /one (JSON), or - when no echo
row() {
  local name=$1 lines=$2 want_100=$3 want=$4 want_expect=$5
  exchange "$lines"
  local got_100=no
  [[ $FIRST == "HTTP/1.1 100 "* ]] && got_100=yes
  check "$name: a 100 before the body" "$want_100" "$got_100"
  case $want in
    "200 200")
      check "$name: both requests answered" "200 200" "$FINALS"
      check "$name: the first echo is /one" '"/one"' "$(echo_field "$(printf '%s\n' "$ECHOES" | sed -n 1p)" target)"
      check "$name: the second is /two, nothing smuggled" '"/two"' "$(echo_field "$(printf '%s\n' "$ECHOES" | sed -n 2p)" target)"
      check "$name: the origin's body intact" '3' "$(printf '%s\n' "$ECHOES" | sed -n 1p | sed -n 's/.*"length":\([0-9]*\).*/\1/p')"
      check "$name: the Expect the origin saw" "$want_expect" "$(echo_field "$(printf '%s\n' "$ECHOES" | sed -n 1p)" expect)"
      ;;
    "400o")
      # No body byte had come when the origin's 400 did: the proxy asks the client to close
      # rather than read the announced body (T-P-17), so /two never reaches the origin.
      check "$name: the origin's 400, and nothing after it" "400" "$FINALS"
      check "$name: the answer is the origin's" 1 "$FROM_ORIGIN"
      check "$name: relayed with Connection: close (T-P-17)" yes "$ASKED_CLOSE"
      check "$name: connection closed after one answer" yes "$CLOSED"
      ;;
    "400p")
      check "$name: the proxy's 400, then closed" "400" "$FINALS"
      check "$name: nothing reached the origin" 0 "$FROM_ORIGIN"
      check "$name: connection closed after one answer" yes "$CLOSED"
      ;;
  esac
}

echo "# has 100-continue (G-2, G-3, G-5, G-8): a 100, Expect forwarded as received (G-21)"
row '100-continue'              'Expect: 100-continue\r\n'               yes "200 200" '"100-continue"'
row '100-Continue (G-3)'        'Expect: 100-Continue\r\n'               yes "200 200" '"100-Continue"'
row '100-CONTINUE (G-3)'        'Expect: 100-CONTINUE\r\n'               yes "200 200" '"100-CONTINUE"'
row 'OWS padding (G-8)'         'Expect:   100-continue\t\r\n'           yes "200 200" '"100-continue"'
row '100-continue + foo'        'Expect: 100-continue, foo\r\n'          yes "200 200" '"100-continue, foo"'
row 'foo + 100-continue'        'Expect: foo, 100-continue\r\n'          yes "200 200" '"foo, 100-continue"'
row 'duplicate member'          'Expect: 100-continue,100-continue\r\n'  yes "200 200" '"100-continue,100-continue"'
row 'empty members (G-5)'       'Expect: , ,100-continue,\r\n'           yes "200 200" '", ,100-continue,"'
row 'two Expect lines'          'Expect: foo\r\nExpect: 100-continue\r\n' yes "200 200" '"foo, 100-continue"'
row 'quoted-pair (G-12)'        'Expect: foo="a\\"b", 100-continue\r\n'  yes "200 200" '"foo=\"a\\\"b\", 100-continue"'
row 'obs-text in quotes'        'Expect: foo="\xe9\xe9", 100-continue\r\n' yes "200 200" "$(printf '"foo=\\"\xe9\xe9\\", 100-continue"')"
row 'lower-case field name'     'expect: 100-continue\r\n'               yes "200 200" '"100-continue"'

echo "# no 100-continue member: no 100; the body after the client's wait (C-3)"
row 'empty value'               'Expect: \r\n'                           no "200 200" 'null'
row 'commas only'               'Expect: , ,\r\n'                        no "200 200" '", ,"'
row '100-continue=1 (unknown)'  'Expect: 100-continue=1\r\n'             no "200 200" '"100-continue=1"'
row '100-continue="" (unknown)' 'Expect: 100-continue=""\r\n'            no "200 200" '"100-continue=\"\""'
row 'foo=bar; (unknown)'        'Expect: foo=bar;\r\n'                   no "200 200" '"foo=bar;"'
row 'foo="x";a=b (unknown)'     'Expect: foo="x";a=b\r\n'                no "200 200" '"foo=\"x\";a=b"'
row 'comma inside quotes'       'Expect: foo="a,100-continue", x\r\n'    no "200 200" '"foo=\"a,100-continue\", x"'

echo "# malformed values (strict 9110): forwarded; the origin answers 400 and keeps the connection"
row 'parameters without value (G-14)' 'Expect: 100-continue;foo=bar\r\n' no "400o" -
row 'trailing semicolon'        'Expect: 100-continue;\r\n'              no "400o" -
row 'spaces around = (G-13)'    'Expect: foo = bar\r\n'                  no "400o" -
row 'quoted name'               'Expect: "100-continue"\r\n'             no "400o" -
row 'unterminated quote'        'Expect: foo="unterminated, 100-continue\r\n' no "400o" -
row 'space inside a member'     'Expect: 100-continue foo\r\n'           no "400o" -
row '100 -continue'             'Expect: 100 -continue\r\n'              no "400o" -
row '100- continue'             'Expect: 100- continue\r\n'              no "400o" -
row 'unquoted obs-text'         'Expect: foo=\xe9\xe9, 100-continue\r\n' no "400o" -

echo "# faulty as HTTP (G-9, G-11): the proxy's own 400 and close; the origin never sees them"
row 'NUL in the value (G-11)'   'Expect: 100-continue\x00\r\n'           no "400p" -
row 'bare CR in the value (G-11)' 'Expect: 100-\rcontinue\r\n'           no "400p" -
row 'space before the colon (G-9)' 'Expect : 100-continue\r\n'           no "400p" -

echo "# where Expect means nothing"
# G-15: a trailer never asks for a 100 (the head has no Expect).
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /one HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: Expect\r\n\r\n' >&3
IFS= read -r -t 1 first <&3 || first=none
printf '3\r\nabc\r\n0\r\nExpect: 100-continue\r\n\r\n' >&3
printf 'GET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' >&3
rest=$(timeout 5 cat <&3 | tr -d '\r'); exec 3<&-
check "Expect only in a trailer (G-15): no 100" none "${first%$'\r'}"
check "Expect only in a trailer: the body arrived, no Expect seen" '"expect":null' "$(printf '%s\n' "$rest" | grep -o '"expect":null' | head -1)"
check "Expect only in a trailer: /two still served" 2 "$(printf '%s\n' "$rest" | grep -c '"length"')"

# S-1, P-8: an HTTP/1.0 request's Expect is not honoured and no 1xx reaches the client.
exchange 'Expect: 100-continue\r\n' 'POST /one HTTP/1.0\r\nHost: a\r\n'
check "HTTP/1.0 client with Expect (S-1, P-8): no 1xx" none "$FIRST"
check "HTTP/1.0 client with Expect: one answer, then closed (no persistence)" "200" "$FINALS"
check "HTTP/1.0 client with Expect: the origin got its body" '3' "$(printf '%s\n' "$ECHOES" | sed -n 's/.*"length":\([0-9]*\).*/\1/p')"

# S-5: no content, nothing to continue: the final comes at once, without a 100.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /one HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 1 first <&3 || first=none
exec 3<&-
check "Expect without content (S-5): the final at once, no 100" "HTTP/1.1 200 OK" "${first%$'\r'}"

echo "# still serving after all that"
check "a normal upload" 200 "$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$body" "http://127.0.0.1:$port/")"
finish
