#include "adapters/onebot/onebot_adapter.h"

#include <gtest/gtest.h>

#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "adapters/onebot/fake_onebot_peer.h"
#include "adapters/onebot/hmac_sha1.h"
#include "adapters/onebot/onebot_testing.h"

namespace shoal::onebot {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::kWait;
using testing::RecordingSink;

class OneBotAdapterTest : public ::testing::Test {
 protected:
  void StartAdapter(OneBotOptions opt = {}) {
    opt.port = 0;
    if (opt.access_token.empty()) opt.access_token = "t0ken";
    adapter_ = std::make_unique<OneBotAdapter>(opt, &sink_);
    std::string why;
    ASSERT_TRUE(adapter_->Listen(&why)) << why;
    adapter_->Start();
  }
  std::unique_ptr<FakeOneBotPeer> Peer(int64_t self_id = 10001000, std::string auth = "Bearer t0ken",
                                       std::string target = "/onebot/v11/ws") {
    FakeOneBotPeer::Options o;
    o.port = adapter_->port();
    o.self_id = self_id;
    o.authorization = std::move(auth);
    o.target = std::move(target);
    return std::make_unique<FakeOneBotPeer>(o);
  }
  std::unique_ptr<FakeOneBotPeer> Connected(int64_t self_id = 10001000) {
    auto peer = Peer(self_id);
    std::string why;
    EXPECT_TRUE(peer->Connect(&why)) << why;
    EXPECT_TRUE(Eventually([&] {
      auto ids = adapter_->connected_accounts();
      return std::find(ids.begin(), ids.end(), self_id) != ids.end();
    }));
    return peer;
  }
  static Action Act(ActionType type, std::string group, std::string key) {
    Action a;
    a.type = type;
    a.group = std::move(group);
    a.member = "qq:10003000";
    a.text = "hi";
    a.msg_id = "77";
    a.key = std::move(key);
    return a;
  }

  RecordingSink sink_;
  std::unique_ptr<OneBotAdapter> adapter_;
};

TEST_F(OneBotAdapterTest, HandshakeAcceptsEveryTokenFormAndRefusesTheRest) {
  OneBotOptions opt;
  opt.accounts = {1, 2, 3, 4, 5, 6, 7};
  StartAdapter(opt);
  std::string why;
  EXPECT_TRUE(Peer(1, "Bearer t0ken")->Connect(&why)) << why;     // NapCat, Lagrange
  EXPECT_TRUE(Peer(2, "Token t0ken")->Connect(&why)) << why;      // go-cqhttp
  EXPECT_TRUE(Peer(3, "t0ken")->Connect(&why)) << why;            // bare
  EXPECT_TRUE(Peer(4, "", "/ws?access_token=t0ken")->Connect(&why)) << why;
  auto none = Peer(5, "");
  EXPECT_FALSE(none->Connect(&why));
  EXPECT_EQ(none->refused_status(), 401u);
  auto wrong = Peer(6, "Bearer nope");
  EXPECT_FALSE(wrong->Connect(&why));
  EXPECT_EQ(wrong->refused_status(), 403u);
  auto empty_bearer = Peer(7, "Bearer ");  // NapCat sends this when it has no token
  EXPECT_FALSE(empty_bearer->Connect(&why));
  EXPECT_EQ(empty_bearer->refused_status(), 401u);
  auto stranger = Peer(99, "Bearer t0ken");
  EXPECT_FALSE(stranger->Connect(&why));
  EXPECT_EQ(stranger->refused_status(), 403u);
  EXPECT_EQ(adapter_->stats().refused.load(), 8u);  // each refused peer asks twice (the fake's status probe)
  EXPECT_EQ(AuthorizationToken("Bearer  abc "), "abc");
  EXPECT_EQ(AuthorizationToken(""), "");
  EXPECT_EQ(AuthorizationToken("Bearer"), "");
  EXPECT_EQ(AuthorizationToken("Token abc"), "abc");
}

TEST_F(OneBotAdapterTest, EventsReachTheSinkAndBadFramesAreCounted) {
  StartAdapter();
  auto peer = Connected();
  peer->SendHeartbeat();
  peer->Send("{not json");
  peer->Send(R"({"time":1,"self_id":10001000,"post_type":"telepathy"})");
  peer->Send(R"({"time":1,"self_id":10001000,"post_type":"notice","notice_type":"notify","sub_type":"poke","group_id":42,"user_id":7,"target_id":1})");
  peer->SendGroupMessage(42, 7, 9001, "大家好 &#91;不是CQ码&#93;", "小明");
  ASSERT_TRUE(sink_.WaitFor(1));
  Event e = sink_.events()[0];
  EXPECT_EQ(e.group, "qq:42");
  EXPECT_EQ(e.member, "qq:7");
  EXPECT_EQ(e.name, "小明");
  EXPECT_EQ(e.msg_id, "9001");
  EXPECT_EQ(e.text, "大家好 &#91;不是CQ码&#93;");  // array form: text is taken as written
  EXPECT_EQ(adapter_->AccountFor("qq:42"), "10001000");
  const OneBotStats& s = adapter_->stats();
  EXPECT_TRUE(Eventually([&] { return s.heartbeats.load() == 1 && s.bad_frames.load() == 2 && s.ignored.load() == 1; }));
  // Counted just after the sink takes the batch, so the sink can see it a moment before the counter moves.
  EXPECT_TRUE(Eventually([&] { return s.events.load() == 1u; })) << s.events.load();
}

TEST_F(OneBotAdapterTest, FramesReadBackToBackAreSubmittedTogetherInOrder) {
  OneBotOptions opt;
  opt.coalesce_max = 8;
  StartAdapter(opt);
  auto peer = Connected();
  constexpr int kFrames = 300;
  for (int i = 0; i < kFrames; ++i) peer->SendGroupMessage(42, 7, 1000 + i, "m" + std::to_string(i));
  ASSERT_TRUE(sink_.WaitFor(kFrames));
  auto events = sink_.events();
  ASSERT_EQ(events.size(), static_cast<size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) EXPECT_EQ(events[i].msg_id, std::to_string(1000 + i));
  size_t total = 0;
  for (size_t b : sink_.batches()) {
    EXPECT_GE(b, 1u);
    EXPECT_LE(b, 8u);  // never more than coalesce_max in one submission
    total += b;
  }
  EXPECT_EQ(total, static_cast<size_t>(kFrames));
  EXPECT_TRUE(Eventually([&] { return adapter_->stats().events.load() == kFrames; }));
}

TEST_F(OneBotAdapterTest, CallsGoToTheAccountThatServesTheGroupAndMatchByEcho) {
  StartAdapter();
  auto a = Connected(111);
  auto b = Connected(222);
  a->SendGroupMessage(1, 7, 1, "a");
  b->SendGroupMessage(2, 7, 2, "b");
  ASSERT_TRUE(sink_.WaitFor(2));
  DeliveryResult r = adapter_->Deliver(Act(ActionType::kSend, "qq:2", "5.0"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kDelivered) << r.detail;
  EXPECT_FALSE(r.platform_ref.empty());
  r = adapter_->Deliver(Act(ActionType::kDelete, "qq:1", "5.1"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kDelivered) << r.detail;
  ASSERT_EQ(b->calls().size(), 1u);
  EXPECT_EQ(b->calls()[0]["action"], "send_group_msg");
  EXPECT_EQ(b->calls()[0]["echo"], "5.0");
  ASSERT_EQ(a->calls().size(), 1u);
  EXPECT_EQ(a->calls()[0]["action"], "delete_msg");
  EXPECT_EQ(a->calls()[0]["params"]["message_id"], 77);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kCreateGroup, "qq:1", "5.2")).code, DeliveryResult::Code::kUnsupported);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "tg:1", "5.3")).code, DeliveryResult::Code::kRejected);
}

