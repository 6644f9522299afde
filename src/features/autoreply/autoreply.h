// Keyword auto-replies / FAQ: rules match a message exactly, by substring or by
// RE2 regex (compiled once at config time), optionally only in some groups; the
// first matching rule answers with its template, at most once per cooldown per
// group so the bot never floods.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "shoal/feature.h"

namespace shoal {

enum class MatchKind { kExact, kContains, kRegex };

struct AutoReplyRule {
  std::string id;
  MatchKind kind = MatchKind::kContains;
  std::string pattern;
  std::shared_ptr<const RE2> regex;  // kRegex only
  std::string reply;
  std::set<std::string, std::less<>> groups;  // empty = every group of the community
  Micros cooldown = 0;
  bool Matches(std::string_view text) const;
};

class AutoReply final : public Feature {
 public:
  explicit AutoReply(std::vector<AutoReplyRule> rules) : rules_(std::move(rules)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  std::vector<AutoReplyRule> rules_;
  std::map<std::pair<std::string, std::string>, Micros> last_;  // (rule id, group) -> last reply
  std::map<std::string, std::pair<int64_t, int64_t>> counts_;   // rule id -> (replied, suppressed)
};

}  // namespace shoal
