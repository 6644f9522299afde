#include "features/quiz/quiz.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/points/points_ledger.h"

namespace shoal {

namespace {
constexpr uint64_t kCloseTagBase = 1'000'000;  // + round id; below it: schedule slot index
}  // namespace

void Quiz::ScheduleSlot(Context& ctx, size_t slot) {
  int64_t day = zone_->LocalDay(ctx.now());
  Micros due = zone_->ToUtc(day, cfg_.times[slot]);
  if (due <= ctx.now()) due = zone_->ToUtc(day + 1, cfg_.times[slot]);
  ctx.Schedule(due, slot);
}

void Quiz::Ask(Context& ctx, const std::string& group) {
  auto open = open_in_group_.find(group);
  if (open != open_in_group_.end()) Close(ctx, open->second, rounds_[open->second]);  // one round at a time
  int64_t id = next_id_++;
  Round round;
  round.group = group;
  round.question = next_question_;
  next_question_ = (next_question_ + 1) % static_cast<int64_t>(cfg_.bank.size());
  round.ends = ctx.now() + cfg_.window;
  const QuizQuestion& q = cfg_.bank[round.question];
  ctx.Emit({.type = ActionType::kSend, .group = group,
            .text = RenderTemplate(q.brainstorm ? cfg_.brainstorm_ask : cfg_.ask,
                                   {{"question", q.question}, {"n", std::to_string(id)},
                                    {"minutes", std::to_string(cfg_.window / kMicrosPerMinute)},
                                    {"winners", std::to_string(cfg_.points.size())}}),
            .reason = q.brainstorm ? "quiz:brainstorm" : "quiz:ask", .extra = "\"round\":" + std::to_string(id)});
  rounds_.emplace(id, std::move(round));
  open_in_group_[group] = id;
  ctx.Schedule(ctx.now() + cfg_.window, kCloseTagBase + static_cast<uint64_t>(id));
}

void Quiz::Close(Context& ctx, int64_t id, Round& round) {
  if (!round.open) return;
  round.open = false;
  open_in_group_.erase(round.group);
  const QuizQuestion& q = cfg_.bank[round.question];
  if (!q.brainstorm) {
    std::string names;
    for (const auto& m : round.winners) names += (names.empty() ? "" : "、") + DisplayName(ctx, m);
    std::string answer = q.answers.empty() ? "" : q.answers.front();
    ctx.Emit({.type = ActionType::kSend, .group = round.group,
              .text = RenderTemplate(round.winners.empty() ? cfg_.nobody : cfg_.reveal,
                                     {{"answer", answer}, {"names", names}, {"question", q.question}}),
              .reason = "quiz:reveal", .extra = "\"round\":" + std::to_string(id)});
    return;
  }
  // Brainstorm: most likes first, earlier ideas win ties; one prize per member.
  std::vector<const Idea*> ranked;
  for (const auto& idea : round.ideas) ranked.push_back(&idea);
  std::stable_sort(ranked.begin(), ranked.end(), [](const Idea* a, const Idea* b) { return a->likes.size() > b->likes.size(); });
  auto* ledger = ctx.Find<PointsLedger>("points");
  std::set<std::string> paid;
  std::string names;
  size_t place = 0;
  for (const Idea* idea : ranked) {
    if (place >= cfg_.points.size() || idea->likes.empty()) break;
    if (!paid.insert(idea->member).second) continue;
    int64_t pts = cfg_.points[place++];
    if (ledger && ledger->Credit(ctx.now(), round.group, idea->member, pts, "quiz", "brainstorm" + std::to_string(id)) ==
                      CreditStatus::kOk)
      points_paid_ += pts;
    names += (names.empty() ? "" : "、") + DisplayName(ctx, idea->member) + "(" + std::to_string(idea->likes.size()) + ")";
  }
  ctx.Emit({.type = ActionType::kSend, .group = round.group,
            .text = RenderTemplate(names.empty() ? cfg_.nobody : cfg_.brainstorm_result,
                                   {{"names", names}, {"ideas", std::to_string(round.ideas.size())},
                                    {"question", q.question}, {"answer", ""}}),
            .reason = "quiz:brainstorm_result", .extra = "\"round\":" + std::to_string(id)});
}

void Quiz::OnEvent(const Event& e, Context& ctx) {
  if (!armed_ && !cfg_.times.empty()) {
    armed_ = true;
    for (size_t i = 0; i < cfg_.times.size(); ++i) ScheduleSlot(ctx, i);
  }
  if (e.type == EventType::kReaction) {
    auto open = open_in_group_.find(e.group);
    if (open == open_in_group_.end()) return;
    for (auto& idea : rounds_[open->second].ideas)
      if (idea.msg_id == e.msg_id && idea.member != e.member) idea.likes.insert(e.member);  // no self-likes
    return;
  }
  if (e.type != EventType::kMessage || ctx.removed()) return;
  std::string_view text = TrimText(e.text);
  if (!cfg_.command.empty() && text == cfg_.command && ctx.IsStaff(e.member)) {
    Ask(ctx, e.group);
    return;
  }
  auto open = open_in_group_.find(e.group);
  if (open == open_in_group_.end() || ctx.IsStaff(e.member)) return;
  int64_t id = open->second;
  Round& round = rounds_[id];
  const QuizQuestion& q = cfg_.bank[round.question];
  if (q.brainstorm) {
    if (!text.empty()) round.ideas.push_back({e.member, e.msg_id, {}});
    return;
  }
  if (!IsCorrect(q, text)) return;
  if (std::find(round.winners.begin(), round.winners.end(), e.member) != round.winners.end()) return;  // scored already
  if (round.winners.size() >= cfg_.points.size()) return;  // prizes gone; the reveal names the winners
  int64_t pts = cfg_.points[round.winners.size()];
  round.winners.push_back(e.member);
  if (auto* ledger = ctx.Find<PointsLedger>("points")) {
    if (ledger->Credit(e.ts.utc, e.group, e.member, pts, "quiz", "quiz" + std::to_string(id)) == CreditStatus::kOk)
      points_paid_ += pts;
  }
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
            .text = RenderTemplate(cfg_.correct, {{"name", DisplayName(ctx, e.member)},
                                                  {"points", std::to_string(pts)},
                                                  {"place", std::to_string(round.winners.size())}}),
            .reason = "quiz:correct", .extra = "\"points\":" + std::to_string(pts)});
}

