// The plan through the engine: its snapshot restores exactly, and a corrupted
// snapshot is refused or loads without crashing (never reads out of bounds).
#include "features/plan/plan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "shoal/engine.h"
#include "shoal/rng.h"

namespace shoal {
namespace {

const char* kConfig = R"(
tenant: t
timezone: Asia/Shanghai
staff: ["qq:900"]
communities:
  - id: c1
    groups:
      - {id: "qq:1", name: 一群, account: bot1}
      - {id: "qq:2", name: 二群, account: bot2}
features:
  plan:
    questions: [{question: Q1, brainstorm: true}]
    owners: {"qq:2": "qq:56"}
    pacing: {spread: 10m, jitter: 30s, account_gap: 2s}
    entries:
      - {id: a, at: ["09:00", "21:00"], to: [all], text: "{group} {question}"}
      - {id: b, cron: "*/30 * * * *", to: ["qq:2"], mode: assisted, text: "task {date}"}
)";

Event Message(Micros ts, const char* group, const char* member, const char* text) {
  Event e;
  e.type = EventType::kMessage;
  e.ts.utc = ts;
  e.group = group;
  e.member = member;
  e.text = text;
  return e;
}

TEST(Plan, SnapshotsRestoreExactlyAndCorruptionNeverCrashes) {
  Diagnostics diag;
  std::shared_ptr<const Config> cfg = LoadConfigString(kConfig, "t.yaml", &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  std::string why;
  auto engine = Engine::Create(cfg, &why);
  ASSERT_TRUE(engine) << why;
  Micros t = ParseRfc3339("2026-01-05T08:50:00+08:00")->utc;
  std::vector<Action> out;
  engine->Apply(Message(t, "qq:1", "qq:7", "hi"), &out);
  for (int m = 1; m <= 20; ++m) engine->AdvanceTo(t + m * kMicrosPerMinute, &out);  // 09:00 spread under way, a task open
  engine->Apply(Message(t + 21 * kMicrosPerMinute, "qq:1", "qq:900", "/plan pause b"), &out);
  size_t sends = 0, tasks = 0;
  for (const auto& a : out) {
    sends += a.type == ActionType::kSend && a.reason == "plan";
    tasks += a.type == ActionType::kTask;
  }
  EXPECT_GE(sends, 1u);
  EXPECT_EQ(tasks, 1u);
  std::string snap = engine->SaveSnapshot();
  auto fresh = Engine::Create(cfg, &why);
  ASSERT_TRUE(fresh->LoadSnapshot(snap, &why)) << why;
  EXPECT_EQ(fresh->SaveSnapshot(), snap);
  // The restored engine continues exactly as the original.
  std::vector<Action> a1, a2;
  engine->AdvanceTo(t + 3 * kMicrosPerHour, &a1);
  fresh->AdvanceTo(t + 3 * kMicrosPerHour, &a2);
  ASSERT_EQ(a1.size(), a2.size());
  for (size_t i = 0; i < a1.size(); ++i) EXPECT_EQ(ActionToJson(a1[i]), ActionToJson(a2[i]));
  // Flipped bytes and truncations: refused or loaded, never a crash (run under ASan to see reads).
  Rng rng(1);
  for (int i = 0; i < 300; ++i) {
    std::string bad = snap;
    if (i % 3 == 0) bad.resize(rng.Below(bad.size()));
    else bad[rng.Below(bad.size())] ^= static_cast<char>(1 + rng.Below(255));
    auto e = Engine::Create(cfg, &why);
    if (e->LoadSnapshot(bad, &why)) {
      std::vector<Action> more;
      e->AdvanceTo(t + kMicrosPerDay, &more);
      nlohmann::json report;
      e->Report(report);
    }
  }
}

}  // namespace
}  // namespace shoal
