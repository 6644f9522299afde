#include "shoal/engine.h"

#include <algorithm>
#include <deque>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "shoal/feature.h"
#include "shoal/flat_map.h"
#include "shoal/horizon.h"
#include "shoal/zone.h"

namespace shoal {

namespace {

constexpr std::string_view kSnapshotMagic = "SHOALSNAP1";

struct FeatureSlot {
  const FeatureSpec* spec;
  std::unique_ptr<Feature> feature;
};

struct Shard {
  const CommunityConfig* community = nullptr;
  std::shared_ptr<const TimeZone> zone;
  std::vector<FeatureSlot> features;
  // Tenant and community features merged in run order; index into `slots` of the owner.
  struct Run {
    bool tenant;
    uint32_t index;
    int order;
    const std::string* name;
  };
  std::vector<Run> runs;
};

struct Timer {
  Micros due;
  uint64_t order;  // schedule order breaks ties, so same-due timers fire as scheduled
  int32_t shard;   // -1: a tenant feature
  uint32_t feature;
  uint64_t tag;
  bool operator>(const Timer& o) const { return due != o.due ? due > o.due : order > o.order; }
};

class EngineImpl;

class ContextImpl final : public Context, public TimeHorizon {
 public:
  ContextImpl(EngineImpl* engine, int32_t shard, const Event& event, Timestamp stamp)
      : engine_(engine), shard_(shard), event_(event), stamp_(stamp) {}

  const Event& event() const override { return event_; }
  Micros now() const override;
  Micros horizon() const override;
  const Config& config() const override;
  const CommunityConfig* community() const override;
  const TimeZone& zone() const override;
  Roster& roster() override;
  Interner& ids() override;
  Id group_id() const override { return group_id_; }
  Id member_id() const override { return member_id_; }
  void set_ids(Id group, Id member) {
    group_id_ = group;
    member_id_ = member;
  }
  bool IsStaff(std::string_view member) const override;
  Rng MakeRng(uint64_t salt) const override;
  void Emit(Action action) override;
  void Schedule(Micros due, uint64_t tag) override;
  Feature* FindFeature(std::string_view name) override;
  void MarkRemoved(std::string_view reason) override { removed_ = true; }
  bool removed() const override { return removed_; }
  uint64_t step() const override;

  void set_current(bool tenant, uint32_t index) {
    current_tenant_ = tenant;
    current_index_ = index;
  }

 private:
  EngineImpl* engine_;
  int32_t shard_;
  const Event& event_;
  Timestamp stamp_;
  bool removed_ = false;
  Id group_id_ = kNoId;
  Id member_id_ = kNoId;
  bool current_tenant_ = false;
  uint32_t current_index_ = 0;
};

class EngineImpl final : public Engine {
 public:
  explicit EngineImpl(std::shared_ptr<const Config> config) : config_(std::move(config)) {}

