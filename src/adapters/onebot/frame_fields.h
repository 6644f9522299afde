// The fields of a OneBot v11 event frame that the codec reads, lifted out of the JSON so
// that two readers (nlohmann's DOM, simdjson's) feed one set of rules (BuildParsed). Each
// member is what the DOM reader's lenient accessors make of the field: ids are set when the
// field is a whole JSON number or a digit string, texts are strings or integers written out
// ("" otherwise), a repeated key counts once with its last value.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/onebot/cq_code.h"
#include "adapters/onebot/onebot_codec.h"

namespace shoal::onebot {

struct FrameFields {
  std::optional<int64_t> time, self_id, group_id, user_id, operator_id, interval, duration;
  std::string post_type, message_type, notice_type, request_type, meta_event_type, sub_type;
  std::string message_id, flag, comment;
  bool has_message = false;       // the frame has a "message" field (of any type)
  std::vector<Segment> segments;  // what it says: segment array, one segment, or CQ string
  std::string card, nickname;     // from "sender" when it is an object
  bool offline = false;           // "status" is an object whose online or good is false
};

// The Parsed a frame with these fields is (the rules of onebot_codec.h's ParseEvent).
Parsed BuildParsed(const FrameFields& f, int16_t offset_minutes);

}  // namespace shoal::onebot
