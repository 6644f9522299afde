#include "adapters/wecom/wecom_callback.h"

#include <gtest/gtest.h>

#include "adapters/wecom/wecom_crypto.h"
#include "adapters/wecom/wecom_testing.h"

namespace shoal {
namespace {

// A sink that keeps what it is given and answers at once (stored or refused, as set).
class RecordingSink final : public EventSink {
 public:
  void Submit(std::vector<Event> events, std::function<void(Ack)> done) override {
    Ack ack;
    ack.stored = store_ok;
    if (store_ok) {
      ack.accepted = events.size();
      for (auto& e : events) kept.push_back(std::move(e));
    }
    done(std::move(ack));
  }
  bool store_ok = true;
  std::vector<Event> kept;
};

const char* kAddMember =
    "<xml><ToUserName><![CDATA[wwCORP]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
    "<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event>"
    "<ChatId><![CDATA[wrCHAT]]></ChatId><ChangeType><![CDATA[update]]></ChangeType>"
    "<UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>3</JoinScene>"
    "<MemChangeList><Item>wmJack</Item></MemChangeList><State>qr-7</State></xml>";

class WecomCallbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = {"QDG6eK", testing::TestEncodingAesKey(), "wwCORP"};
    callback_ = std::make_unique<WecomCallback>(options_);
    std::string why;
    ASSERT_TRUE(callback_->Init(&why)) << why;
  }
  std::pair<unsigned, std::string> Post(const testing::SignedCallback& c) {
    std::pair<unsigned, std::string> answer;
    callback_->HandleEvent(c.query, c.body, &sink_, [&](unsigned s, std::string b) { answer = {s, std::move(b)}; });
    return answer;
  }
  WecomOptions options_;
  std::unique_ptr<WecomCallback> callback_;
  RecordingSink sink_;
};

TEST_F(WecomCallbackTest, EncryptedJoinBecomesADurableEvent) {
  auto [status, body] = Post(testing::SignCallback(options_, kAddMember, "wwCORP"));
  EXPECT_EQ(status, 200u);
  EXPECT_EQ(body, "success");
  ASSERT_EQ(sink_.kept.size(), 1u);
  EXPECT_EQ(sink_.kept[0].group, "wecom:wrCHAT");
  EXPECT_EQ(sink_.kept[0].member, "wecom:wmJack");
  EXPECT_EQ(sink_.kept[0].via, "qr-7");
  EXPECT_EQ(callback_->counters().events.load(), 1u);

  sink_.store_ok = false;  // not durable: WeCom must retry
  EXPECT_EQ(Post(testing::SignCallback(options_, kAddMember, "wwCORP")).first, 503u);
}

TEST_F(WecomCallbackTest, ForgedSignatureWrongCorpAndMalformedXmlAreRefused) {
  auto forged = testing::SignCallback(options_, kAddMember, "wwCORP");
  forged.query.msg_signature[0] = forged.query.msg_signature[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Post(forged).first, 403u);

  auto replayed_nonce = testing::SignCallback(options_, kAddMember, "wwCORP");
  replayed_nonce.query.nonce = "999";  // the signature covers the nonce
  EXPECT_EQ(Post(replayed_nonce).first, 403u);

  auto other_corp = Post(testing::SignCallback(options_, kAddMember, "wwOTHER"));
  EXPECT_EQ(other_corp.first, 400u);
  EXPECT_NE(other_corp.second.find("not this corp"), std::string::npos);

  auto broken = Post(testing::SignCallback(options_, "<xml><Event>change_external_chat", "wwCORP"));
  EXPECT_EQ(broken.first, 400u);
  EXPECT_NE(broken.second.find("message:"), std::string::npos);

  testing::SignedCallback no_envelope = testing::SignCallback(options_, kAddMember, "wwCORP");
  no_envelope.body = "<xml><ToUserName>wwCORP</ToUserName></xml>";
  EXPECT_EQ(Post(no_envelope).first, 400u);

  EXPECT_TRUE(sink_.kept.empty());
  EXPECT_EQ(callback_->counters().refused.load(), 5u);
}

TEST_F(WecomCallbackTest, UrlVerificationAnswersTheDecryptedEchostr) {
  WecomQuery q;
  q.timestamp = "1409659813";
  q.nonce = "263014780";
  q.echostr = testing::WecomEncryptForTest(options_.aes_key, "1288432023552776189", "wwCORP");
  q.msg_signature = WecomSignature(options_.token, q.timestamp, q.nonce, q.echostr);
  std::pair<unsigned, std::string> answer;
  auto reply = [&](unsigned s, std::string b) { answer = {s, std::move(b)}; };
  callback_->VerifyUrl(q, reply);
  EXPECT_EQ(answer.first, 200u);
  EXPECT_EQ(answer.second, "1288432023552776189");

  q.msg_signature = WecomSignature("another-token", q.timestamp, q.nonce, q.echostr);
  callback_->VerifyUrl(q, reply);
  EXPECT_EQ(answer.first, 403u);
}

TEST(WecomCallbackInit, BadOptionsSayWhy) {
  std::string why;
  EXPECT_FALSE(WecomCallback({"", testing::TestEncodingAesKey(), "ww"}).Init(&why));
  EXPECT_NE(why.find("token"), std::string::npos);
  EXPECT_FALSE(WecomCallback({"t", "short", "ww"}).Init(&why));
  EXPECT_NE(why.find("43"), std::string::npos);
}

}  // namespace
}  // namespace shoal
