// Analytics on real chat logs (the Ubuntu IRC corpus: 262k rows, 5 channels, one
// group per channel) and on simulated histories:
//  - Shoal: ingest every event through the engine (incremental state), then build
//    the full report; and the report alone from the incremental state.
//  - SQLite (in memory, same run): load the rows (with an index), then run the
//    GROUP BY queries that compute the same numbers; and the queries alone.
// The ratios are printed at the end. Also prints how well the quiet-group warning
// predicts silences, on the IRC channels and on simulated groups that die.
//   build/analytics_bench [--benchmark_filter=...]   (SHOAL_BENCH_SIM_MEMBERS / _DAYS size the simulation)
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/lifecycle.h"
#include "shoal/engine.h"
#include "shoal/rng.h"
#include "shoal/zone.h"
#include "sim/simulator.h"

namespace shoal {
namespace {

struct Row {
  std::string group, member, kind;  // kind: msg | join | leave
  Micros ts;
  int64_t day, week;
};

struct History {
  std::string name;
  std::vector<std::string> groups;
  std::vector<Event> events;
  std::vector<Row> rows;
};

std::string ConfigFor(const std::vector<std::string>& groups) {
  std::string y = "timezone: UTC\nstore: {kind: memory}\nlimits: {max_skew: 3650d, dedup_window: 0}\n"
                  "communities:\n  - id: c\n    groups:\n";
  for (const auto& g : groups) y += "      - {id: \"" + g + "\"}\n";
  return y;
}

void AddRow(History& h, const Event& e) {
  const char* kind = e.type == EventType::kMessage ? "msg" : e.type == EventType::kJoin ? "join" : e.type == EventType::kLeave ? "leave" : nullptr;
  if (!kind) return;
  int64_t day = e.ts.utc / kMicrosPerDay;
  h.rows.push_back({e.group, e.member, kind, e.ts.utc, day, (day + 3) / 7});
}

History LoadIrc() {
  History h;
  h.name = "irc";
  // The shared folder sits beside the main checkout; a worktree one level deeper finds it one up.
  const std::string rel = "/corpus/chat_irc_ubuntu_kummerfeld/chat_irc_ubuntu_kummerfeld.tsv";
  std::ifstream in;
  for (std::string dir : {std::string(std::getenv("SHOAL_SHARED") ? std::getenv("SHOAL_SHARED") : ""),
                          std::string(SHOAL_SHARED_DIR), std::string(SHOAL_SHARED_DIR).substr(0, std::string(SHOAL_SHARED_DIR).size() - 6) + "../shared"}) {
    if (dir.empty()) continue;
    in.open(dir + rel);
    if (in) break;
    in.clear();
  }
  if (!in) {
    std::cerr << "IRC corpus not found (set SHOAL_SHARED to the shared folder)\n";
    std::exit(2);
  }
  std::string line;
  std::getline(in, line);  // header
  uint64_t n = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() < 5) continue;
    Event e;
    auto ts = ParseRfc3339(f[0] + "Z");
    if (!ts) continue;
    e.ts = *ts;
    e.group = "irc:" + f[1];
    e.member = "irc:" + f[3];
    e.name = f[3];
    const std::string text = f.size() > 5 ? f[5] : "";
    if (f[4] == "msg" || f[4] == "action") {
      e.type = EventType::kMessage;
      e.text = text;
      e.msg_id = std::to_string(++n);
    } else if (f[4] == "system" && text.find("has joined") != std::string::npos) {
      e.type = EventType::kJoin;
    } else if (f[4] == "system" && (text.find("has left") != std::string::npos || text.find("has quit") != std::string::npos)) {
      e.type = EventType::kLeave;
    } else {
      continue;
    }
    h.events.push_back(std::move(e));
  }
  std::stable_sort(h.events.begin(), h.events.end(), [](const Event& a, const Event& b) { return a.ts.utc < b.ts.utc; });
  std::set<std::string> groups;
  for (const auto& e : h.events) {
    groups.insert(e.group);
    AddRow(h, e);
  }
  h.groups.assign(groups.begin(), groups.end());
  return h;
}

