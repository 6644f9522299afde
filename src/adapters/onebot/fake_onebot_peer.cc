#include "adapters/onebot/fake_onebot_peer.h"

#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace shoal::onebot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;

struct FakeOneBotPeer::Impl {
  net::io_context ioc;
  std::thread thread;
  struct Frame {
    std::string text;
    bool partial = false;      // sent as an unfinished fragment, then the connection is dropped
    bool pushed = false;       // an event frame from Send(), whose leaving time is kept
    bool close_after = false;  // the connection is dropped once it has left
  };
  // One WebSocket; in server mode a reconnect brings a new one, and the old one's handlers
  // must not touch the new one's state.
  struct Conn {
    explicit Conn(net::io_context& ioc) : ws(ioc) {}
    explicit Conn(tcp::socket socket) : ws(std::move(socket)) {}
    websocket::stream<tcp::socket> ws;
    beast::flat_buffer buffer;
    std::deque<Frame> out;  // on the io thread; one write at a time, as Beast requires
  };
  std::shared_ptr<Conn> cur;  // the io thread's (and Connect's, before the thread starts)
  // Server mode.
  struct HttpConn {
    explicit HttpConn(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
  };
  tcp::acceptor acceptor{ioc};
  std::vector<std::shared_ptr<HttpConn>> held;  // scripted kNoAnswer over HTTP: never answered
  const Options* options = nullptr;

  mutable std::mutex mu;
  mutable std::condition_variable cv;
  bool open = false;
  struct Scripted {
    Answer answer;
    int retcode;
    std::string msg;
  };
  std::deque<Scripted> script;
  std::vector<json> calls;
  std::vector<std::chrono::steady_clock::time_point> call_times, sent_times;
  int64_t self_id = 0;
  int64_t next_message_id = 5000000;
  int refuse_next = 0;
  size_t handshakes = 0, refusals = 0;

  void Read(const std::shared_ptr<Conn>& c) {
    c->ws.async_read(c->buffer, [this, c](beast::error_code ec, size_t n) {
      if (ec) return Closed(c);
      std::string frame = beast::buffers_to_string(c->buffer.data());
      c->buffer.consume(n);
      OnCall(c, frame);
      Read(c);
    });
  }

  // Records a call and takes the next scripted answer; *answer is the envelope to send
  // (without echo) when it is kOk or kFail.
  Scripted Take(json call, json* answer) {
    auto arrived = std::chrono::steady_clock::now();
    Scripted s{Answer::kOk, 0, {}};
    std::lock_guard lock(mu);
    std::string action = call.is_object() ? call.value("action", "") : "";
    calls.push_back(std::move(call));
    call_times.push_back(arrived);
    if (!script.empty()) {
      s = script.front();
      script.pop_front();
    }
    cv.notify_all();
    if (s.answer == Answer::kOk) {
      *answer = {{"status", "ok"}, {"retcode", 0}, {"data", nullptr}, {"message", ""}};
      if (action == "send_group_msg" || action == "send_private_msg")
        (*answer)["data"] = {{"message_id", ++next_message_id}};
      else if (action == "get_login_info")
        (*answer)["data"] = {{"user_id", self_id}, {"nickname", "shoal-bench"}};
    } else if (s.answer == Answer::kFail) {  // go-cqhttp's shape: retcode 100 with msg and wording
      *answer = {{"status", "failed"}, {"retcode", s.retcode}, {"data", nullptr}, {"msg", s.msg}, {"wording", "失败"}};
    }
    return s;
  }

  void OnCall(const std::shared_ptr<Conn>& c, const std::string& frame) {
    json call = json::parse(frame, nullptr, false);
    json answer;
    Scripted s = Take(call, &answer);
    if (s.answer == Answer::kNoAnswer || s.answer == Answer::kServerError) return;
    if (s.answer == Answer::kDisconnect) return Drop(c);
    if (call.is_object() && call.contains("echo")) answer["echo"] = call["echo"];
    Write(c, {answer.dump()});
  }

  void Write(const std::shared_ptr<Conn>& c, Frame frame) {
    if (!c) return;
    c->out.push_back(std::move(frame));
    if (c->out.size() == 1) WriteNext(c);
  }
  void WriteNext(const std::shared_ptr<Conn>& c) {
    c->ws.text(true);
    auto done = [this, c](beast::error_code ec, size_t) {
      Frame& f = c->out.front();
      bool drop = f.partial || f.close_after;
      if (f.pushed && !ec) {
        std::lock_guard lock(mu);
        sent_times.push_back(std::chrono::steady_clock::now());
      }
      c->out.pop_front();
      if (drop) return Drop(c);
      if (ec) return Closed(c);
      if (!c->out.empty()) WriteNext(c);
    };
    if (c->out.front().partial) c->ws.async_write_some(false, net::buffer(c->out.front().text), done);
    else c->ws.async_write(net::buffer(c->out.front().text), done);
  }

