# shellcheck shell=bash
# OneBot in `shoal check` and `shoal serve`: a bad adapters section is named with
# file:line:column (forward-WS and HTTP API URLs too); a served OneBot port stores a signed
# HTTP POST event (204), refuses a forged one (403), and the outbox lists answer over the
# HTTP API; a forward WebSocket whose implementation is down is dialed again and counted.
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

cat > "$ob_tmp/bad_urls.yaml" <<'YAML'
timezone: Asia/Shanghai
communities:
  - id: c1
    groups: [{id: "qq:1"}]
adapters:
  onebot:
    connect:
      - {url: "wss://127.0.0.1:3001", account: 10001000}
    http_api:
      - {url: "ftp://127.0.0.1:3000", account: 10001000}
YAML
"$SHOAL" check --config "$ob_tmp/bad_urls.yaml" >"$ob_tmp/out_urls.txt" 2>&1
check "bad forward-WS URL exits non-zero" test $? -ne 0
check "wss URL refused with position" grep -q "bad_urls.yaml:8:15: error: adapters.onebot.connect\[0\].url: wss:// is not supported" "$ob_tmp/out_urls.txt"
check "ftp HTTP API URL refused with position" grep -q "bad_urls.yaml:10:15: error: adapters.onebot.http_api\[0\].url: scheme 'ftp' is not http or https" "$ob_tmp/out_urls.txt"

ob_port=$((20000 + RANDOM % 20000))
ob_dead=$((ob_port + 1))  # nothing listens there: the forward WebSocket keeps failing
cat > "$ob_tmp/ok.yaml" <<YAML
timezone: Asia/Shanghai
store: {kind: memory}
server: {auth: false, clock: events}
communities:
  - id: c1
    groups: [{id: "qq:123456789"}]
adapters:
  onebot:
    port: $ob_port
    secret: s3cr3t
    connect: [{url: "ws://127.0.0.1:$ob_dead/", account: 10001000}]
    reconnect_base: 50ms
    reconnect_cap: 200ms
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
check "forward WebSocket dialed" grep -q "onebot: dialing ws://127.0.0.1:$ob_dead/ for account 10001000" "$ob_tmp/server.log"
ob_dials() { curl -s --max-time 5 "$ob_api/metrics" | sed -n 's/^shoal_onebot_total{kind="dial_failures"} //p'; }
for _ in $(seq 100); do [ "$(ob_dials)" -ge 2 ] 2>/dev/null && break; sleep 0.05; done
check "failed dials retried and counted in /metrics" test "$(ob_dials)" -ge 2
kill -TERM "$ob_pid" 2>/dev/null
wait "$ob_pid"
check "serve with onebot stops cleanly" test $? -eq 0
