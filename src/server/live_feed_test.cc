// The live feed: fan-out by community, the bounded queue that drops a slow consumer, and the
// WebSocket endpoint end to end with a Beast client on loopback.
#include "server/live_feed.h"

#include <gtest/gtest.h>

#include <boost/beast/websocket.hpp>

#include "server/dashboard_testing.h"

namespace shoal {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using testing::ChatJson;
using testing::DashboardServer;

Event Message(const std::string& group, const std::string& text) {
  return testing::ParseOrDie(ChatJson(1, group, "qq:7", text, "m-" + text));
}

TEST(LiveFeedTest, SubscribersGetOnlyTheirCommunities) {
  auto config = testing::DashboardConfig();
  LiveFeed feed(config.get());
  int wakes = 0;
  auto c = feed.Subscribe({"c"}, [&] { ++wakes; });
  auto all = feed.Subscribe({}, nullptr);
  EXPECT_EQ(feed.subscribers(), 2u);
  feed.Publish(Message("qq:1", "in c"), {Action{.type = ActionType::kSend, .group = "qq:1", .text = "reply"}});
  feed.Publish(Message("qq:3", "in d"), {});
  bool dropped = true;
  auto lines = c->Take(&dropped);
  EXPECT_FALSE(dropped);
  ASSERT_EQ(lines.size(), 2u);
  auto event = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(event["kind"], "event");
  EXPECT_EQ(event["community"], "c");
  EXPECT_EQ(event["event"]["text"], "in c");
  auto action = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(action["kind"], "action");
  EXPECT_EQ(action["action"]["text"], "reply");
  EXPECT_EQ(wakes, 1) << "woken once when the queue became non-empty";
  EXPECT_EQ(all->Take(&dropped).size(), 3u);
  feed.Unsubscribe(c.get());
  EXPECT_EQ(feed.subscribers(), 1u);
}

TEST(LiveFeedTest, ASlowConsumerIsDroppedNotWaitedFor) {
  auto config = testing::DashboardConfig();
  LiveFeed feed(config.get(), /*capacity=*/3);
  auto slow = feed.Subscribe({}, nullptr);
  for (int i = 0; i < 10; ++i) feed.Publish(Message("qq:1", "m" + std::to_string(i)), {});
  bool dropped = false;
  EXPECT_TRUE(slow->Take(&dropped).empty());
  EXPECT_TRUE(dropped);
  EXPECT_EQ(feed.subscribers(), 0u);
  EXPECT_EQ(feed.dropped(), 1u);
}

class LiveSocketTest : public ::testing::Test {
 protected:
  // Opens /v1/live with `headers`; false (and *status) when the handshake is refused.
  bool Open(const std::string& target, const std::map<std::string, std::string>& headers) {
    ws_.emplace(ioc_);
    beast::get_lowest_layer(*ws_).connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(s_.port())});
    ws_->set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [k, v] : headers) req.set(k, v);
    }));
    websocket::response_type res;
    beast::error_code ec;
    ws_->handshake(res, "127.0.0.1", target, ec);
    if (ec) return false;
    beast::get_lowest_layer(*ws_).expires_after(std::chrono::seconds(60));  // generous: a loaded machine
    return true;
  }
  nlohmann::json Next() {
    beast::flat_buffer buf;
    ws_->read(buf);
    return nlohmann::json::parse(beast::buffers_to_string(buf.data()));
  }
  // Waits until the server has registered `n` subscribers (the handshake answer comes first).
  void WaitForSubscribers(size_t n) {
    for (int i = 0; i < 6000 && s_.live()->subscribers() != n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(s_.live()->subscribers(), n);
  }

  DashboardServer s_;
  net::io_context ioc_;
  std::optional<websocket::stream<beast::tcp_stream>> ws_;
};

TEST_F(LiveSocketTest, StreamsAcceptedEventsAndTheirActionsForTheGrantsCommunities) {
  ASSERT_TRUE(Open("/v1/live", testing::Bearer(testing::kViewerCToken)));
  WaitForSubscribers(1);
  ASSERT_TRUE(s_.Post(ChatJson(1, "qq:3", "qq:9", "in d", "d1") + "\n" + ChatJson(2, "qq:1", "qq:7", "卖外挂", "c1") + "\n"));
  auto first = Next();
  EXPECT_EQ(first["kind"], "event");
  EXPECT_EQ(first["event"]["text"], "卖外挂") << "the event in d is not for this grant";
  EXPECT_EQ(first["community"], "c");
  auto second = Next();
  EXPECT_EQ(second["kind"], "action") << "moderation deletes it";
  EXPECT_EQ(second["action"]["group"], "qq:1");
}

