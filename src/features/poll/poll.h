// Polls: staff open one with "/poll [多选] [30m] question | option | option";
// members vote "/vote 2" (or "/vote 1 3" when multiple choice), one ballot each,
// changeable or not; results are visible always, after voting, or only after
// close; the tally is posted at close and on request ("/tally").
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

enum class PollVisibility { kAlways, kAfterVote, kAfterClose };

struct PollConfig {
  std::string command = "/poll", vote_command = "/vote", tally_command = "/tally", multi_word = "多选";
  Micros default_duration = kMicrosPerHour;
  PollVisibility visibility = PollVisibility::kAlways;
  bool changeable = true;
  std::string opened, option_line, results, tally_line, voted, changed, locked, invalid, closed, hidden_vote_first,
      hidden_until_close, usage;
};

// "/poll" arguments: flags, an optional duration, then "question | a | b …".
struct PollSpec {
  std::string question;
  std::vector<std::string> options;
  bool multi = false;
  Micros duration = 0;  // 0 = the configured default
};
std::optional<PollSpec> ParsePollCommand(std::string_view args, std::string_view multi_word);
// "2" or "1 3" or "1,3" → 0-based choices, sorted, unique; nullopt when malformed or out of range.
std::optional<std::vector<int>> ParseChoices(std::string_view args, size_t options, bool multi);

class Poll final : public Feature {
 public:
  explicit Poll(PollConfig cfg) : cfg_(std::move(cfg)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  struct State {
    std::string group, question;
    std::vector<std::string> options;
    bool multi = false, open = true;
    Micros closes = 0;
    std::map<std::string, std::vector<int>> ballots;  // member -> choices
  };
  void Open(const Event& e, Context& ctx, const PollSpec& spec);
  void Close(Context& ctx, int64_t id, State& poll);
  std::string Tally(const State& poll) const;
  void Reply(const Event& e, Context& ctx, const std::string& tmpl, const std::string& reason);

  PollConfig cfg_;
  std::map<int64_t, State> polls_;
  std::map<std::string, int64_t> last_in_group_;
  int64_t next_id_ = 1;
  int64_t refused_ = 0;  // votes on closed polls, malformed or locked votes
};

}  // namespace shoal
