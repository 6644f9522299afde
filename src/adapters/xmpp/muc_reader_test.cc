#include "adapters/xmpp/muc_reader.h"

#include <gtest/gtest.h>

#include "adapters/xmpp/xmpp_testing.h"

namespace shoal::xmpp {
namespace {

using testing::OccupantPresence;
using testing::Xml;

const Timestamp kNow{.utc = 1767574800 * kMicrosPerSecond, .offset_minutes = 0, .zulu = true};
constexpr const char* kRoom = "lobby@conference.localhost";

// A reader that has joined the lobby as "bot" with alice already present.
MucReader Joined() {
  MucReader r;
  r.AddRoom(kRoom, "bot");
  EXPECT_TRUE(r.Read(OccupantPresence("lobby@conference.localhost/alice", "alice@localhost/phone", "participant",
                                      "none"),
                     kNow).events.empty());  // the roster on join is learnt, not announced
  auto self = r.Read(OccupantPresence("lobby@conference.localhost/bot", "opsbot@localhost/shoal", "moderator",
                                      "owner", "100 110"),
                     kNow);
  EXPECT_EQ(self.note, ReadResult::Note::kSelfJoined);
  return r;
}

TEST(XmppMucReader, JoinLearnsTheRosterAndOwnRole) {
  MucReader r = Joined();
  const MucRoom* room = r.room(kRoom);
  ASSERT_NE(room, nullptr);
  EXPECT_TRUE(room->joined);
  EXPECT_TRUE(room->non_anonymous);
  EXPECT_EQ(room->self_role, "moderator");
  EXPECT_EQ(room->self_affiliation, "owner");
  ASSERT_EQ(room->occupants.size(), 1u);
  const Occupant* alice = room->Find("xmpp:alice@localhost");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->nick, "alice");
  EXPECT_EQ(room->Find("xmpp:lobby@conference.localhost/alice"), alice);
  EXPECT_EQ(room->Find("xmpp:bob@localhost"), nullptr);
}

TEST(XmppMucReader, GroupchatMessagesBecomeEventsWithTheRoomsStanzaId) {
  MucReader r = Joined();
  auto res = r.Read(Xml("<message xmlns='jabber:client' type='groupchat' id='c1' "
                        "from='lobby@conference.localhost/alice'><body>签到</body>"
                        "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='spoofed'/>"
                        "<stanza-id xmlns='urn:xmpp:sid:0' by='lobby@conference.localhost' id='S1'/>"
                        "<origin-id xmlns='urn:xmpp:sid:0' id='o1'/>"
                        "<reply xmlns='urn:xmpp:reply:0' to='x' id='S0'/></message>"),
                    kNow);
  ASSERT_EQ(res.events.size(), 1u);
  const Event& e = res.events[0];
  EXPECT_EQ(e.type, EventType::kMessage);
  EXPECT_EQ(e.group, "xmpp:lobby@conference.localhost");
  EXPECT_EQ(e.member, "xmpp:alice@localhost");
  EXPECT_EQ(e.name, "alice");
  EXPECT_EQ(e.text, "签到");
  EXPECT_EQ(e.msg_id, "S1");  // only the room's own stanza-id counts
  EXPECT_EQ(e.reply_to, "S0");
  EXPECT_EQ(e.ts, kNow);

  // Without a stanza-id the origin-id, then the stanza id, name the message.
  auto origin = r.Read(Xml("<message xmlns='jabber:client' type='groupchat' id='c2' "
                           "from='lobby@conference.localhost/alice'><body>x</body>"
                           "<origin-id xmlns='urn:xmpp:sid:0' id='o2'/></message>"),
                       kNow);
  ASSERT_EQ(origin.events.size(), 1u);
  EXPECT_EQ(origin.events[0].msg_id, "o2");
}

TEST(XmppMucReader, HistorySubjectReflectionsAndStrangersAreNotEvents) {
  MucReader r = Joined();
  EXPECT_TRUE(r.Read(Xml("<message xmlns='jabber:client' type='groupchat' from='lobby@conference.localhost/alice'>"
                         "<body>old</body><delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/></message>"),
                     kNow).events.empty());
  EXPECT_TRUE(r.Read(Xml("<message xmlns='jabber:client' type='groupchat' from='lobby@conference.localhost/alice'>"
                         "<subject>topic</subject></message>"),
                     kNow).events.empty());
  auto echo = r.Read(Xml("<message xmlns='jabber:client' type='groupchat' id='shoal-1' "
                         "from='lobby@conference.localhost/bot'><body>hi</body>"
                         "<stanza-id xmlns='urn:xmpp:sid:0' by='lobby@conference.localhost' id='S9'/>"
                         "<origin-id xmlns='urn:xmpp:sid:0' id='key.1'/></message>"),
                     kNow);
  EXPECT_TRUE(echo.events.empty());
  EXPECT_EQ(echo.note, ReadResult::Note::kReflection);
  EXPECT_EQ(echo.id, "shoal-1");
  EXPECT_EQ(echo.origin_id, "key.1");
  EXPECT_EQ(echo.stanza_id, "S9");
  EXPECT_TRUE(r.Read(Xml("<message xmlns='jabber:client' type='groupchat' from='other@conference.localhost/x'>"
                         "<body>elsewhere</body></message>"),
                     kNow).events.empty());
  auto bounced = r.Read(Xml("<message xmlns='jabber:client' type='error' id='shoal-2' "
                            "from='lobby@conference.localhost'><error type='auth'>"
                            "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"),
                        kNow);
  EXPECT_EQ(bounced.note, ReadResult::Note::kMessageError);
  EXPECT_EQ(bounced.id, "shoal-2");
  EXPECT_EQ(bounced.detail, "forbidden");
}

TEST(XmppMucReader, JoinsLeavesKicksAndBans) {
  MucReader r = Joined();
  auto join = r.Read(OccupantPresence("lobby@conference.localhost/bob", "bob@localhost/pc", "participant", "none"),
                     kNow);
  ASSERT_EQ(join.events.size(), 1u);
  EXPECT_EQ(join.events[0].type, EventType::kJoin);
  EXPECT_EQ(join.events[0].member, "xmpp:bob@localhost");
  EXPECT_EQ(join.events[0].name, "bob");
  // A role change of someone present is no new join.
  EXPECT_TRUE(r.Read(OccupantPresence("lobby@conference.localhost/bob", "bob@localhost/pc", "visitor", "none"), kNow)
                  .events.empty());
  EXPECT_EQ(r.room(kRoom)->Find("xmpp:bob@localhost")->role, "visitor");

  // A nick change is not a leave.
  auto rename = r.Read(Xml("<presence xmlns='jabber:client' type='unavailable' from='lobby@conference.localhost/bob'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'><item nick='bobby' role='visitor' "
                           "affiliation='none' jid='bob@localhost/pc'/><status code='303'/></x></presence>"),
                       kNow);
  EXPECT_TRUE(rename.events.empty());
  EXPECT_EQ(r.room(kRoom)->Find("xmpp:bob@localhost")->nick, "bobby");

  auto kicked = r.Read(OccupantPresence("lobby@conference.localhost/bobby", "bob@localhost/pc", "none", "none", "307",
                                        "unavailable"),
                       kNow);
  ASSERT_EQ(kicked.events.size(), 1u);
  EXPECT_EQ(kicked.events[0].type, EventType::kLeave);
  EXPECT_EQ(kicked.events[0].member, "xmpp:bob@localhost");
  EXPECT_EQ(kicked.events[0].extra, "\"removal\":\"kick\"");
  auto banned = r.Read(OccupantPresence("lobby@conference.localhost/alice", "alice@localhost/phone", "none",
                                        "outcast", "301", "unavailable"),
                       kNow);
  ASSERT_EQ(banned.events.size(), 1u);
  EXPECT_EQ(banned.events[0].extra, "\"removal\":\"ban\"");
  EXPECT_TRUE(r.room(kRoom)->occupants.empty());
}

TEST(XmppMucReader, AVoiceRequestIsAJoinRequest) {
  MucReader r = Joined();
  auto req = r.Read(Xml("<message xmlns='jabber:client' type='normal' from='lobby@conference.localhost'>"
                        "<x xmlns='jabber:x:data' type='form'><title>Voice Request</title>"
                        "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#request</value>"
                        "</field><field var='muc#jid' type='jid-single'><value>alice@localhost/phone</value></field>"
                        "<field var='muc#roomnick' type='text-single'><value>alice</value></field>"
                        "<field var='muc#request_allow' type='boolean'><value>0</value></field></x></message>"),
                    kNow);
  ASSERT_EQ(req.events.size(), 1u);
  const Event& e = req.events[0];
  EXPECT_EQ(e.type, EventType::kJoinRequest);
  EXPECT_EQ(e.group, "xmpp:lobby@conference.localhost");
  EXPECT_EQ(e.member, "xmpp:alice@localhost");
  EXPECT_EQ(e.name, "alice");
  EXPECT_EQ(e.request_id, "voice:alice:1767574800");
  EXPECT_EQ(e.extra, "\"xmpp_request\":\"voice\"");
  // Another form from the room is not a request.
  EXPECT_TRUE(r.Read(Xml("<message xmlns='jabber:client' from='lobby@conference.localhost'>"
                         "<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'>"
                         "<value>urn:other</value></field></x></message>"),
                     kNow).events.empty());
}

TEST(XmppMucReader, AnonymousOccupantsAreNamedByRoomAndNick) {
  MucReader r;
  r.AddRoom(kRoom, "bot");
  r.Read(OccupantPresence("lobby@conference.localhost/bot", "", "participant", "none", "110"), kNow);
  auto join = r.Read(OccupantPresence("lobby@conference.localhost/carol", "", "participant", "none"), kNow);
  ASSERT_EQ(join.events.size(), 1u);
  EXPECT_EQ(join.events[0].member, "xmpp:lobby@conference.localhost/carol");
  EXPECT_FALSE(r.room(kRoom)->non_anonymous);
}

TEST(XmppMucReader, TheBotBeingRemovedOrRefusedIsNoted) {
  MucReader r = Joined();
  auto out = r.Read(OccupantPresence("lobby@conference.localhost/bot", "opsbot@localhost/shoal", "none", "outcast",
                                     "110 301", "unavailable"),
                    kNow);
  EXPECT_EQ(out.note, ReadResult::Note::kSelfRemoved);
  EXPECT_EQ(out.detail, "banned");
  EXPECT_FALSE(r.room(kRoom)->joined);
  auto refused = r.Read(Xml("<presence xmlns='jabber:client' type='error' from='lobby@conference.localhost/bot'>"
                            "<error type='auth'><registration-required "
                            "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"),
                        kNow);
  EXPECT_EQ(refused.note, ReadResult::Note::kJoinFailed);
  EXPECT_EQ(refused.detail, "registration-required");
}

}  // namespace
}  // namespace shoal::xmpp
