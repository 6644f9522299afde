# shellcheck shell=bash
# OneBot in `shoal check` and `shoal serve`: a bad adapters section is named with
# file:line:column; a served OneBot port stores a signed HTTP POST event (204), refuses a
# forged one (403), and the outbox lists answer over the HTTP API.
ob_tmp=$(mktemp -d)
cat > "$ob_tmp/bad.yaml" <<'YAML'
timezone: Asia/Shanghai
communities:
  - id: c1
    groups: [{id: "qq:1"}]
adapters:
  onebot:
    prot: 6700
    accounts: [abc]
outbox: {max_attempts: 0}
YAML
"$SHOAL" check --config "$ob_tmp/bad.yaml" >"$ob_tmp/out.txt" 2>&1
ob_rc=$?
check "bad onebot config exits non-zero" test "$ob_rc" -ne 0
check "onebot typo named with position" grep -q "bad.yaml:7:5: error: adapters.onebot.prot: unknown setting" "$ob_tmp/out.txt"
check "bad account named" grep -q "bad.yaml:8:.*'abc' is not a QQ number" "$ob_tmp/out.txt"
check "outbox bound named" grep -q "bad.yaml:9:.*outbox.max_attempts" "$ob_tmp/out.txt"

ob_port=$((20000 + RANDOM % 20000))
cat > "$ob_tmp/ok.yaml" <<YAML
timezone: Asia/Shanghai
store: {kind: memory}
server: {auth: false, clock: events}
communities:
  - id: c1
    groups: [{id: "qq:123456789"}]
adapters:
  onebot: {port: $ob_port, secret: s3cr3t}
YAML
"$SHOAL" serve --config "$ob_tmp/ok.yaml" --listen 127.0.0.1 --port 0 --port-file "$ob_tmp/port" 2>"$ob_tmp/server.log" &
ob_pid=$!
for _ in $(seq 400); do [ -s "$ob_tmp/port" ] && break; sleep 0.05; done
ob_api="http://127.0.0.1:$(cat "$ob_tmp/port" 2>/dev/null)"
ob_body='{"time":1715000000,"self_id":10001000,"post_type":"notice","notice_type":"group_increase","sub_type":"approve","group_id":123456789,"operator_id":10002000,"user_id":10003000}'
ob_sig=$(printf '%s' "$ob_body" | openssl dgst -sha1 -hmac s3cr3t | sed 's/.*= //')
ob_post() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -XPOST "http://127.0.0.1:$ob_port/" \
    -H "X-Signature: sha1=$1" -H 'content-type: application/json' --data-binary "$ob_body"
}
check "signed OneBot POST is stored (204)" test "$(ob_post "$ob_sig")" = 204
check "forged OneBot POST is refused (403)" test "$(ob_post 0000000000000000000000000000000000000000)" = 403
check "the join is in the log" grep -q '"last_seq":1' <(curl -s --max-time 5 "$ob_api/healthz")
check "dead letters answer" grep -q '"dead":\[\]' <(curl -s --max-time 5 "$ob_api/v1/outbox/dead")
check "forged signature logged" grep -q "X-Signature refused" "$ob_tmp/server.log"
check "forged signature counted in /metrics" grep -q 'shoal_onebot_total{kind="bad_signatures"} 1' <(curl -s --max-time 5 "$ob_api/metrics")
kill -TERM "$ob_pid" 2>/dev/null
wait "$ob_pid"
check "serve with onebot stops cleanly" test $? -eq 0
