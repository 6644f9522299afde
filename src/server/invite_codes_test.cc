// The codes a restart hands to the Telegram linker come from a real engine's report: open
// and revoked run-time codes with their limits, nothing else.
#include "server/invite_codes.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "shoal/engine.h"

namespace shoal {
namespace {

TEST(RuntimeInviteCodes, OpenAndRevokedRuntimeCodesFromTheEnginesReport) {
  Diagnostics diag;
  std::shared_ptr<const Config> cfg = LoadConfigFile(std::string(SHOAL_SOURCE_DIR) + "/examples/shoal.yaml", &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  std::string why;
  auto engine = Engine::Create(cfg, &why);
  ASSERT_TRUE(engine) << why;
  Timestamp ts = *ParseRfc3339("2026-03-01T09:00:00+08:00");
  auto invite = [&](std::string extra) {
    Event e{.type = EventType::kInvite, .ts = ts, .group = "qq:100001", .extra = std::move(extra)};
    EventError err;
    ASSERT_TRUE(engine->Admit(e, &err)) << err.ToString();
    std::vector<Action> actions;
    engine->Apply(e, &actions);
  };
  invite(R"("code":"open-a","uses":3,"expires":"2026-04-01T00:00:00Z")");
  invite(R"("code":"gone-b")");
  invite(R"("code":"gone-b","revoke":true)");
  invite(R"("code":"old-c","expires":"2026-02-01T00:00:00Z")");
  nlohmann::json report;
  engine->Report(report);
  ASSERT_TRUE(report["tenant_features"]["invite"]["codes"].size() > 3) << "the example's config codes are there too";

  auto codes = RuntimeInviteCodes(report);
  std::sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  ASSERT_EQ(codes.size(), 2u) << "config codes and the expired one are left out";
  EXPECT_EQ(codes[0].code, "gone-b");
  EXPECT_TRUE(codes[0].revoke);
  EXPECT_EQ(codes[1].code, "open-a");
  EXPECT_FALSE(codes[1].revoke);
  EXPECT_EQ(codes[1].group, "qq:100001");
  EXPECT_EQ(codes[1].uses, 3);
  EXPECT_EQ(codes[1].expires, ParseRfc3339("2026-04-01T00:00:00Z")->utc);
  EXPECT_TRUE(RuntimeInviteCodes(nlohmann::json::object()).empty());
}

}  // namespace
}  // namespace shoal
