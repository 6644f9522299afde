#include "features/nickname/nickname.h"

#include <nlohmann/json.hpp>

#include "features/common/command_args.h"
#include "features/common/text_template.h"

namespace shoal {

bool Nickname::Exempt(Context& ctx, const std::string& member) {
  if (cfg_.exempt.count(member) || ctx.IsStaff(member)) return true;
  const Membership* ms = ctx.roster().Find(ctx.group_id(), ctx.ids().Find(member));
  return ms && ms->role != Role::kMember;
}

bool Nickname::Conforms(Context& ctx, const std::string& member, const Entry& entry) {
  if (cfg_.format->Matches(entry.card)) return true;
  // The newest name seen for the member anywhere (a card fixed while muted shows up there).
  Id id = ctx.ids().Find(member);
  const MemberInfo* info = id == kNoId ? nullptr : ctx.roster().FindMember(id);
  return info && !info->name.empty() && cfg_.format->Matches(info->name);
}

void Nickname::Say(Context& ctx, const Key& key, const std::string& tmpl, const std::string& card,
                   const std::string& reason) {
  if (tmpl.empty()) return;
  ctx.Emit({.type = ActionType::kSend, .group = key.first, .member = key.second,
            .text = RenderTemplate(tmpl, {{"name", card.empty() ? DisplayName(ctx, key.second) : card},
                                          {"card", card},
                                          {"format", cfg_.format->description()},
                                          {"example", cfg_.example}}),
            .reason = reason});
}

void Nickname::Arm(Context& ctx, const Key& key, Entry& entry, Micros due) {
  timers_.erase(entry.token);
  entry.token = next_token_++;
  timers_[entry.token] = key;
  ctx.Schedule(due, entry.token);
}

void Nickname::Fix(Context& ctx, const Key& key, const std::string& reason) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  GroupCounts& c = counts_[key.first];
  if (it->second.state != kListed) ++c.fixed;
  if (it->second.state == kMuted) {
    ctx.Emit({.type = ActionType::kMute, .group = key.first, .member = key.second, .seconds = 0, .reason = reason});
    Say(ctx, key, cfg_.fixed, "", "nickname:fixed");
  }
  timers_.erase(it->second.token);
  entries_.erase(it);
}

void Nickname::See(const Event& e, Context& ctx, bool joined) {
  Key key{e.group, e.member};
  auto it = entries_.find(key);
  if (e.name.empty() || Exempt(ctx, e.member)) return;
  if (joined) ++counts_[e.group].checked;
  if (cfg_.format->Matches(e.name)) {
    Fix(ctx, key, "nickname:fixed");
    return;
  }
  if (cfg_.auto_fix) {
    std::string fixed = cfg_.format->Normalize(e.name);
    if (!fixed.empty()) {
      ++counts_[e.group].set_cards;
      ctx.Emit({.type = ActionType::kSetCard, .group = e.group, .member = e.member, .name = fixed, .reason = "nickname:normalize"});
      Fix(ctx, key, "nickname:fixed");
      return;
    }
  }
  if (it != entries_.end()) {
    it->second.card = e.name;
    return;
  }
  Entry& entry = entries_[key];
  entry.card = e.name;
  entry.since = e.ts.utc;
  if (joined || cfg_.check_existing) {
    entry.state = kPending;
    Arm(ctx, key, entry, e.ts.utc + cfg_.grace);
  }
}

bool Nickname::HandleCommand(const Event& e, Context& ctx) {
  auto rest = CommandRest(TrimText(e.text), cfg_.command);
  if (!rest) return false;
  std::vector<std::string> words = SplitWords(*rest);
  std::string target = e.member;
  // Staff: "/card qq:7 北京-产品-张三" sets another member's card.
  if (words.size() >= 2 && words[0].find(':') != std::string::npos && ctx.IsStaff(e.member)) {
    target = words[0];
    words.erase(words.begin());
  }
  std::string card;
  for (const auto& w : words) card += (card.empty() ? "" : " ") + w;
  if (!cfg_.format->Matches(card)) {
    std::string fixed = cfg_.format->Normalize(card);
    if (!fixed.empty()) card = fixed;
  }
  Key key{e.group, target};
  if (card.empty() || !cfg_.format->Matches(card)) {
    Say(ctx, {e.group, e.member}, cfg_.bad_card, card, "nickname:bad_card");
    return true;
  }
  ++counts_[e.group].set_cards;
  ctx.Emit({.type = ActionType::kSetCard, .group = e.group, .member = target, .name = card, .reason = "nickname:set_card"});
  Say(ctx, key, cfg_.set, card, "nickname:set_card");
  Fix(ctx, key, "nickname:fixed");
  return true;
}

