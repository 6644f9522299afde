#include "server/serve.h"

#include <atomic>

#include <pthread.h>
#include <signal.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "server/api.h"
#include "server/delivery.h"
#include "server/http_server.h"
#include "server/ingest.h"
#include "server/live_feed.h"
#include "server/platform_inbound.h"
#include "store/memory_store.h"
#include "store/sqlite/sqlite_store.h"

namespace shoal {

namespace {

// --web, else `web/` beside the binary (the build writes the dashboard to build/web next to build/shoal).
std::string WebRoot(const ServeOptions& options) {
  if (!options.web.empty()) return options.web;
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return "";
  exe[n] = '\0';
  return (std::filesystem::path(exe).parent_path() / "web").string();
}

}  // namespace

int RunServer(std::shared_ptr<const Config> config, const ServeOptions& options) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("shoal"));
  // Block the stop signals in every thread we start; this thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<Store> store;
  std::string db = options.db.empty() ? config->store.path : options.db;
  StoreStatus st;
  if (config->store.kind == "memory") {
    store = std::make_unique<MemoryStore>();
    spdlog::warn("store.kind is memory: nothing survives a restart");
  } else {
    auto sqlite = SqliteStore::Open(db, &st);
    if (!sqlite) {
      spdlog::error("cannot open store: {}", st.ToString());
      return 2;
    }
    if (sqlite->schema_version_found() != Store::kSchemaVersion)
      spdlog::info("store {}: schema migrated from version {} to {}", db, sqlite->schema_version_found(),
                   Store::kSchemaVersion);
    store = std::move(sqlite);
  }

  Metrics metrics;
  IngestOptions iopt;
  iopt.batch_max = static_cast<size_t>(config->store.batch_max);
  iopt.snapshot_every = config->store.snapshot_every;
  SystemClock wall_clock;
  std::string clock = options.clock.empty() ? config->server.clock : options.clock;
  if (clock != "wall" && clock != "events") {
    spdlog::error("unknown clock '{}': use wall or events", clock);
    return 2;
  }
  if (clock == "wall") iopt.clock = &wall_clock;
  iopt.tick_idle = config->server.tick_idle;
  LiveFeed live(config.get());
  // Platform adapters' inbound side (adapters: telegram / wecom): webhook routes or a poller.
  // Declared before ingest, which tells it about applied events (Telegram invite links).
  PlatformInbound inbound;
  iopt.on_applied = [&live, &inbound](const Event& e, const std::vector<Action>& actions) {
    live.Publish(e, actions);
    inbound.OnApplied(e);
  };
  RecoveryStats rs;
  // New actions wake the outbox at once instead of at its next idle poll (set once delivery runs).
  std::atomic<Delivery*> wake_delivery{nullptr};
  iopt.on_enqueued = [&wake_delivery](size_t) {
    if (Delivery* d = wake_delivery.load()) d->Wake();
  };
  auto ingest = Ingest::Start(config, store.get(), iopt, &metrics, &rs, &st);
  if (!ingest) {
    spdlog::error("cannot recover state from {}: {}", db, st.ToString());
    return 2;
  }
  if (!rs.snapshot_note.empty()) spdlog::warn("{}; rebuilding from the log", rs.snapshot_note);
  spdlog::info("recovered: snapshot seq {}{}, tail {} event(s) replayed ({} rejected by this config), "
               "{} action(s) re-enqueued, last seq {}, in {:.3f}s",
               rs.snapshot_seq, rs.snapshot_used ? "" : " (none used)", rs.tail_events, rs.tail_rejected,
               rs.actions_enqueued, rs.last_seq, rs.seconds);

  std::string listen = options.listen.empty() ? config->server.listen : options.listen;
  if (!config->server.auth && listen != "127.0.0.1" && listen != "::1" && listen != "localhost") {
    spdlog::error("server.auth is false, which is only allowed on a loopback address (listen is {}); "
                  "configure tokens (`shoal token new`) instead",
                  listen);
    return 2;
  }
  if (config->server.auth && config->server.tokens.empty()) {
    spdlog::warn("no API tokens configured: every request except /healthz will be refused with 401; "
                 "create one with `shoal token new --name NAME --role owner`");
  }
  AuditLog audit(config->store.kind == "memory" ? "" : db + ".audit.jsonl");
  if (!audit.ok()) spdlog::warn("cannot open the audit log {}: audit lines are kept in memory only", audit.path());
  Api api(ingest.get(), config.get(), &metrics, &audit);
  if (config->store.kind != "memory") {
    std::string sessions_why;
    if (!api.PersistSessions(db + ".sessions", &sessions_why))
      spdlog::warn("dashboard sessions kept in memory only: {}", sessions_why);
    else if (!sessions_why.empty())
      spdlog::warn("dashboard sessions: {}", sessions_why);
  }
  std::string inbound_why;
  if (!inbound.Start(*config, ingest.get(), &wall_clock, &inbound_why, config->store.kind == "memory" ? "" : db)) {
    spdlog::error("{}", inbound_why);
    return 2;
  }
  api.set_platform_inbound(&inbound);
  std::string delivery_why;
  auto delivery = Delivery::Start(*config, store.get(), ingest.get(), &metrics, &delivery_why, inbound.adapters());
  if (!delivery && !delivery_why.empty()) {
    spdlog::error("{}", delivery_why);
    return 2;
  }
  api.SetOutbox(store.get(), delivery ? &delivery->dispatcher() : nullptr);
  wake_delivery = delivery.get();
  api.SetLiveFeed(&live);
  api.SetWebRoot(WebRoot(options));
  api.SetSecureCookie(options.secure_cookie);
  if (api.web()->ok()) spdlog::info("dashboard served from {}", api.web()->root());
  else spdlog::warn("no dashboard at '{}' (build it with `make build`, or pass --web)", WebRoot(options));
  HttpOptions hopt;
  hopt.max_body_bytes = static_cast<uint64_t>(config->server.max_body_bytes);
  hopt.threads = options.threads;
  HttpServer http(&api, hopt);
  int port = options.port >= 0 ? options.port : config->server.port;
  std::string why;
  if (!http.Listen(listen, port, &why)) {
    spdlog::error("{}", why);
    return 2;
  }
  http.Start();
  spdlog::info("listening on {}:{} (store {}, batch_max {}, snapshot_every {}, clock {})", listen, http.port(),
               config->store.kind == "memory" ? "memory" : db, iopt.batch_max, iopt.snapshot_every, clock);
  if (!options.port_file.empty()) {
    std::ofstream pf(options.port_file + ".tmp");
    pf << http.port() << "\n";
    pf.close();
    std::rename((options.port_file + ".tmp").c_str(), options.port_file.c_str());  // readers never see half a file
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("{}: stopping: no new connections, finishing the batch", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  http.StopAccepting();
  wake_delivery = nullptr;
  if (delivery) delivery->Stop();  // platform connections first: their events still reach ingest
  inbound.Stop();  // the poller submits nothing after this
  ingest->Stop();  // answers everything queued, then snapshots
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the last answers reach their clients
  http.Stop();
  spdlog::info("stopped at seq {}", ingest->committed_seq());
  return 0;
}

}  // namespace shoal
