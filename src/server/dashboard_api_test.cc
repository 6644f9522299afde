// The dashboard read API over loopback HTTP: numbers come from the engine, every list is cut
// to the caller's communities, and undo/label reach the moderation feature as staff commands.
#include <gtest/gtest.h>

#include <algorithm>

#include "server/dashboard_testing.h"

namespace shoal {
namespace {

namespace http = boost::beast::http;
using testing::Bearer;
using testing::ChatJson;
using testing::DashboardServer;

class DashboardApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(s_.Post(ChatJson(1, "qq:1", "qq:7", "hello", "m1") + "\n" +
                        ChatJson(2, "qq:1", "qq:8", "hi there", "m2") + "\n" +
                        ChatJson(3, "qq:2", "qq:7", "卖外挂 便宜", "m3") + "\n" +
                        ChatJson(4, "qq:3", "qq:9", "外挂 in d", "m4") + "\n"));
  }
  nlohmann::json Get(const std::string& target, const std::string& token = testing::kOwnerToken, unsigned want = 200) {
    auto r = s_.Send(http::verb::get, target, "", Bearer(token));
    EXPECT_EQ(r.status, want) << target << ": " << r.body;
    return r.json();
  }

  DashboardServer s_;
};

TEST_F(DashboardApiTest, OverviewShowsEachCommunitysNumbersAndScopedGrantsSeeTheirOwn) {
  auto all = Get("/v1/overview");
  ASSERT_EQ(all["communities"].size(), 2u);
  auto c = all["communities"][0];
  EXPECT_EQ(c["id"], "c");
  EXPECT_EQ(c["groups"], 2);
  EXPECT_EQ(c["as_of"], "2026-01-05");
  // Two messages in qq:1 and one in qq:2 (removed by moderation, but it was sent).
  EXPECT_EQ(c["messages_today"], 3);
  EXPECT_EQ(c["messages_7d"], 3);
  EXPECT_EQ(c["members"], 2);
  EXPECT_EQ(all["communities"][1]["id"], "d");

  auto scoped = Get("/v1/overview", testing::kViewerCToken);
  ASSERT_EQ(scoped["communities"].size(), 1u);
  EXPECT_EQ(scoped["communities"][0]["id"], "c");
  Get("/v1/overview?community=d", testing::kViewerCToken, 403);
  EXPECT_EQ(Get("/v1/overview?community=d")["communities"].size(), 1u);
}

TEST_F(DashboardApiTest, GroupTableIsPaginatedAndFiltered) {
  auto page = Get("/v1/groups?limit=2");
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["groups"].size(), 2u);
  EXPECT_EQ(page["groups"][0]["id"], "qq:1");
  EXPECT_EQ(page["groups"][0]["members"], 2);
  EXPECT_EQ(page["groups"][0]["share_spoke_7d"], 1.0);
  EXPECT_TRUE(page["groups"][0]["stage"].is_string());
  auto next = Get("/v1/groups?limit=2&offset=2");
  ASSERT_EQ(next["groups"].size(), 1u);
  EXPECT_EQ(next["groups"][0]["id"], "qq:3");
  EXPECT_EQ(Get("/v1/groups?community=d")["total"], 1);
  EXPECT_EQ(Get("/v1/groups", testing::kOperatorCToken)["total"], 2);
  Get("/v1/groups?limit=0", testing::kOwnerToken, 400);
  Get("/v1/groups?offset=x", testing::kOwnerToken, 400);
}

TEST_F(DashboardApiTest, GroupPageHasTheDailySeries) {
  auto g = Get("/v1/groups/qq%3A1");
  EXPECT_EQ(g["name"], "G1");
  EXPECT_EQ(g["community"], "c");
  ASSERT_EQ(g["days"].size(), 1u);
  EXPECT_EQ(g["days"][0]["day"], "2026-01-05");
  EXPECT_EQ(g["days"][0]["messages"], 2);
  EXPECT_EQ(g["days"][0]["speakers"], 2);
  EXPECT_EQ(g["health"]["members"], 2);
  Get("/v1/groups/qq:3", testing::kViewerCToken, 403);
  Get("/v1/groups/qq:404", testing::kViewerCToken, 403);  // unknown looks like forbidden to a scoped grant
  Get("/v1/groups/qq:404", testing::kOwnerToken, 404);
}

