# shellcheck shell=bash
# Invite codes from the command line: create prints an `invite` event the replay accepts;
# qr renders a code's link as SVG or PNG and refuses unknown or expired codes.
tmp=$(mktemp -d)
cat >"$tmp/c.yaml" <<'YAML'
tenant: t
timezone: Asia/Shanghai
communities:
  - id: c1
    groups:
      - {id: "qq:1", name: 一群, capacity: 200}
features:
  invite:
    link: "https://join.example.com/i/{code}"
    codes:
      - {code: poster, channel: poster, group: "qq:1"}
      - {code: old, expires: "2026-01-01T00:00:00+08:00"}
YAML
"$SHOAL" invite create --config "$tmp/c.yaml" --code partner-x --channel partner --group qq:1 --uses 5 \
  --ts 2026-01-05T09:00:00+08:00 >"$tmp/events.jsonl" 2>"$tmp/err.txt"
check "invite create exits 0" test $? -eq 0
check "invite create prints the event" grep -q '"type":"invite".*"code":"partner-x","channel":"partner","uses":5' "$tmp/events.jsonl"
check "invite create prints the link" grep -q 'partner-x -> https://join.example.com/i/partner-x' "$tmp/err.txt"
echo '{"type":"join","ts":"2026-01-05T10:00:00+08:00","group":"qq:1","member":"qq:7","via":"partner-x"}' >>"$tmp/events.jsonl"
"$SHOAL" invite show partner-x --config "$tmp/c.yaml" --events "$tmp/events.jsonl" >"$tmp/show.json"
check "invite show counts the use" grep -q '"uses": 1' "$tmp/show.json"
"$SHOAL" replay --config "$tmp/c.yaml" --events "$tmp/events.jsonl" --quiet >/dev/null
check "replay accepts the created code" test $? -eq 0
"$SHOAL" invite create --config "$tmp/c.yaml" --group qq:404 >/dev/null 2>"$tmp/err.txt"
check "invite create refuses an unknown group" grep -q "unknown group 'qq:404'" "$tmp/err.txt"
"$SHOAL" invite create --code 'a b' >/dev/null 2>"$tmp/err.txt"
check "invite create refuses a bad code" grep -q "is not an invite code" "$tmp/err.txt"
"$SHOAL" invite create --config "$tmp/c.yaml" --code poster >/dev/null 2>"$tmp/err.txt"
check "invite create refuses a config code" grep -q "defined in" "$tmp/err.txt"

"$SHOAL" invite qr partner-x --config "$tmp/c.yaml" --events "$tmp/events.jsonl" --format png --out "$tmp/p.png" 2>/dev/null
check "invite qr writes a PNG" bash -c "head -c 8 '$tmp/p.png' | od -An -c | grep -q 'P   N   G'"
"$SHOAL" invite qr poster --config "$tmp/c.yaml" --format svg >"$tmp/p.svg"
check "invite qr writes an SVG" grep -q '^<svg xmlns=' "$tmp/p.svg"
"$SHOAL" invite qr --link "https://t.me/+abc" --format svg >"$tmp/l.svg"
check "invite qr renders any link" grep -q '<path fill="#000" d="M4 4h7' "$tmp/l.svg"
"$SHOAL" invite qr nosuch --config "$tmp/c.yaml" >/dev/null 2>"$tmp/err.txt"
check "invite qr refuses an unknown code" grep -q "unknown invite code 'nosuch'" "$tmp/err.txt"
"$SHOAL" invite qr old --config "$tmp/c.yaml" >"$tmp/old.svg" 2>"$tmp/err.txt"
check "invite qr refuses an expired code" grep -q "is expired" "$tmp/err.txt"
check "invite qr writes nothing for an expired code" test ! -s "$tmp/old.svg"
rm -rf "$tmp"
