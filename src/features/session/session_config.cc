// Reads features.session and registers the feature (community scope, order 230).
// `shoal check` refuses a session that ends before it starts, 0 seats, unknown
// groups, and a discussion group that is also one of its sources.
#include <set>

#include "features/common/text_template.h"
#include "features/session/session.h"
#include "growth/config_util.h"

namespace shoal {

namespace {

std::unique_ptr<Feature> CreateSession(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  std::vector<SessionPlan> plans;
  std::set<std::string> ids;
  const std::vector<std::string> vars{"topic", "kol", "outline", "date", "start", "end", "link",
                                      "seats", "seats_left", "rules", "name"};
  std::vector<std::string> summary_vars = vars;
  for (const char* v : {"participants", "messages", "kol_messages", "questions", "answered", "top", "polls"})
    summary_vars.push_back(v);
  for (ConfigSection& ps : s.List("sessions")) {
    SessionPlan p;
    p.id = ps.RequiredStr("id");
    if (!p.id.empty() && !ids.insert(p.id).second) ps.Error("id", "session '" + p.id + "' is listed twice");
    p.topic = ps.RequiredStr("topic");
    p.kol = ps.RequiredStr("kol");
    if (!p.kol.empty() && p.kol.find(':') == std::string::npos)
      ps.Error("kol", "'" + p.kol + "' is not a member id", "e.g. qq:800 or tg:12345");
    p.outline = ps.Strings("outline");
    p.group = ps.RequiredStr("group");
    bool here = !p.group.empty() && GroupInScope(ps, "group", p.group, env);
    for (const auto& g : ps.Strings("sources")) {
      if (!GroupInScope(ps, "sources", g, env)) continue;
      if (g == p.group) ps.Error("sources", "the discussion group cannot be one of its own sources");
      p.sources.push_back(g);
    }
    p.start = ReadTime(ps, "start");
    p.end = ReadTime(ps, "end");
    if (!ps.Has("start")) ps.Error("start", "missing", "e.g. start: \"2026-01-08T20:00:00+08:00\"");
    if (!ps.Has("end")) ps.Error("end", "missing", "e.g. end: \"2026-01-08T22:00:00+08:00\"");
    if (p.start && p.end && p.end <= p.start)
      ps.Error("end", "the session ends before it starts", "end must be after start (e.g. 20:00 to 22:00)");
    p.seats = ReadCapacity(ps, "seats", 100);
    p.announce_before = ps.Duration("announce_before", kMicrosPerDay);
    p.open_before = ps.Duration("open_before", 3 * kMicrosPerHour);
    if (p.open_before > p.announce_before)
      ps.Error("open_before", "the group would open before the topic is announced", "make it shorter than announce_before");
    p.remind_every = ps.Duration("remind_every", kMicrosPerHour, kMicrosPerMinute);
    p.link = ps.Str("link", "");
    p.rules = ps.Str("rules", "");
    p.name = ps.Str("name", p.topic);
    p.announce = ReadTemplate(ps, "announce", "{date} {start}-{end} {kol}: {topic}\n{outline}", vars);
    p.invite = ReadTemplate(ps, "invite", "{topic}: {seats} seats, join {link}", vars);
    p.reminder = ReadTemplate(ps, "reminder", "{topic} starts at {start}; {seats_left} seats left: {link}", vars);
    p.start_post = ReadTemplate(ps, "start_post", "{topic}\n{outline}\n{rules}", vars);
    p.summary = ReadTemplate(ps, "summary", "{topic}: {participants} joined, {messages} messages. Thanks, the group closes now.",
                             summary_vars);
    p.report = ReadTemplate(ps, "report",
                            "{topic}: {participants} participants, {messages} messages, {kol} wrote {kol_messages}, "
                            "{questions} questions ({answered} answered); most active: {top}",
                            summary_vars);
    ps.Finish();
    if (here) plans.push_back(std::move(p));
  }
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Session>(std::move(plans), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(session, FeatureSpec{
    .name = "session",
    .order = 230,
    .scope = FeatureScope::kCommunity,
    .create = CreateSession,
});

}  // namespace shoal
