// OneBot end to end: simulated group traffic (20 QQ groups; moderation, check-in and points
// on) pushed by the fake OneBot peer over the reverse WebSocket, and the actions the peer
// gets back (delete_msg, set_group_kick, send_group_msg). Runs in one process, on the same
// frames:
//
//   replay        the engine alone over the canonical events (no socket, no store)
//   shoal-before  OneBotAdapter (nlohmann parse, one submission per frame) -> Ingest over a
//                 MemoryStore -> outbox Dispatcher -> the adapter -> the peer
//   shoal-serial  the same with the simdjson parse and coalesced submissions, the outbox
//                 making one call at a time (outbox.max_in_flight 1)
//   shoal         the same with up to DispatcherOptions::kDefaultMaxInFlight calls in flight
//   koishi        Koishi with its OneBot adapter and equivalent plugins (bench/koishi), when
//                 SHOAL_BENCH_KOISHI_PORT names its reverse WebSocket (bench/onebot_koishi.sh
//                 starts it; SHOAL_BENCH_KOISHI_PID lets its CPU be counted)
//
// Each wire run is measured twice: a blast of every frame as fast as the peer can write
// (events/s until all are processed, actions/s until the last action is back, latency
// under saturation), then probe check-ins at a fixed rate (latency from the frame leaving
// the peer to its reply arriving). Figures are ratios within the run.
//
//   build/onebot_bench [events_thousands=10]   (Koishi takes about a minute for 10k)
//   build/onebot_bench --keywords      (the moderation keywords, for the Koishi plugin)
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/onebot/fake_onebot_peer.h"
#include "adapters/onebot/onebot_adapter.h"
#include "outbox/dispatcher.h"
#include "server/ingest.h"
#include "server/ingest_sink.h"
#include "shoal/engine.h"
#include "shoal/event_codec.h"
#include "sim/simulator.h"
#include "store/memory_store.h"

using namespace shoal;
using nlohmann::json;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double Since(Steady::time_point from, Steady::time_point to) { return std::chrono::duration<double>(to - from).count(); }