History Simulated(int members, int days, int groups, uint64_t seed) {
  History h;
  h.name = "sim";
  SimOptions o;
  o.seed = seed;
  o.members = members;
  o.days = days;
  o.groups = groups;
  o.utc_offset_minutes = 0;
  Simulate(o, [&](const Event& e) { h.events.push_back(e); });
  std::set<std::string> gs;
  for (const auto& e : h.events) {
    if (!e.group.empty()) gs.insert(e.group);
    AddRow(h, e);
  }
  h.groups.assign(gs.begin(), gs.end());
  return h;
}

std::unique_ptr<Engine> Ingest(const History& h) {
  Diagnostics diag;
  std::shared_ptr<const Config> cfg = LoadConfigString(ConfigFor(h.groups), "<bench>", &diag);
  if (!cfg) {
    std::cerr << diag.ToString();
    std::abort();
  }
  std::string why;
  auto engine = Engine::Create(cfg, &why);
  std::vector<Action> out;
  for (const Event& e : h.events) {
    if (!engine->Admit(e, nullptr)) continue;
    engine->Apply(e, &out);
    out.clear();
  }
  return engine;
}

// --- SQLite: the same numbers by GROUP BY ------------------------------------------------

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::cerr << "sqlite: " << (err ? err : "?") << " in " << sql << "\n";
    std::abort();
  }
}

sqlite3* SqliteLoad(const History& h) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  Exec(db, "CREATE TABLE ev(grp TEXT, member TEXT, kind TEXT, ts INTEGER, day INTEGER, week INTEGER)");
  Exec(db, "BEGIN");
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO ev VALUES(?,?,?,?,?,?)", -1, &st, nullptr);
  for (const Row& r : h.rows) {
    sqlite3_bind_text(st, 1, r.group.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r.member.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r.kind.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, r.ts);
    sqlite3_bind_int64(st, 5, r.day);
    sqlite3_bind_int64(st, 6, r.week);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  Exec(db, "COMMIT");
  Exec(db, "CREATE INDEX ev_kind ON ev(kind, grp, day, member)");
  Exec(db, "CREATE INDEX ev_member ON ev(member, week)");
  return db;
}

