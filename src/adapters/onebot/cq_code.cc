#include "adapters/onebot/cq_code.h"

namespace shoal::onebot {

std::string_view Segment::Get(std::string_view key) const {
  for (const auto& [k, v] : data)
    if (k == key) return v;
  return {};
}

namespace {

std::string Escape(std::string_view text, bool comma) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '[': out += "&#91;"; break;
      case ']': out += "&#93;"; break;
      case ',':
        if (comma) {
          out += "&#44;";
          break;
        }
        [[fallthrough]];
      default: out.push_back(c);
    }
  }
  return out;
}

void AppendText(std::vector<Segment>* out, std::string_view raw) {
  if (raw.empty()) return;
  std::string text = UnescapeCq(raw);
  if (!out->empty() && out->back().type == "text") {
    out->back().data[0].second += text;
  } else {
    out->push_back(Segment::Text(std::move(text)));
  }
}

}  // namespace

std::string EscapeCqText(std::string_view text) { return Escape(text, false); }
std::string EscapeCqValue(std::string_view value) { return Escape(value, true); }

std::string UnescapeCq(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&#91;", '['}, {"&#93;", ']'}, {"&#44;", ','}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool matched = false;
    if (text[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (text.substr(i, entity.size()) == entity) {
          out.push_back(c);
          i += entity.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) out.push_back(text[i++]);
  }
  return out;
}

std::vector<Segment> ParseCqString(std::string_view message) {
  std::vector<Segment> out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t start = message.find("[CQ:", pos);
    if (start == std::string_view::npos) break;
    size_t end = message.find(']', start);
    if (end == std::string_view::npos) break;  // the rest is text
    AppendText(&out, message.substr(pos, start - pos));
    std::string_view body = message.substr(start + 4, end - start - 4);
    size_t comma = body.find(',');
    Segment seg;
    seg.type = std::string(body.substr(0, comma));
    while (comma != std::string_view::npos) {
      size_t next = body.find(',', comma + 1);
      std::string_view param = body.substr(comma + 1, next == std::string_view::npos ? next : next - comma - 1);
      size_t eq = param.find('=');
      if (!param.empty())
        seg.data.emplace_back(UnescapeCq(param.substr(0, eq)),
                              eq == std::string_view::npos ? std::string() : UnescapeCq(param.substr(eq + 1)));
      comma = next;
    }
    // "[CQ:]" is just text, and so is "[CQ:text,…]": text is never a code in the string form.
    if (seg.type.empty() || seg.type == "text") AppendText(&out, message.substr(start, end + 1 - start));
    else out.push_back(std::move(seg));
    pos = end + 1;
  }
  AppendText(&out, message.substr(pos));
  return out;
}

std::string ToCqString(const std::vector<Segment>& segments) {
  std::string out;
  for (const auto& seg : segments) {
    if (seg.type == "text") {
      out += EscapeCqText(seg.Get("text"));
      continue;
    }
    out += "[CQ:" + seg.type;
    // Keys are escaped too: a key read from "[CQ:x,a&#93;b]" holds a ']' once unescaped.
    for (const auto& [k, v] : seg.data) out += "," + EscapeCqValue(k) + "=" + EscapeCqValue(v);
    out += "]";
  }
  return out;
}

std::string RenderText(const std::vector<Segment>& segments) {
  std::string out;
  for (const auto& seg : segments) {
    const std::string& t = seg.type;
    if (t == "text") out += seg.Get("text");
    else if (t == "at") out += seg.Get("qq") == "all" ? std::string("@全体成员") : "@" + std::string(seg.Get("qq"));
    else if (t == "face") out += "[face:" + std::string(seg.Get("id")) + "]";
    else if (t == "image") out += "[image]";
    else if (t == "record") out += "[voice]";
    else if (t == "video") out += "[video]";
    else if (t == "reply") continue;
    else out += "[" + t + "]";
  }
  return out;
}

std::string ReplyTo(const std::vector<Segment>& segments) {
  for (const auto& seg : segments)
    if (seg.type == "reply") return std::string(seg.Get("id"));
  return {};
}

}  // namespace shoal::onebot
