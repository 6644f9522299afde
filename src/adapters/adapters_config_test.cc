#include "adapters/adapters_config.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

std::unique_ptr<Config> Load(const std::string& extra, Diagnostics* diag) {
  return LoadConfigString("tenant: t\ncommunities: [{id: a, groups: [{id: 'qq:1'}, {id: 'qq:2', account: '20002000'}]}]\n" + extra,
                          "t.yaml", diag);
}

TEST(AdaptersConfigTest, ReadsOneBotAndOutbox) {
  Diagnostics diag;
  auto cfg = Load(
      "outbox: {max_attempts: 3, backoff_base: 2s, backoff_cap: 1m}\n"
      "adapters:\n  onebot:\n    port: 6701\n    access_token: abc\n    secret: s\n    accounts: [\"10001000\", 20002000]\n"
      "    call_timeout: 5s\n    limits: {per_chat_per_second: 0.5, per_account_per_second: 3}\n",
      &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  AdaptersConfig ac = LoadAdaptersConfig(*cfg, &diag);
  EXPECT_EQ(diag.error_count(), 0u) << diag.ToString();
  EXPECT_EQ(ac.outbox.max_attempts, 3);
  EXPECT_EQ(ac.outbox.backoff_base, 2 * kMicrosPerSecond);
  EXPECT_EQ(ac.outbox.backoff_cap, kMicrosPerMinute);
  ASSERT_TRUE(ac.onebot_enabled);
  EXPECT_EQ(ac.onebot.port, 6701);
  EXPECT_EQ(ac.onebot.access_token, "abc");
  EXPECT_EQ(ac.onebot.accounts, (std::vector<int64_t>{10001000, 20002000}));
  EXPECT_EQ(ac.onebot.call_timeout.count(), 5000);
  EXPECT_EQ(ac.onebot.limits.per_chat_per_second, 0.5);
  EXPECT_EQ(ac.onebot.limits.per_chat_per_minute, 20);  // the OneBot default stays
  EXPECT_EQ(ac.onebot.limits.per_account_per_second, 3);
  EXPECT_EQ(ac.onebot.group_accounts.at("qq:2"), 20002000);  // the group's configured account
  EXPECT_EQ(ac.onebot.group_accounts.count("qq:1"), 0u);
}

TEST(AdaptersConfigTest, ReadsOutboundConnections) {
  Diagnostics diag;
  auto cfg = Load(
      "adapters:\n  onebot:\n    access_token: shared\n"
      "    connect:\n      - {url: 'ws://127.0.0.1:3001', account: 10001000, access_token: own}\n"
      "      - {url: 'ws://10.0.0.2:3001/onebot', account: '20002000'}\n"
      "    http_api: [{url: 'http://127.0.0.1:3000', account: 10001000}]\n"
      "    reconnect_base: 500ms\n    reconnect_cap: 30s\n",
      &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  AdaptersConfig ac = LoadAdaptersConfig(*cfg, &diag);
  EXPECT_EQ(diag.error_count(), 0u) << diag.ToString();
  const auto& o = ac.onebot;
  ASSERT_EQ(o.connect.size(), 2u);
  EXPECT_EQ(o.connect[0].url, "ws://127.0.0.1:3001");
  EXPECT_EQ(o.connect[0].account, 10001000);
  EXPECT_EQ(o.connect[0].access_token, "own");
  EXPECT_EQ(o.connect[1].account, 20002000);
  EXPECT_EQ(o.connect[1].access_token, "shared");  // the section's token when the entry has none
  ASSERT_EQ(o.http_api.size(), 1u);
  EXPECT_EQ(o.http_api[0].url, "http://127.0.0.1:3000");
  EXPECT_EQ(o.http_api[0].access_token, "shared");
  EXPECT_EQ(o.reconnect_base.count(), 500);
  EXPECT_EQ(o.reconnect_cap.count(), 30000);
}

TEST(AdaptersConfigTest, BadOutboundConnectionsAreNamedWithLineAndColumn) {
  Diagnostics diag;
  auto cfg = Load(
      "adapters:\n  onebot:\n"
      "    connect:\n"
      "      - {url: 'wss://127.0.0.1:3001', account: 1}\n"
      "      - {url: 'http://127.0.0.1:3001', account: 2}\n"
      "      - {url: 'ws://127.0.0.1:3001/api', account: 3}\n"
      "      - {url: 'ws://127.0.0.1:3001', account: 3}\n"
      "      - {url: 'ws://h:1', acount: 4}\n"
      "    http_api:\n"
      "      - {url: 'ws://127.0.0.1:3000', account: abc}\n"
      "    reconnect_base: 1m\n    reconnect_cap: 1s\n",
      &diag);
  EXPECT_FALSE(cfg);
  std::string all = diag.ToString();
  EXPECT_NE(all.find("t.yaml:6:15: error: adapters.onebot.connect[0].url: wss:// is not supported"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:7:15: error: adapters.onebot.connect[1].url: scheme 'http' is not ws"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:8:15: warning: adapters.onebot.connect[2].url: /api carries calls only"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.onebot.connect[3].account: account 3 has two connect entries"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:10:9: error: adapters.onebot.connect[4]: has no account"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.onebot.connect[4].acount: unknown setting (hint: did you mean 'account'?)"), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:12:15: error: adapters.onebot.http_api[0].url: scheme 'ws' is not http or https"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.onebot.http_api[0].account: 'abc' is not a QQ number"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.onebot.reconnect_cap: shorter than reconnect_base"), std::string::npos) << all;
}

TEST(AdaptersConfigTest, NoListenerNeedsSomethingToDial) {
  Diagnostics diag;
  auto cfg = Load("adapters:\n  onebot:\n    listen: none\n", &diag);
  EXPECT_FALSE(cfg);
  EXPECT_NE(diag.ToString().find("t.yaml:5:13: error: adapters.onebot.listen: none, and no connect entries"), std::string::npos)
      << diag.ToString();
  Diagnostics ok;
  cfg = Load("adapters:\n  onebot:\n    listen: none\n    connect: [{url: 'ws://127.0.0.1:3001', account: 1}]\n"
             "    http_api: [{url: 'http://127.0.0.1:3000', account: 2}]\n",
             &ok);
  ASSERT_TRUE(cfg) << ok.ToString();
  EXPECT_NE(ok.ToString().find("warning: adapters.onebot.listen: none: the http_api accounts' events"), std::string::npos)
      << ok.ToString();  // and no warning about a missing token: nothing listens
  EXPECT_EQ(ok.ToString().find("access_token"), std::string::npos) << ok.ToString();
}

TEST(AdaptersConfigTest, NoSectionNoAdapters) {
  Diagnostics diag;
  auto cfg = Load("", &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  EXPECT_FALSE(LoadAdaptersConfig(*cfg, &diag).onebot_enabled);
}

TEST(AdaptersConfigTest, ProblemsHaveLineAndColumnAtLoad) {
  Diagnostics diag;
  auto cfg = Load("adapters:\n  onebot:\n    prot: 1\n    accounts: [abc]\n    limits: {per_chat_per_second: -1}\n"
                  "  telegramm: {}\noutbox: {max_attempts: 0}\n",
                  &diag);
  EXPECT_FALSE(cfg);
  std::string all = diag.ToString();
  EXPECT_NE(all.find("t.yaml:5:5: error: adapters.onebot.prot: unknown setting (hint: did you mean 'port'?)"), std::string::npos) << all;
  EXPECT_NE(all.find("'abc' is not a QQ number"), std::string::npos) << all;
  EXPECT_NE(all.find("per_chat_per_second"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.telegramm: unknown setting"), std::string::npos) << all;
  EXPECT_NE(all.find("outbox.max_attempts"), std::string::npos) << all;
}

}  // namespace
}  // namespace shoal