TEST_F(DashboardApiTest, LeaderboardsListOnlyTheGrantsCommunities) {
  auto all = Get("/v1/leaderboards");
  EXPECT_EQ(all["communities"].size(), 2u);
  auto c = Get("/v1/leaderboards?community=c", testing::kViewerCToken);
  ASSERT_EQ(c["communities"].size(), 1u);
  EXPECT_TRUE(c["communities"][0]["boards"].is_object());
}

TEST_F(DashboardApiTest, GrowthShowsFunnelsAndConversionsPerCommunity) {
  ASSERT_TRUE(s_.Post(R"({"type":"join","ts":"2026-01-05T10:00:00+08:00","group":"qq:1","member":"qq:50"})" "\n"
                      R"({"type":"conversion","ts":"2026-01-05T10:05:00+08:00","member":"qq:50","goal":"paid","value":30})" "\n"));
  auto all = Get("/v1/growth");
  ASSERT_EQ(all["communities"].size(), 2u);
  auto c = all["communities"][0];
  EXPECT_EQ(c["id"], "c");
  EXPECT_EQ(c["by_goal"]["paid"]["count"], 1);
  auto steps = c["funnels"]["join_to_paid"]["steps"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1]["step"], "paid");
  EXPECT_EQ(steps[1]["members"], 1);
  EXPECT_EQ(all["communities"][1]["by_goal"].size(), 0u) << "the conversion belongs to community c";
  EXPECT_EQ(Get("/v1/growth", testing::kViewerCToken)["communities"].size(), 1u);
  Get("/v1/growth?community=d", testing::kViewerCToken, 403);
}

TEST_F(DashboardApiTest, ModerationQueueShowsEvidenceWithinScope) {
  auto all = Get("/v1/moderation/queue");
  ASSERT_EQ(all["decisions"].size(), 2u);
  EXPECT_EQ(all["decisions"][0]["group"], "qq:3") << "newest first";
  auto scoped = Get("/v1/moderation/queue", testing::kViewerCToken);
  ASSERT_EQ(scoped["decisions"].size(), 1u);
  auto d = scoped["decisions"][0];
  EXPECT_EQ(d["group"], "qq:2");
  EXPECT_EQ(d["text"], "卖外挂 便宜");
  EXPECT_NE(d["evidence"].get<std::string>().find("外挂"), std::string::npos);
  EXPECT_EQ(d["undone"], false);
}

