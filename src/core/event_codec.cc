#include "shoal/event_codec.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <vector>

#include "core/event_error.h"
#include "growth/invite_event.h"
#include "outbox/delivery_event.h"
#include "shoal/staff_event.h"

namespace shoal {

namespace {

struct FieldSpec {
  const char* name;
  std::string Event::*member;
};

// Field order here is the order the writer prints them.
const FieldSpec kStringFields[] = {
    {"group", &Event::group},     {"member", &Event::member},         {"name", &Event::name},
    {"text", &Event::text},       {"msg_id", &Event::msg_id},         {"reply_to", &Event::reply_to},
    {"via", &Event::via},         {"answer", &Event::answer},         {"request_id", &Event::request_id},
    {"emoji", &Event::emoji},     {"goal", &Event::goal},
};
static_assert(std::size(kStringFields) <= 32, "the parser tracks string fields in a 32-bit mask");

// Also reports the field's index, so the parser can refuse a field given twice.
std::string* StringField(Event* e, std::string_view key, size_t* index) {
  for (size_t i = 0; i < std::size(kStringFields); ++i) {
    if (key == kStringFields[i].name) {
      *index = i;
      return &(e->*kStringFields[i].member);
    }
  }
  return nullptr;
}


std::string SimdjsonWhy(simdjson::error_code code) {
  switch (code) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed JSON (truncated or unbalanced)";
    case simdjson::DEPTH_ERROR:
      return "JSON nested too deeply";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::STRING_ERROR:
    case simdjson::UNCLOSED_STRING:
      return "malformed JSON string";
    case simdjson::INCORRECT_TYPE:
      return "not a JSON object";
    case simdjson::CAPACITY:
      return "line too large";
    default:
      return std::string("malformed JSON (") + simdjson::error_message(code) + ")";
  }
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasControl(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t' || c == '\r'))) return true;
    if (c == 0x7f) return true;
  }
  return false;
}

}  // namespace

bool IsValidId(std::string_view id) {
  size_t colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size()) return false;
  for (unsigned char c : id) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string EventError::ToString() const { return field.empty() ? message : field + ": " + message; }

bool IsValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

struct EventParser::Impl {
  simdjson::ondemand::parser parser;
  std::string buffer;
  std::vector<std::string> unknown_keys;  // this event's unknown fields, to refuse duplicates
};

namespace {

// Nesting depth of a raw JSON value (strings skipped). Unknown fields are kept verbatim, and
// whoever reads them later (API, dashboard) must not meet a value nested thousands deep.
int JsonDepth(std::string_view raw) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

constexpr int kMaxUnknownFieldDepth = 32;

// Input quoted back in an error message: control bytes escaped (an id must not move an
// operator's terminal cursor) and cut to a readable length.
std::string Printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size() && out.size() < 80; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (out.size() >= 80) out += "...";
  return out;
}

}  // namespace

EventParser::EventParser(EventLimits limits) : impl_(std::make_unique<Impl>()), limits_(limits) {}
EventParser::~EventParser() = default;

