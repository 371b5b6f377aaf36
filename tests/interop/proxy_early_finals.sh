#!/usr/bin/env bash
# curl (Debian's 7.88) → expect100-proxy → a scripted origin (tests/interop/scripted_origin.js)
# that answers early: 417 with keep-alive and with close, 401 with keep-alive, 413 with close;
# 4 KiB and 2 MiB bodies (below and above the proxy's 256 KiB discard cap).
#
# curl mishandles a 417: with keep-alive it re-sends the request on the same connection without
# the body it announced (RFC 9112 §9.3 wants the body or a close), and with close it gives up.
# The default preset repeats the request upstream without Expect while curl gets the proxy's own
# 100 (T-P-18), so curl ends with the origin's 200 and the body intact; after an early 401/413
# with no body byte sent, it closes the client connection (T-P-17). The haproxy preset keeps
# HAProxy's measured behaviour: curl's retry is read as the announced body (400) or curl ends
# with the 417.
. "$(dirname "$0")/common.sh"

log=$work/origin.log
start_listening scripted-origin "$work" node "$here/scripted_origin.js" "$log"
origin=$LISTEN_PORT
head -c 4096 /dev/urandom >"$work/4k.bin"
head -c $((2 * 1024 * 1024)) /dev/urandom >"$work/2m.bin"

start_listening proxy-default "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$origin"
default_port=$LISTEN_PORT
start_listening proxy-haproxy "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$origin" \
  --preset haproxy
haproxy_port=$LISTEN_PORT

# upload PORT TARGET FILE -> "STATUS TIME" (curl's exit status ignored: the checks say enough)
upload() {
  curl -sS -H 'Expect: 100-continue' --data-binary @"$3" --max-time 10 -o "$work/out" \
    -w '%{http_code} %{time_total}' "http://127.0.0.1:$1$2" 2>"$work/curl.err" || true
}
# seen TARGET: what the origin saw, one EXPECT:COMPLETE per request, in order
seen() { awk -v t="$1" '$1 == t { printf "%s%s:%s", n++ ? "_" : "", $3, $8 }' "$log"; }
last_sha() { awk -v t="$1" '$1 == t { s = $6 } END { print s }' "$log"; }

for size in 4k 2m; do
  file=$work/$size.bin
  sha=$(sha256sum "$file" | cut -d' ' -f1)
  for shape in early-417 close-417; do
    echo "# curl → proxy (rfc9110_intermediary) → origin $shape, $size body"
    target=/$shape/default-$size
    read -r status secs <<<"$(upload "$default_port" "$target" "$file")"
    sleep 0.2
    check "curl ends with the origin's 200 (T-P-18)" 200 "$status"
    check "the origin saw the Expect request, then the repeat without Expect with the body" \
      "1:0_0:1" "$(seen "$target")"
    check "body intact at the origin" "$sha" "$(last_sha "$target")"
    check_contains "the 200 is the origin's echo of the body" "\"sha256\":\"$sha\"" "$(cat "$work/out")"
    check_below "no wait" 1 "$secs"
  done
  for shape in early-401 close-413; do
    echo "# curl → proxy (rfc9110_intermediary) → origin $shape, $size body"
    target=/$shape/default-$size
    read -r status secs <<<"$(upload "$default_port" "$target" "$file")"
    check "the early final relayed" "${shape#*-}" "$status"
    check_below "at once" 1 "$secs"
  done
  echo "# the haproxy preset keeps HAProxy's behaviour ($size): curl's 417 retry is lost"
  read -r status secs <<<"$(upload "$haproxy_port" /early-417/haproxy-$size "$file")"
  if [ "$status" = 200 ]; then fail "haproxy preset: curl got a 200, HAProxy 2.6 does not give one"
  else pass "haproxy preset: curl ends with $status, as with HAProxy 2.6"; fi
done

echo "# after an early 401 with no body byte sent, the proxy asks the client to close (T-P-17)"
exec 3<>"/dev/tcp/127.0.0.1/$default_port"
printf 'PUT /early-401/raw HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n' >&3
t0=$(date +%s.%N)
reply=$(timeout 5 cat <&3 | tr -d '\r' || true)
t1=$(date +%s.%N)
exec 3<&-
check_contains "401 relayed" "HTTP/1.1 401" "$reply"
check_contains "with Connection: close" "Connection: close" "$reply"
check_contains "the 401's body" "early 401" "$reply"
check_below "then closed, not kept waiting for the announced body" 2 \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
finish
