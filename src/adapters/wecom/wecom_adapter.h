// The WeCom customer-group adapter's outbound side. WeCom offers no server API to kick or mute
// external members, and a post into a customer group (add_msg_template) is only a task that
// the owner must confirm in the client: so sends need a human (sends_need_human) and Deliver
// answers Unsupported with the operator's instructions, which the dispatcher turns into a
// kTask. The request builder for a join way (群活码) ties a Shoal invite code to its `state`.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shoal/adapter.h"

namespace shoal {

const PlatformCapabilities& WecomCapabilities();
const PlatformLimits& WecomLimits();

class WecomAdapter final : public PlatformAdapter {
 public:
  std::string_view platform() const override { return "wecom"; }
  const PlatformCapabilities& capabilities() const override { return WecomCapabilities(); }
  const PlatformLimits& limits() const override { return WecomLimits(); }
  DeliveryResult Deliver(const Action& action) override;
};

struct JoinWaySpec {
  std::string code;                   // the Shoal invite code: becomes `state` (at most 30 characters)
  std::vector<std::string> groups;    // "wecom:<chat_id>", 1 to 5 existing customer groups
  std::string remark;
  bool auto_create_room = true;       // open a new group when these are full
  std::string room_base_name;         // name prefix of auto-created groups
  int64_t room_base_id = 0;           // first number of auto-created groups (0 = not sent)
};

// The body of POST externalcontact/groupchat/add_join_way (scene 2: a QR code). False with *why
// when WeCom would refuse it.
bool AddJoinWayRequest(const JoinWaySpec& spec, nlohmann::json* body, std::string* why);

}  // namespace shoal
