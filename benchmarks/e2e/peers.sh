# The peers of benchmarks/e2e/ (HAProxy and nginx, tuned as their users tune them for uploads),
# configured in one place for run, syscalls and haproxy_splice. Sourced after
# scripts/lib/processes.sh, with $work set; TLS listeners are added when $work/cert.pem,
# $work/key.pem and $work/combined.pem exist.

# A loopback port nobody listens on, below Linux's ephemeral range (32768-60999), where a
# program of ours listening on port 0 or connecting could take it between the check and the bind.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
wait_port() {
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1" >&2; return 1
}

# start_haproxy THREADS ORIGIN_PORT [DEFAULTS_LINE]: HAProxy 2.6 with maxconn 4096 everywhere
# (its idle upstream pool scales with it), http-reuse always, nbthread THREADS; DEFAULTS_LINE
# adds an option (`option splice-auto`). Sets HAPROXY_PORT, HAPROXY_TLS_PORT, HAPROXY_PID.
start_haproxy() {
  local t=$1 o=$2 extra=${3:-}
  local cfg="$work/haproxy-$t-$RANDOM.cfg" tls=""
  HAPROXY_PORT=$(free_port)
  HAPROXY_TLS_PORT=""
  if [ -f "$work/combined.pem" ]; then
    HAPROXY_TLS_PORT=$(free_port)
    tls="frontend tls
  bind 127.0.0.1:$HAPROXY_TLS_PORT ssl crt $work/combined.pem
  default_backend origin"
  fi
  cat >"$cfg" <<CONF
global
  maxconn 4096
  nbthread $t
defaults
  mode http
  maxconn 4096
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
  $extra
frontend plain
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend origin
$tls
backend origin
  http-reuse always
  server o 127.0.0.1:$o maxconn 4096
CONF
  haproxy -db -f "$cfg" >"$cfg.out" 2>&1 &
  HAPROXY_PID=$!
  started_pids+=("$HAPROXY_PID")
  wait_port "$HAPROXY_PORT"
}

# start_nginx THREADS ORIGIN_PORT: nginx 1.22, THREADS workers under its master, an HTTP/1.1
# upstream keepalive pool of 256 (more than the client connections), keepalive_requests 1000000
# both sides, proxy_request_buffering and proxy_buffering off with 64 KiB body buffers, no body
# size limit. Sets NGINX_PORT, NGINX_TLS_PORT, NGINX_PID (the master: count its workers too).
start_nginx() {
  local t=$1 o=$2
  local dir="$work/nginx-$t-$RANDOM" tls=""
  NGINX_PORT=$(free_port)
  NGINX_TLS_PORT=""
  if [ -f "$work/cert.pem" ]; then
    NGINX_TLS_PORT=$(free_port)
    tls="listen 127.0.0.1:$NGINX_TLS_PORT ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;"
  fi
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes $t;
pid $dir/nginx.pid;
error_log $dir/logs/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  client_max_body_size 0;
  client_body_buffer_size 64k;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  upstream origin { server 127.0.0.1:$o; keepalive 256; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    $tls
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_request_buffering off;
      proxy_buffering off;
    }
  }
}
CONF
  nginx -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/nginx.out" 2>&1 &
  NGINX_PID=$!
  started_pids+=("$NGINX_PID")
  wait_port "$NGINX_PORT"
}
