#include <fstream>
#include <set>
#include <sstream>

#include "shoal/config.h"
#include "shoal/feature.h"
#include "shoal/rng.h"
#include "shoal/zone.h"
#include "adapters/adapters_config.h"

namespace shoal {

std::string ClosestName(const std::string& word, const std::vector<std::string>& known);

void Config::IndexGroups() {
  group_index_.clear();
  for (uint32_t ci = 0; ci < communities.size(); ++ci) {
    for (uint32_t gi = 0; gi < communities[ci].groups.size(); ++gi) {
      group_index_.emplace(communities[ci].groups[gi].id, std::make_pair(ci, gi));
    }
  }
}

const GroupConfig* Config::FindGroup(std::string_view id, const CommunityConfig** community) const {
  if (!group_index_.empty()) {
    auto it = group_index_.find(id);
    if (it == group_index_.end()) return nullptr;
    const CommunityConfig& c = communities[it->second.first];
    if (community) *community = &c;
    return &c.groups[it->second.second];
  }
  for (const auto& c : communities) {
    for (const auto& g : c.groups) {
      if (g.id == id) {
        if (community) *community = &c;
        return &g;
      }
    }
  }
  return nullptr;
}

const CommunityConfig* Config::FindCommunity(std::string_view id) const {
  for (const auto& c : communities) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

namespace {

bool IsGroupId(const std::string& id) {
  size_t colon = id.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == id.size()) return false;
  for (unsigned char c : id) {
    if (c <= 0x20) return false;
  }
  return true;
}

// Builds every feature once so each reports its own config problems.
void CheckFeatures(Config& cfg, ConfigSection& root_features, Diagnostics* diag) {
  std::vector<std::string> known;
  for (const auto& spec : FeatureRegistry::All()) known.push_back(spec.name);
  auto check_names = [&](const YAML::Node& features, const std::string& path) {
    if (!features.IsDefined() || features.IsNull()) return;
    if (!features.IsMap()) {
      auto m = features.Mark();
      diag->Error(cfg.file, m.line + 1, m.column + 1, path + ": must be a map of feature sections");
      return;
    }
    for (const auto& kv : features) {
      std::string name = kv.first.Scalar();
      if (FeatureRegistry::Find(name)) continue;
      std::string near = ClosestName(name, known);
      std::string all;
      for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
      auto m = kv.first.Mark();
      diag->Error(cfg.file, m.line + 1, m.column + 1, path + "." + name + ": unknown feature",
                  near.empty() ? "known features: " + all : "did you mean '" + near + "'?");
    }
  };
  check_names(root_features.node(), "features");
  for (const auto& c : cfg.communities) check_names(c.features, "communities." + c.id + ".features");

  auto tz_for = [&](const CommunityConfig* c) {
    auto tz = TimeZone::Find(c && !c->timezone.empty() ? c->timezone : cfg.timezone);
    return tz ? tz : TimeZone::Utc();
  };
  for (const auto& spec : FeatureRegistry::All()) {
    if (spec.scope == FeatureScope::kTenant) {
      YAML::Node n = root_features.node().IsMap() ? root_features.node()[spec.name] : YAML::Node();
      if (!spec.always_on && (!n.IsDefined() || n.IsNull())) continue;
      ConfigSection section(n, "features." + spec.name, cfg.file, diag);
      FeatureEnv env{cfg, nullptr, tz_for(nullptr)};
      spec.create(section, env);
      section.Finish();
      continue;
    }
    for (const auto& c : cfg.communities) {
      YAML::Node n = c.features.IsMap() ? c.features[spec.name] : YAML::Node();
      if (!spec.always_on && (!n.IsDefined() || n.IsNull())) continue;
      // Report each merged section once: a problem in a tenant default would otherwise repeat per community.
      Diagnostics local;
      ConfigSection section(n, "features." + spec.name, cfg.file, &local);
      FeatureEnv env{cfg, &c, tz_for(&c)};
      spec.create(section, env);
      section.Finish();
      for (const auto& d : local.all()) {
        bool seen = false;
        for (const auto& e : diag->all()) seen |= e.line == d.line && e.column == d.column && e.message == d.message;
        if (!seen) {
          if (d.severity == Diagnostic::Severity::kError)
            diag->Error(d.file, d.line, d.column, d.message + " (community " + c.id + ")", d.hint);
          else
            diag->Warning(d.file, d.line, d.column, d.message + " (community " + c.id + ")", d.hint);
        }
      }
    }
  }
}

bool IsTokenHash(std::string_view s) {
  constexpr std::string_view kPrefix = "blake2b-256:";
  if (!s.starts_with(kPrefix) || s.size() != kPrefix.size() + 64) return false;
  for (char c : s.substr(kPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<Config> LoadConfigString(const std::string& text, const std::string& file, Diagnostics* diag) {
  auto cfg = std::make_unique<Config>();
  cfg->file = file;
  cfg->fingerprint = HashString(text.data(), text.size());
  size_t errors_before = diag->error_count();
  try {
    cfg->root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diag->Error(file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg,
                "check indentation and that every `key:` has a space after the colon");
    return nullptr;
  }
  if (!cfg->root.IsDefined() || cfg->root.IsNull()) {
    diag->Error(file, 0, 0, "the config is empty", "start from examples/shoal.yaml");
    return nullptr;
  }
  ConfigSection root(cfg->root, "", file, diag);
  if (!cfg->root.IsMap()) return nullptr;

  cfg->tenant = root.Str("tenant", "default");
  cfg->timezone = root.Str("timezone", "UTC");
  {
    std::string why;
    if (!TimeZone::Find(cfg->timezone, &why)) root.Error("timezone", why, "e.g. Asia/Shanghai, Europe/Berlin, UTC");
  }
  cfg->seed = static_cast<uint64_t>(root.Int("seed", 1, 0));

  ConfigSection store = root.Child("store");
  cfg->store.kind = store.Str("kind", "sqlite");
  if (cfg->store.kind != "sqlite" && cfg->store.kind != "memory") {
    store.Error("kind", "unknown store '" + cfg->store.kind + "'", "use sqlite (embedded) or memory (tests)");
  }
  cfg->store.path = store.Str("path", "shoal.db");
  cfg->store.snapshot_every = store.Int("snapshot_every", cfg->store.snapshot_every, 1);
  cfg->store.batch_max = store.Int("batch_max", cfg->store.batch_max, 1, 1'000'000);
  store.Finish();

  ConfigSection server = root.Child("server");
  cfg->server.listen = server.Str("listen", cfg->server.listen);
  cfg->server.port = static_cast<int>(server.Int("port", cfg->server.port, 0, 65535));
  cfg->server.max_body_bytes = server.Int("max_body_bytes", cfg->server.max_body_bytes, 1024);
  cfg->server.auth = server.Bool("auth", cfg->server.auth);
  cfg->server.clock = server.Str("clock", cfg->server.clock);
  if (cfg->server.clock != "wall" && cfg->server.clock != "events") {
    server.Error("clock", "unknown clock '" + cfg->server.clock + "'",
                 "wall (timers fire on time) or events (time moves only with events)");
  }
  cfg->server.tick_idle = server.Duration("tick_idle", cfg->server.tick_idle, kMicrosPerSecond);
  cfg->server.token_rate = server.Number("token_rate", cfg->server.token_rate, 0.01);
  cfg->server.token_burst = server.Int("token_burst", cfg->server.token_burst, 1);
  cfg->server.login_per_minute = server.Number("login_per_minute", cfg->server.login_per_minute, 1);
  std::vector<ConfigSection> token_sections = server.List("tokens");
  for (auto& t : token_sections) {
    ApiTokenConfig tc;
    tc.name = t.RequiredStr("name");
    tc.hash = t.RequiredStr("hash");
    tc.role = t.RequiredStr("role");
    tc.communities = t.Strings("communities");
    if (!tc.hash.empty() && !IsTokenHash(tc.hash)) {
      t.Error("hash", "not a token hash", "paste the `hash:` line that `shoal token new` printed (blake2b-256:<64 hex>)");
    }
    if (!tc.role.empty() && tc.role != "owner" && tc.role != "admin" && tc.role != "operator" && tc.role != "viewer") {
      t.Error("role", "unknown role '" + tc.role + "'", "owner, admin, operator or viewer");
    }
    for (const auto& other : cfg->server.tokens) {
      if (!tc.name.empty() && other.name == tc.name) t.Error("name", "token name '" + tc.name + "' is used twice");
    }
    t.Finish();
    cfg->server.tokens.push_back(std::move(tc));
  }
  server.Finish();

  ConfigSection limits = root.Child("limits");
  cfg->limits.max_text_bytes = static_cast<size_t>(limits.Int("max_text_bytes", cfg->limits.max_text_bytes, 1, 1 << 24));
  cfg->limits.max_line_bytes = static_cast<size_t>(limits.Int("max_line_bytes", cfg->limits.max_line_bytes, 256, 1 << 26));
  cfg->max_skew = limits.Duration("max_skew", cfg->max_skew);
  cfg->dedup_window = static_cast<size_t>(limits.Int("dedup_window", cfg->dedup_window, 0, 1 << 20));
  limits.Finish();

  cfg->staff = root.Strings("staff");
  for (const auto& s : cfg->staff) {
    if (!IsGroupId(s)) root.Error("staff", "'" + s + "' is not a member id of the form platform:native_id");
  }

  ConfigSection features = root.Child("features");
  (void)root.Raw("features");

  std::set<std::string> community_ids, group_ids;
  auto communities = root.List("communities");
  if (communities.empty()) {
    root.Error("communities", "no communities configured", "add at least one community with its groups");
  }
  for (auto& c : communities) {
    CommunityConfig cc;
    cc.id = c.RequiredStr("id");
    cc.name = c.Str("name", cc.id);
    cc.timezone = c.Str("timezone", cfg->timezone);
    std::string why;
    if (!TimeZone::Find(cc.timezone, &why)) c.Error("timezone", why);
    if (!cc.id.empty() && !community_ids.insert(cc.id).second) c.Error("id", "duplicate community id '" + cc.id + "'");
    auto groups = c.List("groups");
    if (groups.empty()) c.Error("groups", "a community needs at least one group");
    for (auto& g : groups) {
      GroupConfig gc;
      gc.id = g.RequiredStr("id");
      gc.name = g.Str("name", gc.id);
      gc.capacity = g.Int("capacity", 0, 0, 1'000'000);
      gc.tags = g.Strings("tags");
      gc.account = g.Str("account", "");
      if (!gc.id.empty() && !IsGroupId(gc.id)) {
        g.Error("id", "'" + gc.id + "' is not a group id of the form platform:native_id", "e.g. qq:123456 or tg:-100123");
      } else if (!gc.id.empty() && !group_ids.insert(gc.id).second) {
        g.Error("id", "group '" + gc.id + "' is listed twice", "a group belongs to exactly one community");
      }
      g.Finish();
      cc.groups.push_back(std::move(gc));
    }
    cc.features = DeepMerge(features.node(), c.Raw("features"));
    c.Finish();
    cfg->communities.push_back(std::move(cc));
  }
  for (size_t i = 0; i < cfg->server.tokens.size(); ++i) {
    for (const auto& c : cfg->server.tokens[i].communities) {
      if (!community_ids.count(c)) {
        token_sections[i].Error("communities", "unknown community '" + c + "'", "a community id from `communities:`");
      }
    }
  }
  (void)root.Raw("outbox");    // read by LoadAdaptersConfig below
  (void)root.Raw("adapters");
  root.Finish();
  LoadAdaptersConfig(*cfg, diag);
  cfg->IndexGroups();
  CheckFeatures(*cfg, features, diag);
  if (diag->error_count() > errors_before) return nullptr;
  return cfg;
}

std::unique_ptr<Config> LoadConfigFile(const std::string& path, Diagnostics* diag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diag->Error(path, 0, 0, "cannot open the config file", "check the path given to --config");
    return nullptr;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return LoadConfigString(ss.str(), path, diag);
}

}  // namespace shoal