  void Drop(const std::shared_ptr<Conn>& c) {
    if (!c) return;
    beast::error_code ec;
    c->ws.next_layer().close(ec);
    Closed(c);
  }
  void Closed(const std::shared_ptr<Conn>& c) {
    std::lock_guard lock(mu);
    if (c != cur) return;
    open = false;
    cv.notify_all();
  }

  // Server mode.
  void Accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto h = std::make_shared<HttpConn>(std::move(socket));
      http::async_read(h->socket, h->buffer, h->req, [this, h](beast::error_code ec, size_t) {
        if (ec) return;
        if (websocket::is_upgrade(h->req)) return Upgrade(h);
        ApiCall(h);
      });
      Accept();
    });
  }

  // 0 when the request carries the expected token, else 401 (none) or 403 (wrong).
  unsigned CheckToken(const http::request<http::string_body>& req) const {
    if (options->access_token.empty()) return 0;
    std::string auth(req[http::field::authorization]);
    std::string token = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "";
    std::string target(req.target());
    if (size_t q = target.find("access_token="); token.empty() && q != std::string::npos) token = target.substr(q + 13);
    if (token.empty()) return 401;
    return token == options->access_token ? 0 : 403;
  }

  void Respond(const std::shared_ptr<HttpConn>& h, unsigned status, std::string body) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    res->keep_alive(false);
    if (!body.empty()) res->set(http::field::content_type, "application/json");
    res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(h->socket, *res, [h, res](beast::error_code, size_t) {
      beast::error_code ignored;
      h->socket.shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  void Upgrade(const std::shared_ptr<HttpConn>& h) {
    unsigned status = CheckToken(h->req);
    {
      std::lock_guard lock(mu);
      if (refuse_next > 0) {
        --refuse_next;
        status = 503;
      }
      if (status != 0 && (status == 503 || !options->napcat_auth)) {
        ++refusals;
        cv.notify_all();
        return Respond(h, status, "");
      }
    }
    auto c = std::make_shared<Conn>(std::move(h->socket));
    c->ws.async_accept(h->req, [this, c, h, bad = status != 0](beast::error_code ec) {
      if (ec) return;
      if (bad) {  // NapCat: the upgrade succeeds, the token is refused in a frame
        {
          std::lock_guard lock(mu);
          ++handshakes;
          ++refusals;
          cv.notify_all();
        }
        json refuse = {{"status", "failed"}, {"retcode", 1403}, {"data", nullptr},
                       {"message", "token verify failed"}, {"wording", "token verify failed"}, {"echo", nullptr}};
        return Write(c, {refuse.dump(), false, false, /*close_after=*/true});
      }
      {
        std::lock_guard lock(mu);
        cur = c;
        open = true;
        ++handshakes;
        cv.notify_all();
      }
      Read(c);
      if (options->send_connect)
        Write(c, {json({{"time", 1715000000}, {"self_id", self_id}, {"post_type", "meta_event"},
                        {"meta_event_type", "lifecycle"}, {"sub_type", "connect"}})
                      .dump(),
                  false, true});
    });
  }

  void ApiCall(const std::shared_ptr<HttpConn>& h) {
    if (unsigned status = CheckToken(h->req)) {
      {
        std::lock_guard lock(mu);
        ++refusals;
      }
      return Respond(h, status, "");
    }
    std::string action(h->req.target());
    action = action.substr(1, action.find('?') == std::string::npos ? std::string::npos : action.find('?') - 1);
    json params = h->req.body().empty() ? json::object() : json::parse(h->req.body(), nullptr, false);
    json answer;
    Scripted s = Take({{"action", action}, {"params", params}, {"via", "http"}}, &answer);
    switch (s.answer) {
      case Answer::kOk:
      case Answer::kFail:
        return Respond(h, 200, answer.dump());
      case Answer::kServerError:
        return Respond(h, 500, "");
      case Answer::kNoAnswer:
        held.push_back(h);
        return;
      case Answer::kDisconnect: {
        beast::error_code ignored;
        h->socket.close(ignored);
        return;
      }
    }
  }
};

FakeOneBotPeer::FakeOneBotPeer(Options options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  impl_->self_id = options_.self_id;
  impl_->options = &options_;
}

FakeOneBotPeer::~FakeOneBotPeer() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool FakeOneBotPeer::Connect(std::string* why) {
  beast::error_code ec;
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(options_.port));
  impl_->cur = std::make_shared<Impl::Conn>(impl_->ioc);
  auto& ws = impl_->cur->ws;
  ws.next_layer().connect(ep, ec);
  if (ec) {
    *why = "connect: " + ec.message();
    return false;
  }
  ws.next_layer().set_option(tcp::no_delay(true), ec);  // answers must not wait for an ACK
  const Options& o = options_;
  ws.set_option(websocket::stream_base::decorator([&o](websocket::request_type& req) {
    req.set("X-Self-ID", std::to_string(o.self_id));
    req.set("x-client-role", "Universal");  // NapCat's lower-case header name
    req.set(http::field::user_agent, "OneBot/11");
    if (!o.authorization.empty()) req.set(http::field::authorization, o.authorization);
  }));
  ws.handshake("127.0.0.1:" + std::to_string(o.port), o.target, ec);
  if (ec) {
    // Beast does not hand back a declined upgrade's response: ask again over plain HTTP.
    refused_status_ = ProbeStatus();
    *why = "handshake refused (" + std::to_string(refused_status_) + "): " + ec.message();
    return false;
  }
  {
    std::lock_guard lock(impl_->mu);
    impl_->open = true;
  }
  impl_->Read(impl_->cur);
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  if (o.send_connect)
    Send(json({{"time", 1715000000}, {"self_id", o.self_id}, {"post_type", "meta_event"},
               {"meta_event_type", "lifecycle"}, {"sub_type", "connect"}})
             .dump());
  return true;
}

