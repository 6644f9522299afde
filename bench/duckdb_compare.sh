#!/usr/bin/env bash
# Usage: bench/duckdb_compare.sh build/analytics_bench
# Dumps the benchmark's rows and queries, runs them in DuckDB (npm @duckdb/node-api,
# single-threaded like Shoal's engine), and prints the path of the times file that
# analytics_bench reads through SHOAL_BENCH_DUCKDB_TIMES. Prints nothing on failure
# (the benchmark then reports SQLite alone), with the reason on stderr.
set -uo pipefail
bench=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
command -v node >/dev/null 2>&1 || bash "$here/../scripts/bootstrap" node >&2 || true
if ! (cd "$here/duckdb" && { [ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund >&2; }); then
  echo "duckdb_compare: npm could not install @duckdb/node-api; SQLite figures only" >&2
  exit 0
fi
"$bench" --dump-rows "$out" >&2 || { echo "duckdb_compare: dump failed" >&2; exit 0; }
if node "$here/duckdb/compare.mjs" "$out" 3 >"$out/times.txt"; then
  rm -f "$out"/*.csv
  echo "$out/times.txt"
else
  echo "duckdb_compare: DuckDB run failed; SQLite figures only" >&2
fi
