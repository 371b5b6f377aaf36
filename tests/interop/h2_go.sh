#!/usr/bin/env bash
# Go's HTTP/2 client and server (Go 1.19, Debian 12's golang-go; tests/peers/h2_go.go) with
# expect100's programs, over TLS with ALPN h2 (docs/requirements.md H2-1, H2-5, H2-7, H2-13):
# - Go's client (ExpectContinueTimeout 1 s) through expect100-proxy to HTTP/1.1 origins: the
#   origin's 100 relayed, our grace 100 before Go's 1 s, an early 413 with the body never sent;
# - Go's server (its 100 comes at the handler's first body read) to curl, expect100-client and
#   Go's client, and through expect100-proxy --upstream-h2 from HTTP/1.1 and HTTP/2 clients:
#   reading (100 at once), rejecting (413, no 100), and reading only after 2 s.
. "$(dirname "$0")/common.sh"

# Go needs a cache directory: $HOME's when there is one (kept between runs), else the work one.
[ -n "${HOME:-}" ] || export GOCACHE="$work/go-cache" GOPATH="$work/go"
go build -o "$work/h2_go" "$here/../peers/h2_go.go"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 1 -subj /CN=localhost >/dev/null 2>&1
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" | head -1; }
go_client() { "$work/h2_go" client "$1" "$body" 2>&1 || true; }
interims() {
  (grep -E '^< HTTP/[0-9.]+ 1[0-9][0-9]' "$work/curl.err" || true) | awk '{print $3}' | tr '\n' ' '
}
# curl_up VERSION_FLAG URL: an upload with Expect; prints status, time and curl's exit.
curl_up() {
  local rc=0
  curl -sS -k -v "$1" -H 'Expect: 100-continue' --data-binary @"$body" "$2" -o "$work/response" \
    -w 'status=%{http_code} time=%{time_total}\n' 2>"$work/curl.err" || rc=$?
  echo "exit=$rc"
}

echo "# Go's client over h2 (TLS) → expect100-proxy → HTTP/1.1 origins"
# behaviour, status, 1xx Go saw, when Go began its body (ms: at least, at most; '-': never)
while read -r behaviour status seen least most; do
  start_listening "origin-${behaviour//:/_}" "$work" "$bin/expect100-origin" --behaviour "$behaviour"
  start_listening "proxy-${behaviour//:/_}" "$work" "$bin/expect100-proxy" \
    --upstream "127.0.0.1:$LISTEN_PORT" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
  out=$(go_client "https://127.0.0.1:$LISTEN_PORT/go")
  check "Go → proxy → $behaviour: status" "$status" "$(echo "$out" | field status)"
  check "Go → proxy → $behaviour: over HTTP/2" HTTP/2.0 "$(echo "$out" | field proto)"
  check "Go → proxy → $behaviour: 1xx seen" "$seen" "$(echo "$out" | field interim)"
  sent=$(echo "$out" | field body_sent_ms)
  if [ "$least" = - ]; then
    check "Go → proxy → $behaviour: body never sent (H2-7)" - "$sent"
  else
    check_above "Go → proxy → $behaviour: body not sent before" "$(awk -v m="$least" 'BEGIN{print m/1000}')" \
      "$(awk -v m="$sent" 'BEGIN{print m/1000}')"
    check_below "Go → proxy → $behaviour: body sent before" "$(awk -v m="$most" 'BEGIN{print m/1000}')" \
      "$(awk -v m="$sent" 'BEGIN{print m/1000}')"
  fi
done <<'CELLS'
immediate 200 100 0 500
never 200 100 200 900
reject:413 413 - - -
CELLS

echo "# Go's server over h2 (TLS): its 100 at the first read of the body"
for mode in read reject slow; do
  start_listening "go-$mode" "$work" "$work/h2_go" server "$work/cert.pem" "$work/key.pem" "$mode"
  eval "GO_$mode=$LISTEN_PORT"
done
out=$(curl_up --http2 "https://127.0.0.1:$GO_read/curl")
check "curl → Go (read): status" 200 "$(echo "$out" | field status)"
check "curl → Go (read): Go's 100" "100 " "$(interims)"
check_contains "curl → Go (read): body intact" "\"sha256\":\"$body_sha\"" "$(cat "$work/response")"
out=$(curl_up --http2 "https://127.0.0.1:$GO_reject/curl")
check "curl → Go (reject): status" 413 "$(echo "$out" | field status)"
check "curl → Go (reject): exit" 0 "$(echo "$out" | field exit)"
check "curl → Go (reject): no 100" "" "$(interims)"
rc=0
"$bin/expect100-client" --http2 -k -v -H 'Expect: 100-continue' --data-binary @"$body" \
  "https://127.0.0.1:$GO_read/client" -o "$work/response" 2>"$work/client.err" || rc=$?
check "expect100-client → Go (read): exit" 0 "$rc"
check_contains "expect100-client → Go (read): released by Go's 100" "body released: 100 Continue" \
  "$(cat "$work/client.err")"
rc=0
"$bin/expect100-client" --http2 -k -v -H 'Expect: 100-continue' --data-binary @"$body" \
  "https://127.0.0.1:$GO_reject/client" -o "$work/response" 2>"$work/client.err" || rc=$?
check "expect100-client → Go (reject): exit" 0 "$rc"
check_contains "expect100-client → Go (reject): body never sent (H2-7)" "body not sent" \
  "$(cat "$work/client.err")"
out=$(go_client "https://127.0.0.1:$GO_read/go")
check "Go → Go (read): status" 200 "$(echo "$out" | field status)"
check "Go → Go (read): the 100" 100 "$(echo "$out" | field interim)"

echo "# HTTP/1.1 and HTTP/2 clients → expect100-proxy --upstream-h2 (TLS, ALPN h2) → Go's server"
for mode in read reject slow; do
  eval "port=\$GO_$mode"
  start_listening "proxy-go-$mode" "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$port" \
    --upstream-h2 --upstream-tls --upstream-insecure --h2c --trace
  for v in --http1.1 --http2-prior-knowledge; do
    : >"$work/proxy-go-$mode.err"
    out=$(curl_up "$v" "http://127.0.0.1:$LISTEN_PORT/via")
    case $mode in
      read)
        check_contains "$v → proxy → Go (read): the proxy heard Go's 100, not only its own" \
          "--upstream_interim(100)-->" "$(cat "$work/proxy-go-$mode.err")"
        check "$v → proxy → Go (read): status" 200 "$(echo "$out" | field status)"
        check "$v → proxy → Go (read): Go's 100 relayed (H2-13)" "100 " "$(interims)"
        check_below "$v → proxy → Go (read): at once" 0.8 "$(echo "$out" | field time)"
        check_contains "$v → proxy → Go (read): body intact" "\"sha256\":\"$body_sha\"" \
          "$(cat "$work/response")" ;;
      reject)
        check "$v → proxy → Go (reject): status" 413 "$(echo "$out" | field status)"
        check "$v → proxy → Go (reject): exit" 0 "$(echo "$out" | field exit)"
        check "$v → proxy → Go (reject): no 100" "" "$(interims)" ;;
      slow)
        check "$v → proxy → Go (slow): status" 200 "$(echo "$out" | field status)"
        check "$v → proxy → Go (slow): exactly one 100 (never ours and Go's both)" "100 " "$(interims)"
        check_contains "$v → proxy → Go (slow): body intact" "\"sha256\":\"$body_sha\"" \
          "$(cat "$work/response")" ;;
    esac
  done
done
finish
