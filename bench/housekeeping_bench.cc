// Housekeeping overhead: the same simulated month replayed through the engine
// with and without every housekeeping feature on (cleanup with daily scans and
// capacity limits, quiet hours, nickname format, self-introductions, paid
// memberships, sign-ups, surveys). The baseline is the engine with only its
// always-on features, on the same pre-parsed events, in the same run,
// alternating so machine noise hits both; figures are ratios. Times are the
// thread's CPU time, so other processes on a shared machine do not count.
//
//   build/housekeeping_bench [events_millions=1] [rounds=3] [all|each|<feature>]
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "shoal/engine.h"
#include "sim/simulator.h"

using namespace shoal;

namespace {

constexpr int kGroups = 40;

// Each feature's section; all of them on is the figure that matters, one at a time shows where the cost is.
const std::vector<std::pair<std::string, std::string>>& Sections() {
  static const std::vector<std::pair<std::string, std::string>> sections = {
      {"cleanup", R"(
  cleanup:
    rules: [{no_message_for: 14d}, {never_spoke_within: 7d}]
    grace: 2d
    confirm: false
    max_share: 0.5
    capacity: {at: 0.98, down_to: 0.95})"},
      {"quiet_hours", R"(
  quiet_hours:
    periods: [{name: night, from: "23:00", to: "07:00"}])"},
      {"nickname", R"(
  nickname:
    fields: [城市, 职位, 姓名]
    grace: 1h
    mute_after: 1d)"},
      {"intro", R"(
  intro:
    template: "欢迎 {names}，请做个自我介绍"
    keywords: [城市, 职业, 爱好]
    min_fields: 1
    min_length: 10)"},
      {"membership", R"(
  membership: {group: "qq:100001", term: 30d})"},
      {"signup", R"(
  signup: {})"},
      {"survey", R"(
  survey:
    link: "https://f.example/{survey}/{group}"
    surveys: [{id: s1, questions: [{text: 打分, type: scale}]}])"},
  };
  return sections;
}

// only: "" = none (the baseline), "all", or one feature's name.
std::shared_ptr<const Config> MakeConfig(const std::string& only) {
  std::string yaml = "timezone: Asia/Shanghai\nstaff: ['qq:10001']\ncommunities:\n";
  for (int c = 0; c < 4; ++c) {
    yaml += "  - id: c" + std::to_string(c) + "\n    groups:\n";
    for (int g = c; g < kGroups; g += 4) yaml += "      - {id: 'qq:" + std::to_string(100001 + g) + "', capacity: 2000}\n";
  }
  if (!only.empty()) {
    yaml += "features:";
    for (const auto& [name, section] : Sections()) {
      if (only == "all" || only == name) yaml += section;
    }
    yaml += "\n";
  }
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "bench.yaml", &diag);
  if (!cfg) {
    std::fprintf(stderr, "%s", diag.ToString().c_str());
    std::exit(2);
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Run {
  double seconds = 0;
  uint64_t actions = 0;
};

Run Replay(const std::shared_ptr<const Config>& cfg, const std::vector<Event>& events) {
  std::string why;
  auto engine = Engine::Create(cfg, &why);
  if (!engine) {
    std::fprintf(stderr, "%s\n", why.c_str());
    std::exit(2);
  }
  std::vector<Action> actions;
  Run run;
  EventError err;
  uint64_t seq = 0;
  double t0 = CpuSeconds();
  for (const auto& ev : events) {
    if (!engine->Admit(ev, &err)) continue;
    Event e = ev;
    e.seq = ++seq;
    actions.clear();
    engine->Apply(e, &actions);
    run.actions += actions.size();
  }
  run.seconds = CpuSeconds() - t0;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  double millions = argc > 1 ? std::atof(argv[1]) : 1.0;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  std::string which = argc > 3 ? argv[3] : "all";  // "each": also one at a time; a feature's name: that one only
  bool per_feature = which == "each";
  SimOptions sim;
  sim.seed = 5;
  sim.days = 30;
  sim.members = static_cast<int>(millions * 1e6 / 16) + 100;
  for (int g = 0; g < kGroups; ++g) sim.group_ids.push_back("qq:" + std::to_string(100001 + g));
  sim.staff = {"qq:10001"};
  std::vector<Event> events;
  Simulate(sim, [&](const Event& e) {
    if (events.size() < static_cast<size_t>(millions * 1e6)) events.push_back(e);
  });
  auto base_cfg = MakeConfig(""), house_cfg = MakeConfig(per_feature ? "all" : which);
  double best_base = 1e300, best_house = 1e300;
  Run base, house;
  for (int r = 0; r < rounds; ++r) {
    base = Replay(base_cfg, events);
    house = Replay(house_cfg, events);
    best_base = std::min(best_base, base.seconds);
    best_house = std::min(best_house, house.seconds);
  }
  double n = static_cast<double>(events.size());
  std::printf("== housekeeping: %zu simulated events, %d groups in 4 communities, %d members, best of %d\n",
              events.size(), kGroups, sim.members, rounds);
  std::printf("  baseline: engine, always-on features only   %10.0f events/s  (%llu actions)\n", n / best_base,
              static_cast<unsigned long long>(base.actions));
  std::printf("  engine + 7 housekeeping features            %10.0f events/s  (%llu actions)\n", n / best_house,
              static_cast<unsigned long long>(house.actions));
  std::printf("  throughput with housekeeping = %.2f of the baseline   (+%.2f us per event)\n", best_base / best_house,
              (best_house - best_base) / n * 1e6);
  if (per_feature) {
    for (const auto& [name, section] : Sections()) {
      Run one = Replay(MakeConfig(name), events);
      Run again = Replay(base_cfg, events);
      std::printf("    %-12s alone: %.2f of the baseline measured next to it (+%.2f us per event, %llu actions)\n",
                  name.c_str(), again.seconds / one.seconds, (one.seconds - again.seconds) / n * 1e6,
                  static_cast<unsigned long long>(one.actions));
    }
  }
  return 0;
}
