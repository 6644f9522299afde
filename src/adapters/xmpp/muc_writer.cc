#include "adapters/xmpp/muc_writer.h"

#include "adapters/xmpp/jid.h"
#include "adapters/xmpp/namespaces.h"

namespace shoal::xmpp {
namespace {

XmlElement Iq(std::string_view type, std::string_view to, std::string_view id) {
  XmlElement iq("iq", std::string(ns::kClient));
  iq.set("type", std::string(type)).set("to", std::string(to)).set("id", std::string(id));
  return iq;
}

XmlElement AdminItem(std::string_view room, std::string_view id, std::string_view reason,
                     std::pair<std::string, std::string> who, std::pair<std::string, std::string> what) {
  XmlElement iq = Iq("set", room, id);
  XmlElement& item = iq.add("query", std::string(ns::kMucAdmin)).add("item", std::string(ns::kMucAdmin));
  item.set(std::move(who.first), std::move(who.second));
  item.set(std::move(what.first), std::move(what.second));
  if (!reason.empty()) item.add_text_child("reason", std::string(reason));
  return iq;
}

Plan Done(DeliveryResult r) {
  Plan p;
  p.kind = Plan::Kind::kDone;
  p.result = std::move(r);
  return p;
}

Plan IqPlan(XmlElement stanza) {
  Plan p;
  p.kind = Plan::Kind::kIq;
  p.stanza = std::move(stanza);
  return p;
}

// The bare JID an affiliation change needs: from the id itself or from the roster.
std::string RealJidOf(const MucRoom& room, std::string_view member) {
  std::string_view j = JidOfId(member);
  if (!j.empty() && BareJid(j) != room.jid) return std::string(BareJid(j));
  const Occupant* o = room.Find(member);
  return o ? o->real_jid : std::string();
}

}  // namespace

XmlElement GroupMessage(std::string_view room, std::string_view text, std::string_view id,
                        std::string_view origin_id) {
  XmlElement m("message", std::string(ns::kClient));
  m.set("type", "groupchat").set("to", std::string(room)).set("id", std::string(id));
  m.add_text_child("body", std::string(text));
  if (!origin_id.empty()) m.add("origin-id", std::string(ns::kStanzaId)).set("id", std::string(origin_id));
  return m;
}

XmlElement ChatMessage(std::string_view to, std::string_view text, std::string_view id) {
  XmlElement m("message", std::string(ns::kClient));
  m.set("type", "chat").set("to", std::string(to)).set("id", std::string(id));
  m.add_text_child("body", std::string(text));
  return m;
}

XmlElement JoinPresence(std::string_view room, std::string_view nick) {
  XmlElement p("presence", std::string(ns::kClient));
  p.set("to", std::string(room) + "/" + std::string(nick));
  p.add("x", std::string(ns::kMuc)).add("history", std::string(ns::kMuc)).set("maxstanzas", "0");
  return p;
}

XmlElement RoleChange(std::string_view room, std::string_view nick, std::string_view role,
                      std::string_view reason, std::string_view id) {
  return AdminItem(room, id, reason, {"nick", std::string(nick)}, {"role", std::string(role)});
}

XmlElement AffiliationChange(std::string_view room, std::string_view bare_jid, std::string_view affiliation,
                             std::string_view reason, std::string_view id) {
  return AdminItem(room, id, reason, {"jid", std::string(bare_jid)}, {"affiliation", std::string(affiliation)});
}

XmlElement ModerateMessage(std::string_view room, std::string_view stanza_id, std::string_view reason,
                           ModerationForm form, std::string_view id) {
  XmlElement iq = Iq("set", room, id);
  XmlElement* moderate = nullptr;
  if (form == ModerationForm::kCurrent1) {
    moderate = &iq.add("moderate", std::string(ns::kModerate1));
    moderate->set("id", std::string(stanza_id));
    moderate->add("retract", std::string(ns::kRetract1));
  } else {
    XmlElement& apply = iq.add("apply-to", std::string(ns::kFasten));
    apply.set("id", std::string(stanza_id));
    moderate = &apply.add("moderate", std::string(ns::kModerate0));
    moderate->add("retract", std::string(ns::kRetract0));
  }
  if (!reason.empty()) moderate->add_text_child("reason", std::string(reason));
  return iq;
}

XmlElement DiscoInfoQuery(std::string_view to, std::string_view id) {
  XmlElement iq = Iq("get", to, id);
  iq.add("query", std::string(ns::kDiscoInfo));
  return iq;
}

XmlElement IqReply(const XmlElement& request, bool served) {
  XmlElement iq("iq", std::string(ns::kClient));
  iq.set("type", served ? "result" : "error");
  if (request.has_attr("from")) iq.set("to", std::string(request.attr("from")));
  iq.set("id", std::string(request.attr("id")));
  if (!served) {
    XmlElement& err = iq.add("error", std::string(ns::kClient));
    err.set("type", "cancel");
    err.add("service-unavailable", std::string(ns::kStanzas));
  }
  return iq;
}

ModerationForm ModerationFromDiscoInfo(const XmlElement& iq) {
  const XmlElement* q = iq.child("query", ns::kDiscoInfo);
  if (!q || iq.attr("type") != "result") return ModerationForm::kNone;
  ModerationForm form = ModerationForm::kNone;
  for (const auto& c : q->children) {
    if (c.name != "feature") continue;
    if (c.attr("var") == ns::kModerate1) return ModerationForm::kCurrent1;
    if (c.attr("var") == ns::kModerate0) form = ModerationForm::kDraft0;
  }
  return form;
}

DeliveryResult DeliveryFromIqReply(const XmlElement& iq) {
  if (iq.attr("type") == "result") return DeliveryResult::Delivered();
  std::string type;
  std::string condition = ErrorCondition(iq, &type);
  if (condition.empty()) condition = "error reply without a condition";
  std::string text(iq.child("error") ? iq.child("error")->child_text("text", ns::kStanzas) : std::string_view());
  std::string detail = text.empty() ? condition : condition + ": " + text;
  if (type == "wait") return DeliveryResult::Retry(std::move(detail));
  return DeliveryResult::Rejected(std::move(detail));
}

Plan PlanAction(const Action& a, const MucRoom* room, ModerationForm moderation, std::string_view id) {
  if (a.type == ActionType::kDm) {
    std::string_view to = JidOfId(a.member);
    if (to.empty()) return Done(DeliveryResult::Rejected("not an xmpp member id: " + a.member));
    Plan p;
    p.kind = Plan::Kind::kMessage;
    p.stanza = ChatMessage(to, a.text, id);
    return p;
  }
  switch (a.type) {
    case ActionType::kSend:
    case ActionType::kAnnounce:
    case ActionType::kDelete:
    case ActionType::kMute:
    case ActionType::kKick:
    case ActionType::kUnban:
    case ActionType::kApprove:
    case ActionType::kReject:
      break;
    default:
      return Done(DeliveryResult::Unsupported(std::string(ActionTypeName(a.type)) + " is not available on XMPP"));
  }
  if (!room) return Done(DeliveryResult::Rejected("not a room this bot serves: " + a.group));
  if (!room->joined) return Done(DeliveryResult::Retry("not in room " + room->jid + " (joining)"));

  switch (a.type) {
    case ActionType::kSend:
    case ActionType::kAnnounce: {
      Plan p;
      p.kind = Plan::Kind::kMessage;
      p.stanza = GroupMessage(room->jid, a.text, id, a.key);
      p.await_reflection = true;
      return p;
    }
    case ActionType::kDelete:
      if (moderation == ModerationForm::kNone) {
        return Done(DeliveryResult::Unsupported("room does not offer XEP-0425 message moderation"));
      }
      if (a.msg_id.empty()) return Done(DeliveryResult::Rejected("delete without msg_id"));
      return IqPlan(ModerateMessage(room->jid, a.msg_id, a.reason, moderation, id));
    case ActionType::kMute:
    case ActionType::kKick: {
      if (a.type == ActionType::kKick && a.ban) {
        std::string real = RealJidOf(*room, a.member);
        if (real.empty()) return Done(DeliveryResult::Rejected("real JID of " + a.member + " unknown: cannot ban"));
        return IqPlan(AffiliationChange(room->jid, real, "outcast", a.reason, id));
      }
      const Occupant* o = room->Find(a.member);
      // Roles live only while someone is in the room: nobody to kick or silence is done.
      if (!o) return Done(DeliveryResult::Delivered());
      std::string_view role = a.type == ActionType::kKick ? "none" : a.seconds > 0 ? "visitor" : "participant";
      return IqPlan(RoleChange(room->jid, o->nick, role, a.reason, id));
    }
    case ActionType::kUnban:
    case ActionType::kApprove: {
      std::string real = RealJidOf(*room, a.member);
      if (real.empty()) return Done(DeliveryResult::Rejected("real JID of " + a.member + " unknown"));
      return IqPlan(AffiliationChange(room->jid, real, a.type == ActionType::kApprove ? "member" : "none",
                                      a.reason, id));
    }
    case ActionType::kReject:
      return Done(DeliveryResult::Delivered());  // a members-only room keeps them out by itself
    default:
      break;
  }
  return Done(DeliveryResult::Unsupported("unreachable"));
}

PlatformCapabilities XmppCapabilities(ModerationForm moderation) {
  PlatformCapabilities c;
  c.send_group = true;
  c.dm = true;
  c.delete_message = moderation != ModerationForm::kNone;
  c.mute_timed = false;  // roles have no duration; see the header
  c.whole_mute = false;
  c.kick = true;
  c.ban = true;
  c.unban = true;
  c.approve_requests = true;
  c.create_group = false;
  c.disband = false;
  c.set_card = false;
  return c;
}

}  // namespace shoal::xmpp
