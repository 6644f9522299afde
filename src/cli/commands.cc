#include "cli/commands.h"

#include <iostream>

namespace shoal {

namespace {
int g_exit_code = 0;
}

int CommandExitCode() { return g_exit_code; }
void SetCommandExitCode(int code) { g_exit_code = code; }

std::shared_ptr<const Config> LoadConfigOrReport(const std::string& path) {
  Diagnostics diag;
  auto cfg = LoadConfigFile(path, &diag);
  if (!diag.all().empty()) std::cerr << diag.ToString();
  if (!cfg) {
    std::cerr << "shoal: " << diag.error_count() << " problem(s) in " << path << "; fix them and try again\n";
    return nullptr;
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

void RegisterCommands(CLI::App& app) {
  AddServeCommand(app);
  AddReplayCommand(app);
  AddReportCommand(app);
  AddCheckCommand(app);
  AddSimulateCommand(app);
  AddTrainCommand(app);
  AddClassifyCommand(app);
  AddLogCommand(app);
  AddTokenCommand(app);
  AddPlanCommand(app);
  AddSignupCommand(app);
  AddInviteCommand(app);
  auto* version = app.add_subcommand("version", "Print the version");
  version->callback([] { std::cout << "shoal " << SHOAL_VERSION << "\n"; });
}

}  // namespace shoal
