// HTTP tests against a server started in-process on 127.0.0.1, ephemeral port.
#include "server/api.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "server/http_server.h"
#include "server/server_testing.h"
#include "store/faulty_store.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using testing::MessageJson;

struct Reply {
  unsigned status = 0;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::TestConfig();
    StoreStatus st;
    ingest_ = Ingest::Start(config_, &store_, {}, &metrics_, nullptr, &st);
    ASSERT_TRUE(ingest_) << st.ToString();
    api_ = std::make_unique<Api>(ingest_.get(), config_.get(), &metrics_, &audit_);
    HttpOptions o;
    o.max_body_bytes = static_cast<uint64_t>(config_->server.max_body_bytes);
    server_ = std::make_unique<HttpServer>(api_.get(), o);
    std::string why;
    ASSERT_TRUE(server_->Listen("127.0.0.1", 0, &why)) << why;
    server_->Start();
  }
  void TearDown() override {
    ingest_->Stop();
    server_->Stop();
  }

  // One request on a fresh connection (or on `stream` for keep-alive tests).
  Reply Send(http::verb verb, const std::string& target, const std::string& body = "",
             const std::string& type = "application/json", beast::tcp_stream* stream = nullptr,
             const std::string& token = testing::kOwnerToken) {
    net::io_context ioc;
    std::optional<beast::tcp_stream> own;
    if (!stream) {
      own.emplace(ioc);
      own->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())));
      stream = &*own;
    }
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty() || verb == http::verb::post) req.set(http::field::content_type, type);
    req.body() = body;
    req.prepare_payload();
    http::write(*stream, req);
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 26);
    beast::error_code ec;
    http::read(*stream, buf, parser, ec);
    if (ec) return {0, ec.message()};
    return {parser.get().result_int(), parser.get().body()};
  }

  std::shared_ptr<const Config> config_;
  MemoryStore memory_;
  FaultyStore store_{&memory_};
  Metrics metrics_;
  AuditLog audit_{""};
  std::unique_ptr<Ingest> ingest_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ApiTest, HealthzReportsLastSeq) {
  Reply r = Send(http::verb::get, "/healthz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.json()["status"], "ok");
  EXPECT_EQ(r.json()["last_seq"], 0);
}

TEST_F(ApiTest, SingleObjectAndJsonlWithAcceptedAndRejectedLines) {
  Reply one = Send(http::verb::post, "/v1/events", MessageJson(1, "a"));
  ASSERT_EQ(one.status, 200u) << one.body;
  EXPECT_EQ(one.json()["accepted"], 1);
  EXPECT_EQ(one.json()["results"][0]["seq"], 1);

  std::string body = MessageJson(2, "b") + "\n" +
                     R"({"type":"message","ts":"2026-01-05T09:03:00","group":"qq:1","member":"qq:7","text":"x"})" +
                     "\n\n" + MessageJson(3, "x", "qq:999") + "\n" + MessageJson(4, "a") + "\n" + MessageJson(5, "c") +
                     "\n";
  Reply r = Send(http::verb::post, "/v1/events", body, "application/x-ndjson");
  ASSERT_EQ(r.status, 200u) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["accepted"], 2);
  EXPECT_EQ(j["rejected"], 3);
  ASSERT_EQ(j["results"].size(), 5u);
  EXPECT_EQ(j["results"][0]["status"], "accepted");
  EXPECT_EQ(j["results"][0]["seq"], 2);
  EXPECT_EQ(j["results"][1]["line"], 2);
  EXPECT_EQ(j["results"][1]["field"], "ts");
  EXPECT_EQ(j["results"][2]["line"], 4);  // the blank line 3 is skipped, numbering is not
  EXPECT_EQ(j["results"][2]["field"], "group");
  EXPECT_EQ(j["results"][3]["field"], "msg_id");
  EXPECT_EQ(j["results"][4]["seq"], 3);
  EXPECT_EQ(Send(http::verb::get, "/healthz").json()["last_seq"], 3);
}

TEST_F(ApiTest, OversizedBodyIs413) {
  std::string big(config_->server.max_body_bytes + 1, ' ');
  Reply r = Send(http::verb::post, "/v1/events", big);
  EXPECT_EQ(r.status, 413u);
  EXPECT_NE(r.json()["error"].get<std::string>().find("max_body_bytes"), std::string::npos);
}

TEST_F(ApiTest, EmptyOrGarbageBodyIs400) {
  Reply empty = Send(http::verb::post, "/v1/events", "");
  EXPECT_EQ(empty.status, 400u);
  EXPECT_TRUE(empty.json().contains("error"));
  Reply garbage = Send(http::verb::post, "/v1/events", "hello\nworld\n", "application/x-ndjson");
  EXPECT_EQ(garbage.status, 400u);
  EXPECT_NE(garbage.body.find("line 1"), std::string::npos) << garbage.body;
}

