// The forward WebSocket (Shoal dials the implementation) against the fake peer's server
// mode: events in, calls answered, reconnects, refused tokens, and no call sent twice.
#include "adapters/onebot/forward_ws.h"

#include <gtest/gtest.h>

#include <set>

#include "adapters/onebot/fake_onebot_peer.h"
#include "adapters/onebot/onebot_adapter.h"
#include "adapters/onebot/onebot_testing.h"

namespace shoal::onebot {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::kWait;
using testing::RecordingSink;

TEST(OneBotWsUrlTest, ParsesWsUrlsAndRefusesOthersWithAReason) {
  HttpUrl u;
  std::string why;
  ASSERT_TRUE(ParseWsUrl("ws://127.0.0.1:3001", &u, &why)) << why;
  EXPECT_EQ(u.scheme, "ws");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, "3001");
  EXPECT_EQ(u.prefix, "");
  ASSERT_TRUE(ParseWsUrl("ws://napcat.lan/onebot?access_token=x", &u, &why)) << why;
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.prefix, "/onebot?access_token=x");
  EXPECT_FALSE(ParseWsUrl("wss://127.0.0.1:3001", &u, &why));
  EXPECT_NE(why.find("wss:// is not supported"), std::string::npos) << why;
  EXPECT_FALSE(ParseWsUrl("http://127.0.0.1:3001", &u, &why));
  EXPECT_NE(why.find("scheme 'http' is not ws"), std::string::npos) << why;
  EXPECT_FALSE(ParseWsUrl("127.0.0.1:3001", &u, &why));
  EXPECT_NE(why.find("has no scheme"), std::string::npos) << why;
  EXPECT_FALSE(ParseWsUrl("ws://127.0.0.1:30x1/", &u, &why));
  EXPECT_NE(why.find("no usable host:port"), std::string::npos) << why;
}

class OneBotForwardWsTest : public ::testing::Test {
 protected:
  static constexpr int64_t kAccount = 10001000;

  void StartServer(FakeOneBotPeer::Options o = {}) {
    o.self_id = kAccount;
    if (o.access_token.empty()) o.access_token = "t0ken";
    server_ = std::make_unique<FakeOneBotPeer>(o);
    std::string why;
    ASSERT_TRUE(server_->Listen(&why)) << why;
  }
  // An adapter that dials the fake (and, with http, may also call its HTTP API).
  void StartAdapter(std::string token = "t0ken", bool http = false, std::chrono::milliseconds timeout = 10s) {
    OneBotOptions opt;
    opt.port = 0;
    opt.call_timeout = timeout;
    opt.reconnect_base = 20ms;  // quick retries: the schedule itself is ReconnectBackoff's test
    opt.reconnect_cap = 200ms;
    opt.reconnect_seed = 1;
    std::string port = std::to_string(server_->port());
    opt.connect.push_back({"ws://127.0.0.1:" + port + "/", kAccount, token});
    if (http) opt.http_api.push_back({"http://127.0.0.1:" + port, kAccount, token});
    adapter_ = std::make_unique<OneBotAdapter>(opt, &sink_);
    std::string why;
    ASSERT_TRUE(adapter_->Listen(&why)) << why;
    adapter_->Start();
  }
  bool AdapterConnected() {
    return Eventually([&] { return adapter_->connected_accounts() == std::vector<int64_t>{kAccount}; });
  }
  static Action Act(ActionType type, std::string key) {
    Action a;
    a.type = type;
    a.group = "qq:42";
    a.member = "qq:7";
    a.text = "hi";
    a.key = std::move(key);
    return a;
  }

  RecordingSink sink_;
  std::unique_ptr<FakeOneBotPeer> server_;
  std::unique_ptr<OneBotAdapter> adapter_;
};

