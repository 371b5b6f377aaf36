#!/usr/bin/env bash
# expect100-client against every final-response shape an origin can send, over loopback, with
# curl (Debian's 7.88) run through the same cases in the same test for comparison.
#
# The origin is tests/interop/scripted_origin.js: an independent peer on raw sockets (no
# expect100 code) that records byte for byte what reached it: each request, whether it carried
# Expect, how much of its announced body came, the body's SHA-256 and when its first byte came.
# For each case the checks are on that record, on the status the client reported, its exit code
# and its output, and on the time it took (generous bounds: this is interop, not a benchmark).
#
# Ours must pass every case. curl's results are printed beside ours, not asserted: curl 7.88
# fails the two 417 cases (RFC 9110 §10.1.1: it does not repeat the request after a 417 with
# Connection: close, and after a 417 with keep-alive it sends the retry on the same connection
# without the body it announced, RFC 9112 §9.3, so the origin reads the retry as that body).
. "$(dirname "$0")/common.sh"

log=$work/origin.log
start_listening scripted-origin "$work" node "$here/scripted_origin.js" "$log"
port=$LISTEN_PORT
body2m=$work/2m.bin
head -c $((2 * 1024 * 1024)) /dev/urandom >"$body2m"
body8m=$work/8m.bin
head -c $((8 * 1024 * 1024)) /dev/urandom >"$body8m"

# One line per case: NAME SHAPE BODY WAIT_MS STATUS REQUESTS FIRST_MIN FIRST_MAX SECONDS
#   SHAPE      the origin's script (see scripted_origin.js); BODY 2m or 8m; WAIT_MS the
#              client's wait for a 100 (- for the default, 1 s for both clients)
#   STATUS     the final status the client must end with
#   REQUESTS   what the origin must have seen, one EXPECT:COMPLETE per request in order, as an
#              extended regex: 1:1 = with Expect, whole body; 0:1 = without Expect, whole body;
#              1:0 = with Expect, no body (or part of it: the connection closed)
#   FIRST_*    bounds in ms on when the first byte of the last request's body came after its
#              head (- : no bound)
#   SECONDS    the client must be done within this (no stall waiting for a peer's timeout)
cases=(
  # name                shape            body wait status requests    first_min first_max secs
  "100-at-once          continue          2m   -    200  1:1         -    200  3"
  "no-100-1s            never             2m   -    200  1:1         900  1500 4"
  "no-100-200ms         never             2m   200  200  1:1         150  900  3"
  "417-keep-alive       early-417         2m   -    200  1:0_0:1     -    -    3"
  "417-close            close-417         2m   -    200  1:0_0:1     -    -    3"
  "413-close            close-413         2m   -    413  1:0         -    -    3"
  "401-keep-alive       early-401         2m   -    401  1:[01]      -    -    3"
  "413-keep-alive       early-413         2m   -    413  1:[01]      -    -    3"
  "200-before-100       early-200         2m   -    200  1:[01]      -    -    3"
  "103-then-late-100    103-late100-300   2m   -    200  1:1         250  900  3"
  "100-after-the-wait   late100-1500      2m   -    200  1:1         900  1400 4"
  "two-100s             two100            2m   -    200  1:1         -    200  3"
  "http10-origin        http10            2m   -    200  1:1         900  1500 4"
  "8MiB                 continue          8m   -    200  1:1         -    200  6"
)

# run_client WHO TARGET BODY WAIT_MS -> sets STATUS, EXIT, SECONDS_TAKEN; output in $work/out
run_client() {
  local who=$1 target=$2 file=$3 wait=$4 t0 t1
  t0=$(date +%s.%N)
  set +e
  if [ "$who" = ours ]; then
    local args=()
    [ "$wait" != - ] && args+=(--expect100-timeout "$wait")
    timeout 15 "$bin/expect100-client" "http://127.0.0.1:$port$target" -H 'Expect: 100-continue' \
      --data-binary @"$file" -v -o "$work/out" "${args[@]}" 2>"$work/client.err"
    EXIT=$?
    STATUS=$(sed -n 's/.*< HTTP\/1\.[01] \([2-5][0-9][0-9]\).*/\1/p' "$work/client.err" | tail -1)
  else
    local args=()
    [ "$wait" != - ] && args+=(--expect100-timeout "$(awk -v w="$wait" 'BEGIN { print w / 1000 }')")
    STATUS=$(curl -sS -H 'Expect: 100-continue' --data-binary @"$file" --max-time 10 "${args[@]}" \
               -o "$work/out" -w '%{http_code}' "http://127.0.0.1:$port$target" 2>"$work/client.err")
    EXIT=$?
  fi
  set -e
  t1=$(date +%s.%N)
  SECONDS_TAKEN=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  sleep 0.2  # the origin logs a request when its connection closes
}