  bool Init(std::string* why) {
    const Config& cfg = *config_;
    tenant_zone_ = TimeZone::Find(cfg.timezone);
    if (!tenant_zone_) tenant_zone_ = TimeZone::Utc();
    for (const auto& s : cfg.staff) staff_.insert(s);
    Diagnostics diag;
    for (const auto& spec : FeatureRegistry::All()) {
      if (spec.scope != FeatureScope::kTenant) continue;
      YAML::Node n = cfg.root["features"].IsMap() ? cfg.root["features"][spec.name] : YAML::Node();
      if (!spec.always_on && (!n.IsDefined() || n.IsNull())) continue;
      if (n.IsDefined() && n.IsMap() && n["enabled"].IsDefined() && n["enabled"].as<std::string>() == "false") continue;
      ConfigSection section(n, "features." + spec.name, cfg.file, &diag);
      FeatureEnv env{cfg, nullptr, tenant_zone_};
      auto f = spec.create(section, env);
      if (!f) return Fail(why, "feature " + spec.name + " rejected its config: " + diag.ToString());
      tenant_.push_back({&spec, std::move(f)});
    }
    for (const auto& c : cfg.communities) {
      Shard shard;
      shard.community = &c;
      shard.zone = TimeZone::Find(c.timezone.empty() ? cfg.timezone : c.timezone);
      if (!shard.zone) shard.zone = tenant_zone_;
      for (const auto& spec : FeatureRegistry::All()) {
        if (spec.scope != FeatureScope::kCommunity) continue;
        YAML::Node n = c.features.IsMap() ? c.features[spec.name] : YAML::Node();
        if (!spec.always_on && (!n.IsDefined() || n.IsNull())) continue;
        if (n.IsDefined() && n.IsMap() && n["enabled"].IsDefined() && n["enabled"].as<std::string>() == "false") continue;
        ConfigSection section(n, "features." + spec.name, cfg.file, &diag);
        FeatureEnv env{cfg, &c, shard.zone};
        auto f = spec.create(section, env);
        if (!f) return Fail(why, "feature " + spec.name + " rejected its config: " + diag.ToString());
        shard.features.push_back({&spec, std::move(f)});
      }
      for (uint32_t i = 0; i < tenant_.size(); ++i)
        shard.runs.push_back({true, i, tenant_[i].spec->order, &tenant_[i].spec->name});
      for (uint32_t i = 0; i < shard.features.size(); ++i)
        shard.runs.push_back({false, i, shard.features[i].spec->order, &shard.features[i].spec->name});
      std::stable_sort(shard.runs.begin(), shard.runs.end(), [](const Shard::Run& a, const Shard::Run& b) {
        return std::tie(a.order, *a.name) < std::tie(b.order, *b.name);
      });
      for (const auto& g : c.groups) group_shard_.emplace(g.id, static_cast<int32_t>(shards_.size()));
      shards_.push_back(std::move(shard));
    }
    return true;
  }

  bool Admit(const Event& e, EventError* error) override {
    // A delivery's group may have left the config since its action was queued: its outcome
    // still counts.
    const bool group_optional = e.type == EventType::kConversion || e.type == EventType::kTick ||
                                e.type == EventType::kDelivery ||
                                (e.type == EventType::kInvite && e.group.empty());
    if (!group_optional && !group_shard_.count(e.group)) {
      if (error) {
        error->field = "group";
        error->message = "unknown group '" + e.group + "' (add it to a community in the config)";
      }
      return false;
    }
    if (latest_ts_ != INT64_MIN && e.ts.utc < latest_ts_ - config_->max_skew) {
      if (error) {
        error->field = "ts";
        error->message = "out of order: " + std::to_string((latest_ts_ - e.ts.utc) / kMicrosPerSecond) +
                         "s before the latest accepted event (tolerance " +
                         std::to_string(config_->max_skew / kMicrosPerSecond) + "s, limits.max_skew)";
      }
      return false;
    }
    if (e.type == EventType::kMessage && !e.msg_id.empty() && config_->dedup_window > 0) {
      uint64_t h = MixSeed(HashString(e.group.data(), e.group.size()), HashString(e.msg_id.data(), e.msg_id.size()));
      if (h == FlatMap<uint8_t>::kEmpty) h = 0;
      if (recent_.Find(h) || previous_.Find(h)) {
        if (error) {
          error->field = "msg_id";
          error->message = "duplicate message '" + e.msg_id + "' in group " + e.group;
        }
        return false;
      }
      // Two generations: between dedup_window and twice that many ids are remembered.
      if (recent_.size() >= config_->dedup_window) {
        std::swap(previous_, recent_);
        recent_.Clear();
      }
      recent_.Upsert(h);
    }
    latest_ts_ = std::max(latest_ts_, e.ts.utc);
    return true;
  }

