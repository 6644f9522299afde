#include "features/checkin/checkin.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"
#include "features/points/points_ledger.h"

namespace shoal {

int64_t PickReward(const std::vector<RewardBand>& bands, double u) {
  double acc = 0;
  for (const auto& b : bands) {
    acc += b.chance;
    if (u < acc) return b.points;
  }
  return bands.empty() ? 0 : bands.back().points;
}

namespace {
int64_t MonthOf(int64_t day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  return static_cast<int64_t>(y) * 12 + (m - 1);
}
std::string MonthLabel(int64_t month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(month / 12), static_cast<long long>(month % 12 + 1));
  return buf;
}
bool Matches(std::string_view text, const std::vector<std::string>& keywords) {
  return std::find(keywords.begin(), keywords.end(), text) != keywords.end();
}
}  // namespace

Checkin::MemberState& Checkin::Member(const std::string& id) {
  auto it = members_.find(id);
  if (it == members_.end()) {
    it = members_.emplace(id, MemberState{}).first;
    it->second.cards = cfg_.start_cards;
  }
  return it->second;
}

std::optional<int64_t> Checkin::LastDay(std::string_view member) const {
  auto it = members_.find(member);
  if (it == members_.end() || it->second.total == 0) return std::nullopt;
  return it->second.last_day;
}

void Checkin::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kMessage || ctx.removed()) return;
  std::string_view text = TrimText(e.text);
  int64_t day = zone_->LocalDay(e.ts.utc);
  if (Matches(text, cfg_.keywords)) DoCheckin(e, ctx, day);
  else if (Matches(text, cfg_.makeup_keywords)) DoMakeup(e, ctx, day);
}

void Checkin::DoCheckin(const Event& e, Context& ctx, int64_t day) {
  MemberState& m = Member(e.member);
  auto* ledger = ctx.Find<PointsLedger>("points");
  TemplateVars vars{{"name", DisplayName(ctx, e.member)}};
  if (m.last_day == day) {
    ++repeats_;
    vars["streak"] = std::to_string(m.streak);
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.reply_again, vars), .reason = "checkin:again"});
    return;
  }
  m.streak = m.last_day == day - 1 ? m.streak + 1 : 1;
  m.best = std::max(m.best, m.streak);
  m.last_day = day;
  ++m.total;
  if (cfg_.card_every > 0 && m.total % cfg_.card_every == 0) ++m.cards;
  if (today_ != day) {
    today_ = day;
    today_count_ = 0;
  }
  int64_t rank = ++today_count_;
  ++months_[MonthOf(day)][e.member];
  Rng rng = ctx.MakeRng(HashString("checkin", 7));
  int64_t reward = cfg_.bands.size() == 1 ? cfg_.bands[0].points : PickReward(cfg_.bands, rng.Unit());
  auto bonus_it = cfg_.streak_bonus.find(m.streak);
  int64_t bonus = bonus_it == cfg_.streak_bonus.end() ? 0 : bonus_it->second;
  std::string day_ref = TimeZone::DayString(day);
  int64_t credited = 0;
  if (ledger) {
    if (ledger->Credit(e.ts.utc, e.group, e.member, reward, "checkin", day_ref) == CreditStatus::kOk) credited += reward;
    if (bonus && ledger->Credit(e.ts.utc, e.group, e.member, bonus, "checkin",
                                day_ref + ":streak" + std::to_string(m.streak)) == CreditStatus::kOk)
      credited += bonus;
  }
  vars["rank"] = std::to_string(rank);
  vars["streak"] = std::to_string(m.streak);
  vars["points"] = std::to_string(credited);
  vars["bonus"] = std::to_string(bonus);
  vars["balance"] = std::to_string(ledger ? ledger->Balance(e.member) : 0);
  vars["total"] = std::to_string(m.total);
  vars["cards"] = std::to_string(m.cards);
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = RenderTemplate(cfg_.reply, vars),
            .reason = bonus ? "checkin:streak" + std::to_string(m.streak) : "checkin",
            .extra = "\"points\":" + std::to_string(credited)});
}

void Checkin::DoMakeup(const Event& e, Context& ctx, int64_t day) {
  MemberState& m = Member(e.member);
  TemplateVars vars{{"name", DisplayName(ctx, e.member)}};
  std::string why;
  if (m.last_day == day) why = "today";        // checked in today: the streak is already decided
  else if (m.last_day != day - 2) why = "gap";  // only a single missed day (yesterday) can be filled
  else if (m.cards <= 0) why = "no_card";
  if (!why.empty()) {
    vars["why"] = why;
    vars["cards"] = std::to_string(m.cards);
    vars["streak"] = std::to_string(m.streak);
    ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
              .text = RenderTemplate(cfg_.reply_makeup_denied, vars), .reason = "checkin:makeup_denied:" + why});
    return;
  }
  --m.cards;
  m.last_day = day - 1;
  ++m.streak;
  m.best = std::max(m.best, m.streak);
  ++m.total;
  ++months_[MonthOf(day - 1)][e.member];
  vars["cards"] = std::to_string(m.cards);
  vars["streak"] = std::to_string(m.streak);
  vars["why"] = "";
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
            .text = RenderTemplate(cfg_.reply_makeup, vars), .reason = "checkin:makeup"});
}

void Checkin::Save(SnapshotWriter& w) const {
  w.U64(members_.size());
  for (const auto& [id, m] : members_) {
    w.Str(id);
    w.I64(m.last_day);
    w.I64(m.streak);
    w.I64(m.best);
    w.I64(m.total);
    w.I64(m.cards);
  }
  w.I64(today_);
  w.I64(today_count_);
  w.U64(months_.size());
  for (const auto& [month, counts] : months_) {
    w.I64(month);
    w.U64(counts.size());
    for (const auto& [id, n] : counts) {
      w.Str(id);
      w.I64(n);
    }
  }
  w.I64(repeats_);
}

