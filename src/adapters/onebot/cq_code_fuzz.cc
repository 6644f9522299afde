// CQ codes: escaping round-trips, and a parsed message printed and parsed again is the same
// message (so what Shoal sends is what it read), whatever the bytes.
#include <string>
#include <string_view>

#include "adapters/onebot/cq_code.h"
#include "fuzz/fuzz_target.h"

namespace {

bool SameSegments(const std::vector<shoal::onebot::Segment>& a, const std::vector<shoal::onebot::Segment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].type != b[i].type || a[i].data != b[i].data) return false;
  return true;
}

}  // namespace

SHOAL_FUZZ_TARGET(cq_code) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  FUZZ_CHECK(shoal::onebot::UnescapeCq(shoal::onebot::EscapeCqText(text)) == text);
  FUZZ_CHECK(shoal::onebot::UnescapeCq(shoal::onebot::EscapeCqValue(text)) == text);
  auto once = shoal::onebot::ParseCqString(text);
  std::string printed = shoal::onebot::ToCqString(once);
  auto twice = shoal::onebot::ParseCqString(printed);
  FUZZ_CHECK(SameSegments(once, twice));
  FUZZ_CHECK(shoal::onebot::ToCqString(twice) == printed);
  (void)shoal::onebot::RenderText(once);
  (void)shoal::onebot::ReplyTo(once);
}