  void Apply(const Event& e, std::vector<Action>* out) override {
    AdvanceTo(e.ts.utc, out);
    now_ = std::max(now_, e.ts.utc);
    ++step_;
    if (e.seq) last_seq_ = e.seq;
    if (e.type == EventType::kTick) return;
    if (e.type == EventType::kDelivery) {
      // The outbox's report, not anything a member did: no roster change, and only tenant
      // features (which keep the outcomes and replace slots) see it.
      event_group_ = event_member_ = kNoId;
      return DispatchTenant(e, out);
    }
    if (e.type == EventType::kInvite) {
      event_group_ = event_member_ = kNoId;  // an operator's event: nobody joined or spoke
    } else {
      UpdateRoster(e);  // sets event_group_ / event_member_
    }
    if (e.type == EventType::kConversion || e.type == EventType::kInvite) {
      for (int32_t s = 0; s < static_cast<int32_t>(shards_.size()); ++s) Dispatch(s, e, e.ts, out, s == 0);
      return;
    }
    auto it = group_shard_.find(e.group);
    if (it == group_shard_.end()) return;  // not admitted; never reached for logged events
    Dispatch(it->second, e, e.ts, out, true);
  }

  void AdvanceTo(Micros t, std::vector<Action>* out) override {
    horizon_ = t;
    while (!timers_.empty() && timers_.top().due <= t) {
      Timer timer = timers_.top();
      timers_.pop();
      now_ = std::max(now_, timer.due);
      ++step_;
      const TimeZone& zone = timer.shard >= 0 ? *shards_[timer.shard].zone : *tenant_zone_;
      Event tick;
      tick.type = EventType::kTick;
      tick.ts = zone.Stamp(timer.due);
      out_ = out;
      emitted_ = 0;
      ContextImpl ctx(this, timer.shard >= 0 ? timer.shard : (shards_.empty() ? -1 : 0), tick, tick.ts);
      if (timer.shard < 0) {
        ctx.set_current(true, timer.feature);
        tenant_[timer.feature].feature->OnTimer(timer.tag, ctx);
      } else {
        ctx.set_current(false, timer.feature);
        shards_[timer.shard].features[timer.feature].feature->OnTimer(timer.tag, ctx);
      }
    }
    now_ = std::max(now_, t);
  }

  std::string SaveSnapshot() const override {
    SnapshotWriter w;
    w.Str(kSnapshotMagic);
    w.U64(config_->fingerprint);
    w.U64(step_);
    w.U64(last_seq_);
    w.I64(now_);
    w.I64(latest_ts_);
    w.U64(timer_order_);
    auto timers = timers_;  // copy: drain in firing order
    w.U64(timers.size());
    while (!timers.empty()) {
      const Timer& t = timers.top();
      w.I64(t.due);
      w.U64(t.order);
      w.I64(t.shard);
      w.U64(t.feature);
      w.U64(t.tag);
      timers.pop();
    }
    for (const auto* set : {&recent_, &previous_}) {
      std::vector<uint64_t> keys = SortedKeys(*set);
      w.U64(keys.size());
      for (uint64_t k : keys) w.U64(k);
    }
    ids_.Save(w);
    roster_.Save(w);
    auto save_slots = [&](const std::vector<FeatureSlot>& slots) {
      w.U64(slots.size());
      for (const auto& s : slots) {
        SnapshotWriter fw;
        s.feature->Save(fw);
        w.Str(s.spec->name);
        w.Str(fw.data());
      }
    };
    save_slots(tenant_);
    w.U64(shards_.size());
    for (const auto& shard : shards_) save_slots(shard.features);
    return w.Take();
  }

