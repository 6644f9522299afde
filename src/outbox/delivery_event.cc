#include "outbox/delivery_event.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

#include "shoal/action.h"
#include "core/event_error.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace {

constexpr std::string_view kOutcomeNames[] = {"delivered", "rejected", "unsupported", "dead", "task"};
constexpr size_t kMaxKeyBytes = 128;
constexpr size_t kMaxSlotBytes = 64;

bool HasControl(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return IsValidUtf8(s.substr(i, n)) ? n : 0;  // overlong forms and surrogates too
}

// A platform's words made safe for the log: valid UTF-8 ('?' for a bad byte), no control
// characters (a space instead), at most `limit` bytes, cut between characters.
std::string Sanitize(std::string_view s, size_t limit) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8Length(s, i);
    if (out.size() + std::max<size_t>(n, 1) > limit) break;
    if (n == 0) {
      out.push_back('?');
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (n == 1 && (c < 0x20 || c == 0x7f)) out.push_back(' ');
    else out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

// A string field of the event's extra members: absent is fine, anything but a string is not.
bool ReadString(const nlohmann::json& j, const char* key, size_t max_bytes, std::string* out, EventError* err) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_string()) return Bad(err, key, "must be a string");
  *out = it->get<std::string>();
  if (out->size() > max_bytes) return Bad(err, key, "longer than " + std::to_string(max_bytes) + " bytes");
  if (HasControl(*out)) return Bad(err, key, "contains control characters");
  return true;
}

}  // namespace

std::string_view DeliveryOutcomeName(DeliveryOutcome o) { return kOutcomeNames[static_cast<size_t>(o)]; }

bool DeliveryOutcomeFromName(std::string_view name, DeliveryOutcome* out) {
  for (size_t i = 0; i < std::size(kOutcomeNames); ++i) {
    if (kOutcomeNames[i] == name) {
      *out = static_cast<DeliveryOutcome>(i);
      return true;
    }
  }
  return false;
}

bool IsSlotName(std::string_view slot) {
  if (slot.empty() || slot.size() > kMaxSlotBytes) return false;
  for (unsigned char c : slot)
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':') return false;
  return true;
}

bool ParseDeliveryEvent(const Event& e, DeliveryReport* out, EventError* err) {
  DeliveryReport r;
  nlohmann::json j = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
  if (j.is_discarded()) return Bad(err, "", "malformed fields");
  std::string outcome;
  if (!ReadString(j, "key", kMaxKeyBytes, &r.key, err) || !ReadString(j, "action", 32, &r.action, err) ||
      !ReadString(j, "outcome", 32, &outcome, err) || !ReadString(j, "reason", 128, &r.reason, err) ||
      !ReadString(j, "error", kMaxDeliveryErrorBytes, &r.error, err) ||
      !ReadString(j, "slot", kMaxSlotBytes, &r.slot, err))
    return false;
  if (r.key.empty()) return Bad(err, "key", "missing (the key of the action delivered)");
  if (!r.action.empty() && !ActionTypeFromName(r.action))
    return Bad(err, "action", "unknown action type '" + r.action + "'");
  if (outcome.empty()) return Bad(err, "outcome", "missing (delivered, rejected, unsupported, dead or task)");
  if (!DeliveryOutcomeFromName(outcome, &r.outcome))
    return Bad(err, "outcome", "'" + outcome + "' is not one of delivered, rejected, unsupported, dead, task");
  if (!e.msg_id.empty() && r.outcome != DeliveryOutcome::kDelivered)
    return Bad(err, "msg_id", "only a delivered action made a platform message");
  if (j.contains("slot")) {
    if (!IsSlotName(r.slot))
      return Bad(err, "slot", "'" + r.slot + "' is not a slot name (1-64 letters, digits, '-', '_', '.' or ':')");
    if (r.outcome != DeliveryOutcome::kDelivered || e.msg_id.empty() || e.group.empty())
      return Bad(err, "slot", "needs a delivered message: outcome delivered, its group and msg_id");
  }
  r.group = e.group;
  r.msg_id = e.msg_id;
  if (out) *out = std::move(r);
  return true;
}

Event DeliveryEvent(const DeliveryReport& report, const Timestamp& ts) {
  Event e;
  e.type = EventType::kDelivery;
  e.ts = ts;
  e.group = report.group;
  e.msg_id = report.outcome == DeliveryOutcome::kDelivered ? report.msg_id : std::string();
  std::string x = "\"key\":";
  AppendJsonString(report.key, &x);
  if (!report.action.empty()) {
    x += ",\"action\":";
    AppendJsonString(report.action, &x);
  }
  x += ",\"outcome\":\"";
  x += DeliveryOutcomeName(report.outcome);
  x += '"';
  if (!report.reason.empty()) {
    x += ",\"reason\":";
    AppendJsonString(Sanitize(report.reason, 128), &x);
  }
  if (!report.error.empty()) {
    x += ",\"error\":";
    AppendJsonString(Sanitize(report.error, kMaxDeliveryErrorBytes), &x);
  }
  if (IsSlotName(report.slot) && !e.msg_id.empty() && !e.group.empty()) {
    x += ",\"slot\":";
    AppendJsonString(report.slot, &x);
  }
  e.extra = std::move(x);
  return e;
}

bool StepOfKey(std::string_view key, uint64_t* step) {
  size_t dot = key.find('.');
  std::string_view head = key.substr(0, dot);
  auto [end, ec] = std::from_chars(head.data(), head.data() + head.size(), *step);
  return !head.empty() && ec == std::errc() && end == head.data() + head.size();
}

}  // namespace shoal
