// The `adapters.wecom` config section:
//   adapters:
//     wecom: {token: "...", aes_key: "<43 characters>", corp_id: "ww...", secret: "...",
//             api_base_url: "https://qyapi.weixin.qq.com"}
// `secret` (optional) enables the server API: joins without State are looked up.
// checked at load (file:line:column errors) and read again by serve.
#pragma once
#include "adapters/wecom/wecom_callback.h"
#include "shoal/config.h"

namespace shoal {

void ReadWecomSection(ConfigSection& section, WecomOptions* out);
// The section of a loaded (already checked) config; false when there is none.
bool WecomSectionOf(const Config& config, WecomOptions* out);

}  // namespace shoal
