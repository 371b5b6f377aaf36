#!/usr/bin/env bash
# A short run of the e2e tools so they cannot rot: loadgen → origin (expect and plain),
# loadgen → relay → origin, and loadgen --http2 → origin --h2c (four streams per connection). Prints the request counts; ctest checks they are not zero.
set -euo pipefail
programs=${1:?programs dir}; tools=${2:?tools dir}
. "$(dirname "$0")/../../scripts/lib/processes.sh"
work=$(mktemp -d); trap 'stop_all; rm -rf "$work"' EXIT
start_listening origin "$work" "$programs/expect100-origin"
origin=$LISTEN_PORT
start_listening relay "$work" "$tools/expect100-relay" --upstream "127.0.0.1:$origin"
count() { sed -n 's/.*"requests":\([0-9]*\),.*/\1/p'; }
a=$("$tools/expect100-loadgen" "http://127.0.0.1:$origin/" -c 4 --duration-ms 300 --warmup-ms 100 | count)
b=$("$tools/expect100-loadgen" "http://127.0.0.1:$origin/" -c 4 --mode plain --duration-ms 300 --warmup-ms 100 | count)
c=$("$tools/expect100-loadgen" "http://127.0.0.1:$LISTEN_PORT/" -c 4 --duration-ms 300 --warmup-ms 100 | count)
start_listening origin-h2 "$work" "$programs/expect100-origin" --h2c
d=$("$tools/expect100-loadgen" "http://127.0.0.1:$LISTEN_PORT/" --http2 -c 2 --streams 4 --duration-ms 300 \
    --warmup-ms 100 | count)
echo "smoke: expect $a requests, plain $b requests, relayed $c requests, h2 $d requests"
