// The growth features' snapshots, with the example config after a simulated
// fortnight: a restore writes the same bytes, and truncated or mutated
// snapshots load or fail cleanly (never crash, never hang).
#include <gtest/gtest.h>

#include "shoal/engine.h"
#include "shoal/rng.h"
#include "sim/simulator.h"

namespace shoal {
namespace {

std::unique_ptr<Engine> ExampleEngine(std::shared_ptr<const Config>* cfg_out) {
  Diagnostics diag;
  auto cfg = LoadConfigFile(std::string(SHOAL_SOURCE_DIR) + "/examples/shoal.yaml", &diag);
  EXPECT_TRUE(cfg) << diag.ToString();
  *cfg_out = std::shared_ptr<const Config>(std::move(cfg));
  std::string why;
  auto engine = Engine::Create(*cfg_out, &why);
  EXPECT_TRUE(engine) << why;
  return engine;
}

TEST(GrowthSnapshots, RestoreIsExactAndDamageFailsCleanly) {
  std::shared_ptr<const Config> cfg;
  auto engine = ExampleEngine(&cfg);
  ASSERT_TRUE(engine);
  SimOptions sim;
  sim.days = 14;
  sim.members = 300;
  for (const auto& c : cfg->communities)
    for (const auto& g : c.groups) sim.group_ids.push_back(g.id);
  std::vector<Action> actions;
  EventError err;
  Simulate(sim, [&](const Event& e) {
    if (engine->Admit(e, &err)) engine->Apply(e, &actions);
  });
  // Runtime codes, a join request to the core group, a personal code.
  Timestamp ts{.utc = engine->now() + kMicrosPerMinute, .offset_minutes = 480};
  Event code{.type = EventType::kInvite, .ts = ts, .group = "qq:100001", .extra = "\"code\":\"partner-z\",\"uses\":3"};
  Event req{.type = EventType::kJoinRequest, .ts = ts, .group = "qq:100003", .member = "qq:999", .via = "partner-z",
            .request_id = "r1"};
  Event ask{.type = EventType::kMessage, .ts = ts, .group = "qq:100001", .member = "qq:998", .text = "/invite", .msg_id = "x"};
  for (const Event* e : {&code, &req, &ask}) {
    ASSERT_TRUE(engine->Admit(*e, &err)) << err.ToString();
    engine->Apply(*e, &actions);
  }
  std::string snap = engine->SaveSnapshot();
  std::string why;
  auto fresh = Engine::Create(cfg, &why);
  ASSERT_TRUE(fresh->LoadSnapshot(snap, &why)) << why;
  EXPECT_EQ(fresh->SaveSnapshot(), snap);

  Rng rng(3);
  for (int i = 0; i < 300; ++i) {
    std::string bad = snap;
    if (i % 3 == 0) {
      bad.resize(rng.Below(bad.size()));
    } else {
      for (int k = 0; k < 1 + i % 4; ++k) bad[rng.Below(bad.size())] = static_cast<char>(rng.Below(256));
    }
    auto e = Engine::Create(cfg, &why);
    e->LoadSnapshot(bad, &why);  // either outcome is fine; crashing or hanging is not
  }
}

}  // namespace
}  // namespace shoal
