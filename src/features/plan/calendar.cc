#include "features/plan/calendar.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

bool PlanCalendar(const Config& cfg, int64_t from_day, int64_t to_day, std::vector<PlannedPost>* out,
                  Diagnostics* diag) {
  bool ok = true;
  for (const auto& c : cfg.communities) {
    YAML::Node n = c.features.IsMap() ? c.features["plan"] : YAML::Node();
    if (!n.IsDefined() || n.IsNull()) continue;
    if (n.IsMap() && n["enabled"].IsDefined() && n["enabled"].as<std::string>() == "false") continue;
    auto zone = TimeZone::Find(c.timezone.empty() ? cfg.timezone : c.timezone);
    if (!zone) zone = TimeZone::Utc();
    ConfigSection section(n, "features.plan", cfg.file, diag);
    FeatureEnv env{cfg, &c, zone};
    auto plan = ReadPlanConfig(section, env);
    if (!plan) {
      ok = false;
      continue;
    }
    Micros from = zone->ToUtc(from_day, 0), to = zone->ToUtc(to_day + 1, 0);
    for (const auto& e : plan->entries) {
      int64_t question = 0;
      for (Micros t = e.when.Next(from - 1, *zone); t < to; t = e.when.Next(t, *zone)) {
        std::string q;
        if (e.uses_question && !plan->questions.empty())
          q = plan->questions[static_cast<size_t>(question++ % static_cast<int64_t>(plan->questions.size()))].question;
        for (uint32_t gi : e.groups) {
          const GroupConfig& g = c.groups[gi];
          auto vars = StaticPostVars(e, g, c, *zone, t, q);
          vars["members"] = "[members]";
          vars["leaderboard"] = "[leaderboard]";
          out->push_back({zone->Stamp(t), c.id, e.id, e.source, e.mode, g.id, g.name, RenderTemplate(e.text, vars),
                          plan->pacing.spread + plan->pacing.jitter});
        }
      }
    }
  }
  std::stable_sort(out->begin(), out->end(), [](const PlannedPost& a, const PlannedPost& b) {
    return std::tie(a.at.utc, a.community, a.entry) < std::tie(b.at.utc, b.community, b.entry);
  });
  return ok;
}

nlohmann::json PlannedPostJson(const PlannedPost& p) {
  return {{"time", FormatRfc3339(p.at)}, {"community", p.community}, {"entry", p.entry},
          {"source", p.source}, {"mode", p.mode == Delivery::kAssisted ? "assisted" : "direct"},
          {"group", p.group}, {"group_name", p.group_name}, {"text", p.text},
          {"spread_seconds", p.spread / kMicrosPerSecond}};
}

}  // namespace shoal
