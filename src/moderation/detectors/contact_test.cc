#include "moderation/detectors/contact.h"

#include <gtest/gtest.h>

#include "moderation/normalize.h"

namespace shoal {
namespace {

std::string Evidence(std::string_view text) {
  std::vector<Detection> ds;
  DetectContacts(Normalize(text).text, &ds);
  std::string out;
  for (const auto& d : ds) out += (out.empty() ? "" : ",") + d.evidence;
  return out;
}

TEST(Contact, FindsContacts) {
  EXPECT_EQ(Evidence("加我QQ 812294909"), "qq:812294909");
  EXPECT_EQ(Evidence("电话 138-1234-5678"), "phone:13812345678");
  EXPECT_EQ(Evidence("vx: kefu_888"), "wechat:kefu_888");
  EXPECT_EQ(Evidence("https://959.run/95lyx 好货"), "url:https://959.run/95lyx");
  EXPECT_EQ(Evidence("join t.me/pumpgroup"), "tme:t.me/pumpgroup");
  EXPECT_EQ(Evidence("shop88 点 com"), "domain-obfuscated:shop88.com");
  EXPECT_EQ(Evidence("群号1102943740"), "group:1102943740");
}

TEST(Contact, LeavesOrdinaryChatAlone) {
  EXPECT_EQ(Evidence("2026-01-05 开会，价格 3.5 元"), "");
  EXPECT_EQ(Evidence("我用微信支付了"), "");
  EXPECT_EQ(Evidence("version 1.20.1 is out, see readme"), "");
  EXPECT_EQ(Evidence("email me at bob@example"), "");
}

TEST(Contact, SpacedAndSubdomainBareDomains) {
  EXPECT_EQ(Evidence("各种东西应都在wqkj777. top"), "domain-obfuscated:wqkj777.top");
  EXPECT_EQ(Evidence("kw.xbiwl .cn     补货NFA"), "domain-obfuscated:kw.xbiwl.cn");
  EXPECT_EQ(Evidence("check out kidsmediausa  . com"), "domain-obfuscated:kidsmediausa.com");
  EXPECT_EQ(Evidence("marketglory . com/strategygame earn real money"), "domain-obfuscated:marketglory.com");
  EXPECT_EQ(Evidence("自选ID-> qdq.mcdds.cn"), "domain:qdq.mcdds.cn");
  EXPECT_EQ(Evidence("kw。v2mcfsip。top专做mc账号"), "domain-obfuscated:v2mcfsip.top");
}

TEST(Contact, SpacedDotsBetweenSentencesAreNotDomains) {
  EXPECT_EQ(Evidence("Ok. Me watching tv too."), "");
  EXPECT_EQ(Evidence("what a great website. Top notch work"), "");
  EXPECT_EQ(Evidence("I went to the shop. Online is cheaper"), "");
  EXPECT_EQ(Evidence("see e.g. com ports"), "");
  EXPECT_EQ(Evidence("email bob@mail.example.com"), "");
  EXPECT_EQ(Evidence("https://docs.example.com/a"), "url:https://docs.example.com/a");
}

TEST(Contact, SpacedShortWordDomainIsOnlySuspect) {
  std::vector<Detection> ds;
  DetectContacts(Normalize("Its normally hot mail. Com you see!").text, &ds);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].evidence, "domain-obfuscated:mail.com");
  EXPECT_LT(ds[0].score, 0.9);
}

TEST(Contact, BareLongNumberIsOnlySuspect) {
  std::vector<Detection> ds;
  DetectContacts("812294909", &ds);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_LT(ds[0].score, 0.9);
}

}  // namespace
}  // namespace shoal
