// The WeCom server API client: an access token from gettoken (corpid + the app's secret),
// cached until shortly before it expires and fetched again when WeCom answers 40014 (invalid
// token) or 42001 (expired), and the calls the adapter needs, such as
// externalcontact/groupchat/get. Blocking, one call at a time per client (calls are
// serialised), each within its timeout; thread-safe.
#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/http_client.h"
#include "shoal/adapter.h"
#include "shoal/time.h"

namespace shoal {

struct WecomApiOptions {
  std::string corp_id;
  std::string secret;  // the 客户联系 secret, or a self-built app's listed under 客户联系
  std::string base_url = "https://qyapi.weixin.qq.com";
  std::chrono::milliseconds call_timeout{2'000};  // a callback must be answered within 5 s
  Micros refresh_margin = 5 * kMicrosPerMinute;  // fetch a new token this long before it expires
};

// One member of a customer group, as groupchat/get lists it.
struct WecomGroupMember {
  std::string userid;
  int64_t type = 0;        // 1 = company member, 2 = external contact
  int64_t join_time = 0;   // unix seconds
  int64_t join_scene = 0;  // 1 invited directly, 2 through a link, 3 scanned the group QR code
  std::string state;       // the join way's state: the Shoal invite code
  std::string name;
};

class WecomApi {
 public:
  // `clock` decides when the cached token is stale; it must outlive the client.
  WecomApi(WecomApiOptions options, const Clock* clock);
  bool Init(std::string* why);

  // POST /cgi-bin/<path>?access_token=… with `body`. Delivered with *answer on errcode 0; a
  // stale token is replaced and the call made once more. Transport failures, -1 (busy) and
  // 45009 (rate) are Retry; other errcodes Rejected with errcode and errmsg.
  DeliveryResult Call(const std::string& path, const nlohmann::json& body, nlohmann::json* answer);
  // externalcontact/groupchat/get with need_name = 1.
  DeliveryResult GroupChat(const std::string& chat_id, std::vector<WecomGroupMember>* members);

  uint64_t tokens_fetched() const;

 private:
  DeliveryResult Token(std::string* token, bool fresh);

  WecomApiOptions options_;
  const Clock* clock_;
  HttpUrl base_;
  mutable std::mutex mu_;
  std::string token_;
  Micros token_expires_ = 0;
  uint64_t tokens_fetched_ = 0;
};

}  // namespace shoal
