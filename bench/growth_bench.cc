// Growth benchmarks, each against a baseline measured in the same run:
//  1. Replay throughput with the growth features (invite attribution, a fission
//     campaign, a live-code pool, gate rules) against the same config without
//     them, on (a) the simulator's month of chat and (b) a join-heavy stream where
//     every member arrives through a code or an inviter. Figures are ratios.
//  2. QR rendering: SVG and PNG per link against libqrencode's encoding alone.
//
//   build/growth_bench [events_thousands=400]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "growth/qr.h"
#include "shoal/engine.h"
#include "shoal/event_codec.h"
#include "shoal/rng.h"
#include "sim/simulator.h"

using namespace shoal;

namespace {

constexpr int kGroups = 20;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string Group(int g) { return "qq:" + std::to_string(100001 + g); }

std::shared_ptr<const Config> MakeConfig(bool growth) {
  std::string yaml = "timezone: Asia/Shanghai\nstaff: ['qq:10001']\ncommunities:\n";
  for (int c = 0; c < 2; ++c) {
    yaml += "  - id: c" + std::to_string(c) + "\n    groups:\n";
    for (int g = c; g < kGroups; g += 2) yaml += "      - {id: '" + Group(g) + "', capacity: 500}\n";
  }
  if (growth) {
    yaml +=
        "features:\n"
        "  invite:\n    codes:\n"
        "      - {code: poster-2026, channel: poster}\n      - {code: forum}\n"
        "      - {code: partner-a, uses: 100000}\n      - {code: qr-store}\n"
        "  livecode:\n    pools:\n      - {code: jobs, groups: ['" + Group(0) + "', '" + Group(2) + "'], capacity: 199}\n"
        "  gate:\n    groups:\n      '" + Group(4) + "': {mode: answer, keywords: [求职]}\n"
        "  campaign:\n    campaigns:\n"
        "      - {id: spring, min_stay: 1d, coupons: [A, B, C],\n"
        "         tiers: [{count: 3, coupon: true}, {count: 10, group: '" + Group(4) + "'}]}\n";
  }
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "bench.yaml", &diag);
  if (!cfg) {
    std::fprintf(stderr, "%s", diag.ToString().c_str());
    std::exit(2);
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

std::vector<Event> SimEvents(size_t target) {
  SimOptions sim;
  sim.seed = 11;
  sim.days = 30;
  sim.members = static_cast<int>(target / 16) + 100;
  for (int g = 0; g < kGroups; ++g) sim.group_ids.push_back(Group(g));
  sim.staff = {"qq:10001"};
  std::vector<Event> out;
  Simulate(sim, [&](const Event& e) {
    if (out.size() < target) out.push_back(e);
  });
  return out;
}

// Every member joins through a code, the live code or an earlier member; one in five
// leaves within a day; each says two things. Time order, one event a second.
std::vector<Event> JoinHeavyEvents(size_t target) {
  static const char* kCodes[] = {"poster-2026", "forum", "partner-a", "qr-store", "jobs"};
  Rng rng(5);
  std::vector<Event> out;
  Micros t = ParseRfc3339("2026-01-05T09:00:00+08:00")->utc;
  std::vector<std::string> members;
  std::vector<std::pair<std::string, std::string>> leaving;  // (group, member)
  auto stamp = [&] {
    t += kMicrosPerSecond;
    return Timestamp{.utc = t, .offset_minutes = 480};
  };
  while (out.size() < target) {
    std::string member = "qq:" + std::to_string(300000 + members.size());
    Event j{.type = EventType::kJoin, .ts = stamp(), .group = Group(static_cast<int>(rng.Below(kGroups))), .member = member};
    j.via = members.empty() || rng.Unit() < 0.5 ? kCodes[rng.Below(5)] : members[rng.Below(members.size())];
    out.push_back(j);
    for (int k = 0; k < 2; ++k) {
      Event m{.type = EventType::kMessage, .ts = stamp(), .group = j.group, .member = member, .text = "大家好，请多关照"};
      m.msg_id = member + "." + std::to_string(k);
      out.push_back(m);
    }
    if (rng.Unit() < 0.2) leaving.emplace_back(j.group, member);
    if (leaving.size() > 50) {
      auto [g, m] = leaving.front();
      leaving.erase(leaving.begin());
      out.push_back({.type = EventType::kLeave, .ts = stamp(), .group = g, .member = m});
    }
    members.push_back(member);
  }
  return out;
}

double Replay(const std::vector<Event>& events, bool growth, size_t* actions_out) {
  std::string why;
  auto engine = Engine::Create(MakeConfig(growth), &why);
  if (!engine) {
    std::fprintf(stderr, "engine: %s\n", why.c_str());
    std::exit(2);
  }
  std::vector<Action> actions;
  size_t actions_total = 0;
  auto t0 = std::chrono::steady_clock::now();
  EventError err;
  for (const Event& e : events) {
    if (!engine->Admit(e, &err)) continue;
    actions.clear();
    engine->Apply(e, &actions);
    actions_total += actions.size();
  }
  double s = Seconds(t0);
  *actions_out = actions_total;
  return static_cast<double>(events.size()) / s;
}

void CompareReplay(const char* name, const std::vector<Event>& events) {
  // Alternate the two sides and keep each one's best of three: the machine is shared.
  double base = 0, growth = 0;
  size_t base_actions = 0, growth_actions = 0;
  for (int round = 0; round < 3; ++round) {
    base = std::max(base, Replay(events, false, &base_actions));
    growth = std::max(growth, Replay(events, true, &growth_actions));
  }
  std::printf("%-34s %9zu events  baseline %10.0f ev/s  with growth %10.0f ev/s  = %.2fx  (actions %zu vs %zu)\n",
              name, events.size(), base, growth, growth / base, base_actions, growth_actions);
}

void CompareQr() {
  constexpr int kLinks = 5000;
  std::vector<std::string> links;
  for (int i = 0; i < kLinks; ++i) links.push_back("https://join.example.com/i/m" + std::to_string(1000000 + i * 7919));
  size_t sink = 0;
  auto time = [&](int mode) {
    double best = 1e9;
    for (int round = 0; round < 3; ++round) {
      auto t0 = std::chrono::steady_clock::now();
      for (const auto& l : links) {
        auto m = EncodeQr(l);
        if (mode == 0) sink += m->size;
        else if (mode == 1) sink += QrToSvg(*m).size();
        else sink += QrToPng(*m).size();
      }
      best = std::min(best, Seconds(t0) / kLinks * 1e6);
    }
    return best;
  };
  double encode = time(0), svg = time(1), png = time(2);
  auto m = EncodeQr(links[0]);
  std::printf("QR per link (version %d, %d modules): encode only %.1f us; +SVG %.1f us = %.2fx (%zu bytes); "
              "+PNG %.1f us = %.2fx (%zu bytes)   [sink %zu]\n",
              m->version, m->size, encode, svg, svg / encode, QrToSvg(*m).size(), png, png / encode,
              QrToPng(*m).size(), sink);
}

}  // namespace

int main(int argc, char** argv) {
  size_t thousands = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 400;
  std::printf("growth_bench: %zu thousand events per stream, %d groups\n", thousands, kGroups);
  CompareReplay("simulated month (chat-heavy)", SimEvents(thousands * 1000));
  CompareReplay("join-heavy (every member via code)", JoinHeavyEvents(thousands * 1000));
  CompareQr();
  return 0;
}