// Written in the SQL that SQLite and DuckDB share (bench/duckdb_compare.mjs runs the same list).
const char* kQueries[] = {
    // per group per day: messages, distinct speakers
    "SELECT grp, day, COUNT(*), COUNT(DISTINCT member) FROM ev WHERE kind='msg' GROUP BY grp, day",
    // per group per day: joins, leaves
    "SELECT grp, day, SUM(CASE WHEN kind='join' THEN 1 ELSE 0 END), SUM(CASE WHEN kind='leave' THEN 1 ELSE 0 END) FROM ev WHERE kind IN ('join','leave') GROUP BY grp, day",
    // community per day: distinct speakers
    "SELECT day, COUNT(DISTINCT member) FROM ev WHERE kind='msg' GROUP BY day",
    // DAU / WAU / MAU per group and community, as of the last day
    "WITH m AS (SELECT MAX(day) d FROM ev) SELECT grp, COUNT(DISTINCT CASE WHEN day=d THEN member END),"
    " COUNT(DISTINCT CASE WHEN day>d-7 THEN member END), COUNT(DISTINCT member) FROM ev, m"
    " WHERE kind='msg' AND day>d-30 GROUP BY grp",
    "WITH m AS (SELECT MAX(day) d FROM ev) SELECT COUNT(DISTINCT CASE WHEN day=d THEN member END),"
    " COUNT(DISTINCT CASE WHEN day>d-7 THEN member END), COUNT(DISTINCT member) FROM ev, m WHERE kind='msg' AND day>d-30",
    // members present per group (joins - leaves) and members who ever spoke
    "SELECT grp, SUM(CASE WHEN kind='join' THEN 1 WHEN kind='leave' THEN -1 ELSE 0 END),"
    " COUNT(DISTINCT CASE WHEN kind='msg' THEN member END) FROM ev GROUP BY grp",
    // concentration: top-20% share and Gini over per-member message counts
    "WITH c AS (SELECT member, COUNT(*) n FROM ev WHERE kind='msg' GROUP BY member),"
    " r AS (SELECT n, ROW_NUMBER() OVER (ORDER BY n DESC) rk, COUNT(*) OVER () tot, SUM(n) OVER () s FROM c)"
    " SELECT SUM(CASE WHEN rk * 10 <= tot * 2 + 9 THEN n END)*1.0/MAX(s),"
    " SUM((2.0*(tot-rk+1)-tot-1)*n)/(MAX(tot)*MAX(s)) FROM r",
    // per group concentration input
    "SELECT grp, member, COUNT(*) FROM ev WHERE kind='msg' GROUP BY grp, member",
    // join-week cohorts x weeks speaking
    "WITH f AS (SELECT member, MIN(week) w0 FROM ev GROUP BY member),"
    " a AS (SELECT DISTINCT member, week FROM ev WHERE kind='msg')"
    " SELECT f.w0, a.week - f.w0, COUNT(*) FROM f JOIN a USING(member) GROUP BY 1, 2",
    // member profiles: messages, active days, last active day
    "SELECT member, COUNT(*), COUNT(DISTINCT day), MAX(day) FROM ev WHERE kind='msg' GROUP BY member",
    // lifecycle inputs: messages and speakers in the last two weeks, last message day
    "WITH m AS (SELECT MAX(day) d FROM ev) SELECT grp, SUM(CASE WHEN day>d-7 THEN 1 ELSE 0 END), SUM(CASE WHEN day<=d-7 THEN 1 ELSE 0 END), MAX(day) FROM ev, m"
    " WHERE kind='msg' AND day>d-14 GROUP BY grp",
};

int64_t SqliteQueries(sqlite3* db) {
  int64_t rows = 0;
  for (const char* q : kQueries) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, q, -1, &st, nullptr) != SQLITE_OK) {
      std::cerr << "sqlite: " << sqlite3_errmsg(db) << "\n";
      std::abort();
    }
    while (sqlite3_step(st) == SQLITE_ROW) ++rows;
    sqlite3_finalize(st);
  }
  return rows;
}

// --- the benchmarks ---------------------------------------------------------------------

const History& Irc() {
  static History h = LoadIrc();
  return h;
}
const History& Sim() {
  static History h = [] {
    const char* m = std::getenv("SHOAL_BENCH_SIM_MEMBERS");
    const char* d = std::getenv("SHOAL_BENCH_SIM_DAYS");
    return Simulated(m ? std::atoi(m) : 20000, d ? std::atoi(d) : 60, 50, 11);
  }();
  return h;
}
const History& Pick(int which) { return which == 0 ? Irc() : Sim(); }

std::map<std::string, double> g_seconds;  // benchmark name -> seconds per iteration

void Record(benchmark::State& state, const std::string& name, double seconds) {
  g_seconds[name] = seconds / static_cast<double>(state.iterations());
}

// Bytes in use on the heap (glibc): what the engine's state really holds, unlike RSS,
// which keeps pages freed by earlier runs.
int64_t HeapBytes() { return static_cast<int64_t>(mallinfo2().uordblks); }

void BM_ShoalIngestAndReport(benchmark::State& state) {
  const History& h = Pick(static_cast<int>(state.range(0)));
  double total = 0;
  int64_t heap = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    int64_t before = HeapBytes();
    auto engine = Ingest(h);
    heap = std::max(heap, HeapBytes() - before);
    nlohmann::json report;
    engine->Report(report);
    benchmark::DoNotOptimize(report);
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  Record(state, h.name + "/shoal_ingest_report", total);
  state.counters["events"] = static_cast<double>(h.events.size());
  state.counters["engine_heap_MB"] = static_cast<double>(heap) / (1 << 20);
}

