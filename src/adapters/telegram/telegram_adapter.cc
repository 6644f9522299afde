#include "adapters/telegram/telegram_adapter.h"

#include <charconv>

namespace shoal {

TelegramAdapter::TelegramAdapter(TelegramOptions options, const Clock* clock)
    : options_(std::move(options)), clock_(clock) {}

bool TelegramAdapter::Init(std::string* why) {
  if (options_.token.empty()) {
    if (why) *why = "token: missing (the bot token from @BotFather)";
    return false;
  }
  if (!ParseHttpUrl(options_.base_url, &base_, why)) return false;
  // A bot token is "<bot user id>:<secret>": the id tells the bot's own moderation apart.
  if (options_.updates.bot_user_id == 0) {
    std::string_view t = options_.token;
    int64_t id = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
    if (ec == std::errc() && end != t.data() + t.size() && *end == ':' && id > 0) options_.updates.bot_user_id = id;
  }
  return true;
}

DeliveryResult TelegramAdapter::Call(const BotApiCall& call, nlohmann::json* result, std::chrono::milliseconds timeout,
                                     int64_t* migrated_to) {
  if (timeout.count() <= 0) timeout = options_.call_timeout;
  HttpCallResult http = HttpPost(base_, "/bot" + options_.token + "/" + call.method, "application/json",
                                 call.body.dump(), timeout);
  if (!http.transport_ok) return DeliveryResult::Retry(call.method + ": " + http.error);
  return InterpretResponse(http.status, http.body, migrated_to, result);
}

DeliveryResult TelegramAdapter::Deliver(const Action& action) {
  int64_t now = clock_ ? clock_->Now() / kMicrosPerSecond : 0;
  ActionPlan plan = PlanAction(action, migrations_, now);
  if (plan.outcome) return *plan.outcome;
  DeliveryResult last = DeliveryResult::Delivered();
  for (BotApiCall& call : plan.calls) {
    int64_t migrated_to = 0;
    last = Call(call, nullptr, {}, &migrated_to);
    if (migrated_to != 0 && call.body.contains("chat_id") && call.body["chat_id"].is_number_integer()) {
      // The group became a supergroup: remember it, so this and every later action go there.
      migrations_.Record(call.body["chat_id"].get<int64_t>(), migrated_to);
      call.body["chat_id"] = migrated_to;
      last = Call(call);
    }
    if (last.code != DeliveryResult::Code::kDelivered) return last;
  }
  return last;
}

DeliveryResult TelegramAdapter::CreateInviteLink(const InviteSpec& spec, std::string* link) {
  BotApiCall call;
  std::string why;
  if (!InviteLinkRequest(spec, migrations_, &call, &why)) return DeliveryResult::Rejected(why);
  nlohmann::json result;
  DeliveryResult r = Call(call, &result);
  if (r.code != DeliveryResult::Code::kDelivered) return r;
  std::string url = result.is_object() ? result.value("invite_link", std::string()) : std::string();
  if (url.empty()) return DeliveryResult::Retry("createChatInviteLink: the answer had no invite_link");
  links_.Remember(url, spec.code);
  r.platform_ref = url;
  if (link) *link = url;
  return r;
}

DeliveryResult TelegramAdapter::RevokeInviteLink(const std::string& group, const std::string& link) {
  BotApiCall call;
  std::string why;
  if (!RevokeInviteLinkRequest(group, link, migrations_, &call, &why)) return DeliveryResult::Rejected(why);
  // The book keeps the link: a join request sent through it before the revoke still names its code.
  return Call(call);
}

DeliveryResult TelegramAdapter::RegisterWebhook() {
  if (options_.webhook_url.empty()) return DeliveryResult::Rejected("no webhook_url configured");
  return Call(SetWebhookCall(options_.webhook_url, options_.secret_token));
}

bool TelegramAdapter::Absorb(const nlohmann::json& update, std::vector<Event>* events, int64_t* update_id,
                             std::string* why) {
  ParsedUpdate parsed;
  if (!ParseUpdate(update, options_.updates, &migrations_, &links_, &parsed, why)) {
    ++counters_.malformed;
    *update_id = parsed.update_id;
    return false;
  }
  ++counters_.updates;
  *update_id = parsed.update_id;
  if (parsed.events.empty()) ++counters_.ignored;
  counters_.events += parsed.events.size();
  for (Event& e : parsed.events) events->push_back(std::move(e));
  return true;
}

}  // namespace shoal