void Nickname::OnEvent(const Event& e, Context& ctx) {
  if (e.group.empty() || e.member.empty() || !cfg_.groups.Contains(e.group)) return;
  switch (e.type) {
    case EventType::kJoin:
      See(e, ctx, true);
      break;
    case EventType::kMessage:
      if (!ctx.removed() && HandleCommand(e, ctx)) return;
      See(e, ctx, false);
      break;
    case EventType::kReaction:
      See(e, ctx, false);
      break;
    case EventType::kLeave: {
      auto it = entries_.find({e.group, e.member});
      if (it != entries_.end()) {
        timers_.erase(it->second.token);
        entries_.erase(it);
      }
      break;
    }
    default:
      break;
  }
}

void Nickname::OnTimer(uint64_t tag, Context& ctx) {
  auto t = timers_.find(tag);
  if (t == timers_.end()) return;  // fixed, left or re-armed since
  Key key = t->second;
  timers_.erase(t);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  entry.token = 0;
  if (Conforms(ctx, key.second, entry)) {
    Fix(ctx, key, "nickname:fixed");
    return;
  }
  GroupCounts& c = counts_[key.first];
  Micros now = ctx.now();
  switch (entry.state) {
    case kPending:
      entry.state = kReminded;
      ++c.reminded;
      Say(ctx, key, cfg_.remind, entry.card, "nickname:remind");
      if (cfg_.mute_after > 0) Arm(ctx, key, entry, now + cfg_.mute_after);
      break;
    case kReminded:
    case kMuted:
      if (entry.state == kReminded || now >= entry.mute_until) {
        // Muted until fixed: a lapsed platform mute is renewed while the card is still wrong.
        ctx.Emit({.type = ActionType::kMute, .group = key.first, .member = key.second, .seconds = cfg_.mute_seconds,
                  .reason = "nickname:mute"});
        if (entry.state == kReminded) {
          ++c.muted;
          Say(ctx, key, cfg_.muted, entry.card, "nickname:mute_notice");
        }
        entry.state = kMuted;
        entry.mute_until = now + cfg_.mute_seconds * kMicrosPerSecond;
      }
      Arm(ctx, key, entry, now + cfg_.recheck);
      break;
    case kListed:
      break;
  }
}

void Nickname::Save(SnapshotWriter& w) const {
  w.U64(next_token_);
  w.U64(entries_.size());
  for (const auto& [k, e] : entries_) {
    w.Str(k.first);
    w.Str(k.second);
    w.Str(e.card);
    w.U64(e.state);
    w.I64(e.since);
    w.I64(e.mute_until);
    w.U64(e.token);
  }
  w.U64(counts_.size());
  for (const auto& [g, c] : counts_) {
    w.Str(g);
    for (int64_t v : {c.checked, c.reminded, c.muted, c.fixed, c.set_cards}) w.I64(v);
  }
}

bool Nickname::Load(SnapshotReader& r) {
  entries_.clear();
  timers_.clear();
  counts_.clear();
  next_token_ = r.U64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Key k;
    k.first = r.Str();
    k.second = r.Str();
    Entry e;
    e.card = r.Str();
    uint64_t state = r.U64();
    if (state > kMuted) r.Fail();
    e.state = static_cast<State>(state);
    e.since = r.I64();
    e.mute_until = r.I64();
    e.token = r.U64();
    if (e.token >= next_token_) r.Fail();
    if (e.token) timers_[e.token] = k;
    entries_[k] = std::move(e);
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    GroupCounts& c = counts_[r.Str()];
    for (int64_t* v : {&c.checked, &c.reminded, &c.muted, &c.fixed, &c.set_cards}) *v = r.I64();
  }
  return r.ok();
}

bool Nickname::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto cit = counts_.find(group);
  GroupCounts c = cit == counts_.end() ? GroupCounts{} : cit->second;
  static const char* kStates[] = {"listed", "pending", "reminded", "muted"};
  constexpr size_t kListed = 200;
  nlohmann::json list = nlohmann::json::array();
  int64_t nonconforming = 0, muted_now = 0;
  std::string g(group);
  for (auto it = entries_.lower_bound({g, ""}); it != entries_.end() && it->first.first == g; ++it) {
    ++nonconforming;
    muted_now += it->second.state == kMuted;
    if (list.size() < kListed)
      list.push_back({{"member", it->first.second}, {"card", it->second.card}, {"state", kStates[it->second.state]}});
  }
  out = {{"checked", c.checked}, {"nonconforming", nonconforming}, {"muted_now", muted_now}, {"reminded", c.reminded},
         {"muted", c.muted}, {"fixed", c.fixed}, {"set_cards", c.set_cards}, {"members", std::move(list)}};
  return true;
}

