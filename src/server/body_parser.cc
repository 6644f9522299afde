#include "server/body_parser.h"

namespace shoal {

namespace {

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

ParsedBody ParseBody(std::string_view body, bool ndjson, EventParser& parser) {
  ParsedBody out;
  if (Blank(body)) {
    out.empty = true;
    out.garbage = true;
    return out;
  }
  int malformed = 0;
  auto one = [&](std::string_view text, int line) {
    ++out.lines;
    Event e;
    EventError err;
    if (parser.Parse(text, &e, &err)) {
      out.events.push_back(std::move(e));
      out.event_lines.push_back(line);
    } else {
      if (err.field.empty()) ++malformed;  // the line as a whole is not an object
      out.errors.push_back({line, std::move(err)});
    }
  };
  if (!ndjson && body.find('\n') != std::string_view::npos) {
    // A pretty-printed single object: accept it whole before falling back to lines.
    Event e;
    EventError err;
    if (parser.Parse(body, &e, &err)) {
      out.lines = 1;
      out.events.push_back(std::move(e));
      out.event_lines.push_back(1);
      return out;
    }
  }
  int line = 0;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t nl = body.find('\n', pos);
    std::string_view text = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (!Blank(text)) one(text, line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  out.garbage = out.lines > 0 && malformed == out.lines;
  return out;
}

}  // namespace shoal
