#!/usr/bin/env bash
# End-to-end checks of the `shoal` command as a user runs it.
set -uo pipefail
SHOAL=$(realpath "${1:-build/shoal}")
cd "$(dirname "$0")/../.."
pass=0
fail=0
check() {  # name, command...
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
for t in tests/cli/*_test.sh; do
  # shellcheck source=/dev/null
  source "$t"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
