// Core per-group numbers, kept incrementally (no rescans): joins, leaves,
// messages, distinct speakers, per local calendar day. Always on; the
// analytics feature builds richer views on the same events.
#pragma once
#include <map>
#include <unordered_map>

#include "shoal/feature.h"
#include "shoal/flat_map.h"

namespace shoal {

struct DayCounts {
  int64_t messages = 0;
  int64_t speakers = 0;
  int64_t joins = 0;
  int64_t leaves = 0;
};

struct GroupCounts {
  int64_t messages = 0;
  int64_t joins = 0;
  int64_t leaves = 0;
  int64_t speakers_ever = 0;
  int64_t staff_messages = 0;
  Micros last_message = 0;
  std::map<int64_t, DayCounts> days;  // local day -> counts
};

class GroupStats final : public Feature {
 public:
  explicit GroupStats(std::shared_ptr<const TimeZone> zone) : zone_(std::move(zone)) {}
  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

  const GroupCounts* Find(std::string_view group) const;

 private:
  static void GroupJson(const GroupCounts& g, nlohmann::json& out);
  std::shared_ptr<const TimeZone> zone_;
  std::map<std::string, GroupCounts, std::less<>> groups_;
  // (group, member) -> last local day this member spoke in this group, +1 (0 = never)
  FlatMap<int32_t> last_spoke_day_;
};

}  // namespace shoal
