#include <iostream>

#include "cli/commands.h"
#include "store/sqlite/sqlite_store.h"

namespace shoal {

// `shoal log export`: the durable event log as canonical JSONL, in seq order.
// Safe beside a running server (WAL readers do not block the writer).
void AddLogCommand(CLI::App& app) {
  auto* log = app.add_subcommand("log", "Inspect the durable event log");
  log->require_subcommand(1);
  auto* exp = log->add_subcommand("export", "Print logged events as JSONL (seq order)");
  struct Opts {
    std::string config, db;
    uint64_t after = 0;
    bool with_seq = false;
  };
  auto o = std::make_shared<Opts>();
  exp->add_option("--config,-c", o->config, "Config file (YAML); its store.path is the default --db")->required();
  exp->add_option("--db", o->db, "SQLite database path (overrides store.path)");
  exp->add_option("--after", o->after, "Only events with seq greater than this");
  exp->add_flag("--with-seq", o->with_seq, "Prefix each line with its seq and a tab");
  exp->callback([o] {
    auto cfg = LoadConfigOrReport(o->config);
    if (!cfg) return SetCommandExitCode(2);
    StoreStatus st;
    auto store = SqliteStore::Open(o->db.empty() ? cfg->store.path : o->db, &st);
    if (!store) {
      std::cerr << "shoal: " << st.ToString() << "\n";
      return SetCommandExitCode(2);
    }
    std::string buf;
    st = store->ReadEventsAfter(o->after, [&](const LoggedEvent& e) {
      if (o->with_seq) buf += std::to_string(e.seq) + '\t';
      buf += e.json;
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        std::cout << buf;
        buf.clear();
      }
      return true;
    });
    std::cout << buf << std::flush;
    if (!st.ok()) {
      std::cerr << "shoal: " << st.ToString() << "\n";
      return SetCommandExitCode(2);
    }
  });
}

}  // namespace shoal
