# shellcheck shell=bash
# shoal check over the `adapters:` section (Telegram, WeCom): every problem with its place.
ad_tmp=$(mktemp -d)
"$SHOAL" check --config tests/cli/data/adapters_bad.yaml >/dev/null 2>"$ad_tmp/bad.txt"
check "bad adapters config exits 2" test $? -eq 2
check "telegram token checked with its place" grep -q "adapters_bad.yaml:6:[0-9]*: .*adapters.telegram.token: not a bot token" "$ad_tmp/bad.txt"
check "secret token alphabet" grep -q "adapters.telegram.secret_token: must be 1-256 characters" "$ad_tmp/bad.txt"
check "base url scheme" grep -q "adapters.telegram.base_url: scheme 'ftp' is not http or https" "$ad_tmp/bad.txt"
check "typo in a telegram setting" grep -q "poll_timout: unknown setting.*poll_timeout" "$ad_tmp/bad.txt"
check "webhook must be https" grep -q "adapters.telegram.webhook_url: Telegram only calls https webhooks" "$ad_tmp/bad.txt"
check "wecom aes key length" grep -q "adapters.wecom.aes_key: EncodingAESKey must be 43 characters" "$ad_tmp/bad.txt"
check "wecom corp id required" grep -q "adapters.wecom.corp_id" "$ad_tmp/bad.txt"
check "unknown platform" grep -q "adapters.onebit: unknown setting" "$ad_tmp/bad.txt"
"$SHOAL" check --config tests/cli/data/adapters_good.yaml >/dev/null 2>"$ad_tmp/good.txt"
check "good adapters config passes" test $? -eq 0
rm -rf "$ad_tmp"
