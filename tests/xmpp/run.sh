#!/usr/bin/env bash
# End-to-end test of the XMPP adapter against a real Prosody on loopback.
# Usage: tests/xmpp/run.sh [build-dir]
# Installs prosody (bootstrap group "xmpp") when missing, writes a project-owned
# config into a temp dir (127.0.0.1, a free port, no TLS requirement, a MUC
# component with message moderation, no registration), creates the accounts with
# prosodyctl, starts prosody as a child process, runs the XmppProsody* tests of
# shoal_tests against it, and always stops it. Skips (exit 0) only when prosody
# cannot be installed at all.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=$(realpath "${1:-build}")

if ! command -v prosody >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' prosody-modules 2>/dev/null | grep -q "ok installed"; then
  bash scripts/bootstrap xmpp || true
fi
if ! command -v prosody >/dev/null 2>&1; then
  echo "xmpp: SKIPPED — prosody is not installed and could not be installed (bash scripts/bootstrap xmpp)"
  exit 0
fi
modules=""
no_moderation=""
if [ -f /usr/lib/prosody/modules/mod_muc_moderation/mod_muc_moderation.lua ] ||
   [ -f /usr/lib/prosody/modules/mod_muc_moderation.lua ]; then
  modules='"muc_mam", "muc_moderation"'
else
  echo "xmpp: prosody-modules missing: message deletion (XEP-0425) is not tested" >&2
  modules='"muc_mam"'
  no_moderation=1
fi

dir=$(mktemp -d /tmp/shoal-prosody.XXXXXX)
pid=""
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  if ! port_in_use "$p"; then port=$p; break; fi
done
[ -n "$port" ] || { echo "xmpp: no free port found" >&2; exit 1; }

mkdir -p "$dir/data" "$dir/certs"
cfg="$dir/prosody.cfg.lua"
cat > "$cfg" <<CFG
-- Written by tests/xmpp/run.sh: loopback only, no TLS requirement, no registration.
run_as_root = true  -- CI runs as root; prosody would otherwise try to switch to its own user
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
certificates = "$dir/certs"
log = { { levels = { min = "warn" }, to = "console" } }
interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
c2s_require_encryption = false
allow_registration = false
authentication = "internal_hashed"
modules_enabled = { "roster", "saslauth", "disco", "ping", "presence", "admin_shell" }
modules_disabled = { "s2s", "tls" }
VirtualHost "localhost"
Component "conference.localhost" "muc"
  modules_enabled = { $modules }
  muc_room_locking = false
  muc_log_all_rooms = true
  muc_log_by_default = true
CFG

password="shoal-test-$RANDOM$RANDOM"
for user in opsbot alice bob spammer; do
  prosodyctl --config "$cfg" register "$user" localhost "$password" >/dev/null 2>&1 ||
    { echo "xmpp: prosodyctl register $user failed" >&2; exit 1; }
done

prosody -F --config "$cfg" >"$dir/prosody.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  port_in_use "$port" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! port_in_use "$port"; then
  echo "xmpp: prosody did not start listening on 127.0.0.1:$port" >&2
  cat "$dir/prosody.log" >&2
  exit 1
fi

rc=0
drop_bot="prosodyctl --config '$cfg' shell 'c2s:close(\"opsbot@localhost\")' >/dev/null 2>&1"
if [ -n "$no_moderation" ]; then export SHOAL_XMPP_E2E_NO_MODERATION=1; fi
SHOAL_XMPP_E2E="127.0.0.1:$port" SHOAL_XMPP_E2E_PASSWORD="$password" SHOAL_XMPP_E2E_DROP_BOT="$drop_bot" \
  timeout 120 "$BUILD/shoal_tests" --gtest_filter='XmppProsody*' --gtest_brief=1 || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "xmpp: end-to-end test failed (rc=$rc); prosody's log:" >&2
  grep -v -i unbound "$dir/prosody.log" | tail -40 >&2
  exit "$rc"
fi

# `shoal serve` with an `adapters: xmpp:` section logs in and joins its room.
cat > "$dir/shoal.yaml" <<YAML
tenant: xmpp serve
timezone: Asia/Shanghai
store: {kind: memory}
server: {auth: false}
communities:
  - id: lobby
    groups:
      - {id: "xmpp:lobby@conference.localhost", name: Lobby}
adapters:
  xmpp:
    jid: opsbot@localhost/serve
    password_env: SHOAL_XMPP_PASSWORD
    host: 127.0.0.1
    port: $port
    nick: shoal-serve
    rooms: [lobby@conference.localhost]
YAML
SHOAL_XMPP_PASSWORD="$password" "$BUILD/shoal" check --config "$dir/shoal.yaml" >/dev/null || { echo "xmpp: shoal check refused the serve config" >&2; exit 1; }
SHOAL_XMPP_PASSWORD="$password" "$BUILD/shoal" serve --config "$dir/shoal.yaml" --port 0 --clock events \
  >"$dir/serve.log" 2>&1 &
serve_pid=$!
joined=0
for _ in $(seq 1 200); do
  if grep -q "xmpp: joined lobby@conference.localhost as shoal-serve" "$dir/serve.log"; then joined=1; break; fi
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
if [ "$joined" -ne 1 ]; then
  echo "xmpp: shoal serve did not join the room; its log:" >&2
  tail -20 "$dir/serve.log" >&2
  exit 1
fi
echo "xmpp: shoal serve joined the room through adapters.xmpp"
