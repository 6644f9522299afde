// OneBot ingest throughput: simulated group traffic pushed by the fake OneBot peer over
// the reverse WebSocket into a real Ingest (MemoryStore, features on), against the engine's
// replay of the same canonical events alone, in the same run. The figure is the ratio
// (1.0 = the adapter, socket and ingest cost nothing on top of the engine).
//
//   build/onebot_bench [events_thousands=200]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/onebot/fake_onebot_peer.h"
#include "adapters/onebot/onebot_adapter.h"
#include "server/ingest.h"
#include "server/ingest_sink.h"
#include "shoal/engine.h"
#include "shoal/event_codec.h"
#include "sim/simulator.h"
#include "store/memory_store.h"

using namespace shoal;
using nlohmann::json;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds of the whole process (every thread): on a shared machine this is steadier than
// wall time, and over the wire it counts the peer, the I/O thread and the writer together.
double ProcessCpu() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

constexpr int kGroups = 20;

std::shared_ptr<const Config> BenchConfig() {
  std::string yaml = "timezone: Asia/Shanghai\nstore: {kind: memory}\nstaff: ['qq:10001']\ncommunities:\n";
  yaml += "  - id: c\n    groups:\n";
  for (int g = 0; g < kGroups; ++g) yaml += "      - {id: 'qq:" + std::to_string(100001 + g) + "'}\n";
  yaml += "features:\n  moderation: {probation: {enabled: false}}\n  checkin: {keywords: ['签到']}\n";
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "bench.yaml", &diag);
  if (!cfg) {
    std::fprintf(stderr, "%s", diag.ToString().c_str());
    std::exit(2);
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

int64_t Native(const std::string& id) { return std::atoll(id.c_str() + id.find(':') + 1); }

// The OneBot frame a NapCat account would push for a simulated event; "" when OneBot has none.
std::string Frame(const Event& e, int64_t* message_id) {
  json j = {{"time", e.ts.utc / kMicrosPerSecond}, {"self_id", 10001000}};
  if (e.type == EventType::kMessage) {
    j.update({{"post_type", "message"}, {"message_type", "group"}, {"sub_type", "normal"},
              {"message_id", ++*message_id}, {"group_id", Native(e.group)}, {"user_id", Native(e.member)},
              {"message", json::array({{{"type", "text"}, {"data", {{"text", e.text}}}}})},
              {"sender", {{"nickname", e.name}, {"card", ""}}}});
  } else if (e.type == EventType::kJoin || e.type == EventType::kLeave) {
    j.update({{"post_type", "notice"}, {"notice_type", e.type == EventType::kJoin ? "group_increase" : "group_decrease"},
              {"sub_type", e.type == EventType::kJoin ? "approve" : "leave"}, {"group_id", Native(e.group)},
              {"user_id", Native(e.member)}, {"operator_id", Native(e.member)}});
  } else {
    return {};
  }
  return j.dump();
}

}  // namespace

int main(int argc, char** argv) {
  size_t target = static_cast<size_t>((argc > 1 ? std::atof(argv[1]) : 200) * 1000);
  auto cfg = BenchConfig();
  SimOptions sim;
  sim.seed = 5;
  sim.days = 30;
  sim.members = static_cast<int>(target / 16) + 100;
  for (int g = 0; g < kGroups; ++g) sim.group_ids.push_back("qq:" + std::to_string(100001 + g));
  sim.staff = {"qq:10001"};
  std::vector<std::string> frames, lines;
  int64_t message_id = 0;
  std::string buf;
  Simulate(sim, [&](const Event& e) {
    if (frames.size() >= target) return;
    std::string f = Frame(e, &message_id);
    if (f.empty()) return;
    // Both runs see the same canonical events: what the codec makes of each frame.
    onebot::Parsed p = onebot::ParseEvent(f);
    if (p.kind != onebot::Parsed::Kind::kEvent) return;
    frames.push_back(std::move(f));
    buf.clear();
    AppendEventJson(p.event, &buf);
    lines.push_back(buf);
  });

  // Baseline: the engine's replay of the canonical lines, as `shoal replay` does it.
  auto engine = Engine::Create(cfg, nullptr);
  EventParser parser(cfg->limits);
  Event e;
  EventError err;
  std::vector<Action> actions;
  uint64_t applied = 0;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = ProcessCpu();
  for (const auto& line : lines) {
    if (!parser.Parse(line, &e, &err) || !engine->Admit(e, &err)) continue;
    e.seq = ++applied;
    actions.clear();
    engine->Apply(e, &actions);
  }
  double replay_s = Seconds(t0);
  double replay_cpu = ProcessCpu() - c0;

  // Through the wire: fake peer -> reverse WebSocket -> OneBotAdapter -> Ingest (MemoryStore).
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(cfg, &store, {}, &metrics, nullptr, &st);
  if (!ingest) return std::fprintf(stderr, "ingest: %s\n", st.ToString().c_str()), 2;
  IngestSink sink(ingest.get());
  onebot::OneBotOptions opt;
  opt.port = 0;
  onebot::OneBotAdapter adapter(opt, &sink);
  std::string why;
  if (!adapter.Listen(&why)) return std::fprintf(stderr, "%s\n", why.c_str()), 2;
  adapter.Start();
  onebot::FakeOneBotPeer::Options po;
  po.port = adapter.port();
  po.send_connect = false;
  onebot::FakeOneBotPeer peer(po);
  if (!peer.Connect(&why)) return std::fprintf(stderr, "%s\n", why.c_str()), 2;
  t0 = std::chrono::steady_clock::now();
  c0 = ProcessCpu();
  for (auto& f : frames) peer.Send(f);
  while (adapter.stats().events.load() + adapter.stats().invalid_events.load() < frames.size())
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  ingest->SubmitAndWait({});  // returns once every earlier batch is stored and applied
  double wire_s = Seconds(t0);
  double wire_cpu = ProcessCpu() - c0;
  uint64_t accepted = metrics.events_accepted.load();
  adapter.Stop();
  ingest->Stop();

  double replay_rate = static_cast<double>(lines.size()) / replay_s;
  double wire_rate = static_cast<double>(frames.size()) / wire_s;
  std::printf("events            %zu OneBot frames (%llu applied by replay, %llu accepted over the wire)\n",
              frames.size(), static_cast<unsigned long long>(applied), static_cast<unsigned long long>(accepted));
  std::printf("replay alone      %.0f events/s (%.3f s)\n", replay_rate, replay_s);
  std::printf("over WebSocket    %.0f events/s (%.3f s)\n", wire_rate, wire_s);
  std::printf("wire_over_replay  %.2f wall (1.0 = the adapter and ingest add nothing)\n", wire_rate / replay_rate);
  std::printf("cpu per event     replay %.1f us, wire %.1f us (all threads): replay_cpu_over_wire_cpu %.2f\n",
              replay_cpu / static_cast<double>(lines.size()) * 1e6, wire_cpu / static_cast<double>(frames.size()) * 1e6,
              replay_cpu / wire_cpu);
  return 0;
}