bool EventParser::Parse(std::string_view json, Event* out, EventError* err) {
  using namespace simdjson;
  // Reset field by field: keeps string capacity, so steady-state parsing allocates nothing.
  out->type = EventType::kMessage;
  out->ts = Timestamp{};
  for (const auto& f : kStringFields) (out->*f.member).clear();
  out->extra.clear();
  out->value = 0;
  out->seq = 0;
  if (json.size() > limits_.max_line_bytes) {
    return Bad(err, "", "event is " + std::to_string(json.size()) + " bytes, over the limit of " +
                            std::to_string(limits_.max_line_bytes));
  }
  if (json.starts_with("\xEF\xBB\xBF")) json.remove_prefix(3);  // a byte-order mark from a Windows editor
  if (!IsValidUtf8(json)) return Bad(err, "", "invalid UTF-8 in the event");
  auto& buf = impl_->buffer;
  buf.assign(json.data(), json.size());
  buf.resize(json.size() + SIMDJSON_PADDING);
  padded_string_view view(buf.data(), json.size(), buf.size());
  ondemand::document doc;
  if (auto e = impl_->parser.iterate(view).get(doc); e) return Bad(err, "", SimdjsonWhy(e));
  ondemand::object obj;
  if (auto e = doc.get_object().get(obj); e) return Bad(err, "", e == INCORRECT_TYPE ? "an event must be a JSON object" : SimdjsonWhy(e));

  std::string_view type_name;
  bool have_type = false, have_ts = false, have_value = false, have_seq = false;
  uint32_t strings_seen = 0;  // bit i: kStringFields[i] was given
  impl_->unknown_keys.clear();
  auto twice = [&](const std::string& key) {
    return Bad(err, key, "given twice (a field may appear once; parsers disagree on which copy wins)");
  };
  for (auto field_result : obj) {
    ondemand::field field;
    if (auto e = std::move(field_result).get(field); e) return Bad(err, "", SimdjsonWhy(e));
    std::string_view key;
    if (auto e = field.unescaped_key().get(key); e) return Bad(err, "", SimdjsonWhy(e));
    std::string key_copy(key);  // the key view is invalidated by reading the value
    ondemand::value value = field.value();
    if (key_copy == "type") {
      if (have_type) return twice(key_copy);
      if (value.get_string().get(type_name)) return Bad(err, "type", "must be a string");
      auto t = EventTypeFromName(type_name);
      if (!t) {
        return Bad(err, "type", "unknown event type '" + Printable(type_name) +
                                    "' (known: message, join, leave, join_request, reaction, conversion, tick, invite, delivery, recall, restrict)");
      }
      out->type = *t;
      have_type = true;
    } else if (key_copy == "ts") {
      if (have_ts) return twice(key_copy);
      std::string_view ts;
      if (value.get_string().get(ts)) return Bad(err, "ts", "must be an RFC 3339 string");
      std::string why;
      auto parsed = ParseRfc3339(ts, &why);
      if (!parsed) return Bad(err, "ts", why);
      out->ts = *parsed;
      have_ts = true;
    } else if (key_copy == "value") {
      if (have_value) return twice(key_copy);
      double d;
      if (value.get_double().get(d)) return Bad(err, "value", "must be a number");
      out->value = d;
      have_value = true;
    } else if (size_t index = 0; std::string* dst = StringField(out, key_copy, &index)) {
      if (strings_seen & (1u << index)) return twice(key_copy);
      strings_seen |= 1u << index;
      std::string_view s;
      if (auto e = value.get_string().get(s); e) {
        if (e == INCORRECT_TYPE) return Bad(err, key_copy, "must be a string");
        return Bad(err, key_copy, SimdjsonWhy(e));
      }
      dst->assign(s);
    } else if (key_copy == "seq") {
      // Written by the log; ignored on input so a user cannot forge positions.
      if (have_seq) return twice(key_copy);
      have_seq = true;
      (void)value.raw_json_token();
    } else {
      // Unknown field: keep it verbatim.
      for (const auto& k : impl_->unknown_keys) {
        if (k == key_copy) return twice(key_copy);
      }
      impl_->unknown_keys.push_back(key_copy);
      ondemand::json_type jt;
      if (auto e = value.type().get(jt); e) return Bad(err, key_copy, SimdjsonWhy(e));
      std::string_view raw;
      if (jt == ondemand::json_type::object) {
        ondemand::object o;
        if (value.get_object().get(o) || o.raw_json().get(raw)) return Bad(err, key_copy, "malformed JSON object");
      } else if (jt == ondemand::json_type::array) {
        ondemand::array a;
        if (value.get_array().get(a) || a.raw_json().get(raw)) return Bad(err, key_copy, "malformed JSON array");
      } else {
        raw = TrimRight(value.raw_json_token());
      }
      if ((jt == ondemand::json_type::object || jt == ondemand::json_type::array) &&
          JsonDepth(raw) > kMaxUnknownFieldDepth) {
        return Bad(err, key_copy, "nested deeper than " + std::to_string(kMaxUnknownFieldDepth) + " levels");
      }
      if (!out->extra.empty()) out->extra.push_back(',');
      AppendJsonString(key_copy, &out->extra);
      out->extra.push_back(':');
      out->extra.append(raw);
    }
  }
  if (!doc.current_location().error()) return Bad(err, "", "unexpected content after the JSON object");
  if (!have_type) return Bad(err, "type", "missing (message, join, leave, join_request, reaction, conversion, tick, invite, delivery, recall or restrict)");
  if (!have_ts) return Bad(err, "ts", "missing (RFC 3339 with offset, e.g. 2026-01-05T09:00:00+08:00)");
  (void)have_value;
  return ValidateEvent(*out, limits_, err);
}