void BM_ShoalReport(benchmark::State& state) {
  const History& h = Pick(static_cast<int>(state.range(0)));
  auto engine = Ingest(h);
  std::string snapshot = engine->SaveSnapshot();
  double total = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    nlohmann::json report;
    engine->Report(report);
    benchmark::DoNotOptimize(report);
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  Record(state, h.name + "/shoal_report", total);
  state.counters["state_MB"] = static_cast<double>(snapshot.size()) / (1 << 20);
}

void BM_ShoalGroupDashboard(benchmark::State& state) {
  const History& h = Pick(static_cast<int>(state.range(0)));
  auto engine = Ingest(h);
  size_t i = 0;
  for (auto _ : state) {
    nlohmann::json g;
    engine->GroupStats(h.groups[i++ % h.groups.size()], g);
    benchmark::DoNotOptimize(g);
  }
}

void BM_SqliteLoadAndQuery(benchmark::State& state) {
  const History& h = Pick(static_cast<int>(state.range(0)));
  double total = 0;
  int64_t mem = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    sqlite3* db = SqliteLoad(h);
    benchmark::DoNotOptimize(SqliteQueries(db));
    mem = std::max<int64_t>(mem, sqlite3_memory_used());
    sqlite3_close(db);
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  Record(state, h.name + "/sqlite_load_query", total);
  state.counters["sqlite_MB"] = static_cast<double>(mem) / (1 << 20);
}

void BM_SqliteQuery(benchmark::State& state) {
  const History& h = Pick(static_cast<int>(state.range(0)));
  sqlite3* db = SqliteLoad(h);
  double total = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(SqliteQueries(db));
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  sqlite3_close(db);
  Record(state, h.name + "/sqlite_query", total);
}

BENCHMARK(BM_ShoalIngestAndReport)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_SqliteLoadAndQuery)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_ShoalReport)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteQuery)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_ShoalGroupDashboard)->Arg(0)->Unit(benchmark::kMicrosecond);

// --- how well the quiet-group warning predicts silence ----------------------------------

analytics::DailySeries SeriesOf(const History& h, const std::string& group, std::set<std::string>* staff = nullptr) {
  analytics::DailySeries s;
  std::map<int64_t, std::set<std::string>> speakers;
  for (const Row& r : h.rows) {
    if (r.group != group || r.kind != "msg") continue;
    ++s[r.day].messages;
    speakers[r.day].insert(r.member);
  }
  for (auto& [d, set] : speakers) s[d].speakers = static_cast<int64_t>(set.size());
  return s;
}

void PrintScore(const std::string& what, const analytics::WarningScore& w) {
  std::vector<int64_t> lead = w.lead_days;
  std::sort(lead.begin(), lead.end());
  int64_t median = lead.empty() ? 0 : lead[lead.size() / 2];
  std::printf("%-44s silences %4lld  warned ahead %4lld  late %4lld  missed %4lld  median lead %3lld d  "
              "episodes %4lld  false alarms %4lld (%.0f%%)\n",
              what.c_str(), (long long)w.silences, (long long)w.warned_ahead, (long long)w.warned_late,
              (long long)w.missed, (long long)median, (long long)w.episodes, (long long)w.false_alarms,
              w.episodes ? 100.0 * w.false_alarms / w.episodes : 0.0);
}

