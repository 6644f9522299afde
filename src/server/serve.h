// Runs `shoal serve`: opens the store, recovers state, serves HTTP until
// SIGTERM/SIGINT, then stops accepting, finishes the batch, snapshots, returns 0.
#pragma once
#include <memory>
#include <string>

#include "shoal/config.h"

namespace shoal {

struct ServeOptions {
  std::string db;         // overrides config.store.path
  std::string listen;     // overrides config.server.listen
  int port = -1;          // overrides config.server.port; 0 = any free port
  std::string port_file;  // where to write the bound port (tests, scripts)
  int threads = 2;
  std::string clock;      // overrides config.server.clock ("wall" or "events")
  std::string web;        // the built dashboard's directory (default: web/ beside the binary)
  bool secure_cookie = false;  // mark the dashboard's session cookie Secure (behind TLS)
};

int RunServer(std::shared_ptr<const Config> config, const ServeOptions& options);

}  // namespace shoal
