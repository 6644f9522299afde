#include "features/qa/qa.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

namespace {
constexpr uint64_t kGiveUpBit = 1ULL << 62;  // tag = id (alert) or id | kGiveUpBit

std::string Excerpt(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole code points only
  return std::string(text.substr(0, cut)) + "…";
}
}  // namespace

bool IsQuestion(const QaConfig& cfg, std::string_view text) {
  for (const auto* list : {&cfg.marks, &cfg.words, &cfg.mentions})
    for (const auto& k : *list)
      if (!k.empty() && text.find(k) != std::string_view::npos) return true;
  return false;
}

double Median(std::vector<Micros> v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(mid), v.end());
  double hi = static_cast<double>(v[mid]);
  if (v.size() % 2) return hi;
  double lo = static_cast<double>(*std::max_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(mid)));
  return (lo + hi) / 2;
}

void QaTiming::Answer(int64_t id, const Event& e, bool staff) {
  auto it = open_.find(id);
  GroupQa& g = groups_[it->second.group];
  ++g.answered;
  g.by_staff += staff;
  g.answer_times.push_back(e.ts.utc - it->second.ts);
  open_.erase(it);
}

void QaTiming::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kMessage || ctx.removed()) return;
  bool staff = ctx.IsStaff(e.member);
  // Answers first: a message can answer one question and ask another.
  std::vector<int64_t> answered;
  for (const auto& [id, q] : open_) {
    if (q.group != e.group || q.member == e.member) continue;
    if ((!e.reply_to.empty() && e.reply_to == q.msg_id) || (staff && e.reply_to.empty())) answered.push_back(id);
  }
  for (int64_t id : answered) Answer(id, e, staff);
  if (staff || !IsQuestion(cfg_, e.text)) return;
  int64_t id = next_id_++;
  open_[id] = {e.group, e.member, e.msg_id, Excerpt(e.text, 120), e.ts.utc, false};
  ++groups_[e.group].questions;
  ctx.Schedule(e.ts.utc + cfg_.threshold, static_cast<uint64_t>(id));
}

void QaTiming::OnTimer(uint64_t tag, Context& ctx) {
  bool give_up = tag & kGiveUpBit;
  auto it = open_.find(static_cast<int64_t>(tag & ~kGiveUpBit));
  if (it == open_.end()) return;  // answered in time
  Question& q = it->second;
  GroupQa& g = groups_[q.group];
  if (give_up) {
    ++g.abandoned;
    open_.erase(it);
    return;
  }
  q.alerted = true;
  ++g.alerts;
  const GroupConfig* gc = ctx.config().FindGroup(q.group);
  ctx.Emit({.type = ActionType::kAlert, .group = q.group, .member = q.member,
            .text = RenderTemplate(cfg_.alert, {{"group", gc && !gc->name.empty() ? gc->name : q.group},
                                                {"name", DisplayName(ctx, q.member)},
                                                {"text", q.text},
                                                {"seconds", std::to_string(cfg_.threshold / kMicrosPerSecond)}}),
            .reason = "qa:unanswered"});
  ctx.Schedule(q.ts + std::max(cfg_.give_up, cfg_.threshold + 1), tag | kGiveUpBit);
}

void QaTiming::Save(SnapshotWriter& w) const {
  w.I64(next_id_);
  w.U64(open_.size());
  for (const auto& [id, q] : open_) {
    w.I64(id);
    w.Str(q.group);
    w.Str(q.member);
    w.Str(q.msg_id);
    w.Str(q.text);
    w.I64(q.ts);
    w.Bool(q.alerted);
  }
  w.U64(groups_.size());
  for (const auto& [id, g] : groups_) {
    w.Str(id);
    w.I64(g.questions);
    w.I64(g.answered);
    w.I64(g.by_staff);
    w.I64(g.alerts);
    w.I64(g.abandoned);
    w.U64(g.answer_times.size());
    for (Micros t : g.answer_times) w.I64(t);
  }
}

bool QaTiming::Load(SnapshotReader& r) {
  open_.clear();
  groups_.clear();
  next_id_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t id = r.I64();
    Question q;
    q.group = r.Str();
    q.member = r.Str();
    q.msg_id = r.Str();
    q.text = r.Str();
    q.ts = r.I64();
    q.alerted = r.Bool();
    open_.emplace(id, std::move(q));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    GroupQa& g = groups_[r.Str()];
    g.questions = r.I64();
    g.answered = r.I64();
    g.by_staff = r.I64();
    g.alerts = r.I64();
    g.abandoned = r.I64();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) g.answer_times.push_back(r.I64());
  }
  return r.ok();
}

void QaTiming::GroupJson(const GroupQa& g, int64_t open, nlohmann::json& out) {
  out["questions"] = g.questions;
  out["answered"] = g.answered;
  out["answered_by_staff"] = g.by_staff;
  out["open"] = open;
  out["alerts"] = g.alerts;
  out["unanswered_share"] = g.questions ? static_cast<double>(g.questions - g.answered) / static_cast<double>(g.questions) : 0.0;
  out["median_answer_seconds"] = Median(g.answer_times) / kMicrosPerSecond;
}

void QaTiming::Report(nlohmann::json& out) const {
  std::map<std::string, int64_t> open;
  for (const auto& [id, q] : open_) ++open[q.group];
  nlohmann::json& groups = out["groups"];
  groups = nlohmann::json::object();
  std::vector<Micros> all;
  int64_t questions = 0, answered = 0;
  for (const auto& [id, g] : groups_) {
    GroupJson(g, open[id], groups[id]);
    all.insert(all.end(), g.answer_times.begin(), g.answer_times.end());
    questions += g.questions;
    answered += g.answered;
  }
  out["questions"] = questions;
  out["answered"] = answered;
  out["unanswered_share"] = questions ? static_cast<double>(questions - answered) / static_cast<double>(questions) : 0.0;
  out["median_answer_seconds"] = Median(all) / kMicrosPerSecond;
}

bool QaTiming::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto it = groups_.find(group);
  if (it == groups_.end()) return false;
  int64_t open = 0;
  for (const auto& [id, q] : open_) open += q.group == group;
  GroupJson(it->second, open, out);
  return true;
}

namespace {

std::unique_ptr<Feature> CreateQa(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  QaConfig cfg;
  if (s.Has("marks")) cfg.marks = s.Strings("marks");
  cfg.words = s.Has("words") ? s.Strings("words") : std::vector<std::string>{"请问", "怎么", "如何", "为什么"};
  cfg.mentions = s.Strings("mentions");
  cfg.threshold = s.Duration("threshold", cfg.threshold, kMicrosPerSecond);
  cfg.give_up = s.Duration("give_up", cfg.give_up, kMicrosPerSecond);
  if (cfg.give_up <= cfg.threshold) s.Error("give_up", "must be longer than threshold");
  cfg.alert = ReadTemplate(s, "alert", "{group}: {name} waited {seconds}s: {text}", {"group", "name", "text", "seconds"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<QaTiming>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(qa, FeatureSpec{
    .name = "qa",
    .order = 350,
    .scope = FeatureScope::kCommunity,
    .create = CreateQa,
});

}  // namespace shoal
