// Durable ingest cost: SqliteStore::AppendEvents (the server's group commit)
// against a baseline of plain prepared INSERTs into SQLite in transactions of
// the same size, same pragmas, same rows. BM_Compare runs both in one
// iteration and reports store_over_baseline (1.0 = no overhead).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>

#include "shoal/event_codec.h"
#include "sim/simulator.h"
#include "store/sqlite/sqlite_store.h"

namespace shoal {
namespace {

const std::vector<LoggedEvent>& Rows() {
  static const std::vector<LoggedEvent> rows = [] {
    std::vector<LoggedEvent> out;
    SimOptions sim;
    sim.members = 2000;
    sim.days = 20;
    Simulate(sim, [&](const Event& e) {
      LoggedEvent le;
      le.seq = out.size() + 1;
      AppendEventJson(e, &le.json);
      out.push_back(std::move(le));
    });
    out.resize(std::min<size_t>(out.size(), 20000));
    return out;
  }();
  return rows;
}

std::string FreshPath(const char* name) {
  auto p = std::filesystem::temp_directory_path() / (std::string("shoal_bench_") + name + ".db");
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + s);
  return p.string();
}

double StoreSeconds(size_t batch) {
  StoreStatus st;
  auto store = SqliteStore::Open(FreshPath("store"), &st);
  if (!store) return -1;
  const auto& rows = Rows();
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < rows.size(); i += batch) {
    std::span<const LoggedEvent> chunk(rows.data() + i, std::min(batch, rows.size() - i));
    if (!store->AppendEvents(chunk).ok()) return -1;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double BaselineSeconds(size_t batch) {
  sqlite3* db = nullptr;
  sqlite3_open(FreshPath("baseline").c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE events (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO events(seq, json) VALUES(?1, ?2)", -1, &ins, nullptr);
  const auto& rows = Rows();
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < rows.size(); i += batch) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (size_t j = i; j < std::min(rows.size(), i + batch); ++j) {
      sqlite3_bind_int64(ins, 1, static_cast<sqlite3_int64>(rows[j].seq));
      sqlite3_bind_text(ins, 2, rows[j].json.data(), static_cast<int>(rows[j].json.size()), SQLITE_STATIC);
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  return s;
}

void BM_Compare(benchmark::State& state) {
  size_t batch = static_cast<size_t>(state.range(0));
  double store = 0, base = 0;
  for (auto _ : state) {
    double s = StoreSeconds(batch), b = BaselineSeconds(batch);
    if (s < 0) return state.SkipWithError("store append failed");
    store += s;
    base += b;
    state.SetIterationTime(s + b);
  }
  double n = static_cast<double>(Rows().size()) * static_cast<double>(state.iterations());
  state.counters["store_events_per_s"] = n / store;
  state.counters["baseline_events_per_s"] = n / base;
  state.counters["store_over_baseline"] = store / base;
  state.counters["batch"] = static_cast<double>(batch);
}
BENCHMARK(BM_Compare)->Arg(64)->Arg(1024)->Arg(8192)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace shoal

BENCHMARK_MAIN();
