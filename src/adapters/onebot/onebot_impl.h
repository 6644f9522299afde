// Internal to the OneBot adapter (not for other modules): the state its transports share.
// The reverse WebSocket and HTTP POST listener (onebot_adapter.cc), the forward WebSocket
// dialer (forward_ws.cc) and the WebSocket connection they both hand frames through
// (ws_session.cc) meet here, so frame handling, echo matching and the at-most-once rules
// exist once whichever side dialed.
#pragma once
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

#include "adapters/onebot/http_api.h"
#include "adapters/onebot/onebot_adapter.h"

namespace shoal::onebot {

class WsSession;
class ForwardConnector;

// Noisy input is logged for its first few occurrences and then every thousandth.
inline bool ShouldLog(uint64_t count) { return count <= 10 || count % 1000 == 0; }

// One API call waiting for its answer; Deliver waits on it, the I/O threads fill it.
struct PendingCall {
  std::mutex mu;
  std::condition_variable cv;
  bool written = false;   // the frame left for the peer
  bool finished = false;  // answered, or will never be (write failed, socket closed)
  bool answered = false;
  DeliveryResult result;
  uint64_t conn_id = 0;

  void Finish(std::optional<DeliveryResult> answer) {
    std::lock_guard lock(mu);
    if (finished) return;
    finished = true;
    answered = answer.has_value();
    if (answer) result = std::move(*answer);
    cv.notify_all();
  }
};

// What a WebSocket frame turned out to be, for the connection that read it.
enum class FrameOutcome : uint8_t {
  kNone,         // handled here (an answer, a heartbeat, something refused and counted)
  kEvent,        // *event is for the engine
  kAuthRefused,  // the peer refused our token in a frame (NapCat: retcode 1401/1403, no echo)
};

struct OneBotAdapter::Impl {
  Impl(OneBotAdapter* owner, const OneBotOptions& options, EventSink* sink);
  ~Impl();

  void Accept();
  void Register(const std::shared_ptr<WsSession>& session);
  void Unregister(WsSession* session);
  FrameOutcome OnWsFrame(int64_t self_id, std::string_view frame, Event* event);
  // An answer frame; false when it matched no call in flight (*unmatched = its result).
  bool OnAnswer(std::string_view frame, DeliveryResult* unmatched = nullptr);
  // One HTTP POST body; done(status) once its event is durable or refused: 204 nothing to
  // retry, 400 malformed, 503 the store refused it.
  void OnEvent(std::string_view frame, int64_t self_id, std::function<void(unsigned)> done);
  // Parses and checks one pushed frame: 0 with *event for the engine, else the status to
  // answer a POST with (204 nothing to retry, 400 malformed).
  unsigned Take(std::string_view frame, int64_t self_id, Event* event);
  // Hands events to the sink; done(204 | 503) once they are durable or refused.
  void SubmitEvents(std::vector<Event> events, std::function<void(unsigned)> done);
  // 0 when the handshake may proceed, else the HTTP status to refuse it with.
  unsigned CheckHandshake(const boost::beast::http::request<boost::beast::http::string_body>& req, int64_t* self_id,
                          std::string* why);
  void FailCalls(uint64_t conn_id);
  uint64_t NextConnId();
  OneBotStats& Stats() { return owner->stats_; }

  OneBotAdapter* owner;
  const OneBotOptions& options;
  EventSink* sink;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  EventLimits limits;
  std::vector<std::shared_ptr<ForwardConnector>> connectors;  // one per `connect:` entry
  std::map<int64_t, HttpApiTarget> http_api;                  // account -> its HTTP API

  mutable std::mutex mu;
  std::map<int64_t, std::shared_ptr<WsSession>> conns;
  std::map<std::string, int64_t, std::less<>> group_account;
  std::map<std::string, std::shared_ptr<PendingCall>, std::less<>> pending;
  uint64_t next_conn_id = 0;
};

}  // namespace shoal::onebot
