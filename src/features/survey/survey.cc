#include "features/survey/survey.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "features/common/command_args.h"
#include "features/common/group_scope.h"
#include "features/common/text_template.h"

namespace shoal {

const SurveyDef* Survey::Find(std::string_view id) const {
  for (const auto& s : cfg_.surveys) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

void Survey::OnResponse(const Event& e, Context& ctx) {
  auto extra = nlohmann::json::parse("{" + e.extra + "}", nullptr, false);
  if (extra.is_discarded() || !extra.contains("survey") || !extra["survey"].is_string()) return;
  const SurveyDef* def = Find(extra["survey"].get<std::string>());
  if (!def) return;  // another community's survey (conversions reach every community)
  State& st = states_[def->id];
  // The response belongs to the community of the group named by the link, or that invited the member.
  std::string group = e.group;  // the link's group, when the form passes it on
  const CommunityConfig* owner = nullptr;
  if (group.empty()) {
    auto inv = st.invited.find(e.member);
    if (inv == st.invited.end()) return;
    group = inv->second;
  } else if (!ctx.config().FindGroup(group, &owner) || owner != ctx.community()) {
    return;
  }
  std::string why;
  auto answers = CheckAnswers(def->questions, extra.contains("answers") ? extra["answers"] : nlohmann::json(), &why);
  if (!answers) {
    ++st.rejected;
    ctx.Emit({.type = ActionType::kAlert, .group = group, .member = e.member,
              .text = RenderTemplate(cfg_.invalid, {{"title", def->title}, {"survey", def->id}, {"why", why}}),
              .reason = "survey:invalid"});
    return;
  }
  Id mid = ctx.member_id();
  const MemberInfo* info = mid == kNoId ? nullptr : ctx.roster().FindMember(mid);
  std::string channel = info && info->channel != kNoId ? ctx.ids().Name(info->channel) : "direct";
  auto [it, fresh] = st.responses.try_emplace(e.member);
  if (!fresh) ++st.changed;
  it->second = Response{group, channel, std::move(*answers)};
  if (!cfg_.thanks.empty())
    ctx.Emit({.type = ActionType::kDm, .member = e.member,
              .text = RenderTemplate(cfg_.thanks, {{"name", DisplayName(ctx, e.member)}, {"title", def->title}}),
              .reason = "survey:thanks"});
}

nlohmann::json Survey::Summary(const SurveyDef& def, const State& st, const std::string& group_filter,
                               const std::string& channel_filter) const {
  nlohmann::json qs = nlohmann::json::array();
  int64_t responses = 0;
  for (const auto& [m, r] : st.responses) {
    responses += (group_filter.empty() || r.group == group_filter) && (channel_filter.empty() || r.channel == channel_filter);
  }
  for (size_t i = 0; i < def.questions.size(); ++i) {
    const Question& q = def.questions[i];
    nlohmann::json j = {{"question", q.text}};
    std::vector<int64_t> counts(q.type == QuestionType::kChoice ? q.options.size()
                                : q.type == QuestionType::kScale ? static_cast<size_t>(q.max - q.min + 1)
                                                                 : 0);
    int64_t answered = 0, sum = 0;
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& [member, r] : st.responses) {
      if ((!group_filter.empty() && r.group != group_filter) || (!channel_filter.empty() && r.channel != channel_filter)) continue;
      const Answer& a = r.answers[i];
      if (!a.given) continue;
      ++answered;
      if (q.type == QuestionType::kChoice) ++counts[static_cast<size_t>(a.number)];
      else if (q.type == QuestionType::kScale) {
        ++counts[static_cast<size_t>(a.number - q.min)];
        sum += a.number;
      } else if (def.anonymous) texts.push_back(a.text);
      else texts.push_back({{"member", member}, {"text", a.text}});
    }
    j["answered"] = answered;
    if (q.type == QuestionType::kChoice) {
      nlohmann::json c = nlohmann::json::object();
      for (size_t k = 0; k < q.options.size(); ++k) c[q.options[k]] = counts[k];
      j["counts"] = std::move(c);
    } else if (q.type == QuestionType::kScale) {
      j["mean"] = answered ? static_cast<double>(sum) / static_cast<double>(answered) : 0.0;
      j["distribution"] = counts;
    } else {
      // Anonymous texts in a fixed order that does not follow member ids.
      if (def.anonymous) std::sort(texts.begin(), texts.end());
      j["texts"] = std::move(texts);
    }
    qs.push_back(std::move(j));
  }
  return {{"responses", responses}, {"questions", std::move(qs)}};
}

std::string Survey::ResultsText(const SurveyDef& def, const State& st) const {
  nlohmann::json s = Summary(def, st, "", "");
  std::string text = RenderTemplate(cfg_.results_header, {{"title", def.title}, {"responses", std::to_string(s["responses"].get<int64_t>())}});
  for (size_t i = 0; i < def.questions.size(); ++i) {
    const auto& q = s["questions"][i];
    text += "\n" + std::to_string(i + 1) + ". " + def.questions[i].text + "：";
    if (def.questions[i].type == QuestionType::kChoice) {
      bool first = true;
      for (const auto& opt : def.questions[i].options) {
        text += (first ? "" : "，") + opt + " " + std::to_string(q["counts"][opt].get<int64_t>());
        first = false;
      }
    } else if (def.questions[i].type == QuestionType::kScale) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", q["mean"].get<double>());
      text += std::string("avg ") + buf + " (" + std::to_string(q["answered"].get<int64_t>()) + ")";
    } else {
      text += std::to_string(q["answered"].get<int64_t>());
    }
  }
  return text;
}

