#!/usr/bin/env bash
# Runs every libFuzzer target of a SHOAL_FUZZ build for SECONDS each, starting from the kept
# corpus (tests/fuzz/<target>/corpus + crashers). New interesting inputs go to a scratch
# directory; a crash is copied to tests/fuzz/<target>/crashers/ and fails the run.
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS   (FUZZ_SEED=N fixes libFuzzer's seed: CI runs
# the same mutations every time, so a red run there is reproducible, not luck)
set -uo pipefail
build=${1:?build dir}
seconds=${2:-20}
root=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
total_runs=0
for bin in "$build"/*_fuzz; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin" _fuzz)
  mkdir -p "$scratch/$name/new" "$scratch/$name/artifacts"
  seeds=("$root/$name/corpus")
  [ -d "$root/$name/crashers" ] && seeds+=("$root/$name/crashers")
  log="$scratch/$name/log"
  ASAN_OPTIONS=detect_leaks=1 "$bin" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$scratch/$name/artifacts/" \
    "$scratch/$name/new" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  total_runs=$((total_runs + ${runs:-0}))
  if [ $rc -ne 0 ]; then
    status=1
    mkdir -p "$root/$name/crashers"
    for a in "$scratch/$name/artifacts"/*; do
      [ -f "$a" ] && cp "$a" "$root/$name/crashers/" && echo "fuzz $name: kept $(basename "$a") in tests/fuzz/$name/crashers/"
    done
    echo "fuzz $name: FAILED after ${runs:-?} runs; the last lines of its log:"
    tail -30 "$log"
  else
    echo "fuzz $name: ${runs} runs in ${seconds}s, no crash"
  fi
done
echo "fuzz: ${total_runs} executions in all"
exit $status