bool ValidateEvent(const Event& e, const EventLimits& limits, EventError* err) {
  auto need = [&](const char* field, const std::string& v) { return v.empty() ? Bad(err, field, "missing") : true; };
  auto id = [&](const char* field, const std::string& v) {
    if (v.size() > limits.max_id_bytes) return Bad(err, field, "longer than " + std::to_string(limits.max_id_bytes) + " bytes");
    if (!IsValidId(v)) return Bad(err, field, "'" + Printable(v) + "' is not an id of the form platform:native_id (e.g. qq:123456)");
    return true;
  };
  switch (e.type) {
    case EventType::kMessage:
      if (!need("group", e.group) || !need("member", e.member)) return false;
      break;
    case EventType::kJoin:
    case EventType::kLeave:
      if (!need("group", e.group) || !need("member", e.member)) return false;
      break;
    case EventType::kJoinRequest:
      if (!need("group", e.group) || !need("member", e.member) || !need("request_id", e.request_id)) return false;
      break;
    case EventType::kReaction:
      if (!need("group", e.group) || !need("member", e.member) || !need("msg_id", e.msg_id) ||
          !need("emoji", e.emoji))
        return false;
      break;
    case EventType::kConversion:
      if (!need("member", e.member) || !need("goal", e.goal)) return false;
      break;
    case EventType::kTick:
      break;
    case EventType::kInvite:
      if (!ParseInviteEvent(e, nullptr, err)) return false;
      break;
    case EventType::kDelivery:
      if (!ParseDeliveryEvent(e, nullptr, err)) return false;
      break;
    case EventType::kRecall:
    case EventType::kRestrict:
      if (!ParseStaffEvent(e, nullptr, err)) return false;
      break;
  }
  if (!e.group.empty() && !id("group", e.group)) return false;
  if (!e.member.empty() && !id("member", e.member)) return false;
  if (e.type == EventType::kMessage && e.text.empty() && e.extra.empty()) {
    return Bad(err, "text", "missing (a message needs text)");
  }
  if (e.text.size() > limits.max_text_bytes) {
    return Bad(err, "text", std::to_string(e.text.size()) + " bytes, over the limit of " +
                                std::to_string(limits.max_text_bytes) + " (raise limits.max_text_bytes to accept it)");
  }
  if (e.name.size() > limits.max_name_bytes) {
    return Bad(err, "name", "longer than " + std::to_string(limits.max_name_bytes) + " bytes");
  }
  if (HasControl(e.name, false)) return Bad(err, "name", "contains control characters");
  if (HasControl(e.text, true)) return Bad(err, "text", "contains control characters");
  for (const auto* f : {&e.msg_id, &e.reply_to, &e.request_id, &e.via, &e.goal, &e.emoji}) {
    if (f->size() > limits.max_id_bytes) return Bad(err, "", "an id field is longer than " + std::to_string(limits.max_id_bytes) + " bytes");
    if (HasControl(*f, false)) return Bad(err, "", "an id field contains control characters");
  }
  if (e.value != e.value || e.value > 1e15 || e.value < -1e15) return Bad(err, "value", "out of range");
  return true;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + start, i - start);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: {
        char u[7] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15], 0};
        out->append(u, 6);
      }
    }
    start = i + 1;
  }
  out->append(s.data() + start, s.size() - start);
  out->push_back('"');
}

namespace {
void AppendNumber(double v, std::string* out) {
  char buf[32];
  int64_t i = static_cast<int64_t>(v);
  int n = (static_cast<double>(i) == v) ? std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(i))
                                        : std::snprintf(buf, sizeof buf, "%.17g", v);
  out->append(buf, n);
}
}  // namespace

void AppendEventJson(const Event& e, std::string* out) {
  out->append("{\"type\":\"");
  out->append(EventTypeName(e.type));
  out->append("\",\"ts\":\"");
  AppendRfc3339(e.ts, out);
  out->push_back('"');
  for (const auto& f : kStringFields) {
    const std::string& v = e.*f.member;
    if (v.empty()) continue;
    out->append(",\"");
    out->append(f.name);
    out->append("\":");
    AppendJsonString(v, out);
  }
  if (e.type == EventType::kConversion || e.value != 0) {
    out->append(",\"value\":");
    AppendNumber(e.value, out);
  }
  if (!e.extra.empty()) {
    out->push_back(',');
    out->append(e.extra);
  }
  out->push_back('}');
}

std::string EventToJson(const Event& e) {
  std::string s;
  AppendEventJson(e, &s);
  return s;
}

std::string_view EventTypeName(EventType t) {
  switch (t) {
    case EventType::kMessage: return "message";
    case EventType::kJoin: return "join";
    case EventType::kLeave: return "leave";
    case EventType::kJoinRequest: return "join_request";
    case EventType::kReaction: return "reaction";
    case EventType::kConversion: return "conversion";
    case EventType::kTick: return "tick";
    case EventType::kInvite: return "invite";
    case EventType::kDelivery: return "delivery";
    case EventType::kRecall: return "recall";
    case EventType::kRestrict: return "restrict";
  }
  return "?";
}

std::optional<EventType> EventTypeFromName(std::string_view n) {
  static const std::pair<std::string_view, EventType> kNames[] = {
      {"message", EventType::kMessage}, {"join", EventType::kJoin},
      {"leave", EventType::kLeave},     {"join_request", EventType::kJoinRequest},
      {"reaction", EventType::kReaction}, {"conversion", EventType::kConversion},
      {"tick", EventType::kTick}, {"invite", EventType::kInvite},
      {"delivery", EventType::kDelivery}, {"recall", EventType::kRecall},
      {"restrict", EventType::kRestrict},
  };
  for (const auto& [name, t] : kNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

}  // namespace shoal
