#include "shoal/engine.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "shoal/event_codec.h"
#include "shoal/feature.h"
#include "sim/simulator.h"

namespace shoal {
namespace {

// A feature for engine tests only: "remind N" schedules a reminder N minutes
// later; "roll" answers with a seeded random number.
class EchoFeature final : public Feature {
 public:
  void OnEvent(const Event& e, Context& ctx) override {
    if (e.type != EventType::kMessage) return;
    if (e.text.rfind("remind ", 0) == 0) {
      int minutes = std::stoi(e.text.substr(7));
      pending_.push_back(e.group);
      ctx.Schedule(ctx.now() + minutes * kMicrosPerMinute, pending_.size() - 1);
    } else if (e.text == "roll") {
      Rng rng = ctx.MakeRng(1);
      Action a;
      a.type = ActionType::kSend;
      a.group = e.group;
      a.text = std::to_string(rng.Below(1000));
      a.reason = "test:roll";
      ctx.Emit(a);
    }
  }
  void OnTimer(uint64_t tag, Context& ctx) override {
    Action a;
    a.type = ActionType::kSend;
    a.group = pending_[tag];
    a.text = "reminder";
    a.reason = "test:remind";
    ctx.Emit(a);
  }
  void Save(SnapshotWriter& w) const override {
    w.U64(pending_.size());
    for (const auto& p : pending_) w.Str(p);
  }
  bool Load(SnapshotReader& r) override {
    pending_.clear();
    uint64_t n = r.Count();
    for (uint64_t i = 0; i < n; ++i) pending_.push_back(r.Str());
    return r.ok();
  }

