// A dashboard server for tests (header-only, not part of the product): ingest, API, live feed
// and HTTP server in-process on 127.0.0.1, a config with two communities, a staff account,
// moderation keywords, one planned post (2026-01-20 10:00, to every group) and the test tokens,
// and a request helper that sends any headers.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "server/api.h"
#include "server/http_server.h"
#include "server/live_feed.h"
#include "server/server_testing.h"
#include "store/memory_store.h"

namespace shoal::testing {

inline std::shared_ptr<const Config> DashboardConfig() {
  std::string yaml = "tenant: t\ntimezone: Asia/Shanghai\nstore: {kind: memory}\nstaff: [\"qq:900\"]\n"
                     "server:\n  token_rate: 1000\n  tokens:\n" + TestTokensYaml() +
                     "features:\n  moderation:\n    keywords: [\"外挂\"]\n    rule_ladder: [{action: warn}]\n"
                     "  analytics:\n    funnels:\n      - {name: join_to_paid, steps: [join, paid]}\n"
                     "  plan:\n    entries:\n      - {id: hello, on: \"2026-01-20 10:00\", to: [all], text: \"Welcome to {group}\"}\n" +
                     TestCommunitiesYaml();
  return ConfigFromYaml(yaml);
}

// A message event at minute m of 2026-01-05 (Shanghai time).
inline std::string ChatJson(int m, const std::string& group, const std::string& member, const std::string& text,
                            const std::string& msg_id) {
  char ts[64];
  std::snprintf(ts, sizeof ts, "2026-01-05T%02d:%02d:00+08:00", 9 + m / 60, m % 60);
  return nlohmann::json{{"type", "message"}, {"ts", ts}, {"group", group}, {"member", member}, {"name", member},
                        {"text", text}, {"msg_id", msg_id}}.dump();
}

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class DashboardServer {
 public:
  explicit DashboardServer(const Clock* clock = nullptr) : config_(DashboardConfig()), live_(config_.get(), 8) {
    StoreStatus st;
    IngestOptions options;
    options.on_applied = [this](const Event& e, const std::vector<Action>& a) { live_.Publish(e, a); };
    ingest_ = Ingest::Start(config_, &store_, options, &metrics_, nullptr, &st);
    EXPECT_TRUE(ingest_) << st.ToString();
    api_ = std::make_unique<Api>(ingest_.get(), config_.get(), &metrics_, &audit_, clock);
    api_->SetLiveFeed(&live_);
    server_ = std::make_unique<HttpServer>(api_.get(), HttpOptions{});
    std::string why;
    EXPECT_TRUE(server_->Listen("127.0.0.1", 0, &why)) << why;
    server_->Start();
  }
  ~DashboardServer() {
    ingest_->Stop();
    server_->Stop();
  }

  HttpReply Send(boost::beast::http::verb verb, const std::string& target, const std::string& body = "",
                 const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    boost::asio::io_context ioc;
    boost::beast::tcp_stream stream(ioc);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port())});
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (verb == http::verb::post && !headers.count("Content-Type")) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    boost::beast::flat_buffer buf;
    http::response<http::string_body> res;
    boost::beast::error_code ec;
    http::read(stream, buf, res, ec);
    if (ec) return {0, ec.message(), {}};
    HttpReply out{res.result_int(), res.body(), {}};
    for (const auto& f : res) out.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    return out;
  }
  // Posts events with the owner token; true when all were accepted. The answer comes once the
  // events are durable, before the engine applies them: wait for that too, so reads see them.
  bool Post(const std::string& jsonl) {
    auto r = Send(boost::beast::http::verb::post, "/v1/events", jsonl,
                  {{"Authorization", "Bearer " + kOwnerToken}, {"Content-Type", "application/x-ndjson"}});
    if (r.status != 200 || r.json()["rejected"] != 0) return false;
    WaitApplied(r.json()["accepted"].get<int64_t>());
    return true;
  }
  // Waits (up to a minute: a loaded machine) until `more` further events have been applied.
  void WaitApplied(int64_t more) {
    applied_ += more;
    for (int i = 0; i < 6000; ++i) {
      nlohmann::json report;
      ingest_->Report(report);
      if (report.value("events_applied", int64_t{0}) >= applied_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "events not applied within a minute";
  }

  int port() const { return server_->port(); }
  Api* api() { return api_.get(); }
  LiveFeed* live() { return &live_; }
  AuditLog* audit() { return &audit_; }
  const Config& config() const { return *config_; }

 private:
  std::shared_ptr<const Config> config_;
  LiveFeed live_;
  MemoryStore store_;
  Metrics metrics_;
  AuditLog audit_{""};
  std::unique_ptr<Ingest> ingest_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  int64_t applied_ = 0;
};

inline std::map<std::string, std::string> Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace shoal::testing
