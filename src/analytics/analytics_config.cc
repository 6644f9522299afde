#include "analytics/analytics_config.h"

#include <set>

namespace shoal::analytics {

namespace {

constexpr std::string_view kFields[] = {
    "messages", "active_days", "answers", "reactions", "invites", "checkins", "quiet_days", "days_since_join",
    "groups",   "present",     "conversions", "value", "paid", "level", "level_rank", "channel", "inviter"};

void ReadRules(ConfigSection& s, const std::string& key, std::vector<NamedRule>* out) {
  std::set<std::string> seen;
  for (ConfigSection& item : s.List(key)) {
    std::string name = item.RequiredStr("name");
    std::string text = item.RequiredStr("rule");
    item.Finish();
    if (name.empty() || text.empty()) continue;
    if (!seen.insert(name).second) {
      item.Error("name", "duplicate " + key.substr(0, key.size() - 1) + " name '" + name + "'");
      continue;
    }
    RuleError err;
    auto rule = Rule::Parse(text, [](std::string_view f) { return IsProfileField(f); }, &err);
    if (!rule) {
      item.Error("rule", key.substr(0, key.size() - 1) + " '" + name + "': " + err.message + " at character " +
                             std::to_string(err.column) + " of \"" + text + "\"",
                 "fields: messages, active_days, answers, reactions, invites, checkins, quiet_days, "
                 "days_since_join, groups, present, conversions, value, paid, level, level_rank, channel, inviter, "
                 "converted_<goal>, tag_<name>; operators: and or not == != < <= > >= ( )");
      continue;
    }
    out->push_back({name, std::move(*rule)});
  }
}

}  // namespace

bool IsProfileField(std::string_view name) {
  for (auto f : kFields)
    if (f == name) return true;
  return (name.starts_with("converted_") && name.size() > 10) || (name.starts_with("tag_") && name.size() > 4);
}

std::shared_ptr<const AnalyticsConfig> ReadAnalyticsConfig(ConfigSection& s, const CommunityConfig* community) {
  auto cfg = std::make_shared<AnalyticsConfig>();
  Diagnostics* diag = s.diagnostics();
  size_t errors_before = diag ? diag->error_count() : 0;
  if (community)
    for (const auto& g : community->groups) cfg->group_ids.push_back(g.id);
  s.Bool("enabled", true);
  cfg->top_fraction = s.Number("top_fraction", 0.2, 0.01, 1);
  if (s.Has("question_markers")) cfg->question_markers = s.Strings("question_markers");
  if (s.Has("checkin_words")) cfg->checkin_words = s.Strings("checkin_words");
  cfg->recent_messages = s.Int("recent_messages", 20000, 0, 10'000'000);

  ConfigSection lc = s.Child("lifecycle");
  if (lc.Present()) {
    LifecycleRules& r = cfg->lifecycle;
    r.cold_start_days = lc.Int("cold_start_days", r.cold_start_days, 0, 365);
    r.dead_days = lc.Int("dead_days", r.dead_days, 1, 365);
    r.decline_ratio = lc.Number("decline_ratio", r.decline_ratio, 0, 1);
    r.growth_ratio = lc.Number("growth_ratio", r.growth_ratio, 0, 100);
    r.min_messages = lc.Int("min_messages", r.min_messages, 0);
    r.warn_quiet_days = lc.Int("warn_quiet_days", r.warn_quiet_days, 1, 365);
    r.warn_trend_ratio = lc.Number("warn_trend_ratio", r.warn_trend_ratio, 0, 1);
    r.warn_speaker_ratio = lc.Number("warn_speaker_ratio", r.warn_speaker_ratio, 0, 1);
    r.warn_min_signals = lc.Int("warn_min_signals", r.warn_min_signals, 1, 3);
    if (r.warn_quiet_days >= r.dead_days)
      lc.Error("warn_quiet_days", "warn_quiet_days must be below dead_days (" + std::to_string(r.dead_days) + ")");
    lc.Finish();
  }
  ConfigSection lv = s.Child("levels");
  cfg->levels.Read(lv);
  if (lv.Present()) lv.Finish();

  ReadRules(s, "tags", &cfg->tags);
  ConfigSection manual = s.Child("manual_tags");
  if (manual.Present()) {
    if (!manual.node().IsMap()) {
      s.Error("manual_tags", "expected a map of tag: [member ids]");
    } else {
      for (const auto& kv : manual.node()) {
        std::string tag = kv.first.as<std::string>();
        cfg->manual_tags.push_back({tag, manual.Strings(tag)});
      }
      manual.Finish();
    }
  }
  ReadRules(s, "segments", &cfg->segments);

  for (ConfigSection& f : s.List("funnels")) {
    Funnel funnel;
    funnel.name = f.RequiredStr("name");
    funnel.steps = f.Strings("steps");
    if (funnel.steps.size() < 2) f.Error("steps", "a funnel needs at least two steps", "e.g. [join, app_download, paid]");
    f.Finish();
    cfg->funnels.push_back(std::move(funnel));
  }

  ConfigSection alerts = s.Child("alerts");
  if (alerts.Present()) {
    cfg->alert_group = alerts.RequiredStr("group");
    cfg->alert_text = alerts.Str("text", cfg->alert_text);
    alerts.Finish();
  }
  ConfigSection digest = s.Child("digest");
  if (digest.Present()) {
    cfg->digest_group = digest.RequiredStr("group");
    cfg->digest_weekday = static_cast<int>(digest.Int("weekday", 1, 1, 7));
    int minute = digest.ClockTime("time", 9 * 60);
    if (minute >= 0) cfg->digest_minute = minute;
    cfg->digest_text = digest.Str("text", cfg->digest_text);
    digest.Finish();
  }
  ConfigSection report = s.Child("report");
  if (report.Present()) {
    cfg->report_profiles = report.Int("profiles", cfg->report_profiles, 0);
    cfg->report_sample = report.Int("segment_sample", cfg->report_sample, 0);
    cfg->cohort_weeks = report.Int("cohort_weeks", cfg->cohort_weeks, 1, 64);
    report.Finish();
  }
  s.Finish();
  if (diag && diag->error_count() > errors_before) return nullptr;
  return cfg;
}

}  // namespace shoal::analytics
