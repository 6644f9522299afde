#include "features/leaderboard/leaderboard.h"

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

namespace {
const std::string kCommunity;  // the community-wide board's group key
constexpr uint64_t kWallTag = 1;
constexpr uint64_t kPrizeTagBase = 100;  // + index into prizes
}  // namespace

BoardMember Leaderboard::Intern(const LedgerEntry& en) {
  BoardMember m = en.member_index;
  if (m >= names_.size()) names_.resize(static_cast<size_t>(m) + 1);
  if (names_[m].empty()) {  // first sight: the only time the member id is hashed here
    names_[m] = en.member;
    index_.emplace(en.member, m);
  }
  return m;
}

BoardMember Leaderboard::MemberIndex(std::string_view member) const {
  auto it = index_.find(std::string(member));
  return it == index_.end() ? kNoBoardMember : it->second;
}

int64_t Leaderboard::LocalDay(Micros utc) const {
  if (utc < day_from_ || utc >= day_to_) {
    day_ = zone_->LocalDay(utc);
    day_from_ = zone_->ToUtc(day_, 0);
    day_to_ = zone_->ToUtc(day_ + 1, 0);
    if (utc < day_from_ || utc >= day_to_) day_from_ = 1, day_to_ = 0;  // odd zone edge: do not cache
  }
  return day_;
}

std::array<Board*, kPeriodCount>& Leaderboard::HotBoards(const std::string& group,
                                                         const std::array<int64_t, kPeriodCount>& ids) {
  auto [it, fresh] = hot_.try_emplace(group);
  if (fresh) {
    for (int k = 0; k < kPeriodCount; ++k) it->second[k] = cfg_.periods[k] ? &boards_[{k, ids[k], group}] : nullptr;
  }
  return it->second;
}

void Leaderboard::AddToBoards(const LedgerEntry& en) {
  int64_t day = LocalDay(en.ts);
  std::array<int64_t, kPeriodCount> ids{};
  for (int k = 0; k < kPeriodCount; ++k) {
    if (!cfg_.periods[k]) continue;
    ids[k] = PeriodIdOfDay(static_cast<Period>(k), day);
    if (ids[k] > current_[k]) {
      // Keep the previous period for its prize payout; older boards are history.
      boards_.erase(boards_.lower_bound({k, INT64_MIN, ""}), boards_.lower_bound({k, ids[k] - 1, ""}));
      current_[k] = ids[k];
      hot_.clear();
    }
  }
  BoardMember m = Intern(en);
  // Prizes reward a period; counting them on the next period's boards would hand
  // the winners a head start, so they count only all-time.
  bool prize = en.reason == "prize";
  bool current = true;  // entries older than the running period (clock skew) take the slow path
  for (int k = 0; k < kPeriodCount; ++k) current &= !cfg_.periods[k] || ids[k] == current_[k];
  for (const std::string* group : {&kCommunity, &en.group}) {
    if (group != &kCommunity && group->empty()) continue;
    for (int k = 0; k < kPeriodCount; ++k) {
      if (!cfg_.periods[k] || (prize && k != static_cast<int>(Period::kAll))) continue;
      Board* board = current ? HotBoards(*group, ids)[k] : &boards_[{k, ids[k], *group}];
      board->Add(m, en.delta);
    }
  }
}

void Leaderboard::Sync(const PointsLedger& ledger) {
  const auto& entries = ledger.entries();
  for (; cursor_ < entries.size(); ++cursor_) AddToBoards(entries[cursor_]);
}

const Board* Leaderboard::Find(Period period, Micros at, const std::string& group) const {
  auto it = boards_.find({static_cast<int>(period), PeriodIdOfDay(period, LocalDay(at)), group});
  return it == boards_.end() ? nullptr : &it->second;
}

void Leaderboard::Arm(Context& ctx) {
  if (armed_) return;
  armed_ = true;
  if (cfg_.wall_minute >= 0) ScheduleWall(ctx, ctx.now());
  for (size_t i = 0; i < cfg_.prizes.size(); ++i)
    ctx.Schedule(PeriodEnd(cfg_.prizes[i].period, *zone_, ctx.now()), kPrizeTagBase + i);
}

void Leaderboard::ScheduleWall(Context& ctx, Micros after) {
  int64_t day = zone_->LocalDay(after);
  Micros due = zone_->ToUtc(day, cfg_.wall_minute);
  if (due <= after) due = zone_->ToUtc(day + 1, cfg_.wall_minute);
  ctx.Schedule(due, kWallTag);
}

