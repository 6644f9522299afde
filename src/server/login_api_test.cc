// Dashboard login over real HTTP on loopback: the cookie's attributes, CSRF on writes,
// forged / expired / logged-out cookies, and bearer tokens still working beside sessions.
#include <gtest/gtest.h>

#include "server/dashboard_testing.h"

namespace shoal {
namespace {

namespace http = boost::beast::http;
using testing::Bearer;
using testing::DashboardServer;
using testing::HttpReply;

struct Login {
  std::string cookie;  // "shoal_session=…"
  std::string csrf;
};

Login LogIn(DashboardServer& s, const std::string& token) {
  HttpReply r = s.Send(http::verb::post, "/v1/login", nlohmann::json{{"token", token}}.dump());
  EXPECT_EQ(r.status, 200u) << r.body;
  std::string set = r.header("Set-Cookie");
  return {set.substr(0, set.find(';')), r.json().value("csrf", "")};
}

TEST(LoginApiTest, LoginSetsAStrictHttpOnlyCookieAndReturnsTheGrant) {
  DashboardServer s;
  HttpReply r = s.Send(http::verb::post, "/v1/login", nlohmann::json{{"token", testing::kOperatorCToken}}.dump());
  ASSERT_EQ(r.status, 200u) << r.body;
  std::string cookie = r.header("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("shoal_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not asked for";
  EXPECT_EQ(cookie.find(testing::kOperatorCToken), std::string::npos) << "the token itself never becomes the cookie";
  auto j = r.json();
  EXPECT_EQ(j["name"], "ops-c");
  EXPECT_EQ(j["role"], "operator");
  EXPECT_EQ(j["communities"], nlohmann::json::array({"c"}));
  EXPECT_EQ(j["csrf"].get<std::string>().size(), 43u);
}

TEST(LoginApiTest, BadTokensAreRefusedAndAudited) {
  DashboardServer s;
  EXPECT_EQ(s.Send(http::verb::post, "/v1/login", R"({"token":"shoal_nope"})").status, 401u);
  EXPECT_EQ(s.Send(http::verb::post, "/v1/login", R"({"token":""})").status, 400u);
  EXPECT_EQ(s.Send(http::verb::post, "/v1/login", "not json").status, 400u);
  EXPECT_EQ(s.Send(http::verb::get, "/v1/login").status, 405u);
  auto lines = s.audit()->Recent(10);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.front().find("login refused"), std::string::npos) << lines.front();
}

TEST(LoginApiTest, FormLoginWorksToo) {
  DashboardServer s;
  HttpReply r = s.Send(http::verb::post, "/v1/login", "token=" + testing::kOwnerToken,
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json()["role"], "owner");
}

TEST(LoginApiTest, TheCookieAuthenticatesReadsAndWritesNeedTheCsrfToken) {
  DashboardServer s;
  Login login = LogIn(s, testing::kOwnerToken);
  HttpReply who = s.Send(http::verb::get, "/v1/session", "", {{"Cookie", "a=b; " + login.cookie}});
  ASSERT_EQ(who.status, 200u) << who.body;
  EXPECT_EQ(who.json()["name"], "owner");
  EXPECT_EQ(who.json()["csrf"], login.csrf);
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview", "", {{"Cookie", login.cookie}}).status, 200u);

  std::string event = testing::ChatJson(1, "qq:1", "qq:7", "hi", "m1");
  HttpReply no_csrf = s.Send(http::verb::post, "/v1/events", event, {{"Cookie", login.cookie}});
  EXPECT_EQ(no_csrf.status, 403u) << no_csrf.body;
  EXPECT_NE(no_csrf.body.find("CSRF"), std::string::npos);
  std::string wrong = login.csrf;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(s.Send(http::verb::post, "/v1/events", event, {{"Cookie", login.cookie}, {"X-CSRF-Token", wrong}}).status, 403u);
  Login other = LogIn(s, testing::kOwnerToken);
  EXPECT_EQ(s.Send(http::verb::post, "/v1/events", event, {{"Cookie", login.cookie}, {"X-CSRF-Token", other.csrf}}).status,
            403u) << "another session's CSRF token";
  HttpReply ok = s.Send(http::verb::post, "/v1/events", event, {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  EXPECT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(ok.json()["accepted"], 1);
}

TEST(LoginApiTest, ForgedLoggedOutAndExpiredCookiesAre401) {
  ManualClock clock(1'000'000'000);
  DashboardServer s(&clock);
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview", "", {{"Cookie", "shoal_session=forged"}}).status, 401u);

  Login login = LogIn(s, testing::kOwnerToken);
  EXPECT_EQ(s.Send(http::verb::post, "/v1/logout", "{}", {{"Cookie", login.cookie}}).status, 403u) << "logout needs CSRF";
  HttpReply out = s.Send(http::verb::post, "/v1/logout", "{}", {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}});
  EXPECT_EQ(out.status, 200u) << out.body;
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview", "", {{"Cookie", login.cookie}}).status, 401u) << "replayed after logout";

  Login later = LogIn(s, testing::kOwnerToken);
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview", "", {{"Cookie", later.cookie}}).status, 200u);
  clock.Advance(kSessionTtl);
  HttpReply expired = s.Send(http::verb::get, "/v1/overview", "", {{"Cookie", later.cookie}});
  EXPECT_EQ(expired.status, 401u);
  EXPECT_EQ(expired.body.find(later.cookie.substr(14)), std::string::npos) << "the id is never echoed";
}

TEST(LoginApiTest, BearerTokensKeepWorkingAndWinOverACookie) {
  DashboardServer s;
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview", "", Bearer(testing::kViewerCToken)).status, 200u);
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview").status, 401u) << "neither token nor cookie";
  auto headers = Bearer(testing::kOwnerToken);
  headers["Cookie"] = "shoal_session=forged";
  // A bearer request needs no CSRF token: browsers never attach Authorization by themselves.
  EXPECT_EQ(s.Send(http::verb::post, "/v1/events", testing::ChatJson(1, "qq:1", "qq:7", "hi", "m1"), headers).status, 200u);
}

TEST(LoginApiTest, SecureCookieWhenAsked) {
  DashboardServer s;
  s.api()->SetSecureCookie(true);
  HttpReply r = s.Send(http::verb::post, "/v1/login", nlohmann::json{{"token", testing::kOwnerToken}}.dump());
  EXPECT_NE(r.header("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST(LoginApiTest, LoginAttemptsAreLimitedPerClientAddress) {
  DashboardServer s;  // server.login_per_minute defaults to 30, which is also the burst
  int refused = 0;
  for (int i = 0; i < 30; ++i)
    refused += s.Send(http::verb::post, "/v1/login", R"({"token":"shoal_guess"})").status == 401u;
  EXPECT_EQ(refused, 30) << "wrong guesses are refused, and each one spends the budget";
  HttpReply limited = s.Send(http::verb::post, "/v1/login", nlohmann::json{{"token", testing::kOwnerToken}}.dump());
  EXPECT_EQ(limited.status, 429u) << "even the right token waits once the address is over its budget";
  EXPECT_GE(std::stoi(limited.header("Retry-After")), 1);
  EXPECT_NE(limited.json()["error"].get<std::string>().find("too many login attempts"), std::string::npos);
  EXPECT_NE(s.audit()->Recent(1).front().find("login attempts from 127.0.0.1"), std::string::npos);
  // Tokens already issued are unaffected: the limit is on logging in, not on the API.
  EXPECT_EQ(s.Send(http::verb::get, "/v1/overview", "", Bearer(testing::kOwnerToken)).status, 200u);
}

}  // namespace
}  // namespace shoal
