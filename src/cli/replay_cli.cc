#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/replay_command.h"

namespace shoal {

void AddReplayCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "replay", "Run the engine over a JSONL file of canonical events and write every action, one JSON per line");
  struct Opts {
    std::string config, events = "-", actions = "-";
    bool stop_on_error = false, quiet = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--config,-c", o->config, "Config file (YAML)")->required();
  cmd->add_option("--events,-e", o->events, "Events JSONL file ('-' = stdin)");
  cmd->add_option("--actions,-a", o->actions, "Where to write actions JSONL ('-' = stdout)");
  cmd->add_flag("--stop-on-error", o->stop_on_error, "Stop at the first bad line instead of skipping it");
  cmd->add_flag("--quiet,-q", o->quiet, "No summary or progress on stderr");
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
    std::ofstream out_file;
    std::ostream* out = &std::cout;
    if (o->actions != "-") {
      out_file.open(o->actions, std::ios::binary | std::ios::trunc);
      if (!out_file) {
        std::cerr << "shoal: cannot write actions file " << o->actions << "\n";
        return SetCommandExitCode(2);
      }
      out = &out_file;
    }
    std::string buffer;
    ReplayOptions options;
    options.stop_on_error = o->stop_on_error;
    options.progress = !o->quiet;
    options.errors = &std::cerr;
    auto result = ReplayStream(*in, *engine, options, [&](const std::string& line) {
      buffer += line;
      buffer += '\n';
      if (buffer.size() > (1 << 20)) {
        out->write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        buffer.clear();
      }
    });
    out->write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out->flush();
    if (!o->quiet) {
      std::cerr << "replay: " << result.accepted << " events applied, " << result.rejected << " rejected, "
                << result.actions << " actions" << (result.stopped_early ? " (stopped at the first error)" : "")
                << "\n";
    }
    if (!result.io_error.empty()) {
      std::cerr << "shoal: " << result.io_error << "\n";
      return SetCommandExitCode(2);
    }
    if (!*out) {
      std::cerr << "shoal: failed writing actions\n";
      return SetCommandExitCode(2);
    }
    SetCommandExitCode(result.rejected ? 1 : 0);
  });
}

}  // namespace shoal
