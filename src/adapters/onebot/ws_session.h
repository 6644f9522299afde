// Internal to the OneBot adapter: one open WebSocket to one QQ account, whichever side
// dialed (the implementation, reverse WS; or Shoal, forward WS). It reads frames and hands
// them to the adapter (events coalesced while more are already waiting in the socket),
// writes API calls one at a time in order, and tells a call whether its frame left. When
// the socket goes it unregisters, which fails the calls still waiting on it, and then runs
// `on_closed` (the forward dialer's cue to reconnect).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "adapters/onebot/onebot_impl.h"

namespace shoal::onebot {

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  using Stream = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  struct Closed {
    bool auth_refused = false;  // the peer refused our token in a frame
    bool got_frames = false;    // at least one frame was read before the end
  };

  // A socket whose upgrade request was read and checked; Accept() completes the handshake.
  WsSession(boost::asio::ip::tcp::socket&& socket, OneBotAdapter::Impl* impl, int64_t self_id, uint64_t id);
  // A stream whose client handshake is done; Open() starts it.
  WsSession(Stream&& stream, OneBotAdapter::Impl* impl, int64_t self_id, uint64_t id,
            std::function<void(Closed)> on_closed);

  int64_t self_id() const { return self_id_; }
  uint64_t id() const { return id_; }

  void Accept(boost::beast::http::request<boost::beast::http::string_body> req);
  void Open();
  // Any thread: queues a frame; `call` (may be null) learns whether it left.
  void Send(std::string frame, std::shared_ptr<PendingCall> call);
  void Close();

 private:
  struct Outgoing {
    std::string frame;
    std::shared_ptr<PendingCall> call;
  };

  void Started();
  void Read();
  void OnRead(boost::beast::error_code ec, size_t n);
  void Flush();
  void Write();

  Stream ws_;
  boost::beast::flat_buffer buffer_;
  OneBotAdapter::Impl* impl_;
  int64_t self_id_;
  uint64_t id_;
  std::function<void(Closed)> on_closed_;
  bool dialed_ = false;  // Shoal opened it (forward WS)
  Closed how_;
  std::deque<Outgoing> queue_;  // on the session's strand
  std::vector<Event> pending_;  // events read, not yet handed to the sink
  bool closed_ = false;
};

}  // namespace shoal::onebot
