#include "adapters/xmpp/xmpp_session.h"

#include <strophe.h>

#include <spdlog/spdlog.h>

#include "adapters/xmpp/strophe_bridge.h"

namespace shoal::xmpp {
namespace {

constexpr unsigned long kLoopTurnMillis = 20;  // how long one turn waits for the socket
constexpr std::chrono::milliseconds kMaxBackoff{30000};


}  // namespace

XmppSession::XmppSession(XmppAccount account, Callbacks callbacks, bool reconnect)
    : account_(std::move(account)), callbacks_(std::move(callbacks)), reconnect_(reconnect) {}

XmppSession::~XmppSession() { Stop(); }

void XmppSession::Start() {
  EnsureStropheInitialized();
  loop_ = std::thread([this] { Run(); });
}

void XmppSession::Stop() {
  if (stopping_.exchange(true)) return;
  if (loop_.joinable()) loop_.join();
}

void XmppSession::Post(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  if (!stopping_) posted_.push_back(std::move(fn));
}

void XmppSession::Send(const XmlElement& stanza) {
  if (!online_) return;
  xmpp_stanza_t* s = ToStanza(ctx_, stanza);
  xmpp_send(conn_, s);
  xmpp_stanza_release(s);
}

void XmppSession::Connect() {
  connecting_ = true;
  const char* host = account_.host.empty() ? nullptr : account_.host.c_str();
  int rc = xmpp_connect_client(conn_, host, account_.port,
                               &XmppSession::OnConnection, this);
  if (rc != XMPP_EOK) {
    connecting_ = false;
    next_connect_ = std::chrono::steady_clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
    if (callbacks_.offline) callbacks_.offline("connect failed (" + std::to_string(rc) + ")");
  }
}

void XmppSession::OnConnection(xmpp_conn_t* conn, xmpp_conn_event_t status, int error,
                               xmpp_stream_error_t* stream_error, void* self_ptr) {
  auto* self = static_cast<XmppSession*>(self_ptr);
  if (status == XMPP_CONN_CONNECT) {
    self->connecting_ = false;
    self->online_ = true;
    self->backoff_ = std::chrono::milliseconds(500);
    const char* bound = xmpp_conn_get_bound_jid(conn);
    self->bound_jid_ = bound ? bound : "";
    if (self->callbacks_.online) self->callbacks_.online();
    return;
  }
  bool was_online = self->online_;
  self->online_ = false;
  self->connecting_ = false;
  self->next_connect_ = std::chrono::steady_clock::now() + self->backoff_;
  self->backoff_ = std::min(self->backoff_ * 2, kMaxBackoff);
  std::string why = was_online ? "disconnected" : "could not connect or log in";
  if (error) why += " (error " + std::to_string(error) + ")";
  if (self->callbacks_.offline) self->callbacks_.offline(why);
}

int XmppSession::OnStanza(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* self_ptr) {
  auto* self = static_cast<XmppSession*>(self_ptr);
  if (self->callbacks_.stanza) self->callbacks_.stanza(FromStanza(stanza));
  return 1;  // keep the handler
}

void XmppSession::Run() {
  ctx_ = xmpp_ctx_new(nullptr, nullptr);
  conn_ = xmpp_conn_new(ctx_);
  xmpp_conn_set_jid(conn_, account_.jid.c_str());
  xmpp_conn_set_pass(conn_, account_.password.c_str());
  long flags = 0;
  if (account_.require_tls) flags |= XMPP_CONN_FLAG_MANDATORY_TLS;
  if (account_.trust_tls) flags |= XMPP_CONN_FLAG_TRUST_TLS;
  xmpp_conn_set_flags(conn_, flags);
  xmpp_handler_add(conn_, &XmppSession::OnStanza, nullptr, nullptr, nullptr,
                   this);
  Connect();
  bool gave_up = false;
  while (!stopping_) {
    xmpp_run_once(ctx_, kLoopTurnMillis);
    std::deque<std::function<void()>> work;
    {
      std::lock_guard lock(mu_);
      work.swap(posted_);
    }
    for (auto& fn : work) fn();
    if (callbacks_.idle) callbacks_.idle();
    if (!online_ && !connecting_) {
      if (!reconnect_) {
        if (!gave_up) spdlog::info("xmpp {}: offline, not reconnecting", account_.jid);
        gave_up = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(kLoopTurnMillis));
      } else if (std::chrono::steady_clock::now() >= next_connect_) {
        Connect();
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(kLoopTurnMillis));
      }
    }
  }
  if (online_ || connecting_) {
    xmpp_disconnect(conn_);
    // Let the closing stream go out; the handler reports offline.
    for (int i = 0; i < 50 && (online_ || connecting_); ++i) xmpp_run_once(ctx_, kLoopTurnMillis);
  }
  {
    // Work posted but never run: dropping it breaks its promises, so waiting callers return now.
    std::lock_guard lock(mu_);
    posted_.clear();
  }
  xmpp_conn_release(conn_);
  xmpp_ctx_free(ctx_);
  conn_ = nullptr;
  ctx_ = nullptr;
}

}  // namespace shoal::xmpp
