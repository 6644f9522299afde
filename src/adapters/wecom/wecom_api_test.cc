// The WeCom API client against the loopback fake: the token is fetched once and cached,
// fetched again before it expires or when WeCom refuses it, and a join without State is
// looked up with groupchat/get before it is logged.
#include "adapters/wecom/wecom_api.h"

#include <gtest/gtest.h>

#include "adapters/wecom/fake_wecom_server.h"
#include "adapters/wecom/wecom_callback.h"
#include "adapters/wecom/wecom_testing.h"

namespace shoal {
namespace {

using nlohmann::json;

json Group() {
  return {{"chat_id", "wrCHAT"},
          {"name", "销售客服群"},
          {"member_list",
           {{{"userid", "wmJack"}, {"type", 2}, {"join_time", 1403610513}, {"join_scene", 3}, {"state", "qr-7"},
             {"name", "杰克"}},
            {{"userid", "wmRose"}, {"type", 2}, {"join_time", 1403610513}, {"join_scene", 1}, {"name", "露丝"}}}}};
}

class WecomApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fake_.Start(&why)) << why;
    fake_.SetGroup("wrCHAT", Group());
    api_ = std::make_unique<WecomApi>(
        WecomApiOptions{.corp_id = "wwCORP", .secret = "s3cret", .base_url = fake_.base_url()}, &clock_);
    ASSERT_TRUE(api_->Init(&why)) << why;
  }
  FakeWecomServer fake_{"wwCORP", "s3cret"};
  ManualClock clock_{1403610513 * kMicrosPerSecond};
  std::unique_ptr<WecomApi> api_;
};

TEST_F(WecomApiTest, TheTokenIsCachedUntilShortlyBeforeItExpires) {
  std::vector<WecomGroupMember> members;
  ASSERT_EQ(api_->GroupChat("wrCHAT", &members).code, DeliveryResult::Code::kDelivered);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].userid, "wmJack");
  EXPECT_EQ(members[0].state, "qr-7");
  EXPECT_EQ(members[0].join_scene, 3);
  EXPECT_EQ(members[1].state, "");
  clock_.Advance(7000 * kMicrosPerSecond);  // within 7200 s less the 5-minute margin
  ASSERT_EQ(api_->GroupChat("wrCHAT", &members).code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(api_->tokens_fetched(), 2u) << "7000 s is inside the refresh margin of a 7200 s token";
  clock_.Advance(60 * kMicrosPerSecond);
  ASSERT_EQ(api_->GroupChat("wrCHAT", &members).code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(api_->tokens_fetched(), 2u) << "cached";
  auto gets = fake_.Calls("/cgi-bin/externalcontact/groupchat/get");
  ASSERT_EQ(gets.size(), 3u);
  EXPECT_EQ(gets[0].access_token, "tok-1");
  EXPECT_EQ(gets[2].access_token, "tok-2");
  EXPECT_EQ(gets[0].body["chat_id"], "wrCHAT");
  EXPECT_EQ(gets[0].body["need_name"], 1);
}

TEST_F(WecomApiTest, ARefusedTokenIsReplacedOnce) {
  std::vector<WecomGroupMember> members;
  ASSERT_EQ(api_->GroupChat("wrCHAT", &members).code, DeliveryResult::Code::kDelivered);
  for (int errcode : {42001, 40014}) {
    fake_.ExpireTokens(errcode);  // expired or revoked early, though the cache says it is good
    ASSERT_EQ(api_->GroupChat("wrCHAT", &members).code, DeliveryResult::Code::kDelivered) << errcode;
  }
  EXPECT_EQ(api_->tokens_fetched(), 3u);
  EXPECT_EQ(fake_.Calls("/cgi-bin/externalcontact/groupchat/get").size(), 5u) << "one refused call per new token";
  DeliveryResult unknown = api_->GroupChat("wrNOPE", &members);
  EXPECT_EQ(unknown.code, DeliveryResult::Code::kRejected);
  EXPECT_NE(unknown.detail.find("errcode 40050"), std::string::npos) << unknown.detail;
}

TEST_F(WecomApiTest, AWrongSecretIsRefusedWithWeComsWords) {
  WecomApi wrong(WecomApiOptions{.corp_id = "wwCORP", .secret = "nope", .base_url = fake_.base_url()}, &clock_);
  std::string why;
  ASSERT_TRUE(wrong.Init(&why));
  std::vector<WecomGroupMember> members;
  DeliveryResult r = wrong.GroupChat("wrCHAT", &members);
  EXPECT_EQ(r.code, DeliveryResult::Code::kRejected);
  EXPECT_NE(r.detail.find("gettoken: errcode 40001"), std::string::npos) << r.detail;
  EXPECT_TRUE(fake_.Calls("/cgi-bin/externalcontact/groupchat/get").empty());
}

class RecordingSink final : public EventSink {
 public:
  void Submit(std::vector<Event> events, std::function<void(Ack)> done) override {
    for (auto& e : events) kept.push_back(std::move(e));
    Ack ack;
    ack.stored = true;
    ack.accepted = kept.size();
    done(ack);
  }
  std::vector<Event> kept;
};

TEST_F(WecomApiTest, AJoinWithoutStateIsLookedUpBeforeItIsLogged) {
  WecomOptions options{"QDG6eK", testing::TestEncodingAesKey(), "wwCORP"};
  WecomCallback callback(options);
  std::string why;
  ASSERT_TRUE(callback.Init(&why)) << why;
  callback.set_api(api_.get());
  const std::string xml =
      "<xml><ToUserName><![CDATA[wwCORP]]></ToUserName><CreateTime>1403610513</CreateTime>"
      "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event>"
      "<ChatId><![CDATA[wrCHAT]]></ChatId><ChangeType><![CDATA[update]]></ChangeType>"
      "<UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>3</JoinScene>"
      "<MemChangeList><Item>wmJack</Item><Item>wmRose</Item></MemChangeList></xml>";
  RecordingSink sink;
  auto c = testing::SignCallback(options, xml, "wwCORP");
  unsigned status = 0;
  callback.HandleEvent(c.query, c.body, &sink, [&](unsigned s, std::string) { status = s; });
  EXPECT_EQ(status, 200u);
  ASSERT_EQ(sink.kept.size(), 2u);
  EXPECT_EQ(sink.kept[0].member, "wecom:wmJack");
  EXPECT_EQ(sink.kept[0].via, "qr-7") << "the join way's state: the invite code";
  EXPECT_EQ(sink.kept[0].name, "杰克");
  EXPECT_EQ(sink.kept[1].via, "") << "invited directly: no join way";
  EXPECT_EQ(callback.counters().lookups.load(), 1u);

  // WeCom unreachable: the joins are still logged, without their channel.
  fake_.Stop();
  RecordingSink later;
  callback.HandleEvent(c.query, c.body, &later, [&](unsigned s, std::string) { status = s; });
  EXPECT_EQ(status, 200u);
  ASSERT_EQ(later.kept.size(), 2u);
  EXPECT_EQ(callback.counters().lookup_failures.load(), 1u);
  EXPECT_EQ(later.kept[0].via, "");
}

}  // namespace
}  // namespace shoal
