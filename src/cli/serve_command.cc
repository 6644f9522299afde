#include "cli/commands.h"
#include "server/serve.h"

namespace shoal {

void AddServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Run the server: HTTP ingest, engine, durable store");
  struct Opts {
    std::string config;
    ServeOptions serve;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--config,-c", o->config, "Config file (YAML)")->required();
  cmd->add_option("--port,-p", o->serve.port, "TCP port (overrides server.port; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--listen", o->serve.listen, "Address to bind (overrides server.listen)");
  cmd->add_option("--db", o->serve.db, "SQLite database path (overrides store.path)");
  cmd->add_option("--port-file", o->serve.port_file, "Write the bound port to this file once listening");
  cmd->add_option("--threads", o->serve.threads, "HTTP I/O threads")->check(CLI::Range(1, 64));
  cmd->add_option("--web", o->serve.web, "Directory of the built dashboard (default: web/ beside the binary)");
  cmd->add_flag("--secure-cookie", o->serve.secure_cookie, "Mark the dashboard session cookie Secure (behind TLS)");
  cmd->add_option("--clock", o->serve.clock, "wall: log ticks so timers fire on time; events: time moves only with events (backfill)")
      ->check(CLI::IsMember({"wall", "events"}));
  cmd->callback([o] {
    auto cfg = LoadConfigOrReport(o->config);
    if (!cfg) return SetCommandExitCode(2);
    SetCommandExitCode(RunServer(cfg, o->serve));
  });
}

}  // namespace shoal
