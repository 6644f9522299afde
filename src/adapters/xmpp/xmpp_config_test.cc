#include "adapters/xmpp/xmpp_config.h"

#include <gtest/gtest.h>

namespace shoal::xmpp {
namespace {

const std::string kBase =
    "tenant: t\ntimezone: Asia/Shanghai\ncommunities:\n  - id: c\n    groups:\n"
    "      - {id: \"xmpp:lobby@conference.localhost\", name: Lobby}\n";

const char* FakeEnv(const char* name) { return std::string_view(name) == "BOT_PW" ? "s3cret" : nullptr; }

std::unique_ptr<Config> Load(const std::string& adapters, Diagnostics* diag) {
  return LoadConfigString(kBase + adapters, "shoal.yaml", diag);
}

TEST(XmppConfig, ReadsTheSection) {
  Diagnostics diag;
  auto cfg = Load("adapters:\n  xmpp:\n    jid: opsbot@localhost\n    password_env: BOT_PW\n    host: 127.0.0.1\n"
                  "    port: 15222\n    tls: trust\n    nick: ops\n    timeout: 5s\n"
                  "    rooms: [lobby@conference.localhost]\n",
                  &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  Diagnostics again;
  auto o = ReadXmppConfig(*cfg, &again, &FakeEnv);
  ASSERT_TRUE(o) << again.ToString();
  EXPECT_EQ(o->account.jid, "opsbot@localhost");
  EXPECT_EQ(o->account.password, "s3cret");
  EXPECT_EQ(o->account.host, "127.0.0.1");
  EXPECT_EQ(o->account.port, 15222);
  EXPECT_TRUE(o->account.trust_tls);
  EXPECT_FALSE(o->account.require_tls);
  EXPECT_EQ(o->nick, "ops");
  EXPECT_EQ(o->reply_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(o->rooms, std::vector<std::string>{"lobby@conference.localhost"});
}

TEST(XmppConfig, ReportsEveryProblemWithItsPosition) {
  Diagnostics diag;
  auto cfg = Load("adapters:\n  xmpp:\n    jid: opsbot\n    password: a\n    password_env: B\n    port: 0\n"
                  "    tls: maybe\n    rooms: [other@conference.localhost, lobby@conference.localhost/bot]\n"
                  "    romms: []\n  xmp: {}\n",
                  &diag);
  EXPECT_FALSE(cfg);
  std::string all = diag.ToString();
  EXPECT_NE(all.find("shoal.yaml:9:10: error: adapters.xmpp.jid: 'opsbot' is not an account JID"), std::string::npos) << all;
  EXPECT_NE(all.find("exactly one of password and password_env"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.xmpp.port: 0 is out of range"), std::string::npos) << all;
  EXPECT_NE(all.find("'maybe' is not a TLS mode"), std::string::npos) << all;
  EXPECT_NE(all.find("room 'other@conference.localhost' is not a configured group"), std::string::npos) << all;
  EXPECT_NE(all.find("'lobby@conference.localhost/bot' is not a bare room JID"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.xmpp.romms: unknown setting"), std::string::npos) << all;
  EXPECT_NE(all.find("adapters.xmp: unknown setting"), std::string::npos) << all;
}

TEST(XmppConfig, AbsentSectionIsNoAdapter) {
  Diagnostics diag;
  auto cfg = Load("", &diag);
  ASSERT_TRUE(cfg) << diag.ToString();
  EXPECT_FALSE(ReadXmppConfig(*cfg, &diag));
  EXPECT_TRUE(diag.ok());
}

}  // namespace
}  // namespace shoal::xmpp
