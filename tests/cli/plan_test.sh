# shellcheck shell=bash
# The SOP calendar: `shoal check` reports every bad plan input with file:line and
# imports nothing of a bad month plan; `shoal plan show` is the dry run.
tmp=$(mktemp -d)
"$SHOAL" check --config tests/cli/data/plan_bad.yaml >"$tmp/check.txt" 2>&1
rc=$?
check "bad plan config exits non-zero" test "$rc" -ne 0
check "unknown time zone" grep -q "plan_bad.yaml:5:.*unknown time zone 'Mars/Olympus'" "$tmp/check.txt"
check "invalid cron" grep -q "plan_bad.yaml:13:.*bad cron '0 9 \* \* mon-frx': day of week" "$tmp/check.txt"
check "unknown template variable" grep -q "plan_bad.yaml:19:.*unknown placeholder {member_count}" "$tmp/check.txt"
check "unknown tag" grep -q "plan_bad.yaml:18:.*no group has the tag 'nosuch'" "$tmp/check.txt"
check "month plan bad date" grep -q "plan_bad.csv:3:.*bad date '2026-02-30'" "$tmp/check.txt"
check "month plan bad time" grep -q "plan_bad.csv:4:.*bad time '25:00'" "$tmp/check.txt"
check "month plan unknown group" grep -q "plan_bad.csv:5:.*unknown group 'qq:404'" "$tmp/check.txt"
check "month plan bad variable" grep -q "plan_bad.csv:6:.*unknown placeholder {gruop}" "$tmp/check.txt"

"$SHOAL" plan show --config tests/cli/data/plan_good.yaml --from 2026-03-01 --to 2026-03-02 >"$tmp/show.txt" 2>&1
check "plan show runs" test $? -eq 0
check "plan show lists slots with rendered text" grep -q "qq:1 一群: 一群 今日问题：今天投了几份简历？（\[members\] 人）" "$tmp/show.txt"
check "plan show rotates the question bank" grep -q "qq:2 二群: 二群 今日问题：面试中最难的问题是什么？" "$tmp/show.txt"
check "plan show lists imported rows" grep -q "c1/kickoff  direct  spread 630s  (plan_month.csv:2)" "$tmp/show.txt"
check "plan show counts every post" grep -q "^11 post(s) from 2026-03-01 to 2026-03-02" "$tmp/show.txt"
"$SHOAL" plan show --config tests/cli/data/plan_good.yaml --from 2026-03-02 --to 2026-03-02 --format json >"$tmp/show.json" 2>&1
check "plan show json" python3 -c "
import json,sys
d=json.load(open('$tmp/show.json'))
assert d['count']==5, d['count']
assert d['posts'][0]['time']=='2026-03-02T09:00:00+08:00', d['posts'][0]
assert [p['entry'] for p in d['posts']]==['question','question','live','question','question'], d['posts']
"
"$SHOAL" plan show --config tests/cli/data/plan_bad.yaml --from 2026-03-01 --to 2026-03-02 >/dev/null 2>&1
check "plan show refuses a bad config" test $? -eq 2
rm -rf "$tmp"
