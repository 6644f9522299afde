// `shoal plan show`: the dry run of the SOP calendar — every post the config's
// plans would make between two dates, to which groups, with the rendered text.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "features/plan/calendar.h"
#include "features/plan/plan_import.h"

namespace shoal {

void AddPlanCommand(CLI::App& app) {
  auto* plan = app.add_subcommand("plan", "The SOP calendar: planned posts across groups");
  plan->require_subcommand(1);
  auto* show = plan->add_subcommand("show", "List every planned post between two dates (a dry run: nothing is sent)");
  struct Options {
    std::string config, from, to, format = "text";
  };
  auto o = std::make_shared<Options>();
  show->add_option("--config,-c", o->config, "Config file (YAML)")->required();
  show->add_option("--from", o->from, "First local date, YYYY-MM-DD")->required();
  show->add_option("--to", o->to, "Last local date, YYYY-MM-DD (inclusive)")->required();
  show->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  show->callback([o] {
    int64_t from = 0, to = 0;
    if (!ParsePlanDate(o->from, &from) || !ParsePlanDate(o->to, &to) || to < from) {
      std::cerr << "shoal plan show: --from and --to must be dates YYYY-MM-DD, --to not before --from\n";
      SetCommandExitCode(2);
      return;
    }
    auto cfg = LoadConfigOrReport(o->config);
    if (!cfg) {
      SetCommandExitCode(2);
      return;
    }
    std::vector<PlannedPost> posts;
    Diagnostics diag;
    if (!PlanCalendar(*cfg, from, to, &posts, &diag)) {
      std::cerr << diag.ToString();
      SetCommandExitCode(2);
      return;
    }
    auto mode = [](Delivery d) { return d == Delivery::kAssisted ? "assisted" : "direct"; };
    if (o->format == "json") {
      nlohmann::json j;
      j["from"] = o->from;
      j["to"] = o->to;
      j["count"] = posts.size();
      nlohmann::json& list = j["posts"];
      list = nlohmann::json::array();
      for (const auto& p : posts) list.push_back(PlannedPostJson(p));
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::string last_heading;
    for (const auto& p : posts) {
      std::string time = FormatRfc3339(p.at);
      std::string heading = time + "  " + p.community + "/" + p.entry + "  " + mode(p.mode) +
                            (p.spread ? "  spread " + std::to_string(p.spread / kMicrosPerSecond) + "s" : "") +
                            "  (" + p.source + ")";
      if (heading != last_heading) std::cout << heading << "\n";
      last_heading = heading;
      std::string text = p.text;
      for (size_t i = 0; (i = text.find('\n', i)) != std::string::npos; i += 5) text.replace(i, 1, "\n    ");
      std::cout << "  " << p.group << " " << p.group_name << ": " << text << "\n";
    }
    std::cout << posts.size() << " post(s) from " << o->from << " to " << o->to << "\n";
  });
}

}  // namespace shoal
