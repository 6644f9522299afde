// Subcommands of the `shoal` CLI. Each Add*Command registers one subcommand;
// its callback sets the process exit code (0 ok, 1 bad input lines, 2 usage or config error).
#pragma once
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "shoal/config.h"

namespace shoal {

void RegisterCommands(CLI::App& app);
int CommandExitCode();
void SetCommandExitCode(int code);

// Loads a config or prints every problem to stderr and returns null.
std::shared_ptr<const Config> LoadConfigOrReport(const std::string& path);

void AddCheckCommand(CLI::App& app);
void AddReplayCommand(CLI::App& app);
void AddReportCommand(CLI::App& app);
void AddSimulateCommand(CLI::App& app);
void AddServeCommand(CLI::App& app);
void AddTrainCommand(CLI::App& app);
void AddClassifyCommand(CLI::App& app);
void AddLogCommand(CLI::App& app);
void AddTokenCommand(CLI::App& app);
void AddPlanCommand(CLI::App& app);
void AddSignupCommand(CLI::App& app);
void AddInviteCommand(CLI::App& app);

}  // namespace shoal
