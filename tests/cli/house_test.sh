# shellcheck shell=bash
# Housekeeping features: bad config refused with file:line; a sign-up exported as CSV.
tmp=$(mktemp -d)
"$SHOAL" check --config tests/cli/data/house_bad.yaml >"$tmp/out.txt" 2>&1
rc=$?
check "bad housekeeping config exits non-zero" test "$rc" -ne 0
check "nickname pattern that does not compile" grep -q "house_bad.yaml:11:.*pattern of field '城市' does not compile" "$tmp/out.txt"
check "membership term of zero" grep -q "house_bad.yaml:14:.*a membership term must be positive" "$tmp/out.txt"
check "cleanup rule flagging everyone" grep -q "house_bad.yaml:17:.*would flag almost everyone" "$tmp/out.txt"
check "cleanup share above 1" grep -q "house_bad.yaml:18:.*max_share" "$tmp/out.txt"
check "empty quiet period" grep -q "house_bad.yaml:21:.*ends when it starts" "$tmp/out.txt"
check "withdraw word equal to join word" grep -q "house_bad.yaml:24:.*'报名' is also a join word" "$tmp/out.txt"
check "intro asking for more fields than listed" grep -q "house_bad.yaml:27:.*more field words" "$tmp/out.txt"

"$SHOAL" signup export --config tests/cli/data/house.yaml --events tests/cli/data/house_events.jsonl --id 1 >"$tmp/list.csv" 2>"$tmp/err.txt"
check "signup export succeeds" test $? -eq 0
printf '%s\n' 'n,status,member,name,姓名,城市,signed_up,attended' \
  '1,confirmed,qq:7,小明,张三,北京,2026-11-23 10:01,' \
  '1,waiting,qq:8,小红,李红,"上海, 浦东",2026-11-23 10:02,' >"$tmp/want.csv"
check "signup export CSV" diff -u "$tmp/want.csv" "$tmp/list.csv"
"$SHOAL" signup export --config tests/cli/data/house.yaml --events tests/cli/data/house_events.jsonl --id 9 >/dev/null 2>"$tmp/err.txt"
check "unknown sign-up exits 2" test $? -eq 2
check "unknown sign-up is named" grep -q "no sign-up 9" "$tmp/err.txt"
rm -rf "$tmp"
