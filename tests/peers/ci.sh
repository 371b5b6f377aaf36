#!/usr/bin/env bash
# The bench in CI (issue: evidence on real proxies): tests/peers/run against expect100-proxy,
# HAProxy and nginx, then the facts each run must show. The full table of seven peers is
# `tests/peers/run` (docs/peers.md, "The bench").
. "$(dirname "$0")/../interop/common.sh"
command -v jq >/dev/null || { echo "jq missing: scripts/install-deps --interop"; exit 1; }
"$here/../peers/run" --peers expect100-proxy:rfc9110_intermediary,haproxy,nginx \
  --out "$work/peers" "$bin" >"$work/table.md" 2>"$work/run.err"
cat "$work/run.err"
codes() { jq -r ".cases[] | select(.name == \"$2\") | [.findings[].code] | join(\" \")" "$work/peers/$1.json"; }
for peer in expect100-proxy-rfc9110_intermediary haproxy nginx; do
  check "$peer: every case ran" 29 "$(jq '.cases | length' "$work/peers/$peer.json" 2>/dev/null)"
done
check "expect100-proxy: no violation" 0 \
  "$(jq '.violations' "$work/peers/expect100-proxy-rfc9110_intermediary.json")"
# Debian 12's HAProxy 2.6 and nginx 1.22, as measured (docs/peers.md).
check_contains "HAProxy relays the origin's 100 (P-4)" continue_relayed "$(codes haproxy origin_100)"
check_contains "HAProxy relays an early 413 before the body" early_final_relayed \
  "$(codes haproxy early_413_keepalive)"
check_contains "nginx answers 100 itself (P-11)" continue_local "$(codes nginx origin_100)"
check_contains "nginx: the client uploads before the early 413" upload_before_early_final \
  "$(codes nginx early_413_keepalive)"
check_contains "the table has a row per peer" "| haproxy |" "$(cat "$work/table.md")"
finish
