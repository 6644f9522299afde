#include "adapters/wecom/wecom_adapter.h"

#include <string_view>

namespace shoal {

namespace {

// WeCom counts its limits in characters: the first `chars` of s, cut only before a UTF-8 lead byte.
std::string Utf8Prefix(std::string_view s, size_t chars) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == chars) return std::string(s.substr(0, i));
  }
  return std::string(s);
}

}  // namespace

const PlatformCapabilities& WecomCapabilities() {
  static const PlatformCapabilities kCaps = [] {
    PlatformCapabilities c;
    c.send_group = true;        // through a confirmed task only, see sends_need_human
    c.dm = false;
    c.delete_message = false;
    c.mute_timed = false;
    c.whole_mute = false;
    c.kick = false;
    c.ban = false;
    c.unban = false;
    c.approve_requests = false;
    c.create_group = false;     // auto_create_room of a join way opens groups; no direct call
    c.disband = false;
    c.set_card = false;
    c.sends_need_human = true;
    return c;
  }();
  return kCaps;
}

const PlatformLimits& WecomLimits() {
  // Nothing per second is published; the binding limit is 4 mass messages per group per month,
  // which only the person confirming each task can keep.
  static const PlatformLimits kLimits{1.0, 1, 10};
  return kLimits;
}

DeliveryResult WecomAdapter::Deliver(const Action& action) {
  std::string type(ActionTypeName(action.type));
  switch (action.type) {
    case ActionType::kSend:
    case ActionType::kAnnounce:
      return DeliveryResult::Unsupported(
          "wecom: a post into customer group " + action.group +
          " must be confirmed by its owner: send it from the WeCom client (or confirm the "
          "add_msg_template task); at most 4 such posts per group per month");
    default:
      return DeliveryResult::Unsupported("wecom: " + type +
                                         " has no server API for customer groups; the owner or an admin does it in the client");
  }
}

bool AddJoinWayRequest(const JoinWaySpec& spec, nlohmann::json* body, std::string* why) {
  auto fail = [&](std::string message) {
    if (why) *why = std::move(message);
    return false;
  };
  if (spec.code.empty() || Utf8Prefix(spec.code, 30) != spec.code) {
    return fail("join way: state '" + spec.code + "' must be 1 to 30 characters (WeCom's limit on `state`)");
  }
  if (spec.groups.empty() || spec.groups.size() > 5) {
    return fail("join way: needs 1 to 5 existing customer groups, got " + std::to_string(spec.groups.size()));
  }
  nlohmann::json chats = nlohmann::json::array();
  for (const std::string& g : spec.groups) {
    if (g.rfind("wecom:", 0) != 0 || g.size() == 6) return fail("join way: '" + g + "' is not a wecom:<chat_id> group");
    chats.push_back(g.substr(6));
  }
  if (Utf8Prefix(spec.room_base_name, 40) != spec.room_base_name) return fail("join way: room_base_name is over 40 characters");
  *body = {{"scene", 2}, {"auto_create_room", spec.auto_create_room ? 1 : 0}, {"chat_id_list", chats},
           {"state", spec.code}};
  if (!spec.remark.empty()) (*body)["remark"] = Utf8Prefix(spec.remark, 30);  // WeCom truncates it anyway
  if (spec.auto_create_room && !spec.room_base_name.empty()) (*body)["room_base_name"] = spec.room_base_name;
  if (spec.auto_create_room && spec.room_base_id > 0) (*body)["room_base_id"] = spec.room_base_id;
  return true;
}

}  // namespace shoal
