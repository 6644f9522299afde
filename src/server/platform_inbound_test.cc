// The platform callback routes, called through Api::Handle (no sockets): they authenticate by
// the platform's own secret, not by a bearer token, and answer after the log has the events.
#include "server/platform_inbound.h"

#include <future>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "adapters/wecom/wecom_testing.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

namespace http = boost::beast::http;

class PlatformInboundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diag;
    auto cfg = LoadConfigString(
        "tenant: t\ntimezone: UTC\nstore: {kind: memory}\n"
        "adapters:\n"
        "  telegram: {token: \"123:abc\", secret_token: \"hook-secret\", base_url: \"http://127.0.0.1:9\", mode: webhook}\n"
        "  wecom: {token: QDG6eK, aes_key: \"" + testing::TestEncodingAesKey() + "\", corp_id: wwCORP}\n"
        "communities:\n  - id: c\n    groups:\n      - {id: \"tg:-1001\", name: TG}\n"
        "      - {id: \"wecom:wrCHAT\", name: WeCom}\n",
        "<test>", &diag);
    ASSERT_TRUE(cfg) << diag.ToString();
    config_ = std::shared_ptr<const Config>(std::move(cfg));
    StoreStatus st;
    ingest_ = Ingest::Start(config_, &store_, {}, &metrics_, nullptr, &st);
    ASSERT_TRUE(ingest_) << st.ToString();
    std::string why;
    ASSERT_TRUE(inbound_.Start(*config_, ingest_.get(), &clock_, &why)) << why;
    api_ = std::make_unique<Api>(ingest_.get(), config_.get(), &metrics_);
    api_->set_platform_inbound(&inbound_);
  }
  void TearDown() override {
    inbound_.Stop();
    ingest_->Stop();
  }

  HttpResponse Call(http::verb verb, const std::string& target, const std::string& body,
                    const std::string* telegram_secret = nullptr) {
    HttpRequest req{verb, target, 11};
    if (telegram_secret) req.set("X-Telegram-Bot-Api-Secret-Token", *telegram_secret);
    req.body() = body;
    req.prepare_payload();
    std::promise<HttpResponse> done;
    api_->Handle(std::move(req), [&](HttpResponse&& r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  uint64_t Stored() {
    uint64_t last = 0;
    store_.LastSeq(&last);
    return last;
  }

  std::shared_ptr<const Config> config_;
  ManualClock clock_{0};
  MemoryStore store_;
  Metrics metrics_;
  std::unique_ptr<Ingest> ingest_;
  PlatformInbound inbound_;
  std::unique_ptr<Api> api_;
};

TEST_F(PlatformInboundTest, TelegramWebhookRouteNeedsTheSecretNotABearerToken) {
  std::string update = R"({"update_id":1,"message":{"message_id":3,"date":1767225600,
    "chat":{"id":-1001,"type":"supergroup"},"from":{"id":42,"first_name":"A"},"text":"hi"}})";
  std::string wrong = "nope";
  EXPECT_EQ(Call(http::verb::post, "/v1/adapters/telegram/webhook", update, &wrong).result_int(), 401u);
  EXPECT_EQ(Call(http::verb::post, "/v1/adapters/telegram/webhook", update).result_int(), 401u);
  EXPECT_EQ(Stored(), 0u);
  std::string right = "hook-secret";
  HttpResponse ok = Call(http::verb::post, "/v1/adapters/telegram/webhook", update, &right);
  EXPECT_EQ(ok.result_int(), 200u) << ok.body();
  EXPECT_EQ(Stored(), 1u);
  EXPECT_EQ(Call(http::verb::get, "/v1/adapters/telegram/webhook", "", &right).result_int(), 405u);
  // Every other route still wants a bearer token.
  EXPECT_EQ(Call(http::verb::post, "/v1/events", "{}").result_int(), 401u);
}

TEST_F(PlatformInboundTest, WecomUrlCheckAndEncryptedEventThroughTheRoute) {
  WecomOptions options{"QDG6eK", testing::TestEncodingAesKey(), "wwCORP"};
  std::string echostr = testing::WecomEncryptForTest(options.aes_key, "echo-4711", "wwCORP");
  std::string signature = WecomSignature(options.token, "1409659813", "99", echostr);
  std::string escaped;
  for (char c : echostr) escaped += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
  HttpResponse check = Call(http::verb::get,
                            "/v1/adapters/wecom/callback?msg_signature=" + signature +
                                "&timestamp=1409659813&nonce=99&echostr=" + escaped, "");
  EXPECT_EQ(check.result_int(), 200u) << check.body();
  EXPECT_EQ(check.body(), "echo-4711");

  auto signed_post = testing::SignCallback(
      options,
      "<xml><Event>change_external_chat</Event><CreateTime>1767225600</CreateTime><ChatId>wrCHAT</ChatId>"
      "<ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail><JoinScene>3</JoinScene>"
      "<MemChangeList><Item>wmNew</Item></MemChangeList></xml>",
      "wwCORP");
  std::string target = "/v1/adapters/wecom/callback?msg_signature=" + signed_post.query.msg_signature +
                       "&timestamp=" + signed_post.query.timestamp + "&nonce=" + signed_post.query.nonce;
  HttpResponse posted = Call(http::verb::post, target, signed_post.body);
  EXPECT_EQ(posted.result_int(), 200u) << posted.body();
  EXPECT_EQ(posted.body(), "success");
  EXPECT_EQ(Stored(), 1u);

  HttpResponse forged = Call(http::verb::post, target + "0", signed_post.body);
  EXPECT_EQ(forged.result_int(), 403u);
  EXPECT_EQ(Stored(), 1u);
}

}  // namespace
}  // namespace shoal
