#include <iostream>

#include "cli/commands.h"

namespace shoal {

void AddServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Run the server: HTTP ingest, engine, durable store");
  auto path = std::make_shared<std::string>();
  cmd->add_option("--config,-c", *path, "Config file (YAML)")->required();
  cmd->callback([path] {
    std::cerr << "serve: not built yet\n";
    SetCommandExitCode(2);
  });
}

}  // namespace shoal