unsigned FakeOneBotPeer::ProbeStatus() const {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(options_.port)), ec);
  if (ec) return 0;
  http::request<http::empty_body> req{http::verb::get, options_.target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::connection, "upgrade");
  req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(http::field::sec_websocket_version, "13");
  req.set("X-Self-ID", std::to_string(options_.self_id));
  if (!options_.authorization.empty()) req.set(http::field::authorization, options_.authorization);
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (!ec) http::read(stream, buffer, res, ec);
  return ec ? 0 : res.result_int();
}

bool FakeOneBotPeer::Listen(std::string* why) {
  beast::error_code ec;
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(options_.port));
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    *why = "listen: " + ec.message();
    return false;
  }
  impl_->Accept();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  return true;
}

int FakeOneBotPeer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void FakeOneBotPeer::RefuseNext(int handshakes) {
  std::lock_guard lock(impl_->mu);
  impl_->refuse_next = handshakes;
}

size_t FakeOneBotPeer::handshakes() const {
  std::lock_guard lock(impl_->mu);
  return impl_->handshakes;
}

size_t FakeOneBotPeer::refusals() const {
  std::lock_guard lock(impl_->mu);
  return impl_->refusals;
}

bool FakeOneBotPeer::WaitForHandshakes(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->handshakes >= n; });
}

bool FakeOneBotPeer::WaitConnected(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->open; });
}

bool FakeOneBotPeer::connected() const {
  std::lock_guard lock(impl_->mu);
  return impl_->open;
}

void FakeOneBotPeer::Send(std::string frame) {
  net::post(impl_->ioc, [this, frame = std::move(frame)]() mutable {
    impl_->Write(impl_->cur, {std::move(frame), /*partial=*/false, /*pushed=*/true});
  });
}

void FakeOneBotPeer::SendGroupMessage(int64_t group, int64_t user, int64_t message_id, const std::string& text,
                                      const std::string& nickname) {
  json e = {{"time", 1715000000},
            {"self_id", options_.self_id},
            {"post_type", "message"},
            {"message_type", "group"},
            {"sub_type", "normal"},
            {"message_id", message_id},
            {"group_id", group},
            {"user_id", user},
            {"message", json::array({{{"type", "text"}, {"data", {{"text", text}}}}})},
            {"sender", {{"user_id", user}, {"nickname", nickname}, {"card", ""}}}};
  Send(e.dump());
}

void FakeOneBotPeer::SendHeartbeat() {
  Send(json({{"time", 1715000200}, {"self_id", options_.self_id}, {"post_type", "meta_event"},
             {"meta_event_type", "heartbeat"}, {"status", {{"online", true}, {"good", true}}}, {"interval", 30000}})
           .dump());
}

void FakeOneBotPeer::SendPartialThenDrop(std::string half) {
  net::post(impl_->ioc, [this, half = std::move(half)]() mutable { impl_->Write(impl_->cur, {std::move(half), /*partial=*/true}); });
}

void FakeOneBotPeer::Disconnect() {
  net::post(impl_->ioc, [this] { impl_->Drop(impl_->cur); });
}

void FakeOneBotPeer::Script(Answer answer, int retcode, std::string msg) {
  std::lock_guard lock(impl_->mu);
  impl_->script.push_back({answer, retcode, std::move(msg)});
}

std::vector<json> FakeOneBotPeer::calls() const {
  std::lock_guard lock(impl_->mu);
  return impl_->calls;
}

bool FakeOneBotPeer::WaitForCalls(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->calls.size() >= n; });
}

std::vector<FakeOneBotPeer::Time> FakeOneBotPeer::sent_times() const {
  std::lock_guard lock(impl_->mu);
  return impl_->sent_times;
}

std::vector<FakeOneBotPeer::Time> FakeOneBotPeer::call_times() const {
  std::lock_guard lock(impl_->mu);
  return impl_->call_times;
}

size_t FakeOneBotPeer::call_count() const {
  std::lock_guard lock(impl_->mu);
  return impl_->calls.size();
}

bool FakeOneBotPeer::WaitDisconnected(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return !impl_->open; });
}

}  // namespace shoal::onebot