bool Survey::HandleCommand(const Event& e, Context& ctx) {
  auto rest = CommandRest(TrimText(e.text), cfg_.command);
  if (!rest || !ctx.IsStaff(e.member)) return false;
  auto words = SplitWords(*rest);
  const SurveyDef* def = words.size() >= 2 ? Find(words[1]) : nullptr;
  bool dm = words.size() == 3 && words[2] == "dm";
  if (def && words[0] == "send" && (words.size() == 2 || dm)) {
    State& st = states_[def->id];
    ++st.sent;
    TemplateVars vars{{"title", def->title}, {"survey", def->id}, {"group", e.group}};
    std::string group_link = RenderTemplate(cfg_.link, vars);
    ctx.Emit({.type = ActionType::kSend, .group = e.group,
              .text = RenderTemplate(cfg_.announce, {{"title", def->title}, {"link", group_link},
                                                     {"questions", std::to_string(def->questions.size())}}),
              .reason = "survey:send", .extra = "\"survey\":\"" + def->id + "\""});
    if (!dm) return true;
    Id gid = ctx.group_id();
    for (Id mid : ctx.roster().MembersOf(gid)) {
      const Membership* ms = ctx.roster().Find(gid, mid);
      const std::string& member = ctx.ids().Name(mid);
      if (!ms || !ms->present || ctx.IsStaff(member)) continue;
      st.invited[member] = e.group;
      ++st.invites;
      vars["member"] = member;
      ctx.Emit({.type = ActionType::kDm, .member = member,
                .text = RenderTemplate(cfg_.invite, {{"name", DisplayName(ctx, member)}, {"title", def->title},
                                                     {"link", RenderTemplate(cfg_.personal_link, vars)}}),
                .reason = "survey:invite"});
    }
  } else if (def && words[0] == "results" && words.size() == 2) {
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = ResultsText(*def, states_[def->id]),
              .reason = "survey:results"});
  } else {
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.usage, {{"command", cfg_.command}}), .reason = "survey:usage"});
  }
  return true;
}

void Survey::OnEvent(const Event& e, Context& ctx) {
  if (e.type == EventType::kConversion && e.goal == cfg_.goal) OnResponse(e, ctx);
  else if (e.type == EventType::kMessage && !ctx.removed()) HandleCommand(e, ctx);
}

void Survey::Save(SnapshotWriter& w) const {
  w.U64(states_.size());
  for (const auto& [id, st] : states_) {
    w.Str(id);
    w.U64(st.responses.size());
    for (const auto& [m, r] : st.responses) {
      w.Str(m);
      w.Str(r.group);
      w.Str(r.channel);
      w.U64(r.answers.size());
      for (const auto& a : r.answers) {
        w.Bool(a.given);
        w.I64(a.number);
        w.Str(a.text);
      }
    }
    w.U64(st.invited.size());
    for (const auto& [m, g] : st.invited) {
      w.Str(m);
      w.Str(g);
    }
    for (int64_t v : {st.sent, st.invites, st.changed, st.rejected}) w.I64(v);
  }
}

bool Survey::Load(SnapshotReader& r) {
  states_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string id = r.Str();
    const SurveyDef* def = Find(id);
    if (!def) r.Fail();
    State& st = states_[id];
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      Response& resp = st.responses[r.Str()];
      resp.group = r.Str();
      resp.channel = r.Str();
      uint64_t m = r.Count();
      for (uint64_t q = 0; q < m && r.ok(); ++q) {
        Answer a;
        a.given = r.Bool();
        a.number = r.I64();
        a.text = r.Str();
        resp.answers.push_back(std::move(a));
      }
      if (!def || resp.answers.size() != def->questions.size()) r.Fail();
      for (size_t q = 0; def && r.ok() && q < resp.answers.size(); ++q) {
        const Question& qq = def->questions[q];
        const Answer& a = resp.answers[q];
        bool bad = a.given && ((qq.type == QuestionType::kChoice && (a.number < 0 || a.number >= static_cast<int64_t>(qq.options.size()))) ||
                               (qq.type == QuestionType::kScale && (a.number < qq.min || a.number > qq.max)));
        if (bad) r.Fail();
      }
    }
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      std::string m = r.Str();
      st.invited[m] = r.Str();
    }
    for (int64_t* v : {&st.sent, &st.invites, &st.changed, &st.rejected}) *v = r.I64();
  }
  return r.ok();
}

