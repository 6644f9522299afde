#include "adapters/onebot/ws_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace shoal::onebot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;

WsSession::WsSession(net::ip::tcp::socket&& socket, OneBotAdapter::Impl* impl, int64_t self_id, uint64_t id)
    : ws_(std::move(socket)), impl_(impl), self_id_(self_id), id_(id) {}

WsSession::WsSession(Stream&& stream, OneBotAdapter::Impl* impl, int64_t self_id, uint64_t id,
                     std::function<void(Closed)> on_closed)
    : ws_(std::move(stream)), impl_(impl), self_id_(self_id), id_(id), on_closed_(std::move(on_closed)), dialed_(true) {}

void WsSession::Accept(http::request<http::string_body> req) {
  ws_.read_message_max(impl_->options.max_frame_bytes);
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  auto shared = std::make_shared<http::request<http::string_body>>(std::move(req));
  ws_.async_accept(*shared, [self = shared_from_this(), shared](beast::error_code ec) {
    if (ec) return spdlog::warn("onebot: handshake with {} failed: {}", self->self_id_, ec.message());
    self->Started();
  });
}

void WsSession::Open() {
  ws_.read_message_max(impl_->options.max_frame_bytes);
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  net::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->Started(); });
}

void WsSession::Started() {
  impl_->Register(shared_from_this());
  Read();
}

void WsSession::Send(std::string frame, std::shared_ptr<PendingCall> call) {
  net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame), call = std::move(call)]() mutable {
    if (self->closed_) {
      if (call) call->Finish(std::nullopt);
      return;
    }
    self->queue_.push_back({std::move(frame), std::move(call)});
    if (self->queue_.size() == 1) self->Write();
  });
}

void WsSession::Close() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    self->closed_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(self->ws_).socket().close(ec);
  });
}

void WsSession::Read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t n) { self->OnRead(ec, n); });
}

void WsSession::OnRead(beast::error_code ec, size_t n) {
  OneBotStats& stats = impl_->Stats();
  if (ec) {
    if (ec == websocket::error::message_too_big) {
      uint64_t k = ++stats.oversized;
      if (ShouldLog(k))
        spdlog::warn("onebot: account {} sent a frame over {} bytes; closing", self_id_, impl_->options.max_frame_bytes);
    } else if (ec != websocket::error::closed && ec != net::error::operation_aborted && !how_.auth_refused) {
      spdlog::info("onebot: account {} disconnected: {}", self_id_, ec.message());
    }
    closed_ = true;
    Flush();  // what was read before the connection went is still the account's news
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    impl_->Unregister(this);  // a write in progress fails and fails the frames queued behind it
    if (on_closed_) std::exchange(on_closed_, nullptr)(how_);
    return;
  }
  auto data = buffer_.data();
  std::string_view frame(static_cast<const char*>(data.data()), data.size());
  Event event;
  FrameOutcome outcome = impl_->OnWsFrame(self_id_, frame, &event);
  buffer_.consume(n);
  if (outcome == FrameOutcome::kAuthRefused && dialed_) {
    // NapCat accepts the upgrade and then refuses the token in a frame: end the connection
    // as if the handshake had been refused; the reader above then reports it closed.
    how_.auth_refused = true;
    spdlog::warn("onebot: account {} refused our access token; check adapters.onebot.connect", self_id_);
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  } else {
    how_.got_frames = true;
  }
  if (outcome == FrameOutcome::kEvent) pending_.push_back(std::move(event));
  if (!pending_.empty()) {
    beast::error_code ec2;
    size_t waiting = beast::get_lowest_layer(ws_).socket().available(ec2);
    if (ec2 || waiting == 0 || pending_.size() >= impl_->options.coalesce_max) Flush();
  }
  Read();
}

void WsSession::Flush() {
  if (pending_.empty()) return;
  std::vector<Event> events;
  events.swap(pending_);
  impl_->SubmitEvents(std::move(events), nullptr);
}

void WsSession::Write() {
  ws_.text(true);
  ws_.async_write(net::buffer(queue_.front().frame), [self = shared_from_this()](beast::error_code ec, size_t) {
    auto call = std::move(self->queue_.front().call);
    self->queue_.pop_front();
    if (call) {
      if (ec) {
        call->Finish(std::nullopt);
      } else {
        std::lock_guard lock(call->mu);
        call->written = true;
      }
    }
    if (ec) {
      for (auto& out : self->queue_)
        if (out.call) out.call->Finish(std::nullopt);
      self->queue_.clear();
      self->closed_ = true;
      return;
    }
    if (!self->queue_.empty()) self->Write();
  });
}

}  // namespace shoal::onebot
