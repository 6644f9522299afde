#!/usr/bin/env bash
# Runs the browser tests: installs playwright-core (npm ci, pinned) and builds the dashboard
# when needed, then drives /usr/bin/chromium headless against a server the test starts.
# Usage: tests/browser/run.sh [path/to/shoal]   (screenshots: build/browser-artifacts/)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shoal="$(realpath "${1:-$root/build/shoal}")"
build="$(dirname "$shoal")"
if [[ ! -x /usr/bin/chromium ]] || ! command -v npm >/dev/null; then bash "$root/scripts/bootstrap" browser; fi
cd "$root/tests/browser"
stamp=node_modules/.shoal-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
[[ -f $build/web/index.html ]] || bash "$root/scripts/build-web" "$build/web"
rm -rf "$build/browser-artifacts"
timeout 170 node dashboard.test.mjs "$shoal" "$build/web" "$build/browser-artifacts"