TEST_F(DashboardApiTest, ModerationQueuePagesThroughTheWholeAuditWithFilters) {
  // 25 more ads in qq:2 (community c), from five members, on top of the two from SetUp.
  std::string body;
  for (int i = 0; i < 25; ++i)
    body += ChatJson(10 + i, "qq:2", "qq:" + std::to_string(100 + i % 5), "外挂 " + std::to_string(i),
                     "ad" + std::to_string(i)) + "\n";
  ASSERT_TRUE(s_.Post(body));
  auto first = Get("/v1/moderation/queue?community=c&limit=10");
  ASSERT_EQ(first["decisions"].size(), 10u);
  EXPECT_EQ(first["matched"], 26) << "25 new ads and SetUp's one in c; the report's 20 are no longer the limit";
  std::vector<uint64_t> seen;
  nlohmann::json page = first;
  for (int guard = 0; guard < 5; ++guard) {
    for (const auto& d : page["decisions"]) seen.push_back(d["id"].get<uint64_t>());
    if (page["next_before"].is_null()) break;
    page = Get("/v1/moderation/queue?community=c&limit=10&before=" + std::to_string(page["next_before"].get<uint64_t>()));
  }
  ASSERT_EQ(seen.size(), 26u) << "three pages of 10, 10 and 6";
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend())) << "newest first, no repeats across pages";
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());

  auto one_member = Get("/v1/moderation/queue?member=qq%3A101");
  EXPECT_EQ(one_member["matched"], 5);
  for (const auto& d : one_member["decisions"]) {
    EXPECT_EQ(d["member"], "qq:101");
    EXPECT_EQ(d["ts"].get<std::string>().substr(0, 10), "2026-01-05");
  }
  // Labelling one takes it out of the pending view.
  std::string id = std::to_string(seen.front());
  ASSERT_EQ(s_.Send(http::verb::post, "/v1/moderation/" + id + "/label", R"({"label":"spam"})", Bearer(testing::kOwnerToken)).status, 200u);
  s_.WaitApplied(1);
  EXPECT_EQ(Get("/v1/moderation/queue?community=c&status=pending")["matched"], 25);
  EXPECT_EQ(Get("/v1/moderation/queue?community=c&status=labelled")["decisions"][0]["id"], seen.front());
  // An old decision, far past the report's last 20, can still be undone.
  std::string oldest = std::to_string(seen.back());
  ASSERT_EQ(s_.Send(http::verb::post, "/v1/moderation/" + oldest + "/undo", "{}", Bearer(testing::kOwnerToken)).status, 200u);
  s_.WaitApplied(1);
  EXPECT_EQ(Get("/v1/moderation/queue?status=undone")["decisions"][0]["id"], seen.back());

  Get("/v1/moderation/queue?status=maybe", testing::kOwnerToken, 400);
  Get("/v1/moderation/queue?limit=0", testing::kOwnerToken, 400);
  Get("/v1/moderation/queue?before=x", testing::kOwnerToken, 400);
  EXPECT_EQ(Get("/v1/moderation/queue?member=qq%3A101", testing::kViewerCToken)["matched"], 5);
  EXPECT_EQ(Get("/v1/moderation/queue?group=qq%3A3", testing::kViewerCToken)["matched"], 0) << "qq:3 is in d";
}

TEST_F(DashboardApiTest, ModerationQueueShowsStaffDecisionsBesideAutomaticOnes) {
  // An admin mutes someone in qq:2 (community c) on the platform.
  ASSERT_TRUE(s_.Post(R"({"type":"restrict","ts":"2026-01-05T09:30:00+08:00","group":"qq:2","member":"qq:7","seconds":600,"by":"qq:55"})"
                      "\n"));
  auto all = Get("/v1/moderation/queue?community=c");
  ASSERT_EQ(all["decisions"].size(), 2u);
  auto d = all["decisions"][0];
  EXPECT_EQ(d["kind"], "staff");
  EXPECT_EQ(d["by"], "qq:55");
  EXPECT_EQ(d["reason"], "staff:mute");
  EXPECT_EQ(all["decisions"][1]["kind"], "auto");
  EXPECT_EQ(Get("/v1/moderation/queue?community=c&kind=staff")["matched"], 1);
  EXPECT_EQ(Get("/v1/moderation/queue?community=c&kind=auto")["matched"], 1);
  EXPECT_EQ(Get("/v1/moderation/queue?community=c&status=pending")["matched"], 1) << "nobody reviews what staff did";
  Get("/v1/moderation/queue?kind=people", testing::kOwnerToken, 400);
  std::string id = std::to_string(d["id"].get<uint64_t>());
  EXPECT_EQ(s_.Send(http::verb::post, "/v1/moderation/" + id + "/undo", "{}", Bearer(testing::kOwnerToken)).status, 409u);
}

