// OneBot v11 event frames: any bytes either become a canonical event with QQ ids, a
// heartbeat/lifecycle/ignored outcome, or an error that says why; API answers never crash.
#include <string>
#include <string_view>

#include "adapters/onebot/onebot_codec.h"
#include "fuzz/fuzz_target.h"
#include "shoal/event_codec.h"

SHOAL_FUZZ_TARGET(onebot) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  shoal::onebot::Parsed p = shoal::onebot::ParseEvent(text);
  using Kind = shoal::onebot::Parsed::Kind;
  if (p.kind == Kind::kError) FUZZ_CHECK(!p.error.empty());
  if (p.kind == Kind::kEvent) {
    const shoal::Event& e = p.event;
    FUZZ_CHECK(e.group.empty() || e.group.rfind("qq:", 0) == 0);
    FUZZ_CHECK(e.member.empty() || e.member.rfind("qq:", 0) == 0);
    FUZZ_CHECK(!shoal::EventToJson(e).empty());
  }
  std::string echo;
  (void)shoal::onebot::IsResponseFrame(text);
  (void)shoal::onebot::ParseResponse(text, &echo);
}
