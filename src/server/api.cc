#include "server/api.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "server/body_parser.h"
#include "server/openapi_spec.h"
#include "server/platform_inbound.h"

namespace shoal {

namespace http = boost::beast::http;

namespace {

std::string ErrorJson(std::string_view message) {
  nlohmann::json j;
  j["error"] = message;
  return j.dump();
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = Hex(in[i + 1]), lo = Hex(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

Api::Api(Ingest* ingest, const Config* config, Metrics* metrics, AuditLog* audit, const Clock* clock)
    : clock_(clock ? clock : &system_clock_),
      ingest_(ingest),
      config_(config),
      metrics_(metrics),
      audit_(audit),
      tokens_(config->server),
      limiter_(config->server.token_rate, config->server.token_burst),
      login_limiter_(config->server.login_per_minute / 60.0, static_cast<int64_t>(config->server.login_per_minute)),
      sessions_(clock_, kSessionTtl),
      health_cache_(NewHealthCache()) {}

void Api::SetWebRoot(const std::string& root) { web_ = std::make_unique<StaticFiles>(root); }

namespace {

int64_t WallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void Api::Audit(const HttpRequest& req, const Grant* grant, unsigned status, std::string detail) {
  if (!audit_) return;
  std::string_view target(req.target().data(), req.target().size());
  audit_->Append({.time_micros = WallMicros(),
                  .token = grant ? grant->name : "-",
                  .role = grant ? std::string(ApiRoleName(grant->role)) : "",
                  .method = std::string(to_string(req.method())),
                  .path = std::string(target.substr(0, std::min<size_t>(target.size(), 512))),
                  .status = status,
                  .detail = std::move(detail)});
}

bool Api::Require(const HttpRequest& req, const Grant& grant, ApiRole role, std::string_view what, const Reply& reply) {
  if (grant.role >= role) return true;
  ++metrics_->forbidden;
  std::string why = "role " + std::string(ApiRoleName(grant.role)) + " may not " + std::string(what) + " (needs " +
                    std::string(ApiRoleName(role)) + ")";
  Audit(req, &grant, 403, why);
  reply(Json(req, 403, ErrorJson(why)));
  return false;
}

HttpResponse Api::Json(const HttpRequest& req, unsigned status, std::string body) {
  HttpResponse res{static_cast<http::status>(status), req.version()};
  res.set(http::field::server, "shoal");
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.body().push_back('\n');
  res.prepare_payload();
  return res;
}

void Api::Handle(HttpRequest&& req, Reply reply, std::string_view peer) {
  ++metrics_->requests;
  std::string_view target(req.target().data(), req.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  const auto method = req.method();
  if (path == "/healthz" && method == http::verb::get) {
    nlohmann::json j;  // open to all: load balancers probe it; it says nothing about the data
    j["status"] = ingest_->broken() ? "store_failed" : "ok";
    j["last_seq"] = ingest_->committed_seq();
    return reply(Json(req, ingest_->broken() ? 503 : 200, j.dump()));
  }
  if (path == "/v1/openapi.json" && method == http::verb::get) return reply(Json(req, 200, OpenApiJson()));
  if (inbound_ && inbound_->Handle(req, reply)) return;  // platform callbacks: their own signatures
  const bool api_path = path.starts_with("/v1/") || path == "/metrics";
  if (!api_path && (method == http::verb::get || method == http::verb::head)) {
    // The dashboard's files are public code; its data comes from the API below.
    HttpResponse res = web_ ? web_->Serve(req) : Json(req, 404, ErrorJson("no dashboard configured"));
    if (res.result_int() == 400) Audit(req, nullptr, 400, "static path refused");
    return reply(std::move(res));
  }
  if (path == "/v1/login") {
    if (method != http::verb::post) return reply(Json(req, 405, ErrorJson("use POST for /v1/login")));
    return Login(req, peer, reply);
  }
  std::string why, session;
  unsigned status = 401;
  const Grant* grant = Authenticate(req, &session, &status, &why);
  if (!grant) {
    if (status == 401) ++metrics_->auth_failures;
    else ++metrics_->forbidden;
    Audit(req, nullptr, status, why);
    HttpResponse res = Json(req, status, ErrorJson(why));
    if (status == 401) res.set(http::field::www_authenticate, "Bearer realm=\"shoal\"");
    return reply(std::move(res));
  }
  int64_t retry_after = 0;
  if (tokens_.enabled() && !limiter_.Allow(grant->name, SteadyNowMicros(), &retry_after)) {
    ++metrics_->rate_limited;
    HttpResponse res = Json(req, 429, ErrorJson("too many requests for token '" + grant->name + "'; retry in " +
                                                std::to_string(retry_after) + " s"));
    res.set(http::field::retry_after, std::to_string(retry_after));
    return reply(std::move(res));
  }
  if (path == "/v1/events") {
    if (method != http::verb::post) return reply(Json(req, 405, ErrorJson("use POST for /v1/events")));
    if (!Require(req, *grant, ApiRole::kOperator, "post events", reply)) return;
    return PostEvents(std::move(req), *grant, std::move(reply));
  }
  if (path == "/metrics" && method == http::verb::get) {
    HttpResponse res = Json(req, 200, metrics_->Render());
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.body().pop_back();
    res.prepare_payload();
    return reply(std::move(res));
  }
  if (path == "/v1/audit" && method == http::verb::get) return AuditTrail(req, *grant, reply);
  constexpr std::string_view kOutbox = "/v1/outbox/";
  if (path.starts_with(kOutbox) && method == http::verb::get) return Outbox(req, *grant, path.substr(kOutbox.size()), reply);
  if (path == "/v1/logout" && method == http::verb::post) return Logout(req, *grant, session, reply);
  if (path == "/v1/session" && method == http::verb::get) return WhoAmI(req, *grant, session, reply);
  if (path == "/v1/live" && method == http::verb::get)  // the HTTP server hands real upgrades to the live feed
    return reply(Json(req, 426, ErrorJson("/v1/live is a WebSocket: connect with Upgrade: websocket")));
  if (path == "/v1/overview" && method == http::verb::get) return Overview(req, *grant, reply);
  if (path == "/v1/groups" && method == http::verb::get) return GroupTable(req, *grant, reply);
  if (path == "/v1/leaderboards" && method == http::verb::get) return Leaderboards(req, *grant, reply);
  if (path == "/v1/growth" && method == http::verb::get) return Growth(req, *grant, reply);
  if (path == "/v1/moderation/queue" && method == http::verb::get) return ModerationQueue(req, *grant, reply);
  if (path == "/v1/plans/calendar" && method == http::verb::get) return PlanCalendarPage(req, *grant, reply);
  constexpr std::string_view kMembers = "/v1/members/";
  if (path.starts_with(kMembers) && path.size() > kMembers.size() && method == http::verb::get)
    return MemberPage(req, *grant, path.substr(kMembers.size()), reply);
  constexpr std::string_view kModeration = "/v1/moderation/";
  if (path.starts_with(kModeration) && method == http::verb::post) {
    if (!Require(req, *grant, ApiRole::kOperator, "undo or label moderation decisions", reply)) return;
    std::string rest(path.substr(kModeration.size()));
    return ModerationCommand(std::move(req), *grant, rest, std::move(reply));
  }
  if (path == "/v1/invites") {
    if (method != http::verb::post) return reply(Json(req, 405, ErrorJson("use POST for /v1/invites")));
    if (!Require(req, *grant, ApiRole::kOperator, "create invite codes", reply)) return;
    return PostInvite(std::move(req), *grant, std::move(reply));
  }
  constexpr std::string_view kInvites = "/v1/invites/";
  if (path.starts_with(kInvites) && path.size() > kInvites.size() && method == http::verb::get)
    return GetInvite(req, path.substr(kInvites.size()), reply);
  constexpr std::string_view kLive = "/v1/livecodes/";
  if (path.starts_with(kLive) && path.size() > kLive.size() && method == http::verb::get)
    return GetLiveCode(req, path.substr(kLive.size()), reply);
  constexpr std::string_view kGroups = "/v1/groups/", kStats = "/stats";
  if (path.starts_with(kGroups) && path.ends_with(kStats) && path.size() > kGroups.size() + kStats.size() &&
      method == http::verb::get)
    return GroupStats(req, *grant, path.substr(kGroups.size(), path.size() - kGroups.size() - kStats.size()), reply);
  if (path.starts_with(kGroups) && path.size() > kGroups.size() && method == http::verb::get)
    return GroupPage(req, *grant, path.substr(kGroups.size()), reply);
  reply(Json(req, 404, ErrorJson("no such endpoint: " + std::string(to_string(method)) + " " + std::string(path))));
}

const Grant* Api::Authenticate(const HttpRequest& req, std::string* session, unsigned* status, std::string* why) {
  auto authorization = req[http::field::authorization];
  auto cookie = req[http::field::cookie];
  std::string_view id = CookieValue(std::string_view(cookie.data(), cookie.size()), kSessionCookie);
  *status = 401;
  if (!authorization.empty() || id.empty() || !tokens_.enabled())
    return tokens_.Authenticate(std::string_view(authorization.data(), authorization.size()), why);
  std::string csrf;
  const Grant* grant = sessions_.Find(id, &csrf);
  if (!grant) {
    *why = "session unknown or expired; log in again";  // forged, replayed after logout, or old
    return nullptr;
  }
  const auto method = req.method();
  if (method != http::verb::get && method != http::verb::head && method != http::verb::options) {
    auto sent = req["X-CSRF-Token"];
    if (!sessions_.CheckCsrf(id, std::string_view(sent.data(), sent.size()))) {
      *status = 403;
      *why = "missing or wrong X-CSRF-Token for this session";
      return nullptr;
    }
  }
  *session = std::string(id);
  return grant;
}

void Api::AuditTrail(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  if (!Require(req, grant, ApiRole::kAdmin, "read the audit log", reply)) return;
  nlohmann::json out;
  out["lines"] = nlohmann::json::array();
  if (audit_) {
    for (const auto& line : audit_->Recent(1000)) out["lines"].push_back(nlohmann::json::parse(line, nullptr, false));
  }
  reply(Json(req, 200, out.dump()));
}

void Api::GroupStats(const HttpRequest& req, const Grant& grant, std::string_view raw_id, const Reply& reply) {
  std::string id;
  if (!PercentDecode(raw_id, &id)) return reply(Json(req, 400, ErrorJson("malformed percent-escape in group id")));
  const CommunityConfig* community = nullptr;
  // A scoped token learns nothing about groups outside its communities, not even whether they exist.
  if (!grant.tenant_wide() && (!config_->FindGroup(id, &community) || !grant.Covers(community->id))) {
    ++metrics_->forbidden;
    Audit(req, &grant, 403, "group " + id + " is outside the token's communities");
    return reply(Json(req, 403, ErrorJson("group '" + id + "' is not in this token's communities")));
  }
  nlohmann::json out;
  if (!ingest_->GroupStats(id, out)) return reply(Json(req, 404, ErrorJson("unknown group '" + id + "'")));
  reply(Json(req, 200, out.dump()));
}

void Api::PostEvents(HttpRequest&& req, const Grant& grant, Reply reply) {
  auto type = req[http::field::content_type];
  bool ndjson = type.find("ndjson") != std::string_view::npos || type.find("jsonl") != std::string_view::npos;
  // One parser per I/O thread: it keeps its buffers between requests.
  thread_local std::unique_ptr<EventParser> parser;
  thread_local const Config* parser_config = nullptr;
  if (!parser || parser_config != config_) {
    parser = std::make_unique<EventParser>(config_->limits);
    parser_config = config_;
  }
  auto body = std::make_shared<ParsedBody>(ParseBody(req.body(), ndjson, *parser));
  if (body->empty) return reply(Json(req, 400, ErrorJson("empty body: send one event object or JSONL")));
  if (body->garbage) {
    metrics_->events_rejected += body->errors.size();
    const auto& first = body->errors.front();
    return reply(Json(req, 400, ErrorJson("body is not a JSON event or JSONL of events (line " +
                                          std::to_string(first.line) + ": " + first.error.ToString() + ")")));
  }
  if (!grant.tenant_wide()) {
    // All or nothing: one event outside the token's communities refuses the whole request.
    for (size_t i = 0; i < body->events.size(); ++i) {
      const Event& e = body->events[i];
      const CommunityConfig* community = nullptr;
      bool covered = !e.group.empty() && config_->FindGroup(e.group, &community) && grant.Covers(community->id);
      if (!covered) {
        ++metrics_->forbidden;
        std::string why = "line " + std::to_string(body->event_lines[i]) + ": " +
                          (e.group.empty() ? std::string("an event without a group needs a tenant-wide token")
                                           : "group '" + e.group + "' is not in this token's communities") +
                          "; nothing from this request was accepted";
        Audit(req, &grant, 403, why);
        return reply(Json(req, 403, ErrorJson(why)));
      }
    }
  }
  metrics_->events_rejected += body->errors.size();
  auto shared_req = std::make_shared<HttpRequest>(std::move(req));
  shared_req->body().clear();  // the events are parsed; keep only what the answer needs
  std::vector<Event> events = std::move(body->events);
  const Grant* caller = &grant;  // lives in tokens_, as long as the Api
  ingest_->Submit(std::move(events), [this, caller, body, shared_req, reply = std::move(reply)](SubmitResult&& r) {
    if (!r.store.ok()) {
      Audit(*shared_req, caller, 503, "store refused the batch: " + r.store.message);
      nlohmann::json j;
      j["error"] = "events not stored: " + r.store.message + "; nothing from this request was accepted, retry later";
      j["store"] = StoreCodeName(r.store.code);
      return reply(Json(*shared_req, 503, j.dump()));
    }
    // Merge per-line results back into body order.
    struct Row {
      int line;
      nlohmann::json j;
    };
    std::vector<Row> rows;
    rows.reserve(r.outcomes.size() + body->errors.size());
    size_t rejected = body->errors.size();
    for (const auto& e : body->errors)
      rows.push_back({e.line, {{"line", e.line}, {"status", "rejected"}, {"field", e.error.field},
                               {"error", e.error.message}}});
    for (size_t i = 0; i < r.outcomes.size(); ++i) {
      const auto& o = r.outcomes[i];
      int line = body->event_lines[i];
      if (o.accepted) {
        rows.push_back({line, {{"line", line}, {"status", "accepted"}, {"seq", o.seq}}});
      } else {
        ++rejected;
        rows.push_back({line, {{"line", line}, {"status", "rejected"}, {"field", o.error.field},
                               {"error", o.error.message}}});
      }
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.line < b.line; });
    Audit(*shared_req, caller, 200,
          std::to_string(r.accepted) + " events accepted, " + std::to_string(rejected) + " rejected");
    nlohmann::json out;
    out["accepted"] = r.accepted;
    out["rejected"] = rejected;
    nlohmann::json& results = out["results"] = nlohmann::json::array();
    for (auto& row : rows) results.push_back(std::move(row.j));
    reply(Json(*shared_req, 200, out.dump()));
  });
}

}  // namespace shoal
