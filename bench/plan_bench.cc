// The SOP calendar at scale: one million scheduled entries across 100 000 groups.
// Measured in one run, each against a baseline of the same work done naively:
//  - memory per entry of the next-due index (and with each entry's one-off date);
//  - finding and rescheduling the next due entry: the indexed heap vs a linear scan;
//  - a day of minute ticks over the million entries: indexed vs scanning each tick;
//  - end to end: a day of ticks through the engine with the plan feature firing
//    20 000 daily entries into 2 000 groups (render, pace, emit), in ticks/s and posts/s.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <string>
#include <vector>

#include "schedule/due_index.h"
#include "schedule/recurrence.h"
#include "shoal/config.h"
#include "shoal/engine.h"
#include "shoal/rng.h"

namespace shoal {
namespace {

constexpr size_t kEntries = 1'000'000;
constexpr size_t kGroups = 100'000;
const Micros kStart = 1'772'326'800LL * kMicrosPerSecond;  // 2026-03-01T09:00+08:00

// A month plan's worth: every entry a one-off within 30 days, each for one of the groups.
std::vector<Micros> MonthOfDues() {
  Rng rng(11);
  std::vector<Micros> dues(kEntries);
  for (auto& d : dues) d = kStart + static_cast<Micros>(rng.Below(30 * 24 * 60)) * kMicrosPerMinute;
  return dues;
}

size_t HeapInUse() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

void BM_MemoryPerEntry(benchmark::State& state) {
  const auto dues = MonthOfDues();
  for (auto _ : state) {
    size_t before = HeapInUse();
    DueIndex index;
    index.Assign(dues);
    size_t index_bytes = HeapInUse() - before;
    std::vector<Recurrence> when(kEntries);
    std::vector<uint32_t> group(kEntries);
    for (size_t i = 0; i < kEntries; ++i) {
      when[i].once.push_back(dues[i]);
      group[i] = static_cast<uint32_t>(i % kGroups);
    }
    size_t all_bytes = HeapInUse() - before;
    state.counters["index_bytes_per_entry"] = static_cast<double>(index_bytes) / kEntries;
    state.counters["with_schedule_bytes_per_entry"] = static_cast<double>(all_bytes) / kEntries;
    benchmark::DoNotOptimize(when.data());
  }
}
BENCHMARK(BM_MemoryPerEntry)->Iterations(1)->Unit(benchmark::kMillisecond);

// One operation: take the entry due first and move it a day on (it fired). Indexed.
void BM_NextDueIndexed(benchmark::State& state) {
  const auto dues = MonthOfDues();
  DueIndex index;
  index.Assign(dues);
  int64_t checksum = 0;
  for (auto _ : state) {
    uint32_t id = index.Top();
    Micros due = index.TopDue();
    index.Set(id, due + kMicrosPerDay);
    checksum += id;
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NextDueIndexed);

// Baseline: the same operation by scanning every entry for the earliest.
void BM_NextDueScan(benchmark::State& state) {
  auto dues = MonthOfDues();
  int64_t checksum = 0;
  for (auto _ : state) {
    auto it = std::min_element(dues.begin(), dues.end());
    *it += kMicrosPerDay;
    checksum += it - dues.begin();
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NextDueScan)->Unit(benchmark::kMicrosecond);

// The engine with a plan: 2 000 groups, 20 000 daily entries (each at a random
// minute, to one group); one tick per minute through a day. Items = ticks.
std::shared_ptr<const Config> PlanConfigForTicks(int groups, int entries) {
  std::string y = "tenant: bench\ntimezone: Asia/Shanghai\nstore: {kind: memory}\ncommunities:\n  - id: c1\n    groups:\n";
  for (int g = 0; g < groups; ++g) y += "      - {id: \"qq:" + std::to_string(g) + "\", account: bot" + std::to_string(g % 4) + "}\n";
  y += "features:\n  plan:\n    pacing: {account_gap: 1s}\n    entries:\n";
  Rng rng(5);
  for (int e = 0; e < entries; ++e) {
    int minute = static_cast<int>(rng.Below(24 * 60));
    char at[8];
    std::snprintf(at, sizeof at, "%02d:%02d", minute / 60, minute % 60);
    y += "      - {id: e" + std::to_string(e) + ", at: \"" + at + "\", to: [\"qq:" + std::to_string(e % groups) +
         "\"], text: \"{group} {date}\"}\n";
  }
  Diagnostics diag;
  auto cfg = LoadConfigString(y, "bench.yaml", &diag);
  if (!cfg) std::fprintf(stderr, "%s", diag.ToString().c_str());
  return std::shared_ptr<const Config>(std::move(cfg));
}

void BM_EngineTicksWithPlan(benchmark::State& state) {
  auto config = PlanConfigForTicks(2000, 20000);
  if (!config) {
    state.SkipWithError("config");
    return;
  }
  int64_t posts = 0;
  for (auto _ : state) {
    std::string why;
    auto engine = Engine::Create(config, &why);
    std::vector<Action> out;
    Event first;
    first.type = EventType::kJoin;
    first.ts.utc = kStart - kMicrosPerHour;
    first.group = "qq:0";
    first.member = "qq:9";
    engine->Apply(first, &out);
    for (int m = 0; m < 24 * 60; ++m) {
      out.clear();
      engine->AdvanceTo(kStart + static_cast<Micros>(m) * kMicrosPerMinute, &out);
      posts += static_cast<int64_t>(out.size());
    }
  }
  state.SetItemsProcessed(state.iterations() * 24 * 60);
  state.counters["posts_per_s"] = benchmark::Counter(static_cast<double>(posts), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EngineTicksWithPlan)->Unit(benchmark::kMillisecond)->Iterations(3);

// A day of minute ticks over the million entries. Arg 0: a month plan (one-offs
// spread over 30 days; a fired entry is done). Arg 1: every entry daily at a random
// minute (a fired entry moves a day on), the worst case: all million fire each day.
// Indexed: the heap's top says what is due. Items = ticks.
std::vector<Micros> DuesFor(int64_t kind) {
  if (kind == 0) return MonthOfDues();
  Rng rng(5);
  std::vector<Micros> dues(kEntries);
  for (auto& d : dues) d = kStart + static_cast<Micros>(rng.Below(24 * 60)) * kMicrosPerMinute;
  return dues;
}

void BM_DayOfTicksIndexed(benchmark::State& state) {
  const auto dues = DuesFor(state.range(0));
  Micros step = state.range(0) == 0 ? INT64_MAX : kMicrosPerDay;
  int64_t fired = 0;
  for (auto _ : state) {
    state.PauseTiming();
    DueIndex index;
    index.Assign(dues);
    state.ResumeTiming();
    for (int m = 0; m < 24 * 60; ++m) {
      Micros now = kStart + static_cast<Micros>(m) * kMicrosPerMinute;
      while (index.TopDue() <= now) {
        index.Set(index.Top(), step == INT64_MAX ? INT64_MAX : index.TopDue() + step);
        ++fired;
      }
    }
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations() * 24 * 60);
  state.counters["fired_per_day"] = static_cast<double>(fired) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_DayOfTicksIndexed)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

// Baseline: the same day, each tick scanning every entry for the due ones.
void BM_DayOfTicksScan(benchmark::State& state) {
  const auto start = DuesFor(state.range(0));
  Micros step = state.range(0) == 0 ? INT64_MAX : kMicrosPerDay;
  int64_t fired = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto dues = start;
    state.ResumeTiming();
    for (int m = 0; m < 24 * 60; ++m) {
      Micros now = kStart + static_cast<Micros>(m) * kMicrosPerMinute;
      for (auto& d : dues) {
        if (d <= now) {
          d = step == INT64_MAX ? INT64_MAX : d + step;
          ++fired;
        }
      }
    }
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations() * 24 * 60);
}
BENCHMARK(BM_DayOfTicksScan)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace shoal

BENCHMARK_MAIN();
