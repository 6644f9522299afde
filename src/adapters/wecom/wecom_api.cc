#include "adapters/wecom/wecom_api.h"

#include <cctype>
#include <optional>

#include "core/unix_time.h"

namespace shoal {

namespace {

using nlohmann::json;

constexpr int64_t kInvalidToken = 40014;
constexpr int64_t kExpiredToken = 42001;
constexpr int64_t kBusy = -1;
constexpr int64_t kRateLimited = 45009;

// %-encodes a query value (ids and secrets are mostly letters, digits, '-' and '_').
std::string QueryValue(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// errcode of a WeCom answer, or nullopt when the body is not one.
std::optional<int64_t> ErrCode(const json& answer) {
  if (!answer.is_object()) return std::nullopt;
  auto it = answer.find("errcode");
  if (it == answer.end()) return int64_t{0};  // some answers omit it on success
  if (!it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

DeliveryResult FromHttp(const std::string& what, const HttpCallResult& http, json* answer) {
  if (!http.transport_ok) return DeliveryResult::Retry(what + ": " + http.error);
  if (http.status >= 500) return DeliveryResult::Retry(what + ": HTTP " + std::to_string(http.status));
  *answer = json::parse(http.body, nullptr, /*allow_exceptions=*/false);
  if (!ErrCode(*answer)) return DeliveryResult::Rejected(what + ": HTTP " + std::to_string(http.status) + " without a WeCom answer");
  return DeliveryResult::Delivered();
}

DeliveryResult FromErrCode(const std::string& what, int64_t code, const json& answer) {
  std::string words = what + ": errcode " + std::to_string(code) + " " + answer.value("errmsg", std::string());
  if (code == kBusy) return DeliveryResult::Retry(words);
  if (code == kRateLimited) return DeliveryResult::RateLimited(60 * kMicrosPerSecond, words);
  return DeliveryResult::Rejected(words);
}

}  // namespace

WecomApi::WecomApi(WecomApiOptions options, const Clock* clock) : options_(std::move(options)), clock_(clock) {}

bool WecomApi::Init(std::string* why) {
  if (options_.corp_id.empty() || options_.secret.empty()) {
    if (why) *why = "the WeCom API needs corp_id and secret";
    return false;
  }
  return ParseHttpUrl(options_.base_url, &base_, why);
}

uint64_t WecomApi::tokens_fetched() const {
  std::lock_guard lock(mu_);
  return tokens_fetched_;
}

DeliveryResult WecomApi::Token(std::string* token, bool fresh) {
  Micros now = clock_->Now();
  if (!fresh && !token_.empty() && now < token_expires_ - options_.refresh_margin) {
    *token = token_;
    return DeliveryResult::Delivered();
  }
  HttpCallResult http = HttpGet(base_, "/cgi-bin/gettoken?corpid=" + QueryValue(options_.corp_id) +
                                           "&corpsecret=" + QueryValue(options_.secret),
                                options_.call_timeout);
  json answer;
  DeliveryResult r = FromHttp("gettoken", http, &answer);
  if (r.code != DeliveryResult::Code::kDelivered) return r;
  int64_t code = *ErrCode(answer);
  if (code != 0) return FromErrCode("gettoken", code, answer);
  std::string fetched = answer.value("access_token", std::string());
  int64_t expires_in = answer.value("expires_in", int64_t{7200});
  if (fetched.empty()) return DeliveryResult::Rejected("gettoken: the answer had no access_token");
  token_ = fetched;
  token_expires_ = now + MicrosFromUnixSeconds(expires_in);
  ++tokens_fetched_;
  *token = token_;
  return DeliveryResult::Delivered();
}

DeliveryResult WecomApi::Call(const std::string& path, const json& body, json* answer) {
  std::lock_guard lock(mu_);
  bool fresh = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string token;
    DeliveryResult r = Token(&token, fresh);
    if (r.code != DeliveryResult::Code::kDelivered) return r;
    HttpCallResult http = HttpPost(base_, "/cgi-bin/" + path + "?access_token=" + QueryValue(token), "application/json",
                                   body.dump(), options_.call_timeout);
    r = FromHttp(path, http, answer);
    if (r.code != DeliveryResult::Code::kDelivered) return r;
    int64_t code = *ErrCode(*answer);
    if (code == 0) return r;
    if ((code == kInvalidToken || code == kExpiredToken) && attempt == 0) {
      fresh = true;  // revoked or expired early (another process fetched one): ask again, once
      continue;
    }
    return FromErrCode(path, code, *answer);
  }
  return DeliveryResult::Retry(path + ": the token was refused twice");
}

DeliveryResult WecomApi::GroupChat(const std::string& chat_id, std::vector<WecomGroupMember>* members) {
  json answer;
  DeliveryResult r = Call("externalcontact/groupchat/get", {{"chat_id", chat_id}, {"need_name", 1}}, &answer);
  if (r.code != DeliveryResult::Code::kDelivered) return r;
  members->clear();
  const json& chat = answer.contains("group_chat") ? answer["group_chat"] : json();
  if (!chat.is_object() || !chat.contains("member_list") || !chat["member_list"].is_array())
    return DeliveryResult::Rejected("groupchat/get: the answer had no group_chat.member_list");
  for (const json& m : chat["member_list"]) {
    if (!m.is_object() || !m.contains("userid") || !m["userid"].is_string()) continue;
    WecomGroupMember member;
    member.userid = m["userid"].get<std::string>();
    auto num = [&](const char* key) -> int64_t {
      return m.contains(key) && m[key].is_number_integer() ? m[key].get<int64_t>() : 0;
    };
    auto str = [&](const char* key) -> std::string {
      return m.contains(key) && m[key].is_string() ? m[key].get<std::string>() : std::string();
    };
    member.type = num("type");
    member.join_time = num("join_time");
    member.join_scene = num("join_scene");
    member.state = str("state");
    member.name = str("name");
    members->push_back(std::move(member));
  }
  return r;
}

}  // namespace shoal
