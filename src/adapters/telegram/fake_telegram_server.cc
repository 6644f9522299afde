#include "adapters/telegram/fake_telegram_server.h"

#include <algorithm>
#include <tuple>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/http_server.h"

namespace shoal {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

struct FakeTelegramServer::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
};

struct FakeTelegramServer::Connection {
  explicit Connection(asio::io_context& ioc) : socket(ioc) {}
  tcp::socket socket;
};

namespace {

std::string ErrorBody(int code, const std::string& description, json parameters = nullptr) {
  json body = {{"ok", false}, {"error_code", code}, {"description", description}};
  if (!parameters.is_null()) body["parameters"] = std::move(parameters);
  return body.dump();
}

std::string OkBody(json result) { return json{{"ok", true}, {"result", std::move(result)}}.dump(); }

}  // namespace

FakeTelegramServer::Failure FakeTelegramServer::RateLimited(int retry_after) {
  return {429, ErrorBody(429, "Too Many Requests: retry after " + std::to_string(retry_after),
                         {{"retry_after", retry_after}}), std::chrono::milliseconds(0)};
}
FakeTelegramServer::Failure FakeTelegramServer::ServerError() {
  return {500, ErrorBody(500, "Internal Server Error"), std::chrono::milliseconds(0)};
}
FakeTelegramServer::Failure FakeTelegramServer::Forbidden(const std::string& description) {
  return {403, ErrorBody(403, description), std::chrono::milliseconds(0)};
}
FakeTelegramServer::Failure FakeTelegramServer::Slow(std::chrono::milliseconds delay) {
  return {0, "", delay};  // status 0: the normal answer, late
}

FakeTelegramServer::FakeTelegramServer(std::string token) : impl_(std::make_unique<Impl>()), token_(std::move(token)) {}

FakeTelegramServer::~FakeTelegramServer() { Stop(); }

bool FakeTelegramServer::Start(std::string* why) {
  if (!OpenListener(impl_->acceptor, "127.0.0.1", 0, why)) return false;
  port_ = impl_->acceptor.local_endpoint().port();
  acceptor_thread_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void FakeTelegramServer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || !acceptor_thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  // Wake the blocking accept with a connection of our own.
  {
    asio::io_context ioc;
    tcp::socket poke(ioc);
    beast::error_code ec;
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)), ec);
  }
  acceptor_thread_.join();
  for (auto& t : connections_) t.join();
  connections_.clear();
}

std::string FakeTelegramServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeTelegramServer::AcceptLoop() {
  for (;;) {
    auto connection = std::make_unique<Connection>(impl_->ioc);
    beast::error_code ec;
    impl_->acceptor.accept(connection->socket, ec);
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    if (ec) continue;
    connections_.emplace_back([this, c = std::move(connection)]() mutable { Serve(std::move(c)); });
  }
}

void FakeTelegramServer::Serve(std::unique_ptr<Connection> connection) {
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  beast::error_code ec;
  http::read(connection->socket, buffer, req, ec);
  if (ec) return;
  std::string target(req.target());
  std::string prefix = "/bot" + token_ + "/";
  int status = 0;
  std::string body;
  if (target.compare(0, prefix.size(), prefix) != 0) {
    std::lock_guard<std::mutex> lock(mu_);
    ++unauthorized_;
    status = 401;
    body = ErrorBody(401, "Unauthorized");
  } else {
    std::string method = target.substr(prefix.size());
    json args = json::parse(req.body(), nullptr, /*allow_exceptions=*/false);
    if (args.is_discarded() || !args.is_object()) args = json::object();
    std::unique_lock<std::mutex> lock(mu_);
    calls_.push_back({method, args});
    cv_.notify_all();
    std::tie(status, body) = Answer(method, args, lock);
  }
  http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(false);
  res.body() = std::move(body);
  res.prepare_payload();
  http::write(connection->socket, res, ec);
  connection->socket.shutdown(tcp::socket::shutdown_both, ec);
}

