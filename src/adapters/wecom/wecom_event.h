// WeCom customer-group change callbacks (Event / InfoType change_external_chat) as canonical
// events: add_member -> a join per member, del_member -> a leave per member, in group
// "wecom:<ChatId>" for member "wecom:<userid>", dated CreateTime (or TimeStamp). A join way's
// State, when the callback carries it, is the join's `via` (the Shoal invite code). Group
// creation, dismissal and other changes produce no event; they are reported by kind so the
// caller can register new groups or count them.
#pragma once
#include <string>
#include <vector>

#include "adapters/wecom/wecom_xml.h"
#include "shoal/event.h"

namespace shoal {

struct WecomChange {
  // "create", "dismiss", "add_member", "del_member", "change_owner", "change_name",
  // "change_notice", or "" for a callback that is not a customer-group change.
  std::string kind;
  std::string chat_id;
  std::vector<Event> events;
  std::string member_version;  // CurMemVer: compare with groupchat/get's member_version
  std::string ignored;         // non-empty when the callback made no event: its Event/InfoType
};

// False with *why when a customer-group change lacks what it needs (ChatId, a time).
bool ParseWecomChange(const WecomXml& xml, WecomChange* out, std::string* why);

}  // namespace shoal
