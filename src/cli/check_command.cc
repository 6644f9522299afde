#include <iostream>

#include "cli/commands.h"
#include "shoal/feature.h"

namespace shoal {

void AddCheckCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Validate a config: every problem with file:line:column and a hint");
  auto path = std::make_shared<std::string>();
  cmd->add_option("--config,-c", *path, "Config file (YAML)")->required();
  cmd->callback([path] {
    Diagnostics diag;
    auto cfg = LoadConfigFile(*path, &diag);
    std::cerr << diag.ToString();
    if (!cfg) {
      std::cerr << *path << ": " << diag.error_count() << " error(s)\n";
      SetCommandExitCode(2);
      return;
    }
    size_t groups = 0;
    for (const auto& c : cfg->communities) groups += c.groups.size();
    std::cout << *path << ": ok\n"
              << "  tenant     " << cfg->tenant << " (" << cfg->timezone << ")\n"
              << "  store      " << cfg->store.kind << " " << cfg->store.path << "\n"
              << "  staff      " << cfg->staff.size() << "\n"
              << "  communities " << cfg->communities.size() << ", groups " << groups << "\n";
    for (const auto& c : cfg->communities) {
      std::cout << "    " << c.id << " (" << c.name << "): " << c.groups.size() << " group(s); features:";
      for (const auto& spec : FeatureRegistry::All()) {
        if (spec.scope != FeatureScope::kCommunity) continue;
        bool on = spec.always_on || (c.features.IsMap() && c.features[spec.name].IsDefined());
        if (on) std::cout << " " << spec.name;
      }
      std::cout << "\n";
    }
    std::cout << "  tenant-wide features:";
    for (const auto& spec : FeatureRegistry::All()) {
      if (spec.scope != FeatureScope::kTenant) continue;
      if (spec.always_on || (cfg->root["features"].IsMap() && cfg->root["features"][spec.name].IsDefined()))
        std::cout << " " << spec.name;
    }
    std::cout << "\n";
    if (diag.all().size()) std::cout << "  warnings   " << diag.all().size() << "\n";
  });
}

}  // namespace shoal