 private:
  std::vector<std::string> pending_;
};

SHOAL_REGISTER_FEATURE(engine_test_echo, FeatureSpec{
    .name = "test_echo",
    .order = 500,
    .create = [](ConfigSection&, const FeatureEnv&) -> std::unique_ptr<Feature> {
      return std::make_unique<EchoFeature>();
    },
});

std::shared_ptr<const Config> TestConfig() {
  Diagnostics diag;
  auto cfg = LoadConfigString(R"(
timezone: Asia/Shanghai
seed: 9
staff: ["qq:900"]
features:
  test_echo: {}
communities:
  - id: c1
    groups: [{id: "qq:1"}, {id: "qq:2"}]
  - id: c2
    timezone: Europe/Berlin
    groups: [{id: "tg:-5"}]
)",
                              "test.yaml", &diag);
  EXPECT_TRUE(cfg) << diag.ToString();
  return std::shared_ptr<const Config>(std::move(cfg));
}

Event Msg(const std::string& ts, const std::string& group, const std::string& text) {
  Event e;
  e.type = EventType::kMessage;
  e.ts = *ParseRfc3339(ts);
  e.group = group;
  e.member = "qq:7";
  e.text = text;
  return e;
}

std::string RunAll(Engine& engine, const std::vector<Event>& events) {
  std::string out;
  std::vector<Action> actions;
  for (Event e : events) {
    EventError err;
    if (!engine.Admit(e, &err)) continue;
    actions.clear();
    engine.Apply(e, &actions);
    for (const auto& a : actions) out += ActionToJson(a) + "\n";
  }
  return out;
}

TEST(Engine, TimersFireAsTicksInTheCommunityZoneAndInOrder) {
  auto engine = Engine::Create(TestConfig(), nullptr);
  ASSERT_TRUE(engine);
  std::string out = RunAll(*engine, {Msg("2026-01-05T09:00:00+08:00", "qq:1", "remind 30"),
                                     Msg("2026-01-05T09:01:00+08:00", "tg:-5", "remind 10"),
                                     Msg("2026-01-05T10:00:00+08:00", "qq:2", "hello")});
  // The Berlin reminder (09:11 Shanghai = 02:11 Berlin) fires before the Shanghai one (09:30).
  EXPECT_EQ(out,
            "{\"action\":\"send\",\"ts\":\"2026-01-05T02:11:00+01:00\",\"group\":\"tg:-5\",\"text\":\"reminder\","
            "\"reason\":\"test:remind\",\"key\":\"3.0\"}\n"
            "{\"action\":\"send\",\"ts\":\"2026-01-05T09:30:00+08:00\",\"group\":\"qq:1\",\"text\":\"reminder\","
            "\"reason\":\"test:remind\",\"key\":\"4.0\"}\n");
  // A timer due later than the last event fires when time is advanced.
  std::vector<Action> actions;
  RunAll(*engine, {Msg("2026-01-05T10:05:00+08:00", "qq:1", "remind 60")});
  engine->AdvanceTo(ParseRfc3339("2026-01-05T11:04:59+08:00")->utc, &actions);
  EXPECT_TRUE(actions.empty());
  engine->AdvanceTo(ParseRfc3339("2026-01-05T11:05:00+08:00")->utc, &actions);
  ASSERT_EQ(actions.size(), 1u);
}

TEST(Engine, SameInputSameBytesAndRandomnessIsSeededFromTheEvent) {
  std::vector<Event> events;
  for (int i = 0; i < 50; ++i) {
    events.push_back(Msg("2026-01-05T09:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00+08:00",
                         i % 2 ? "qq:1" : "tg:-5", i % 3 ? "roll" : "remind 3"));
  }
  auto a = Engine::Create(TestConfig(), nullptr);
  auto b = Engine::Create(TestConfig(), nullptr);
  std::string out_a = RunAll(*a, events), out_b = RunAll(*b, events);
  EXPECT_EQ(out_a, out_b);
  EXPECT_EQ(a->SaveSnapshot(), b->SaveSnapshot());
  // Not a constant: rolls differ across events.
  EXPECT_NE(out_a.find("\"text\":\""), std::string::npos);
  std::set<std::string> rolls;
  for (size_t p = out_a.find("test:roll"); p != std::string::npos; p = out_a.find("test:roll", p + 1)) {
    size_t t = out_a.rfind("\"text\":\"", p);
    rolls.insert(out_a.substr(t, p - t));
  }
  EXPECT_GT(rolls.size(), 10u);
}

TEST(Engine, SnapshotRestoreContinuesExactlyLikeAnUninterruptedRun) {
  auto cfg = TestConfig();
  std::vector<Event> events;
  SimOptions sim;
  sim.group_ids = {"qq:1", "qq:2", "tg:-5"};
  sim.members = 200;
  sim.days = 4;
  Simulate(sim, [&](const Event& e) { events.push_back(e); });
  for (size_t i = 0; i < events.size(); i += 97) {
    events[i].text = i % 2 ? "roll" : "remind 45";
    events[i].type = EventType::kMessage;
  }
  auto straight = Engine::Create(cfg, nullptr);
  std::string expected = RunAll(*straight, events);
  ASSERT_FALSE(expected.empty());

  size_t cut = events.size() / 2;
  auto first = Engine::Create(cfg, nullptr);
  std::string got = RunAll(*first, {events.begin(), events.begin() + cut});
  std::string snap = first->SaveSnapshot();
  auto second = Engine::Create(cfg, nullptr);
  std::string why;
  ASSERT_TRUE(second->LoadSnapshot(snap, &why)) << why;
  got += RunAll(*second, {events.begin() + cut, events.end()});
  EXPECT_EQ(got, expected);
  EXPECT_EQ(second->SaveSnapshot(), straight->SaveSnapshot());
  nlohmann::json r1, r2;
  straight->Report(r1);
  second->Report(r2);
  EXPECT_EQ(r1, r2);
}

TEST(Engine, RejectsCorruptOrForeignSnapshots) {
  auto engine = Engine::Create(TestConfig(), nullptr);
  RunAll(*engine, {Msg("2026-01-05T09:00:00+08:00", "qq:1", "remind 5")});
  std::string snap = engine->SaveSnapshot();
  std::string why;
  auto fresh = Engine::Create(TestConfig(), nullptr);
  EXPECT_FALSE(fresh->LoadSnapshot("garbage", &why));
  EXPECT_FALSE(fresh->LoadSnapshot(snap.substr(0, snap.size() / 2), &why));
  for (size_t i = 12; i < snap.size(); i += 7) {  // flipped bytes never crash
    std::string bad = snap;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto e = Engine::Create(TestConfig(), nullptr);
    e->LoadSnapshot(bad, &why);
  }
  Diagnostics diag;
  auto other = LoadConfigString("communities: [{id: x, groups: [{id: 'qq:1'}]}]\n", "other.yaml", &diag);
  auto foreign = Engine::Create(std::shared_ptr<const Config>(std::move(other)), nullptr);
  EXPECT_FALSE(foreign->LoadSnapshot(snap, &why));
  EXPECT_NE(why.find("config changed"), std::string::npos);
}

TEST(Engine, AdmitChecksGroupOrderAndDuplicates) {
  auto engine = Engine::Create(TestConfig(), nullptr);
  EventError err;
  Event e = Msg("2026-01-05T09:00:00+08:00", "qq:1", "hi");
  e.msg_id = "a";
  EXPECT_TRUE(engine->Admit(e, &err));
  EXPECT_FALSE(engine->Admit(e, &err));
  EXPECT_EQ(err.field, "msg_id");
  e.msg_id = "a";
  e.group = "qq:2";  // same msg_id in another group is a different message
  EXPECT_TRUE(engine->Admit(e, &err));
  Event late = Msg("2026-01-05T08:54:00+08:00", "qq:1", "late");
  EXPECT_FALSE(engine->Admit(late, &err));
  EXPECT_EQ(err.field, "ts");
  Event within = Msg("2026-01-05T08:56:00+08:00", "qq:1", "slightly late");
  EXPECT_TRUE(engine->Admit(within, &err));
  Event unknown = Msg("2026-01-05T09:00:00+08:00", "qq:404", "x");
  EXPECT_FALSE(engine->Admit(unknown, &err));
  EXPECT_EQ(err.field, "group");
}

}  // namespace
}  // namespace shoal
