// Reads inbound stanzas of the rooms the bot is in and turns them into canonical
// events, keeping what the bot knows of each room (its occupants, their real JIDs
// and roles). Pure: no I/O and no clock; the caller passes the instant to stamp.
//
// - groupchat message with a body → message (msg_id: the room's XEP-0359 stanza-id,
//   else the sender's origin-id, else the stanza id). History replayed on join (it
//   carries a XEP-0203 delay), the subject and the bot's own reflections are not events.
// - presence of a new occupant → join; unavailable → leave, with "removal":"kick" (307),
//   "ban" (301) or "affiliation" (321, 322) in the event's extra fields.
// - a voice request the room forwards to its moderators (XEP-0045 §8.6) → join_request
//   with "xmpp_request":"voice": in a moderated room, speaking is what a newcomer asks for.
// - The occupants present when the bot joins (they arrive before its own presence,
//   status 110) are learnt, not announced: they are already members.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/xmpp/xml_element.h"
#include "shoal/event.h"

namespace shoal::xmpp {

struct Occupant {
  std::string nick;
  std::string real_jid;  // bare; "" when the room hides it (semi-anonymous, bot not moderator)
  std::string role;         // moderator | participant | visitor
  std::string affiliation;  // owner | admin | member | none
};

// One room the bot serves.
struct MucRoom {
  std::string jid;  // bare room JID
  std::string nick; // the bot's nick (the service may change it: status 210)
  bool joined = false;
  bool non_anonymous = false;  // status 100: every occupant's real JID is visible
  std::string self_role, self_affiliation;
  std::map<std::string, Occupant, std::less<>> occupants;  // by nick, the bot excluded

  // "xmpp:<real bare jid>" when known, else "xmpp:<room>/<nick>".
  std::string MemberId(const Occupant& o) const;
  // The occupant a member id names (either form); null when not in the room.
  const Occupant* Find(std::string_view member_id) const;
};

// What one stanza meant, besides its events.
struct ReadResult {
  enum class Note : uint8_t {
    kNone,
    kSelfJoined,   // the bot's own presence: the room is joined
    kSelfRemoved,  // the bot was kicked, banned or the room went away (detail)
    kJoinFailed,   // presence error from the room (detail: the condition)
    kReflection,   // the room echoed the bot's own message (id, origin_id, stanza_id)
    kMessageError, // a message of ours bounced (id, detail: the condition)
  };
  Note note = Note::kNone;
  std::string room;  // bare room JID the stanza concerns, when any
  std::string id, origin_id, stanza_id;
  std::string detail;
  std::vector<Event> events;
};

class MucReader {
 public:
  void AddRoom(std::string room_jid, std::string nick);
  MucRoom* room(std::string_view room_jid);
  const MucRoom* room(std::string_view room_jid) const;
  std::vector<std::string> room_jids() const;
  // Forgets occupants and joined state (the connection dropped; a rejoin relearns them).
  void ResetRooms();

  ReadResult Read(const XmlElement& stanza, const Timestamp& now);

 private:
  ReadResult ReadMessage(const XmlElement& m, const Timestamp& now);
  ReadResult ReadPresence(const XmlElement& p, const Timestamp& now);
  void ReadVoiceRequest(const XmlElement& form, const MucRoom& room, const Timestamp& now, ReadResult* r);

  std::map<std::string, MucRoom, std::less<>> rooms_;
};

// The defined condition of a stanza error (`<error><forbidden xmlns=…stanzas/></error>`
// → "forbidden"), "" when the stanza has none. *type gets the error type (cancel, wait, …).
std::string ErrorCondition(const XmlElement& stanza, std::string* type = nullptr);

}  // namespace shoal::xmpp
