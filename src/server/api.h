// The HTTP API over the ingest pipeline: authenticates the caller (bearer token, role,
// community scope, rate limit), routes the request to its handler and answers through
// `reply` (possibly later, from the writer thread, once the events are durable). Every
// error answer is a JSON object with an "error" field; writes and refusals are audited.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/http.hpp>
#include <nlohmann/json_fwd.hpp>

#include "server/audit_log.h"
#include "server/http_types.h"
#include "server/auth.h"
#include "server/ingest.h"
#include "server/metrics.h"
#include "server/rate_limit.h"
#include "server/session.h"
#include "server/static_files.h"

namespace shoal {

class Dispatcher;
class LiveFeed;
class PlatformInbound;

class Api {
 public:
  // `audit` may be null (no audit trail); the caller keeps it alive. `clock` (null: the system
  // clock) dates login sessions.
  Api(Ingest* ingest, const Config* config, Metrics* metrics, AuditLog* audit = nullptr,
      const Clock* clock = nullptr);

  // Serves the built dashboard from `root` for every GET outside /v1 (no auth: it is public code).
  void SetWebRoot(const std::string& root);
  const StaticFiles* web() const { return web_.get(); }
  // The live feed WebSocket clients subscribe to (null: /v1/live answers 404).
  void SetLiveFeed(LiveFeed* live) { live_ = live; }
  // Keeps dashboard sessions in `path` so logins survive a restart (server/session.h).
  bool PersistSessions(const std::string& path, std::string* why);
  // Marks the session cookie Secure (set it when the server sits behind TLS).
  void SetSecureCookie(bool secure) { secure_cookie_ = secure; }
  LiveFeed* live_feed() const { return live_; }
  // Authenticates a WebSocket upgrade to /v1/live (session cookie or bearer token) and works out
  // the communities it may watch (?community= narrows the grant). False with *refusal set.
  bool AuthorizeLive(const HttpRequest& req, std::vector<std::string>* communities, HttpResponse* refusal);

  using Reply = std::function<void(HttpResponse&&)>;
  // Thread-safe; called from any I/O thread. `peer` is the client's address (login attempts
  // are limited per address); empty when unknown.
  void Handle(HttpRequest&& req, Reply reply, std::string_view peer = {});

  // Serves GET /v1/outbox/{dead,tasks,recent} from these (outcomes from the engine) (outbox_api.cc); either may be null.
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

  // Dashboard reads (dashboard_api.cc).
  void Overview(const HttpRequest& req, const Grant& grant, const Reply& reply);
  // Analytics' `view` ("@summary", "@groups") of every community, by id. Built once per applied
  // event seq and shared by every dashboard read until the next event; callers cut it to the grant.
  using HealthViews = std::shared_ptr<const std::map<std::string, nlohmann::json, std::less<>>>;
  HealthViews CommunityHealth(std::string_view view) const;
  struct HealthCache;
  static std::shared_ptr<HealthCache> NewHealthCache();  // dashboard_api.cc, where it is complete
  void GroupTable(const HttpRequest& req, const Grant& grant, const Reply& reply);
  void GroupPage(const HttpRequest& req, const Grant& grant, std::string_view id, const Reply& reply);
  void Leaderboards(const HttpRequest& req, const Grant& grant, const Reply& reply);
  void Growth(const HttpRequest& req, const Grant& grant, const Reply& reply);
  // Per community in the grant (and ?community=): {id, name} and the objects `keys` found in
  // the report under features/`section`.
  void CommunitySections(const HttpRequest& req, const Grant& grant, const Reply& reply,
                         const std::vector<std::string>& section, const std::vector<std::string>& keys);
  void ModerationQueue(const HttpRequest& req, const Grant& grant, const Reply& reply);
  // GET /v1/members/{id} and GET /v1/plans/calendar (dashboard_pages_api.cc).
  void MemberPage(const HttpRequest& req, const Grant& grant, std::string_view id, const Reply& reply);
  void PlanCalendarPage(const HttpRequest& req, const Grant& grant, const Reply& reply);
  void ModerationCommand(HttpRequest&& req, const Grant& grant, std::string_view rest, Reply reply);
  nlohmann::json VisibleDecisions(const Grant& grant, std::string_view community) const;
  // Answers for a `kind` ("group", "member") the grant cannot see: 403 (audited) to a scoped
  // grant, whether it exists elsewhere or not at all; 404 to a tenant-wide one.
  void NotVisible(const HttpRequest& req, const Grant& grant, std::string_view kind, const std::string& id,
                  const Reply& reply);
  // Reads ?community=; answers 403 (false) when it names a community outside the grant.
  bool CommunityFilter(const HttpRequest& req, const Grant& grant, std::string* community, const Reply& reply);
  // Sessions (login_api.cc).
  void Login(const HttpRequest& req, std::string_view peer, const Reply& reply);
  void Logout(const HttpRequest& req, const Grant& grant, std::string_view session, const Reply& reply);
  void WhoAmI(const HttpRequest& req, const Grant& grant, std::string_view session, const Reply& reply);
  std::string SessionCookie(std::string_view value, Micros max_age) const;
  // The caller's grant from the bearer token or the session cookie (*session: its id), or null
  // with *why. A cookie request that changes state must repeat the session's CSRF token.
  const Grant* Authenticate(const HttpRequest& req, std::string* session, unsigned* status, std::string* why);

  SystemClock system_clock_;
  const Clock* clock_;
  Ingest* ingest_;
  const Config* config_;
  Metrics* metrics_;
  AuditLog* audit_;
  TokenTable tokens_;
  RateLimiter limiter_;
  RateLimiter login_limiter_;  // per client address
  Store* outbox_store_ = nullptr;
  const Dispatcher* dispatcher_ = nullptr;
  SessionTable sessions_;
  std::unique_ptr<StaticFiles> web_;
  LiveFeed* live_ = nullptr;
  bool secure_cookie_ = false;
  PlatformInbound* inbound_ = nullptr;
  std::shared_ptr<HealthCache> health_cache_;
};

// How long a dashboard login lasts.
inline constexpr Micros kSessionTtl = 12 * 3600 * kMicrosPerSecond;

// Decodes %XX escapes; false on a malformed escape.
bool PercentDecode(std::string_view in, std::string* out);
// The decoded value of query parameter `name` in a request target ("" when absent or malformed).
std::string QueryParam(std::string_view target, std::string_view name);

}  // namespace shoal
