# shellcheck shell=bash
# Growth features: `shoal check` refuses bad codes, capacity 0, a session ending before it
# starts and unknown groups, each with file:line; the example config's growth sections pass.
tmp=$(mktemp -d)
"$SHOAL" check --config tests/cli/data/bad_growth.yaml >"$tmp/out.txt" 2>&1
rc=$?
check "bad growth config exits non-zero" test "$rc" -ne 0
check "bad invite code" grep -q "bad_growth.yaml:10:.*'poster 2026' is not an invite code" "$tmp/out.txt"
check "bad expiry" grep -q "bad_growth.yaml:11:.*'next week' is not a time" "$tmp/out.txt"
check "live code capacity 0" grep -q "bad_growth.yaml:14:.*capacity 0 admits nobody" "$tmp/out.txt"
check "session unknown source" grep -q "bad_growth.yaml:21:.*unknown group 'qq:9'" "$tmp/out.txt"
check "session ends before it starts" grep -q "bad_growth.yaml:23:.*the session ends before it starts" "$tmp/out.txt"
check "session seats 0" grep -q "bad_growth.yaml:24:.*capacity 0 admits nobody" "$tmp/out.txt"
check "campaign unknown target group" grep -q "bad_growth.yaml:27:.*unknown group 'qq:404'" "$tmp/out.txt"
"$SHOAL" check --config examples/shoal.yaml >"$tmp/ok.txt" 2>&1
for f in gate campaign livecode session; do
  check "example growth section $f loads" grep -q "bj-jobs .*features:.* $f " "$tmp/ok.txt"
done
rm -rf "$tmp"