TEST_F(OneBotAdapterTest, FailuresTimeoutsAndDisconnects) {
  OneBotOptions opt;
  opt.call_timeout = 300ms;  // only waited out when the peer is scripted not to answer
  StartAdapter(opt);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kKick, "qq:1", "0.0")).detail, "no OneBot account is connected");
  auto peer = Connected();
  peer->Script(FakeOneBotPeer::Answer::kFail, 100, "NOT_MANAGEABLE");
  DeliveryResult r = adapter_->Deliver(Act(ActionType::kMute, "qq:1", "1.0"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(r.detail, "retcode 100 NOT_MANAGEABLE 失败");

  peer->Script(FakeOneBotPeer::Answer::kNoAnswer);
  peer->Script(FakeOneBotPeer::Answer::kNoAnswer);
  r = adapter_->Deliver(Act(ActionType::kKick, "qq:1", "2.0"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRetry);  // kicking twice is harmless
  r = adapter_->Deliver(Act(ActionType::kSend, "qq:1", "2.1"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRejected);  // posting twice is not
  EXPECT_EQ(r.detail.rfind("uncertain: no answer", 0), 0u) << r.detail;
  EXPECT_EQ(adapter_->stats().call_timeouts.load(), 2u);

  peer->Script(FakeOneBotPeer::Answer::kDisconnect);
  r = adapter_->Deliver(Act(ActionType::kSend, "qq:1", "3.0"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRejected);
  EXPECT_TRUE(peer->WaitDisconnected(kWait));
  ASSERT_TRUE(Eventually([&] { return adapter_->connected_accounts().empty(); }));
  r = adapter_->Deliver(Act(ActionType::kSend, "qq:1", "3.1"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRetry);  // never left: safe to send later
  EXPECT_EQ(peer->calls().size(), 4u);
}

TEST_F(OneBotAdapterTest, SurvivesHugeFramesHalfFramesAndHeartbeatFloods) {
  OneBotOptions opt;
  opt.max_frame_bytes = 4096;
  StartAdapter(opt);
  auto big = Connected(1);
  big->SendGroupMessage(1, 7, 1, std::string(8000, 'x'));
  EXPECT_TRUE(big->WaitDisconnected(kWait));
  EXPECT_TRUE(Eventually([&] { return adapter_->stats().oversized.load() == 1; }));
  auto half = Connected(2);
  half->SendPartialThenDrop(R"({"time":1,"self_id":2,"post_type":"mess)");
  EXPECT_TRUE(half->WaitDisconnected(kWait));
  ASSERT_TRUE(Eventually([&] { return adapter_->connected_accounts().empty(); }));

  auto flood = Connected(3);
  for (int i = 0; i < 2000; ++i) flood->SendHeartbeat();
  flood->SendGroupMessage(3, 7, 3, "still here");
  ASSERT_TRUE(sink_.WaitFor(1));
  EXPECT_EQ(sink_.events()[0].text, "still here");
  EXPECT_EQ(adapter_->stats().heartbeats.load(), 2000u);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "qq:3", "9.0")).code, DeliveryResult::Code::kDelivered);
}

TEST_F(OneBotAdapterTest, AConfiguredAccountServesItsGroupBeforeItSpeaks) {
  OneBotOptions opt;
  opt.group_accounts = {{"qq:5", 222}};
  StartAdapter(opt);
  EXPECT_EQ(adapter_->AccountFor("qq:5"), "222");
  auto a = Connected(111);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "qq:5", "1.0")).code, DeliveryResult::Code::kRetry);  // 222 is away
  auto b = Connected(222);
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "qq:5", "1.1")).code, DeliveryResult::Code::kDelivered);
  EXPECT_TRUE(a->calls().empty());
  EXPECT_EQ(b->calls().size(), 1u);
}

