#include "server/session.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace shoal {
namespace {

// Deterministic "randomness": each call fills the buffer with the next counter byte.
SessionTable::RandomBytes Counter() {
  auto n = std::make_shared<unsigned char>(0);
  return [n](unsigned char* buf, size_t len) {
    ++*n;
    for (size_t i = 0; i < len; ++i) buf[i] = *n;
  };
}

TEST(SessionTableTest, CreatedSessionFindsItsGrantUntilExpiry) {
  ManualClock clock(1'000'000);
  Grant grant{.name = "ops", .role = ApiRole::kOperator, .communities = {"c"}};
  SessionTable table(&clock, 60 * kMicrosPerSecond, Counter());
  auto s = table.Create(&grant);
  EXPECT_EQ(s.id.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_NE(s.id, s.csrf);
  std::string csrf;
  EXPECT_EQ(table.Find(s.id, &csrf), &grant);
  EXPECT_EQ(csrf, s.csrf);
  clock.Advance(59 * kMicrosPerSecond);
  EXPECT_EQ(table.Find(s.id), &grant);
  clock.Advance(1 * kMicrosPerSecond);
  EXPECT_EQ(table.Find(s.id), nullptr) << "expired at exactly ttl";
}

TEST(SessionTableTest, ForgedAndLoggedOutIdsAreUnknown) {
  ManualClock clock(0);
  Grant grant{.name = "owner", .role = ApiRole::kOwner};
  SessionTable table(&clock, kMicrosPerHour);
  auto s = table.Create(&grant);
  std::string forged = s.id;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(table.Find(forged), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
  EXPECT_TRUE(table.Remove(s.id));
  EXPECT_EQ(table.Find(s.id), nullptr) << "replaying a logged-out cookie";
  EXPECT_FALSE(table.Remove(s.id));
}

TEST(SessionTableTest, CsrfMustMatchExactly) {
  ManualClock clock(0);
  Grant grant{.name = "owner", .role = ApiRole::kOwner};
  SessionTable table(&clock, kMicrosPerHour);
  auto a = table.Create(&grant), b = table.Create(&grant);
  EXPECT_TRUE(table.CheckCsrf(a.id, a.csrf));
  EXPECT_FALSE(table.CheckCsrf(a.id, b.csrf)) << "another session's token";
  EXPECT_FALSE(table.CheckCsrf(a.id, a.csrf.substr(1)));
  EXPECT_FALSE(table.CheckCsrf(a.id, ""));
  EXPECT_FALSE(table.CheckCsrf("nope", a.csrf));
}

TEST(SessionTableTest, CapacityDropsTheOldestSession) {
  ManualClock clock(0);
  Grant grant{.name = "owner", .role = ApiRole::kOwner};
  SessionTable table(&clock, kMicrosPerHour, Counter(), 2);
  auto first = table.Create(&grant);
  clock.Advance(1);
  auto second = table.Create(&grant);
  clock.Advance(1);
  auto third = table.Create(&grant);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.Find(first.id), nullptr);
  EXPECT_NE(table.Find(second.id), nullptr);
  EXPECT_NE(table.Find(third.id), nullptr);
}

TEST(CookieValueTest, FindsTheNamedCookieOnly) {
  EXPECT_EQ(CookieValue("a=1; shoal_session=xyz; b=2", "shoal_session"), "xyz");
  EXPECT_EQ(CookieValue("shoal_session=abc", "shoal_session"), "abc");
  EXPECT_EQ(CookieValue("xshoal_session=abc", "shoal_session"), "");
  EXPECT_EQ(CookieValue("", "shoal_session"), "");
}

std::string TempSessionsPath(const char* name) {
  auto p = std::filesystem::temp_directory_path() / (std::string("shoal_sessions_") + name + "_" + std::to_string(getpid()));
  std::filesystem::remove(p);
  return p.string();
}

TEST(SessionTableTest, PersistedSessionsSurviveARestartButNotLogoutRevocationOrExpiry) {
  ManualClock clock(1'000'000);
  Grant ops{.name = "ops", .role = ApiRole::kOperator, .communities = {"c"}};
  Grant gone{.name = "gone", .role = ApiRole::kViewer};
  std::string path = TempSessionsPath("restart");
  SessionTable::Created kept, out, revoked, old;
  {
    SessionTable table(&clock, kMicrosPerHour, Counter());
    size_t skipped = 0;
    std::string why;
    ASSERT_TRUE(table.Persist(path, [&](std::string_view) { return nullptr; }, &skipped, &why)) << why;
    old = table.Create(&ops);
    clock.Advance(30 * kMicrosPerMinute);
    kept = table.Create(&ops);
    out = table.Create(&ops);
    revoked = table.Create(&gone);
    EXPECT_TRUE(table.Remove(out.id));
  }
  std::ifstream saved(path);
  std::string all((std::istreambuf_iterator<char>(saved)), {});
  EXPECT_EQ(all.find(kept.id), std::string::npos) << "only the hash of an id is written";
  clock.Advance(31 * kMicrosPerMinute);  // `old` has expired by now
  SessionTable restarted(&clock, kMicrosPerHour, Counter());
  size_t skipped = 0;
  std::string why;
  // The config after the restart no longer lists the token "gone".
  auto grants = [&](std::string_view name) -> const Grant* { return name == "ops" ? &ops : nullptr; };
  ASSERT_TRUE(restarted.Persist(path, grants, &skipped, &why)) << why;
  EXPECT_EQ(skipped, 0u);
  std::string csrf;
  EXPECT_EQ(restarted.Find(kept.id, &csrf), &ops);
  EXPECT_EQ(csrf, kept.csrf) << "the CSRF token the page holds keeps working";
  EXPECT_EQ(restarted.Find(out.id), nullptr) << "logged out before the restart";
  EXPECT_EQ(restarted.Find(revoked.id), nullptr) << "its token was removed from the config";
  EXPECT_EQ(restarted.Find(old.id), nullptr) << "expired";
  EXPECT_EQ(restarted.size(), 1u);
  std::filesystem::remove(path);
}

TEST(SessionTableTest, MalformedLinesInTheSessionsFileAreSkippedAndCounted) {
  ManualClock clock(0);
  Grant ops{.name = "ops", .role = ApiRole::kOperator};
  std::string path = TempSessionsPath("malformed");
  std::string good_id;
  {
    SessionTable table(&clock, kMicrosPerHour, Counter());
    size_t skipped = 0;
    std::string why;
    ASSERT_TRUE(table.Persist(path, [&](std::string_view) { return &ops; }, &skipped, &why));
    good_id = table.Create(&ops).id;
  }
  {
    std::ofstream append(path, std::ios::app);
    append << "not json\n{\"hash\": 7}\n";
  }
  SessionTable restarted(&clock, kMicrosPerHour, Counter());
  size_t skipped = 0;
  std::string why;
  ASSERT_TRUE(restarted.Persist(path, [&](std::string_view) { return &ops; }, &skipped, &why));
  EXPECT_EQ(skipped, 2u);
  EXPECT_EQ(restarted.Find(good_id), &ops);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace shoal