void Leaderboard::OnEvent(const Event& e, Context& ctx) {
  Arm(ctx);
  if (e.type != EventType::kMessage || ctx.removed() || cfg_.rank_keywords.empty()) return;
  std::string_view text = TrimText(e.text);
  bool asked = false;
  for (const auto& k : cfg_.rank_keywords) asked |= text == k;
  if (!asked) return;
  if (auto* ledger = ctx.Find<PointsLedger>("points")) Sync(*ledger);
  const Board* board = Find(cfg_.rank_period, e.ts.utc, cfg_.rank_in_group ? e.group : "");
  BoardMember m = MemberIndex(e.member);
  int64_t rank = board && m != kNoBoardMember ? board->DenseRank(m) : 0;
  TemplateVars vars{{"name", DisplayName(ctx, e.member)},
                    {"period", std::string(PeriodName(cfg_.rank_period))},
                    {"points", std::to_string(rank ? board->Points(m) : 0)},
                    {"rank", std::to_string(rank)},
                    {"members", std::to_string(board ? board->size() : 0)}};
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
            .text = RenderTemplate(rank ? cfg_.rank_reply : cfg_.rank_none, vars),
            .reason = rank ? "leaderboard:rank" : "leaderboard:unranked"});
}

std::string Leaderboard::Lines(const Board& board, int64_t top, Context& ctx) const {
  std::string text;
  for (const auto& row : board.Top(static_cast<size_t>(top))) {
    text += "\n" + RenderTemplate(cfg_.wall_line, {{"rank", std::to_string(row.rank)},
                                                   {"name", DisplayName(ctx, names_[row.member])},
                                                   {"member", names_[row.member]},
                                                   {"points", std::to_string(row.points)}});
  }
  return text;
}

void Leaderboard::PostWall(Context& ctx) {
  const CommunityConfig* community = ctx.community();
  if (!community) return;
  // The wall posts the period that is running at posting time (today's board at 21:00).
  std::string label = PeriodLabel(cfg_.wall_period, PeriodId(cfg_.wall_period, *zone_, ctx.now()));
  for (const auto& g : community->groups) {
    const Board* board = Find(cfg_.wall_period, ctx.now(), cfg_.wall_per_group ? g.id : "");
    if (!board || board->size() == 0) continue;
    std::string text = RenderTemplate(cfg_.wall_header, {{"period", label}, {"group", g.name}}) +
                       Lines(*board, cfg_.wall_top, ctx);
    ctx.Emit({.type = ActionType::kSend, .group = g.id, .text = std::move(text), .reason = "leaderboard:wall"});
  }
}

void Leaderboard::PayPrizes(const PrizeRule& rule, int64_t period_id, Context& ctx) {
  auto* ledger = ctx.Find<PointsLedger>("points");
  auto it = boards_.find({static_cast<int>(rule.period), period_id, ""});
  if (!ledger || it == boards_.end()) return;
  std::string label = std::string(PeriodName(rule.period)) + ":" + PeriodLabel(rule.period, period_id);
  if (paid_.count(label)) return;  // a period pays once
  int64_t total = 0;
  std::string winners;
  for (const auto& row : it->second.Top(SIZE_MAX, static_cast<int64_t>(rule.points.size()))) {
    if (row.points <= 0) break;
    int64_t prize = rule.points[row.rank - 1];
    std::string ref = label + "#" + std::to_string(row.rank);
    const std::string& member = names_[row.member];
    if (ledger->Credit(ctx.now(), "", member, prize, "prize", ref) != CreditStatus::kOk) continue;
    total += prize;
    winners += (winners.empty() ? "" : "、") + DisplayName(ctx, member) + "(+" + std::to_string(prize) + ")";
  }
  paid_[label] = total;
  Sync(*ledger);
  if (winners.empty() || cfg_.prize_announce.empty() || !ctx.community()) return;
  std::string text = RenderTemplate(cfg_.prize_announce, {{"period", PeriodLabel(rule.period, period_id)},
                                                          {"winners", winners}});
  for (const auto& g : ctx.community()->groups)
    ctx.Emit({.type = ActionType::kSend, .group = g.id, .text = text, .reason = "leaderboard:prize"});
}

void Leaderboard::OnTimer(uint64_t tag, Context& ctx) {
  if (auto* ledger = ctx.Find<PointsLedger>("points")) Sync(*ledger);
  if (tag == kWallTag) {
    PostWall(ctx);
    ScheduleWall(ctx, ctx.now());
    return;
  }
  size_t i = tag - kPrizeTagBase;
  if (tag < kPrizeTagBase || i >= cfg_.prizes.size()) return;
  const PrizeRule& rule = cfg_.prizes[i];
  PayPrizes(rule, PeriodId(rule.period, *zone_, ctx.now() - 1), ctx);
  ctx.Schedule(PeriodEnd(rule.period, *zone_, ctx.now()), tag);
}

void Leaderboard::Save(SnapshotWriter& w) const {
  w.U64(names_.size());
  for (const auto& n : names_) w.Str(n);
  w.U64(cursor_);
  w.Bool(armed_);
  for (int64_t c : current_) w.I64(c);
  w.U64(boards_.size());
  for (const auto& [key, board] : boards_) {
    w.U64(static_cast<uint64_t>(std::get<0>(key)));
    w.I64(std::get<1>(key));
    w.Str(std::get<2>(key));
    board.Save(w);
  }
  w.U64(paid_.size());
  for (const auto& [label, total] : paid_) {
    w.Str(label);
    w.I64(total);
  }
}

