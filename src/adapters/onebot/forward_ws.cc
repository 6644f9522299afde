#include "adapters/onebot/forward_ws.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace shoal::onebot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

bool ParseWsUrl(std::string_view url, HttpUrl* out, std::string* why) {
  size_t sep = url.find("://");
  std::string_view scheme = sep == std::string_view::npos ? std::string_view() : url.substr(0, sep);
  if (scheme == "wss") {
    *why = "wss:// is not supported yet; dial the implementation over loopback or a private network (ws://)";
    return false;
  }
  if (scheme != "ws") {
    *why = sep == std::string_view::npos ? "'" + std::string(url) + "' has no scheme (ws://host:port/)"
                                         : "scheme '" + std::string(scheme) + "' is not ws (a forward WebSocket is ws://host:port/)";
    return false;
  }
  // The rest is an HTTP URL's: the WebSocket handshake is an HTTP request to that address.
  if (!ParseHttpUrl("http://" + std::string(url.substr(sep + 3)), out, nullptr)) {
    *why = "'" + std::string(url) + "' has no usable host:port";
    return false;
  }
  out->scheme = "ws";
  return true;
}

ForwardConnector::ForwardConnector(OneBotAdapter::Impl* impl, OneBotEndpoint endpoint, HttpUrl url, uint64_t seed)
    : impl_(impl),
      endpoint_(std::move(endpoint)),
      url_(std::move(url)),
      strand_(net::make_strand(impl->ioc)),
      resolver_(strand_),
      timer_(strand_),
      backoff_(impl->options.reconnect_base, impl->options.reconnect_cap, seed) {}

void ForwardConnector::Start() {
  net::dispatch(strand_, [self = shared_from_this()] { self->Dial(); });
}

void ForwardConnector::Dial() {
  ++impl_->Stats().dials;
  ws_.emplace(strand_);
  resolver_.async_resolve(url_.host, url_.port, [self = shared_from_this()](beast::error_code ec,
                                                                             tcp::resolver::results_type endpoints) {
    if (ec) return self->Failed("resolve: " + ec.message());
    auto& lowest = beast::get_lowest_layer(*self->ws_);
    lowest.expires_after(std::chrono::seconds(10));
    lowest.async_connect(endpoints, [self](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return self->Failed("connect: " + ec.message());
      auto& lowest = beast::get_lowest_layer(*self->ws_);
      beast::error_code ignored;
      lowest.socket().set_option(tcp::no_delay(true), ignored);  // small frames, as on the reverse side
      // From here the WebSocket's own timeouts apply (Beast wants the stream's off).
      lowest.expires_never();
      self->ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      const std::string token = self->endpoint_.access_token;
      self->ws_->set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
        req.set(http::field::user_agent, "shoal/" SHOAL_VERSION);
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
      }));
      bool default_port = self->url_.port == "80";
      std::string host = default_port ? self->url_.host : self->url_.host + ":" + self->url_.port;
      std::string target = self->url_.prefix.empty() ? "/" : self->url_.prefix;
      auto res = std::make_shared<websocket::response_type>();
      self->ws_->async_handshake(*res, host, target, [self, res](beast::error_code ec) {
        if (ec == websocket::error::upgrade_declined) {
          unsigned status = res->result_int();
          return self->Failed("handshake refused (HTTP " + std::to_string(status) + ")" +
                              (status == 401 || status == 403 ? ": check the access_token of this connection" : ""));
        }
        if (ec) return self->Failed("handshake: " + ec.message());
        int64_t account = self->endpoint_.account;
        auto session = std::make_shared<WsSession>(
            std::move(*self->ws_), self->impl_, account, self->impl_->NextConnId(),
            [self](WsSession::Closed how) { net::post(self->strand_, [self, how] { self->Ended(how); }); });
        self->ws_.reset();
        spdlog::info("onebot: connected to {} (account {})", self->endpoint_.url, account);
        session->Open();
      });
    });
  });
}

void ForwardConnector::Failed(const std::string& why) {
  ++impl_->Stats().dial_failures;
  ws_.reset();
  int n = backoff_.failures() + 1;  // this failure, in a row
  if (ShouldLog(static_cast<uint64_t>(n)))
    spdlog::warn("onebot: cannot connect to {} (account {}): {}{}", endpoint_.url, endpoint_.account, why,
                 n > 1 ? " (" + std::to_string(n) + " times in a row)" : "");
  Later();
}

void ForwardConnector::Ended(WsSession::Closed how) {
  if (how.auth_refused) {
    ++impl_->Stats().dial_failures;  // the open connection was a refusal, not a success
  } else if (how.got_frames) {
    backoff_.Reset();  // it worked: come back quickly, a dropped connection is usually brief
  }
  Later();
}

void ForwardConnector::Later() {
  timer_.expires_after(backoff_.Next());
  timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->Dial();
  });
}

}  // namespace shoal::onebot