TEST_F(LiveSocketTest, SessionCookieAndCommunityFilter) {
  auto login = s_.Send(http::verb::post, "/v1/login", nlohmann::json{{"token", testing::kOwnerToken}}.dump());
  std::string cookie = login.header("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  ASSERT_TRUE(Open("/v1/live?community=d", {{"Cookie", cookie}, {"Origin", "http://127.0.0.1"}}));
  WaitForSubscribers(1);
  ASSERT_TRUE(s_.Post(ChatJson(1, "qq:1", "qq:7", "in c", "c1") + "\n" + ChatJson(2, "qq:3", "qq:9", "in d", "d1") + "\n"));
  EXPECT_EQ(Next()["event"]["text"], "in d");
}

TEST_F(LiveSocketTest, RefusesMissingTokensForgedCookiesAndForeignCommunities) {
  EXPECT_FALSE(Open("/v1/live", {})) << "declined";
  // Beast's client does not hand back a declined answer: read the refusals as plain HTTP.
  auto upgrade = [&](const std::string& target, std::map<std::string, std::string> headers) {
    headers.insert({{"Connection", "Upgrade"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"},
                    {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
    return s_.Send(http::verb::get, target, "", headers);
  };
  EXPECT_EQ(upgrade("/v1/live", {}).status, 401u);
  EXPECT_EQ(upgrade("/v1/live", {{"Cookie", "shoal_session=forged"}}).status, 401u);
  auto foreign = upgrade("/v1/live?community=d", testing::Bearer(testing::kViewerCToken));
  EXPECT_EQ(foreign.status, 403u);
  EXPECT_NE(foreign.body.find("not in this token's communities"), std::string::npos);
  EXPECT_EQ(upgrade("/v1/elsewhere", testing::Bearer(testing::kOwnerToken)).status, 404u);
  auto login = s_.Send(http::verb::post, "/v1/login", nlohmann::json{{"token", testing::kOwnerToken}}.dump());
  std::string cookie = login.header("Set-Cookie").substr(0, login.header("Set-Cookie").find(';'));
  EXPECT_EQ(upgrade("/v1/live", {{"Cookie", cookie}, {"Origin", "https://evil.example"}}).status, 403u)
      << "cross-site WebSocket hijacking";
  EXPECT_EQ(upgrade("/v1/live", {{"Cookie", cookie}, {"Origin", "null"}}).status, 403u);
  EXPECT_EQ(s_.live()->subscribers(), 0u);
}

TEST_F(LiveSocketTest, AClientThatNeverReadsIsDroppedAndIngestCarriesOn) {
  // Capacity 8 (DashboardServer): a client that stops reading while the kernel buffers fill
  // is cut off; posting keeps working all along.
  ASSERT_TRUE(Open("/v1/live", testing::Bearer(testing::kOwnerToken)));
  WaitForSubscribers(1);
  std::string big(4000, 'x');
  for (int batch = 0; batch < 200 && s_.live()->subscribers() > 0; ++batch) {
    std::string jsonl;
    for (int i = 0; i < 20; ++i)
      jsonl += ChatJson(batch % 600, "qq:1", "qq:7", big, "b" + std::to_string(batch) + "-" + std::to_string(i)) + "\n";
    ASSERT_TRUE(s_.Post(jsonl)) << "ingest never blocks on the feed";
  }
  EXPECT_EQ(s_.live()->subscribers(), 0u);
  EXPECT_GE(s_.live()->dropped(), 1u);
}

TEST_F(LiveSocketTest, ClosingUnsubscribes) {
  ASSERT_TRUE(Open("/v1/live", testing::Bearer(testing::kOwnerToken)));
  WaitForSubscribers(1);
  ws_->close(websocket::close_code::normal);
  WaitForSubscribers(0);
}

}  // namespace
}  // namespace shoal
