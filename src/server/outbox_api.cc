// The outbox over HTTP, for operators and the dashboard:
//   GET /v1/outbox/dead    (admin)     dead letters: what could not be delivered, and why
//   GET /v1/outbox/tasks   (operator)  work held for people: kTask/kAlert actions, unsupported actions
//   GET /v1/outbox/recent  (admin)     the dispatcher's latest outcomes (in memory)
//   GET /v1/outbox/outcomes (operator) final outcomes counted per outcome and action reason, from
//                                      the logged `delivery` events (engine state: survives restarts)
// The lists take ?limit=N (default 100, at most 1000).
#include <charconv>

#include <nlohmann/json.hpp>

#include "outbox/dispatcher.h"
#include "server/api.h"

namespace shoal {

namespace {

size_t Limit(std::string_view target) {
  size_t at = target.find("limit=");
  size_t n = 100;
  if (at != std::string_view::npos) {
    std::string_view v = target.substr(at + 6);
    std::from_chars(v.data(), v.data() + v.size(), n);
  }
  return std::clamp<size_t>(n, 1, 1000);
}

nlohmann::json ItemJson(const OutboxItem& item) {
  nlohmann::json j;
  j["key"] = item.key;
  j["seq"] = item.seq;
  j["attempts"] = item.attempts;
  j["why"] = item.last_error;
  nlohmann::json action = nlohmann::json::parse(item.json, nullptr, false);
  j["action"] = action.is_discarded() ? nlohmann::json(item.json) : action;
  return j;
}

}  // namespace

void Api::SetOutbox(Store* store, const Dispatcher* dispatcher) {
  outbox_store_ = store;
  dispatcher_ = dispatcher;
}

void Api::Outbox(const HttpRequest& req, const Grant& grant, std::string_view what, const Reply& reply) {
  std::string_view target(req.target().data(), req.target().size());
  nlohmann::json out;
  if (what == "recent") {
    if (!Require(req, grant, ApiRole::kAdmin, "read delivery outcomes", reply)) return;
    out["recent"] = nlohmann::json::array();
    if (dispatcher_) {
      for (const auto& r : dispatcher_->Recent())
        out["recent"].push_back({{"at_micros", r.at}, {"key", r.key}, {"platform", r.platform}, {"action", r.action},
                                 {"outcome", r.outcome}, {"detail", r.detail}, {"attempts", r.attempts}});
    }
    return reply(Json(req, 200, out.dump()));
  }
  if (what == "outcomes") {
    if (!Require(req, grant, ApiRole::kOperator, "read delivery outcomes", reply)) return;
    nlohmann::json counts = nlohmann::json::object();
    ingest_->Lookup("delivery", "outcomes", counts);
    for (const char* field : {"outcomes", "by_reason"})
      if (!counts.contains(field)) counts[field] = nlohmann::json::object();
    return reply(Json(req, 200, counts.dump()));
  }
  bool dead = what == "dead";
  if (!dead && what != "tasks")
    return reply(Json(req, 404, nlohmann::json{{"error", "no such outbox list: use dead, tasks, recent or outcomes"}}.dump()));
  if (!Require(req, grant, dead ? ApiRole::kAdmin : ApiRole::kOperator, dead ? "read dead letters" : "read tasks", reply))
    return;
  if (!outbox_store_) return reply(Json(req, 503, nlohmann::json{{"error", "no outbox in this server"}}.dump()));
  std::vector<OutboxItem> items;
  StoreStatus st = outbox_store_->ListByState(dead ? OutboxItem::State::kDead : OutboxItem::State::kTask, Limit(target),
                                              &items);
  if (!st.ok()) return reply(Json(req, 503, nlohmann::json{{"error", "store: " + st.message}}.dump()));
  nlohmann::json& list = out[dead ? "dead" : "tasks"] = nlohmann::json::array();
  for (const auto& item : items) list.push_back(ItemJson(item));
  reply(Json(req, 200, out.dump()));
}

}  // namespace shoal
