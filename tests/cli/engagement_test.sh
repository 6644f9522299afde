# shellcheck shell=bash
# Engagement features: bad config is refused by `shoal check` with file:line.
tmp=$(mktemp -d)
"$SHOAL" check --config tests/cli/data/bad_quiz.yaml >"$tmp/out.txt" 2>&1
rc=$?
check "bad engagement config exits non-zero" test "$rc" -ne 0
check "quiz entry without answers" grep -q 'bad_quiz.yaml:12:.*bank\[1\].*needs `answers`' "$tmp/out.txt"
check "quiz entry not a map" grep -q "bad_quiz.yaml:13:.*bank\[2\]: each entry must be a map" "$tmp/out.txt"
check "quiz empty answer" grep -q "bad_quiz.yaml:14:.*answers: each answer must be non-empty" "$tmp/out.txt"
check "quiz misspelt key" grep -q "bad_quiz.yaml:15:.*answer" "$tmp/out.txt"
check "quiz bad time" grep -q "bad_quiz.yaml:16:.*'25:00' is not a time of day" "$tmp/out.txt"
check "template typo" grep -q "bad_quiz.yaml:17:.*unknown placeholder {typo}" "$tmp/out.txt"
check "points rule overflow" grep -q "bad_quiz.yaml:19:.*exceeds max_balance" "$tmp/out.txt"
check "red packet total below count" grep -q "bad_quiz.yaml:22:.*must be at least count" "$tmp/out.txt"
check "bad regex" grep -q "bad_quiz.yaml:26:.*bad regular expression" "$tmp/out.txt"
check "example config passes" bash -c "'$SHOAL' check --config examples/shoal.yaml >/dev/null"
rm -rf "$tmp"
