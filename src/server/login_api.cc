// Dashboard login over HTTP.
//   POST /v1/login   {"token": "shoal_…"} or token=shoal_… (form): sets the session cookie
//                    (HttpOnly; SameSite=Strict; Path=/; Secure when server.secure_cookie) and
//                    answers {"csrf", "name", "role", "communities", "expires"}.
//   POST /v1/logout  forgets the session (needs the cookie and X-CSRF-Token), clears the cookie.
//   GET  /v1/session who the caller is, with the session's CSRF token when it came by cookie.
#include <nlohmann/json.hpp>

#include "server/api.h"

namespace shoal {

namespace http = boost::beast::http;

namespace {

std::string ErrorJson(std::string_view message) { return nlohmann::json{{"error", message}}.dump(); }

nlohmann::json GrantJson(const Grant& g) {
  return {{"name", g.name}, {"role", ApiRoleName(g.role)}, {"communities", g.communities}};
}

}  // namespace

std::string Api::SessionCookie(std::string_view value, Micros max_age) const {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(value) +
                       "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age / kMicrosPerSecond);
  if (secure_cookie_) cookie += "; Secure";
  return cookie;
}

void Api::Login(const HttpRequest& req, std::string_view peer, const Reply& reply) {
  int64_t retry_after = 0;
  if (!login_limiter_.Allow(peer.empty() ? "-" : peer, SteadyNowMicros(), &retry_after)) {
    ++metrics_->rate_limited;
    Audit(req, nullptr, 429, "login attempts from " + std::string(peer) + " over server.login_per_minute");
    HttpResponse res = Json(req, 429, ErrorJson("too many login attempts from this address; retry in " +
                                                std::to_string(retry_after) + " s"));
    res.set(http::field::retry_after, std::to_string(retry_after));
    return reply(std::move(res));
  }
  std::string token;
  auto type = req[http::field::content_type];
  if (type.find("application/x-www-form-urlencoded") != std::string_view::npos) {
    token = QueryParam("?" + req.body(), "token");
  } else {
    nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
    if (body.is_object() && body.contains("token") && body["token"].is_string()) token = body["token"].get<std::string>();
  }
  if (token.empty()) return reply(Json(req, 400, ErrorJson("send {\"token\": \"shoal_…\"} (JSON) or token=… (form)")));
  std::string why;
  const Grant* grant = tokens_.Authenticate("Bearer " + token, &why);
  if (!grant) {
    ++metrics_->auth_failures;
    Audit(req, nullptr, 401, "login refused: " + why);
    return reply(Json(req, 401, ErrorJson("login refused: " + why)));
  }
  SessionTable::Created s = sessions_.Create(grant);
  Audit(req, grant, 200, "login");
  nlohmann::json out = GrantJson(*grant);
  out["csrf"] = s.csrf;
  out["expires"] = FormatRfc3339(Timestamp{.utc = s.expires, .zulu = true});
  HttpResponse res = Json(req, 200, out.dump());
  res.set(http::field::set_cookie, SessionCookie(s.id, kSessionTtl));
  res.set(http::field::cache_control, "no-store");
  reply(std::move(res));
}

bool Api::PersistSessions(const std::string& path, std::string* why) {
  size_t skipped = 0;
  bool ok = sessions_.Persist(path, [this](std::string_view name) { return tokens_.Named(name); }, &skipped, why);
  if (skipped > 0) *why = std::to_string(skipped) + " malformed line(s) in " + path + " skipped";
  return ok;
}

void Api::Logout(const HttpRequest& req, const Grant& grant, std::string_view session, const Reply& reply) {
  if (!session.empty()) sessions_.Remove(session);
  Audit(req, &grant, 200, "logout");
  HttpResponse res = Json(req, 200, nlohmann::json{{"logged_out", !session.empty()}}.dump());
  res.set(http::field::set_cookie, SessionCookie("", 0));
  reply(std::move(res));
}

void Api::WhoAmI(const HttpRequest& req, const Grant& grant, std::string_view session, const Reply& reply) {
  nlohmann::json out = GrantJson(grant);
  std::string csrf;
  if (!session.empty() && sessions_.Find(session, &csrf)) out["csrf"] = csrf;
  HttpResponse res = Json(req, 200, out.dump());
  res.set(http::field::cache_control, "no-store");
  reply(std::move(res));
}

}  // namespace shoal
