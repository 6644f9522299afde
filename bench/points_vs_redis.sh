#!/usr/bin/env bash
# Points + leaderboard: Shoal's ledger and boards against Redis sorted sets on the
# same operation stream (100 000 × ZINCRBY board 1 <member> + ZREVRANGE board 0 9
# WITHSCORES over 10 000 members), in the same run.
#   bash bench/points_vs_redis.sh [build-dir]
# Redis gets its best case: a local server, no persistence, the whole stream
# pipelined through redis-cli --pipe. redis-benchmark adds request/response
# (-P 1) and 16-deep pipelined figures for each command alone.
set -euo pipefail
BUILD=${1:-build}
BENCH="$BUILD/points_bench"
command -v redis-server >/dev/null || { echo "redis-server not installed"; exit 1; }
[ -x "$BENCH" ] || { echo "build $BENCH first (ninja -C $BUILD points_bench)"; exit 1; }
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 40000))
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$tmp/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

"$BENCH" --dump-redis-stream >"$tmp/stream.resp"
ops=100000
best=0
for run in 1 2 3; do
  redis-cli -p "$port" del board >/dev/null
  start=$(date +%s%N)
  redis-cli -p "$port" --pipe <"$tmp/stream.resp" >"$tmp/pipe.txt"
  end=$(date +%s%N)
  rate=$(( ops * 1000000000 / (end - start) ))
  [ "$rate" -gt "$best" ] && best=$rate
done
grep -q "errors: 0" "$tmp/pipe.txt" || { cat "$tmp/pipe.txt"; exit 1; }

rb() {  # pipeline depth, command...
  local depth=$1
  shift
  redis-benchmark -p "$port" -n 100000 -r 10000 -P "$depth" --csv "$@" 2>/dev/null | tail -1 | cut -d, -f2 | tr -d '"'
}
z1=$(rb 1 ZINCRBY board 1 member:__rand_int__)
r1=$(rb 1 ZREVRANGE board 0 9 WITHSCORES)
z16=$(rb 16 ZINCRBY board 1 member:__rand_int__)
r16=$(rb 16 ZREVRANGE board 0 9 WITHSCORES)

"$BENCH" --benchmark_filter='LedgerAndBoards|OneSortedSet' --benchmark_format=json >"$tmp/shoal.json" 2>/dev/null
python3 - "$tmp/shoal.json" "$best" "$z1" "$r1" "$z16" "$r16" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rate = {b["name"].split("/iterations")[0]: b["items_per_second"] for b in data["benchmarks"]}
pipe = float(sys.argv[2])
z1, r1, z16, r16 = map(float, sys.argv[3:7])
pair1 = 1 / (1 / z1 + 1 / r1)
pair16 = 1 / (1 / z16 + 1 / r16)
one, full = rate["BM_LedgerAndBoards/0"], rate["BM_LedgerAndBoards/1"]
print(f"operation = credit 1 point + read the top 10 (10 000 members, 100 000 operations)")
print(f"redis, whole stream pipelined (redis-cli --pipe)   {pipe:12,.0f} ops/s")
print(f"redis, 16-deep pipeline (redis-benchmark)          {pair16:12,.0f} ops/s  (ZINCRBY {z16:,.0f}/s, ZREVRANGE {r16:,.0f}/s)")
print(f"redis, request/response (redis-benchmark -P 1)     {pair1:12,.0f} ops/s  (ZINCRBY {z1:,.0f}/s, ZREVRANGE {r1:,.0f}/s)")
print(f"shoal ledger + 1 board (all-time, community)       {one:12,.0f} ops/s  = {one / pipe:5.1f}x pipelined stream, {one / pair16:5.1f}x 16-deep, {one / pair1:5.1f}x req/resp")
print(f"shoal ledger + 8 boards (day/week/month/all × 2)   {full:12,.0f} ops/s  = {full / pipe:5.1f}x pipelined stream, {full / pair16:5.1f}x 16-deep, {full / pair1:5.1f}x req/resp")
print(f"in-process sorted set alone (reference)            {rate['BM_BaselineOneSortedSet']:12,.0f} ops/s")
PY
