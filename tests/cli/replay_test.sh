# shellcheck shell=bash
tmp=$(mktemp -d)
cfg=examples/shoal.yaml

# Same input twice gives byte-identical actions.
"$SHOAL" simulate --config $cfg --seed 3 --members 300 --days 10 --out "$tmp/ev.jsonl" 2>/dev/null
"$SHOAL" replay --config $cfg --events "$tmp/ev.jsonl" --actions "$tmp/a1.jsonl" -q
"$SHOAL" replay --config $cfg --events "$tmp/ev.jsonl" --actions "$tmp/a2.jsonl" -q
check "replay is byte-identical" cmp -s "$tmp/a1.jsonl" "$tmp/a2.jsonl"
check "simulate is deterministic" bash -c "'$SHOAL' simulate --config $cfg --seed 3 --members 300 --days 10 2>/dev/null | cmp -s - '$tmp/ev.jsonl'"

# Bad lines: each reported with its line number and field; valid lines still applied; exit 1.
cat > "$tmp/bad.jsonl" <<'JSON'
{"type":"join","ts":"2026-01-05T09:00:00+08:00","group":"qq:100001","member":"qq:7","name":"小明"}
{"type":"message","ts":"2026-01-05T09:01:00+08:00","group":"qq:100001","member":"qq:7","text":"hi"
{"type":"message","ts":"2026-01-05T09:01:00","group":"qq:100001","member":"qq:7","text":"hi"}
{"type":"telepathy","ts":"2026-01-05T09:01:00+08:00"}
{"type":"message","ts":"2026-01-05T09:02:00+08:00","group":"qq:999","member":"qq:7","text":"hi"}
{"type":"message","ts":"2026-01-05T09:03:00+08:00","group":"qq:100001","member":"qq:7","text":"hi","msg_id":"x1"}
{"type":"message","ts":"2026-01-05T09:03:01+08:00","group":"qq:100001","member":"qq:7","text":"again","msg_id":"x1"}
{"type":"message","ts":"2026-01-05T08:00:00+08:00","group":"qq:100001","member":"qq:7","text":"late"}
{"type":"message","ts":"2026-01-05T09:04:00+08:00","group":"qq:100001","member":7,"text":"hi"}
JSON
"$SHOAL" replay --config $cfg --events "$tmp/bad.jsonl" --actions "$tmp/bad-actions.jsonl" 2>"$tmp/err.txt"
rc=$?
check "bad lines exit 1" test "$rc" -eq 1
check "line 2 truncated" grep -q "^line 2: .*malformed JSON" "$tmp/err.txt"
check "line 3 missing offset" grep -q "^line 3: ts: missing UTC offset" "$tmp/err.txt"
check "line 4 unknown type" grep -q "^line 4: type: unknown event type 'telepathy'" "$tmp/err.txt"
check "line 5 unknown group" grep -q "^line 5: group: unknown group 'qq:999'" "$tmp/err.txt"
check "line 7 duplicate msg_id" grep -q "^line 7: msg_id: duplicate message 'x1'" "$tmp/err.txt"
check "line 8 out of order" grep -q "^line 8: ts: out of order" "$tmp/err.txt"
check "line 9 wrong type" grep -q "^line 9: member: must be a string" "$tmp/err.txt"
check "valid lines applied" grep -q "replay: 2 events applied, 7 rejected" "$tmp/err.txt"
"$SHOAL" replay --config $cfg --events "$tmp/bad.jsonl" --stop-on-error --actions /dev/null 2>"$tmp/err2.txt"
check "stop-on-error stops at line 2" bash -c "grep -c '^line' '$tmp/err2.txt' | grep -qx 1"

# shoal check pinpoints every problem in a broken config.
"$SHOAL" check --config tests/cli/data/broken.yaml 2>"$tmp/check.txt" >/dev/null
rc=$?
check "check exits 2 on errors" test "$rc" -eq 2
check "check: unknown time zone at 2:11" grep -q "broken.yaml:2:11: error: timezone: unknown time zone 'Mars/Olympus'" "$tmp/check.txt"
check "check: store kind" grep -q "broken.yaml:5:9: error: store.kind: unknown store 'oracle'" "$tmp/check.txt"
check "check: duration" grep -q "limits.max_skew: 'soon' is not a duration" "$tmp/check.txt"
check "check: typo suggestion" grep -q "featurs: unknown setting (hint: did you mean 'features'?)" "$tmp/check.txt"
check "check: capacity" grep -q "capacity: 'many' is not a whole number" "$tmp/check.txt"
check "check: duplicate group" grep -q "group 'qq:1' is listed twice" "$tmp/check.txt"
check "check: bad id" grep -q "'bad id' is not a group id" "$tmp/check.txt"
check "check: duplicate community" grep -q "duplicate community id 'a'" "$tmp/check.txt"
check "check: valid config summary" bash -c "'$SHOAL' check --config $cfg | grep -q 'communities 2, groups 7'"

# Reports in every format.
check "report json" bash -c "'$SHOAL' report --config $cfg --events '$tmp/ev.jsonl' --format json | grep -q '\"events_applied\"'"
check "report md" bash -c "'$SHOAL' report --config $cfg --events '$tmp/ev.jsonl' --format md | grep -q '^| qq:100001 |'"
check "report html" bash -c "'$SHOAL' report --config $cfg --events '$tmp/ev.jsonl' --format html | grep -q '<svg'"
check "report on empty history" bash -c "'$SHOAL' report --config $cfg --events /dev/null --format md | grep -q 'events applied: 0'"
rm -rf "$tmp"
