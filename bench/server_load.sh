#!/usr/bin/env bash
# HTTP load on `shoal serve` with wrk on loopback (issue 8's benchmark): 10k groups in 100
# communities are loaded with simulated history, then wrk measures requests/s and latency
# percentiles for
#   static    GET  /index.html     the dashboard's entry file: the baseline, same server, same run
#   overview  GET  /v1/overview    the dashboard's first query (bearer token), over all 10k groups
#   groups    GET  /v1/groups      one page (100 rows) of the group health table
#   ingest    POST /v1/events      SERVER_LOAD_BATCH fresh message events per request, each answered
#                                  only once durable (SQLite WAL, synchronous=FULL, group commit)
# and prints each as a ratio against the static baseline.
# Usage: bench/server_load.sh [build]   (env: SERVER_LOAD_SECONDS=10 SERVER_LOAD_CONNECTIONS=32
#        SERVER_LOAD_THREADS=2 SERVER_LOAD_BATCH=10 SERVER_LOAD_GROUPS=10000)
set -uo pipefail
BUILD=${1:-build}
SHOAL=$(realpath "$BUILD/shoal")
DURATION=${SERVER_LOAD_SECONDS:-10}
CONNECTIONS=${SERVER_LOAD_CONNECTIONS:-32}
THREADS=${SERVER_LOAD_THREADS:-2}
BATCH=${SERVER_LOAD_BATCH:-10}
NGROUPS=${SERVER_LOAD_GROUPS:-10000}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null 2>&1 || bash "$here/../scripts/bootstrap" bench >&2 || true
if ! command -v wrk >/dev/null 2>&1; then
  echo "server_load: wrk is not installed (scripts/bootstrap bench); skipped"
  exit 0
fi
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

"$SHOAL" token new --name bench --role owner > "$tmp/token.txt"
token=$(sed -n 2p "$tmp/token.txt" | tr -d ' ')
grant=$(tail -1 "$tmp/token.txt")
per=$(( (NGROUPS + 99) / 100 ))
{
  cat <<YAML
tenant: load
timezone: Asia/Shanghai
store: {kind: sqlite, path: shoal.db, snapshot_every: 10000000}
server:
  token_rate: 1000000
  token_burst: 1000000
  tokens:
  $grant
staff: [qq:10001]
features:
  stats: {}
  moderation: {builtin_lexicons: true, keywords: ["外挂"], ad_ladder: [{action: ban, blacklist: true}]}
  checkin: {}
  points: {}
  analytics: {}
communities:
YAML
  g=0
  for c in $(seq 1 100); do
    echo "  - id: c$c"
    echo "    name: Community $c"
    echo "    groups:"
    for _ in $(seq 1 "$per"); do
      [ "$g" -lt "$NGROUPS" ] || break
      echo "      - {id: \"qq:$((100001 + g))\", name: \"G$g\"}"
      g=$((g + 1))
    done
  done
} > "$tmp/shoal.yaml"
if ! "$SHOAL" check --config "$tmp/shoal.yaml" > "$tmp/check.txt" 2>&1; then
  echo "server_load: generated config is invalid:"; cat "$tmp/check.txt"; exit 1
fi

echo "server_load: simulating history for $NGROUPS groups"
"$SHOAL" simulate --config "$tmp/shoal.yaml" --seed 7 --members 200000 --days 2 --start 2026-01-05 --out "$tmp/ev.jsonl" 2>/dev/null
events=$(wc -l < "$tmp/ev.jsonl")
split -l 5000 -d -a 5 "$tmp/ev.jsonl" "$tmp/load."
mkdir -p "$tmp/web" && printf '<!doctype html><title>Shoal</title><div id="app"></div>\n' > "$tmp/web/index.html"
[ -f "$BUILD/web/index.html" ] && cp -r "$BUILD/web/." "$tmp/web/"

(cd "$tmp" && exec "$SHOAL" serve --config shoal.yaml --clock events --port 0 --port-file port --web "$tmp/web" \
   --threads "$THREADS" 2> server.log) &
