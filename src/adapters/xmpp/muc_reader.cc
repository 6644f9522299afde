#include "adapters/xmpp/muc_reader.h"

#include <algorithm>

#include "adapters/xmpp/jid.h"
#include "adapters/xmpp/namespaces.h"

namespace shoal::xmpp {
namespace {

std::vector<std::string> StatusCodes(const XmlElement* x) {
  std::vector<std::string> codes;
  if (!x) return codes;
  for (const auto& c : x->children) {
    if (c.name == "status") codes.emplace_back(c.attr("code"));
  }
  return codes;
}

bool Has(const std::vector<std::string>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// The id the room gave the message (XEP-0359 stanza-id by the room), else the sender's.
void MessageIds(const XmlElement& m, std::string_view room, ReadResult* r) {
  r->id = std::string(m.attr("id"));
  for (const auto& c : m.children) {
    if (c.ns != ns::kStanzaId) continue;
    if (c.name == "stanza-id" && c.attr("by") == room) r->stanza_id = std::string(c.attr("id"));
    if (c.name == "origin-id") r->origin_id = std::string(c.attr("id"));
  }
}

// The first value of a XEP-0004 form field; "" when absent.
std::string_view FormValue(const XmlElement& form, std::string_view var) {
  for (const auto& f : form.children) {
    if (f.name == "field" && f.attr("var") == var) return f.child_text("value", ns::kDataForms);
  }
  return {};
}

}  // namespace

std::string MucRoom::MemberId(const Occupant& o) const {
  if (!o.real_jid.empty()) return XmppId(o.real_jid);
  return XmppId(jid + "/" + o.nick);
}

const Occupant* MucRoom::Find(std::string_view member_id) const {
  std::string_view j = JidOfId(member_id);
  if (j.empty()) return nullptr;
  if (BareJid(j) == jid) {
    auto it = occupants.find(JidResource(j));
    return it == occupants.end() ? nullptr : &it->second;
  }
  for (const auto& [nick, o] : occupants) {
    if (o.real_jid == j) return &o;
  }
  return nullptr;
}

void MucReader::AddRoom(std::string room_jid, std::string nick) {
  MucRoom r;
  r.jid = room_jid;
  r.nick = std::move(nick);
  rooms_[std::move(room_jid)] = std::move(r);
}

MucRoom* MucReader::room(std::string_view room_jid) {
  auto it = rooms_.find(room_jid);
  return it == rooms_.end() ? nullptr : &it->second;
}

const MucRoom* MucReader::room(std::string_view room_jid) const {
  auto it = rooms_.find(room_jid);
  return it == rooms_.end() ? nullptr : &it->second;
}

std::vector<std::string> MucReader::room_jids() const {
  std::vector<std::string> out;
  for (const auto& kv : rooms_) out.push_back(kv.first);
  return out;
}

void MucReader::ResetRooms() {
  for (auto& [jid, r] : rooms_) {
    r.joined = false;
    r.occupants.clear();
    r.self_role.clear();
    r.self_affiliation.clear();
  }
}

ReadResult MucReader::Read(const XmlElement& stanza, const Timestamp& now) {
  if (stanza.name == "message") return ReadMessage(stanza, now);
  if (stanza.name == "presence") return ReadPresence(stanza, now);
  return {};
}

ReadResult MucReader::ReadMessage(const XmlElement& m, const Timestamp& now) {
  ReadResult r;
  std::string_view from = m.attr("from");
  std::string_view type = m.attr("type");
  if (type == "error") {
    r.note = ReadResult::Note::kMessageError;
    r.id = std::string(m.attr("id"));
    r.room = std::string(BareJid(from));
    r.detail = ErrorCondition(m);
    return r;
  }
  MucRoom* room = this->room(BareJid(from));
  if (!room) return r;  // not one of our rooms (DMs to the bot are not events)
  r.room = room->jid;
  std::string_view nick = JidResource(from);
  if (nick.empty()) {  // from the room itself: a voice request, a subject, a retraction notice
    const XmlElement* form = m.child("x", ns::kDataForms);
    if (form && FormValue(*form, "FORM_TYPE") == ns::kMucRequest && room->joined) {
      ReadVoiceRequest(*form, *room, now, &r);
    }
    return r;
  }
  if (type != "groupchat") return r;  // private messages through the room are not group events
  MessageIds(m, room->jid, &r);
  if (nick == room->nick) {
    r.note = ReadResult::Note::kReflection;
    return r;
  }
  const XmlElement* body = m.child("body");
  if (!body || m.child("delay", ns::kDelay) || !room->joined) return r;  // subject or history
  Event e;
  e.type = EventType::kMessage;
  e.ts = now;
  e.group = XmppId(room->jid);
  auto it = room->occupants.find(nick);
  if (it != room->occupants.end()) {
    e.member = room->MemberId(it->second);
  } else {
    e.member = XmppId(from);
  }
  e.name = std::string(nick);
  e.text = body->text;
  e.msg_id = !r.stanza_id.empty() ? r.stanza_id : !r.origin_id.empty() ? r.origin_id : r.id;
  if (const XmlElement* reply = m.child("reply", ns::kReply)) e.reply_to = std::string(reply->attr("id"));
  r.events.push_back(std::move(e));
  return r;
}

void MucReader::ReadVoiceRequest(const XmlElement& form, const MucRoom& room, const Timestamp& now,
                                 ReadResult* r) {
  std::string_view nick = FormValue(form, "muc#roomnick");
  std::string_view real = BareJid(FormValue(form, "muc#jid"));
  if (nick.empty() && real.empty()) return;
  Event e;
  e.type = EventType::kJoinRequest;
  e.ts = now;
  e.group = XmppId(room.jid);
  e.member = !real.empty() ? XmppId(real) : XmppId(room.jid + "/" + std::string(nick));
  e.name = std::string(nick);
  // The room gives a request no id: the requester and the instant name it.
  e.request_id = "voice:" + std::string(nick) + ":" + std::to_string(now.utc / kMicrosPerSecond);
  e.extra = "\"xmpp_request\":\"voice\"";
  r->events.push_back(std::move(e));
}

ReadResult MucReader::ReadPresence(const XmlElement& p, const Timestamp& now) {
  ReadResult r;
  std::string_view from = p.attr("from");
  MucRoom* room = this->room(BareJid(from));
  if (!room) return r;
  r.room = room->jid;
  std::string_view type = p.attr("type");
  std::string_view nick = JidResource(from);
  if (type == "error") {
    r.note = ReadResult::Note::kJoinFailed;
    r.detail = ErrorCondition(p);
    return r;
  }
  const XmlElement* x = p.child("x", ns::kMucUser);
  std::vector<std::string> codes = StatusCodes(x);
  const XmlElement* item = x ? x->child("item", ns::kMucUser) : nullptr;
  bool self = Has(codes, "110") || (nick == room->nick && !nick.empty());
  bool unavailable = type == "unavailable";

  if (self) {
    if (unavailable) {
      if (Has(codes, "303") && item) {  // our nick changed
        room->nick = std::string(item->attr("nick"));
        return r;
      }
      room->joined = false;
      room->occupants.clear();
      r.note = ReadResult::Note::kSelfRemoved;
      r.detail = Has(codes, "301") ? "banned" : Has(codes, "307") ? "kicked" : Has(codes, "332") ? "shutdown" : "left";
      return r;
    }
    room->nick = std::string(nick);  // 210: the service may have assigned another
    if (Has(codes, "100")) room->non_anonymous = true;
    if (item) {
      room->self_role = std::string(item->attr("role"));
      room->self_affiliation = std::string(item->attr("affiliation"));
    }
    if (!room->joined) {
      room->joined = true;
      r.note = ReadResult::Note::kSelfJoined;
    }
    return r;
  }
  if (nick.empty()) return r;

  auto it = room->occupants.find(nick);
  if (unavailable) {
    if (it == room->occupants.end()) return r;
    if (Has(codes, "303") && item && !item->attr("nick").empty()) {  // a nick change is not a leave
      Occupant o = it->second;
      room->occupants.erase(it);
      o.nick = std::string(item->attr("nick"));
      room->occupants[o.nick] = std::move(o);
      return r;
    }
    Event e;
    e.type = EventType::kLeave;
    e.ts = now;
    e.group = XmppId(room->jid);
    e.member = room->MemberId(it->second);
    if (Has(codes, "301")) {
      e.extra = "\"removal\":\"ban\"";
    } else if (Has(codes, "307")) {
      e.extra = "\"removal\":\"kick\"";
    } else if (Has(codes, "321") || Has(codes, "322")) {
      e.extra = "\"removal\":\"affiliation\"";
    }
    room->occupants.erase(it);
    if (room->joined) r.events.push_back(std::move(e));
    return r;
  }

  Occupant o;
  o.nick = std::string(nick);
  if (item) {
    o.real_jid = std::string(BareJid(item->attr("jid")));
    o.role = std::string(item->attr("role"));
    o.affiliation = std::string(item->attr("affiliation"));
  }
  bool is_new = it == room->occupants.end();
  room->occupants[o.nick] = o;
  if (!is_new || !room->joined) return r;  // a role change, or the roster sent on join
  Event e;
  e.type = EventType::kJoin;
  e.ts = now;
  e.group = XmppId(room->jid);
  e.member = room->MemberId(o);
  e.name = o.nick;
  r.events.push_back(std::move(e));
  return r;
}

std::string ErrorCondition(const XmlElement& stanza, std::string* type) {
  const XmlElement* err = stanza.child("error");
  if (!err) return {};
  if (type) *type = std::string(err->attr("type"));
  for (const auto& c : err->children) {
    if (c.ns == ns::kStanzas && c.name != "text") return c.name;
  }
  return "undefined-condition";
}

}  // namespace shoal::xmpp
