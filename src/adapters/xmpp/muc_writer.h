// Builds the stanzas the bot sends and maps a canonical action onto one of them.
// Pure: the caller supplies the stanza id and what it knows of the room.
//
//   send / announce → groupchat message (origin-id = the action key)
//   dm              → chat message to the member's real JID (or the room occupant)
//   kick            → muc#admin role='none' (by nick); kick with ban → affiliation='outcast'
//   unban           → affiliation='none'
//   mute N>0 / 0    → role='visitor' / role='participant' (no duration in XMPP: the lift
//                     is a later "mute 0" the dispatcher schedules; mute_timed is false)
//   delete          → XEP-0425 moderation by the room's stanza-id, in the form the room
//                     advertised (urn:xmpp:message-moderate:1, or :0 in a fastening)
//   approve         → affiliation='member' (members-only rooms); reject sends nothing
// Anything else is unsupported on XMPP.
#pragma once
#include <string>
#include <string_view>

#include "adapters/xmpp/muc_reader.h"
#include "adapters/xmpp/xml_element.h"
#include "shoal/action.h"
#include "shoal/adapter.h"

namespace shoal::xmpp {

enum class ModerationForm : uint8_t { kNone, kDraft0, kCurrent1 };

XmlElement GroupMessage(std::string_view room, std::string_view text, std::string_view id,
                        std::string_view origin_id);
XmlElement ChatMessage(std::string_view to, std::string_view text, std::string_view id);
// Join without history (the bot reads live traffic only).
XmlElement JoinPresence(std::string_view room, std::string_view nick);
XmlElement RoleChange(std::string_view room, std::string_view nick, std::string_view role,
                      std::string_view reason, std::string_view id);
XmlElement AffiliationChange(std::string_view room, std::string_view bare_jid, std::string_view affiliation,
                             std::string_view reason, std::string_view id);
XmlElement ModerateMessage(std::string_view room, std::string_view stanza_id, std::string_view reason,
                           ModerationForm form, std::string_view id);
XmlElement DiscoInfoQuery(std::string_view to, std::string_view id);
// The result to an IQ get/set the bot received (pings) or an error for one it does not serve.
XmlElement IqReply(const XmlElement& request, bool served);

// Which XEP-0425 form a disco#info result advertises (the current form wins).
ModerationForm ModerationFromDiscoInfo(const XmlElement& iq_result);

// How an IQ reply settles a delivery: result → delivered; error of type wait → retry;
// any other error → rejected, with the condition ("not-allowed", …) as the detail.
DeliveryResult DeliveryFromIqReply(const XmlElement& iq);

// What to do for one action.
struct Plan {
  enum class Kind : uint8_t {
    kMessage,  // send `stanza`; delivered when the room reflects it (groupchat) or at once (chat)
    kIq,       // send `stanza`; settled by the IQ reply
    kDone,     // nothing to send: `result` says how it went
  };
  Kind kind = Kind::kDone;
  XmlElement stanza;
  bool await_reflection = false;
  DeliveryResult result;
};

// `room` is the room the action's group names (null: not one this bot serves).
Plan PlanAction(const Action& action, const MucRoom* room, ModerationForm moderation, std::string_view id);

// What the adapter can do given the rooms' advertised moderation form.
PlatformCapabilities XmppCapabilities(ModerationForm moderation);

}  // namespace shoal::xmpp
