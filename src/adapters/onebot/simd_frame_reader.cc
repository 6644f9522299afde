#include "adapters/onebot/simd_frame_reader.h"

#include <algorithm>
#include <charconv>
#include <string>

#include <simdjson.h>

namespace shoal::onebot {

namespace dom = simdjson::dom;
using simdjson::dom::element_type;

struct SimdFrameReader::Impl {
  dom::parser parser;
  std::string buffer;  // the frame with simdjson's padding after it
};

namespace {

// The element as the type its type() said (so no error can come back).
std::string_view AsString(dom::element v) {
  std::string_view s;
  (void)v.get(s);
  return s;
}
int64_t AsInt(dom::element v) {
  int64_t n = 0;
  (void)v.get(n);
  return n;
}
dom::object AsObject(dom::element v) {
  dom::object o;
  (void)v.get(o);
  return o;
}
dom::array AsArray(dom::element v) {
  dom::array a;
  (void)v.get(a);
  return a;
}

// Every reader below returns false for "let nlohmann decide".

// An id: a whole number, or a digit string (a string that is not one reads as absent).
bool ReadId(dom::element v, std::optional<int64_t>* out) {
  out->reset();
  switch (v.type()) {
    case element_type::INT64:
      *out = AsInt(v);
      return true;
    case element_type::STRING: {
      std::string_view s = AsString(v);
      int64_t n = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) *out = n;
      return true;
    }
    case element_type::UINT64:  // nlohmann would wrap it
    case element_type::DOUBLE:  // "-0" is an integer to nlohmann, a double here
      return false;
    default:
      return true;
  }
}

// A text: a string, or an integer written out; "" for anything else.
bool ReadStr(dom::element v, std::string* out) {
  out->clear();
  switch (v.type()) {
    case element_type::STRING:
      out->assign(AsString(v));
      return true;
    case element_type::INT64:
      *out = std::to_string(AsInt(v));
      return true;
    case element_type::UINT64:
    case element_type::DOUBLE:
      return false;
    default:
      return true;
  }
}

// One segment object: its type and its string data, keys in nlohmann's (sorted) order.
bool ReadSegment(dom::object seg, Segment* out) {
  out->type.clear();
  for (auto [key, value] : seg) {
    if (key == "type") {
      if (!ReadStr(value, &out->type)) return false;
    } else if (key == "data") {
      out->data.clear();
      if (value.type() != element_type::OBJECT) continue;
      dom::object data = AsObject(value);
      for (auto [k, v] : data) {
        if (v.type() != element_type::STRING) return false;  // nlohmann's dump() of it
        out->data.emplace_back(std::string(k), std::string(AsString(v)));
      }
    }
  }
  if (out->data.size() > 1) {
    auto& d = out->data;
    std::stable_sort(d.begin(), d.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    // A repeated key keeps its last value, as nlohmann does.
    size_t kept = 0;
    for (size_t i = 0; i < d.size(); ++i) {
      if (i + 1 < d.size() && d[i + 1].first == d[i].first) continue;
      if (kept != i) d[kept] = std::move(d[i]);
      ++kept;
    }
    d.resize(kept);
  }
  return true;
}

bool ReadMessage(dom::element v, std::vector<Segment>* out) {
  out->clear();
  switch (v.type()) {
    case element_type::STRING:
      *out = ParseCqString(AsString(v));
      return true;
    case element_type::ARRAY: {
      dom::array segments = AsArray(v);
      for (dom::element seg : segments) {
        if (seg.type() != element_type::OBJECT) continue;
        out->emplace_back();
        if (!ReadSegment(AsObject(seg), &out->back())) return false;
      }
      return true;
    }
    case element_type::OBJECT:
      out->emplace_back();
      return ReadSegment(AsObject(v), &out->back());
    default:
      return true;
  }
}

bool ReadFields(dom::object obj, FrameFields* f) {
  for (auto [key, value] : obj) {
    bool ok = true;
    if (key == "time") ok = ReadId(value, &f->time);
    else if (key == "self_id") ok = ReadId(value, &f->self_id);
    else if (key == "group_id") ok = ReadId(value, &f->group_id);
    else if (key == "user_id") ok = ReadId(value, &f->user_id);
    else if (key == "operator_id") ok = ReadId(value, &f->operator_id);
    else if (key == "interval") ok = ReadId(value, &f->interval);
    else if (key == "duration") ok = ReadId(value, &f->duration);
    else if (key == "post_type") ok = ReadStr(value, &f->post_type);
    else if (key == "message_type") ok = ReadStr(value, &f->message_type);
    else if (key == "notice_type") ok = ReadStr(value, &f->notice_type);
    else if (key == "request_type") ok = ReadStr(value, &f->request_type);
    else if (key == "meta_event_type") ok = ReadStr(value, &f->meta_event_type);
    else if (key == "sub_type") ok = ReadStr(value, &f->sub_type);
    else if (key == "message_id") ok = ReadStr(value, &f->message_id);
    else if (key == "flag") ok = ReadStr(value, &f->flag);
    else if (key == "comment") ok = ReadStr(value, &f->comment);
    else if (key == "message") {
      f->has_message = true;
      ok = ReadMessage(value, &f->segments);
    } else if (key == "sender") {
      f->card.clear();
      f->nickname.clear();
      if (value.type() != element_type::OBJECT) continue;
      dom::object sender = AsObject(value);
      for (auto [k, v] : sender) {
        if (k == "card") ok = ok && ReadStr(v, &f->card);
        else if (k == "nickname") ok = ok && ReadStr(v, &f->nickname);
      }
    } else if (key == "status") {
      f->offline = false;
      if (value.type() != element_type::OBJECT) continue;
      std::optional<bool> online, good;  // the last of a repeated key counts
      dom::object status = AsObject(value);
      for (auto [k, v] : status) {
        std::optional<bool>* slot = k == "online" ? &online : k == "good" ? &good : nullptr;
        if (!slot) continue;
        slot->reset();
        if (v.type() == element_type::BOOL) {
          bool b = false;
          (void)v.get(b);
          *slot = b;
        }
      }
      f->offline = (online && !*online) || (good && !*good);
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace

SimdFrameReader::SimdFrameReader() : impl_(std::make_unique<Impl>()) {}
SimdFrameReader::~SimdFrameReader() = default;

bool SimdFrameReader::Read(std::string_view frame, FrameFields* out) {
  std::string& buf = impl_->buffer;
  buf.reserve(frame.size() + simdjson::SIMDJSON_PADDING);
  buf.assign(frame);
  dom::element doc;
  if (impl_->parser.parse(buf.data(), buf.size(), /*realloc_if_needed=*/false).get(doc) != simdjson::SUCCESS)
    return false;
  if (doc.type() != element_type::OBJECT) return false;
  *out = FrameFields();
  return ReadFields(AsObject(doc), out);
}

}  // namespace shoal::onebot
