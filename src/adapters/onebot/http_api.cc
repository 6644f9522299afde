#include "adapters/onebot/http_api.h"

#include <nlohmann/json.hpp>

#include "adapters/onebot/onebot_codec.h"

namespace shoal::onebot {

namespace {

HttpApiCall Unanswered(bool message_call, const std::string& what) {
  HttpApiCall c;
  c.sent = c.unanswered = true;
  c.result = UnansweredCall(message_call, what);  // as on the WebSocket
  return c;
}

}  // namespace

HttpApiCall HttpApiOutcome(const HttpCallResult& r, bool message_call, std::string_view who) {
  const std::string from = "the HTTP API of account " + std::string(who);
  HttpApiCall c;
  if (!r.transport_ok) {
    if (r.request_sent) return Unanswered(message_call, "no answer from " + from + " (" + r.error + ")");
    c.result = DeliveryResult::Retry("not sent to " + from + ": " + r.error);
    return c;
  }
  c.sent = true;
  if (r.status == 200) {
    std::string echo;
    c.result = ParseResponse(r.body, &echo);
    // ParseResponse has no other kRetry: an answer it cannot read says nothing about the call.
    if (c.result.code == DeliveryResult::Code::kRetry) return Unanswered(message_call, "an unreadable answer from " + from);
    return c;
  }
  // OneBot's own refusals (http.md): the implementation did not act, and will not on a retry.
  switch (r.status) {
    case 400:
    case 401:
    case 403:
    case 406: {
      const char* what = r.status == 401 ? " (no access token)" : r.status == 403 ? " (access token refused)" : "";
      c.result = DeliveryResult::Rejected("retcode 1" + std::to_string(r.status) + what + " from " + from);
      return c;
    }
    case 404:
      c.result = DeliveryResult::Unsupported("retcode 1404 (unknown action) from " + from);
      return c;
    default:
      c.result = DeliveryResult::Retry("HTTP " + std::to_string(r.status) + " from " + from);
      return c;
  }
}

HttpApiCall CallHttpApi(const HttpApiTarget& target, std::string_view call_json, bool message_call,
                        std::string_view who, std::chrono::milliseconds timeout) {
  nlohmann::json call = nlohmann::json::parse(call_json, nullptr, false);
  HttpApiCall c;
  if (!call.is_object() || !call.contains("action") || !call["action"].is_string()) {
    c.result = DeliveryResult::Rejected("internal: not a OneBot call");
    return c;
  }
  std::vector<HttpHeader> headers;
  if (!target.access_token.empty()) headers.push_back({"Authorization", "Bearer " + target.access_token});
  nlohmann::json params = call.value("params", nlohmann::json::object());
  HttpCallResult r = HttpPost(target.base, "/" + call["action"].get<std::string>(), "application/json", params.dump(),
                              timeout, headers);
  return HttpApiOutcome(r, message_call, who);
}

}  // namespace shoal::onebot