void Nickname::Report(nlohmann::json& out) const {
  out["format"] = cfg_.format->description();
  std::set<std::string> groups;
  for (const auto& [g, c] : counts_) groups.insert(g);
  for (const auto& [k, e] : entries_) groups.insert(k.first);
  int64_t nonconforming = 0;
  nlohmann::json& per = out["groups"];
  per = nlohmann::json::object();
  for (const auto& g : groups) {
    ReportGroup(g, per[g]);
    nonconforming += per[g]["nonconforming"].get<int64_t>();
  }
  out["nonconforming"] = nonconforming;
}

namespace {

std::unique_ptr<Feature> CreateNickname(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  NicknameConfig cfg;
  std::string why;
  if (s.Has("pattern") == s.Has("fields")) {
    s.Error("fields", "give either fields (with a separator) or one pattern",
            "e.g. fields: [城市, 职位, 姓名] and separator: \"-\"");
  } else if (s.Has("pattern")) {
    std::string pattern = s.Str("pattern");
    auto f = CardFormat::FromPattern(pattern, &why);
    if (!f) s.Error("pattern", why, "RE2 syntax, see https://github.com/google/re2/wiki/Syntax");
    cfg.format = std::move(f);
  } else {
    std::vector<CardField> fields;
    YAML::Node list = s.Raw("fields");
    if (!list.IsSequence()) s.Error("fields", "must be a list", "e.g. [城市, 职位, {name: 姓名, pattern: \"\\\\p{Han}{2,4}\"}]");
    size_t i = 0;
    for (const auto& item : list.IsSequence() ? list : YAML::Node()) {
      if (item.IsScalar()) {
        fields.push_back({item.Scalar(), ""});
      } else {
        ConfigSection f(item, s.path() + ".fields[" + std::to_string(i) + "]", s.file(), s.diagnostics());
        CardField field{f.RequiredStr("name"), f.Str("pattern", "")};
        std::string one;
        if (!field.pattern.empty() && !CardFormat::FromFields({field}, "-", &one))
          f.Error("pattern", one, "RE2 syntax, see https://github.com/google/re2/wiki/Syntax");
        f.Finish();
        fields.push_back(std::move(field));
      }
      ++i;
    }
    std::string sep = s.Str("separator", "-");
    if (ErrorCount(s) == errors_before) {
      auto f = CardFormat::FromFields(fields, sep, &why);
      if (!f) s.Error("fields", why);
      cfg.format = std::move(f);
    }
  }
  cfg.example = s.Str("example", "");
  if (cfg.format && !cfg.example.empty() && !cfg.format->Matches(cfg.example))
    s.Error("example", "'" + cfg.example + "' does not match the format itself", "fix the example or the fields");
  cfg.groups = ReadGroupScope(s, "groups", env);
  for (const auto& m : s.Strings("exempt")) cfg.exempt.insert(m);
  cfg.grace = s.Duration("grace", cfg.grace, 0);
  cfg.mute_after = s.Duration("mute_after", 0, 0);
  cfg.mute_seconds = s.Duration("mute_for", cfg.mute_seconds * kMicrosPerSecond, kMicrosPerMinute) / kMicrosPerSecond;
  cfg.recheck = s.Duration("recheck", cfg.recheck, kMicrosPerMinute);
  cfg.auto_fix = s.Bool("auto_fix", cfg.auto_fix);
  cfg.check_existing = s.Bool("check_existing", cfg.check_existing);
  cfg.command = s.Str("command", cfg.command);
  std::vector<std::string> vars{"name", "card", "format", "example"};
  cfg.remind = ReadTemplate(s, "remind", "{name}: please set your group card to {format}, e.g. {example}", vars);
  cfg.muted = ReadTemplate(s, "muted", "{name}: muted until your group card matches {format}", vars);
  cfg.fixed = ReadTemplate(s, "fixed", "{name}: thanks, your card is fine now", vars);
  cfg.set = ReadTemplate(s, "set", "", vars);
  cfg.bad_card = ReadTemplate(s, "bad_card", "'{card}' does not match {format}, e.g. {example}", vars);
  s.Finish();
  if (ErrorCount(s) != errors_before || !cfg.format) return nullptr;
  return std::make_unique<Nickname>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(nickname, FeatureSpec{
    .name = "nickname",
    .order = 205,
    .scope = FeatureScope::kCommunity,
    .create = CreateNickname,
});

}  // namespace shoal