TEST_F(ApiTest, GroupStatsRawAndPercentEncoded) {
  ASSERT_EQ(Send(http::verb::post, "/v1/events", MessageJson(1, "a")).status, 200u);
  // The answer comes once the event is durable, a moment before the writer applies it.
  Reply raw;
  for (int i = 0; i < 500; ++i) {
    raw = Send(http::verb::get, "/v1/groups/qq:1/stats");
    if (raw.status != 200u || raw.json()["members"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(raw.status, 200u) << raw.body;
  ASSERT_EQ(raw.json()["members"], 1) << raw.body;
  EXPECT_EQ(raw.json()["community"], "c");
  Reply enc = Send(http::verb::get, "/v1/groups/qq%3A1/stats");
  EXPECT_EQ(enc.body, raw.body);
  Reply unknown = Send(http::verb::get, "/v1/groups/qq:404/stats");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_NE(unknown.json()["error"].get<std::string>().find("qq:404"), std::string::npos);
  EXPECT_EQ(Send(http::verb::get, "/nope").status, 404u);
}

TEST_F(ApiTest, StoreFailureIs503AndNothingIsAcknowledged) {
  store_.SetWritesFail(true);
  Reply r = Send(http::verb::post, "/v1/events", MessageJson(1, "a") + "\n" + MessageJson(2, "b"),
                 "application/x-ndjson");
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(r.json()["store"], "disk_full");
  uint64_t last = 1;
  memory_.LastSeq(&last);
  EXPECT_EQ(last, 0u);
  store_.SetWritesFail(false);
  Reply ok = Send(http::verb::post, "/v1/events", MessageJson(1, "a"));
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.json()["accepted"], 1);
}

TEST_F(ApiTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())));
  for (int i = 1; i <= 3; ++i) {
    Reply r = Send(http::verb::post, "/v1/events", MessageJson(i, "k" + std::to_string(i)), "application/json",
                   &stream);
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.json()["results"][0]["seq"], i);
  }
  Reply m = Send(http::verb::get, "/metrics", "", "", &stream);
  EXPECT_NE(m.body.find("shoal_events_accepted_total 3"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("shoal_batch_commit_seconds_count 3"), std::string::npos);
}

TEST_F(ApiTest, EveryCallButHealthzNeedsAKnownToken) {
  for (const char* target : {"/v1/events", "/v1/groups/qq:1/stats", "/metrics", "/v1/audit"}) {
    http::verb verb = std::string(target) == "/v1/events" ? http::verb::post : http::verb::get;
    std::string body = verb == http::verb::post ? MessageJson(1, "a") : "";
    Reply none = Send(verb, target, body, "application/json", nullptr, "");
    EXPECT_EQ(none.status, 401u) << target;
    EXPECT_NE(none.json()["error"].get<std::string>().find("missing API token"), std::string::npos);
    Reply wrong = Send(verb, target, body, "application/json", nullptr, "shoal_not-a-real-token");
    EXPECT_EQ(wrong.status, 401u) << target;
    EXPECT_EQ(wrong.json()["error"], "invalid API token");
  }
  EXPECT_EQ(Send(http::verb::get, "/healthz", "", "", nullptr, "").status, 200u);
  uint64_t last = 1;
  memory_.LastSeq(&last);
  EXPECT_EQ(last, 0u) << "nothing was stored for unauthenticated writes";
  EXPECT_EQ(metrics_.auth_failures.load(), 8u);
  // Refusals are audited, without the secret.
  auto lines = audit_.Recent(100);
  ASSERT_GE(lines.size(), 8u);
  EXPECT_NE(lines[0].find("\"status\":401"), std::string::npos);
  for (const auto& l : lines) EXPECT_EQ(l.find("not-a-real-token"), std::string::npos);
}

TEST_F(ApiTest, RolesLimitWhatATokenMayDo) {
  Reply viewer_post = Send(http::verb::post, "/v1/events", MessageJson(1, "a"), "application/json", nullptr,
                           testing::kViewerCToken);
  EXPECT_EQ(viewer_post.status, 403u);
  EXPECT_NE(viewer_post.json()["error"].get<std::string>().find("role viewer may not post events"), std::string::npos);
  Reply op_post = Send(http::verb::post, "/v1/events", MessageJson(1, "a"), "application/json", nullptr,
                       testing::kOperatorCToken);
  EXPECT_EQ(op_post.status, 200u) << op_post.body;
  EXPECT_EQ(Send(http::verb::get, "/v1/groups/qq:1/stats", "", "", nullptr, testing::kViewerCToken).status, 200u);
  EXPECT_EQ(Send(http::verb::get, "/v1/audit", "", "", nullptr, testing::kOperatorCToken).status, 403u);
  Reply audit = Send(http::verb::get, "/v1/audit");
  ASSERT_EQ(audit.status, 200u);
  bool saw_write = false;
  const nlohmann::json trail = audit.json();
  for (const auto& line : trail["lines"]) {
    if (line["token"] == "ops-c" && line["method"] == "POST" && line["status"] == 200) saw_write = true;
  }
  EXPECT_TRUE(saw_write) << audit.body;
}