# judge SHAPE TARGET FILE STATUS REQUESTS FIRST_MIN FIRST_MAX SECONDS
#   -> VERDICT ("ok" or the reasons), SEEN
judge() {
  local shape=$1 target=$2 file=$3 status=$4 requests=$5 fmin=$6 fmax=$7 secs=$8
  local sha seen last_sha last_first reasons=()
  sha=$(sha256sum "$file" | cut -d' ' -f1)
  seen=$(awk -v t="$target" '$1 == t { printf "%s%s:%s", n++ ? "_" : "", $3, $8 }' "$log")
  last_sha=$(awk -v t="$target" '$1 == t { s = $6 } END { print s }' "$log")
  last_first=$(awk -v t="$target" '$1 == t { f = $7 } END { print f }' "$log")
  [ "$EXIT" = 0 ] || reasons+=("exit $EXIT")
  [ "$STATUS" = "$status" ] || reasons+=("status '${STATUS}'")
  [[ "$seen" =~ ^(${requests})$ ]] || reasons+=("origin saw '${seen}'")
  if [[ "$seen" == *:1 ]] && [ "$last_sha" != "$sha" ]; then reasons+=("body changed"); fi
  # The output is the early final's body when the case ends with it, else the origin's echo.
  if [[ "$shape" =~ ^(early|close)-${status}$ ]]; then
    grep -qxF "early $status" "$work/out" || reasons+=("output is not the early ${status}'s body")
  else
    grep -qF "\"sha256\":\"$sha\"" "$work/out" || reasons+=("output is not the origin's echo")
  fi
  if [ "$fmin" != - ] && awk -v f="$last_first" -v m="$fmin" 'BEGIN { exit !(f < m) }'; then
    reasons+=("body after ${last_first} ms, before ${fmin}")
  fi
  if [ "$fmax" != - ] && awk -v f="$last_first" -v m="$fmax" 'BEGIN { exit !(f > m) }'; then
    reasons+=("body after ${last_first} ms, later than ${fmax}")
  fi
  if awk -v s="$SECONDS_TAKEN" -v m="$secs" 'BEGIN { exit !(s > m) }'; then
    reasons+=("took ${SECONDS_TAKEN} s")
  fi
  if [ ${#reasons[@]} -eq 0 ]; then VERDICT=ok; else VERDICT=$(IFS=';'; echo "${reasons[*]}"); fi
  SEEN=$seen
}

table=()
for line in "${cases[@]}"; do
  read -r name shape size wait status requests fmin fmax secs <<<"$line"
  file=$body2m
  [ "$size" = 8m ] && file=$body8m
  for who in ours curl; do
    target="/$shape/$who-$name"
    run_client "$who" "$target" "$file" "$wait"
    judge "$shape" "$target" "$file" "$status" "$requests" "$fmin" "$fmax" "$secs"
    if [ "$who" = ours ]; then
      if [ "$VERDICT" = ok ]; then pass "$name: ours $STATUS in ${SECONDS_TAKEN} s, origin saw $SEEN"
      else fail "$name (ours): $VERDICT"; sed 's/^/    /' "$work/client.err" | tail -20; fi
      ours="$STATUS/$EXIT ${SECONDS_TAKEN}s $SEEN $VERDICT"
    else
      table+=("$(printf '%-20s | %-44s | %s' "$name" "$ours" "$STATUS/$EXIT ${SECONDS_TAKEN}s $SEEN $VERDICT")")
    fi
  done
done

echo
echo "case                 | expect100-client (status/exit, time, origin saw, verdict) | curl $(curl --version | head -1 | cut -d' ' -f2)"
printf '%s\n' "${table[@]}"
finish
