// Spine benchmarks: replay throughput, snapshot restart time and memory per
// membership, each against a baseline measured in the same run on the same
// events. Figures are ratios; absolute times on shared machines are noise.
//
//   build/replay_bench [events_millions=2] [restart_events_millions=10]
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shoal/engine.h"
#include "shoal/event_codec.h"
#include "sim/simulator.h"

using namespace shoal;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

long RssKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

std::shared_ptr<const Config> BenchConfig(int groups) {
  std::string yaml = "timezone: Asia/Shanghai\nstaff: ['qq:10001']\ncommunities:\n";
  for (int c = 0; c < 10; ++c) {
    yaml += "  - id: c" + std::to_string(c) + "\n    groups:\n";
    for (int g = c; g < groups; g += 10) yaml += "      - {id: 'qq:" + std::to_string(100001 + g) + "'}\n";
  }
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "bench.yaml", &diag);
  if (!cfg) {
    std::fprintf(stderr, "%s", diag.ToString().c_str());
    std::exit(2);
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

std::vector<std::string> MakeLines(size_t target, int groups, int* members_out) {
  SimOptions sim;
  sim.seed = 11;
  sim.days = 30;
  sim.members = static_cast<int>(target / 16) + 100;  // ~16 events per member per month
  for (int g = 0; g < groups; ++g) sim.group_ids.push_back("qq:" + std::to_string(100001 + g));
  sim.staff = {"qq:10001"};
  std::vector<std::string> lines;
  lines.reserve(target);
  std::string buf;
  while (lines.size() < target) {
    Simulate(sim, [&](const Event& e) {
      if (lines.size() >= target) return;
      buf.clear();
      AppendEventJson(e, &buf);
      lines.push_back(buf);
    });
    sim.start_day = "2026-03-01";  // a second month if more events are wanted
    sim.seed++;
    if (lines.size() < target) sim.start_day = "2026-0" + std::to_string(3 + lines.size() / target) + "-01";
  }
  *members_out = sim.members;
  return lines;
}

struct ReplayFigures {
  double seconds;
  uint64_t applied;
};

ReplayFigures Replay(Engine& engine, const std::vector<std::string>& lines) {
  EventParser parser(engine.config().limits);
  Event e;
  EventError err;
  std::vector<Action> actions;
  uint64_t applied = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& line : lines) {
    if (!parser.Parse(line, &e, &err) || !engine.Admit(e, &err)) continue;
    e.seq = ++applied;
    actions.clear();
    engine.Apply(e, &actions);
  }
  return {Seconds(t0), applied};
}

double ParseOnly(const std::vector<std::string>& lines) {
  EventParser parser;
  Event e;
  EventError err;
  auto t0 = std::chrono::steady_clock::now();
  size_t ok = 0;
  for (const auto& line : lines) ok += parser.Parse(line, &e, &err);
  double s = Seconds(t0);
  if (ok == 0) std::fprintf(stderr, "nothing parsed\n");
  return s;
}

double SqliteBaseline(const std::vector<std::string>& lines) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE events(seq INTEGER PRIMARY KEY, body TEXT)", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO events(seq, body) VALUES(?, ?)", -1, &st, nullptr);
  auto t0 = std::chrono::steady_clock::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (size_t i = 0; i < lines.size(); ++i) {
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(i + 1));
    sqlite3_bind_text(st, 2, lines[i].data(), static_cast<int>(lines[i].size()), SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
    if (i % 8192 == 8191) {
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    }
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  double s = Seconds(t0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double millions = argc > 1 ? std::atof(argv[1]) : 2.0;
  double restart_millions = argc > 2 ? std::atof(argv[2]) : 10.0;
  const int groups = 200;
  auto cfg = BenchConfig(groups);

  int members = 0;
  auto lines = MakeLines(static_cast<size_t>(millions * 1e6), groups, &members);
  std::printf("== replay: %zu simulated events, %d groups, %d members\n", lines.size(), groups, members);
  double parse_s = ParseOnly(lines);
  double sqlite_s = SqliteBaseline(lines);
  auto engine = Engine::Create(cfg, nullptr);
  auto replay = Replay(*engine, lines);
  double eps = static_cast<double>(replay.applied) / replay.seconds;
  std::printf("  shoal replay (parse+validate+admit+apply)  %10.0f events/s\n", eps);
  std::printf("  baseline: SQLite prepared insert, 8k/txn   %10.0f rows/s   ratio replay/sqlite = %.2f\n",
              lines.size() / sqlite_s, sqlite_s / replay.seconds);
  std::printf("  baseline: JSON parse+validate only         %10.0f lines/s  replay costs %.2fx parsing\n",
              lines.size() / parse_s, replay.seconds / parse_s);
  lines.clear();
  lines.shrink_to_fit();
  engine.reset();

  // Restart: state after N events; snapshot load vs replaying everything.
  auto big = MakeLines(static_cast<size_t>(restart_millions * 1e6), groups, &members);
  long rss0 = RssKb();
  auto e1 = Engine::Create(cfg, nullptr);
  auto full = Replay(*e1, big);
  long rss1 = RssKb();
  auto t0 = std::chrono::steady_clock::now();
  std::string snap = e1->SaveSnapshot();
  double save_s = Seconds(t0);
  size_t memberships = e1->membership_count();
  e1.reset();
  auto e2 = Engine::Create(cfg, nullptr);
  t0 = std::chrono::steady_clock::now();
  std::string why;
  bool ok = e2->LoadSnapshot(snap, &why);
  double load_s = Seconds(t0);
  std::printf("== restart after %llu events (%zu memberships)\n", static_cast<unsigned long long>(full.applied),
              memberships);
  std::printf("  snapshot: %.1f MB, save %.3f s, load %.3f s (%s)\n", snap.size() / 1e6, save_s, load_s,
              ok ? "ok" : why.c_str());
  std::printf("  baseline: full replay of the log %.3f s    restart/replay = %.3f\n", full.seconds,
              load_s / full.seconds);
  std::printf("== memory: %.0f bytes resident per membership (RSS grew %.1f MB for %zu memberships, incl. per-day stats)\n",
              (rss1 - rss0) * 1024.0 / std::max<size_t>(1, memberships), (rss1 - rss0) / 1024.0, memberships);
  return ok ? 0 : 1;
}