std::pair<int, std::string> FakeTelegramServer::Answer(const std::string& method, const json& args,
                                                       std::unique_lock<std::mutex>& lock) {
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (!it->first.empty() && it->first != method) continue;
    Failure f = it->second;
    failures_.erase(it);
    if (f.delay.count() > 0) cv_.wait_for(lock, f.delay, [&] { return stopping_; });
    if (f.status != 0) return {f.status, f.body};
    break;  // a slow answer: carry on with the normal one
  }
  if (args.contains("chat_id") && args["chat_id"].is_number_integer()) {
    auto moved = migrated_.find(args["chat_id"].get<int64_t>());
    if (moved != migrated_.end()) {
      return {400, ErrorBody(400, "Bad Request: group chat was upgraded to a supergroup chat",
                             {{"migrate_to_chat_id", moved->second}})};
    }
  }
  if (method == "getUpdates") {
    int64_t offset = args.value("offset", int64_t{0});
    if (offset > confirmed_offset_) confirmed_offset_ = offset;
    while (!updates_.empty() && updates_.front()["update_id"].get<int64_t>() < offset) updates_.pop_front();
    // Long polling, capped so a stopping test never waits for a long timeout.
    int64_t timeout = std::min<int64_t>(args.value("timeout", int64_t{0}), 2);
    if (updates_.empty() && timeout > 0) {
      cv_.wait_for(lock, std::chrono::seconds(timeout), [&] { return stopping_ || !updates_.empty(); });
    }
    size_t limit = static_cast<size_t>(std::clamp<int64_t>(args.value("limit", int64_t{100}), 1, 100));
    json result = json::array();
    for (size_t i = 0; i < updates_.size() && i < limit; ++i) result.push_back(updates_[i]);
    return {200, OkBody(std::move(result))};
  }
  if (method == "sendMessage") {
    return {200, OkBody({{"message_id", next_message_id_++},
                         {"date", 0},
                         {"chat", {{"id", args.value("chat_id", int64_t{0})}}},
                         {"text", args.value("text", std::string())}})};
  }
  if (method == "createChatInviteLink") {
    std::string name = args.value("name", std::string());
    json link = {{"invite_link", "https://t.me/+fake" + std::to_string(next_message_id_++)},
                 {"creates_join_request", args.value("creates_join_request", false)},
                 {"is_primary", false},
                 {"is_revoked", false}};
    if (!name.empty()) link["name"] = name;
    return {200, OkBody(std::move(link))};
  }
  if (method == "revokeChatInviteLink") {
    // The revoked link as Telegram answers it (an unknown link would be a 400 there; tests
    // script that with FailNext).
    return {200, OkBody({{"invite_link", args.value("invite_link", std::string())},
                         {"creates_join_request", false},
                         {"is_primary", false},
                         {"is_revoked", true}})};
  }
  static const char* kTrueMethods[] = {"deleteMessage", "restrictChatMember", "banChatMember", "unbanChatMember",
                                       "setChatPermissions", "approveChatJoinRequest", "declineChatJoinRequest",
                                       "setWebhook"};
  for (const char* m : kTrueMethods) {
    if (method == m) return {200, OkBody(true)};
  }
  return {404, ErrorBody(404, "Not Found: method not found")};
}

void FakeTelegramServer::FailNext(const std::string& method, Failure failure) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.emplace_back(method, std::move(failure));
}

void FakeTelegramServer::Migrate(int64_t old_id, int64_t new_id) {
  std::lock_guard<std::mutex> lock(mu_);
  migrated_[old_id] = new_id;
}

int64_t FakeTelegramServer::PushUpdate(json update) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!update.contains("update_id")) update["update_id"] = next_update_id_++;
  int64_t id = update["update_id"].get<int64_t>();
  updates_.push_back(std::move(update));
  cv_.notify_all();
  return id;
}

std::vector<FakeTelegramServer::Call> FakeTelegramServer::Calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<FakeTelegramServer::Call> FakeTelegramServer::Calls(const std::string& method) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Call> out;
  for (const auto& c : calls_) {
    if (c.method == method) out.push_back(c);
  }
  return out;
}

bool FakeTelegramServer::WaitForCalls(const std::string& method, size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    size_t n = 0;
    for (const auto& c : calls_) n += c.method == method;
    return n >= count;
  });
}

int64_t FakeTelegramServer::confirmed_offset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return confirmed_offset_;
}

size_t FakeTelegramServer::unauthorized_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return unauthorized_;
}

}  // namespace shoal
