#!/usr/bin/env bash
# nginx 1.22 and HAProxy 2.6 (Debian's), both ways round:
#  - as intermediaries in front of expect100-origin, driven by expect100-client and
#    expect100-probe: nginx answers 100 itself and strips Expect (the probe must say
#    continue_from_intermediary / nginx_proxy), HAProxy forwards Expect and relays the origin's
#    100 (continue_relayed); bodies intact; connections reused.
#  - as origins behind expect100-proxy: statuses, 1xx order, bounded times.
# RFC 9110 §10.1.1 (P-1, P-4, P-11).
. "$(dirname "$0")/common.sh"
command -v nginx >/dev/null || { echo "nginx missing: scripts/install-deps --interop"; exit 1; }
command -v haproxy >/dev/null || { echo "haproxy missing: scripts/install-deps --interop"; exit 1; }

start_listening origin "$work" "$bin/expect100-origin" --behaviour immediate
origin_port=$LISTEN_PORT

# ---- nginx ----------------------------------------------------------------------------------------
nginx_port=$(free_port)
nginx_origin_port=$(free_port)
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  client_max_body_size 64m;
  upstream origin { server 127.0.0.1:$origin_port; keepalive 16; }
  server {   # nginx as a reverse proxy, tuned as its users would (HTTP/1.1 upstream keepalive)
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  server {   # nginx as an origin: reads the body and answers
    listen 127.0.0.1:$nginx_origin_port;
    location / { return 200 "nginx origin\n"; }
  }
}
CONF
nginx -e "$work/nginx/logs/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx.out" 2>&1 &
started_pids+=($!)
wait_port "$nginx_port"

echo "# expect100-client → nginx (proxy) → expect100-origin"
out=$("$bin/expect100-client" "http://127.0.0.1:$nginx_port/up" --data-binary @"$body" \
      -H 'Expect: 100-continue' -v 2>&1) || true  # a failure shows in the checks, with the output
check_contains "a 100 reached the client" "< HTTP/1.1 100 Continue" "$out"
check_contains "body intact through nginx" "\"sha256\":\"$body_sha\"" "$out"
check_contains "nginx stripped Expect before the origin" '"expect":null' "$out"

echo "# expect100-probe → nginx: a local 100"
probe=$("$bin/expect100-probe" "http://127.0.0.1:$nginx_port/probe" --json --wait 500) || true
check_contains "probe: 100 received" '"continue_received"' "$probe"
check_contains "probe: the 100 was nginx's own" '"continue_from_intermediary"' "$probe"
check_contains "probe: behaves like nginx_proxy" '"behaves_like":"nginx_proxy"' "$probe"
check_absent "probe: no 1xx to HTTP/1.0" '"http10_got_1xx"' "$probe"

echo "# expect100-client → expect100-proxy → nginx (origin)"
start_listening proxy-nginx "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$nginx_origin_port"
t0=$(date +%s.%N)
out=$("$bin/expect100-client" "http://127.0.0.1:$LISTEN_PORT/x" --data-binary @"$body" \
      -H 'Expect: 100-continue' -v 2>&1) || true  # a failure shows in the checks, with the output
t1=$(date +%s.%N)
check_contains "nginx's answer relayed" "nginx origin" "$out"
check_contains "a 100 reached the client" "< HTTP/1.1 100 Continue" "$out"
# The body went on a 100, not on the client's 1 s timer (the machine's own report; a wall-clock
# bound alone also counts the program's start, slow under ASan on a loaded machine).
check_contains "no client wait: the body released by the 100" "body released: 100 Continue received" "$out"
check_below "bounded time" 2 "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"

# ---- HAProxy --------------------------------------------------------------------------------------
haproxy_port=$(free_port)
haproxy_origin_port=$(free_port)
cat >"$work/haproxy.cfg" <<CONF
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend in
  bind 127.0.0.1:$haproxy_port
  default_backend origin
backend origin
  server o 127.0.0.1:$origin_port
frontend as_origin
  bind 127.0.0.1:$haproxy_origin_port
  http-request return status 200 content-type text/plain string "haproxy origin"
CONF
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.out" 2>&1 &
started_pids+=($!)
wait_port "$haproxy_port"

echo "# expect100-client → HAProxy → expect100-origin"
out=$("$bin/expect100-client" "http://127.0.0.1:$haproxy_port/up" --data-binary @"$body" \
      -H 'Expect: 100-continue' -v 2>&1) || true  # a failure shows in the checks, with the output
check_contains "a 100 reached the client" "< HTTP/1.1 100 Continue" "$out"
check_contains "body intact through HAProxy" "\"sha256\":\"$body_sha\"" "$out"
check_contains "HAProxy forwarded Expect" '"expect":"100-continue"' "$out"

echo "# expect100-probe → HAProxy: a relayed 100"
probe=$("$bin/expect100-probe" "http://127.0.0.1:$haproxy_port/probe" --json --wait 500) || true
check_contains "probe: the origin's 100 relayed" '"continue_relayed"' "$probe"
check_absent "probe: not a local 100" '"continue_from_intermediary"' "$probe"
check_contains "probe: early body accepted" '"early_body_accepted"' "$probe"
check_contains "probe: behaves like a relaying proxy" '"behaves_like":"rfc9110_intermediary"' "$probe"

echo "# expect100-client → expect100-proxy → HAProxy (origin)"
start_listening proxy-haproxy "$work" "$bin/expect100-proxy" --upstream "127.0.0.1:$haproxy_origin_port"
t0=$(date +%s.%N)
out=$("$bin/expect100-client" "http://127.0.0.1:$LISTEN_PORT/x" --data-binary @"$body" \
      -H 'Expect: 100-continue' -v 2>&1) || true  # a failure shows in the checks, with the output
t1=$(date +%s.%N)
check_contains "HAProxy's answer relayed" "haproxy origin" "$out"
check_contains "final status" "< HTTP/1.1 200" "$out"
check_below "bounded time" 2 "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
finish
