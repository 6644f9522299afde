// End to end against a real Prosody on loopback (tests/xmpp/run.sh starts it and sets
// SHOAL_XMPP_E2E=host:port). The real engine runs behind a real Ingest over a
// MemoryStore; the outbox Dispatcher delivers the bot's actions through the XmppAdapter, and
// test users on their own XMPP connections see the results.
#include <cstdlib>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "adapters/xmpp/jid.h"
#include "adapters/xmpp/namespaces.h"
#include "adapters/xmpp/xmpp_adapter.h"
#include "outbox/dispatcher.h"
#include "server/ingest.h"
#include "server/ingest_sink.h"
#include "shoal/config.h"
#include "shoal/event_codec.h"
#include "store/memory_store.h"

namespace shoal::xmpp {
namespace {

using namespace std::chrono_literals;

constexpr auto kWait = 20s;  // generous: a loaded 2-core machine
constexpr const char* kRoom = "lobby@conference.localhost";

Micros At(const char* rfc3339) { return ParseRfc3339(rfc3339)->utc; }

template <typename Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds timeout = kWait) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// A person in the room: their own connection, everything it receives kept for assertions.
class TestUser {
 public:
  TestUser(const XmppAccount& server, const std::string& user)
      : nick_(user),
        session_(Account(server, user),
                 XmppSession::Callbacks{.online = [this] { SetOnline(); },
                                        .offline = {},
                                        .stanza = [this](const XmlElement& s) { Keep(s); },
                                        .idle = {}},
                 /*reconnect=*/false) {}
  ~TestUser() { session_.Stop(); }

