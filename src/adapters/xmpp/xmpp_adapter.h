// The XMPP multi-user-chat adapter: one bot account in a set of rooms. Inbound
// groupchat messages and presences become canonical events for an EventSink;
// Deliver turns an action into a stanza (see muc_writer.h) and waits, up to the
// reply timeout, for the room to settle it: the IQ result or error, or the room's
// reflection of a groupchat message.
//
// Threads: libstrophe runs on the session's own loop thread, which alone owns the
// connection, the room state and the waiting deliveries. Deliver (the dispatcher's
// thread) posts its action to that thread and blocks on a future. capabilities()
// is fixed once Start() has seen every room joined and discovered.
//
// Ids: groups are "xmpp:<room bare JID>"; members "xmpp:<real bare JID>" (the bot
// is owner or moderator in its rooms, and rooms show real JIDs to moderators even when
// semi-anonymous), or "xmpp:<room>/<nick>" where a room hides them.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/xmpp/muc_reader.h"
#include "adapters/xmpp/muc_writer.h"
#include "adapters/xmpp/xmpp_session.h"
#include "shoal/adapter.h"

namespace shoal::xmpp {

struct XmppAdapterOptions {
  XmppAccount account;
  std::vector<std::string> rooms;  // bare room JIDs
  std::string nick = "shoal";
  std::chrono::milliseconds reply_timeout{10000};
  PlatformLimits limits{.per_chat_per_second = 2, .per_chat_per_minute = 60, .per_account_per_second = 10};
};

class XmppAdapter final : public PlatformAdapter {
 public:
  // sink and clock must outlive the adapter; the clock stamps inbound events.
  XmppAdapter(XmppAdapterOptions options, EventSink* sink, const Clock* clock);
  ~XmppAdapter() override;

  // Connects, joins every room and asks each what it supports. True once all of that is
  // done within `wait`; otherwise false and *why, and it keeps trying in the background.
  bool Start(std::chrono::milliseconds wait, std::string* why = nullptr);
  void Stop();

  std::string_view platform() const override { return "xmpp"; }
  // What the rooms offer; settled once Start() has seen every room (deletes are off until then).
  const PlatformCapabilities& capabilities() const override { return *caps_.load(std::memory_order_acquire); }
  const PlatformLimits& limits() const override { return options_.limits; }
  DeliveryResult Deliver(const Action& action) override;

 private:
  using Promise = std::shared_ptr<std::promise<DeliveryResult>>;
  struct Waiting {
    Promise promise;
    std::chrono::steady_clock::time_point deadline;
    std::string origin_id;
  };

  // Loop thread.
  void OnOnline();
  void OnOffline(const std::string& why);
  void OnStanza(const XmlElement& stanza);
  void OnIq(const XmlElement& iq);
  void ExpireWaiting();
  void Begin(const Action& action, Promise promise);
  void Settle(std::map<std::string, Waiting>::iterator it, DeliveryResult result);
  void MaybeReady();
  Timestamp Now() const;

  XmppAdapterOptions options_;
  EventSink* sink_;
  const Clock* clock_;
  XmppSession session_;

  // Loop thread only.
  MucReader reader_;
  std::map<std::string, ModerationForm, std::less<>> moderation_;  // room → advertised form
  std::map<std::string, std::string, std::less<>> disco_waiting_;  // iq id → room
  std::map<std::string, Waiting> waiting_;                         // stanza id → delivery
  uint64_t next_id_ = 0;

  std::mutex ready_mu_;
  std::condition_variable ready_cv_;
  bool ready_ = false;
  // One of the tables below, swapped once when every room has answered disco#info: readers
  // on other threads never see a table being written.
  const PlatformCapabilities caps_without_delete_, caps_with_delete_;
  std::atomic<const PlatformCapabilities*> caps_;
};

}  // namespace shoal::xmpp
