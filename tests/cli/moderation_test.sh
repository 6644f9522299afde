# shellcheck shell=bash
# shoal check / train / classify for moderation, including bad input.
tmp=$(mktemp -d)
cfg=examples/shoal.yaml

"$SHOAL" check --config tests/cli/data/moderation_bad.yaml >/dev/null 2>"$tmp/check.txt"
check "bad moderation config exits 2" test $? -eq 2
check "regex rejected with RE2 reason" grep -q "regexes\[0\].pattern: regex does not compile under RE2" "$tmp/check.txt"
check "unknown ladder action" grep -q "unknown action 'explode'" "$tmp/check.txt"
check "missing model is a warning" grep -q "model file /nonexistent/model.bin not found" "$tmp/check.txt"

# classify: one verdict line per input line, same order, on rules alone; empty and invalid UTF-8 lines too.
printf '大家好\n加我QQ 812294909\n\n\xff\xfe broken\nvisit www.example.com now\n' >"$tmp/in.txt"
"$SHOAL" classify --config $cfg <"$tmp/in.txt" >"$tmp/out.txt"
check "classify exit 0" test $? -eq 0
check "classify keeps line count" test "$(wc -l <"$tmp/out.txt")" -eq 5
check "ham line" bash -c "sed -n 1p '$tmp/out.txt' | grep -q '^ham'"
check "qq ad is spam with evidence" bash -c "sed -n 2p '$tmp/out.txt' | grep -qP '^spam\t[0-9.]+\tcontact:qq:812294909'"
check "url is spam" bash -c "sed -n 5p '$tmp/out.txt' | grep -q '^spam'"
head -c 1048576 /dev/zero | tr '\0' 'a' >"$tmp/big.txt"; echo >>"$tmp/big.txt"
check "1 MB line classified" bash -c "'$SHOAL' classify --config $cfg <'$tmp/big.txt' | grep -q '^ham'"

# train on a tiny synthetic set, then classify with the model.
for i in $(seq 1 30); do
  printf 'spam\t低价出售游戏账号 便宜 快来买 %s\nham\t今天晚上一起打游戏吗 %s\n' "$i" "$i"
done >"$tmp/train.tsv"
"$SHOAL" train --samples "$tmp/train.tsv" --model "$tmp/m.bin" 2>/dev/null
check "train writes a model" test -s "$tmp/m.bin"
echo "低价出售游戏账号 便宜" | "$SHOAL" classify --config $cfg --model "$tmp/m.bin" >"$tmp/m.txt"
check "model evidence present" grep -q "classifier:p=" "$tmp/m.txt"
printf 'garbage' >"$tmp/bad.bin"
echo "加我QQ 812294909" | "$SHOAL" classify --config $cfg --model "$tmp/bad.bin" >"$tmp/b.txt" 2>"$tmp/b.err"
check "corrupt model: clear error" grep -q "not a fastText model" "$tmp/b.err"
check "corrupt model: falls back to rules" grep -q "^spam" "$tmp/b.txt"
# operator feedback: a TSV, or the moderation feedback of a `shoal report --format json`.
for i in $(seq 1 20); do printf 'spam\t今天晚上一起打游戏吗 %s\n' "$i"; done >"$tmp/fb.tsv"
"$SHOAL" train --samples "$tmp/train.tsv" --feedback "$tmp/fb.tsv" --model "$tmp/f.bin" 2>"$tmp/f.err"
check "train with feedback TSV" test $? -eq 0
check "feedback overrides sample labels" grep -q "20 feedback (x[0-9]*, 20 sample label(s) overridden)" "$tmp/f.err"
{
  printf '{"tenant_features":{"moderation":{"labels":{"spam":2,"ham":1},"feedback":['
  printf '{"label":"spam","text":"出号 便宜 %s","decision":1},' 1 2
  printf '{"label":"ham","text":"这个副本怎么过","decision":3}]}}}'
} >"$tmp/report.json"
"$SHOAL" train --samples "$tmp/train.tsv" --feedback "$tmp/report.json" --model "$tmp/r.bin" 2>"$tmp/r.err"
check "train with feedback from a report" grep -q "+ 3 feedback" "$tmp/r.err"
printf '{"feedback": [' >"$tmp/broken.json"
"$SHOAL" train --samples "$tmp/train.tsv" --feedback "$tmp/broken.json" --model "$tmp/x.bin" 2>"$tmp/x.err"
check "broken report is rejected" test $? -eq 2
check "broken report: reason" grep -q "not a JSON report" "$tmp/x.err"
printf 'nonsense line\n' >"$tmp/bad.tsv"
"$SHOAL" train --samples "$tmp/bad.tsv" --model "$tmp/x.bin" 2>"$tmp/t.err"
check "train rejects bad TSV" test $? -eq 2

# Moderation staff did on the platform: in the report's audit and its staff table, every format.
cat >"$tmp/staff.jsonl" <<'JSONL'
{"type":"restrict","ts":"2026-01-05T09:00:00+08:00","group":"qq:100001","member":"qq:7","seconds":600,"by":"qq:55"}
{"type":"recall","ts":"2026-01-05T09:01:00+08:00","group":"qq:100001","member":"qq:8","msg_id":"9","by":"qq:55"}
{"type":"restrict","ts":"2026-01-05T09:02:00+08:00","group":"qq:100001","seconds":-1,"by":"qq:55"}
JSONL
"$SHOAL" report --config $cfg --events "$tmp/staff.jsonl" --format json >"$tmp/staff.json" 2>"$tmp/staff.err"
check "staff events: bad line reported with its field" grep -q 'member: missing' "$tmp/staff.err"
check "staff events: report counts the mute and the recall" python3 -c "
import json, sys
r = json.load(open('$tmp/staff.json'))
s = r['communities']['bj-jobs']['features']['analytics']['staff_moderation']['by_staff']['qq:55']
m = r['tenant_features']['moderation']
sys.exit(0 if s['mutes'] == 1 and s['recalls'] == 1 and m['staff_decisions'] == 2 and r['input']['rejected'] == 1 else 1)"
"$SHOAL" report --config $cfg --events "$tmp/staff.jsonl" --format md >"$tmp/staff.md" 2>/dev/null
check "staff events: the markdown report has the staff table" grep -q 'qq:55' "$tmp/staff.md"
"$SHOAL" report --config $cfg --events "$tmp/staff.jsonl" --format csv --table list >"$tmp/staff.tables" 2>/dev/null
check "staff events: a csv table per staff account" grep -q 'staff_moderation/by_staff' "$tmp/staff.tables"
rm -rf "$tmp"
