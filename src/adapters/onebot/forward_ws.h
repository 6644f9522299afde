// Internal to the OneBot adapter: the forward WebSocket dialer for one `connect:` entry.
// It keeps one connection to the implementation's WebSocket server open: resolve, connect,
// handshake with `Authorization: Bearer <token>`, then hand the stream to a WsSession under
// the configured account; when the attempt fails or the session ends it waits
// ReconnectBackoff and dials again, until the adapter stops.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "adapters/http_client.h"
#include "adapters/onebot/onebot_impl.h"
#include "adapters/onebot/reconnect_backoff.h"
#include "adapters/onebot/ws_session.h"

namespace shoal::onebot {

// "ws://host:port/path?query" -> scheme ws, host, port (80 when absent), prefix = the path
// and query ("" for none; the handshake then asks for "/"). Only ws://: a wss:// URL is
// refused with a reason (no TLS on this transport yet).
bool ParseWsUrl(std::string_view url, HttpUrl* out, std::string* why);

class ForwardConnector : public std::enable_shared_from_this<ForwardConnector> {
 public:
  // `url` is `endpoint.url` parsed by ParseWsUrl.
  ForwardConnector(OneBotAdapter::Impl* impl, OneBotEndpoint endpoint, HttpUrl url, uint64_t seed);
  void Start();  // dials now (on its strand)

 private:
  void Dial();
  void Failed(const std::string& why);
  void Ended(WsSession::Closed how);
  void Later();

  OneBotAdapter::Impl* impl_;
  OneBotEndpoint endpoint_;
  HttpUrl url_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer timer_;
  std::optional<WsSession::Stream> ws_;  // while a dial is in progress
  ReconnectBackoff backoff_;
};

}  // namespace shoal::onebot
