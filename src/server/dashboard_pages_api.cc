// The dashboard's member and calendar pages, read from what the engine and config already hold:
//   GET /v1/members/{id}                         the member's CRM profile (analytics' Lookup: ids,
//                                                names, groups (with their names), channel, inviter,
//                                                level and reason, tags, segments, conversions) and
//                                                its community; with the member's profile in each
//                                                visible community under "communities"; 404 when unknown
//   GET /v1/plans/calendar?from=&to=&community=  every planned post in local days [from, to]
//                                                (YYYY-MM-DD, at most kMaxCalendarDays), per target
//                                                group with its rendered text: `shoal plan show`
// A scoped grant sees only members whose groups are in its communities (others answer 403,
// like an unknown member, so it learns nothing) and only its communities' posts.
#include <nlohmann/json.hpp>

#include "features/plan/calendar.h"
#include "features/plan/plan_import.h"
#include "server/api.h"

namespace shoal {

namespace {

constexpr int64_t kMaxCalendarDays = 62;

std::string ErrorJson(std::string_view message) { return nlohmann::json{{"error", message}}.dump(); }

}  // namespace

void Api::MemberPage(const HttpRequest& req, const Grant& grant, std::string_view raw_id, const Reply& reply) {
  std::string id;
  if (!PercentDecode(raw_id, &id)) return reply(Json(req, 400, ErrorJson("malformed percent-escape in member id")));
  // Each community keeps its own profile of the member (levels, tags and segments are per
  // community). The answer is the first visible community's profile, with the groups of every
  // visible community merged in and each visible profile under "communities".
  nlohmann::json profile, per_community = nlohmann::json::array();
  ingest_->LookupEach("analytics", id, [&](std::string_view community_id, nlohmann::json& p) {
    if (!grant.Covers(community_id) || !p.contains("groups") || !p["groups"].is_object()) return;
    nlohmann::json visible_groups = nlohmann::json::object();
    for (auto it = p["groups"].begin(); it != p["groups"].end(); ++it) {
      const CommunityConfig* c = nullptr;
      const GroupConfig* g = config_->FindGroup(it.key(), &c);
      if (!g || c->id != community_id) continue;
      if (it->is_object()) (*it)["name"] = g->name;
      visible_groups[it.key()] = *it;
    }
    if (visible_groups.empty()) return;
    p["groups"] = visible_groups;
    p["community"] = std::string(community_id);
    if (profile.is_null()) {
      profile = p;
    } else {
      for (auto it = visible_groups.begin(); it != visible_groups.end(); ++it) profile["groups"][it.key()] = *it;
    }
    per_community.push_back(std::move(p));
  });
  if (profile.is_null()) return NotVisible(req, grant, "member", id, reply);
  profile["communities"] = std::move(per_community);
  reply(Json(req, 200, profile.dump()));
}

void Api::PlanCalendarPage(const HttpRequest& req, const Grant& grant, const Reply& reply) {
  std::string only;
  if (!CommunityFilter(req, grant, &only, reply)) return;
  std::string_view target(req.target().data(), req.target().size());
  std::string from_text = QueryParam(target, "from"), to_text = QueryParam(target, "to");
  int64_t from = 0, to = 0;
  if (!ParsePlanDate(from_text, &from)) return reply(Json(req, 400, ErrorJson("from: must be a date YYYY-MM-DD")));
  if (!ParsePlanDate(to_text, &to)) return reply(Json(req, 400, ErrorJson("to: must be a date YYYY-MM-DD")));
  if (to < from) return reply(Json(req, 400, ErrorJson("to: must not be before from")));
  if (to - from + 1 > kMaxCalendarDays)
    return reply(Json(req, 400, ErrorJson("the range may span at most " + std::to_string(kMaxCalendarDays) + " days")));
  std::vector<PlannedPost> posts;
  Diagnostics diag;
  if (!PlanCalendar(*config_, from, to, &posts, &diag)) return reply(Json(req, 500, ErrorJson(diag.ToString())));
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : posts)
    if (grant.Covers(p.community) && (only.empty() || only == p.community)) list.push_back(PlannedPostJson(p));
  nlohmann::json out{{"from", from_text}, {"to", to_text}, {"count", list.size()}, {"posts", std::move(list)}};
  reply(Json(req, 200, out.dump()));
}

}  // namespace shoal
