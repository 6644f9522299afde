// `shoal signup export`: replays a history and prints one sign-up's list as CSV.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/replay_command.h"
#include "features/signup/signup_csv.h"

namespace shoal {

void AddSignupCommand(CLI::App& app) {
  auto* top = app.add_subcommand("signup", "Sign-up chains (接龙)");
  top->require_subcommand(1);
  auto* cmd = top->add_subcommand("export", "Print one sign-up's participants and waiting list as CSV");
  struct Opts {
    std::string config, events = "-", community, output = "-";
    int64_t id = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--config,-c", o->config, "Config file (YAML)")->required();
  cmd->add_option("--events,-e", o->events, "Events JSONL file ('-' = stdin)");
  cmd->add_option("--id", o->id, "The sign-up's number (as in the open announcement and the report)")->required();
  cmd->add_option("--community", o->community, "Community id (needed when several have that sign-up number)");
  cmd->add_option("--output,-o", o->output, "Where to write the CSV ('-' = stdout)");
  cmd->callback([o] {
    auto cfg = LoadConfigOrReport(o->config);
    if (!cfg) return SetCommandExitCode(2);
    std::string why;
    auto engine = Engine::Create(cfg, &why);
    if (!engine) {
      std::cerr << "shoal: " << why << "\n";
      return SetCommandExitCode(2);
    }
    std::ifstream file;
    std::istream* in = &std::cin;
    if (o->events != "-") {
      file.open(o->events, std::ios::binary);
      if (!file) {
        std::cerr << "shoal: cannot open events file " << o->events << "\n";
        return SetCommandExitCode(2);
      }
      in = &file;
    }
    ReplayOptions options;
    options.errors = &std::cerr;
    auto result = ReplayStream(*in, *engine, options, [](const std::string&) {});
    nlohmann::json report;
    engine->Report(report);
    std::vector<std::pair<std::string, const nlohmann::json*>> found;
    std::string key = std::to_string(o->id);
    for (const auto& [cid, c] : report["communities"].items()) {
      if (!o->community.empty() && cid != o->community) continue;
      const auto* f = c["features"].contains("signup") ? &c["features"]["signup"] : nullptr;
      if (f && f->contains("activities") && (*f)["activities"].contains(key)) found.emplace_back(cid, &(*f)["activities"][key]);
    }
    if (found.size() != 1) {
      if (found.empty()) std::cerr << "shoal: no sign-up " << key << (o->community.empty() ? "" : " in community " + o->community) << "\n";
      else std::cerr << "shoal: sign-up " << key << " exists in several communities; pick one with --community ("
                     << found[0].first << ", " << found[1].first << ", …)\n";
      return SetCommandExitCode(2);
    }
    std::string csv = SignupCsv(*found[0].second);
    if (o->output == "-") {
      std::cout << csv;
    } else {
      std::ofstream out(o->output, std::ios::binary | std::ios::trunc);
      out << csv;
      if (!out) {
        std::cerr << "shoal: cannot write " << o->output << "\n";
        return SetCommandExitCode(2);
      }
    }
    if (result.rejected) std::cerr << "signup export: " << result.rejected << " line(s) rejected (listed above)\n";
    SetCommandExitCode(result.rejected ? 1 : 0);
  });
}

}  // namespace shoal
