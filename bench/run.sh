#!/usr/bin/env bash
# Runs every benchmark; figures are ratios against baselines measured in the same run.
set -euo pipefail
BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
for b in "$BUILD"/*_bench; do
  [ -x "$b" ] || continue
  echo "### $(basename "$b")"
  if [ "$(basename "$b")" = analytics_bench ]; then
    # DuckDB (npm) runs the same queries over the same rows first, so the report
    # prints Shoal against SQLite and DuckDB from one run.
    SHOAL_BENCH_DUCKDB_TIMES=$(bash "$here/duckdb_compare.sh" "$b") "$b"
  elif [ "$(basename "$b")" = onebot_bench ]; then
    # Koishi (npm) gets the same OneBot frames from the same fake peer in the same run.
    bash "$here/onebot_koishi.sh" "$b"
  else
    "$b"
  fi
  echo
done
# The HTTP API under wrk: 10k groups, overview / group table / ingest against a static file.
echo "### server_load (wrk)"
bash "$here/server_load.sh" "$BUILD"