// CPU seconds of this process (every thread): the peer, the I/O threads, the writer.
double ProcessCpu() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU seconds of another process (utime + stime), or -1.
double OtherCpu(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::atof(field.c_str());
    if (i == 15) stime = std::atof(field.c_str());
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

constexpr int kGroups = 20;
constexpr int64_t kSelfId = 10001000;
// One keyword per kind of ad the simulator posts; both engines delete and kick on a hit.
const char* const kKeywords[] = {"微信", "刷单", "v信", "扫码进群", "cashfast", "网贷", "跑分"};

std::shared_ptr<const Config> BenchConfig() {
  std::string yaml = "timezone: Asia/Shanghai\nstore: {kind: memory}\nstaff: ['qq:10001']\ncommunities:\n";
  yaml += "  - id: c\n    groups:\n";
  for (int g = 0; g < kGroups; ++g) yaml += "      - {id: 'qq:" + std::to_string(100001 + g) + "'}\n";
  yaml += "features:\n  moderation:\n    probation: {enabled: false}\n    flood: {enabled: false}\n"
          "    duplicates: {enabled: false}\n    builtin_lexicons: false\n    keywords: [";
  for (const char* k : kKeywords) yaml += std::string(k == kKeywords[0] ? "" : ", ") + "'" + k + "'";
  yaml += "]\n    ad_ladder: [{action: kick}]\n    rule_ladder: [{action: kick}]\n"
          "  checkin:\n    keywords: ['签到']\n    reward: {points: 5}\n"
          "    reply: '{name} 签到成功 连续{streak}天 +{points}分'\n    reply_again: '{name} 今天已签到 连续{streak}天'\n"
          "  points: {}\n";
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "bench.yaml", &diag);
  if (!cfg) {
    std::fprintf(stderr, "%s", diag.ToString().c_str());
    std::exit(2);
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

int64_t Native(const std::string& id) { return std::atoll(id.c_str() + id.find(':') + 1); }

// A group message frame as NapCat pushes it. The nickname "u<id>" is how replies (which
// start with the name) are matched to the check-in that asked for them.
std::string MessageFrame(int64_t time, int64_t message_id, int64_t group, int64_t user, const std::string& text) {
  json j = {{"time", time},
            {"self_id", kSelfId},
            {"post_type", "message"},
            {"message_type", "group"},
            {"sub_type", "normal"},
            {"message_id", message_id},
            {"group_id", group},
            {"user_id", user},
            {"message", json::array({{{"type", "text"}, {"data", {{"text", text}}}}})},
            {"raw_message", text},
            {"font", 14},
            {"sender", {{"user_id", user}, {"nickname", "u" + std::to_string(user)}, {"card", ""}, {"role", "member"}}}};
  return j.dump();
}

std::string Frame(const Event& e, int64_t* message_id) {
  int64_t time = e.ts.utc / kMicrosPerSecond;
  if (e.type == EventType::kMessage) return MessageFrame(time, ++*message_id, Native(e.group), Native(e.member), e.text);
  if (e.type != EventType::kJoin && e.type != EventType::kLeave) return {};
  json j = {{"time", time}, {"self_id", kSelfId}, {"post_type", "notice"},
            {"notice_type", e.type == EventType::kJoin ? "group_increase" : "group_decrease"},
            {"sub_type", e.type == EventType::kJoin ? "approve" : "leave"}, {"group_id", Native(e.group)},
            {"user_id", Native(e.member)}, {"operator_id", Native(e.member)}};
  return j.dump();
}

// The frames and what lets an action be traced to the frame that caused it.
struct Stream {
  std::vector<std::string> frames;
  std::map<int64_t, size_t> by_message_id;                    // delete_msg
  std::map<std::pair<int64_t, int64_t>, size_t> last_message;  // set_group_kick: (group, user)
  std::map<std::pair<int64_t, int64_t>, std::vector<size_t>> checkins;  // replies, in order

  void AddMessage(int64_t time, int64_t message_id, int64_t group, int64_t user, const std::string& text) {
    size_t i = frames.size();
    frames.push_back(MessageFrame(time, message_id, group, user, text));
    by_message_id[message_id] = i;
    last_message[{group, user}] = i;
    if (text == "签到") checkins[{group, user}].push_back(i);
  }
};

bool IsAction(const json& call) {
  std::string a = call.value("action", "");
  return !a.empty() && !a.starts_with("get_");
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

// What one wire run measured.
struct Measured {
  bool ran = false;
  std::string why;  // when not
  size_t events = 0, actions = 0, unmatched = 0;
  double events_s = 0, actions_s = 0, blast_p50 = 0, blast_p99 = 0, probe_p50 = 0, probe_p99 = 0, cpu_us = 0;
  size_t blast_samples = 0, probe_samples = 0;
  std::map<std::string, size_t> by_action;
};

// Latencies (ms) of the action calls from index `from` on, each against the frame it answers.
std::vector<double> Latencies(const Stream& s, size_t frame_base, const std::vector<json>& calls,
                              const std::vector<Steady::time_point>& call_times,
                              const std::vector<Steady::time_point>& sent, size_t from, size_t* unmatched) {
  std::map<std::pair<int64_t, int64_t>, size_t> next_checkin;
  std::vector<double> out;
  for (size_t c = from; c < calls.size(); ++c) {
    const json& call = calls[c];
    if (!IsAction(call)) continue;
    std::string action = call["action"];
    const json& params = call["params"];
    std::optional<size_t> frame;
    if (action == "delete_msg") {
      auto it = s.by_message_id.find(params.value("message_id", int64_t{0}));
      if (it != s.by_message_id.end()) frame = it->second;
    } else if (action == "set_group_kick") {
      auto it = s.last_message.find({params.value("group_id", int64_t{0}), params.value("user_id", int64_t{0})});
      if (it != s.last_message.end()) frame = it->second;
    } else if (action == "send_group_msg") {
      // "u<user> …": the reply to that member's oldest unanswered check-in in the group.
      std::string text;
      const json& msg = params["message"];
      if (msg.is_array() && !msg.empty()) text = msg[0]["data"].value("text", "");
      else if (msg.is_string()) text = msg.get<std::string>();
      if (text.starts_with("u")) {
        std::pair<int64_t, int64_t> key{params.value("group_id", int64_t{0}), std::atoll(text.c_str() + 1)};
        auto it = s.checkins.find(key);
        size_t& n = next_checkin[key];
        if (it != s.checkins.end() && n < it->second.size()) frame = it->second[n++];
      }
    }
    if (!frame || frame_base + *frame >= sent.size()) {
      ++*unmatched;
      continue;
    }
    out.push_back(std::chrono::duration<double, std::milli>(call_times[c] - sent[frame_base + *frame]).count());
  }
  return out;
}

// Waits until `done` holds, or nothing new arrived at the peer for `quiet`.
bool WaitFor(const onebot::FakeOneBotPeer& peer, const std::function<bool()>& done, std::chrono::seconds quiet) {
  size_t seen = peer.call_count();
  auto last_change = Steady::now();
  while (!done()) {
    std::this_thread::sleep_for(1ms);
    size_t now = peer.call_count();
    if (now != seen) {
      seen = now;
      last_change = Steady::now();
    } else if (Steady::now() - last_change > quiet) {
      return false;
    }
  }
  return true;
}

// The engine side of one run: Shoal (adapter, ingest, dispatcher), or Koishi elsewhere.
struct Target {
  int port = 0;
  std::string path;
  // Frames processed so far (Shoal: handed to the engine; Koishi: unknown, -1).
  std::function<int64_t()> processed = [] { return int64_t{-1}; };
  std::function<void()> drain = [] {};  // returns once everything submitted is applied
  int other_pid = 0;                    // a second process whose CPU counts (Koishi)
};

// Blast + probe over one connection. `expected_actions` is what the replay emitted.
Measured Drive(const Target& t, const Stream& blast, const Stream& probes, double probe_rate, size_t expected_actions,
               bool wait_online, std::chrono::seconds quiet) {
  Measured m;
  onebot::FakeOneBotPeer::Options po;
  po.port = t.port;
  po.target = t.path;
  po.self_id = kSelfId;
  po.send_connect = false;
  onebot::FakeOneBotPeer peer(po);
  std::string why;
  if (!peer.Connect(&why)) {
    m.why = why;
    return m;
  }
  if (wait_online && !WaitFor(peer, [&] { return peer.call_count() >= 1; }, 10s)) {
    m.why = "no get_login_info within 10 s";
    return m;
  }
  std::this_thread::sleep_for(wait_online ? 300ms : 0ms);  // the adapter's start-up calls settle
  size_t calls_before = peer.call_count();

  // Blast. The last frame is a sentinel check-in by a new member: its reply says that a
  // target which cannot be asked (Koishi) has worked through the stream.
  size_t n = blast.frames.size();
  double cpu0 = ProcessCpu(), other0 = t.other_pid ? OtherCpu(t.other_pid) : 0;
  auto t0 = Steady::now();
  for (const auto& f : blast.frames) peer.Send(f);
  Steady::time_point processed_at;
  if (t.processed() >= 0) {
    auto deadline = Steady::now() + 600s;
    while (t.processed() < static_cast<int64_t>(n) && Steady::now() < deadline) std::this_thread::sleep_for(100us);
    t.drain();
    processed_at = Steady::now();
  }
  // Every action back: as many as replay emitted, or until the peer has heard nothing for `quiet`.
  bool all = WaitFor(peer, [&] { return peer.call_count() >= calls_before + expected_actions; }, quiet);
  auto calls = peer.calls();
  auto call_times = peer.call_times();
  auto sent = peer.sent_times();
  double cpu = ProcessCpu() - cpu0 + (t.other_pid ? OtherCpu(t.other_pid) - other0 : 0);
  Steady::time_point last_action = t0;
  std::optional<Steady::time_point> sentinel_reply;
  std::string sentinel = "u" + std::to_string(990000000) + " ";
  for (size_t i = calls_before; i < calls.size(); ++i) {
    if (!IsAction(calls[i])) continue;
    ++m.actions;
    ++m.by_action[calls[i]["action"].get<std::string>()];
    last_action = std::max(last_action, call_times[i]);
    const json& msg = calls[i]["params"]["message"];
    if (msg.is_array() && !msg.empty() && msg[0]["data"].value("text", "").starts_with(sentinel))
      sentinel_reply = call_times[i];
  }
  if (t.processed() < 0) {
    if (!sentinel_reply) {
      m.why = "the sentinel check-in was never answered";
      return m;
    }
    processed_at = *sentinel_reply;
  }
  m.events = n;
  m.events_s = static_cast<double>(n) / Since(t0, processed_at);
  m.actions_s = static_cast<double>(m.actions) / Since(t0, last_action);
  m.cpu_us = cpu / static_cast<double>(n) * 1e6;
  if (!all) m.why = "only " + std::to_string(m.actions) + " of " + std::to_string(expected_actions) + " actions came back";
  auto lat = Latencies(blast, 0, calls, call_times, sent, calls_before, &m.unmatched);
  m.blast_samples = lat.size();
  m.blast_p50 = Percentile(lat, 0.5);
  m.blast_p99 = Percentile(lat, 0.99);

  // Probes at a fixed rate, well below either engine's capacity.
  size_t probe_calls_before = calls.size();
  auto p0 = Steady::now();
  for (size_t i = 0; i < probes.frames.size(); ++i) {
    std::this_thread::sleep_until(p0 + std::chrono::microseconds(static_cast<int64_t>(1e6 * i / probe_rate)));
    peer.Send(probes.frames[i]);
  }
  WaitFor(peer, [&] { return peer.call_count() >= probe_calls_before + probes.frames.size(); }, quiet);
  calls = peer.calls();
  call_times = peer.call_times();
  sent = peer.sent_times();
  size_t unmatched = 0;
  lat = Latencies(probes, n, calls, call_times, sent, probe_calls_before, &unmatched);
  if (std::getenv("SHOAL_BENCH_DEBUG"))
    for (size_t i = 0; i < lat.size(); i += lat.size() / 10 + 1)
      std::fprintf(stderr, "probe %zu sent at +%.3f s, latency %.1f ms\n", i, Since(p0, sent[n + i]), lat[i]);
  m.probe_samples = lat.size();
  m.probe_p50 = Percentile(lat, 0.5);
  m.probe_p99 = Percentile(lat, 0.99);
  m.ran = true;
  return m;
}

// Shoal's whole pipeline on a fresh MemoryStore.
Measured RunShoal(const std::shared_ptr<const Config>& cfg, bool improved, size_t max_in_flight, const Stream& blast,
                  const Stream& probes, double probe_rate, size_t expected_actions) {
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  std::atomic<Dispatcher*> dispatcher_ptr{nullptr};
  IngestOptions io;
  io.on_enqueued = [&](size_t) {
    if (Dispatcher* d = dispatcher_ptr.load()) d->Wake();
  };
  auto ingest = Ingest::Start(cfg, &store, io, &metrics, nullptr, &st);
  if (!ingest) {
    Measured m;
    m.why = "ingest: " + st.ToString();
    return m;
  }
  IngestSink sink(ingest.get());
  onebot::OneBotOptions opt;
  opt.port = 0;
  opt.limits.per_chat_per_second = opt.limits.per_chat_per_minute = opt.limits.per_account_per_second = 0;  // unpaced, as Koishi
  opt.simd_parse = improved;
  opt.coalesce_max = improved ? opt.coalesce_max : 1;
  onebot::OneBotAdapter adapter(opt, &sink);
  std::string why;
  if (!adapter.Listen(&why)) {
    Measured m;
    m.why = why;
    return m;
  }
  adapter.Start();
  SystemClock clock;
  DispatcherOptions dopt;
  dopt.max_in_flight = max_in_flight;
  Dispatcher dispatcher(&store, &clock, dopt, &metrics);
  dispatcher.AddAdapter(&adapter);
  dispatcher_ptr = &dispatcher;
  dispatcher.Start();
  Target t;
  t.port = adapter.port();
  t.path = "/onebot/v11/ws";
  t.processed = [&] {
    return static_cast<int64_t>(adapter.stats().events.load() + adapter.stats().invalid_events.load() +
                                adapter.stats().ignored.load());
  };
  t.drain = [&] { ingest->SubmitAndWait({}); };
  Measured m = Drive(t, blast, probes, probe_rate, expected_actions, /*wait_online=*/false, 10s);
  adapter.Stop();
  dispatcher.Stop();
  ingest->Stop();
  return m;
}

std::string Ratio(double a, double b) {
  if (a <= 0 || b <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", a / b);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--keywords") {
    for (const char* k : kKeywords) std::printf("%s%s", k == kKeywords[0] ? "" : ",", k);
    std::printf("\n");
    return 0;
  }
  size_t target = static_cast<size_t>((argc > 1 ? std::atof(argv[1]) : 10) * 1000);
  auto cfg = BenchConfig();
  SimOptions sim;
  sim.seed = 5;
  sim.days = 30;
  sim.members = static_cast<int>(target / 16) + 100;
  for (int g = 0; g < kGroups; ++g) sim.group_ids.push_back("qq:" + std::to_string(100001 + g));
  sim.staff = {"qq:10001"};
  Stream blast;
  int64_t message_id = 0, last_time = 0;
  Simulate(sim, [&](const Event& e) {
    if (blast.frames.size() >= target) return;
    int64_t time = e.ts.utc / kMicrosPerSecond;
    if (e.type == EventType::kMessage) {
      blast.AddMessage(time, ++message_id, Native(e.group), Native(e.member), e.text);
    } else {
      std::string f = Frame(e, &message_id);
      if (f.empty()) return;
      blast.frames.push_back(std::move(f));
    }
    last_time = time;
  });
  blast.AddMessage(last_time, ++message_id, 100001, 990000000, "签到");  // the sentinel
  // Probe check-ins by new members, an hour later, one a frame.
  Stream probes;
  constexpr size_t kProbes = 200;
  constexpr double kProbeRate = 20;  // frames a second: Koishi falls behind at 200 after a 10k blast
  for (size_t i = 0; i < kProbes; ++i)
    probes.AddMessage(last_time + 3600 + static_cast<int64_t>(i), ++message_id, 100001 + static_cast<int64_t>(i % kGroups),
                      990000001 + static_cast<int64_t>(i), "签到");

  // Baseline: the engine's replay of the canonical events, as `shoal replay` does it.
  std::vector<std::string> lines;
  std::string buf;
  for (const auto& f : blast.frames) {
    onebot::Parsed p = onebot::ParseEvent(f);
    if (p.kind != onebot::Parsed::Kind::kEvent) continue;
    buf.clear();
    AppendEventJson(p.event, &buf);
    lines.push_back(buf);
  }
  auto engine = Engine::Create(cfg, nullptr);
  EventParser parser(cfg->limits);
  Event e;
  EventError err;
  std::vector<Action> actions;
  std::map<std::string, size_t> replay_actions;
  size_t replay_total = 0;
  uint64_t applied = 0;
  auto t0 = Steady::now();
  for (const auto& line : lines) {
    if (!parser.Parse(line, &e, &err) || !engine->Admit(e, &err)) continue;
    e.seq = ++applied;
    actions.clear();
    engine->Apply(e, &actions);
    for (const auto& a : actions) {
      ++replay_actions[std::string(ActionTypeName(a.type))];
      ++replay_total;
    }
  }
  double replay_rate = static_cast<double>(lines.size()) / Since(t0, Steady::now());

  // The codec alone over every frame, best of three: the parse the wire path used to spend
  // most of its time in.
  auto parse_rate = [&](bool simd) {
    double best = 0;
    for (int round = 0; round < 3; ++round) {
      size_t parsed = 0;
      auto p0 = Steady::now();
      for (const auto& f : blast.frames)
        parsed += (simd ? onebot::ParseEvent(f) : onebot::ParseEventDom(f)).kind == onebot::Parsed::Kind::kEvent;
      best = std::max(best, static_cast<double>(parsed) / Since(p0, Steady::now()));
    }
    return best;
  };
  double dom_rate = parse_rate(false), simd_rate = parse_rate(true);

  Measured before = RunShoal(cfg, false, 1, blast, probes, kProbeRate, replay_total);
  Measured serial = RunShoal(cfg, true, 1, blast, probes, kProbeRate, replay_total);
  Measured after = RunShoal(cfg, true, DispatcherOptions::kDefaultMaxInFlight, blast, probes, kProbeRate, replay_total);
  Measured koishi;
  if (const char* port = std::getenv("SHOAL_BENCH_KOISHI_PORT"); port && *port) {
    Target t;
    t.port = std::atoi(port);
    t.path = "/onebot";
    if (const char* pid = std::getenv("SHOAL_BENCH_KOISHI_PID")) t.other_pid = std::atoi(pid);
    koishi = Drive(t, blast, probes, kProbeRate, replay_total, /*wait_online=*/true, 120s);  // Koishi reads a blast before it answers
  } else {
    const char* why = std::getenv("SHOAL_BENCH_KOISHI_SKIPPED");
    koishi.why = why && *why ? why : "SHOAL_BENCH_KOISHI_PORT not set (bench/onebot_koishi.sh starts Koishi)";
  }

  std::printf("frames            %zu (%zu events; replay emits %zu actions:", blast.frames.size(), lines.size(), replay_total);
  for (const auto& [k, v] : replay_actions) std::printf(" %s %zu", k.c_str(), v);
  std::printf(")\nreplay alone      %.0f events/s (the engine without socket or store)\n", replay_rate);
  std::printf("codec alone       nlohmann %.0f frames/s, simdjson %.0f frames/s: simd_over_dom %s\n", dom_rate,
              simd_rate, Ratio(simd_rate, dom_rate).c_str());
  auto row = [](const char* name, const Measured& m) {
    if (!m.ran) return std::printf("%-13s not run: %s\n", name, m.why.c_str()), void();
    std::printf("%-13s %9.0f ev/s in %9.0f actions/s out  blast p50/p99 %8.1f/%8.1f ms  probe p50/p99 %6.2f/%6.2f ms"
                "  cpu %6.1f us/event  actions %zu (",
                name, m.events_s, m.actions_s, m.blast_p50, m.blast_p99, m.probe_p50, m.probe_p99, m.cpu_us, m.actions);
    for (const auto& [k, v] : m.by_action) std::printf(" %s %zu", k.c_str(), v);
    std::printf(" ) latency samples %zu+%zu, %zu unmatched%s%s\n", m.blast_samples, m.probe_samples, m.unmatched,
                m.why.empty() ? "" : "; ", m.why.c_str());
  };
  row("shoal-before", before);
  row("shoal-serial", serial);
  row("shoal", after);
  row("koishi", koishi);
  std::printf("shoal_over_before  events %s  actions %s  cpu_per_event %s (before/after)\n",
              Ratio(after.events_s, before.events_s).c_str(), Ratio(after.actions_s, before.actions_s).c_str(),
              Ratio(before.cpu_us, after.cpu_us).c_str());
  std::printf("pipelined_over_serial  events %s  actions %s  blast latency p50 %s (serial/pipelined)  cpu_per_event %s "
              "(serial/pipelined; max_in_flight %zu vs 1)\n",
              Ratio(after.events_s, serial.events_s).c_str(), Ratio(after.actions_s, serial.actions_s).c_str(),
              Ratio(serial.blast_p50, after.blast_p50).c_str(), Ratio(serial.cpu_us, after.cpu_us).c_str(),
              DispatcherOptions::kDefaultMaxInFlight);
  std::printf("wire_over_replay   %s (1.0 = socket, store and outbox cost nothing)\n",
              Ratio(after.events_s, replay_rate).c_str());
  if (koishi.ran) {
    std::printf("shoal_over_koishi  events %s  actions %s  cpu_per_event %s (koishi/shoal)  probe latency p50 %s p99 %s "
                "(koishi/shoal)  blast latency p50 %s p99 %s (koishi/shoal)\n",
                Ratio(after.events_s, koishi.events_s).c_str(), Ratio(after.actions_s, koishi.actions_s).c_str(),
                Ratio(koishi.cpu_us, after.cpu_us).c_str(), Ratio(koishi.probe_p50, after.probe_p50).c_str(),
                Ratio(koishi.probe_p99, after.probe_p99).c_str(), Ratio(koishi.blast_p50, after.blast_p50).c_str(),
                Ratio(koishi.blast_p99, after.blast_p99).c_str());
  } else {
    std::printf("shoal_over_koishi  - (Koishi not run: %s)\n", koishi.why.c_str());
  }
  return 0;
}
