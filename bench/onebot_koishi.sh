#!/usr/bin/env bash
# Usage: bench/onebot_koishi.sh build/onebot_bench [events_thousands]
# Installs Koishi (bench/koishi, npm ci) and starts it on a free loopback port with the same
# moderation keywords as the benchmark, then runs the benchmark, which drives Shoal and
# Koishi from the same fake OneBot peer in one run. When Koishi cannot be installed or
# started, the benchmark still runs and reports Shoal alone, saying why.
set -uo pipefail
bench=$1
shift
args=("$@")
here=$(cd "$(dirname "$0")" && pwd)
app="$here/koishi"
skip() {
  echo "onebot_koishi: $1; Shoal figures only" >&2
  SHOAL_BENCH_KOISHI_SKIPPED="$1" "$bench" "${args[@]}"
  exit $?
}
command -v node >/dev/null 2>&1 || bash "$here/../scripts/bootstrap" node >&2 || true
command -v node >/dev/null 2>&1 || skip "node is not installed"
if ! (cd "$app" && { [ -d node_modules/koishi-plugin-adapter-onebot ] || npm ci --no-audit --no-fund >&2; }); then
  skip "npm could not install Koishi"
fi
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
keywords=$("$bench" --keywords)
log=$(mktemp)
node "$app/app.js" "$port" 10001000 "$keywords" >"$log" 2>&1 &
koishi=$!
trap 'kill $koishi 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q "^ready" "$log" && break
  kill -0 $koishi 2>/dev/null || break
  sleep 0.2
done
if ! grep -q "^ready" "$log"; then
  cat "$log" >&2
  SHOAL_BENCH_KOISHI_SKIPPED="Koishi did not start" "$bench" "${args[@]}"
  exit $?
fi
SHOAL_BENCH_KOISHI_PORT=$port SHOAL_BENCH_KOISHI_PID=$koishi "$bench" "${args[@]}"
