// Retiring a group for its successor ("disband the old group, start a new one"):
// at `announce_at` the old group hears the plan and every member still there
// who is not yet in the successor gets its link by DM (a code of channel
// "migration:<group>" when invite codes are on, so the moves are attributed);
// at `disband_at` staff get the tally and the old group is disbanded. The
// roster keeps every membership; Report lists who moved and who did not.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct Retirement {
  std::string group, successor, link;
  Micros announce_at = 0, disband_at = 0;
  std::string announce, dm, done;  // {group} {successor} {link} {date} {name} {moved} {members}
};

class Migration final : public Feature {
 public:
  Migration(std::vector<Retirement> plans, std::shared_ptr<const TimeZone> zone);

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  enum Status : uint8_t { kPlanned = 0, kAnnounced = 1, kDisbanded = 2 };
  struct State {
    Status status = kPlanned;
    std::string link;
    std::set<std::string> invited;  // present in the old group at the announcement
    std::set<std::string> moved;    // of those, joined the successor since
  };
  void Announce(Context& ctx, size_t i);
  void Disband(Context& ctx, size_t i);
  std::map<std::string, std::string, std::less<>> Vars(Context& ctx, size_t i) const;

  std::vector<Retirement> plans_;
  std::shared_ptr<const TimeZone> zone_;
  std::vector<State> state_;
  bool armed_ = false;
};

}  // namespace shoal