void WarningFigures() {
  analytics::LifecycleRules rules;
  // IRC: each channel is a group. The corpus holds sampled days (segments) with gaps
  // of weeks to years between them, so most "silences" here are sampling gaps.
  analytics::WarningScore irc;
  const History& h = Irc();
  for (const auto& g : h.groups) {
    auto s = SeriesOf(h, g);
    if (s.empty()) continue;
    analytics::AddScore(irc, analytics::ScoreWarnings(s, s.begin()->first, s.rbegin()->first, rules));
  }
  PrintScore("IRC channels (5 groups, sampled days)", irc);

  // Simulated: 40 groups over 120 days; half of them die. From a random day their
  // messages thin out linearly to nothing over `fade` days (deterministic seed).
  for (int fade : {1, 7, 14}) {
    History sim = Simulated(8000, 120, 40, 5);
    Rng rng(99 + fade);
    int64_t first_day = INT64_MAX, last_day = INT64_MIN;
    for (const Row& r : sim.rows) {
      first_day = std::min(first_day, r.day);
      last_day = std::max(last_day, r.day);
    }
    std::map<std::string, int64_t> dies_from;
    for (size_t i = 0; i < sim.groups.size(); i += 2)
      dies_from[sim.groups[i]] = first_day + 40 + static_cast<int64_t>(rng.Below(60));
    analytics::WarningScore dying, healthy;
    std::vector<Row> kept;
    Rng thin(7);
    for (const Row& r : sim.rows) {
      auto it = dies_from.find(r.group);
      if (r.kind == "msg" && it != dies_from.end() && r.day >= it->second) {
        double keep = 1.0 - static_cast<double>(r.day - it->second + 1) / fade;
        if (thin.Unit() >= keep) continue;
      }
      kept.push_back(r);
    }
    sim.rows = std::move(kept);
    for (const auto& g : sim.groups) {
      auto s = SeriesOf(sim, g);
      auto score = analytics::ScoreWarnings(s, first_day, last_day, rules);
      analytics::AddScore(dies_from.count(g) ? dying : healthy, score);
    }
    PrintScore("simulated dying groups, fade " + std::to_string(fade) + "d (20 groups)", dying);
    PrintScore("simulated healthy groups (20 groups)", healthy);
  }
}

// The long-history run: a simulated history streamed straight into the engine (nothing
// kept but the engine's own state), then the full report. Prints events/s, report time
// and heap; SQLite is not run at this size (loading alone would take most of an hour).
int ScaleRun(int members, int days, int groups) {
  SimOptions o;
  o.seed = 17;
  o.members = members;
  o.days = days;
  o.utc_offset_minutes = 0;
  for (int g = 1; g <= groups; ++g) o.group_ids.push_back("qq:" + std::to_string(100000 + g));
  Diagnostics diag;
  std::shared_ptr<const Config> cfg = LoadConfigString(ConfigFor(o.group_ids), "<bench>", &diag);
  if (!cfg) {
    std::cerr << diag.ToString();
    return 1;
  }
  std::string why;
  auto engine = Engine::Create(cfg, &why);
  int64_t heap0 = HeapBytes();
  std::vector<Action> out;
  uint64_t applied = 0;
  auto t0 = std::chrono::steady_clock::now();
  SimStats stats = Simulate(o, [&](const Event& e) {
    if (!engine->Admit(e, nullptr)) return;
    engine->Apply(e, &out);
    out.clear();
    if (++applied % 10'000'000 == 0) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "scale: %llu events applied, %.0f s, %.0f events/s\n", (unsigned long long)applied, s,
                   applied / s);
    }
  });
  double ingest_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int64_t heap = HeapBytes() - heap0;
  double best_report = 1e9;
  size_t report_bytes = 0;
  for (int i = 0; i < 3; ++i) {
    auto r0 = std::chrono::steady_clock::now();
    nlohmann::json report;
    engine->Report(report);
    best_report = std::min(best_report, std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count());
    report_bytes = report.dump().size();
  }
  size_t snapshot = engine->SaveSnapshot().size();
  std::printf("scale: %llu events (%llu messages) from %d members in %d groups over %d days\n",
              (unsigned long long)stats.events, (unsigned long long)stats.messages, members, groups, days);
  std::printf("scale: simulate + ingest %.1f s (%.0f events/s, simulator included)\n", ingest_s,
              stats.events / ingest_s);
  std::printf("scale: full report %.1f ms (%.1f MB of JSON), engine heap %.0f MB, snapshot %.0f MB\n",
              best_report * 1e3, report_bytes / 1048576.0, heap / 1048576.0, snapshot / 1048576.0);
  return 0;
}

