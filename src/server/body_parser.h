// Splits an ingest request body into canonical events: one JSON object, or
// JSONL (one event per line; blank lines skipped). Each line is parsed and
// validated on its own, so one bad line never blocks the others.
#pragma once
#include <string_view>
#include <vector>

#include "shoal/event.h"
#include "shoal/event_codec.h"

namespace shoal {

struct ParsedBody {
  std::vector<Event> events;   // valid events, in body order
  std::vector<int> event_lines;  // 1-based body line of each event
  struct LineError {
    int line;
    EventError error;
  };
  std::vector<LineError> errors;
  int lines = 0;      // non-blank lines seen
  bool empty = false;   // nothing but whitespace
  bool garbage = false;  // no line was a JSON object at all
};

// ndjson: the client said application/x-ndjson; otherwise a body that is one
// whole JSON object is taken as one event even when pretty-printed over lines.
ParsedBody ParseBody(std::string_view body, bool ndjson, EventParser& parser);

}  // namespace shoal