TEST_F(OneBotAdapterTest, AReconnectReplacesTheOldSocket) {
  StartAdapter();
  auto first = Connected();
  first->SendGroupMessage(1, 7, 1, "x");
  ASSERT_TRUE(sink_.WaitFor(1));
  auto second = Peer();
  std::string why;
  ASSERT_TRUE(second->Connect(&why)) << why;
  EXPECT_TRUE(first->WaitDisconnected(kWait));
  EXPECT_EQ(adapter_->Deliver(Act(ActionType::kSend, "qq:1", "1.0")).code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(second->calls().size(), 1u);
  EXPECT_TRUE(first->calls().empty());
}

// One HTTP/1.1 request to the adapter; the status it answers.
unsigned Post(int port, const std::string& body, const std::string& signature) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                                static_cast<unsigned short>(port)));
  http::request<http::string_body> req{http::verb::post, "/", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  req.set("X-Self-ID", "10001000");
  if (!signature.empty()) req.set("X-Signature", signature);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  return ec ? 0 : res.result_int();
}

TEST_F(OneBotAdapterTest, HttpPostIsVerifiedAndAnsweredAfterStorage) {
  OneBotOptions opt;
  opt.secret = "s3cr3t";
  opt.max_frame_bytes = 8192;
  StartAdapter(opt);
  const std::string body =
      R"({"time":1715000000,"self_id":10001000,"post_type":"notice","notice_type":"group_increase","sub_type":"approve","group_id":123456789,"operator_id":10002000,"user_id":10003000})";
  EXPECT_EQ(Post(adapter_->port(), body, "sha1=f1f089eaeb6c6d9617f4542ef817f940a6c828c7"), 204u);
  EXPECT_EQ(Post(adapter_->port(), body, "sha1=F1F089EAEB6C6D9617F4542EF817F940A6C828C7"), 204u);
  ASSERT_TRUE(sink_.WaitFor(2));
  EXPECT_EQ(sink_.events()[0].type, EventType::kJoin);
  EXPECT_EQ(sink_.events()[0].member, "qq:10003000");
  EXPECT_EQ(Post(adapter_->port(), body, "sha1=0000000000000000000000000000000000000000"), 403u);
  EXPECT_EQ(Post(adapter_->port(), body, ""), 403u);
  EXPECT_EQ(adapter_->stats().bad_signatures.load(), 2u);
  std::string huge = std::string(R"({"time":1,"post_type":"message","x":")") + std::string(10000, 'a') + "\"}";
  EXPECT_EQ(Post(adapter_->port(), huge, "sha1=" + HmacSha1Hex("s3cr3t", huge)), 413u);
  std::string bad = "{oops";
  EXPECT_EQ(Post(adapter_->port(), bad, "sha1=" + HmacSha1Hex("s3cr3t", bad)), 400u);
  sink_.Refuse(true);  // the store is failing: OneBot must retry
  EXPECT_EQ(Post(adapter_->port(), body, "sha1=" + HmacSha1Hex("s3cr3t", body)), 503u);
  EXPECT_EQ(sink_.events().size(), 2u);
}

}  // namespace
}  // namespace shoal::onebot