TEST_F(ApiTest, ATokenScopedToOneCommunityCannotTouchAnother) {
  // Reading: another community's group and an unknown group look the same (no existence leak).
  Reply other = Send(http::verb::get, "/v1/groups/qq:3/stats", "", "", nullptr, testing::kViewerCToken);
  Reply unknown = Send(http::verb::get, "/v1/groups/qq:404/stats", "", "", nullptr, testing::kViewerCToken);
  EXPECT_EQ(other.status, 403u);
  EXPECT_EQ(unknown.status, 403u);
  EXPECT_NE(other.json()["error"].get<std::string>().find("not in this token's communities"), std::string::npos);
  // Writing: one foreign event refuses the whole request; nothing is stored.
  std::string body = MessageJson(1, "a") + "\n" + MessageJson(2, "b", "qq:3") + "\n";
  Reply mixed = Send(http::verb::post, "/v1/events", body, "application/x-ndjson", nullptr, testing::kOperatorCToken);
  EXPECT_EQ(mixed.status, 403u);
  EXPECT_NE(mixed.json()["error"].get<std::string>().find("line 2: group 'qq:3'"), std::string::npos) << mixed.body;
  uint64_t last = 1;
  memory_.LastSeq(&last);
  EXPECT_EQ(last, 0u);
  // The owner's token is tenant-wide.
  EXPECT_EQ(Send(http::verb::post, "/v1/events", body, "application/x-ndjson").json()["accepted"], 2);
  EXPECT_EQ(metrics_.forbidden.load(), 3u);
}

TEST_F(ApiTest, OutboxDeadLettersAndTasksForAdminsAndOperators) {
  std::vector<OutboxEntry> entries = {{"1.0", 1, R"({"action":"kick","group":"qq:1","member":"qq:7"})"},
                                      {"1.1", 1, R"({"action":"task","group":"qq:1","text":"call them"})"}};
  ASSERT_TRUE(memory_.EnqueueActions(entries, nullptr).ok());
  ASSERT_TRUE(memory_.MarkFailed("1.0", "rejected: retcode 100 NOT_MANAGEABLE", 0, true).ok());
  ASSERT_TRUE(memory_.MarkTask("1.1", "task for an operator").ok());
  Reply none = Send(http::verb::get, "/v1/outbox/dead");
  EXPECT_EQ(none.status, 503u);  // no outbox wired into this Api yet
  api_->SetOutbox(&store_, nullptr);
  Reply dead = Send(http::verb::get, "/v1/outbox/dead?limit=10");
  ASSERT_EQ(dead.status, 200u) << dead.body;
  ASSERT_EQ(dead.json()["dead"].size(), 1u);
  EXPECT_EQ(dead.json()["dead"][0]["key"], "1.0");
  EXPECT_EQ(dead.json()["dead"][0]["why"], "rejected: retcode 100 NOT_MANAGEABLE");
  EXPECT_EQ(dead.json()["dead"][0]["action"]["action"], "kick");
  EXPECT_EQ(Send(http::verb::get, "/v1/outbox/dead", "", "", nullptr, testing::kOperatorCToken).status, 403u);
  Reply tasks = Send(http::verb::get, "/v1/outbox/tasks", "", "", nullptr, testing::kOperatorCToken);
  ASSERT_EQ(tasks.status, 200u) << tasks.body;
  EXPECT_EQ(tasks.json()["tasks"][0]["action"]["text"], "call them");
  EXPECT_EQ(Send(http::verb::get, "/v1/outbox/recent").json()["recent"].size(), 0u);
  EXPECT_EQ(Send(http::verb::get, "/v1/outbox/nope").status, 404u);
}

TEST_F(ApiTest, OutboxOutcomesCountTheLoggedDeliveryEvents) {
  Reply empty = Send(http::verb::get, "/v1/outbox/outcomes", "", "", nullptr, testing::kOperatorCToken);
  ASSERT_EQ(empty.status, 200u) << empty.body;
  EXPECT_EQ(empty.json()["outcomes"], nlohmann::json::object());
  EXPECT_EQ(Send(http::verb::get, "/v1/outbox/outcomes", "", "", nullptr, testing::kViewerCToken).status, 403u);
  EventParser parser;
  std::vector<Event> events;
  for (const char* line :
       {R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"qq:1","msg_id":"m1","key":"1.0","action":"send","outcome":"delivered","reason":"welcome"})",
        R"({"type":"delivery","ts":"2026-01-05T09:00:01+08:00","group":"qq:1","key":"1.1","action":"kick","outcome":"rejected","reason":"ad:contact","error":"no permission"})"}) {
    Event e;
    EventError err;
    ASSERT_TRUE(parser.Parse(line, &e, &err)) << err.ToString();
    events.push_back(e);
  }
  ASSERT_EQ(ingest_->SubmitAndWait(events).accepted, 2u);
  nlohmann::json got;
  for (int i = 0; i < 200; ++i) {  // durable first, applied a moment later
    got = Send(http::verb::get, "/v1/outbox/outcomes").json();
    if (got["outcomes"].value("rejected", 0) == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(got["outcomes"], (nlohmann::json{{"delivered", 1}, {"rejected", 1}}));
  EXPECT_EQ(got["by_reason"]["rejected"]["ad:contact"], 1);
}

}  // namespace
}  // namespace shoal
