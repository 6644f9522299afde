# shellcheck shell=bash
# Analytics: a segment rule with a syntax error is named by `shoal check` with
# file:line:column; the report renders in every format, also over no events.
tmp=$(mktemp -d)
cat > "$tmp/bad.yaml" <<'YAML'
timezone: Asia/Shanghai
communities:
  - id: c1
    groups: [{id: "qq:1"}]
    features:
      analytics:
        segments:
          - {name: paid_quiet, rule: "paid and quiet_dayz >= 14"}
          - {name: broken, rule: "paid and (messages > 3"}
        levels: {expert: {all: {answerz: 3}}}
YAML
"$SHOAL" check --config "$tmp/bad.yaml" >"$tmp/out.txt" 2>&1
rc=$?
check "bad analytics config exits non-zero" test "$rc" -ne 0
check "unknown field named with position" grep -q "bad.yaml:8:.*segment 'paid_quiet': unknown field 'quiet_dayz' at character 10" "$tmp/out.txt"
check "missing paren named" grep -q "bad.yaml:9:.*segment 'broken': missing ')'" "$tmp/out.txt"
check "unknown level metric named" grep -q "bad.yaml:10:.*answerz" "$tmp/out.txt"

: > "$tmp/empty.jsonl"
"$SHOAL" report --config examples/shoal.yaml --events "$tmp/empty.jsonl" --format json >"$tmp/empty.json" 2>/dev/null
check "empty history reports" grep -q '"analytics"' "$tmp/empty.json"
"$SHOAL" simulate --config examples/shoal.yaml --seed 5 --members 200 --days 14 --out "$tmp/ev.jsonl" 2>/dev/null
for f in json md html; do
  "$SHOAL" report --config examples/shoal.yaml --events "$tmp/ev.jsonl" --format $f >"$tmp/r.$f" 2>/dev/null
  check "report $f has analytics" grep -q "analytics" "$tmp/r.$f"
done

# CSV export: every table of the report is listed and exports with a header row.
"$SHOAL" report --config examples/shoal.yaml --events "$tmp/ev.jsonl" --format csv --table list >"$tmp/tables.txt" 2>/dev/null
check "csv tables listed" grep -q "^communities/bj-jobs/features/analytics/groups	" "$tmp/tables.txt"
"$SHOAL" report --config examples/shoal.yaml --events "$tmp/ev.jsonl" --format csv \
  --table communities/bj-jobs/features/analytics/groups >"$tmp/groups.csv" 2>/dev/null
check "csv groups table has a header with key and stage" grep -q "^key,.*stage" "$tmp/groups.csv"
check "csv groups table has a row per group" test "$(grep -c '^qq:' "$tmp/groups.csv")" -ge 2
"$SHOAL" report --config examples/shoal.yaml --events "$tmp/ev.jsonl" --format csv --table communities/nope/groups \
  >/dev/null 2>"$tmp/csv_err.txt"
check "csv unknown table exits 2" test $? -eq 2
check "csv unknown table names the table" grep -q "no table 'communities/nope/groups'" "$tmp/csv_err.txt"
"$SHOAL" report --config examples/shoal.yaml --events "$tmp/ev.jsonl" --format csv >/dev/null 2>"$tmp/csv_err.txt"
check "csv without --table is refused" grep -q "needs --table" "$tmp/csv_err.txt"
rm -rf "$tmp"
