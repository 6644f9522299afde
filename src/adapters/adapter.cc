#include "shoal/adapter.h"

namespace shoal {

bool Supports(const PlatformCapabilities& caps, ActionType type) {
  switch (type) {
    case ActionType::kSend:
    case ActionType::kAnnounce:
      return caps.send_group;
    case ActionType::kDm:
      return caps.dm;
    case ActionType::kDelete:
      return caps.delete_message;
    case ActionType::kMute:
      return caps.mute_timed || caps.mute_untimed;
    case ActionType::kWholeMute:
      return caps.whole_mute;
    case ActionType::kKick:
      return caps.kick;
    case ActionType::kUnban:
      return caps.unban;
    case ActionType::kApprove:
    case ActionType::kReject:
      return caps.approve_requests;
    case ActionType::kCreateGroup:
      return caps.create_group;
    case ActionType::kDisband:
      return caps.disband;
    case ActionType::kSetCard:
      return caps.set_card;
    case ActionType::kTask:
    case ActionType::kAlert:
      return false;  // for people, not platforms: the dashboard and staff channels take them
  }
  return false;
}

std::string_view DeliveryCodeName(DeliveryResult::Code code) {
  switch (code) {
    case DeliveryResult::Code::kDelivered: return "delivered";
    case DeliveryResult::Code::kRetry: return "retry";
    case DeliveryResult::Code::kRateLimited: return "rate_limited";
    case DeliveryResult::Code::kRejected: return "rejected";
    case DeliveryResult::Code::kUnsupported: return "unsupported";
  }
  return "unknown";
}

std::string_view PlatformOf(std::string_view id) {
  size_t colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  return id.substr(0, colon);
}

}  // namespace shoal