bool Leaderboard::Load(SnapshotReader& r) {
  boards_.clear();
  paid_.clear();
  hot_.clear();
  names_.clear();
  index_.clear();
  day_from_ = 1, day_to_ = 0;
  uint64_t names = r.Count();
  for (uint64_t i = 0; i < names && r.ok(); ++i) {
    names_.push_back(r.Str());
    if (!names_.back().empty() && !index_.emplace(names_.back(), static_cast<BoardMember>(i)).second) r.Fail();
  }
  cursor_ = r.U64();
  armed_ = r.Bool();
  for (int64_t& c : current_) c = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int kind = static_cast<int>(r.U64());
    int64_t id = r.I64();
    std::string group = r.Str();
    if (!boards_[{kind, id, group}].Load(r)) return false;
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string label = r.Str();
    paid_[label] = r.I64();
  }
  return r.ok();
}

void Leaderboard::Report(nlohmann::json& out) const {
  nlohmann::json& boards = out["boards"];
  nlohmann::json& groups = out["groups"];
  boards = nlohmann::json::object();
  groups = nlohmann::json::object();
  for (const auto& [key, board] : boards_) {
    auto [kind, id, group] = key;
    if (id != current_[kind]) continue;  // the running period only
    nlohmann::json j;
    j["period"] = PeriodLabel(static_cast<Period>(kind), id);
    j["members"] = board.size();
    nlohmann::json top = nlohmann::json::array();
    for (const auto& row : board.Top(10)) top.push_back({{"rank", row.rank}, {"member", names_[row.member]}, {"points", row.points}});
    j["top"] = std::move(top);
    std::string name(PeriodName(static_cast<Period>(kind)));
    if (group.empty()) boards[name] = std::move(j);
    else groups[group][name] = std::move(j);
  }
  out["prizes_paid"] = paid_;
}

namespace {

std::unique_ptr<Feature> CreateLeaderboard(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  LeaderboardConfig cfg;
  auto read_period = [&](ConfigSection& sec, const std::string& key, Period fallback) {
    std::string name = sec.Str(key, std::string(PeriodName(fallback)));
    auto p = PeriodFromName(name);
    if (!p) sec.Error(key, "unknown period '" + name + "'", "use day, week, month, season or all");
    return p.value_or(fallback);
  };
  if (s.Has("periods")) {
    cfg.periods.fill(false);
    for (const auto& name : s.Strings("periods")) {
      auto p = PeriodFromName(name);
      if (!p) s.Error("periods", "unknown period '" + name + "'", "use day, week, month, season or all");
      else cfg.periods[static_cast<int>(*p)] = true;
    }
  }
  cfg.rank_keywords = s.Strings("rank_keywords");
  cfg.rank_period = read_period(s, "rank_period", Period::kWeek);
  cfg.rank_in_group = s.Str("rank_scope", "community") == "group";
  std::vector<std::string> rank_vars{"name", "period", "points", "rank", "members"};
  cfg.rank_reply = ReadTemplate(s, "rank_reply", "{name}: #{rank} ({points})", rank_vars);
  cfg.rank_none = ReadTemplate(s, "rank_none", "{name}: -", rank_vars);
  if (s.Has("wall")) {
    ConfigSection w = s.Child("wall");
    cfg.wall_minute = w.ClockTime("at", 21 * 60);
    cfg.wall_period = read_period(w, "period", Period::kDay);
    cfg.wall_top = w.Int("top", 10, 1, 100);
    std::string scope = w.Str("scope", "group");
    if (scope != "group" && scope != "community") w.Error("scope", "must be group or community");
    cfg.wall_per_group = scope == "group";
    cfg.wall_header = ReadTemplate(w, "header", "{period}", {"period", "group"});
    cfg.wall_line = ReadTemplate(w, "line", "{rank}. {name} {points}", {"rank", "name", "member", "points"});
    w.Finish();
  }
  for (ConfigSection& p : s.List("prizes")) {
    PrizeRule rule;
    rule.period = read_period(p, "period", Period::kWeek);
    if (rule.period == Period::kAll) p.Error("period", "the all-time board never ends, so it cannot pay prizes");
    YAML::Node pts = p.Raw("points");
    if (!pts.IsSequence() || pts.size() == 0) {
      p.Error("points", "must be a list of points by rank", "e.g. points: [100, 50, 30]");
    } else {
      for (const auto& v : pts) {
        int64_t x = 0;
        if (!YAML::convert<int64_t>::decode(v, x) || x < 0 || x > 1'000'000'000) {
          p.Error("points", "each prize must be a whole number from 0 to 1000000000");
          break;
        }
        rule.points.push_back(x);
      }
    }
    p.Finish();
    cfg.prizes.push_back(std::move(rule));
  }
  cfg.prize_announce = ReadTemplate(s, "prize_announce", "", {"period", "winners"});
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Leaderboard>(std::move(cfg), env.zone);
}

}  // namespace

SHOAL_REGISTER_FEATURE(leaderboard, FeatureSpec{
    .name = "leaderboard",
    .order = 260,
    .scope = FeatureScope::kCommunity,
    .create = CreateLeaderboard,
});

}  // namespace shoal
