// A fake OneBot v11 implementation for tests and benchmarks (loopback only): it dials the
// engine's reverse WebSocket the way NapCat, Lagrange or go-cqhttp do (header variants are
// options), pushes event frames, records every API call it receives and answers them as
// scripted: ok (with a message_id), a retcode failure, no answer at all, or a disconnect.
// It can also vanish in the middle of a frame. get_login_info is answered with the account's
// id, as Koishi's adapter asks for it before it goes online. For benchmarks it keeps the
// steady-clock time each sent frame finished writing and each call arrived. Thread-safe.
//
// Server mode (Listen() instead of Connect()) plays the implementation's forward WebSocket
// and HTTP API servers on one port: it accepts Shoal's WebSocket (token checked go-cqhttp's
// way, 401/403 before the upgrade, or NapCat's, a retcode 1403 frame and a close), pushes
// events on it and answers calls as scripted, and answers POST /<action> with the same
// envelopes (or an HTTP 500, or by hanging up). It can refuse the next handshakes outright.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace shoal::onebot {

class FakeOneBotPeer {
 public:
  struct Options {
    int port = 0;  // Connect(): the engine's port; Listen(): the port to listen on (0 = any)
    int64_t self_id = 10001000;
    std::string authorization;  // the whole header value ("Bearer t", "Token t"); "" = none sent
    std::string target = "/onebot/v11/ws";
    bool send_connect = true;   // a lifecycle/connect frame first, as every implementation does
    // Server mode: the token Shoal must present (Authorization or ?access_token=); "" = none.
    std::string access_token;
    bool napcat_auth = false;   // a bad token is let in, told retcode 1403 and closed
  };
  // kServerError: the HTTP API answers 500 (on a WebSocket, no answer).
  enum class Answer : uint8_t { kOk, kFail, kNoAnswer, kDisconnect, kServerError };

  explicit FakeOneBotPeer(Options options);
  ~FakeOneBotPeer();

  // Dials 127.0.0.1:port and handshakes. False with *why (and refused_status()) if refused.
  bool Connect(std::string* why);
  unsigned refused_status() const { return refused_status_; }
  bool connected() const;

  // Server mode: listens on 127.0.0.1 (options.port, 0 = any). False with *why.
  bool Listen(std::string* why);
  int port() const;  // the port listened on
  void RefuseNext(int handshakes);  // answered 503 before the upgrade
  size_t handshakes() const;        // WebSockets accepted (a bad NapCat-style token included)
  size_t refusals() const;          // handshakes and HTTP calls refused (token, RefuseNext)
  bool WaitForHandshakes(size_t n, std::chrono::milliseconds timeout) const;
  bool WaitConnected(std::chrono::milliseconds timeout) const;

  void Send(std::string frame);
  // A group message event (array form) from `user` in `group`.
  void SendGroupMessage(int64_t group, int64_t user, int64_t message_id, const std::string& text,
                        const std::string& nickname = "member");
  void SendHeartbeat();
  // Sends the first half of a fragmented message, then drops the connection.
  void SendPartialThenDrop(std::string half);
  void Disconnect();

  // The next calls are answered so, in order; afterwards kOk.
  void Script(Answer answer, int retcode = 100, std::string msg = "NOT_MANAGEABLE");
  // Every call received: a WebSocket call as sent; an HTTP one as {"action","params","via":"http"}.
  std::vector<nlohmann::json> calls() const;
  // Waits until at least n calls were received (a condition wait, not a sleep).
  bool WaitForCalls(size_t n, std::chrono::milliseconds timeout) const;
  bool WaitDisconnected(std::chrono::milliseconds timeout) const;

  using Time = std::chrono::steady_clock::time_point;
  // When each frame passed to Send()/SendGroupMessage() left, in the order sent (heartbeats
  // included), and when each call arrived (same order as calls()).
  std::vector<Time> sent_times() const;
  std::vector<Time> call_times() const;
  size_t call_count() const;

 private:
  unsigned ProbeStatus() const;

  struct Impl;
  Options options_;
  unsigned refused_status_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shoal::onebot
