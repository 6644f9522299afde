// The tenant's configuration (YAML): timezone, store, staff, communities and
// their groups, and one section per feature. Load() reports every problem with
// file:line:column; a feature reads its own section through ConfigSection.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "shoal/diagnostics.h"
#include "shoal/event.h"
#include "shoal/time.h"

namespace shoal {

// A typed, checked view of one YAML map. Every read records the key as known;
// Finish() reports keys nobody read (typos) with a "did you mean" hint.
class ConfigSection {
 public:
  ConfigSection(YAML::Node node, std::string path, std::string file, Diagnostics* diag);

  bool Has(const std::string& key) const;
  bool Present() const { return node_.IsDefined() && !node_.IsNull(); }
  std::string Str(const std::string& key, const std::string& fallback = "");
  std::string RequiredStr(const std::string& key);
  int64_t Int(const std::string& key, int64_t fallback, int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  double Number(const std::string& key, double fallback, double min = -1e300, double max = 1e300);
  bool Bool(const std::string& key, bool fallback);
  // Durations: "90s", "10m", "2h", "7d", "1500ms" or a bare number of seconds.
  Micros Duration(const std::string& key, Micros fallback, Micros min = 0);
  // Local clock time "HH:MM" → minutes after midnight; -1 when absent.
  int ClockTime(const std::string& key, int fallback = -1);
  std::vector<std::string> Strings(const std::string& key);
  ConfigSection Child(const std::string& key);
  std::vector<ConfigSection> List(const std::string& key);  // a sequence of maps
  YAML::Node Raw(const std::string& key);                   // marks the key as read

  // Reports a problem at this key (or at the section itself when key is empty).
  void Error(const std::string& key, const std::string& message, const std::string& hint = "");
  void Warn(const std::string& key, const std::string& message, const std::string& hint = "");
  void Finish();  // unknown-key check; call once after reading

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  Diagnostics* diagnostics() const { return diag_; }
  YAML::Node node() const { return node_; }

 private:
  YAML::Node At(const std::string& key);
  void Report(bool error, const YAML::Node& at, const std::string& key, const std::string& message,
              const std::string& hint);

  YAML::Node node_;
  std::string path_;
  std::string file_;
  Diagnostics* diag_;
  std::vector<std::string> read_;
};

struct GroupConfig {
  std::string id;  // "qq:123"
  std::string name;
  int64_t capacity = 0;  // 0 = unlimited
  std::vector<std::string> tags;
  std::string account;  // bot account serving this group, if several
};

struct CommunityConfig {
  std::string id;
  std::string name;
  std::string timezone;  // IANA; inherits the tenant's
  std::vector<GroupConfig> groups;
  YAML::Node features;  // tenant feature sections deep-merged with this community's overrides
};

struct StoreConfig {
  std::string kind = "sqlite";
  std::string path = "shoal.db";
  int64_t snapshot_every = 1'000'000;  // events between snapshots
  int64_t batch_max = 8192;            // events per group commit
};

// An API token as the config lists it: only the hash of the secret (`shoal token new`).
struct ApiTokenConfig {
  std::string name;                      // who holds it (audit log, metrics)
  std::string hash;                      // "blake2b-256:<64 hex>" of the secret
  std::string role;                      // owner | admin | operator | viewer
  std::vector<std::string> communities;  // empty = every community
};

struct ServerConfig {
  std::string listen = "127.0.0.1";
  int port = 8080;
  int64_t max_body_bytes = 16 * 1024 * 1024;
  bool auth = true;  // false only for a loopback test server: every request is then the owner
  // "wall": the server logs tick events from its clock so timers fire in a quiet community.
  // "events": time moves only with events (backfilling history into a server).
  std::string clock = "wall";
  Micros tick_idle = 60 * kMicrosPerSecond;  // a tick at least this often when nothing happens
  std::vector<ApiTokenConfig> tokens;
  double token_rate = 200;    // requests per second each token may make (sustained)
  int64_t token_burst = 400;  // requests a token may make at once
  // Login attempts each client address may make per minute (also the burst): a wrong-token
  // flood costs the attacker time and the server little, whatever the token guesses.
  double login_per_minute = 30;
};

struct Config {
  std::string file;  // where it was loaded from ("<string>" for inline)
  std::string tenant = "default";
  std::string timezone = "UTC";
  uint64_t seed = 1;
  StoreConfig store;
  ServerConfig server;
  EventLimits limits;
  Micros max_skew = 5 * kMicrosPerMinute;  // how far back an event may be and still be accepted
  size_t dedup_window = 4096;              // recent msg_ids remembered per group
  std::vector<std::string> staff;          // member ids with staff rights in every community
  std::vector<CommunityConfig> communities;
  YAML::Node root;

  // O(1) once IndexGroups() has run (loading does it); a hand-built Config falls back to a scan.
  const GroupConfig* FindGroup(std::string_view id, const CommunityConfig** community = nullptr) const;
  const CommunityConfig* FindCommunity(std::string_view id) const;
  void IndexGroups();
  // Stable hash of the loaded text: snapshots record it so a changed config rebuilds state.
  uint64_t fingerprint = 0;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // group id → (community index, group index); positions, so copies of a Config stay valid.
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>, StringHash, std::equal_to<>> group_index_;
};

// Parses and checks a config, including every registered feature's section.
// Returns null when there are errors; diag holds every one of them.
std::unique_ptr<Config> LoadConfigFile(const std::string& path, Diagnostics* diag);
std::unique_ptr<Config> LoadConfigString(const std::string& text, const std::string& file, Diagnostics* diag);

// Returns a new map with b's keys laid over a's, recursively (scalars and lists replace).
YAML::Node DeepMerge(const YAML::Node& a, const YAML::Node& b);

}  // namespace shoal