void Quiz::OnTimer(uint64_t tag, Context& ctx) {
  if (tag < kCloseTagBase) {
    if (tag >= cfg_.times.size()) return;
    if (const CommunityConfig* c = ctx.community()) {
      if (cfg_.groups.empty()) {
        for (const auto& g : c->groups) Ask(ctx, g.id);
      } else {
        for (const auto& g : cfg_.groups) Ask(ctx, g);
      }
    }
    ScheduleSlot(ctx, tag);
    return;
  }
  auto it = rounds_.find(static_cast<int64_t>(tag - kCloseTagBase));
  if (it != rounds_.end()) Close(ctx, it->first, it->second);
}

void Quiz::Save(SnapshotWriter& w) const {
  w.I64(next_id_);
  w.I64(next_question_);
  w.Bool(armed_);
  w.I64(points_paid_);
  w.U64(rounds_.size());
  for (const auto& [id, r] : rounds_) {
    w.I64(id);
    w.Str(r.group);
    w.I64(r.question);
    w.I64(r.ends);
    w.Bool(r.open);
    w.U64(r.winners.size());
    for (const auto& m : r.winners) w.Str(m);
    w.U64(r.ideas.size());
    for (const auto& idea : r.ideas) {
      w.Str(idea.member);
      w.Str(idea.msg_id);
      w.U64(idea.likes.size());
      for (const auto& l : idea.likes) w.Str(l);
    }
  }
}

bool Quiz::Load(SnapshotReader& r) {
  rounds_.clear();
  open_in_group_.clear();
  next_id_ = r.I64();
  next_question_ = r.I64();
  armed_ = r.Bool();
  points_paid_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t id = r.I64();
    Round round;
    round.group = r.Str();
    round.question = r.I64();
    round.ends = r.I64();
    round.open = r.Bool();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) round.winners.push_back(r.Str());
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      Idea idea;
      idea.member = r.Str();
      idea.msg_id = r.Str();
      uint64_t likes = r.Count();
      for (uint64_t l = 0; l < likes && r.ok(); ++l) idea.likes.insert(r.Str());
      round.ideas.push_back(std::move(idea));
    }
    // A bank that shrank since the snapshot would index past its end.
    if (round.question < 0 || round.question >= static_cast<int64_t>(cfg_.bank.size())) r.Fail();
    if (round.open) open_in_group_[round.group] = id;
    rounds_.emplace(id, std::move(round));
  }
  if (next_question_ < 0 || next_question_ >= static_cast<int64_t>(cfg_.bank.size())) r.Fail();
  return r.ok();
}