TEST_F(DashboardApiTest, UndoAndLabelReachTheModerationFeature) {
  auto queue = Get("/v1/moderation/queue", testing::kOperatorCToken);
  ASSERT_EQ(queue["decisions"].size(), 1u);
  std::string id = std::to_string(queue["decisions"][0]["id"].get<int>());
  std::string other = std::to_string(Get("/v1/moderation/queue")["decisions"][0]["id"].get<int>());  // in d

  EXPECT_EQ(s_.Send(http::verb::post, "/v1/moderation/" + id + "/undo", "{}", Bearer(testing::kViewerCToken)).status, 403u);
  EXPECT_EQ(s_.Send(http::verb::post, "/v1/moderation/" + other + "/undo", "{}", Bearer(testing::kOperatorCToken)).status,
            404u) << "a decision in another community is invisible";
  auto bad = s_.Send(http::verb::post, "/v1/moderation/" + id + "/label", R"({"label":"maybe"})", Bearer(testing::kOperatorCToken));
  EXPECT_EQ(bad.status, 400u);

  auto spam = s_.Send(http::verb::post, "/v1/moderation/" + other + "/label", R"({"label":"spam"})", Bearer(testing::kOwnerToken));
  ASSERT_EQ(spam.status, 200u) << spam.body;
  s_.WaitApplied(1);
  EXPECT_EQ(spam.json()["command"], "/spam " + other);
  auto undo = s_.Send(http::verb::post, "/v1/moderation/" + id + "/undo", "{}", Bearer(testing::kOperatorCToken));
  ASSERT_EQ(undo.status, 200u) << undo.body;
  EXPECT_EQ(undo.json()["command"], "/ham " + id);
  s_.WaitApplied(1);

  auto after = Get("/v1/moderation/queue");
  for (const auto& d : after["decisions"]) {
    if (std::to_string(d["id"].get<int>()) == id) {
      EXPECT_EQ(d["undone"], true);
      EXPECT_EQ(d["label"], "ham");
    } else {
      EXPECT_EQ(d["label"], "spam");
      EXPECT_EQ(d["undone"], false);
    }
  }
  EXPECT_EQ(s_.Send(http::verb::post, "/v1/moderation/abc/undo", "{}", Bearer(testing::kOwnerToken)).status, 404u);
}

TEST_F(DashboardApiTest, MemberPageIsTheCrmProfileCutToTheGrant) {
  auto m = Get("/v1/members/qq%3A7");
  EXPECT_EQ(m["id"], "qq:7");
  EXPECT_EQ(m["name"], "qq:7");
  EXPECT_EQ(m["community"], "c");
  ASSERT_TRUE(m["groups"].is_object());
  EXPECT_EQ(m["groups"].size(), 2u);
  EXPECT_EQ(m["groups"]["qq:1"]["messages"], 1);
  EXPECT_EQ(m["groups"]["qq:2"]["name"], "G2");
  EXPECT_EQ(m["messages"], 2);
  EXPECT_TRUE(m["level"].is_string());
  EXPECT_TRUE(m["level_reason"].is_string());
  EXPECT_TRUE(m["tags"].is_array());
  EXPECT_TRUE(m["conversions"].is_array());
  EXPECT_EQ(Get("/v1/members/qq:7", testing::kViewerCToken)["id"], "qq:7");
  Get("/v1/members/qq:9", testing::kViewerCToken, 403);  // a member of d
  EXPECT_EQ(Get("/v1/members/qq:9")["community"], "d");
  Get("/v1/members/qq:404", testing::kViewerCToken, 403);  // unknown looks like forbidden to a scoped grant
  EXPECT_EQ(Get("/v1/members/qq:404", testing::kOwnerToken, 404)["error"], "unknown member 'qq:404'");
  Get("/v1/members/qq%zz", testing::kOwnerToken, 400);
}

TEST_F(DashboardApiTest, AMemberOfTwoCommunitiesShowsBothToWhoeverMaySeeBoth) {
  ASSERT_TRUE(s_.Post(ChatJson(5, "qq:3", "qq:7", "hello d", "m5")));  // qq:7 now also speaks in d
  auto both = Get("/v1/members/qq%3A7");
  EXPECT_EQ(both["community"], "c") << "the first community's profile leads, as before";
  EXPECT_EQ(both["groups"].size(), 3u) << "qq:1 and qq:2 from c, qq:3 from d";
  EXPECT_EQ(both["groups"]["qq:3"]["messages"], 1);
  ASSERT_EQ(both["communities"].size(), 2u);
  EXPECT_EQ(both["communities"][0]["community"], "c");
  EXPECT_EQ(both["communities"][1]["community"], "d");
  EXPECT_EQ(both["communities"][1]["messages"], 1);
  auto only_c = Get("/v1/members/qq%3A7", testing::kViewerCToken);
  EXPECT_EQ(only_c["groups"].size(), 2u) << "a viewer of c never sees the member's groups in d";
  EXPECT_FALSE(only_c["groups"].contains("qq:3"));
  EXPECT_EQ(only_c["communities"].size(), 1u);
  // Someone who is only in d is still invisible to c.
  Get("/v1/members/qq:9", testing::kViewerCToken, 403);
}

