#!/usr/bin/env bash
# Runs every benchmark; figures are ratios against baselines measured in the same run.
set -euo pipefail
BUILD=${1:-build}
for b in "$BUILD"/*_bench; do
  [ -x "$b" ] || continue
  echo "### $(basename "$b")"
  "$b"
  echo
done
