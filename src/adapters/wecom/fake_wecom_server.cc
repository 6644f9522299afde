#include "adapters/wecom/fake_wecom_server.h"

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

struct FakeWecomServer::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
};

namespace {

std::string Param(const std::string& query, const std::string& name) {
  size_t at = 0;
  while (at < query.size()) {
    size_t amp = query.find('&', at);
    std::string pair = query.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    if (amp == std::string::npos) break;
    at = amp + 1;
  }
  return "";
}

std::string Err(int code, const std::string& msg) { return json{{"errcode", code}, {"errmsg", msg}}.dump(); }

}  // namespace

FakeWecomServer::FakeWecomServer(std::string corp_id, std::string secret)
    : impl_(std::make_unique<Impl>()), corp_id_(std::move(corp_id)), secret_(std::move(secret)) {}

FakeWecomServer::~FakeWecomServer() { Stop(); }

bool FakeWecomServer::Start(std::string* why) {
  if (!OpenListener(impl_->acceptor, "127.0.0.1", 0, why)) return false;
  port_ = impl_->acceptor.local_endpoint().port();
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void FakeWecomServer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || !acceptor_.joinable()) return;
    stopping_ = true;
  }
  asio::io_context ioc;  // wake the blocking accept
  tcp::socket poke(ioc);
  beast::error_code ec;
  poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)), ec);
  acceptor_.join();
}

std::string FakeWecomServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeWecomServer::SetGroup(const std::string& chat_id, json group_chat) {
  std::lock_guard lock(mu_);
  groups_[chat_id] = std::move(group_chat);
}

void FakeWecomServer::ExpireTokens(int errcode) {
  std::lock_guard lock(mu_);
  for (const auto& t : issued_) refused_[t] = errcode;
}

std::vector<FakeWecomServer::Call> FakeWecomServer::Calls(const std::string& path) const {
  std::lock_guard lock(mu_);
  std::vector<Call> out;
  for (const auto& c : calls_)
    if (path.empty() || c.path == path) out.push_back(c);
  return out;
}

void FakeWecomServer::AcceptLoop() {
  for (;;) {
    tcp::socket socket(impl_->ioc);
    beast::error_code ec;
    impl_->acceptor.accept(socket, ec);
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (!ec) ServeOne(&socket);  // one client at a time is all the tests need
  }
}

void FakeWecomServer::ServeOne(void* raw) {
  tcp::socket& socket = *static_cast<tcp::socket*>(raw);
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  beast::error_code ec;
  http::read(socket, buffer, req, ec);
  if (ec) return;
  std::string target(req.target());
  size_t q = target.find('?');
  std::string path = target.substr(0, q);
  std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  auto [status, body] = Answer(path, query, req.body());
  http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(false);
  res.body() = std::move(body);
  res.prepare_payload();
  http::write(socket, res, ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

std::pair<int, std::string> FakeWecomServer::Answer(const std::string& path, const std::string& query,
                                                    const std::string& body) {
  std::lock_guard lock(mu_);
  json args = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) args = json::object();
  std::string token = Param(query, "access_token");
  calls_.push_back({path, token, args});
  if (path == "/cgi-bin/gettoken") {
    if (Param(query, "corpid") != corp_id_ || Param(query, "corpsecret") != secret_)
      return {200, Err(40001, "invalid credential")};
    std::string fresh = "tok-" + std::to_string(next_token_++);
    issued_.insert(fresh);
    return {200, json{{"errcode", 0}, {"errmsg", "ok"}, {"access_token", fresh}, {"expires_in", 7200}}.dump()};
  }
  if (!issued_.count(token)) return {200, Err(40014, "invalid access_token")};
  if (auto it = refused_.find(token); it != refused_.end())
    return {200, Err(it->second, it->second == 42001 ? "access_token expired" : "invalid access_token")};
  if (path == "/cgi-bin/externalcontact/groupchat/get") {
    std::string chat = args.value("chat_id", std::string());
    auto it = groups_.find(chat);
    if (it == groups_.end()) return {200, Err(40050, "chatid not exist")};
    return {200, json{{"errcode", 0}, {"errmsg", "ok"}, {"group_chat", it->second}}.dump()};
  }
  return {404, Err(404, "no such api")};
}

}  // namespace shoal
