// The `adapters.telegram` config section:
//   adapters:
//     telegram: {token: "123:abc", secret_token: "...", base_url: "http://127.0.0.1:8081",
//                mode: poll | webhook, webhook_url: "https://...", call_timeout: 10s,
//                poll_timeout: 25s, joins_from_chat_member: true, offset_file: "…"}
// offset_file: where poll mode keeps its offset across restarts (default `<store path>.telegram-offset`;
// none with a memory store).
// checked at load (file:line:column errors, so `shoal check` covers it) and read again by serve.
#pragma once
#include <string>

#include "adapters/telegram/telegram_adapter.h"
#include "shoal/config.h"

namespace shoal {

struct TelegramSection {
  TelegramOptions options;
  std::string mode = "poll";  // poll: getUpdates; webhook: POST /v1/adapters/telegram/webhook
  std::string offset_file;    // "" = beside the store
};

void ReadTelegramSection(ConfigSection& section, TelegramSection* out);
// The section of a loaded (already checked) config; false when there is none.
bool TelegramSectionOf(const Config& config, TelegramSection* out);

}  // namespace shoal
