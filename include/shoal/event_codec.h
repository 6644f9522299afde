// JSON codecs for canonical events: a validating parser (simdjson On-Demand)
// for the hot path and a byte-stable writer used by the event log.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "shoal/event.h"

namespace shoal {

// Parses and validates one event object. Reuse one parser per thread: it keeps
// its buffers. Validation covers required fields per type, field types, id
// shape, RFC 3339 times, UTF-8 and size limits; unknown fields are kept in extra.
class EventParser {
 public:
  explicit EventParser(EventLimits limits = {});
  ~EventParser();
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  bool Parse(std::string_view json, Event* out, EventError* error);
  const EventLimits& limits() const { return limits_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  EventLimits limits_;
};

// Checks fields after parsing (also used for events built in code).
bool ValidateEvent(const Event& e, const EventLimits& limits, EventError* error);

std::string EventToJson(const Event& e);
void AppendEventJson(const Event& e, std::string* out);

// JSON string literal with escapes, quotes included.
void AppendJsonString(std::string_view s, std::string* out);
// "platform:native_id": a non-empty platform, a colon, a non-empty native part, no
// whitespace or control characters.
bool IsValidId(std::string_view id);
// True when s is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace shoal