// Writes each history's rows as CSV and the queries, one a line, for bench/duckdb_compare.mjs.
bool DumpRows(const std::string& dir) {
  for (const History* h : {&Irc(), &Sim()}) {
    std::ofstream out(dir + "/" + h->name + ".csv", std::ios::binary | std::ios::trunc);
    out << "grp,member,kind,ts,day,week\n";
    for (const Row& r : h->rows)
      out << r.group << ',' << r.member << ',' << r.kind << ',' << r.ts << ',' << r.day << ',' << r.week << '\n';
    if (!out) return false;
  }
  std::ofstream q(dir + "/queries.sql", std::ios::binary | std::ios::trunc);
  for (const char* query : kQueries) q << query << "\n";
  return static_cast<bool>(q);
}

// DuckDB's figures from the same run (lines "irc query_ms 12.5"), written by duckdb_compare.mjs.
std::map<std::string, double> DuckdbSeconds() {
  std::map<std::string, double> out;
  const char* path = std::getenv("SHOAL_BENCH_DUCKDB_TIMES");
  if (!path) return out;
  std::ifstream in(path);
  std::string history, what;
  double ms = 0;
  while (in >> history >> what >> ms) out[history + "/" + what] = ms / 1e3;
  return out;
}

void PrintRatios() {
  auto duck = DuckdbSeconds();
  for (const std::string n : {"irc", "sim"}) {
    auto get = [&](const std::string& k) { return g_seconds.count(n + "/" + k) ? g_seconds[n + "/" + k] : 0.0; };
    auto dget = [&](const std::string& k) { return duck.count(n + "/" + k) ? duck[n + "/" + k] : 0.0; };
    if (get("shoal_report") > 0 && dget("query_ms") > 0)
      std::printf("%s: report from incremental state %.3f ms vs DuckDB queries %.1f ms: %.0fx faster\n", n.c_str(),
                  get("shoal_report") * 1e3, dget("query_ms") * 1e3, dget("query_ms") / get("shoal_report"));
    if (get("shoal_ingest_report") > 0 && dget("load_query_ms") > 0)
      std::printf("%s: ingest + report %.0f ms vs DuckDB CSV load + queries %.0f ms: %.2fx\n", n.c_str(),
                  get("shoal_ingest_report") * 1e3, dget("load_query_ms") * 1e3,
                  dget("load_query_ms") / get("shoal_ingest_report"));
    if (get("shoal_report") > 0 && get("sqlite_query") > 0)
      std::printf("%s: report from incremental state %.3f ms vs SQLite queries %.1f ms: %.0fx faster\n", n.c_str(),
                  get("shoal_report") * 1e3, get("sqlite_query") * 1e3, get("sqlite_query") / get("shoal_report"));
    if (get("shoal_ingest_report") > 0 && get("sqlite_load_query") > 0)
      std::printf("%s: ingest + report %.0f ms vs SQLite load + index + queries %.0f ms: %.2fx\n", n.c_str(),
                  get("shoal_ingest_report") * 1e3, get("sqlite_load_query") * 1e3,
                  get("sqlite_load_query") / get("shoal_ingest_report"));
  }
}

}  // namespace
}  // namespace shoal

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--scale")
    return shoal::ScaleRun(std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]));
  if (argc == 3 && std::string(argv[1]) == "--dump-rows") return shoal::DumpRows(argv[2]) ? 0 : 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::printf("IRC corpus: %zu events, %zu groups\n", shoal::Irc().events.size(), shoal::Irc().groups.size());
  std::printf("simulated: %zu events, %zu groups\n", shoal::Sim().events.size(), shoal::Sim().groups.size());
  benchmark::RunSpecifiedBenchmarks();
  shoal::PrintRatios();
  if (!std::getenv("SHOAL_BENCH_NO_WARNINGS")) shoal::WarningFigures();
  benchmark::Shutdown();
  return 0;
}
