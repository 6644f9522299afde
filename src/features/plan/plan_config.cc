#include "features/plan/plan_config.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "features/common/text_template.h"
#include "features/plan/plan_import.h"

namespace shoal {

const std::vector<std::string>& PlanTemplateVars() {
  static const std::vector<std::string> vars{"group", "community", "date", "time", "members",
                                             "leaderboard", "question", "link"};
  return vars;
}

std::map<std::string, std::string, std::less<>> StaticPostVars(const PlanEntry& e, const GroupConfig& g,
                                                                const CommunityConfig& c, const TimeZone& zone,
                                                                Micros occurrence, const std::string& question) {
  int m = zone.LocalMinuteOfDay(occurrence);
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", m / 60, m % 60);
  return {{"group", g.name},
          {"community", c.name},
          {"date", TimeZone::DayString(zone.LocalDay(occurrence))},
          {"time", hhmm},
          {"link", e.link},
          {"question", question}};
}

namespace {

// Where a problem is reported: a config key, or an imported row's file:line.
struct Where {
  ConfigSection* section = nullptr;
  std::string key;
  const PlanRow* row = nullptr;
  void Error(const std::string& msg, const std::string& hint = "") const {
    if (row) {
      if (section->diagnostics()) section->diagnostics()->Error(row->file, row->line, 0, msg, hint);
    } else {
      section->Error(key, msg, hint);
    }
  }
};

// Group ids and tags of the whole config, looked up once per section (month plans have thousands of rows).
struct Directory {
  std::unordered_map<std::string, std::pair<const CommunityConfig*, uint32_t>> groups;
  std::set<std::string> tags;
  explicit Directory(const Config& cfg) {
    for (const auto& c : cfg.communities) {
      for (uint32_t i = 0; i < c.groups.size(); ++i) {
        groups.emplace(c.groups[i].id, std::make_pair(&c, i));
        tags.insert(c.groups[i].tags.begin(), c.groups[i].tags.end());
      }
    }
  }
};

// Resolves target specs to indices of this community's groups; reports unknown names.
bool ResolveTargets(const std::vector<std::string>& specs, const FeatureEnv& env, const Directory& dir,
                    const Where& where, std::vector<uint32_t>* out) {
  const auto& groups = env.community->groups;
  std::vector<bool> chosen(groups.size(), false);
  bool ok = true;
  for (const auto& spec : specs) {
    if (spec == "all") {
      chosen.assign(groups.size(), true);
    } else if (spec.rfind("community:", 0) == 0) {
      std::string id = spec.substr(10);
      if (!env.config.FindCommunity(id)) {
        where.Error("unknown community '" + id + "'");
        ok = false;
      } else if (id == env.community->id) {
        chosen.assign(groups.size(), true);
      }
    } else if (spec.rfind("tag:", 0) == 0) {
      std::string tag = spec.substr(4);
      if (!dir.tags.count(tag)) {
        where.Error("no group has the tag '" + tag + "'", "tags are listed per group under communities[].groups[].tags");
        ok = false;
      }
      for (size_t i = 0; i < groups.size(); ++i) {
        if (std::find(groups[i].tags.begin(), groups[i].tags.end(), tag) != groups[i].tags.end()) chosen[i] = true;
      }
    } else {
      auto it = dir.groups.find(spec);
      if (it == dir.groups.end()) {
        where.Error("unknown group '" + spec + "'", "targets are group ids, tag:NAME, community:ID or all");
        ok = false;
      } else if (it->second.first == env.community) {
        chosen[it->second.second] = true;
      }
    }
  }
  for (uint32_t i = 0; i < chosen.size(); ++i) {
    if (chosen[i]) out->push_back(i);
  }
  return ok;
}

bool CheckText(const std::string& text, bool has_questions, bool has_leaderboard, const Where& where) {
  bool ok = true;
  const auto& vars = PlanTemplateVars();
  for (const auto& name : TemplateNames(text)) {
    if (std::find(vars.begin(), vars.end(), name) == vars.end()) {
      std::string list;
      for (const auto& a : vars) list += (list.empty() ? "{" : ", {") + a + "}";
      where.Error("unknown placeholder {" + name + "}", "a post may use " + list);
      ok = false;
    } else if (name == "question" && !has_questions) {
      where.Error("{question} needs a question bank", "add `questions:` or `question_file:` to features.plan");
      ok = false;
    } else if (name == "leaderboard" && !has_leaderboard) {
      where.Error("{leaderboard} needs the leaderboard feature", "add a `leaderboard:` section under features");
      ok = false;
    }
  }
  return ok;
}

std::string FileLabel(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

std::unique_ptr<PlanConfig> ReadPlanConfig(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  auto cfg = std::make_unique<PlanConfig>();
  (void)s.Bool("enabled", true);  // the engine reads it; known here so it is no typo
  const TimeZone& zone = *env.zone;
  bool has_leaderboard = env.community && env.community->features.IsMap() &&
                         env.community->features["leaderboard"].IsDefined() &&
                         !env.community->features["leaderboard"].IsNull();

  if (s.Has("questions")) cfg->questions = ReadQuizBank(s.Raw("questions"), s.path() + ".questions", s.file(), s.diagnostics());
  std::filesystem::path base = std::filesystem::path(env.config.file).parent_path();
  auto resolve = [&](const std::string& p) {
    std::filesystem::path file = p;
    return (file.is_relative() ? base / file : file).string();
  };
  if (s.Has("question_file")) {
    std::string file = resolve(s.Str("question_file"));
    try {
      YAML::Node doc = YAML::LoadFile(file);
      auto more = ReadQuizBank(doc["questions"], "questions", file, s.diagnostics());
      cfg->questions.insert(cfg->questions.end(), more.begin(), more.end());
    } catch (const YAML::BadFile&) {
      s.Error("question_file", "cannot read '" + file + "'");
    } catch (const YAML::Exception& e) {
      if (s.diagnostics()) s.diagnostics()->Error(file, e.mark.line + 1, e.mark.column + 1, "bad YAML: " + e.msg);
    }
  }
  bool has_questions = !cfg->questions.empty();

  std::string default_mode = s.Str("mode", "direct");
  if (default_mode != "direct" && default_mode != "assisted") s.Error("mode", "unknown mode '" + default_mode + "'", "use direct or assisted");
  bool default_quiet = s.Bool("skip_if_quiet", false);
  Micros default_limit = s.Duration("catch_up_limit", 2 * kMicrosPerHour);
  cfg->grace = s.Duration("grace", cfg->grace, kMicrosPerSecond);

  ConfigSection pacing = s.Child("pacing");
  cfg->pacing.spread = pacing.Duration("spread", 0);
  cfg->pacing.jitter = pacing.Duration("jitter", 0);
  cfg->pacing.account_gap = pacing.Duration("account_gap", 0);
  if (pacing.Has("platform_gap")) {
    ConfigSection gaps = pacing.Child("platform_gap");
    for (const auto& kv : gaps.node()) cfg->platform_gap[kv.first.Scalar()] = gaps.Duration(kv.first.Scalar(), 0);
    gaps.Finish();
  }
  pacing.Finish();

  YAML::Node owners = s.Has("owners") ? s.Raw("owners") : YAML::Node();
  if (owners.IsDefined() && !owners.IsNull() && !owners.IsMap()) s.Error("owners", "must be a map of group: member");
  for (const auto& kv : owners.IsMap() ? owners : YAML::Node(YAML::NodeType::Map)) {
    std::string group = kv.first.Scalar();
    if (!env.config.FindGroup(group)) s.Error("owners", "unknown group '" + group + "'");
    cfg->owners[group] = kv.second.Scalar();
  }
  ConfigSection assisted = s.Child("assisted");
  cfg->remind_every = assisted.Duration("remind_every", cfg->remind_every, kMicrosPerMinute);
  cfg->reminders = assisted.Int("reminders", cfg->reminders, 0, 3);  // WeCom allows 3 reminders a day
  cfg->task_expire = assisted.Duration("expire", cfg->task_expire, kMicrosPerMinute);
  std::vector<std::string> task_vars{"task", "group", "entry", "owner"};
  cfg->reminder = ReadTemplate(assisted, "reminder", "reminder: task {task} ({entry}) in {group} is not done", task_vars);
  cfg->not_sent = ReadTemplate(assisted, "not_sent", "not sent: task {task} ({entry}) in {group}", task_vars);
  cfg->done_reply = ReadTemplate(assisted, "done_reply", "task {task} done", task_vars);
  assisted.Finish();

  cfg->command = s.Str("command", cfg->command);
  cfg->done_command = s.Str("done_command", cfg->done_command);
  cfg->reply = ReadTemplate(s, "reply", "plan {id}: {state}", {"id", "state", "next"});
  cfg->reply_unknown = ReadTemplate(s, "reply_unknown", "no plan entry '{id}'", {"id"});
  cfg->leaderboard_top = s.Int("leaderboard_top", cfg->leaderboard_top, 1, 100);
  cfg->leaderboard_line = ReadTemplate(s, "leaderboard_line", cfg->leaderboard_line, {"rank", "name", "points"});

  Directory dir(env.config);
  std::set<std::string> ids;
  auto add_entry = [&](PlanEntry e, const Where& where) {
    if (!ids.insert(e.id).second) {
      where.Error("duplicate entry id '" + e.id + "'", "each entry and imported row needs its own id");
      return;
    }
    e.uses_question = e.text.find("{question}") != std::string::npos;
    if (!e.groups.empty()) cfg->entries.push_back(std::move(e));  // none of this community's groups: not here
  };

  auto entries = s.List("entries");
  for (size_t i = 0; i < entries.size(); ++i) {
    ConfigSection& es = entries[i];
    PlanEntry e;
    e.id = es.Str("id", "entry" + std::to_string(i + 1));
    e.source = FileLabel(s.file()) + ":" + std::to_string(es.node().Mark().line + 1);
    Where where{&es, "", nullptr};
    for (const auto& t : es.Strings("at")) {
      int minute = 0;
      if (!ParsePlanTime(t, &minute)) es.Error("at", "'" + t + "' is not a time of day", "write times as \"HH:MM\", e.g. [\"09:00\", \"21:00\"]");
      else e.when.crons.push_back(CronSpec::Daily(minute));
    }
    for (const auto& c : es.Strings("cron")) {
      std::string why;
      auto spec = CronSpec::Parse(c, &why);
      if (!spec) es.Error("cron", "bad cron '" + c + "': " + why, "five fields: minute hour day-of-month month day-of-week, e.g. \"0 9 * * 1-5\"");
      else e.when.crons.push_back(*spec);
    }
    for (const auto& d : es.Strings("on")) {
      int64_t day = 0;
      int minute = 0;
      size_t sp = d.find(' ');
      if (sp == std::string::npos || !ParsePlanDate(d.substr(0, sp), &day) || !ParsePlanTime(d.substr(sp + 1), &minute))
        es.Error("on", "'" + d + "' is not a date and time", "write \"YYYY-MM-DD HH:MM\" in the community's time zone");
      else e.when.once.push_back(zone.ToUtc(day, minute));
    }
    std::sort(e.when.once.begin(), e.when.once.end());
    if (e.when.empty() && ErrorCount(s) == errors_before) es.Error("", "an entry needs `at`, `cron` or `on`");
    std::vector<std::string> to = es.Strings("to");
    if (to.empty()) es.Error("to", "an entry needs targets", "group ids, tag:NAME, community:ID or all");
    Where to_where{&es, "to", nullptr};
    ResolveTargets(to, env, dir, to_where, &e.groups);
    e.text = es.RequiredStr("text");
    CheckText(e.text, has_questions, has_leaderboard, Where{&es, "text", nullptr});
    e.link = es.Str("link");
    std::string mode = es.Str("mode", default_mode);
    if (mode != "direct" && mode != "assisted") es.Error("mode", "unknown mode '" + mode + "'", "use direct or assisted");
    e.mode = mode == "assisted" ? Delivery::kAssisted : Delivery::kDirect;
    e.skip_if_quiet = es.Bool("skip_if_quiet", default_quiet);
    e.catch_up_limit = es.Duration("catch_up_limit", default_limit);
    es.Finish();
    add_entry(std::move(e), where);
  }

  for (const auto& path : s.Strings("imports")) {
    std::string file = resolve(path);
    std::vector<PlanRow> rows;
    Diagnostics* diag = s.diagnostics();
    Diagnostics scratch;
    if (!diag) diag = &scratch;
    std::string ext = std::filesystem::path(file).extension().string();
    bool file_ok = false;
    if (ext == ".csv") file_ok = ReadPlanCsv(file, &rows, diag);
    else if (ext == ".yaml" || ext == ".yml") file_ok = ReadPlanYaml(file, &rows, diag);
    else s.Error("imports", "'" + path + "' is neither .csv nor .yaml", "month plans are CSV or YAML files");
    std::vector<PlanEntry> imported;
    for (const auto& row : rows) {
      Where where{&s, "imports", &row};
      PlanEntry e;
      e.id = row.id.empty() ? FileLabel(row.file) + ":" + std::to_string(row.line) : row.id;
      e.source = FileLabel(row.file) + ":" + std::to_string(row.line);
      e.when.once.push_back(zone.ToUtc(row.day, row.minute));
      file_ok &= ResolveTargets(row.targets, env, dir, where, &e.groups);
      e.text = row.text;
      file_ok &= CheckText(e.text, has_questions, has_leaderboard, where);
      e.link = row.link;
      std::string mode = row.mode.empty() ? default_mode : row.mode;
      e.mode = mode == "assisted" ? Delivery::kAssisted : Delivery::kDirect;
      e.skip_if_quiet = default_quiet;
      e.catch_up_limit = default_limit;
      imported.push_back(std::move(e));
    }
    // All of a file or nothing of it: a month plan is never half-imported.
    if (!file_ok) continue;
    for (size_t i = 0; i < imported.size(); ++i) add_entry(std::move(imported[i]), Where{&s, "imports", &rows[i]});
  }
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return cfg;
}

}  // namespace shoal
