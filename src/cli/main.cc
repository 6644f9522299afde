// The `shoal` command: serve, replay, report, check, simulate, version.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Shoal: community operations for hundreds of chat groups, from one server.\n"
               "Start with `shoal check --config examples/shoal.yaml`, then `shoal simulate` and `shoal replay`."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("shoal ") + SHOAL_VERSION);
  shoal::RegisterCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return shoal::CommandExitCode();
}