  bool Connect() {
    session_.Start();
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kWait, [this] { return online_; });
  }
  // Joins and waits for the room's self-presence (status 110).
  bool Join() {
    Send(JoinPresence(kRoom, nick_));
    return WaitFor([&](const XmlElement& s) { return s.name == "presence" && IsSelf(s) && s.attr("type").empty(); })
        .has_value();
  }
  // Returns the message's stanza id.
  std::string Say(const std::string& text) {
    std::string id = nick_ + "-" + std::to_string(++sent_);
    Send(GroupMessage(kRoom, text, id, ""));
    return id;
  }
  // XEP-0045 §7.13: a visitor asks the room's moderators for voice.
  void RequestVoice() {
    XmlElement m("message", std::string(ns::kClient));
    m.set("to", kRoom);
    XmlElement& x = m.add("x", "jabber:x:data");
    x.set("type", "submit");
    XmlElement& type = x.add("field", "jabber:x:data");
    type.set("var", "FORM_TYPE");
    type.add_text_child("value", "http://jabber.org/protocol/muc#request");
    XmlElement& role = x.add("field", "jabber:x:data");
    role.set("var", "muc#role");
    role.add_text_child("value", "participant");
    Send(m);
  }
  void Leave() {
    XmlElement p("presence", std::string(ns::kClient));
    p.set("to", std::string(kRoom) + "/" + nick_).set("type", "unavailable");
    Send(p);
  }
  // The first stanza that matches among those received from the `from`th on (0: all),
  // waiting for it until the wait runs out.
  std::optional<XmlElement> WaitFor(const std::function<bool(const XmlElement&)>& match, size_t from = 0) {
    std::unique_lock lock(mu_);
    std::optional<XmlElement> found;
    cv_.wait_for(lock, kWait, [&] {
      for (size_t i = from; i < received_.size(); ++i) {
        if (match(received_[i])) {
          found = received_[i];
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::optional<XmlElement> WaitForGroupchat(const std::string& from_nick, const std::string& body_part) {
    return WaitFor([&](const XmlElement& s) {
      return s.name == "message" && s.attr("from") == std::string(kRoom) + "/" + from_nick &&
             s.child_text("body").find(body_part) != std::string_view::npos;
    });
  }
  bool IsSelf(const XmlElement& presence) const {
    if (presence.attr("from") != std::string(kRoom) + "/" + nick_) return false;
    const XmlElement* x = presence.child("x", ns::kMucUser);
    if (!x) return false;
    for (const auto& c : x->children) {
      if (c.name == "status" && c.attr("code") == "110") return true;
    }
    return false;
  }
  // The room's presence about this user: removed with `code` (307, 301), or given `role`.
  std::optional<XmlElement> WaitForSelfRemoved(const std::string& code) {
    return WaitFor([&](const XmlElement& s) {
      if (s.name != "presence" || s.attr("type") != "unavailable" || !IsSelf(s)) return false;
      for (const auto& c : s.child("x", ns::kMucUser)->children) {
        if (c.name == "status" && c.attr("code") == code) return true;
      }
      return false;
    });
  }
  std::optional<XmlElement> WaitForSelfRole(const std::string& role, size_t after) {
    return WaitFor(
        [&](const XmlElement& s) {
          if (s.name != "presence" || !s.attr("type").empty() || !IsSelf(s)) return false;
          const XmlElement* item = s.child("x", ns::kMucUser)->child("item", ns::kMucUser);
          return item && item->attr("role") == role;
        },
        after);
  }
  size_t received() {
    std::lock_guard lock(mu_);
    return received_.size();
  }
  const std::string& nick() const { return nick_; }

 private:
  static XmppAccount Account(XmppAccount a, const std::string& user) {
    a.jid = user + "@localhost/test";
    return a;
  }
  void SetOnline() {
    session_.Send(XmlElement("presence", std::string(ns::kClient)));
    std::lock_guard lock(mu_);
    online_ = true;
    cv_.notify_all();
  }
  void Keep(const XmlElement& s) {
    std::lock_guard lock(mu_);
    received_.push_back(s);
    cv_.notify_all();
  }
  void Send(XmlElement s) {
    session_.Post([this, s = std::move(s)] { session_.Send(s); });
  }

  std::string nick_;
  XmppSession session_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool online_ = false;
  std::vector<XmlElement> received_;
  int sent_ = 0;
};

// What the outbox dispatcher made of the first action matching: the action (read back from
// the outbox by key) and its outcome (delivered, failed, dead, task).
struct Outcome {
  Action action;
  DeliveryRecord record;
};
std::optional<Outcome> WaitForOutcome(const Dispatcher& dispatcher, Store* store,
                                      const std::function<bool(const Action&)>& match) {
  std::optional<Outcome> found;
  WaitUntil([&] {
    for (const auto& rec : dispatcher.Recent()) {
      std::optional<OutboxItem> item;
      if (!store->GetOutboxItem(rec.key, &item).ok() || !item) continue;
      auto action = ActionFromJson(item->json);
      if (action && match(*action)) {
        found = Outcome{*action, rec};
        return true;
      }
    }
    return false;
  });
  return found;
}

std::vector<Event> LoggedEvents(Store* store) {
  std::vector<Event> out;
  EventParser parser;
  store->ReadEventsAfter(0, [&](const LoggedEvent& le) {
    Event e;
    EventError err;
    if (parser.Parse(le.json, &e, &err)) out.push_back(std::move(e));
    return true;
  });
  return out;
}

bool HasEvent(Store* store, const std::function<bool(const Event&)>& match) {
  return WaitUntil([&] {
    for (const auto& e : LoggedEvents(store)) {
      if (match(e)) return true;
    }
    return false;
  });
}

const char* kConfig = R"(tenant: XMPP end to end
timezone: Asia/Shanghai
seed: 7
store: {kind: memory}
communities:
  - id: lobby
    name: Lobby
    groups:
      - {id: "xmpp:lobby@conference.localhost", name: Lobby, capacity: 100}
features:
  moderation:
    probation: {enabled: false}
  checkin:
    keywords: ["签到"]
    reply: "{name} 签到成功，连续 {streak} 天"
  plan:
    entries:
      - id: morning
        at: "09:30"
        to: ["xmpp:lobby@conference.localhost"]
        text: "早安，今天是 {date}"
)";

TEST(XmppProsody, EngineModeratesChecksInAndPostsThroughARealServer) {
  const char* target = std::getenv("SHOAL_XMPP_E2E");
  if (!target) GTEST_SKIP() << "needs a Prosody server: run tests/xmpp/run.sh";
  std::string hostport = target;
  XmppAccount server;
  server.host = hostport.substr(0, hostport.find(':'));
  server.port = static_cast<uint16_t>(std::stoi(hostport.substr(hostport.find(':') + 1)));
  const char* password = std::getenv("SHOAL_XMPP_E2E_PASSWORD");
  server.password = password ? password : "";

  Diagnostics diag;
  std::shared_ptr<const Config> config(LoadConfigString(kConfig, "<xmpp e2e>", &diag));
  ASSERT_TRUE(config) << diag.ToString();
  // 2026-01-05 09:00 in Shanghai; time moves only when the test moves it.
  ManualClock clock(At("2026-01-05T09:00:00+08:00"));
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  IngestOptions opts;
  opts.clock = &clock;
  opts.tick_idle = kMicrosPerDay;
  opts.tick_poll = std::chrono::microseconds(20'000);
  auto ingest = Ingest::Start(config, &store, opts, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest) << st.ToString();
  IngestSink sink(ingest.get());

  XmppAdapterOptions ao;
  ao.account = server;
  ao.account.jid = "opsbot@localhost/shoal";
  ao.rooms = {kRoom};
  ao.nick = "shoal";
  XmppAdapter adapter(ao, &sink, &clock);
  std::string why;
  ASSERT_TRUE(adapter.Start(kWait, &why)) << why;
  // Prosody with mod_muc_moderation advertises XEP-0425 (the draft form): deletes are real.
  // run.sh says when prosody-modules is missing; then deletes must be reported unsupported.
  const bool moderation = std::getenv("SHOAL_XMPP_E2E_NO_MODERATION") == nullptr;
  EXPECT_EQ(adapter.capabilities().delete_message, moderation);
  EXPECT_TRUE(adapter.capabilities().ban);
  EXPECT_FALSE(adapter.capabilities().mute_timed);
  // The real outbox dispatcher delivers what the engine decided, paced on the wall clock.
  SystemClock wall;
  Dispatcher dispatcher(&store, &wall, DispatcherOptions{}, nullptr);
  dispatcher.AddAdapter(&adapter);
  dispatcher.Start();

  TestUser alice(server, "alice"), bob(server, "bob"), spammer(server, "spammer");
  for (TestUser* u : {&alice, &bob, &spammer}) {
    ASSERT_TRUE(u->Connect()) << u->nick();
    ASSERT_TRUE(u->Join()) << u->nick();
  }
  // Each join is an event with the member's real JID (the room shows it to its owner).
  for (const char* who : {"alice", "bob", "spammer"}) {
    EXPECT_TRUE(HasEvent(&store, [&](const Event& e) {
      return e.type == EventType::kJoin && e.group == "xmpp:lobby@conference.localhost" &&
             e.member == std::string("xmpp:") + who + "@localhost" && e.name == who;
    })) << who;
  }

  // Chat: the event's msg_id is the stanza-id the room stamped on what everyone saw.
  alice.Say("大家好，我是 alice");
  auto seen = bob.WaitForGroupchat("alice", "大家好");
  ASSERT_TRUE(seen);
  const XmlElement* sid = seen->child("stanza-id", ns::kStanzaId);
  ASSERT_NE(sid, nullptr);
  std::string alice_sid(sid->attr("id"));
  EXPECT_TRUE(HasEvent(&store, [&](const Event& e) {
    return e.type == EventType::kMessage && e.member == "xmpp:alice@localhost" && e.msg_id == alice_sid &&
           e.text == "大家好，我是 alice";
  }));

  // Check-in: the engine's reply arrives in the room, and the room's echo is not an event.
  bob.Say("签到");
  EXPECT_TRUE(alice.WaitForGroupchat("shoal", "bob 签到成功，连续 1 天"));
  auto checkin = WaitForOutcome(dispatcher, &store, [](const Action& a) { return a.reason == "checkin"; });
  ASSERT_TRUE(checkin);
  EXPECT_EQ(checkin->record.outcome, "delivered") << checkin->record.detail;

  // An advertiser: the ad is retracted for everyone and its author banned (301).
  spammer.Say("加微信 abc123 兼职日结，日入三百");
  auto ad = alice.WaitForGroupchat("spammer", "加微信");
  ASSERT_TRUE(ad);
  std::string ad_sid(ad->child("stanza-id", ns::kStanzaId)->attr("id"));
  EXPECT_TRUE(spammer.WaitForSelfRemoved("301")) << "the advertiser never saw itself banned";
  auto del = WaitForOutcome(dispatcher, &store, [](const Action& a) { return a.type == ActionType::kDelete; });
  ASSERT_TRUE(del);
  EXPECT_EQ(del->action.msg_id, ad_sid);
  if (moderation) {
    EXPECT_EQ(del->record.outcome, "delivered") << del->record.detail;
    auto retraction = alice.WaitFor([&](const XmlElement& s) {
      const XmlElement* apply = s.child("apply-to", ns::kFasten);
      return s.name == "message" && s.attr("from") == kRoom && apply && apply->attr("id") == ad_sid &&
             apply->child("moderated", ns::kModerate0);
    });
    EXPECT_TRUE(retraction) << "no retraction of " << ad_sid;
  } else {
    // Unsupported: a dead letter, and a task for an operator to remove it by hand.
    EXPECT_EQ(del->record.outcome, "dead");
    EXPECT_NE(del->record.detail.find("unsupported"), std::string::npos) << del->record.detail;
  }
  auto ban = WaitForOutcome(dispatcher, &store, [](const Action& a) { return a.type == ActionType::kKick; });
  ASSERT_TRUE(ban);
  EXPECT_TRUE(ban->action.ban);
  EXPECT_EQ(ban->record.outcome, "delivered") << ban->record.detail;
  EXPECT_TRUE(HasEvent(&store, [](const Event& e) {
    return e.type == EventType::kLeave && e.member == "xmpp:spammer@localhost" &&
           e.extra.find("\"removal\":\"ban\"") != std::string::npos;
  }));

  // The server's refusal comes back as a rejection with its condition.
  Action bogus{.type = ActionType::kDelete, .group = "xmpp:lobby@conference.localhost", .msg_id = "no-such-id",
               .reason = "test", .key = "t.1"};
  DeliveryResult refused = adapter.Deliver(bogus);
  EXPECT_EQ(refused.code, moderation ? DeliveryResult::Code::kRejected : DeliveryResult::Code::kUnsupported);
  if (moderation) EXPECT_EQ(refused.detail, "item-not-found");

  // A planned post goes out when time passes its slot.
  clock.Set(At("2026-01-05T09:30:00+08:00"));
  EXPECT_TRUE(alice.WaitForGroupchat("shoal", "早安，今天是 2026-01-05"));
  EXPECT_TRUE(bob.WaitForGroupchat("shoal", "早安"));

  // Mute is voice removed (visitor) and given back (participant); kick is role none (307).
  Action mute{.type = ActionType::kMute, .group = "xmpp:lobby@conference.localhost", .member = "xmpp:alice@localhost",
              .seconds = 600, .reason = "test", .key = "t.2"};
  size_t before = alice.received();
  EXPECT_EQ(adapter.Deliver(mute).code, DeliveryResult::Code::kDelivered);
  EXPECT_TRUE(alice.WaitForSelfRole("visitor", before));
  std::string muted_id = alice.Say("我被禁言了吗");  // the room refuses a visitor's message
  auto refused_msg = alice.WaitFor([&](const XmlElement& s) {
    return s.name == "message" && s.attr("type") == "error" && s.attr("id") == muted_id;
  });
  ASSERT_TRUE(refused_msg) << "a muted member could still speak";
  EXPECT_EQ(ErrorCondition(*refused_msg), "forbidden");
  // Asking for voice is a join request; approving it makes the member a room member.
  alice.RequestVoice();
  EXPECT_TRUE(HasEvent(&store, [](const Event& e) {
    return e.type == EventType::kJoinRequest && e.member == "xmpp:alice@localhost" &&
           e.request_id.starts_with("voice:alice:") && e.extra == "\"xmpp_request\":\"voice\"";
  }));
  Action approve{.type = ActionType::kApprove, .group = "xmpp:lobby@conference.localhost",
                 .member = "xmpp:alice@localhost", .request_id = "voice:alice", .reason = "test", .key = "t.6"};
  before = alice.received();
  DeliveryResult approved = adapter.Deliver(approve);
  EXPECT_EQ(approved.code, DeliveryResult::Code::kDelivered) << approved.detail;
  EXPECT_TRUE(alice.WaitFor(
      [&](const XmlElement& s) {
        if (s.name != "presence" || !alice.IsSelf(s)) return false;
        const XmlElement* item = s.child("x", ns::kMucUser)->child("item", ns::kMucUser);
        return item && item->attr("affiliation") == "member";
      },
      before));
  mute.seconds = 0;
  before = alice.received();
  EXPECT_EQ(adapter.Deliver(mute).code, DeliveryResult::Code::kDelivered);
  EXPECT_TRUE(alice.WaitForSelfRole("participant", before));
  Action kick{.type = ActionType::kKick, .group = "xmpp:lobby@conference.localhost", .member = "xmpp:bob@localhost",
              .reason = "test", .key = "t.3"};
  EXPECT_EQ(adapter.Deliver(kick).code, DeliveryResult::Code::kDelivered);
  EXPECT_TRUE(bob.WaitForSelfRemoved("307"));
  EXPECT_TRUE(HasEvent(&store, [](const Event& e) {
    return e.type == EventType::kLeave && e.member == "xmpp:bob@localhost" && e.extra == "\"removal\":\"kick\"";
  }));

  // The server drops the bot: it reconnects and rejoins by itself, and what could not go out
  // meanwhile was a retry, never a loss.
  if (const char* drop = std::getenv("SHOAL_XMPP_E2E_DROP_BOT")) {
    ASSERT_EQ(std::system(drop), 0) << drop;
    Action back{.type = ActionType::kSend, .group = "xmpp:lobby@conference.localhost", .text = "我回来了",
                .reason = "test", .key = "t.4"};
    DeliveryResult r;
    bool delivered = WaitUntil([&] {
      r = adapter.Deliver(back);
      EXPECT_TRUE(r.code == DeliveryResult::Code::kDelivered || r.code == DeliveryResult::Code::kRetry) << r.detail;
      return r.code == DeliveryResult::Code::kDelivered;
    });
    EXPECT_TRUE(delivered) << r.detail;
    EXPECT_FALSE(r.platform_ref.empty());  // the room's stanza-id for the bot's message
    EXPECT_TRUE(alice.WaitForGroupchat("shoal", "我回来了"));
    // Rejoining relearns who is there without announcing them again.
    size_t alice_joins = 0;
    for (const auto& e : LoggedEvents(&store)) alice_joins += e.type == EventType::kJoin && e.member == "xmpp:alice@localhost";
    EXPECT_EQ(alice_joins, 1u);
  }

  // A DM is a chat message to the member's real JID.
  Action dm{.type = ActionType::kDm, .member = "xmpp:alice@localhost", .text = "私信：你的积分到账了",
            .reason = "test", .key = "t.5"};
  EXPECT_EQ(adapter.Deliver(dm).code, DeliveryResult::Code::kDelivered);
  EXPECT_TRUE(alice.WaitFor([](const XmlElement& s) {
    return s.name == "message" && s.attr("type") == "chat" && BareJid(s.attr("from")) == "opsbot@localhost" &&
           s.child_text("body") == "私信：你的积分到账了";
  }));

  alice.Leave();
  EXPECT_TRUE(HasEvent(&store, [](const Event& e) {
    return e.type == EventType::kLeave && e.member == "xmpp:alice@localhost" && e.extra.empty();
  }));
  // The bot's own messages never came back in as events.
  for (const auto& e : LoggedEvents(&store)) {
    EXPECT_NE(e.name, "shoal") << e.text;
    EXPECT_EQ(e.member.find("opsbot"), std::string::npos);
  }
  adapter.Stop();
  dispatcher.Stop();
  ingest->Stop();
}

}  // namespace
}  // namespace shoal::xmpp
