// Points + leaderboard updates: one operation = credit 1 point to a member
// (drawn from a fixed seeded stream over 10 000 members) and read the top 10,
// the same stream bench/points_vs_redis.sh sends Redis as ZINCRBY + ZREVRANGE.
// Baselines measured in the same run: a map + partial sort of every member
// (what "top N" costs when it scans), and a single in-process sorted set.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <set>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "features/leaderboard/leaderboard.h"
#include "features/points/points_ledger.h"
#include "shoal/config.h"
#include "shoal/engine.h"
#include "shoal/rng.h"
#include "shoal/zone.h"

namespace shoal {
namespace {

constexpr int kMembers = 10'000;
constexpr int kOpsPerIteration = 100'000;
const Micros kStart = 1'767'574'800LL * kMicrosPerSecond;  // 2026-01-05T09:00+08:00

}  // namespace

const std::vector<std::string>& MemberStream() {
  static const std::vector<std::string> stream = [] {
    Rng rng(1);
    std::vector<std::string> s;
    s.reserve(kOpsPerIteration);
    for (int i = 0; i < kOpsPerIteration; ++i) s.push_back("qq:" + std::to_string(100000 + rng.Below(kMembers)));
    return s;
  }();
  return stream;
}

namespace {

// The feature code itself: a ledger entry, the boards it lands on, and the
// all-time community top 10. Arg 0: one all-time community board (the same
// work as one Redis sorted set); arg 1: day/week/month/all-time boards for the
// community and the group (8 ordered updates per operation).
void BM_LedgerAndBoards(benchmark::State& state) {
  const auto& stream = MemberStream();
  auto zone = TimeZone::Find("Asia/Shanghai");
  LeaderboardConfig cfg;
  bool full = state.range(0) == 1;
  cfg.periods = {full, full, full, false, true};
  std::string group = full ? "qq:1" : "";
  int64_t checksum = 0;
  for (auto _ : state) {
    PointsLedger ledger(PointsRules{}, zone);
    Leaderboard boards(cfg, zone);
    Micros ts = kStart;
    for (const auto& m : stream) {
      ledger.Credit(ts++, group, m, 1, "message", "");
      boards.Sync(ledger);
      checksum += boards.Find(Period::kAll, ts, "")->Top(10).front().points;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
}
BENCHMARK(BM_LedgerAndBoards)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(5);

// The whole engine: canonical message events in, points and boards updated,
// and every event a "my rank" question answered from the boards (an action out).
void BM_EngineMessagesWithRank(benchmark::State& state) {
  const auto& stream = MemberStream();
  const char* yaml = R"(
tenant: bench
timezone: Asia/Shanghai
store: {kind: memory}
features:
  points:
    message: {points: 1, cooldown: 0s, daily_cap: 1000000000, min_length: 1}
  leaderboard:
    periods: [day, week, month, all]
    rank_keywords: ["我的排名"]
    rank_period: all
communities:
  - id: c1
    groups: [{id: "qq:1"}]
)";
  Diagnostics diag;
  std::shared_ptr<const Config> config = LoadConfigString(yaml, "bench", &diag);
  if (!config) {
    state.SkipWithError(diag.ToString().c_str());
    return;
  }
  std::vector<Event> events(stream.size());
  for (size_t i = 0; i < stream.size(); ++i) {
    events[i].type = EventType::kMessage;
    events[i].ts.utc = kStart + static_cast<Micros>(i) * 1000;
    events[i].group = "qq:1";
    events[i].member = stream[i];
    events[i].text = "我的排名";
    events[i].msg_id = std::to_string(i);
  }
  std::vector<Action> out;
  for (auto _ : state) {
    std::string why;
    auto engine = Engine::Create(config, &why);
    for (const auto& e : events) {
      out.clear();
      engine->Apply(e, &out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
}
BENCHMARK(BM_EngineMessagesWithRank)->Unit(benchmark::kMillisecond)->Iterations(3);

// Baseline: scores in a hash map, top 10 by partial sort of every member each time.
void BM_BaselineMapScanTop10(benchmark::State& state) {
  const auto& stream = MemberStream();
  int64_t checksum = 0;
  for (auto _ : state) {
    std::unordered_map<std::string, int64_t> scores;
    std::vector<std::pair<int64_t, const std::string*>> all;
    for (const auto& m : stream) {
      ++scores[m];
      all.clear();
      for (const auto& [k, v] : scores) all.emplace_back(-v, &k);
      size_t n = std::min<size_t>(10, all.size());
      std::partial_sort(all.begin(), all.begin() + static_cast<ptrdiff_t>(n), all.end());
      checksum += -all.front().first;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
}
BENCHMARK(BM_BaselineMapScanTop10)->Unit(benchmark::kMillisecond)->Iterations(1);

// Baseline: one sorted set (hash + ordered set, the shape of a Redis zset) in process.
void BM_BaselineOneSortedSet(benchmark::State& state) {
  const auto& stream = MemberStream();
  int64_t checksum = 0;
  for (auto _ : state) {
    std::unordered_map<std::string, int64_t> scores;
    std::set<std::pair<int64_t, std::string>> order;
    for (const auto& m : stream) {
      int64_t& s = scores[m];
      if (s) order.erase({-s, m});
      ++s;
      order.emplace(-s, m);
      int n = 0;
      for (auto it = order.begin(); it != order.end() && n < 10; ++it, ++n) checksum += -it->first;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
}
BENCHMARK(BM_BaselineOneSortedSet)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace shoal

// `points_bench --dump-redis-stream` writes the same operation stream as Redis
// commands in RESP (ZINCRBY + ZREVRANGE top 10 per operation) for redis-cli --pipe.
int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--dump-redis-stream") {
    auto resp = [](std::initializer_list<std::string_view> args) {
      std::string out = "*" + std::to_string(args.size()) + "\r\n";
      for (auto a : args) out += "$" + std::to_string(a.size()) + "\r\n" + std::string(a) + "\r\n";
      return out;
    };
    std::string out;
    for (const auto& m : shoal::MemberStream()) {
      out += resp({"ZINCRBY", "board", "1", m});
      out += resp({"ZREVRANGE", "board", "0", "9", "WITHSCORES"});
    }
    fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
