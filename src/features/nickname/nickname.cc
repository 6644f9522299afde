#include "features/nickname/nickname.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "features/common/command_args.h"
#include "features/common/text_template.h"

namespace shoal {

namespace {
uint64_t KeyOf(Id group, Id member) { return (static_cast<uint64_t>(group) << 32) | member; }
uint64_t NameHash(const std::string& s) { return HashString(s.data(), s.size()); }
}  // namespace

bool Nickname::Exempt(Context& ctx, const std::string& member) {
  if (cfg_.exempt.count(member) || ctx.IsStaff(member)) return true;
  const Membership* ms = ctx.roster().Find(ctx.group_id(), ctx.member_id());
  return ms && ms->role != Role::kMember;
}

bool Nickname::Conforms(Context& ctx, const std::string& member, const Entry& entry) {
  if (cfg_.format->Matches(entry.card)) return true;
  // The newest name seen for the member anywhere (a card fixed while muted shows up there).
  Id id = ctx.ids().Find(member);
  const MemberInfo* info = id == kNoId ? nullptr : ctx.roster().FindMember(id);
  return info && !info->name.empty() && info->name != entry.card && cfg_.format->Matches(info->name);
}

void Nickname::Say(Context& ctx, const std::string& group, const std::string& member, const std::string& tmpl,
                   const std::string& card, const std::string& reason) {
  if (tmpl.empty()) return;
  ctx.Emit({.type = ActionType::kSend, .group = group, .member = member,
            .text = RenderTemplate(tmpl, {{"name", card.empty() ? DisplayName(ctx, member) : card},
                                          {"card", card},
                                          {"format", cfg_.format->description()},
                                          {"example", cfg_.example}}),
            .reason = reason});
}

void Nickname::Arm(Context& ctx, Key key, Entry& entry, Micros due) {
  timers_.erase(entry.token);
  entry.token = next_token_++;
  timers_[entry.token] = key;
  ctx.Schedule(due, entry.token);
}

void Nickname::SetState(Entry& entry, Key key, State state) {
  GroupCounts& c = counts_[entry.group];
  Id member = static_cast<Id>(key & 0xffffffffu);
  if (entry.state == kMuted) {
    --c.muted_now;
    --muted_members_[member];
    --muted_total_;
  }
  if (state == kMuted) {
    ++c.muted_now;
    ++muted_members_[member];
    ++muted_total_;
  }
  entry.state = state;
}

void Nickname::Erase(std::unordered_map<Key, Entry>::iterator it) {
  SetState(it->second, it->first, kListed);
  --counts_[it->second.group].nonconforming;
  timers_.erase(it->second.token);
  entries_.erase(it);
}

void Nickname::Fix(Context& ctx, Key key, const std::string& reason) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  GroupCounts& c = counts_[entry.group];
  if (entry.state != kListed) ++c.fixed;
  if (entry.state == kMuted) {
    ctx.Emit({.type = ActionType::kMute, .group = entry.group, .member = entry.member, .seconds = 0, .reason = reason});
    Say(ctx, entry.group, entry.member, cfg_.fixed, "", "nickname:fixed");
  }
  Erase(it);
}

void Nickname::See(const Event& e, Context& ctx, bool joined) {
  if (e.name.empty()) return;
  Key key = KeyOf(ctx.group_id(), ctx.member_id());
  uint64_t h = NameHash(e.name) | 1;  // never 0, which means "not seen"
  uint64_t& seen = seen_[key];
  if (!joined && seen == h) return;  // the same card as last time: nothing to decide
  seen = h;
  if (Exempt(ctx, e.member)) return;
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
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second.card = e.name;
    return;
  }
  Entry& entry = entries_[key];
  entry.group = e.group;
  entry.member = e.member;
  entry.card = e.name;
  entry.since = e.ts.utc;
  ++counts_[e.group].nonconforming;
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
  if (card.empty() || !cfg_.format->Matches(card)) {
    Say(ctx, e.group, e.member, cfg_.bad_card, card, "nickname:bad_card");
    return true;
  }
  ++counts_[e.group].set_cards;
  ctx.Emit({.type = ActionType::kSetCard, .group = e.group, .member = target, .name = card, .reason = "nickname:set_card"});
  Say(ctx, e.group, target, cfg_.set, card, "nickname:set_card");
  Id mid = ctx.ids().Find(target);
  if (mid != kNoId) Fix(ctx, KeyOf(ctx.group_id(), mid), "nickname:fixed");
  return true;
}

void Nickname::OnEvent(const Event& e, Context& ctx) {
  if (e.group.empty() || e.member.empty()) return;
  // A muted member seen anywhere in the community may carry a fixed name (the roster keeps the newest).
  if (muted_total_ > 0 && !e.name.empty()) {
    const uint32_t* n = muted_members_.Find(ctx.member_id());
    if (n && *n > 0) RecheckMuted(ctx, ctx.member_id());
  }
  if (!cfg_.groups.Contains(e.group)) return;
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
      Key key = KeyOf(ctx.group_id(), ctx.member_id());
      if (uint64_t* seen = seen_.Find(key)) *seen = 0;
      auto it = entries_.find(key);
      if (it != entries_.end()) Erase(it);
      break;
    }
    default:
      break;
  }
}