void Quiz::Report(nlohmann::json& out) const {
  int64_t quizzes = 0, brainstorms = 0, answered = 0, ideas = 0, likes = 0;
  nlohmann::json& recent = out["rounds"];
  recent = nlohmann::json::object();
  for (const auto& [id, r] : rounds_) {
    const QuizQuestion& q = cfg_.bank[r.question];
    q.brainstorm ? ++brainstorms : ++quizzes;
    answered += !r.winners.empty();
    ideas += static_cast<int64_t>(r.ideas.size());
    for (const auto& idea : r.ideas) likes += static_cast<int64_t>(idea.likes.size());
    if (id + 20 <= rounds_.rbegin()->first) continue;  // the latest 20 in detail
    recent[std::to_string(id)] = {{"group", r.group}, {"question", q.question}, {"open", r.open},
                                  {"winners", r.winners}, {"ideas", r.ideas.size()}};
  }
  out["quizzes"] = quizzes;
  out["answered"] = answered;
  out["brainstorms"] = brainstorms;
  out["ideas"] = ideas;
  out["likes"] = likes;
  out["points_paid"] = points_paid_;
}

namespace {

std::unique_ptr<Feature> CreateQuiz(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  QuizConfig cfg;
  if (s.Has("bank")) cfg.bank = ReadQuizBank(s.Raw("bank"), s.path() + ".bank", s.file(), s.diagnostics());
  if (s.Has("bank_file")) {
    // Relative to the config file, so a config and its banks travel together.
    std::filesystem::path file = s.Str("bank_file");
    if (file.is_relative()) file = std::filesystem::path(env.config.file).parent_path() / file;
    try {
      YAML::Node doc = YAML::LoadFile(file.string());
      auto more = ReadQuizBank(doc["questions"], "questions", file.string(), s.diagnostics());
      cfg.bank.insert(cfg.bank.end(), more.begin(), more.end());
    } catch (const YAML::BadFile&) {
      s.Error("bank_file", "cannot read '" + file.string() + "'");
    } catch (const YAML::Exception& e) {
      if (s.diagnostics())
        s.diagnostics()->Error(file.string(), e.mark.line + 1, e.mark.column + 1, std::string("bad YAML: ") + e.msg);
    }
  }
  if (cfg.bank.empty() && ErrorCount(s) == errors_before) s.Error("bank", "needs at least one question (bank or bank_file)");
  for (const auto& t : s.Strings("at")) {
    // "HH:MM" each; reuse the clock parser through a one-key map so errors carry the line.
    YAML::Node one;
    one["t"] = t;
    ConfigSection tmp(one, s.path() + ".at", s.file(), nullptr);
    int minute = tmp.ClockTime("t", -1);
    if (minute < 0) s.Error("at", "'" + t + "' is not a time of day", "write times as \"HH:MM\", e.g. [\"09:00\", \"21:00\"]");
    else cfg.times.push_back(minute);
  }
  for (const auto& g : s.Strings("groups")) {
    const CommunityConfig* owner = nullptr;
    if (!env.config.FindGroup(g, &owner)) s.Error("groups", "unknown group '" + g + "'");
    else if (!env.community || owner == env.community) cfg.groups.push_back(g);
  }
  if (s.Has("groups") && cfg.groups.empty()) cfg.times.clear();  // none of this community's groups listed
  cfg.command = s.Str("command", cfg.command);
  cfg.window = s.Duration("window", cfg.window, kMicrosPerSecond);
  if (s.Has("points")) {
    cfg.points.clear();
    YAML::Node pts = s.Raw("points");
    for (const auto& v : pts) {
      int64_t x = -1;
      if (!YAML::convert<int64_t>::decode(v, x) || x < 0 || x > 1'000'000) {
        s.Error("points", "each prize must be a whole number from 0 to 1000000");
        break;
      }
      cfg.points.push_back(x);
    }
    if (cfg.points.empty()) s.Error("points", "must list at least one prize, e.g. [10, 5, 3]");
  }
  std::vector<std::string> ask_vars{"question", "n", "minutes", "winners"};
  cfg.ask = ReadTemplate(s, "ask", "Q{n}: {question}", ask_vars);
  cfg.brainstorm_ask = ReadTemplate(s, "brainstorm_ask", "💡 {question}", ask_vars);
  cfg.correct = ReadTemplate(s, "correct", "{name} +{points}", {"name", "points", "place"});
  std::vector<std::string> end_vars{"answer", "names", "question", "ideas"};
  cfg.reveal = ReadTemplate(s, "reveal", "{answer}: {names}", end_vars);
  cfg.brainstorm_result = ReadTemplate(s, "brainstorm_result", "👍 {names}", end_vars);
  cfg.nobody = ReadTemplate(s, "nobody", "{answer}", end_vars);
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Quiz>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(quiz, FeatureSpec{
    .name = "quiz",
    .order = 340,
    .scope = FeatureScope::kCommunity,
    .create = CreateQuiz,
});

}  // namespace shoal
