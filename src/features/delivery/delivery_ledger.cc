#include "features/delivery/delivery_ledger.h"

#include <nlohmann/json.hpp>

namespace shoal {

namespace {

std::string SlotKey(std::string_view group, std::string_view slot) {
  std::string k(group);
  k.push_back('\n');
  k.append(slot);
  return k;
}

}  // namespace

void DeliveryLedger::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kDelivery) return;
  DeliveryReport r;
  if (!ParseDeliveryEvent(e, &r, nullptr)) return;  // validated at ingest; never reached for logged events
  ++reports_;
  Count(r);
  if (!r.slot.empty()) Replace(r, ctx);
}

void DeliveryLedger::Count(const DeliveryReport& r) {
  auto& reasons = counts_[std::string(DeliveryOutcomeName(r.outcome))];
  std::string reason = r.reason.empty() ? "(none)" : r.reason;
  // A hand-written log could name endless reasons; the counts stay bounded.
  if (!reasons.count(reason) && reasons.size() >= kMaxReasons) reason = "(other)";
  ++reasons[reason];
}

void DeliveryLedger::Replace(const DeliveryReport& r, Context& ctx) {
  Slot fresh{r.msg_id, 0, false};
  fresh.has_step = StepOfKey(r.key, &fresh.step);
  auto [it, first] = slots_.try_emplace(SlotKey(r.group, r.slot), fresh);
  if (first) return;
  Slot& standing = it->second;
  if (standing.msg_id == r.msg_id) return;  // the same message reported again
  // Steps order the messages; without one (a hand-written key) the report's order does.
  bool newer = !standing.has_step || !fresh.has_step || fresh.step >= standing.step;
  std::string doomed = newer ? standing.msg_id : fresh.msg_id;
  if (newer) standing = std::move(fresh);
  ++replaced_;
  ctx.Emit({.type = ActionType::kDelete, .group = r.group, .msg_id = std::move(doomed), .reason = "replace:" + r.slot});
}

void DeliveryLedger::Save(SnapshotWriter& w) const {
  w.I64(reports_);
  w.I64(replaced_);
  w.U64(slots_.size());
  for (const auto& [key, s] : slots_) {
    w.Str(key);
    w.Str(s.msg_id);
    w.U64(s.step);
    w.Bool(s.has_step);
  }
  w.U64(counts_.size());
  for (const auto& [outcome, reasons] : counts_) {
    w.Str(outcome);
    w.U64(reasons.size());
    for (const auto& [reason, n] : reasons) {
      w.Str(reason);
      w.I64(n);
    }
  }
}

bool DeliveryLedger::Load(SnapshotReader& r) {
  slots_.clear();
  counts_.clear();
  reports_ = r.I64();
  replaced_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string key = r.Str();
    Slot& s = slots_[key];
    s.msg_id = r.Str();
    s.step = r.U64();
    s.has_step = r.Bool();
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    auto& reasons = counts_[r.Str()];
    uint64_t m = r.Count();
    for (uint64_t j = 0; j < m && r.ok(); ++j) {
      std::string reason = r.Str();
      reasons[reason] = r.I64();
    }
  }
  return r.ok();
}

void DeliveryLedger::Report(nlohmann::json& out) const {
  if (reports_ == 0) return;  // nothing delivered through a server yet: no section
  nlohmann::json& outcomes = out["outcomes"];
  nlohmann::json& by_reason = out["by_reason"];
  for (const auto& [outcome, reasons] : counts_) {
    int64_t total = 0;
    for (const auto& [reason, n] : reasons) {
      by_reason[outcome][reason] = n;
      total += n;
    }
    outcomes[outcome] = total;
  }
  out["reports"] = reports_;
  out["replaced"] = replaced_;
  out["slots"] = slots_.size();
}

bool DeliveryLedger::Lookup(std::string_view key, nlohmann::json& out) const {
  if (key == "outcomes") {
    out = nlohmann::json::object();
    Report(out);
    return true;
  }
  if (!key.starts_with("slot:")) return false;
  key.remove_prefix(5);
  size_t slash = key.rfind('/');
  if (slash == std::string_view::npos) return false;
  auto it = slots_.find(SlotKey(key.substr(0, slash), key.substr(slash + 1)));
  if (it == slots_.end()) return false;
  out = {{"msg_id", it->second.msg_id}};
  return true;
}

namespace {

std::unique_ptr<Feature> CreateDeliveryLedger(ConfigSection& s, const FeatureEnv& env) {
  s.Bool("enabled", true);
  s.Finish();
  return std::make_unique<DeliveryLedger>();
}

}  // namespace

SHOAL_REGISTER_FEATURE(delivery, FeatureSpec{
    .name = "delivery",
    .order = 950,
    .scope = FeatureScope::kTenant,
    .always_on = true,
    .create = CreateDeliveryLedger,
});

}  // namespace shoal
