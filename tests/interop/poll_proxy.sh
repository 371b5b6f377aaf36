#!/usr/bin/env bash
# curl (Debian's 7.88, its own Expect wait 1 s) → expect100-poll-proxy (examples/poll_proxy: the
# intermediary machine in a poll() loop with its own parsing, no Boost) → expect100-origin,
# for every behaviour the origin can script: the origin's 100 relayed, the grace 100 for a silent
# one, early finals with keep-alive and close, a 103 before the 100, an HTTP/1.0 origin; the
# body byte for byte (the origin echoes its SHA-256); keep-alive reuse, a chunked upload, an
# HTTP/1.0 client (no 1xx, S-2), a smuggling shape (400), a pipelined pair, and the outage
# preset reproducing the 501.
. "$(dirname "$0")/common.sh"

# proxy_for BEHAVIOUR [PRESET] -> the proxy's port, in front of a new origin
proxy_for() {
  start_listening "origin-${1//[:]/-}" "$work" "$bin/expect100-origin" --behaviour "$1"
  start_listening "poll-proxy-${1//[:]/-}-${2:-default}" "$work" "$bin/expect100-poll-proxy" \
    --upstream "$LISTEN_PORT" --preset "${2:-rfc9110_intermediary}"
  echo "$LISTEN_PORT"
}
# upload PORT [curl options...] -> "STATUS TIME UPLOADED" and the response in $work/out
upload() {
  local port=$1
  shift
  curl -sS -H 'Expect: 100-continue' --data-binary @"$body" --max-time 10 -o "$work/out" \
    -w '%{http_code} %{time_total} %{size_upload}' "$@" "http://127.0.0.1:$port/up" \
    2>"$work/curl.err" || true
}

echo "# the origin's 100 is relayed at once; the body arrives whole"
port=$(proxy_for immediate)
read -r status secs _ <<<"$(upload "$port")"
check "status" 200 "$status"
check_below "no wait" 0.5 "$secs"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/out")"
echo "# keep-alive: two uploads on one connection"
two=$(curl -sS -H 'Expect: 100-continue' --data-binary @"$body" -o /dev/null -w '%{http_code} %{num_connects}\n' \
  "http://127.0.0.1:$port/a" --next -sS -H 'Expect: 100-continue' --data-binary @"$body" -o /dev/null \
  -w '%{http_code} %{num_connects}\n' "http://127.0.0.1:$port/b" | tr '\n' ' ')
check "second request on the same connection" "200 1 200 0 " "$two"
echo "# a chunked upload"
read -r status _ <<<"$(upload "$port" -H 'Transfer-Encoding: chunked')"
check "status" 200 "$status"
check_contains "body intact after de-chunking at the origin" "\"sha256\":\"$body_sha\"" "$(cat "$work/out")"
echo "# an HTTP/1.0 client never gets a 1xx (S-2, P-5)"
curl -sS -0 -i -H 'Expect: 100-continue' --data-binary @"$body" "http://127.0.0.1:$port/h10" \
  >"$work/h10" 2>/dev/null || true
check "first line" "HTTP/1.1 200 OK" "$(head -1 "$work/h10" | tr -d '\r')"
check_absent "no 100" "100 Continue" "$(cat "$work/h10")"
check_contains "the whole response, then the close (P-8)" "\"sha256\":\"$body_sha\"" "$(cat "$work/h10")"
check_contains "Expect dropped toward the origin for HTTP/1.0 (P-13)" '"expect":null' "$(cat "$work/h10")"
echo "# a smuggling shape: Content-Length with Transfer-Encoding is refused, nothing goes upstream"
smuggled=$(printf 'POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' |
  curl -sS --max-time 3 telnet://127.0.0.1:"$port" 2>/dev/null | head -1 | tr -d '\r' || true)
check "answer" "HTTP/1.1 400 Bad Request" "$smuggled"

echo "# a silent origin (never a 100): our grace 100 after 250 ms, not curl's 1 s"
port=$(proxy_for never)
read -r status secs _ <<<"$(upload "$port")"
check "status" 200 "$status"
check_above "after the grace" 0.2 "$secs"
check_below "before curl's own wait" 0.8 "$secs"
check_contains "body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/out")"

echo "# a lazy origin (100 on its first read) and a 103 before the 100"
for behaviour in lazy interim:103; do
  port=$(proxy_for "$behaviour")
  read -r status secs _ <<<"$(upload "$port")"
  check "$behaviour: status" 200 "$status"
  check_below "$behaviour: no wait" 0.5 "$secs"
done

echo "# early finals: relayed at once, the body never sent"
for behaviour in reject:413 reject:413:close reject:401; do
  port=$(proxy_for "$behaviour")
  read -r status secs uploaded <<<"$(upload "$port")"
  check "$behaviour: status" "${behaviour:7:3}" "$status"
  check_below "$behaviour: at once" 0.5 "$secs"
  check "$behaviour: bytes curl uploaded" 0 "$uploaded"
done

echo "# an HTTP/1.0 origin: our own 100 after the grace (P-2), then its answer"
port=$(proxy_for http10)
read -r status secs _ <<<"$(upload "$port")"
check "status" 200 "$status"
check_below "no 1 s wait" 0.8 "$secs"

echo "# the outage, reproduced by its preset: the origin's 100 withheld, curl's late body 501"
port=$(proxy_for immediate kemp_rfc2616_strict)
read -r status secs _ <<<"$(upload "$port")"
check "status" 501 "$status"
check_above "after curl's own wait" 0.9 "$secs"

finish
