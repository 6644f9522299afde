#!/usr/bin/env bash
# End-to-end checks of the `shoal` command as a user runs it.
set -uo pipefail
# Usage: tests/cli/run.sh [path/to/shoal] [name-filter]  (filter: run only tests/cli/*FILTER*_test.sh)
SHOAL=$(realpath "${1:-build/shoal}")
filter=${2:-}
cd "$(dirname "$0")/../.."
pass=0
fail=0
check() {  # name, command...
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
for t in tests/cli/*"$filter"*_test.sh; do
  # shellcheck source=/dev/null
  source "$t"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
