// The dashboard's read API: views over what the engine already computes (Ingest::Report,
// GroupStats), cut to the caller's communities. A scoped grant never sees another community.
//   GET  /v1/overview                          each community: groups, members, messages today / 7d,
//                                              speaker share, dying groups and their ids
//   GET  /v1/groups?community=&offset=&limit=  the group health table, paginated
//   GET  /v1/groups/{id}                       one group: health plus its daily activity series
//   GET  /v1/leaderboards?community=           the running boards (community-wide and per group)
//   GET  /v1/growth?community=                 conversions by goal, channel and campaign; funnels
//   GET  /v1/moderation/queue?community=&status=&kind=&group=&member=&reason=&before=&limit=
//                                              the moderation audit (the last 1000 decisions, newest
//                                              first) with evidence; pages by ?before=<id>
//   POST /v1/moderation/{id}/undo              marks a decision a false positive and lifts its ban
//   POST /v1/moderation/{id}/label {"label"}   labels a decision spam or ham
// Undo and label are logged as the staff commands the moderation feature already obeys
// (`/ham N`, `/spam N`) posted by the tenant's first staff account, so replay reproduces them.
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "server/api.h"
#include "shoal/event_codec.h"

namespace shoal {

namespace http = boost::beast::http;

namespace {

std::string ErrorJson(std::string_view message) { return nlohmann::json{{"error", message}}.dump(); }

const nlohmann::json& At(const nlohmann::json& j, std::string_view key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

int64_t Int(const nlohmann::json& j, std::string_view key) {
  const auto& v = At(j, key);
  return v.is_number() ? v.get<int64_t>() : 0;
}

// Messages over the last `n` days of a {"YYYY-MM-DD": {"messages": …}} series ending at `as_of`.
int64_t MessagesInLastDays(const nlohmann::json& days, const std::string& as_of, int n) {
  if (!days.is_object() || as_of.empty()) return 0;
  std::vector<std::string> keys;
  for (auto it = days.begin(); it != days.end(); ++it)
    if (it.key() <= as_of) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  int64_t sum = 0;
  // Days are listed only when something happened; count by calendar via the key order.
  auto from = ParseRfc3339(as_of + "T00:00:00Z");
  for (auto k = keys.rbegin(); k != keys.rend(); ++k) {
    auto day = ParseRfc3339(*k + "T00:00:00Z");
    if (from && day && from->utc - day->utc >= static_cast<Micros>(n) * 86400 * kMicrosPerSecond) break;
    sum += Int(days[*k], "messages");
  }
  return sum;
}

}  // namespace

std::string QueryParam(std::string_view target, std::string_view name) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    std::string value, raw(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    std::replace(raw.begin(), raw.end(), '+', ' ');
    return PercentDecode(raw, &value) ? value : "";
  }
  return "";
}

bool Api::CommunityFilter(const HttpRequest& req, const Grant& grant, std::string* community, const Reply& reply) {
  std::string_view target(req.target().data(), req.target().size());
  *community = QueryParam(target, "community");
  if (community->empty()) return true;
  if (!config_->FindCommunity(*community) || !grant.Covers(*community)) {
    ++metrics_->forbidden;
    Audit(req, &grant, 403, "community " + *community + " is outside the grant's communities");
    reply(Json(req, 403, ErrorJson("community '" + *community + "' is not in this token's communities")));
    return false;
  }
  return true;
}

// Every community's view, keyed by the seq it was built at: a dashboard polled by many
// operators costs one build per change of state, not one per request.
struct Api::HealthCache {
  std::mutex mu;
  struct Built {
    uint64_t seq = 0;
    std::shared_ptr<const std::map<std::string, nlohmann::json, std::less<>>> views;
  };
  std::map<std::string, Built, std::less<>> by_view;
};

namespace {

const nlohmann::json kNoHealth;  // a community without analytics: every number reads as 0

}  // namespace

std::shared_ptr<Api::HealthCache> Api::NewHealthCache() { return std::make_shared<HealthCache>(); }

Api::HealthViews Api::CommunityHealth(std::string_view view) const {
  uint64_t seq = ingest_->applied_seq();
  std::shared_ptr<const std::map<std::string, nlohmann::json, std::less<>>> views;
  {
    std::lock_guard lock(health_cache_->mu);
    auto it = health_cache_->by_view.find(view);
    if (it != health_cache_->by_view.end() && it->second.seq == seq) views = it->second.views;
  }
  if (!views) {
    auto built = std::make_shared<std::map<std::string, nlohmann::json, std::less<>>>();
    uint64_t built_seq = 0;
    ingest_->LookupEach("analytics", view, [&](std::string_view community, nlohmann::json& answer) {
      if (!community.empty()) (*built)[std::string(community)] = std::move(answer);
    });
    built_seq = ingest_->applied_seq();
    views = built;
    // An event applied between the two reads makes the build's seq uncertain: serve it, keep none.
    if (built_seq == seq) {
      std::lock_guard lock(health_cache_->mu);
      health_cache_->by_view[std::string(view)] = {seq, views};
    }
  }
  return views;
}

void Api::Overview(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  std::string only;
  if (!CommunityFilter(req, grant, &only, reply)) return;
  // Each community's analytics summary, not the whole report: with 10k groups the report is
  // tens of megabytes, the summary a few hundred bytes per community.
  HealthViews health = CommunityHealth("@summary");  // every community's; the loop below keeps the grant's
  nlohmann::json out{{"tenant", config_->tenant}, {"communities", nlohmann::json::array()}};
  for (const auto& c : config_->communities) {
    if (!grant.Covers(c.id) || (!only.empty() && only != c.id)) continue;
    auto found = health->find(c.id);
    const nlohmann::json& analytics = found == health->end() ? kNoHealth : found->second;
    const auto& totals = At(analytics, "community");
    std::string as_of = At(analytics, "as_of").is_string() ? At(analytics, "as_of").get<std::string>() : "";
    const auto& warnings = At(analytics, "warnings");
    out["communities"].push_back({
        {"id", c.id},
        {"name", c.name},
        {"as_of", as_of},
        {"groups", c.groups.size()},
        {"members", Int(totals, "members")},
        {"messages_today", MessagesInLastDays(At(totals, "days"), as_of, 1)},
        {"messages_7d", MessagesInLastDays(At(totals, "days"), as_of, 7)},
        {"share_spoke_7d", At(totals, "share_spoke_7d").is_number() ? At(totals, "share_spoke_7d") : nlohmann::json(0)},
        {"dying_groups", warnings.is_array() ? warnings.size() : 0},
        {"alerts", warnings.is_array() ? warnings : nlohmann::json::array()},
        {"stages", At(analytics, "stages").is_object() ? At(analytics, "stages") : nlohmann::json::object()},
    });
  }
  reply(Json(req, 200, out.dump()));
}

void Api::GroupTable(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  std::string only;
  if (!CommunityFilter(req, grant, &only, reply)) return;
  std::string_view target(req.target().data(), req.target().size());
  int64_t offset = 0, limit = 100;
  try {
    if (auto v = QueryParam(target, "offset"); !v.empty()) offset = std::stoll(v);
    if (auto v = QueryParam(target, "limit"); !v.empty()) limit = std::stoll(v);
  } catch (const std::exception&) {
    return reply(Json(req, 400, ErrorJson("offset and limit must be whole numbers")));
  }
  if (offset < 0 || limit < 1 || limit > 1000)
    return reply(Json(req, 400, ErrorJson("offset must be >= 0 and limit 1..1000")));
  HealthViews health = CommunityHealth("@groups");
  nlohmann::json rows = nlohmann::json::array();
  int64_t total = 0;
  for (const auto& c : config_->communities) {
    if (!grant.Covers(c.id) || (!only.empty() && only != c.id)) continue;
    auto found = health->find(c.id);
    const nlohmann::json& analytics = found == health->end() ? kNoHealth : found->second;
    for (const auto& g : c.groups) {
      if (total++ < offset || static_cast<int64_t>(rows.size()) >= limit) continue;
      const auto& h = At(At(analytics, "groups"), g.id);
      rows.push_back({{"id", g.id},
                      {"name", g.name},
                      {"community", c.id},
                      {"members", Int(h, "members")},
                      {"messages_7d", Int(h, "messages_7d")},
                      {"share_spoke_7d", At(h, "share_spoke_7d").is_number() ? At(h, "share_spoke_7d") : nlohmann::json(0)},
                      {"stage", At(h, "stage").is_string() ? At(h, "stage") : nlohmann::json("none")},
                      {"warning", At(h, "warning").is_boolean() && At(h, "warning").get<bool>()},
                      {"alerts", At(h, "warning_signals").is_array() ? At(h, "warning_signals") : nlohmann::json::array()}});
    }
  }
  reply(Json(req, 200, nlohmann::json{{"total", total}, {"offset", offset}, {"limit", limit}, {"groups", rows}}.dump()));
}

void Api::NotVisible(const HttpRequest& req, const Grant& grant, std::string_view kind, const std::string& id,
                     const Reply& reply) {
  // Scoped grants learn nothing about other communities' things, not even that they exist.
  std::string what = std::string(kind) + " '" + id + "'";
  if (!grant.tenant_wide()) {
    ++metrics_->forbidden;
    Audit(req, &grant, 403, std::string(kind) + " " + id + " is outside the token's communities");
    return reply(Json(req, 403, ErrorJson(what + " is not in this token's communities")));
  }
  reply(Json(req, 404, ErrorJson("unknown " + what)));
}

void Api::GroupPage(const HttpRequest& req, const Grant& grant, std::string_view raw_id, const Reply& reply) {
  std::string id;
  if (!PercentDecode(raw_id, &id)) return reply(Json(req, 400, ErrorJson("malformed percent-escape in group id")));
  const CommunityConfig* community = nullptr;
  const GroupConfig* group = config_->FindGroup(id, &community);
  if (group && !grant.Covers(community->id)) group = nullptr;
  if (!group) return NotVisible(req, grant, "group", id, reply);
  nlohmann::json stats;
  if (!ingest_->GroupStats(id, stats)) return reply(Json(req, 404, ErrorJson("unknown group '" + id + "'")));
  const auto& h = At(stats, "analytics");
  nlohmann::json days = nlohmann::json::array();
  const auto& series = At(At(stats, "stats"), "days");
  if (series.is_object())
    for (auto it = series.begin(); it != series.end(); ++it)
      days.push_back({{"day", it.key()}, {"messages", Int(*it, "messages")}, {"speakers", Int(*it, "speakers")},
                      {"joins", Int(*it, "joins")}, {"leaves", Int(*it, "leaves")}});
  nlohmann::json out{{"id", id}, {"name", group->name}, {"community", community->id}, {"health", h}, {"days", days},
                     {"moderation_decisions", Int(At(stats, "moderation"), "decisions")}};
  reply(Json(req, 200, out.dump()));
}

void Api::CommunitySections(const HttpRequest& req, const Grant& grant, const Reply& reply,
                            const std::vector<std::string>& section, const std::vector<std::string>& keys) {
  std::string only;
  if (!CommunityFilter(req, grant, &only, reply)) return;
  nlohmann::json report;
  ingest_->Report(report);
  nlohmann::json out{{"communities", nlohmann::json::array()}};
  for (const auto& c : config_->communities) {
    if (!grant.Covers(c.id) || (!only.empty() && only != c.id)) continue;
    const nlohmann::json* node = &At(At(At(report, "communities"), c.id), "features");
    for (const auto& part : section) node = &At(*node, part);
    nlohmann::json row{{"id", c.id}, {"name", c.name}};
    for (const auto& key : keys) row[key] = At(*node, key).is_object() ? At(*node, key) : nlohmann::json::object();
    out["communities"].push_back(std::move(row));
  }
  reply(Json(req, 200, out.dump()));
}

void Api::Leaderboards(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  CommunitySections(req, grant, reply, {"leaderboard"}, {"boards", "groups"});
}

void Api::Growth(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  CommunitySections(req, grant, reply, {"analytics", "conversions"}, {"by_goal", "by_channel", "by_campaign", "funnels"});
}

// The recent decisions (newest first) whose groups the grant covers.
nlohmann::json Api::VisibleDecisions(const Grant& grant, std::string_view only) const {
  nlohmann::json audit;
  nlohmann::json out = nlohmann::json::array();
  if (!ingest_->Lookup("moderation", "decisions", audit) || !At(audit, "decisions").is_array()) return out;
  for (auto& d : audit["decisions"]) {  // newest first
    const CommunityConfig* community = nullptr;
    std::string group = At(d, "group").is_string() ? At(d, "group").get<std::string>() : "";
    if (!config_->FindGroup(group, &community) || !grant.Covers(community->id)) continue;
    if (!only.empty() && community->id != only) continue;
    d["community"] = community->id;
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

// Whether decision `d` passes the queue's filters (?status, ?kind, ?group, ?member, ?reason).
// Staff decisions (what people did on the platform) are never pending: nobody reviews them.
bool QueueMatches(const nlohmann::json& d, std::string_view status, std::string_view kind, std::string_view group,
                  std::string_view member, std::string_view reason) {
  auto str = [&](std::string_view k) { return At(d, k).is_string() ? At(d, k).get<std::string>() : std::string(); };
  bool undone = At(d, "undone").is_boolean() && At(d, "undone").get<bool>();
  bool labelled = !str("label").empty();
  bool staff = str("kind") == "staff";
  if (kind == "staff" && !staff) return false;
  if (kind == "auto" && staff) return false;
  if (status == "pending" && (undone || labelled || staff)) return false;
  if (status == "labelled" && !labelled) return false;
  if (status == "undone" && !undone) return false;
  if (!group.empty() && str("group") != group) return false;
  if (!member.empty() && str("member") != member) return false;
  if (!reason.empty() && !str("reason").starts_with(reason)) return false;
  return true;
}

}  // namespace

void Api::ModerationQueue(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  std::string only;
  if (!CommunityFilter(req, grant, &only, reply)) return;
  std::string_view target(req.target().data(), req.target().size());
  std::string status = QueryParam(target, "status");
  if (status.empty()) status = "all";
  if (status != "all" && status != "pending" && status != "labelled" && status != "undone")
    return reply(Json(req, 400, ErrorJson("status must be all, pending (neither labelled nor undone), labelled or undone")));
  uint64_t before = 0;
  int64_t limit = 50;
  try {
    if (auto v = QueryParam(target, "before"); !v.empty()) before = std::stoull(v);
    if (auto v = QueryParam(target, "limit"); !v.empty()) limit = std::stoll(v);
  } catch (const std::exception&) {
    return reply(Json(req, 400, ErrorJson("before and limit must be whole numbers")));
  }
  if (limit < 1 || limit > 500) return reply(Json(req, 400, ErrorJson("limit must be 1..500")));
  std::string group = QueryParam(target, "group"), member = QueryParam(target, "member"),
              reason = QueryParam(target, "reason"), kind = QueryParam(target, "kind");
  if (!kind.empty() && kind != "auto" && kind != "staff")
    return reply(Json(req, 400, ErrorJson("kind must be auto (Shoal's decisions) or staff (moderation people did on the platform)")));
  nlohmann::json page = nlohmann::json::array();
  int64_t matched = 0;
  uint64_t last = 0;
  bool more = false;
  for (auto& d : VisibleDecisions(grant, only)) {
    uint64_t id = At(d, "id").is_number_unsigned() ? At(d, "id").get<uint64_t>() : 0;
    if (before != 0 && id >= before) continue;  // the cursor: ids only fall as the list goes on
    if (!QueueMatches(d, status, kind, group, member, reason)) continue;
    ++matched;
    if (static_cast<int64_t>(page.size()) == limit) {
      more = true;
      continue;
    }
    last = id;
    page.push_back(std::move(d));
  }
  nlohmann::json out{{"decisions", std::move(page)}, {"matched", matched}};
  // The next page: ?before=<the last id on this one>, with the same filters.
  out["next_before"] = more ? nlohmann::json(last) : nlohmann::json(nullptr);
  reply(Json(req, 200, out.dump()));
}

void Api::ModerationCommand(HttpRequest&& req, const Grant& grant, std::string_view rest, Reply reply) {
  // rest: "{id}/undo" or "{id}/label"
  size_t slash = rest.find('/');
  std::string id(rest.substr(0, slash));
  std::string_view verb = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos || (verb != "undo" && verb != "label"))
    return reply(Json(req, 404, ErrorJson("use POST /v1/moderation/{decision}/undo or /label")));
  std::string command = "/ham " + id;
  if (verb == "label") {
    nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
    std::string label = body.is_object() && body.contains("label") && body["label"].is_string() ? body["label"].get<std::string>() : "";
    if (label != "spam" && label != "ham") return reply(Json(req, 400, ErrorJson("body must be {\"label\": \"spam\"} or {\"label\": \"ham\"}")));
    command = "/" + label + " " + id;
  }
  nlohmann::json decision;
  for (const auto& d : VisibleDecisions(grant, ""))
    if (At(d, "id").is_number() && std::to_string(At(d, "id").get<uint64_t>()) == id) decision = d;
  if (decision.is_null()) {
    // Outside the grant and unknown look the same: a scoped token learns nothing.
    Audit(req, &grant, 404, "moderation decision " + id + " not found in the grant's communities");
    return reply(Json(req, 404, ErrorJson("no moderation decision " + id + " in this token's communities (the audit keeps the last 1000)")));
  }
  if (decision["kind"] == "staff")
    return reply(Json(req, 409, ErrorJson("decision " + id + " records what staff did on the platform: there is nothing to undo or label")));
  if (config_->staff.empty())
    return reply(Json(req, 409, ErrorJson("no staff account in the config (`staff:`): undo and label are posted as a staff command")));
  Micros now = ingest_->engine_now();
  if (now <= 0) now = clock_->Now();
  nlohmann::json ev{{"type", "message"},
                    {"ts", FormatRfc3339(Timestamp{.utc = now, .zulu = true})},
                    {"group", decision["group"]},
                    {"member", config_->staff.front()},
                    {"text", command},
                    {"msg_id", "dashboard-" + std::string(verb) + "-" + id + "-" + std::to_string(clock_->Now())}};
  Event e;
  EventError err;
  EventParser parser(config_->limits);
  if (!parser.Parse(ev.dump(), &e, &err)) return reply(Json(req, 500, ErrorJson(err.ToString())));
  auto shared_req = std::make_shared<HttpRequest>(std::move(req));
  const Grant* caller = &grant;
  ingest_->Submit({std::move(e)}, [this, caller, shared_req, id, command, reply = std::move(reply)](SubmitResult&& r) {
    if (!r.store.ok()) return reply(Json(*shared_req, 503, ErrorJson("not stored: " + r.store.message + "; retry later")));
    const EventOutcome& o = r.outcomes.front();
    if (!o.accepted) return reply(Json(*shared_req, 409, ErrorJson(o.error.ToString())));
    Audit(*shared_req, caller, 200, "moderation decision " + id + ": " + command);
    reply(Json(*shared_req, 200, nlohmann::json{{"decision", std::stoull(id)}, {"command", command}, {"seq", o.seq}}.dump()));
  });
}

}  // namespace shoal
