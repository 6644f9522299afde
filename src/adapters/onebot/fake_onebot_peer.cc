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
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
  std::thread thread;
  struct Frame {
    std::string text;
    bool partial = false;  // sent as an unfinished fragment, then the connection is dropped
    bool pushed = false;   // an event frame from Send(), whose leaving time is kept
  };
  std::deque<Frame> out;  // on the io thread; one write at a time, as Beast requires

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

  void Read() {
    ws.async_read(buffer, [this](beast::error_code ec, size_t n) {
      if (ec) return Closed();
      std::string frame = beast::buffers_to_string(buffer.data());
      buffer.consume(n);
      OnCall(frame);
      Read();
    });
  }

  void OnCall(const std::string& frame) {
    auto arrived = std::chrono::steady_clock::now();
    json call = json::parse(frame, nullptr, false);
    Scripted s{Answer::kOk, 0, {}};
    json answer;
    {
      std::lock_guard lock(mu);
      calls.push_back(call);
      call_times.push_back(arrived);
      if (!script.empty()) {
        s = script.front();
        script.pop_front();
      }
      cv.notify_all();
      if (s.answer == Answer::kOk) {
        answer = {{"status", "ok"}, {"retcode", 0}, {"data", nullptr}, {"message", ""}};
        std::string action = call.value("action", "");
        if (action == "send_group_msg" || action == "send_private_msg")
          answer["data"] = {{"message_id", ++next_message_id}};
        else if (action == "get_login_info")
          answer["data"] = {{"user_id", self_id}, {"nickname", "shoal-bench"}};
      }
    }
    if (s.answer == Answer::kNoAnswer) return;
    if (s.answer == Answer::kDisconnect) return Drop();
    if (s.answer == Answer::kFail)  // go-cqhttp's shape: retcode 100 with msg and wording
      answer = {{"status", "failed"}, {"retcode", s.retcode}, {"data", nullptr}, {"msg", s.msg}, {"wording", "失败"}};
    if (call.is_object() && call.contains("echo")) answer["echo"] = call["echo"];
    Write(answer.dump());
  }

  void Write(std::string frame, bool partial = false, bool pushed = false) {
    out.push_back({std::move(frame), partial, pushed});
    if (out.size() == 1) WriteNext();
  }
  void WriteNext() {
    ws.text(true);
    auto done = [this](beast::error_code ec, size_t) {
      bool partial = out.front().partial;
      if (out.front().pushed && !ec) {
        std::lock_guard lock(mu);
        sent_times.push_back(std::chrono::steady_clock::now());
      }
      out.pop_front();
      if (partial) return Drop();
      if (ec) return Closed();
      if (!out.empty()) WriteNext();
    };
    if (out.front().partial) ws.async_write_some(false, net::buffer(out.front().text), done);
    else ws.async_write(net::buffer(out.front().text), done);
  }

  void Drop() {
    beast::error_code ec;
    ws.next_layer().close(ec);
    Closed();
  }
  void Closed() {
    std::lock_guard lock(mu);
    open = false;
    cv.notify_all();
  }
};

FakeOneBotPeer::FakeOneBotPeer(Options options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  impl_->self_id = options_.self_id;
}

FakeOneBotPeer::~FakeOneBotPeer() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool FakeOneBotPeer::Connect(std::string* why) {
  beast::error_code ec;
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(options_.port));
  impl_->ws.next_layer().connect(ep, ec);
  if (ec) {
    *why = "connect: " + ec.message();
    return false;
  }
  impl_->ws.next_layer().set_option(tcp::no_delay(true), ec);  // answers must not wait for an ACK
  const Options& o = options_;
  impl_->ws.set_option(websocket::stream_base::decorator([&o](websocket::request_type& req) {
    req.set("X-Self-ID", std::to_string(o.self_id));
    req.set("x-client-role", "Universal");  // NapCat's lower-case header name
    req.set(http::field::user_agent, "OneBot/11");
    if (!o.authorization.empty()) req.set(http::field::authorization, o.authorization);
  }));
  impl_->ws.handshake("127.0.0.1:" + std::to_string(o.port), o.target, ec);
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
  impl_->Read();
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

bool FakeOneBotPeer::connected() const {
  std::lock_guard lock(impl_->mu);
  return impl_->open;
}

void FakeOneBotPeer::Send(std::string frame) {
  net::post(impl_->ioc, [this, frame = std::move(frame)]() mutable {
    impl_->Write(std::move(frame), /*partial=*/false, /*pushed=*/true);
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
  net::post(impl_->ioc, [this, half = std::move(half)]() mutable { impl_->Write(std::move(half), /*partial=*/true); });
}

void FakeOneBotPeer::Disconnect() {
  net::post(impl_->ioc, [this] { impl_->Drop(); });
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
