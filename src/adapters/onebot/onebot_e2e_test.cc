// End to end over loopback: a fake OneBot peer -> the reverse WebSocket -> a real Ingest
// over a MemoryStore (moderation and check-in on) -> the outbox dispatcher -> the OneBot
// adapter -> back to the peer, which must receive each API call once. The second test
// does the same with Shoal dialing the peer (forward WebSocket) across a reconnect.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "adapters/onebot/fake_onebot_peer.h"
#include "adapters/onebot/onebot_adapter.h"
#include "outbox/dispatcher.h"
#include "server/ingest.h"
#include "server/ingest_sink.h"
#include "shoal/config.h"
#include "store/memory_store.h"

namespace shoal::onebot {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const Config> E2eConfig() {
  const char* yaml = R"(tenant: t
timezone: Asia/Shanghai
seed: 7
store: {kind: memory}
communities:
  - id: c
    name: C
    groups:
      - {id: "qq:123456789", name: 一群}
features:
  moderation:
    probation: {enabled: false}
  checkin:
    keywords: ["签到"]
    reply: "{name} 签到成功"
)";
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "<e2e>", &diag);
  EXPECT_TRUE(cfg) << diag.ToString();
  return std::shared_ptr<const Config>(std::move(cfg));
}

template <typename F>
bool Eventually(F f) {
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!f()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

TEST(OneBotEndToEndTest, AdIsRemovedAndCheckInAnsweredOnceEachDespiteAFailure) {
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(E2eConfig(), &store, {}, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest) << st.ToString();
  IngestSink sink(ingest.get());
  OneBotOptions opt;
  opt.port = 0;
  opt.access_token = "t0ken";
  opt.limits.per_account_per_second = 100;  // pacing is the dispatcher's test; here, be quick
  OneBotAdapter adapter(opt, &sink);
  std::string why;
  ASSERT_TRUE(adapter.Listen(&why)) << why;
  adapter.Start();

  FakeOneBotPeer::Options po;
  po.port = adapter.port();
  po.authorization = "Token t0ken";  // go-cqhttp's form
  auto peer = std::make_unique<FakeOneBotPeer>(po);
  ASSERT_TRUE(peer->Connect(&why)) << why;
  peer->SendGroupMessage(123456789, 20001, 501, "低价出号 加我QQ 812294909", "广告哥");
  peer->SendGroupMessage(123456789, 20002, 502, "签到", "小红");
  ASSERT_TRUE(Eventually([&] {
    uint64_t n = 0;
    return store.CountPending(&n).ok() && n >= 3;
  }));

  // The peer fails once: it is gone when the dispatcher first tries. Nothing leaves, so
  // every call is retried later, and sent once.
  peer->Disconnect();
  ASSERT_TRUE(peer->WaitDisconnected(30s));
  ASSERT_TRUE(Eventually([&] { return adapter.connected_accounts().empty(); }));
  ManualClock clock(kMicrosPerDay);
  Dispatcher dispatcher(&store, &clock, {}, &metrics);
  dispatcher.AddAdapter(&adapter);
  ASSERT_TRUE(dispatcher.Recover().ok());
  EXPECT_EQ(dispatcher.RunOnce(), 3u);
  EXPECT_EQ(metrics.deliveries("qq", "failed"), 3u);

  auto again = std::make_unique<FakeOneBotPeer>(po);
  ASSERT_TRUE(again->Connect(&why)) << why;
  ASSERT_TRUE(Eventually([&] { return adapter.connected_accounts().size() == 1; }));
  for (int i = 0; i < 20 && metrics.deliveries("qq", "delivered") < 3; ++i) {
    clock.Advance(kMicrosPerMinute);
    dispatcher.RunOnce();
  }
  EXPECT_EQ(metrics.deliveries("qq", "delivered"), 3u);
  clock.Advance(kMicrosPerHour);
  dispatcher.RunOnce();  // nothing left to send

  auto calls = again->calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_TRUE(peer->calls().empty());
  std::map<std::string, nlohmann::json> by_action;
  std::set<std::string> echoes;
  for (const auto& c : calls) {
    by_action[c["action"]] = c;
    EXPECT_TRUE(echoes.insert(c["echo"].get<std::string>()).second) << "sent twice: " << c.dump();
  }
  ASSERT_TRUE(by_action.count("delete_msg"));
  EXPECT_EQ(by_action["delete_msg"]["params"]["message_id"], 501);
  ASSERT_TRUE(by_action.count("set_group_kick"));
  EXPECT_EQ(by_action["set_group_kick"]["params"]["user_id"], 20001);
  EXPECT_EQ(by_action["set_group_kick"]["params"]["reject_add_request"], true);
  ASSERT_TRUE(by_action.count("send_group_msg"));
  EXPECT_EQ(by_action["send_group_msg"]["params"]["group_id"], 123456789);
  std::string reply = by_action["send_group_msg"]["params"]["message"][0]["data"]["text"];
  EXPECT_NE(reply.find("签到成功"), std::string::npos) << reply;

  // A retcode failure is the platform's answer: a dead letter, not a second call.
  again->Script(FakeOneBotPeer::Answer::kFail, 100, "NOT_MANAGEABLE");
  again->SendGroupMessage(123456789, 20003, 503, "低价出号 加我QQ 812294909", "广告妹");
  ASSERT_TRUE(Eventually([&] {
    uint64_t n = 0;
    return store.CountPending(&n).ok() && n >= 1;
  }));
  dispatcher.RunOnce();
  std::vector<OutboxItem> dead;
  ASSERT_TRUE(store.ListDead(10, &dead).ok());
  ASSERT_GE(dead.size(), 1u);
  EXPECT_EQ(dead[0].last_error, "rejected: retcode 100 NOT_MANAGEABLE 失败");
  size_t before = again->calls().size();
  clock.Advance(kMicrosPerHour);
  dispatcher.RunOnce();
  EXPECT_EQ(again->calls().size(), before);
  adapter.Stop();
  ingest->Stop();
}

TEST(OneBotEndToEndTest, ForwardWebSocketCarriesEventsAndCallsOnceAcrossAReconnect) {
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(E2eConfig(), &store, {}, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest) << st.ToString();
  IngestSink sink(ingest.get());
  FakeOneBotPeer::Options po;
  po.access_token = "t0ken";
  FakeOneBotPeer peer(po);
  std::string why;
  ASSERT_TRUE(peer.Listen(&why)) << why;
  OneBotOptions opt;
  opt.port = 0;
  opt.limits.per_account_per_second = 100;
  opt.reconnect_base = std::chrono::milliseconds(20);
  opt.reconnect_seed = 3;
  opt.connect.push_back({"ws://127.0.0.1:" + std::to_string(peer.port()) + "/", po.self_id, "t0ken"});
  opt.listen = OneBotOptions::kNoListener;  // Shoal only dials
  OneBotAdapter adapter(opt, &sink);
  ASSERT_TRUE(adapter.Listen(&why)) << why;
  EXPECT_EQ(adapter.port(), 0);
  adapter.Start();
  ASSERT_TRUE(peer.WaitConnected(30s));
  ASSERT_TRUE(Eventually([&] { return adapter.connected_accounts().size() == 1; }));

  peer.SendGroupMessage(123456789, 20001, 501, "低价出号 加我QQ 812294909", "广告哥");
  peer.SendGroupMessage(123456789, 20002, 502, "签到", "小红");
  ASSERT_TRUE(Eventually([&] {
    uint64_t n = 0;
    return store.CountPending(&n).ok() && n >= 3;
  }));
  ManualClock clock(kMicrosPerDay);
  Dispatcher dispatcher(&store, &clock, {}, &metrics);
  dispatcher.AddAdapter(&adapter);
  ASSERT_TRUE(dispatcher.Recover().ok());
  for (int i = 0; i < 20 && metrics.deliveries("qq", "delivered") < 3; ++i) {
    dispatcher.RunOnce();
    clock.Advance(kMicrosPerMinute);
  }
  EXPECT_EQ(metrics.deliveries("qq", "delivered"), 3u);

  // The implementation restarts: Shoal dials back, and the next ad is handled on the new socket.
  peer.Disconnect();
  ASSERT_TRUE(peer.WaitForHandshakes(2, 30s));
  ASSERT_TRUE(Eventually([&] { return adapter.connected_accounts().size() == 1; }));
  peer.SendGroupMessage(123456789, 20003, 503, "低价出号 加我QQ 812294909", "广告妹");
  ASSERT_TRUE(Eventually([&] {
    uint64_t n = 0;
    return store.CountPending(&n).ok() && n >= 2;
  }));
  for (int i = 0; i < 20 && metrics.deliveries("qq", "delivered") < 5; ++i) {
    clock.Advance(kMicrosPerMinute);
    dispatcher.RunOnce();
  }
  EXPECT_EQ(metrics.deliveries("qq", "delivered"), 5u);
  clock.Advance(kMicrosPerHour);
  dispatcher.RunOnce();  // nothing left to send

  std::set<std::string> echoes;
  std::multiset<std::string> actions;
  for (const auto& c : peer.calls()) {
    EXPECT_TRUE(echoes.insert(c["echo"].get<std::string>()).second) << "sent twice: " << c.dump();
    actions.insert(c["action"].get<std::string>());
  }
  EXPECT_EQ(actions, (std::multiset<std::string>{"delete_msg", "delete_msg", "send_group_msg", "set_group_kick",
                                                  "set_group_kick"}));
  adapter.Stop();
  ingest->Stop();
}

}  // namespace
}  // namespace shoal::onebot
