#include <iostream>

#include "cli/commands.h"
#include "server/auth.h"

namespace shoal {

// `shoal token new`: makes an API token and prints the config line that grants it. The
// secret is printed once and stored nowhere; the config keeps only its hash.
// `shoal token hash`: the hash of a token read from stdin (to re-grant an existing token).
void AddTokenCommand(CLI::App& app) {
  auto* token = app.add_subcommand("token", "Create API tokens for `shoal serve`");
  token->require_subcommand(1);
  struct Opts {
    std::string name, role = "operator";
    std::vector<std::string> communities;
  };
  auto o = std::make_shared<Opts>();
  auto* create = token->add_subcommand("new", "Print a new token and the server.tokens entry that grants it");
  create->add_option("--name", o->name, "Who holds it (shown in the audit log)")->required();
  create->add_option("--role", o->role, "owner, admin, operator or viewer")
      ->check(CLI::IsMember({"owner", "admin", "operator", "viewer"}));
  create->add_option("--community", o->communities, "Limit it to these communities (repeatable; default: all)");
  create->callback([o] {
    std::string secret = NewApiToken();
    if (secret.empty()) {
      std::cerr << "shoal: libsodium could not be initialised; no token made\n";
      return SetCommandExitCode(2);
    }
    std::cout << "token (shown once, stored nowhere; give it to " << o->name << "):\n  " << secret << "\n"
              << "add this under server.tokens in the config, then restart the server:\n"
              << "  - {name: \"" << o->name << "\", role: " << o->role;
    if (!o->communities.empty()) {
      std::cout << ", communities: [";
      for (size_t i = 0; i < o->communities.size(); ++i) std::cout << (i ? ", " : "") << '"' << o->communities[i] << '"';
      std::cout << "]";
    }
    std::cout << ", hash: \"" << HashApiToken(secret) << "\"}\n";
  });
  auto* hash = token->add_subcommand("hash", "Print the hash of a token read from standard input");
  hash->callback([] {
    std::string secret;
    std::getline(std::cin, secret);
    if (secret.rfind("shoal_", 0) != 0) {
      std::cerr << "shoal: expected a token starting with shoal_ on standard input\n";
      return SetCommandExitCode(2);
    }
    std::cout << HashApiToken(secret) << "\n";
  });
}

}  // namespace shoal
