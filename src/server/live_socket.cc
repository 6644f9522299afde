#include "server/live_socket.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace shoal {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class LiveSocket : public std::enable_shared_from_this<LiveSocket> {
 public:
  LiveSocket(tcp::socket socket, LiveFeed* feed) : ws_(std::move(socket)), feed_(feed) {}
  ~LiveSocket() {
    if (sub_) feed_->Unsubscribe(sub_.get());
  }

  void Start(HttpRequest req, std::vector<std::string> communities) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket's own timeouts take over
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "shoal"); }));
    std::weak_ptr<LiveSocket> weak = shared_from_this();
    auto executor = ws_.get_executor();
    // Called on the ingest writer thread: only posts, never touches the socket there.
    sub_ = feed_->Subscribe(std::move(communities), [weak, executor] {
      net::post(executor, [weak] {
        if (auto self = weak.lock()) self->Flush();
      });
    });
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->open_ = true;
      self->Flush();
      self->ReadLoop();
    });
  }

 private:
  // Reads (and ignores) client frames so pings, pongs and the close handshake are processed.
  void ReadLoop() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Finish();
      self->in_.clear();
      self->ReadLoop();
    });
  }

  void Flush() {
    if (!open_ || writing_ || closed_) return;
    if (pending_.empty()) {
      bool dropped = false;
      for (auto& line : sub_->Take(&dropped)) pending_.push_back(std::move(line));
      if (dropped) {
        closed_ = true;
        pending_.clear();
        ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "too slow: dropped"),
                        [self = shared_from_this()](beast::error_code) { self->Finish(); });
        return;
      }
      next_ = 0;
    }
    if (next_ >= pending_.size()) {
      pending_.clear();
      return;
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(pending_[next_]), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->writing_ = false;
      if (ec) return self->Finish();
      if (++self->next_ >= self->pending_.size()) self->pending_.clear();
      self->Flush();
    });
  }

  void Finish() {
    closed_ = true;
    if (sub_) feed_->Unsubscribe(sub_.get());
  }

  websocket::stream<beast::tcp_stream> ws_;
  LiveFeed* feed_;
  std::shared_ptr<LiveSubscriber> sub_;
  beast::flat_buffer in_;
  std::vector<std::string> pending_;
  size_t next_ = 0;
  bool open_ = false, writing_ = false, closed_ = false;
};

}  // namespace

void StartLiveSocket(tcp::socket socket, HttpRequest req, LiveFeed* feed, std::vector<std::string> communities) {
  auto s = std::make_shared<LiveSocket>(std::move(socket), feed);
  s->Start(std::move(req), std::move(communities));
}

}  // namespace shoal