TEST_F(DashboardApiTest, PlanCalendarListsThePlannedPostsInTheGrantsCommunities) {
  auto all = Get("/v1/plans/calendar?from=2026-01-19&to=2026-01-20");
  EXPECT_EQ(all["count"], 3);
  ASSERT_EQ(all["posts"].size(), 3u);
  auto p = all["posts"][0];
  EXPECT_EQ(p["time"], "2026-01-20T10:00:00+08:00");
  EXPECT_EQ(p["community"], "c");
  EXPECT_EQ(p["entry"], "hello");
  EXPECT_EQ(p["group"], "qq:1");
  EXPECT_EQ(p["group_name"], "G1");
  EXPECT_EQ(p["text"], "Welcome to G1");
  EXPECT_EQ(p["mode"], "direct");
  EXPECT_EQ(Get("/v1/plans/calendar?from=2026-01-19&to=2026-01-19")["count"], 0);

  auto scoped = Get("/v1/plans/calendar?from=2026-01-20&to=2026-01-20", testing::kViewerCToken);
  ASSERT_EQ(scoped["count"], 2);
  for (const auto& post : scoped["posts"]) EXPECT_EQ(post["community"], "c");
  auto d = Get("/v1/plans/calendar?from=2026-01-20&to=2026-01-20&community=d");
  ASSERT_EQ(d["count"], 1);
  EXPECT_EQ(d["posts"][0]["group"], "qq:3");
  Get("/v1/plans/calendar?from=2026-01-20&to=2026-01-20&community=d", testing::kViewerCToken, 403);

  EXPECT_EQ(Get("/v1/plans/calendar?to=2026-01-20", testing::kOwnerToken, 400)["error"], "from: must be a date YYYY-MM-DD");
  EXPECT_EQ(Get("/v1/plans/calendar?from=2026-01-20&to=2026-02-30", testing::kOwnerToken, 400)["error"],
            "to: must be a date YYYY-MM-DD");
  EXPECT_EQ(Get("/v1/plans/calendar?from=2026-01-20&to=2026-01-19", testing::kOwnerToken, 400)["error"],
            "to: must not be before from");
  Get("/v1/plans/calendar?from=2026-01-01&to=2026-03-03", testing::kOwnerToken, 200);  // 62 days
  EXPECT_EQ(Get("/v1/plans/calendar?from=2026-01-01&to=2026-03-04", testing::kOwnerToken, 400)["error"],
            "the range may span at most 62 days");
}

TEST_F(DashboardApiTest, StaticFilesAreServedWithoutAuthAndTraversalIsRefused) {
  auto none = s_.Send(http::verb::get, "/");
  EXPECT_EQ(none.status, 404u) << "no web root configured";
  s_.api()->SetWebRoot(SHOAL_SOURCE_DIR "/src/server");  // any real directory: only its files are reachable
  auto file = s_.Send(http::verb::get, "/session.h");
  EXPECT_EQ(file.status, 200u);
  EXPECT_NE(file.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(file.header("X-Content-Type-Options"), "nosniff");
  for (const char* target : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%2E%2e%2fCMakeLists.txt"}) {
    auto r = s_.Send(http::verb::get, target);
    EXPECT_EQ(r.status, 400u) << target;
    EXPECT_EQ(r.body.find("cmake"), std::string::npos);
  }
}

}  // namespace
}  // namespace shoal