  bool LoadSnapshot(std::string_view data, std::string* why) override {
    SnapshotReader r(data);
    if (r.Str() != kSnapshotMagic) return Fail(why, "not a Shoal snapshot");
    if (r.U64() != config_->fingerprint) return Fail(why, "the config changed since this snapshot");
    step_ = r.U64();
    last_seq_ = r.U64();
    now_ = r.I64();
    latest_ts_ = r.I64();
    timer_order_ = r.U64();
    timers_ = {};
    uint64_t n = r.Count();
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      Timer t;
      t.due = r.I64();
      t.order = r.U64();
      t.shard = static_cast<int32_t>(r.I64());
      t.feature = static_cast<uint32_t>(r.U64());
      t.tag = r.U64();
      timers_.push(t);
    }
    for (auto* set : {&recent_, &previous_}) {
      set->Clear();
      n = r.Count();
      for (uint64_t i = 0; i < n && r.ok(); ++i) {
        uint64_t h = r.U64();
        if (h == FlatMap<uint8_t>::kEmpty) return Fail(why, "corrupt snapshot (dedup)");
        set->Upsert(h);
      }
    }
    if (!ids_.Load(r) || !roster_.Load(r, ids_.size())) return Fail(why, "corrupt snapshot (roster)");
    auto load_slots = [&](std::vector<FeatureSlot>& slots) {
      if (r.Count() != slots.size()) return false;
      for (auto& s : slots) {
        if (r.Str() != s.spec->name) return false;
        std::string blob = r.Str();
        SnapshotReader fr(blob);
        if (!r.ok() || !s.feature->Load(fr) || !fr.ok()) return false;
      }
      return true;
    };
    if (!load_slots(tenant_)) return Fail(why, "corrupt snapshot (tenant features)");
    if (r.Count() != shards_.size()) return Fail(why, "corrupt snapshot (communities)");
    for (auto& shard : shards_) {
      if (!load_slots(shard.features)) return Fail(why, "corrupt snapshot (community features)");
    }
    for (const auto& t : timers_.Items()) {
      if ((t.shard >= 0 && (static_cast<size_t>(t.shard) >= shards_.size() ||
                            t.feature >= shards_[t.shard].features.size())) ||
          (t.shard < 0 && t.feature >= tenant_.size()))
        return Fail(why, "corrupt snapshot (timers)");
    }
    if (!r.ok() || !r.done()) return Fail(why, "corrupt snapshot (trailing data)");
    return true;
  }

  void Report(nlohmann::json& out) const override {
    out["tenant"] = config_->tenant;
    out["timezone"] = config_->timezone;
    out["events_applied"] = step_;
    out["memberships"] = roster_.membership_count();
    nlohmann::json& communities = out["communities"];
    for (const auto& shard : shards_) {
      nlohmann::json c;
      c["name"] = shard.community->name;
      nlohmann::json& groups = c["groups"];
      for (const auto& g : shard.community->groups) groups[g.id] = GroupCore(g.id);
      nlohmann::json& features = c["features"];
      for (const auto& s : shard.features) {
        nlohmann::json f = nlohmann::json::object();
        s.feature->Report(f);
        features[s.spec->name] = std::move(f);
      }
      communities[shard.community->id] = std::move(c);
    }
    nlohmann::json& tenant = out["tenant_features"];
    tenant = nlohmann::json::object();
    for (const auto& s : tenant_) {
      nlohmann::json f = nlohmann::json::object();
      s.feature->Report(f);
      tenant[s.spec->name] = std::move(f);
    }
  }

  bool GroupStats(std::string_view group, nlohmann::json& out) const override {
    auto it = group_shard_.find(std::string(group));
    if (it == group_shard_.end()) return false;
    const Shard& shard = shards_[it->second];
    out = GroupCore(std::string(group));
    out["community"] = shard.community->id;
    for (const auto& s : shard.features) {
      nlohmann::json f;
      if (s.feature->ReportGroup(group, f)) out[s.spec->name] = std::move(f);
    }
    return true;
  }

  bool Lookup(std::string_view feature, std::string_view key, nlohmann::json& out) const override {
    for (const auto& s : tenant_) {
      if (s.spec->name == feature && s.feature->Lookup(key, out)) return true;
    }
    for (const auto& shard : shards_) {
      for (const auto& s : shard.features) {
        if (s.spec->name == feature && s.feature->Lookup(key, out)) return true;
      }
    }
    return false;
  }

  void LookupEach(std::string_view feature, std::string_view key, const LookupVisitor& each) const override {
    auto ask = [&](std::string_view community, const auto& features) {
      for (const auto& s : features) {
        nlohmann::json answer;
        if (s.spec->name == feature && s.feature->Lookup(key, answer)) each(community, answer);
      }
    };
    ask("", tenant_);
    for (const auto& shard : shards_) ask(shard.community->id, shard.features);
  }

