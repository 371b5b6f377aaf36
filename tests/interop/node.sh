#!/usr/bin/env bash
# Node.js's http module both ways: its server with 'checkContinue' as an origin behind
# expect100-proxy (driven by expect100-client), and its client through expect100-proxy to
# expect100-origin. RFC 9110 §10.1.1 (P-4: the origin's 100 relayed; S-7/C-10: an early 413).
. "$(dirname "$0")/common.sh"
command -v node >/dev/null || { echo "node missing: scripts/install-deps --interop"; exit 1; }

echo "# expect100-client → expect100-proxy → Node.js server (checkContinue)"
start_listening node-origin "$work" node "$here/node_origin.js"
start_listening proxy-node "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$LISTEN_PORT"
proxy_port=$LISTEN_PORT
out=$("$bin/expect100-client" "http://127.0.0.1:$proxy_port/accept" --data-binary @"$body" \
      -H 'Expect: 100-continue' -v 2>&1)
check_contains "Node's 100 relayed" "< HTTP/1.1 100 Continue" "$out"
check_contains "released by the 100" "body released: 100 Continue received" "$out"
check_contains "body intact at Node" "\"sha256\":\"$body_sha\"" "$out"
out=$("$bin/expect100-client" "http://127.0.0.1:$proxy_port/reject" --data-binary @"$body" \
      -H 'Expect: 100-continue' -v 2>&1 || true)
check_contains "Node's early 413 relayed" "< HTTP/1.1 413" "$out"
check_absent "no 100 before it" "< HTTP/1.1 100" "$out"
check_contains "the body was never sent" "body not sent" "$out"

echo "# a chunked response to an HTTP/1.0 client: decoded, delimited by the close (RFC 9112 §6.1)"
out=$(curl -sS -i --http1.0 "http://127.0.0.1:$proxy_port/chunked")
check_contains "the body, decoded" "hello world" "$out"
check_absent "no Transfer-Encoding toward HTTP/1.0" "Transfer-Encoding" "$out"
check_contains "Connection: close" "Connection: close" "$out"
out=$(curl -sS -i "http://127.0.0.1:$proxy_port/chunked")
check_contains "HTTP/1.1 client: relayed chunked as it came" "Transfer-Encoding: chunked" "$out"
check_contains "the body" "hello world" "$out"

echo "# Node.js client → expect100-proxy → expect100-origin"
start_listening origin "$work" "$bin/expect100-origin" --behaviour immediate
start_listening proxy-origin "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$LISTEN_PORT"
out=$(node "$here/node_client.js" "http://127.0.0.1:$LISTEN_PORT/node" "$body")
check_contains "status" '"status":200' "$out"
check_contains "Node saw one 100" '"interims":[100]' "$out"
check_contains "body intact" "$body_sha" "$out"
finish
