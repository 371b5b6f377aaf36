#!/usr/bin/env bash
# The project stands on its own: no file points at material users do not have (the founders'
# workspace beside the checkout). Everything the docs need is written into docs/ instead:
# requirements.md, outage.md, peers.md, design/proxy_performance.md.
#   tests/check_self_contained.sh SOURCE_DIR
set -euo pipefail
cd "${1:?usage: $0 SOURCE_DIR}"
# The patterns are assembled so this file does not match itself.
workspace='\.\./'"shared"
catalogues='(rfc-requirements|peer-measurements|outage-story|proxy-performance)\.md'
hits=$(git ls-files 2>/dev/null || find . -type f -not -path './build/*' -not -path './.git/*')
found=$(printf '%s\n' "$hits" | grep -v '^fuzz/corpus/' | xargs grep -nIE "$workspace|$catalogues" 2>/dev/null || true)
if [ -n "$found" ]; then
  echo "pointers to material outside the repository:"
  echo "$found"
  exit 1
fi
echo "self-contained: no pointer outside the repository"
