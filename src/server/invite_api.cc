// Invite codes over HTTP.
//   POST /v1/invites  {"code"?, "channel"?, "group"?, "inviter"?, "uses"?, "expires"?, "revoke"?, "ts"?}
//       logs an `invite` event (durable before the answer), like POST /v1/events would.
//   GET  /v1/invites/{code}          the code's details (uses, expiry, link, status)
//   GET  /v1/invites/{code}/qr.svg   its link as a QR image (also qr.png); 410 when it no longer works
//   GET  /v1/livecodes/{code}        the group a live code leads to now, with its link and seats left
#include <nlohmann/json.hpp>

#include "growth/invite_event.h"
#include "growth/qr.h"
#include "server/api.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace http = boost::beast::http;

namespace {
std::string ErrorJson(std::string_view message) { return nlohmann::json{{"error", message}}.dump(); }
}  // namespace

void Api::PostInvite(HttpRequest&& req, const Grant& grant, Reply reply) {
  nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return reply(Json(req, 400, ErrorJson("body must be a JSON object: {\"channel\":…, \"group\":…, \"uses\":…, \"expires\":…}")));
  auto str = [&](const char* key) { return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : ""; };
  for (const char* key : {"code", "channel", "group", "inviter", "expires", "ts"}) {
    if (body.contains(key) && !body[key].is_string()) return reply(Json(req, 400, ErrorJson(std::string(key) + ": must be a string")));
  }
  InviteSpec spec{.code = str("code"), .channel = str("channel"), .group = str("group"), .owner = str("inviter")};
  if (spec.code.empty()) spec.code = RandomInviteCode();
  if (body.contains("uses")) {
    if (!body["uses"].is_number_integer()) return reply(Json(req, 400, ErrorJson("uses: must be a whole number")));
    spec.uses = body["uses"].get<int64_t>();
  }
  if (body.contains("revoke")) {
    if (!body["revoke"].is_boolean()) return reply(Json(req, 400, ErrorJson("revoke: must be true or false")));
    spec.revoke = body["revoke"].get<bool>();
  }
  Timestamp ts{.utc = SystemClock().Now(), .zulu = true};
  if (!str("ts").empty()) {
    std::string why;
    auto parsed = ParseRfc3339(str("ts"), &why);
    if (!parsed) return reply(Json(req, 400, ErrorJson("ts: " + why)));
    ts = *parsed;
  }
  if (!str("expires").empty()) {
    std::string why;
    auto parsed = ParseRfc3339(str("expires"), &why);
    if (!parsed) return reply(Json(req, 400, ErrorJson("expires: " + why)));
    spec.expires = parsed->utc;
  }
  // A scoped token may create codes for its own communities' groups only.
  if (!grant.tenant_wide()) {
    const CommunityConfig* community = nullptr;
    if (spec.group.empty() || !config_->FindGroup(spec.group, &community) || !grant.Covers(community->id)) {
      ++metrics_->forbidden;
      std::string why = spec.group.empty() ? "an invite code without a group needs a tenant-wide token"
                                           : "group '" + spec.group + "' is not in this token's communities";
      Audit(req, &grant, 403, why);
      return reply(Json(req, 403, ErrorJson(why)));
    }
  }
  // The same parser and checks as POST /v1/events.
  Event e;
  EventError err;
  EventParser parser(config_->limits);
  if (!parser.Parse(InviteEventJson(spec, ts), &e, &err)) return reply(Json(req, 400, ErrorJson(err.ToString())));
  auto shared_req = std::make_shared<HttpRequest>(std::move(req));
  std::string code = spec.code;
  ingest_->Submit({std::move(e)}, [shared_req, code, reply = std::move(reply)](SubmitResult&& r) {
    if (!r.store.ok()) return reply(Json(*shared_req, 503, ErrorJson("not stored: " + r.store.message + "; retry later")));
    const EventOutcome& o = r.outcomes.front();
    if (!o.accepted) return reply(Json(*shared_req, 400, ErrorJson(o.error.ToString())));
    nlohmann::json j{{"code", code}, {"seq", o.seq}, {"details", "/v1/invites/" + code},
                     {"qr", "/v1/invites/" + code + "/qr.svg"}};
    reply(Json(*shared_req, 200, j.dump()));
  });
}

void Api::GetInvite(const HttpRequest& req, std::string_view rest, const Reply& reply) {
  std::string_view format;
  for (std::string_view suffix : {"/qr.svg", "/qr.png"}) {
    if (rest.ends_with(suffix)) {
      format = suffix.substr(4);
      rest.remove_suffix(suffix.size());
    }
  }
  std::string code;
  if (!PercentDecode(rest, &code)) return reply(Json(req, 400, ErrorJson("malformed percent-escape in code")));
  nlohmann::json j;
  if (!ingest_->Lookup("invite", code, j)) return reply(Json(req, 404, ErrorJson("unknown invite code '" + code + "'")));
  if (format.empty()) return reply(Json(req, 200, j.dump()));
  if (j.value("status", "") != "ok")
    return reply(Json(req, 410, ErrorJson("invite code '" + code + "' is " + j.value("status", "") + "; no QR for it")));
  std::string why;
  auto matrix = EncodeQr(j.value("link", ""), &why);
  if (!matrix) return reply(Json(req, 422, ErrorJson(why)));
  HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::server, "shoal");
  res.set(http::field::content_type, format == "svg" ? "image/svg+xml" : "image/png");
  res.keep_alive(req.keep_alive());
  res.body() = format == "svg" ? QrToSvg(*matrix) : QrToPng(*matrix);
  res.prepare_payload();
  reply(std::move(res));
}

void Api::GetLiveCode(const HttpRequest& req, std::string_view raw, const Reply& reply) {
  std::string code;
  if (!PercentDecode(raw, &code)) return reply(Json(req, 400, ErrorJson("malformed percent-escape in code")));
  nlohmann::json j;
  if (!ingest_->Lookup("livecode", code, j)) return reply(Json(req, 404, ErrorJson("unknown live code '" + code + "'")));
  reply(Json(req, 200, j.dump()));
}

}  // namespace shoal
