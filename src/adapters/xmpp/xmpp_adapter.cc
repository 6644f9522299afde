#include "adapters/xmpp/xmpp_adapter.h"

#include <spdlog/spdlog.h>

#include "adapters/xmpp/jid.h"
#include "adapters/xmpp/namespaces.h"

namespace shoal::xmpp {

XmppAdapter::XmppAdapter(XmppAdapterOptions options, EventSink* sink, const Clock* clock)
    : options_(std::move(options)),
      sink_(sink),
      clock_(clock),
      session_(options_.account, XmppSession::Callbacks{
                                     .online = [this] { OnOnline(); },
                                     .offline = [this](const std::string& why) { OnOffline(why); },
                                     .stanza = [this](const XmlElement& s) { OnStanza(s); },
                                     .idle = [this] { ExpireWaiting(); },
                                 }),
      caps_without_delete_(XmppCapabilities(ModerationForm::kNone)),
      caps_with_delete_(XmppCapabilities(ModerationForm::kDraft0)),
      caps_(&caps_without_delete_) {
  for (const auto& room : options_.rooms) reader_.AddRoom(room, options_.nick);
}

XmppAdapter::~XmppAdapter() { Stop(); }

bool XmppAdapter::Start(std::chrono::milliseconds wait, std::string* why) {
  session_.Start();
  std::unique_lock lock(ready_mu_);
  if (ready_cv_.wait_for(lock, wait, [this] { return ready_; })) return true;
  if (why) *why = "not connected and in every room within " + std::to_string(wait.count()) + " ms";
  return false;
}

void XmppAdapter::Stop() { session_.Stop(); }

DeliveryResult XmppAdapter::Deliver(const Action& action) {
  auto promise = std::make_shared<std::promise<DeliveryResult>>();
  std::future<DeliveryResult> result = promise->get_future();
  session_.Post([this, action, promise] { Begin(action, promise); });
  // The loop settles every delivery within reply_timeout; this margin only covers a stopped loop.
  if (result.wait_for(options_.reply_timeout + std::chrono::seconds(2)) != std::future_status::ready) {
    return DeliveryResult::Retry("xmpp adapter did not answer (stopped?)");
  }
  try {
    return result.get();
  } catch (const std::future_error&) {
    return DeliveryResult::Retry("xmpp adapter stopped");
  }
}

void XmppAdapter::Begin(const Action& action, Promise promise) {
  if (!session_.online()) {
    promise->set_value(DeliveryResult::Retry("not connected to the XMPP server"));
    return;
  }
  std::string room_jid(JidOfId(action.group));
  const MucRoom* room = action.group.empty() ? nullptr : reader_.room(room_jid);
  auto form = moderation_.find(room_jid);
  std::string id = "shoal-" + std::to_string(++next_id_);
  Plan plan = PlanAction(action, room, form == moderation_.end() ? ModerationForm::kNone : form->second, id);
  if (plan.kind == Plan::Kind::kDone) {
    promise->set_value(std::move(plan.result));
    return;
  }
  session_.Send(plan.stanza);
  if (plan.kind == Plan::Kind::kMessage && !plan.await_reflection) {
    promise->set_value(DeliveryResult::Delivered());
    return;
  }
  waiting_[id] = Waiting{std::move(promise), std::chrono::steady_clock::now() + options_.reply_timeout,
                         plan.await_reflection ? action.key : std::string()};
}

void XmppAdapter::Settle(std::map<std::string, Waiting>::iterator it, DeliveryResult result) {
  it->second.promise->set_value(std::move(result));
  waiting_.erase(it);
}

void XmppAdapter::ExpireWaiting() {
  auto now = std::chrono::steady_clock::now();
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    auto next = std::next(it);
    if (it->second.deadline <= now) {
      Settle(it, DeliveryResult::Retry("no reply from the room within " +
                                       std::to_string(options_.reply_timeout.count()) + " ms"));
    }
    it = next;
  }
}

void XmppAdapter::OnOnline() {
  spdlog::info("xmpp {}: online as {}", options_.account.jid, session_.bound_jid());
  session_.Send(XmlElement("presence", std::string(ns::kClient)));
  for (const auto& room : reader_.room_jids()) session_.Send(JoinPresence(room, options_.nick));
}