  uint64_t last_seq() const override { return last_seq_; }
  Micros now() const override { return now_; }
  Micros next_due() const override { return timers_.empty() ? kNoTimer : timers_.top().due; }
  const Config& config() const override { return *config_; }
  size_t membership_count() const override { return roster_.membership_count(); }

  // --- used by ContextImpl ---
  void EmitAction(Action&& a, const Timestamp& stamp) {
    a.ts = stamp;
    a.key = std::to_string(step_) + "." + std::to_string(emitted_++);
    out_->push_back(std::move(a));
  }
  void AddTimer(Micros due, int32_t shard, bool tenant, uint32_t feature, uint64_t tag) {
    timers_.push({std::max(due, now_), timer_order_++, tenant ? -1 : shard, feature, tag});
  }
  Feature* FindFeature(int32_t shard, std::string_view name) {
    if (shard >= 0) {
      for (auto& s : shards_[shard].features) {
        if (s.spec->name == name) return s.feature.get();
      }
    }
    for (auto& s : tenant_) {
      if (s.spec->name == name) return s.feature.get();
    }
    return nullptr;
  }
  // Staff: listed in the config, or admin/owner of the group. Ids already interned skip the lookups.
  bool IsStaff(std::string_view member, std::string_view group, Id m = kNoId, Id g = kNoId) const {
    if (m == kNoId) m = ids_.Find(member);
    const MemberInfo* info = m == kNoId ? nullptr : roster_.FindMember(m);
    if (info ? info->staff : staff_.count(std::string(member)) > 0) return true;
    if (m == kNoId) return false;
    if (g == kNoId) g = ids_.Find(group);
    const Membership* ms = g == kNoId ? nullptr : roster_.Find(g, m);
    return ms && (ms->role == Role::kAdmin || ms->role == Role::kOwner);
  }

  std::shared_ptr<const Config> config_;
  std::shared_ptr<const TimeZone> tenant_zone_;
  std::vector<FeatureSlot> tenant_;
  std::vector<Shard> shards_;
  std::unordered_map<std::string, int32_t> group_shard_;
  std::unordered_set<std::string> staff_;
  Interner ids_;
  Roster roster_;
  uint64_t step_ = 0;
  uint64_t last_seq_ = 0;
  Micros now_ = INT64_MIN;
  Micros horizon_ = INT64_MIN;  // the instant AdvanceTo is heading for (not state: set on every call)
  Micros latest_ts_ = INT64_MIN;
  FlatMap<uint8_t> recent_, previous_;  // recent (group, msg_id) hashes, two generations
  uint64_t timer_order_ = 0;
  struct TimerQueue : std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> {
    const std::vector<Timer>& Items() const { return c; }
  } timers_;
  std::vector<Action>* out_ = nullptr;
  uint32_t emitted_ = 0;
  Id event_group_ = kNoId, event_member_ = kNoId;

 private:
  static bool Fail(std::string* why, std::string msg) {
    if (why) *why = std::move(msg);
    return false;
  }

  nlohmann::json GroupCore(const std::string& group) const {
    nlohmann::json j;
    const CommunityConfig* c = nullptr;
    const GroupConfig* g = config_->FindGroup(group, &c);
    Id id = ids_.Find(group);
    j["name"] = g ? g->name : group;
    j["capacity"] = g ? g->capacity : 0;
    j["members"] = id == kNoId ? 0 : roster_.PresentCount(id);
    return j;
  }

