// Telegram Update parser: any bytes either parse into valid canonical events (or a named
// "ignored" outcome) or are refused with a reason; never a crash, never an invalid event.
#include <string>
#include <string_view>

#include "adapters/telegram/telegram_codec.h"
#include "fuzz/fuzz_target.h"
#include "shoal/event_codec.h"

SHOAL_FUZZ_TARGET(telegram) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  shoal::ChatMigrations migrations;
  shoal::InviteLinkBook links;
  shoal::ParsedUpdate out;
  std::string why;
  for (bool from_chat_member : {true, false}) {
    shoal::UpdateOptions options;
    options.joins_from_chat_member = from_chat_member;
    if (!shoal::ParseUpdateText(text, options, &migrations, &links, &out, &why)) {
      FUZZ_CHECK(!why.empty());
      FUZZ_CHECK(out.events.empty());
      continue;
    }
    FUZZ_CHECK(out.events.empty() != out.ignored.empty());
    for (const shoal::Event& e : out.events) {
      FUZZ_CHECK(e.group.rfind("tg:", 0) == 0);
      FUZZ_CHECK(e.member.rfind("tg:", 0) == 0);
      // Every event survives the log's own codec (text limits aside, which ingest enforces).
      std::string line = shoal::EventToJson(e);
      FUZZ_CHECK(!line.empty());
    }
  }
}