void XmppAdapter::OnOffline(const std::string& why) {
  spdlog::warn("xmpp {}: {}", options_.account.jid, why);
  reader_.ResetRooms();
  disco_waiting_.clear();
  while (!waiting_.empty()) Settle(waiting_.begin(), DeliveryResult::Retry("XMPP connection lost: " + why));
}

void XmppAdapter::OnIq(const XmlElement& iq) {
  std::string_view type = iq.attr("type");
  if (type == "get" || type == "set") {
    bool ping = type == "get" && iq.child("ping", ns::kPing);
    session_.Send(IqReply(iq, ping));
    return;
  }
  std::string id(iq.attr("id"));
  if (auto d = disco_waiting_.find(id); d != disco_waiting_.end()) {
    moderation_[d->second] = ModerationFromDiscoInfo(iq);
    disco_waiting_.erase(d);
    MaybeReady();
    return;
  }
  if (auto w = waiting_.find(id); w != waiting_.end()) Settle(w, DeliveryFromIqReply(iq));
}

void XmppAdapter::OnStanza(const XmlElement& stanza) {
  if (stanza.name == "iq") return OnIq(stanza);
  ReadResult r = reader_.Read(stanza, Now());
  switch (r.note) {
    case ReadResult::Note::kSelfJoined: {
      const MucRoom* room = reader_.room(r.room);
      spdlog::info("xmpp: joined {} as {} ({}/{})", r.room, room->nick, room->self_affiliation, room->self_role);
      if (room->self_role != "moderator") spdlog::warn("xmpp: not a moderator in {}: kicks and mutes will fail", r.room);
      std::string id = "shoal-disco-" + std::to_string(++next_id_);
      disco_waiting_[id] = r.room;
      session_.Send(DiscoInfoQuery(r.room, id));
      break;
    }
    case ReadResult::Note::kSelfRemoved:
      spdlog::warn("xmpp: removed from {} ({})", r.room, r.detail);
      break;
    case ReadResult::Note::kJoinFailed:
      spdlog::error("xmpp: cannot join {}: {}", r.room, r.detail);
      break;
    case ReadResult::Note::kReflection: {
      auto w = waiting_.find(r.id);
      if (w == waiting_.end() && !r.origin_id.empty()) {
        for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
          if (it->second.origin_id == r.origin_id) {
            w = it;
            break;
          }
        }
      }
      if (w != waiting_.end()) Settle(w, DeliveryResult::Delivered(r.stanza_id));
      break;
    }
    case ReadResult::Note::kMessageError:
      if (auto w = waiting_.find(r.id); w != waiting_.end()) Settle(w, DeliveryResult::Rejected(r.detail));
      break;
    case ReadResult::Note::kNone:
      break;
  }
  if (r.events.empty() || !sink_) return;
  size_t n = r.events.size();
  sink_->Submit(std::move(r.events), [n](EventSink::Ack ack) {
    if (!ack.stored) spdlog::error("xmpp: {} inbound event(s) not stored", n);
    for (const auto& e : ack.errors) spdlog::warn("xmpp: inbound event refused: {}", e);
  });
}

void XmppAdapter::MaybeReady() {
  for (const auto& room : reader_.room_jids()) {
    const MucRoom* r = reader_.room(room);
    if (!r->joined || !moderation_.contains(room)) return;
  }
  ModerationForm form = ModerationForm::kCurrent1;
  for (const auto& [room, f] : moderation_) form = std::min(form, f);  // what every room offers
  std::lock_guard lock(ready_mu_);
  if (ready_) return;
  bool deletes = !options_.rooms.empty() && form != ModerationForm::kNone;
  caps_.store(deletes ? &caps_with_delete_ : &caps_without_delete_, std::memory_order_release);
  ready_ = true;
  ready_cv_.notify_all();
}

Timestamp XmppAdapter::Now() const { return Timestamp{.utc = clock_->Now(), .offset_minutes = 0, .zulu = true}; }

}  // namespace shoal::xmpp
