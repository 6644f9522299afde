# shellcheck shell=bash
# The hostile-input corpus (tests/bad_inputs/): every file is replayed; its `# expect:` lines
# must each appear in what shoal reports, and its `# exit:` code (default 1) must match.
# Valid lines around bad ones are still applied: nothing is lost.
bi_tmp=$(mktemp -d)
bi_cfg=examples/shoal.yaml
for f in tests/bad_inputs/*.jsonl; do
  name=$(basename "$f" .jsonl)
  "$SHOAL" replay --config $bi_cfg --events "$f" --actions "$bi_tmp/$name.actions" 2>"$bi_tmp/$name.err"
  rc=$?
  want_rc=$(sed -n 's/^# exit: //p' "$f" | head -1)
  check "bad input $name: exit ${want_rc:-1}" test "$rc" -eq "${want_rc:-1}"
  while IFS= read -r want; do
    check "bad input $name: reports '$want'" grep -qF -- "$want" "$bi_tmp/$name.err"
  done < <(sed -n 's/^# expect: //p' "$f")
done

# Generated hostile inputs (too big to keep as files).
bi_ts='"ts":"2026-01-05T09:00:00+08:00","group":"qq:100001","member":"qq:7"'
{
  printf '{"type":"message",%s,"text":"%s"}\n' "$bi_ts" "$(head -c 9000 /dev/zero | tr '\0' 'a')"
  printf '{"type":"message",%s,"text":"x","pad":"%s"}\n' "$bi_ts" "$(head -c 70000 /dev/zero | tr '\0' 'b')"
  printf '{"type":"message",%s,"x":%s1%s}\n' "$bi_ts" "$(head -c 10000 /dev/zero | tr '\0' '[')" "$(head -c 10000 /dev/zero | tr '\0' ']')"
  printf '{"type":"message",%s,"text":"still here after the big ones"}\n' "$bi_ts"
} > "$bi_tmp/huge.jsonl"
"$SHOAL" replay --config $bi_cfg --events "$bi_tmp/huge.jsonl" --actions /dev/null 2>"$bi_tmp/huge.err"
check "huge text refused, not truncated" grep -qF "line 1: text: 9000 bytes, over the limit of 8192" "$bi_tmp/huge.err"
check "huge line refused" grep -qF "line 2: event is" "$bi_tmp/huge.err"
check "deep nesting refused" grep -qE "line 3: (x: nested deeper|malformed JSON)" "$bi_tmp/huge.err"
check "the line after the big ones is applied" grep -qF "1 events applied, 3 rejected" "$bi_tmp/huge.err"

# A join raid: 10,000 members join one group within one second. All are applied; the
# welcome feature pauses and alerts staff instead of posting 10,000 greetings.
awk 'BEGIN { for (i = 0; i < 10000; i++)
  printf "{\"type\":\"join\",\"ts\":\"2026-01-05T09:00:00.%06d+08:00\",\"group\":\"qq:100004\",\"member\":\"qq:%d\",\"name\":\"m%d\"}\n", i * 100, 500000 + i, i }' \
  > "$bi_tmp/raid.jsonl"
"$SHOAL" replay --config $bi_cfg --events "$bi_tmp/raid.jsonl" --actions "$bi_tmp/raid.actions" 2>"$bi_tmp/raid.err"
check "raid: all 10000 joins applied" grep -qF "10000 events applied, 0 rejected" "$bi_tmp/raid.err"
check "raid: staff alerted" grep -q '"action":"alert".*拉人攻击' "$bi_tmp/raid.actions"
check "raid: at most a few welcome posts, not thousands" test "$(grep -c '"action":"send".*"reason":"welcome"' "$bi_tmp/raid.actions")" -le 3
rm -rf "$bi_tmp"
