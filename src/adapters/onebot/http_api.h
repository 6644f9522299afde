// Internal to the OneBot adapter: one API call over an implementation's HTTP API
// (protocols.md §1.2.1): POST <url>/<action> with the call's params as the JSON body and
// `Authorization: Bearer <token>`. The answer becomes a DeliveryResult by the WebSocket
// path's rules, so the outbox sees one meaning whichever transport carried the call:
//   200 + envelope          ParseResponse (retcode != 0 rejected with its words, 1404 unsupported)
//   401/403/400/406, 404    as retcode 1401/1403/1400/1406 (rejected), 1404 (unsupported)
//   5xx, other statuses     kRetry: the implementation (or a proxy) failed before acting
//   not sent (refused, connect or write failed)   kRetry
//   sent, no readable answer (timeout, dropped, garbage)   uncertain: messages rejected
//     "uncertain: …" (never posted twice), idempotent moderation calls kRetry
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/http_client.h"
#include "shoal/adapter.h"

namespace shoal::onebot {

// An `http_api:` endpoint, its URL parsed once.
struct HttpApiTarget {
  HttpUrl base;
  std::string access_token;
};

struct HttpApiCall {
  DeliveryResult result;
  bool sent = false;        // the request was written
  bool unanswered = false;  // written, and no answer that says what happened
};

// The outcome of one exchange (r) for a call; `who` names the account in details.
HttpApiCall HttpApiOutcome(const HttpCallResult& r, bool message_call, std::string_view who);

// Sends `call_json` (ActionToCall's {"action","params","echo"}) and maps the answer.
HttpApiCall CallHttpApi(const HttpApiTarget& target, std::string_view call_json, bool message_call,
                        std::string_view who, std::chrono::milliseconds timeout);

}  // namespace shoal::onebot
