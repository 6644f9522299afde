// A loopback stand-in for the Telegram Bot API, for tests: Beast HTTP on 127.0.0.1 (port 0),
// POST /bot<token>/<method> with JSON bodies. It records every call, answers the methods the
// adapter uses (sendMessage, deleteMessage, restrictChatMember, banChatMember, unbanChatMember,
// setChatPermissions, approve/declineChatJoinRequest, create/revokeChatInviteLink, setWebhook, getUpdates), serves
// getUpdates from a queue with offset confirmation, and injects failures on demand: 429 with
// retry_after, 500, 403, slow answers, migrated chats.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace shoal {

class FakeTelegramServer {
 public:
  struct Call {
    std::string method;
    nlohmann::json body;
  };
  // One scripted answer: HTTP status + body, after `delay`.
  struct Failure {
    int status = 500;
    std::string body;
    std::chrono::milliseconds delay{0};
  };
  static Failure RateLimited(int retry_after);
  static Failure ServerError();
  static Failure Forbidden(const std::string& description);
  // Answers normally, but only after `delay` (a client with a shorter timeout gives up).
  static Failure Slow(std::chrono::milliseconds delay);

  explicit FakeTelegramServer(std::string token);
  ~FakeTelegramServer();

  bool Start(std::string* why);
  void Stop();
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // The next call of `method` ("" = any method) gets this answer instead of the normal one.
  void FailNext(const std::string& method, Failure failure);
  // Calls naming `old_id` as chat_id answer 400 with parameters.migrate_to_chat_id = new_id.
  void Migrate(int64_t old_id, int64_t new_id);
  // Queues an update for getUpdates; update_id is assigned (increasing) when absent.
  int64_t PushUpdate(nlohmann::json update);

  std::vector<Call> Calls() const;
  std::vector<Call> Calls(const std::string& method) const;
  // Waits until `method` has been called at least `count` times.
  bool WaitForCalls(const std::string& method, size_t count, std::chrono::milliseconds timeout) const;
  // The highest offset any getUpdates confirmed (updates below it are gone).
  int64_t confirmed_offset() const;
  size_t unauthorized_calls() const;

 private:
  void AcceptLoop();
  struct Connection;
  void Serve(std::unique_ptr<Connection> connection);
  // The answer to one call: HTTP status and JSON body.
  std::pair<int, std::string> Answer(const std::string& method, const nlohmann::json& body,
                                     std::unique_lock<std::mutex>& lock);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string token_;
  int port_ = 0;

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<Call> calls_;
  std::deque<std::pair<std::string, Failure>> failures_;
  std::map<int64_t, int64_t> migrated_;
  std::deque<nlohmann::json> updates_;
  int64_t next_update_id_ = 1000;
  int64_t confirmed_offset_ = 0;
  int64_t next_message_id_ = 1;
  size_t unauthorized_ = 0;
  std::thread acceptor_thread_;
  std::vector<std::thread> connections_;
};

}  // namespace shoal
