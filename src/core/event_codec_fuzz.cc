// Event JSON codec: any bytes either parse into an event that survives a write → parse round
// trip unchanged, or are rejected with a message; never a crash or a silent half-parse.
#include <string>
#include <string_view>

#include "fuzz/fuzz_target.h"
#include "shoal/event_codec.h"

SHOAL_FUZZ_TARGET(event_codec) {
  static shoal::EventParser parser;
  std::string_view line(reinterpret_cast<const char*>(data), size);
  shoal::Event event;
  shoal::EventError error;
  if (!parser.Parse(line, &event, &error)) {
    FUZZ_CHECK(!error.message.empty());
    return;
  }
  std::string once = shoal::EventToJson(event);
  shoal::Event again;
  shoal::EventError again_error;
  FUZZ_CHECK(parser.Parse(once, &again, &again_error));
  FUZZ_CHECK(shoal::EventToJson(again) == once);
}