pid=$!
for _ in $(seq 400); do [ -s "$tmp/port" ] && break; sleep 0.05; done
[ -s "$tmp/port" ] || { echo "server_load: server did not start"; cat "$tmp/server.log"; exit 1; }
base="http://127.0.0.1:$(cat "$tmp/port")"
start=$(date +%s.%N)
for f in "$tmp"/load.*; do
  code=$(curl -s -o "$tmp/answer" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$f" "$base/v1/events")
  [ "$code" = 200 ] || { echo "server_load: loading failed ($code): $(head -c 300 "$tmp/answer")"; exit 1; }
done
load_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "server_load: $events events loaded over HTTP in $load_s s"

# Fresh events for the ingest run: each wrk thread numbers its own msg_ids, and times move
# forward from the end of the simulated history (2026-01-07 local) a millisecond a request.
cat > "$tmp/ingest.lua" <<LUA
local counter = 0
local next_thread = 0
local batch = $BATCH
local groups = $NGROUPS
setup = function(thread) thread:set("tid", next_thread); next_thread = next_thread + 1 end
request = function()
  counter = counter + 1
  local lines = {}
  local ms = counter
  local ts = os.date("!2026-01-07T00:%M:%S", math.floor(ms / 1000)) .. string.format(".%03dZ", ms % 1000)
  for i = 1, batch do
    local n = (counter * batch + i) % groups
    lines[i] = string.format('{"type":"message","ts":"%s","group":"qq:%d","member":"qq:%d","name":"m","text":"hello %d","msg_id":"w%d-%d-%d"}',
      ts, 100001 + n, 300001 + (counter * 7 + i) % 50000, counter, tid, counter, i)
  end
  return wrk.format("POST", "/v1/events", {["Authorization"] = "Bearer $token", ["Content-Type"] = "application/x-ndjson"}, table.concat(lines, "\n"))
end
LUA
cat > "$tmp/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA

run() {  # name, path, script
  local name=$1 path=$2 script=$3
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --latency -s "$script" "$base$path" > "$tmp/$name.out" 2>&1
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ { print $2 }' "$tmp/$name.out")
  p50=$(awk '$1 == "50%" { print $2 }' "$tmp/$name.out")
  p99=$(awk '$1 == "99%" { print $2 }' "$tmp/$name.out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$tmp/$name.out")
  echo "$name ${rps:-0} ${p50:-?} ${p99:-?} ${non2xx:-0}" >> "$tmp/results"
}
: > "$tmp/results"
echo 'server_load: wrk -t '"$THREADS"' -c '"$CONNECTIONS"' -d '"$DURATION"'s per endpoint'
run static /index.html "$tmp/get.lua"
run overview /v1/overview "$tmp/get.lua"
run groups "/v1/groups?limit=100" "$tmp/get.lua"
run ingest /v1/events "$tmp/ingest.lua"
static=$(awk '$1 == "static" { print $2 }' "$tmp/results")
printf '\n| endpoint | requests/s | ratio to static | p50 | p99 | non-2xx |\n|---|---|---|---|---|---|\n'
while read -r name rps p50 p99 non2xx; do
  ratio=$(awk -v a="$rps" -v b="$static" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "?" }')
  extra=""
  [ "$name" = ingest ] && extra=" ($(awk -v a="$rps" -v b="$BATCH" 'BEGIN { printf "%.0f", a * b }') events/s)"
  echo "| $name | $rps$extra | $ratio | $p50 | $p99 | $non2xx |"
done < "$tmp/results"
bad=$(awk '$5 != 0' "$tmp/results" | wc -l)
if [ "$bad" -ne 0 ]; then
  echo "server_load: some answers were not 2xx:"; grep -h -A3 "Non-2xx" "$tmp"/*.out; tail -5 "$tmp/server.log"
fi
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
echo "server_load: server resident memory after the runs: $((rss / 1024)) MB"
