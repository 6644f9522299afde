#include "server/invite_codes.h"

#include "shoal/time.h"

namespace shoal {

std::vector<InviteSpec> RuntimeInviteCodes(const nlohmann::json& engine_report) {
  std::vector<InviteSpec> out;
  const nlohmann::json* codes = nullptr;
  if (auto t = engine_report.find("tenant_features"); t != engine_report.end() && t->is_object())
    if (auto i = t->find("invite"); i != t->end() && i->is_object())
      if (auto c = i->find("codes"); c != i->end() && c->is_object()) codes = &*c;
  if (!codes) return out;
  for (const auto& [code, j] : codes->items()) {
    if (!j.is_object() || j.value("source", "") != "runtime") continue;
    std::string status = j.value("status", "");
    if (status != "ok" && status != "revoked") continue;
    InviteSpec spec;
    spec.code = code;
    spec.channel = j.value("channel", "");
    spec.group = j.value("group", "");
    spec.owner = j.value("owner", "");
    spec.revoke = status == "revoked";
    int64_t max_uses = j.value("max_uses", int64_t{0});
    spec.uses = max_uses > 0 ? std::max<int64_t>(max_uses - j.value("uses", int64_t{0}), 1) : 0;
    if (auto ts = ParseRfc3339(j.value("expires", ""))) spec.expires = ts->utc;
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace shoal
