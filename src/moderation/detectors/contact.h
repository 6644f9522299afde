// The contact / lead-out detector: QQ numbers, WeChat ids, phone numbers, URLs and bare
// (also obfuscated) domains, t.me links and @handles. Runs on normalised text, by hand
// (no regex engine): it is the detector every message meets first.
#pragma once
#include <string_view>
#include <vector>

#include "moderation/detection.h"

namespace shoal {

// Appends one Detection per contact found (at most a few), reason "ad:contact".
void DetectContacts(std::string_view normalized, std::vector<Detection>* out);

}  // namespace shoal
