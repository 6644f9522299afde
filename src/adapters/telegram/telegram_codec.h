// Telegram Bot API <-> canonical shoal events and actions, as pure functions.
// ParseUpdate turns one Update object into events ("tg:<chat.id>" groups, "tg:<user.id>"
// members; a chat_member mute or lift is a restrict event, a removal a leave with `by`, and
// "kicked" adds "ban":true; Telegram reports no deletions, so no recall) or a counted "ignored" outcome, never a crash; PlanAction turns an action into
// the Bot API calls that perform it; InterpretResponse reads a Bot API answer as a
// DeliveryResult. Chat migrations (group -> supergroup) are state the caller owns.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "growth/invite_event.h"
#include "shoal/adapter.h"

namespace shoal {

// Old chat id -> new chat id, learnt from migrate_to_chat_id / migrate_from_chat_id service
// messages and from error answers carrying parameters.migrate_to_chat_id. Thread-safe: the
// inbound side records, the outbound side resolves.
class ChatMigrations {
 public:
  void Record(int64_t old_id, int64_t new_id);
  // The chat id to use now for `id` (follows chains; `id` itself when never migrated).
  int64_t Resolve(int64_t id) const;
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<int64_t, int64_t> to_;
};

// Invite links the bot created, keyed by the link URL, naming the Shoal invite code; joins
// through a link whose `name` is missing (or not a code) are attributed through this.
class InviteLinkBook {
 public:
  void Remember(std::string link, std::string code);
  std::string CodeFor(std::string_view link) const;  // "" when unknown

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string, std::less<>> codes_;
};

struct UpdateOptions {
  // When the bot asks for chat_member updates (poll mode does, and webhooks should), joins and
  // leaves come from them, with invite-link attribution; the new_chat_members /
  // left_chat_member service messages for the same change are then ignored, not counted twice.
  bool joins_from_chat_member = true;
  // The bot's own user id (the number before the token's colon): restrictions and removals it
  // made are marked by_self (shoal/staff_event.h). 0 = unknown, nothing is marked.
  int64_t bot_user_id = 0;
};

struct ParsedUpdate {
  int64_t update_id = 0;
  std::vector<Event> events;
  // Non-empty when the update produced no event on purpose: "edited_message", "private_message",
  // "callback_query", ... (counted by the transport).
  std::string ignored;
};

// One Update object. False with *why only when the update is malformed (not an object, no
// update_id, a known kind whose required fields are missing or mistyped).
bool ParseUpdate(const nlohmann::json& update, const UpdateOptions& options, ChatMigrations* migrations,
                 const InviteLinkBook* links, ParsedUpdate* out, std::string* why);
// The same from text (a webhook body); malformed JSON is an error with the parser's words.
bool ParseUpdateText(std::string_view json, const UpdateOptions& options, ChatMigrations* migrations,
                     const InviteLinkBook* links, ParsedUpdate* out, std::string* why);

// The update kinds the adapter asks for (getUpdates / setWebhook allowed_updates).
const std::vector<std::string>& AllowedUpdates();

// One Bot API call: POST <base>/bot<token>/<method> with a JSON body.
struct BotApiCall {
  std::string method;
  nlohmann::json body;
};

struct ActionPlan {
  std::vector<BotApiCall> calls;  // performed in order; the action succeeds if all do
  // Set when the action cannot be performed at all (unsupported, or bad ids): no calls.
  std::optional<DeliveryResult> outcome;
};

// `now` (unix seconds) places timed mutes (until_date). Groups and members resolve through
// `migrations`.
ActionPlan PlanAction(const Action& action, const ChatMigrations& migrations, int64_t now_unix);

// What a Telegram bot can do in groups, and Telegram's published flood limits.
const PlatformCapabilities& TelegramCapabilities();
const PlatformLimits& TelegramLimits();

// createChatInviteLink for one Shoal invite code: name = the code (attribution comes back as
// chat_member.invite_link.name), member_limit / expire_date from the code's limits. False with
// *why when the code cannot be a link name (over 32 characters) or the group is not a tg: id.
bool InviteLinkRequest(const InviteSpec& spec, const ChatMigrations& migrations, BotApiCall* out, std::string* why);
// revokeChatInviteLink for a link the bot made in `group` (a tg: id, resolved through
// `migrations`). False with *why when the group is not a tg: id or the link is empty.
bool RevokeInviteLinkRequest(const std::string& group, const std::string& link, const ChatMigrations& migrations,
                             BotApiCall* out, std::string* why);

// setWebhook for `url` with the secret token and AllowedUpdates(): without chat_member listed
// by name Telegram sends no member updates, and joins would go unseen.
BotApiCall SetWebhookCall(const std::string& url, const std::string& secret_token);

// A Bot API answer. 429 -> RateLimited(retry_after), 5xx -> Retry, other errors -> Rejected
// with the description. *migrated_to is set when the answer says the chat became a
// supergroup (parameters.migrate_to_chat_id).
DeliveryResult InterpretResponse(int http_status, std::string_view body, int64_t* migrated_to = nullptr,
                                 nlohmann::json* result = nullptr);

// "tg:-100123" -> -100123; false unless the id is tg: followed by a decimal integer.
bool TelegramIdOf(std::string_view id, int64_t* out);

}  // namespace shoal
