// Q&A response times: detects member questions (question marks, question
// words, mentions of staff — all configurable), measures the time to the first
// answer (a reply to the question by someone else, or any staff message in the
// group), alerts staff when a question stays unanswered past the threshold
// (one minute by default), and reports the median answer time and the
// unanswered share per group.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct QaConfig {
  std::vector<std::string> marks{"?", "？"};
  std::vector<std::string> words;
  std::vector<std::string> mentions;  // e.g. "@客服"
  Micros threshold = kMicrosPerMinute;
  Micros give_up = kMicrosPerDay;  // after this an open question counts as never answered
  std::string alert;
};

// True when the text looks like a question under these rules.
bool IsQuestion(const QaConfig& cfg, std::string_view text);

// The median of the values (mean of the middle two for an even count); 0 when empty.
double Median(std::vector<Micros> values);

class QaTiming final : public Feature {
 public:
  explicit QaTiming(QaConfig cfg) : cfg_(std::move(cfg)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;
  bool ReportGroup(std::string_view group, nlohmann::json& out) const override;

 private:
  struct Question {
    std::string group, member, msg_id, text;
    Micros ts = 0;
    bool alerted = false;
  };
  struct GroupQa {
    int64_t questions = 0, answered = 0, by_staff = 0, alerts = 0, abandoned = 0;
    std::vector<Micros> answer_times;
  };
  void Answer(int64_t id, const Event& e, bool staff);
  static void GroupJson(const GroupQa& g, int64_t open, nlohmann::json& out);

  QaConfig cfg_;
  std::map<int64_t, Question> open_;
  std::map<std::string, GroupQa, std::less<>> groups_;
  int64_t next_id_ = 1;
};

}  // namespace shoal
