// The HTTP API transport: the status/envelope mapping on its own, then the adapter calling
// the fake peer's HTTP API server with every failure it can inject.
#include "adapters/onebot/http_api.h"

#include <gtest/gtest.h>

#include "adapters/onebot/fake_onebot_peer.h"
#include "adapters/onebot/onebot_adapter.h"
#include "adapters/onebot/onebot_testing.h"

namespace shoal::onebot {
namespace {

using namespace std::chrono_literals;
using Code = DeliveryResult::Code;

HttpCallResult Answered(int status, std::string body = "") {
  HttpCallResult r;
  r.transport_ok = r.request_sent = true;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(OneBotHttpApiTest, OutcomesMapAsOnTheWebSocket) {
  HttpApiCall c = HttpApiOutcome(Answered(200, R"({"status":"ok","retcode":0,"data":{"message_id":12}})"), true, "1");
  EXPECT_EQ(c.result.code, Code::kDelivered);
  EXPECT_EQ(c.result.platform_ref, "12");
  EXPECT_TRUE(c.sent);
  EXPECT_FALSE(c.unanswered);

  c = HttpApiOutcome(Answered(200, R"({"status":"failed","retcode":100,"msg":"GROUP_NOT_FOUND"})"), true, "1");
  EXPECT_EQ(c.result.code, Code::kRejected);
  EXPECT_EQ(c.result.detail, "retcode 100 GROUP_NOT_FOUND");

  EXPECT_EQ(HttpApiOutcome(Answered(502), true, "1").result.code, Code::kRetry);
  EXPECT_EQ(HttpApiOutcome(Answered(503), true, "1").result.detail, "HTTP 503 from the HTTP API of account 1");
  c = HttpApiOutcome(Answered(403), true, "1");
  EXPECT_EQ(c.result.code, Code::kRejected);
  EXPECT_EQ(c.result.detail, "retcode 1403 (access token refused) from the HTTP API of account 1");
  EXPECT_EQ(HttpApiOutcome(Answered(401), false, "1").result.code, Code::kRejected);
  EXPECT_EQ(HttpApiOutcome(Answered(404), false, "1").result.code, Code::kUnsupported);

  HttpCallResult refused;
  refused.error = "connect: Connection refused";
  c = HttpApiOutcome(refused, true, "1");
  EXPECT_EQ(c.result.code, Code::kRetry);  // never left: safe for a message too
  EXPECT_FALSE(c.sent);

  HttpCallResult lost;
  lost.request_sent = lost.timed_out = true;
  lost.error = "read: timed out";
  c = HttpApiOutcome(lost, true, "1");
  EXPECT_EQ(c.result.code, Code::kRejected);
  EXPECT_EQ(c.result.detail.rfind("uncertain: no answer from the HTTP API of account 1", 0), 0u) << c.result.detail;
  EXPECT_TRUE(c.unanswered);
  EXPECT_EQ(HttpApiOutcome(lost, false, "1").result.code, Code::kRetry);  // a kick repeats harmlessly

  c = HttpApiOutcome(Answered(200, "<html>proxy page</html>"), true, "1");
  EXPECT_EQ(c.result.code, Code::kRejected);
  EXPECT_EQ(c.result.detail.rfind("uncertain:", 0), 0u);
}

class OneBotHttpApiAdapterTest : public ::testing::Test {
 protected:
  void Start(std::string token = "t0ken") {
    FakeOneBotPeer::Options o;
    o.access_token = "t0ken";
    server_ = std::make_unique<FakeOneBotPeer>(o);
    std::string why;
    ASSERT_TRUE(server_->Listen(&why)) << why;
    OneBotOptions opt;
    opt.port = 0;
    opt.call_timeout = 500ms;  // waited out only where the fake is scripted not to answer
    opt.http_api.push_back({"http://127.0.0.1:" + std::to_string(server_->port()), 10001000, std::move(token)});
    adapter_ = std::make_unique<OneBotAdapter>(opt, &sink_);
    ASSERT_TRUE(adapter_->Listen(&why)) << why;
    adapter_->Start();
  }
  DeliveryResult Deliver(ActionType type, std::string key) {
    Action a;
    a.type = type;
    a.group = "qq:42";
    a.member = "qq:7";
    a.text = "hi";
    a.seconds = 600;
    a.key = std::move(key);
    return adapter_->Deliver(a);
  }

  testing::RecordingSink sink_;
  std::unique_ptr<FakeOneBotPeer> server_;
  std::unique_ptr<OneBotAdapter> adapter_;
};

TEST_F(OneBotHttpApiAdapterTest, CallsArePostedAndEveryFailureMapsOnce) {
  Start();
  DeliveryResult r = Deliver(ActionType::kSend, "1");
  EXPECT_EQ(r.code, Code::kDelivered) << r.detail;
  EXPECT_FALSE(r.platform_ref.empty());
  server_->Script(FakeOneBotPeer::Answer::kFail, 100, "NOT_MANAGEABLE");
  r = Deliver(ActionType::kMute, "2");
  EXPECT_EQ(r.code, Code::kRejected);
  EXPECT_EQ(r.detail, "retcode 100 NOT_MANAGEABLE 失败");
  server_->Script(FakeOneBotPeer::Answer::kServerError);
  EXPECT_EQ(Deliver(ActionType::kSend, "3").code, Code::kRetry);
  server_->Script(FakeOneBotPeer::Answer::kDisconnect);
  r = Deliver(ActionType::kSend, "4");
  EXPECT_EQ(r.code, Code::kRejected);  // it may have been posted: never a second time
  EXPECT_EQ(r.detail.rfind("uncertain:", 0), 0u) << r.detail;
  server_->Script(FakeOneBotPeer::Answer::kDisconnect);
  EXPECT_EQ(Deliver(ActionType::kKick, "5").code, Code::kRetry);
  server_->Script(FakeOneBotPeer::Answer::kNoAnswer);
  r = Deliver(ActionType::kSend, "6");
  EXPECT_EQ(r.code, Code::kRejected);
  EXPECT_EQ(r.detail.rfind("uncertain:", 0), 0u) << r.detail;

  auto calls = server_->calls();
  ASSERT_EQ(calls.size(), 6u);  // one request per attempt, none repeated behind the outbox's back
  EXPECT_EQ(calls[0]["action"], "send_group_msg");
  EXPECT_EQ(calls[0]["params"]["group_id"], 42);
  EXPECT_EQ(calls[0]["params"]["message"][0]["data"]["text"], "hi");
  EXPECT_EQ(calls[1]["action"], "set_group_ban");
  EXPECT_EQ(calls[1]["params"]["duration"], 600);
  EXPECT_EQ(adapter_->stats().calls.load(), 6u);
  EXPECT_EQ(adapter_->stats().call_timeouts.load(), 3u);
}

TEST_F(OneBotHttpApiAdapterTest, AWrongTokenIsRejectedAndAnUnreachableApiRetried) {
  Start("wrong");
  DeliveryResult r = Deliver(ActionType::kSend, "1");
  EXPECT_EQ(r.code, Code::kRejected);
  EXPECT_NE(r.detail.find("retcode 1403"), std::string::npos) << r.detail;
  EXPECT_TRUE(server_->calls().empty());
  EXPECT_EQ(server_->refusals(), 1u);
  server_.reset();  // nothing listens there any more
  r = Deliver(ActionType::kSend, "2");
  EXPECT_EQ(r.code, Code::kRetry);
  EXPECT_EQ(r.detail.rfind("not sent to the HTTP API of account 10001000", 0), 0u) << r.detail;
}

}  // namespace
}  // namespace shoal::onebot