void Survey::Report(nlohmann::json& out) const {
  nlohmann::json& all = out["surveys"];
  all = nlohmann::json::object();
  for (const auto& def : cfg_.surveys) {
    auto it = states_.find(def.id);
    State empty;
    const State& st = it == states_.end() ? empty : it->second;
    nlohmann::json j = Summary(def, st, "", "");
    j["title"] = def.title;
    j["anonymous"] = def.anonymous;
    j["sent"] = st.sent;
    j["invites"] = st.invites;
    j["changed"] = st.changed;
    j["rejected"] = st.rejected;
    std::map<std::string, int> groups, channels;
    for (const auto& [m, r] : st.responses) {
      groups[r.group] = 1;
      channels[r.channel] = 1;
    }
    nlohmann::json& by_group = j["by_group"];
    by_group = nlohmann::json::object();
    for (const auto& [g, _] : groups) by_group[g] = Summary(def, st, g, "");
    nlohmann::json& by_channel = j["by_channel"];
    by_channel = nlohmann::json::object();
    for (const auto& [c, _] : channels) by_channel[c] = Summary(def, st, "", c);
    if (!def.anonymous) {
      nlohmann::json who = nlohmann::json::array();
      for (const auto& [m, r] : st.responses) who.push_back(m);
      j["respondents"] = std::move(who);
    }
    all[def.id] = std::move(j);
  }
}

namespace {

std::unique_ptr<Feature> CreateSurvey(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  SurveyConfig cfg;
  std::set<std::string> ids;
  for (ConfigSection& d : s.List("surveys")) {
    SurveyDef def;
    def.id = d.RequiredStr("id");
    if (!def.id.empty() && !ids.insert(def.id).second) d.Error("id", "two surveys are called '" + def.id + "'");
    if (def.id.find_first_of(" \t") != std::string::npos) d.Error("id", "must be one word (it is typed in commands)");
    def.title = d.Str("title", def.id);
    def.anonymous = d.Bool("anonymous", true);
    for (ConfigSection& q : d.List("questions")) {
      Question question;
      question.text = q.RequiredStr("text");
      std::string type = q.Str("type", "choice");
      question.optional = q.Bool("optional", false);
      if (type == "choice") {
        question.type = QuestionType::kChoice;
        question.options = q.Strings("options");
        if (question.options.size() < 2) q.Error("options", "a choice question needs at least two options");
      } else if (type == "scale") {
        question.type = QuestionType::kScale;
        question.min = q.Int("min", 1, -100, 100);
        question.max = q.Int("max", 5, -100, 100);
        if (question.max <= question.min) q.Error("max", "must be above min");
      } else if (type == "text") {
        question.type = QuestionType::kText;
      } else {
        q.Error("type", "'" + type + "' is not a question type", "choice, scale or text");
      }
      q.Finish();
      def.questions.push_back(std::move(question));
    }
    if (def.questions.empty()) d.Error("questions", "a survey needs at least one question");
    d.Finish();
    cfg.surveys.push_back(std::move(def));
  }
  if (cfg.surveys.empty()) s.Error("surveys", "no surveys defined", "add surveys: [{id: s1, questions: [...]}]");
  cfg.goal = s.Str("goal", cfg.goal);
  cfg.command = s.Str("command", cfg.command);
  cfg.link = ReadTemplate(s, "link", "", {"survey", "group", "title"});
  if (cfg.link.empty()) s.Error("link", "surveys are answered through a link; give its template",
                                "e.g. https://forms.example.com/{survey}?group={group}");
  cfg.personal_link = ReadTemplate(s, "personal_link", cfg.link, {"survey", "group", "member", "title"});
  cfg.announce = ReadTemplate(s, "announce", "{title}: {link}", {"title", "link", "questions"});
  cfg.invite = ReadTemplate(s, "invite", "{name}: {title} {link}", {"name", "title", "link"});
  cfg.thanks = ReadTemplate(s, "thanks", "", {"name", "title"});
  cfg.invalid = ReadTemplate(s, "invalid", "{title}: a response was refused ({why})", {"title", "survey", "why"});
  cfg.results_header = ReadTemplate(s, "results_header", "{title}: {responses} responses", {"title", "responses"});
  cfg.usage = ReadTemplate(s, "usage", "{command} send <survey> [dm] | {command} results <survey>", {"command"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  (void)env;
  return std::make_unique<Survey>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(survey, FeatureSpec{
    .name = "survey",
    .order = 345,
    .scope = FeatureScope::kCommunity,
    .create = CreateSurvey,
});

}  // namespace shoal