void Nickname::RecheckMuted(Context& ctx, Id member) {
  if (!ctx.community()) return;
  for (const auto& g : ctx.community()->groups) {
    Id gid = ctx.ids().Find(g.id);
    if (gid == kNoId) continue;
    Key key = KeyOf(gid, member);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.state == kMuted && Conforms(ctx, it->second.member, it->second))
      Fix(ctx, key, "nickname:fixed");
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
  if (Conforms(ctx, entry.member, entry)) {
    Fix(ctx, key, "nickname:fixed");
    return;
  }
  GroupCounts& c = counts_[entry.group];
  Micros now = ctx.now();
  switch (entry.state) {
    case kPending:
      entry.state = kReminded;
      ++c.reminded;
      Say(ctx, entry.group, entry.member, cfg_.remind, entry.card, "nickname:remind");
      if (cfg_.mute_after > 0) Arm(ctx, key, entry, now + cfg_.mute_after);
      break;
    case kReminded:
    case kMuted:
      // Muted until fixed: when the platform's mute runs out and the card is still wrong, it is renewed.
      ctx.Emit({.type = ActionType::kMute, .group = entry.group, .member = entry.member, .seconds = cfg_.mute_seconds,
                .reason = "nickname:mute"});
      if (entry.state == kReminded) {
        ++c.muted;
        Say(ctx, entry.group, entry.member, cfg_.muted, entry.card, "nickname:mute_notice");
        SetState(entry, key, kMuted);
      }
      entry.mute_until = now + cfg_.mute_seconds * kMicrosPerSecond;
      Arm(ctx, key, entry, entry.mute_until);
      break;
    case kListed:
      break;
  }
}

void Nickname::Save(SnapshotWriter& w) const {
  w.U64(next_token_);
  std::vector<Key> keys = SortedKeys(seen_);
  std::erase_if(keys, [&](Key k) { return *seen_.Find(k) == 0; });
  w.U64(keys.size());
  for (Key k : keys) {
    w.U64(k);
    w.U64(*seen_.Find(k));
  }
  keys = SortedKeys(entries_);
  w.U64(keys.size());
  for (Key k : keys) {
    const Entry& e = entries_.at(k);
    w.U64(k);
    w.Str(e.group);
    w.Str(e.member);
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
  seen_.Clear();
  entries_.clear();
  muted_members_.Clear();
  muted_total_ = 0;
  timers_.clear();
  counts_.clear();
  next_token_ = r.U64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Key k = r.U64();
    uint64_t h = r.U64();
    if (k == FlatMap<uint64_t>::kEmpty) r.Fail();
    else seen_[k] = h;
  }
  n = r.Count();
  std::vector<std::pair<Key, Entry>> loaded;
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Key k = r.U64();
    Entry e;
    e.group = r.Str();
    e.member = r.Str();
    e.card = r.Str();
    uint64_t state = r.U64();
    if (state > kMuted) r.Fail();
    e.state = static_cast<State>(state);
    e.since = r.I64();
    e.mute_until = r.I64();
    e.token = r.U64();
    if (e.token >= next_token_ || (e.token && timers_.count(e.token))) r.Fail();
    if (e.token) timers_[e.token] = k;
    loaded.emplace_back(k, std::move(e));
  }
  n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    GroupCounts& c = counts_[r.Str()];
    for (int64_t* v : {&c.checked, &c.reminded, &c.muted, &c.fixed, &c.set_cards}) *v = r.I64();
  }
  // The current counts follow from the entries rather than being stored twice.
  for (auto& [k, e] : loaded) {
    GroupCounts& c = counts_[e.group];
    ++c.nonconforming;
    if (e.state == kMuted) {
      ++c.muted_now;
      ++muted_members_[static_cast<Id>(k & 0xffffffffu)];
      ++muted_total_;
    }
    if (!entries_.emplace(k, std::move(e)).second) r.Fail();
  }
  return r.ok();
}

bool Nickname::ReportGroup(std::string_view group, nlohmann::json& out) const {
  auto cit = counts_.find(group);
  GroupCounts c = cit == counts_.end() ? GroupCounts{} : cit->second;
  out = {{"checked", c.checked}, {"nonconforming", c.nonconforming}, {"muted_now", c.muted_now}, {"reminded", c.reminded},
         {"muted", c.muted}, {"fixed", c.fixed}, {"set_cards", c.set_cards}};
  return true;
}

void Nickname::Report(nlohmann::json& out) const {
  static const char* kStates[] = {"listed", "pending", "reminded", "muted"};
  constexpr size_t kListedPerGroup = 200;
  out["format"] = cfg_.format->description();
  // Non-conforming members per group, by member id.
  std::map<std::string, std::vector<const Entry*>> by_group;
  for (const auto& [k, e] : entries_) by_group[e.group].push_back(&e);
  int64_t nonconforming = 0;
  nlohmann::json& per = out["groups"];
  per = nlohmann::json::object();
  std::set<std::string> groups;
  for (const auto& [g, c] : counts_) groups.insert(g);
  for (const auto& g : groups) {
    ReportGroup(g, per[g]);
    nonconforming += per[g]["nonconforming"].get<int64_t>();
    auto& list = by_group[g];
    std::sort(list.begin(), list.end(), [](const Entry* a, const Entry* b) { return a->member < b->member; });
    nlohmann::json members = nlohmann::json::array();
    for (size_t i = 0; i < list.size() && i < kListedPerGroup; ++i)
      members.push_back({{"member", list[i]->member}, {"card", list[i]->card}, {"state", kStates[list[i]->state]}});
    per[g]["members"] = std::move(members);
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
