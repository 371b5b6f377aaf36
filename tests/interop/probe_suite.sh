#!/usr/bin/env bash
# expect100-probe suite: the test bench for a live proxy, run against expect100-proxy.
#  - the default preset (rfc9110_intermediary): every case without a violation, the origin's
#    100 relayed (P-4), the grace 100 on a silent origin, early finals relayed, the 8 MiB
#    upload intact, every smuggling shape refused; behaves like itself;
#  - kemp_rfc2616_strict: the outage as findings (continue_withheld, body_refused: P-4, P-12);
#  - --fuzz: mutated corpus requests through the proxy, none reaching the origin unsent;
#  - the Boost-free poll proxy through the same bench: no violation;
#  - --html: one self-contained page, rendered by headless Chromium: the verdict table and a
#    ladder (SVG) per case are laid out (tests/interop/render_check.html).
. "$(dirname "$0")/common.sh"
command -v jq >/dev/null || { echo "jq missing: scripts/install-deps --interop"; exit 1; }

suite() {  # suite PRESET ARGS...: expect100-proxy under PRESET, the suite through it
  local preset=$1
  shift
  local origin_port
  origin_port=$(free_port)
  start_listening "proxy-$preset" "$work" "$bin/expect100-proxy" --preset "$preset" \
    --upstream "127.0.0.1:$origin_port"
  local proxy_pid=$LAST_PID
  "$bin/expect100-probe" suite --origin-listen "127.0.0.1:$origin_port" \
    "http://127.0.0.1:$LISTEN_PORT/upload" --json "$@" 2>"$work/suite-$preset.err"
  echo "exit=$?" >"$work/suite-$preset.exit"
  kill "$proxy_pid" 2>/dev/null
  wait "$proxy_pid" 2>/dev/null || true
}
codes() { jq -r ".cases[] | select(.name == \"$2\") | [.findings[].code] | join(\" \")" <<<"$1"; }

echo "# rfc9110_intermediary (the default)"
out=$(suite rfc9110_intermediary --html "$work/report.html")
check "exit status: no violation" "exit=0" "$(cat "$work/suite-rfc9110_intermediary.exit")"
check "all cases ran" 29 "$(jq '.cases | length' <<<"$out")"
check "violations" 0 "$(jq '.violations' <<<"$out")"
check_contains "origin's 100 relayed (P-4)" "continue_relayed" "$(codes "$out" origin_100)"
check_contains "grace 100 on a silent origin" "grace_continue" "$(codes "$out" silent_origin)"
check_contains "102/103 relayed" "other_1xx_relayed" "$(codes "$out" interim_102_103)"
check_contains "early 413 relayed before the body" "early_final_relayed" \
  "$(codes "$out" early_413_keepalive)"
check_contains "417 repeated without Expect (P-16)" "repeated_without_expect" \
  "$(codes "$out" early_417_keepalive)"
check_contains "8 MiB intact" "upload_intact" "$(codes "$out" upload_8mib)"
for shape in smuggle_cl_te smuggle_te_http10 smuggle_bare_lf expect_ctl expect_obs_fold; do
  check_contains "$shape refused" "malformed_refused" "$(codes "$out" "$shape")"
done
check "behaves like itself" rfc9110_intermediary "$(jq -r '.behaves_like' <<<"$out")"
check "every case identical to its signature" 29 "$(jq '.likeness[0].identical_cases' <<<"$out")"
check_contains "JSON carries references" '"reference":"RFC 9110 §15.2 (P-4)"' "$out"

# Docs say what the code is: every finding code of findings.hpp is in docs/programs/probe.md.
missing=""
for code in $(sed -n 's/^ *{"\([a-z0-9_]*\)", severity::.*/\1/p' \
              "$here/../../examples/probe/suite/findings.hpp"); do
  grep -q "| \`$code\` |" "$here/../../docs/programs/probe.md" || missing+=" $code"
done
check "finding codes missing from docs/programs/probe.md" "" "$missing"

echo "# kemp_rfc2616_strict: the outage"
out=$(suite kemp_rfc2616_strict --cases origin_100,silent_origin)
check "exit status: violations found" "exit=3" "$(cat "$work/suite-kemp_rfc2616_strict.exit")"
check "the origin's 100 withheld" "continue_withheld body_refused" "$(codes "$out" origin_100)"
check_contains "the late body refused with 501" "answered 501" \
  "$(jq -r '.cases[0].findings[1].detail' <<<"$out")"

echo "# --fuzz: mutated corpus requests"
out=$(suite rfc9110_intermediary --cases origin_100 --fuzz 60 --seed 7 \
  --corpus "$here/../../fuzz/kit/corpus")
check "60 iterations" 60 "$(jq '.fuzz.iterations' <<<"$out")"
check "nothing unsent reached the origin" 0 "$(jq '.fuzz.findings | length' <<<"$out")"

if [ -x "$bin/expect100-poll-proxy" ]; then
  echo "# the Boost-free poll proxy (examples/poll_proxy) through the same bench"
  origin_port=$(free_port)
  start_listening poll-proxy "$work" "$bin/expect100-poll-proxy" --upstream "$origin_port"
  out=$("$bin/expect100-probe" suite --origin-listen "127.0.0.1:$origin_port" \
    "http://127.0.0.1:$LISTEN_PORT/upload" --json 2>"$work/suite-poll.err")
  check "poll proxy: all cases ran" 29 "$(jq '.cases | length' <<<"$out")"
  check "poll proxy: no violation" 0 "$(jq '.violations' <<<"$out")"
  check_contains "poll proxy: the origin's 100 relayed" continue_relayed "$(codes "$out" origin_100)"
fi

echo "# --html in headless Chromium"
check "self-contained: no external reference" "" \
  "$(grep -o -E '(src|href)="(https?:)?//' "$work/report.html" || true)"
check_contains "one ladder per case" 29 "$(grep -o '<svg xmlns' "$work/report.html" | wc -l)"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  # The page with a check script appended: it counts the table rows and the ladders Chromium
  # laid out (a box of non-zero size) and writes the counts into the DOM, which --dump-dom prints.
  cp "$work/report.html" "$work/check.html"
  cat "$here/render_check.html" >>"$work/check.html"
  dom=$(timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/chromium" --virtual-time-budget=2000 --dump-dom \
    "file://$work/check.html" 2>"$work/chromium.err")
  check_contains "Chromium laid out the verdict table" 'data-table-rows="' "$dom"
  rows=$(sed -n 's/.*data-table-rows="\([0-9]*\)".*/\1/p' <<<"$dom" | head -1)
  check_above "table rows" 29 "${rows:-0}"
  check_contains "Chromium laid out 29 ladders with arrows" 'data-ladders="29"' "$dom"
else
  fail "chromium missing: scripts/install-deps --interop"
fi
finish
