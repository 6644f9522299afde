#include "adapters/wecom/wecom_config.h"

#include "adapters/wecom/wecom_crypto.h"
#include "config/adapter_sections.h"

namespace shoal {

void ReadWecomSection(ConfigSection& section, WecomOptions* out) {
  out->token = section.RequiredStr("token");
  out->aes_key = section.RequiredStr("aes_key");
  out->corp_id = section.RequiredStr("corp_id");
  out->secret = section.Str("secret", "");
  out->api_base_url = section.Str("api_base_url", out->api_base_url);
  HttpUrl url;
  std::string url_why;
  if (!ParseHttpUrl(out->api_base_url, &url, &url_why)) section.Error("api_base_url", url_why);
  std::string key, why;
  if (!out->aes_key.empty() && !DecodeWecomAesKey(out->aes_key, &key, &why)) {
    section.Error("aes_key", why, "the EncodingAESKey from the callback settings (43 characters)");
  }
}

bool WecomSectionOf(const Config& config, WecomOptions* out) {
  return ReadAdapterSection(config, "wecom", ReadWecomSection, out);
}

namespace {
const bool kRegistered = RegisterAdapterReader<WecomOptions>("wecom", ReadWecomSection);
}  // namespace

}  // namespace shoal
