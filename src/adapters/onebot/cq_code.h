// OneBot v11 message segments and the CQ-code string form, both ways (protocols.md §1.3):
// `[CQ:type,key=value,...]` with &amp; &#91; &#93; escaped in text and, inside values,
// also &#44;. RenderText turns segments into the readable text the engine sees (mentions,
// faces and images as short markers; the reply segment is not text, see ReplyTo). Pure.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shoal::onebot {

struct Segment {
  std::string type;                                       // "text", "at", "face", "image", "reply", …
  std::vector<std::pair<std::string, std::string>> data;  // in order; values are strings

  std::string_view Get(std::string_view key) const;
  static Segment Text(std::string text) { return {"text", {{"text", std::move(text)}}}; }
};

// Escaping for plain text (&, [, ]) and for CQ parameter values (also ',').
std::string EscapeCqText(std::string_view text);
std::string EscapeCqValue(std::string_view value);
// Undoes both escapings (an unknown entity stays as written).
std::string UnescapeCq(std::string_view text);

// Parses the string form; never fails: a malformed code ("[CQ:" without "]") is text.
std::vector<Segment> ParseCqString(std::string_view message);
// The string form of segments (text escaped, values escaped).
std::string ToCqString(const std::vector<Segment>& segments);

// Readable text: text as is, at -> "@<qq>" (or "@全体成员" for all), face -> "[face:<id>]",
// image -> "[image]", record -> "[voice]", video -> "[video]", others -> "[<type>]".
std::string RenderText(const std::vector<Segment>& segments);
// The id of the first reply segment, or "".
std::string ReplyTo(const std::vector<Segment>& segments);

}  // namespace shoal::onebot
