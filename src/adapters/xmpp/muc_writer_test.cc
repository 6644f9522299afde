#include "adapters/xmpp/muc_writer.h"

#include <gtest/gtest.h>

#include "adapters/xmpp/xmpp_testing.h"

namespace shoal::xmpp {
namespace {

using testing::OccupantPresence;
using testing::Xml;

constexpr const char* kRoom = "lobby@conference.localhost";
const Timestamp kNow{.utc = 1767574800 * kMicrosPerSecond, .offset_minutes = 0, .zulu = true};

MucReader Joined() {
  MucReader r;
  r.AddRoom(kRoom, "bot");
  r.Read(OccupantPresence("lobby@conference.localhost/spam", "spammer@localhost/x", "participant", "none"), kNow);
  r.Read(OccupantPresence("lobby@conference.localhost/bot", "opsbot@localhost/s", "moderator", "owner", "110"), kNow);
  return r;
}

Action Make(ActionType type, std::string member = "xmpp:spammer@localhost") {
  Action a;
  a.type = type;
  a.group = "xmpp:lobby@conference.localhost";
  a.member = std::move(member);
  a.reason = "ad:contact";
  a.key = "7.1";
  return a;
}

std::string PlanXml(const Action& a, const MucRoom* room, ModerationForm form = ModerationForm::kDraft0) {
  Plan p = PlanAction(a, room, form, "id1");
  EXPECT_NE(p.kind, Plan::Kind::kDone) << p.result.detail;
  return p.stanza.ToXml("jabber:client");
}

TEST(XmppMucWriter, SendsAndDms) {
  MucReader r = Joined();
  Action send = Make(ActionType::kSend, "");
  send.text = "欢迎 <新人>";
  Plan p = PlanAction(send, r.room(kRoom), ModerationForm::kNone, "id1");
  EXPECT_EQ(p.kind, Plan::Kind::kMessage);
  EXPECT_TRUE(p.await_reflection);
  EXPECT_EQ(p.stanza.ToXml("jabber:client"),
            "<message type=\"groupchat\" to=\"lobby@conference.localhost\" id=\"id1\"><body>欢迎 &lt;新人&gt;</body>"
            "<origin-id xmlns=\"urn:xmpp:sid:0\" id=\"7.1\"/></message>");
  Action dm = Make(ActionType::kDm, "xmpp:alice@localhost");
  dm.group.clear();
  dm.text = "hi";
  Plan d = PlanAction(dm, nullptr, ModerationForm::kNone, "id2");
  EXPECT_EQ(d.kind, Plan::Kind::kMessage);
  EXPECT_FALSE(d.await_reflection);
  EXPECT_EQ(d.stanza.ToXml("jabber:client"),
            "<message type=\"chat\" to=\"alice@localhost\" id=\"id2\"><body>hi</body></message>");
}

TEST(XmppMucWriter, ModerationMapsOntoRolesAndAffiliations) {
  MucReader r = Joined();
  const MucRoom* room = r.room(kRoom);
  EXPECT_EQ(PlanXml(Make(ActionType::kKick), room),
            "<iq type=\"set\" to=\"lobby@conference.localhost\" id=\"id1\"><query "
            "xmlns=\"http://jabber.org/protocol/muc#admin\"><item nick=\"spam\" role=\"none\">"
            "<reason>ad:contact</reason></item></query></iq>");
  Action ban = Make(ActionType::kKick);
  ban.ban = true;
  EXPECT_NE(PlanXml(ban, room).find("<item jid=\"spammer@localhost\" affiliation=\"outcast\">"), std::string::npos);
  Action mute = Make(ActionType::kMute);
  mute.seconds = 600;
  EXPECT_NE(PlanXml(mute, room).find("role=\"visitor\""), std::string::npos);
  mute.seconds = 0;
  EXPECT_NE(PlanXml(mute, room).find("role=\"participant\""), std::string::npos);
  EXPECT_NE(PlanXml(Make(ActionType::kUnban), room).find("affiliation=\"none\""), std::string::npos);
  EXPECT_NE(PlanXml(Make(ActionType::kApprove, "xmpp:newbie@localhost"), room)
                .find("<item jid=\"newbie@localhost\" affiliation=\"member\">"),
            std::string::npos);
  // The room/nick form names an occupant too.
  EXPECT_NE(PlanXml(Make(ActionType::kKick, "xmpp:lobby@conference.localhost/spam"), room).find("nick=\"spam\""),
            std::string::npos);
}

TEST(XmppMucWriter, DeleteUsesTheAdvertisedModerationForm) {
  MucReader r = Joined();
  Action del = Make(ActionType::kDelete, "");
  del.msg_id = "S1";
  EXPECT_EQ(PlanXml(del, r.room(kRoom), ModerationForm::kDraft0),
            "<iq type=\"set\" to=\"lobby@conference.localhost\" id=\"id1\"><apply-to xmlns=\"urn:xmpp:fasten:0\" "
            "id=\"S1\"><moderate xmlns=\"urn:xmpp:message-moderate:0\"><retract "
            "xmlns=\"urn:xmpp:message-retract:0\"/><reason>ad:contact</reason></moderate></apply-to></iq>");
  EXPECT_EQ(PlanXml(del, r.room(kRoom), ModerationForm::kCurrent1),
            "<iq type=\"set\" to=\"lobby@conference.localhost\" id=\"id1\"><moderate "
            "xmlns=\"urn:xmpp:message-moderate:1\" id=\"S1\"><retract xmlns=\"urn:xmpp:message-retract:1\"/>"
            "<reason>ad:contact</reason></moderate></iq>");
  Plan none = PlanAction(del, r.room(kRoom), ModerationForm::kNone, "id1");
  EXPECT_EQ(none.kind, Plan::Kind::kDone);
  EXPECT_EQ(none.result.code, DeliveryResult::Code::kUnsupported);
}

TEST(XmppMucWriter, WhatCannotBeDoneIsSaidPlainly) {
  MucReader r = Joined();
  const MucRoom* room = r.room(kRoom);
  auto code = [&](const Action& a, const MucRoom* in) { return PlanAction(a, in, ModerationForm::kDraft0, "i").result.code; };
  EXPECT_EQ(code(Make(ActionType::kSetCard), room), DeliveryResult::Code::kUnsupported);
  EXPECT_EQ(code(Make(ActionType::kWholeMute), room), DeliveryResult::Code::kUnsupported);
  EXPECT_EQ(code(Make(ActionType::kKick), nullptr), DeliveryResult::Code::kRejected);  // not our room
  Action ban = Make(ActionType::kKick, "xmpp:lobby@conference.localhost/ghost");
  ban.ban = true;
  EXPECT_EQ(code(ban, room), DeliveryResult::Code::kRejected);  // no real JID to ban
  // Someone no longer in the room has no role to take away.
  EXPECT_EQ(code(Make(ActionType::kKick, "xmpp:gone@localhost"), room), DeliveryResult::Code::kDelivered);
  EXPECT_EQ(code(Make(ActionType::kReject), room), DeliveryResult::Code::kDelivered);
  MucReader fresh;
  fresh.AddRoom(kRoom, "bot");
  EXPECT_EQ(code(Make(ActionType::kKick), fresh.room(kRoom)), DeliveryResult::Code::kRetry);  // still joining
}

TEST(XmppMucWriter, IqRepliesSettleDeliveries) {
  EXPECT_EQ(DeliveryFromIqReply(Xml("<iq xmlns='jabber:client' type='result' id='a'/>")).code,
            DeliveryResult::Code::kDelivered);
  auto refused = DeliveryFromIqReply(Xml(
      "<iq xmlns='jabber:client' type='error' id='a'><error type='cancel'><not-allowed "
      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>owner"
      "</text></error></iq>"));
  EXPECT_EQ(refused.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(refused.detail, "not-allowed: owner");
  auto busy = DeliveryFromIqReply(Xml("<iq xmlns='jabber:client' type='error' id='a'><error type='wait'>"
                                      "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                                      "</error></iq>"));
  EXPECT_EQ(busy.code, DeliveryResult::Code::kRetry);
  EXPECT_EQ(busy.detail, "resource-constraint");
}

TEST(XmppMucWriter, DiscoInfoAndCapabilities) {
  auto info = [](const std::string& features) {
    return Xml("<iq xmlns='jabber:client' type='result' id='d'><query xmlns='http://jabber.org/protocol/disco#info'>"
               "<identity category='conference' type='text'/>" + features + "</query></iq>");
  };
  EXPECT_EQ(ModerationFromDiscoInfo(info("<feature var='http://jabber.org/protocol/muc'/>")), ModerationForm::kNone);
  EXPECT_EQ(ModerationFromDiscoInfo(info("<feature var='urn:xmpp:message-moderate:0'/>")), ModerationForm::kDraft0);
  EXPECT_EQ(ModerationFromDiscoInfo(info("<feature var='urn:xmpp:message-moderate:0'/>"
                                         "<feature var='urn:xmpp:message-moderate:1'/>")),
            ModerationForm::kCurrent1);
  EXPECT_FALSE(XmppCapabilities(ModerationForm::kNone).delete_message);
  PlatformCapabilities caps = XmppCapabilities(ModerationForm::kDraft0);
  EXPECT_TRUE(caps.delete_message);
  EXPECT_TRUE(caps.ban);
  EXPECT_FALSE(caps.mute_timed);
  EXPECT_FALSE(Supports(caps, ActionType::kSetCard));
  XmlElement ping = Xml("<iq xmlns='jabber:client' type='get' id='p1' from='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
  EXPECT_EQ(IqReply(ping, true).ToXml("jabber:client"), "<iq type=\"result\" to=\"localhost\" id=\"p1\"/>");
  EXPECT_NE(IqReply(ping, false).ToXml("jabber:client").find("service-unavailable"), std::string::npos);
}

}  // namespace
}  // namespace shoal::xmpp
