// One XMPP client connection (libstrophe) and the thread that runs its event loop.
// libstrophe is not thread-safe, so everything that touches the connection runs on
// that thread: callbacks are called there, and other threads hand it work with Post().
// A dropped connection is retried with backoff until Stop().
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <strophe.h>

#include "adapters/xmpp/xml_element.h"

namespace shoal::xmpp {

struct XmppAccount {
  std::string jid;  // user@host[/resource]
  std::string password;
  std::string host = "127.0.0.1";  // where to connect ("" = the JID's domain, via DNS SRV)
  uint16_t port = 5222;
  bool require_tls = false;  // refuse a server that does not offer STARTTLS
  bool trust_tls = false;    // accept any certificate (self-signed test servers)
};

class XmppSession {
 public:
  struct Callbacks {
    std::function<void()> online;                      // connected and authenticated
    std::function<void(const std::string&)> offline;   // dropped or failed; the why
    std::function<void(const XmlElement&)> stanza;     // every inbound stanza
    std::function<void()> idle;                        // each loop turn (timeouts)
  };
  XmppSession(XmppAccount account, Callbacks callbacks, bool reconnect = true);
  ~XmppSession();
  XmppSession(const XmppSession&) = delete;
  XmppSession& operator=(const XmppSession&) = delete;

  void Start();
  // Disconnects and joins the loop thread. Idempotent; not from the loop thread.
  void Stop();
  // Runs fn on the loop thread (soon; in order). Dropped after Stop.
  void Post(std::function<void()> fn);

  // Loop thread only.
  void Send(const XmlElement& stanza);
  bool online() const { return online_; }
  // The JID the server bound for this session ("" before online).
  const std::string& bound_jid() const { return bound_jid_; }

 private:
  void Run();
  void Connect();
  static void OnConnection(xmpp_conn_t* conn, xmpp_conn_event_t status, int error, xmpp_stream_error_t* stream_error,
                           void* self);
  static int OnStanza(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* self);

  XmppAccount account_;
  Callbacks callbacks_;
  bool reconnect_;
  std::thread loop_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::deque<std::function<void()>> posted_;

  // Loop thread only.
  xmpp_ctx_t* ctx_ = nullptr;
  xmpp_conn_t* conn_ = nullptr;
  bool online_ = false;
  bool connecting_ = false;
  std::string bound_jid_;
  std::chrono::steady_clock::time_point next_connect_{};
  std::chrono::milliseconds backoff_{500};
};

}  // namespace shoal::xmpp
