// The HTTP API over the ingest pipeline: authenticates the caller (bearer token, role,
// community scope, rate limit), routes the request to its handler and answers through
// `reply` (possibly later, from the writer thread, once the events are durable). Every
// error answer is a JSON object with an "error" field; writes and refusals are audited.
#pragma once
#include <functional>
#include <string>

#include <boost/beast/http.hpp>

#include "server/audit_log.h"
#include "server/auth.h"
#include "server/ingest.h"
#include "server/metrics.h"
#include "server/rate_limit.h"

namespace shoal {

class Dispatcher;

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
class PlatformInbound;

class Api {
 public:
  // `audit` may be null (no audit trail); the caller keeps it alive.
  Api(Ingest* ingest, const Config* config, Metrics* metrics, AuditLog* audit = nullptr);

  using Reply = std::function<void(HttpResponse&&)>;
  // Thread-safe; called from any I/O thread.
  void Handle(HttpRequest&& req, Reply reply);

  // Serves GET /v1/outbox/{dead,tasks,recent} from these (outbox_api.cc); either may be null.
  void SetOutbox(Store* store, const Dispatcher* dispatcher);

  // A JSON answer with the request's version and keep-alive.
  static HttpResponse Json(const HttpRequest& req, unsigned status, std::string body);

  // Platform callback routes (Telegram webhook, WeCom callback), which authenticate themselves;
  // server/platform_inbound.h. Null: none. The caller keeps it alive.
  void set_platform_inbound(PlatformInbound* inbound) { inbound_ = inbound; }

 private:
  void PostEvents(HttpRequest&& req, const Grant& grant, Reply reply);
  void GroupStats(const HttpRequest& req, const Grant& grant, std::string_view id, const Reply& reply);
  void AuditTrail(const HttpRequest& req, const Grant& grant, const Reply& reply);
  // Answers 403 (and audits it) unless the grant has at least `role`.
  bool Require(const HttpRequest& req, const Grant& grant, ApiRole role, std::string_view what, const Reply& reply);
  void Audit(const HttpRequest& req, const Grant* grant, unsigned status, std::string detail);
  // Invite codes (invite_api.cc): POST /v1/invites, GET /v1/invites/{code}[/qr.svg|/qr.png].
  void PostInvite(HttpRequest&& req, const Grant& grant, Reply reply);
  void GetInvite(const HttpRequest& req, std::string_view rest, const Reply& reply);
  // GET /v1/livecodes/{code}: the group a live code leads to now (invite_api.cc).
  void GetLiveCode(const HttpRequest& req, std::string_view code, const Reply& reply);

  void Outbox(const HttpRequest& req, const Grant& grant, std::string_view what, const Reply& reply);

  Ingest* ingest_;
  const Config* config_;
  Metrics* metrics_;
  AuditLog* audit_;
  TokenTable tokens_;
  RateLimiter limiter_;
  Store* outbox_store_ = nullptr;
  const Dispatcher* dispatcher_ = nullptr;
  PlatformInbound* inbound_ = nullptr;
};

// Decodes %XX escapes; false on a malformed escape.
bool PercentDecode(std::string_view in, std::string* out);

}  // namespace shoal