TEST_F(OneBotForwardWsTest, EventsArriveAndCallsAreAnsweredOnTheDialedSocket) {
  StartServer();
  StartAdapter();
  ASSERT_TRUE(server_->WaitConnected(kWait));
  ASSERT_TRUE(AdapterConnected());
  server_->SendHeartbeat();
  server_->SendGroupMessage(42, 7, 9001, "大家好", "小明");
  ASSERT_TRUE(sink_.WaitFor(1));
  Event e = sink_.events()[0];
  EXPECT_EQ(e.group, "qq:42");
  EXPECT_EQ(e.member, "qq:7");
  EXPECT_EQ(e.text, "大家好");
  EXPECT_EQ(adapter_->AccountFor("qq:42"), "10001000");
  EXPECT_TRUE(Eventually([&] { return adapter_->stats().heartbeats.load() == 1; }));

  DeliveryResult r = adapter_->Deliver(Act(ActionType::kSend, "1.0"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kDelivered) << r.detail;
  EXPECT_FALSE(r.platform_ref.empty());
  server_->Script(FakeOneBotPeer::Answer::kFail, 100, "NOT_MANAGEABLE");
  r = adapter_->Deliver(Act(ActionType::kKick, "1.1"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(r.detail, "retcode 100 NOT_MANAGEABLE 失败");
  auto calls = server_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["action"], "send_group_msg");
  EXPECT_EQ(calls[0]["echo"], "1.0");
  EXPECT_EQ(calls[1]["action"], "set_group_kick");
  EXPECT_EQ(adapter_->stats().connections.load(), 1u);
  EXPECT_EQ(adapter_->stats().dial_failures.load(), 0u);
}

TEST_F(OneBotForwardWsTest, ReconnectsAfterThePeerDropsAndNeverSendsACallTwice) {
  StartServer();
  StartAdapter("t0ken", false, 2s);
  ASSERT_TRUE(server_->WaitConnected(kWait));
  ASSERT_TRUE(AdapterConnected());

  // The peer drops between calls: Shoal dials again by itself.
  server_->Disconnect();
  ASSERT_TRUE(server_->WaitForHandshakes(2, kWait));
  ASSERT_TRUE(AdapterConnected());
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "2.0")).code, DeliveryResult::Code::kDelivered);

  // The peer drops in the middle of a call: the message may have been posted, so it is not
  // retried; a kick repeats harmlessly, so it is.
  server_->Script(FakeOneBotPeer::Answer::kDisconnect);
  DeliveryResult r = adapter_->Deliver(Act(ActionType::kSend, "2.1"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(r.detail.rfind("uncertain:", 0), 0u) << r.detail;
  ASSERT_TRUE(server_->WaitForHandshakes(3, kWait));
  ASSERT_TRUE(AdapterConnected());
  server_->Script(FakeOneBotPeer::Answer::kDisconnect);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kKick, "2.2")).code, DeliveryResult::Code::kRetry);
  ASSERT_TRUE(server_->WaitForHandshakes(4, kWait));
  ASSERT_TRUE(AdapterConnected());
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kKick, "2.3")).code, DeliveryResult::Code::kDelivered);

  std::multiset<std::string> echoes;
  for (const auto& c : server_->calls()) echoes.insert(c["echo"].get<std::string>());
  EXPECT_EQ(echoes, (std::multiset<std::string>{"2.0", "2.1", "2.2", "2.3"}));
  EXPECT_GE(adapter_->stats().dials.load(), 4u);
  EXPECT_EQ(adapter_->stats().connections.load(), 4u);
}

TEST_F(OneBotForwardWsTest, HandshakesRefusedForAWhileAreRetriedUntilOneIsAccepted) {
  StartServer();
  server_->RefuseNext(3);
  StartAdapter();
  ASSERT_TRUE(server_->WaitConnected(kWait));
  ASSERT_TRUE(AdapterConnected());
  EXPECT_EQ(server_->refusals(), 3u);
  EXPECT_EQ(adapter_->stats().dial_failures.load(), 3u);
  EXPECT_EQ(adapter_->stats().dials.load(), 4u);
}

TEST_F(OneBotForwardWsTest, AWrongTokenIsRefusedEitherWayAndNothingIsSent) {
  for (bool napcat : {false, true}) {
    SCOPED_TRACE(napcat ? "NapCat: 1403 frame after the upgrade" : "go-cqhttp: 403 before the upgrade");
    FakeOneBotPeer::Options o;
    o.napcat_auth = napcat;
    StartServer(o);
    StartAdapter("wrong");
    // It keeps trying (with backoff), and each attempt is refused.
    ASSERT_TRUE(Eventually([&] { return server_->refusals() >= 3 && adapter_->stats().dial_failures.load() >= 3; }));
    EXPECT_FALSE(server_->connected());
    EXPECT_EQ(server_->handshakes(), napcat ? server_->refusals() : 0u);
    ASSERT_TRUE(Eventually([&] { return adapter_->connected_accounts().empty(); }));
    EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "3.0")).code, DeliveryResult::Code::kRetry);
    EXPECT_TRUE(server_->calls().empty());
    adapter_.reset();
    server_.reset();
  }
}

TEST_F(OneBotForwardWsTest, AnAccountWithBothTransportsUsesHttpWhileItsSocketIsDown) {
  StartServer();
  StartAdapter("t0ken", /*http=*/true);
  ASSERT_TRUE(AdapterConnected());
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "4.0")).code, DeliveryResult::Code::kDelivered);
  server_->RefuseNext(1'000'000);  // no more WebSockets
  server_->Disconnect();
  ASSERT_TRUE(Eventually([&] { return adapter_->connected_accounts().empty(); }));
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "4.1")).code, DeliveryResult::Code::kDelivered);
  auto calls = server_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["echo"], "4.0");  // on the WebSocket
  EXPECT_FALSE(calls[0].contains("via"));
  EXPECT_EQ(calls[1]["via"], "http");  // over the HTTP API
  EXPECT_EQ(calls[1]["action"], "send_group_msg");
  EXPECT_EQ(calls[1]["params"]["group_id"], 42);
}

}  // namespace
}  // namespace shoal::onebot