  void UpdateRoster(const Event& e) {
    event_group_ = event_member_ = kNoId;
    if (e.member.empty()) return;
    Id m = event_member_ = ids_.Intern(e.member);
    MemberInfo& info = roster_.Member(m);
    if (info.first_seen == 0) {
      info.first_seen = e.ts.utc;
      info.staff = staff_.count(e.member) > 0;
    }
    if (!e.name.empty() && info.name != e.name) info.name = e.name;
    if (e.group.empty()) return;
    Id g = event_group_ = ids_.Intern(e.group);
    switch (e.type) {
      case EventType::kJoin: {
        Membership& ms = roster_.Upsert(g, m);
        if (ms.joins == 0) {
          ms.first_joined = e.ts.utc;
          if (!e.via.empty()) ms.via = ids_.Intern(e.via);
        }
        if (info.channel == kNoId && !e.via.empty()) info.channel = ids_.Intern(e.via);
        ms.joined_at = e.ts.utc;
        ++ms.joins;
        roster_.MarkPresent(g, ms, true);
        break;
      }
      case EventType::kLeave: {
        Membership* ms = roster_.Find(g, m);
        if (ms) {
          ms->left_at = e.ts.utc;
          roster_.MarkPresent(g, *ms, false);
        }
        break;
      }
      case EventType::kMessage: {
        Membership& ms = roster_.Upsert(g, m);
        // Someone speaking is in the group even if we missed their join (history imported midway).
        if (!ms.present && ms.left_at == 0) {
          if (ms.first_joined == 0) ms.first_joined = e.ts.utc;
          roster_.MarkPresent(g, ms, true);
        }
        ++ms.messages;
        ms.last_message = e.ts.utc;
        break;
      }
      default:
        break;
    }
  }

  void DispatchTenant(const Event& e, std::vector<Action>* out) {
    auto it = group_shard_.find(e.group);
    int32_t shard = it == group_shard_.end() ? -1 : it->second;
    out_ = out;
    emitted_ = 0;
    ContextImpl ctx(this, shard, e, e.ts);
    ctx.set_ids(kNoId, kNoId);
    for (uint32_t i = 0; i < tenant_.size(); ++i) {
      ctx.set_current(true, i);
      tenant_[i].feature->OnEvent(e, ctx);
    }
  }

  void Dispatch(int32_t shard_index, const Event& e, const Timestamp& stamp, std::vector<Action>* out,
                bool run_tenant) {
    Shard& shard = shards_[shard_index];
    out_ = out;
    emitted_ = 0;
    ContextImpl ctx(this, shard_index, e, stamp);
    ctx.set_ids(event_group_, event_member_);
    for (const auto& run : shard.runs) {
      if (run.tenant && !run_tenant) continue;
      ctx.set_current(run.tenant, run.index);
      Feature* f = run.tenant ? tenant_[run.index].feature.get() : shard.features[run.index].feature.get();
      f->OnEvent(e, ctx);
    }
  }
};

Micros ContextImpl::now() const { return engine_->now_; }
Micros ContextImpl::horizon() const { return std::max(engine_->now_, engine_->horizon_); }
const Config& ContextImpl::config() const { return *engine_->config_; }
const CommunityConfig* ContextImpl::community() const {
  return current_tenant_ || shard_ < 0 ? nullptr : engine_->shards_[shard_].community;
}
const TimeZone& ContextImpl::zone() const {
  return current_tenant_ || shard_ < 0 ? *engine_->tenant_zone_ : *engine_->shards_[shard_].zone;
}
Roster& ContextImpl::roster() { return engine_->roster_; }
Interner& ContextImpl::ids() { return engine_->ids_; }
bool ContextImpl::IsStaff(std::string_view member) const {
  bool own = member == event_.member;  // the current event's member: ids already known
  return engine_->IsStaff(member, event_.group, own ? member_id_ : kNoId, own ? group_id_ : kNoId);
}
Rng ContextImpl::MakeRng(uint64_t salt) const {
  return Rng(MixSeed(MixSeed(engine_->config_->seed, engine_->step_), salt));
}
void ContextImpl::Emit(Action action) { engine_->EmitAction(std::move(action), stamp_); }
void ContextImpl::Schedule(Micros due, uint64_t tag) {
  engine_->AddTimer(due, shard_, current_tenant_, current_index_, tag);
}
Feature* ContextImpl::FindFeature(std::string_view name) { return engine_->FindFeature(current_tenant_ ? -1 : shard_, name); }
uint64_t ContextImpl::step() const { return engine_->step_; }

}  // namespace

std::unique_ptr<Engine> Engine::Create(std::shared_ptr<const Config> config, std::string* why) {
  auto engine = std::make_unique<EngineImpl>(std::move(config));
  if (!engine->Init(why)) return nullptr;
  return engine;
}

}  // namespace shoal
