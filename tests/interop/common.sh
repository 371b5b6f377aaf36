# Shared by the interop tests: the programs' directory, a work directory, checks that say what
# they expected, and free loopback ports for peers that cannot pick their own (nginx, HAProxy).
# usage (from a test): . "$(dirname "$0")/common.sh" BIN_DIR
set -euo pipefail
bin=${1:?usage: $0 BIN_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib/processes.sh
. "$here/../../scripts/lib/processes.sh"
work=$(mktemp -d)
trap 'stop_all; rm -rf "$work"' EXIT
failures=0

pass() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
# check DESCRIPTION EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then pass "$1: $3"; else fail "$1: expected '$2', got '$3'"; fi; }
# check_contains DESCRIPTION NEEDLE HAYSTACK
# (A here-string, not a pipe: grep -q stops at the first match, and under pipefail the writer's
# SIGPIPE on a large haystack would turn that match into a failure.)
check_contains() {
  if grep -qF -- "$2" <<<"$3"; then pass "$1"; else fail "$1: '$2' not in: $3"; fi
}
check_absent() {
  if grep -qF -- "$2" <<<"$3"; then fail "$1: '$2' found in: $3"; else pass "$1"; fi
}
# check_below DESCRIPTION LIMIT_SECONDS ACTUAL_SECONDS
check_below() {
  if awk -v a="$3" -v l="$2" 'BEGIN { exit !(a < l) }'; then pass "$1: ${3}s < ${2}s"
  else fail "$1: ${3}s, not below ${2}s"; fi
}
check_above() {
  if awk -v a="$3" -v l="$2" 'BEGIN { exit !(a >= l) }'; then pass "$1: ${3}s >= ${2}s"
  else fail "$1: ${3}s, not at least ${2}s"; fi
}
finish() {
  # Under the ASan+UBSan build a sanitizer report in any program's stderr is a failure too;
  # stopping them first lets LeakSanitizer speak at their exit.
  stop_all
  local reports
  reports=$(grep -l -E 'runtime error:|AddressSanitizer|LeakSanitizer' "$work"/*.err 2>/dev/null || true)
  if [ -n "$reports" ]; then
    fail "sanitizer reports in: $reports"
    cat $reports
  fi
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"
}

# A loopback port nobody listens on (for peers configured with a fixed port). Outside the
# kernel's ephemeral range: there, a program of a test running beside this one (listening on
# port 0, or connecting) could take it between the check and the peer's bind.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000))  # below Linux's ephemeral range (32768-60999)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# wait_port PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
wait_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

body=$work/body.bin
head -c 300000 /dev/urandom >"$body"
body_sha=$(sha256sum "$body" | cut -d' ' -f1)
