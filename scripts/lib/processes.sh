# Shell helpers shared by scripts/demo and the interop tests: start a program that prints
# `listening on HOST:PORT`, wait for that line, remember its PID, and stop everything on exit.
# Source it; it sets an EXIT trap.

started_pids=()

stop_all() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  started_pids=()
}
trap stop_all EXIT

# start_listening NAME LOGDIR COMMAND... : runs COMMAND in the background, stdout to
# LOGDIR/NAME.out and stderr to LOGDIR/NAME.err; waits (10 s at most) for the line
# `listening on HOST:PORT` and sets LISTEN_PORT and LAST_PID.
start_listening() {
  local name=$1 dir=$2
  shift 2
  "$@" >"$dir/$name.out" 2>"$dir/$name.err" &
  LAST_PID=$!
  started_pids+=("$LAST_PID")
  local i
  for i in $(seq 1 100); do
    if grep -q '^listening on ' "$dir/$name.out" 2>/dev/null; then
      LISTEN_PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$dir/$name.out" | head -1)
      return 0
    fi
    if ! kill -0 "$LAST_PID" 2>/dev/null; then
      echo "$name exited before listening:" >&2
      cat "$dir/$name.err" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$name did not print 'listening on' within 10 s" >&2
  return 1
}

# stop PID: SIGTERM and wait.
stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# make_certificate DIR: a self-signed certificate for localhost and 127.0.0.1 (DIR/cert.pem,
# DIR/key.pem), for loopback TLS only.
make_certificate() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$1/key.pem" -out "$1/cert.pem" 2>/dev/null
}
