// Quizzes and brainstorms. A question from the bank is posted on a schedule
// (e.g. 09:00, 14:00, 21:00 local) or by a staff command; the first correct
// answers within the window score points (through the ledger), then the answer
// and winners are announced. A brainstorm collects every reply as an idea,
// counts reactions (likes) on them, and rewards the most liked when it closes.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "features/quiz/quiz_bank.h"
#include "shoal/feature.h"

namespace shoal {

struct QuizConfig {
  std::vector<QuizQuestion> bank;
  std::vector<int> times;           // local minutes of day for scheduled questions
  std::vector<std::string> groups;  // where scheduled questions go; empty = every group
  std::string command = "/quiz";
  Micros window = 5 * kMicrosPerMinute;
  std::vector<int64_t> points{10, 5, 3};  // by order of correct answers (or likes rank)
  std::string ask, brainstorm_ask, correct, reveal, brainstorm_result, nobody;
};

class Quiz final : public Feature {
 public:
  explicit Quiz(QuizConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  struct Idea {
    std::string member, msg_id;
    std::set<std::string> likes;
  };
  struct Round {
    std::string group;
    int64_t question = 0;  // bank index
    Micros ends = 0;
    bool open = true;
    std::vector<std::string> winners;  // quiz: members who answered right, in order
    std::vector<Idea> ideas;           // brainstorm
  };
  void Ask(Context& ctx, const std::string& group);
  void Close(Context& ctx, int64_t id, Round& round);
  void ScheduleSlot(Context& ctx, size_t slot);

  QuizConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  std::map<int64_t, Round> rounds_;
  std::map<std::string, int64_t> open_in_group_;  // group -> open round id
  int64_t next_id_ = 1;
  int64_t next_question_ = 0;  // the bank is asked in order, round robin
  bool armed_ = false;
  int64_t points_paid_ = 0;
};

}  // namespace shoal