bool Checkin::Load(SnapshotReader& r) {
  members_.clear();
  months_.clear();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string id = r.Str();
    MemberState m;
    m.last_day = r.I64();
    m.streak = r.I64();
    m.best = r.I64();
    m.total = r.I64();
    m.cards = r.I64();
    members_.emplace(std::move(id), m);
  }
  today_ = r.I64();
  today_count_ = r.I64();
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t month = r.I64();
    auto& counts = months_[month];
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      std::string id = r.Str();
      counts[id] = r.I64();
    }
  }
  repeats_ = r.I64();
  return r.ok();
}

void Checkin::Report(nlohmann::json& out) const {
  out["today"] = today_ == INT64_MIN ? "" : TimeZone::DayString(today_);
  out["today_count"] = today_count_;
  out["repeats_refused"] = repeats_;
  // Everyone in small communities; the most faithful kReportMembers otherwise.
  constexpr size_t kReportMembers = 500;
  std::vector<const std::pair<const std::string, MemberState>*> listed;
  for (const auto& kv : members_) listed.push_back(&kv);
  out["members_total"] = listed.size();
  if (listed.size() > kReportMembers) {
    std::stable_sort(listed.begin(), listed.end(), [](const auto* a, const auto* b) { return a->second.total > b->second.total; });
    listed.resize(kReportMembers);
  }
  nlohmann::json& members = out["members"];
  members = nlohmann::json::object();
  for (const auto* kv : listed) {
    const std::string& id = kv->first;
    const MemberState& m = kv->second;
    members[id] = {{"streak", m.streak}, {"best", m.best}, {"total", m.total}, {"cards", m.cards},
                   {"last", m.total ? TimeZone::DayString(m.last_day) : ""}};
  }
  // The monthly check-in board: most days first, ties by member id.
  nlohmann::json& months = out["months"];
  months = nlohmann::json::object();
  for (const auto& [month, counts] : months_) {
    std::vector<std::pair<int64_t, std::string>> rows;
    int64_t total = 0;
    for (const auto& [id, n] : counts) {
      rows.emplace_back(-n, id);
      total += n;
    }
    std::sort(rows.begin(), rows.end());
    nlohmann::json top = nlohmann::json::array();
    for (size_t i = 0; i < rows.size() && i < 10; ++i) top.push_back({{"member", rows[i].second}, {"days", -rows[i].first}});
    months[MonthLabel(month)] = {{"members", counts.size()}, {"checkins", total}, {"top", std::move(top)}};
  }
}

namespace {

std::unique_ptr<Feature> CreateCheckin(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  CheckinConfig cfg;
  cfg.keywords = s.Has("keywords") ? s.Strings("keywords") : std::vector<std::string>{"签到", "/checkin"};
  if (cfg.keywords.empty()) s.Error("keywords", "needs at least one keyword");
  ConfigSection reward = s.Child("reward");
  if (reward.Has("bands")) {
    double sum = 0;
    for (ConfigSection& b : reward.List("bands")) {
      RewardBand band;
      band.points = b.Int("points", 0, 0, 1'000'000);
      band.chance = b.Number("chance", 0, 0, 1);
      sum += band.chance;
      b.Finish();
      cfg.bands.push_back(band);
    }
    if (cfg.bands.empty()) reward.Error("bands", "needs at least one band");
    else if (std::fabs(sum - 1) > 1e-6)
      reward.Error("bands", "chances add up to " + std::to_string(sum) + ", not 1", "make the chances sum to 1");
  } else {
    cfg.bands.push_back({reward.Int("points", 5, 0, 1'000'000), 1});
  }
  reward.Finish();
  for (ConfigSection& b : s.List("streak_bonus")) {
    int64_t days = b.Int("days", 7, 2, 100'000);
    int64_t points = b.Int("points", 0, 0, 1'000'000);
    if (!cfg.streak_bonus.emplace(days, points).second) b.Error("days", "a bonus for this streak is already listed");
    b.Finish();
  }
  if (s.Has("makeup")) {
    ConfigSection m = s.Child("makeup");
    cfg.makeup_keywords = m.Has("keywords") ? m.Strings("keywords") : std::vector<std::string>{"补签"};
    cfg.card_every = m.Int("card_every", 7, 0, 10'000);
    cfg.start_cards = m.Int("start_cards", 0, 0, 1'000);
    m.Finish();
  }
  std::vector<std::string> vars{"name", "rank", "streak", "points", "bonus", "balance", "total", "cards"};
  cfg.reply = ReadTemplate(s, "reply", "{name} ✓ #{rank} streak {streak} +{points}", vars);
  cfg.reply_again = ReadTemplate(s, "reply_again", "{name} ✓ ({streak})", {"name", "streak"});
  std::vector<std::string> makeup_vars{"name", "streak", "cards", "why"};
  cfg.reply_makeup = ReadTemplate(s, "reply_makeup", "{name} ✓ streak {streak}", makeup_vars);
  cfg.reply_makeup_denied = ReadTemplate(s, "reply_makeup_denied", "{name} ✗ {why}", makeup_vars);
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Checkin>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(checkin, FeatureSpec{
    .name = "checkin",
    .order = 300,
    .scope = FeatureScope::kCommunity,
    .create = CreateCheckin,
});

}  // namespace shoal
