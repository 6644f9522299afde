// Live codes (活码): one entry code routes each newcomer to the first group of a
// pool that still has a seat (capacity per group, e.g. 199 when the bot takes one
// of 200). When the target changes staff are told (the QR behind the code must
// now lead there); when every group is full a `create_group` named base + N is
// emitted once and staff are alerted. A join request to a full pool group gets
// the current target's link by DM. Fill levels per pool are in Report, and the
// current target is served by Lookup (GET /v1/livecodes/{code}).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct LivePool {
  std::string code, name;
  std::vector<std::string> groups;          // in routing order
  std::vector<int64_t> capacity;            // per group
  std::map<std::string, std::string> links;  // group -> join link ("" = none known)
  std::string base_name;                    // new groups: base_name + N
  int64_t next_number = 0;
  std::string switch_alert;  // {code} {group} {name} {link}
  std::string full_alert;    // {code} {name}
  std::string redirect;      // DM: {name} {group} {link}
};

class LiveCode final : public Feature {
 public:
  explicit LiveCode(std::vector<LivePool> pools);

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool Lookup(std::string_view code, nlohmann::json& out) const override;

 private:
  struct PoolState {
    std::vector<int64_t> members;  // present per group, as of the last event
    int target = -2;               // index of the current target, -1 = all full, -2 = not yet known
    int64_t joins = 0, overflow = 0, redirects = 0;
    std::vector<std::string> created;  // names of groups asked for
  };
  int Target(size_t pi) const;
  void Refresh(size_t pi, Context& ctx, const std::string& cause_group);

  std::vector<LivePool> pools_;
  std::vector<PoolState> state_;
};

}  // namespace shoal
