// The WeCom callback receiver. GET (URL check): verify msg_signature over echostr, decrypt it,
// answer the plaintext. POST (events): read the envelope's Encrypt, verify the signature,
// decrypt, check the corp id, parse the customer-group change, hand its events to the sink
// and answer "success" only once they are durable. Every refusal says why and is counted.
// With a WecomApi (a secret configured), a join that arrives without State (WeCom often
// leaves it out) is looked up with groupchat/get before it is logged: the member's `state`
// becomes the join's `via` (the invite code) and their name its `name`. A failed lookup logs
// the join without them rather than losing it.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "adapters/wecom/wecom_api.h"
#include "adapters/wecom/wecom_event.h"
#include "shoal/adapter.h"

namespace shoal {

struct WecomOptions {
  std::string token;     // the callback Token set in the admin console
  std::string aes_key;   // EncodingAESKey (43 characters)
  std::string corp_id;   // receiveid: messages for another corp are refused
  std::string secret;    // for the server API (gettoken); "" = no API calls
  std::string api_base_url = "https://qyapi.weixin.qq.com";
};

// The signature query parameters of a callback (already URL-decoded).
struct WecomQuery {
  std::string msg_signature;
  std::string timestamp;
  std::string nonce;
  std::string echostr;  // GET only
};

struct WecomCounters {
  std::atomic<uint64_t> refused{0};   // bad signature, wrong corp, undecryptable, malformed
  std::atomic<uint64_t> changes{0};   // customer-group changes read
  std::atomic<uint64_t> ignored{0};   // callbacks that made no event
  std::atomic<uint64_t> events{0};
  std::atomic<uint64_t> lookups{0};         // groupchat/get calls for joins without State
  std::atomic<uint64_t> lookup_failures{0};
};

class WecomCallback {
 public:
  explicit WecomCallback(WecomOptions options);
  // Decodes the AES key; false with *why when the options cannot work.
  bool Init(std::string* why);

  using Reply = std::function<void(unsigned status, std::string body)>;
  // GET: 200 with the decrypted echostr, or 403/400 with the reason.
  void VerifyUrl(const WecomQuery& query, const Reply& reply);
  // POST: `sink` must outlive the call; reply may run later, on the sink's thread.
  void HandleEvent(const WecomQuery& query, std::string_view body, EventSink* sink, Reply reply);

  // The API used to look up joins without State; null = none. Must outlive the callback.
  void set_api(WecomApi* api) { api_ = api; }
  // Fills `via` (and an empty `name`) of the change's joins from groupchat/get, when some
  // lack a via and there is an API.
  void FillJoinStates(WecomChange* change);

  // The decrypted XML of a POST, or false with *why (shared by HandleEvent and tests).
  bool Open(const WecomQuery& query, std::string_view body, std::string* xml, std::string* why) const;

  WecomCounters& counters() { return counters_; }

 private:
  WecomOptions options_;
  std::string key_;
  WecomCounters counters_;
  WecomApi* api_ = nullptr;
};

}  // namespace shoal
