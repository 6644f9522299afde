// KOL discussion sessions (handbook 001 §6): a planned session is announced to
// its source groups the day before; on the day its temporary group is created
// (`create_group`) and its invite link posted to the sources, with reminders at
// intervals while seats remain; join requests get a seat until the limit (100);
// the topic, outline and rules are re-posted at the start; at the end time
// (22:00) a summary is posted, the group is disbanded, and a report goes to the
// sources: participants, messages, top speakers, the KOL's messages, questions
// asked and answered (a reply to a question answers it), poll results.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "shoal/feature.h"

namespace shoal {

struct SessionPlan {
  std::string id, topic, kol, group, link, rules, name;
  std::vector<std::string> outline, sources;
  Micros start = 0, end = 0;
  int64_t seats = 100;
  Micros announce_before = kMicrosPerDay, open_before = 3 * kMicrosPerHour, remind_every = kMicrosPerHour;
  // Templates: {topic} {kol} {outline} {date} {start} {end} {link} {seats} {seats_left} {rules} {name}
  std::string announce, invite, reminder, start_post, summary, report;
};

class Session final : public Feature {
 public:
  Session(std::vector<SessionPlan> plans, std::shared_ptr<const TimeZone> zone);

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  enum Phase : uint8_t { kAnnounce = 0, kOpen = 1, kRemind = 2, kStart = 3, kEnd = 4 };
  enum Status : uint8_t { kPlanned = 0, kAnnounced = 1, kOpened = 2, kRunning = 3, kEnded = 4 };
  struct Speaker {
    std::string name;
    int64_t messages = 0;
  };
  struct SessionState {
    Status status = kPlanned;
    std::map<std::string, Speaker> speakers;  // member -> messages in the session group
    int64_t participants = 0, messages = 0, kol_messages = 0, questions = 0, answered = 0;
    int64_t seats_taken = 0, refused = 0;
    std::map<std::string, bool> questions_open;  // question msg_id -> answered
  };
  void Arm(Context& ctx);
  void Fire(Context& ctx, size_t si, Phase phase);
  void OnGroupEvent(const Event& e, Context& ctx, size_t si);
  std::map<std::string, std::string, std::less<>> Vars(Context& ctx, size_t si) const;
  std::string SummaryText(Context& ctx, size_t si, const std::string& tmpl) const;

  std::vector<SessionPlan> plans_;
  std::shared_ptr<const TimeZone> zone_;
  std::vector<SessionState> state_;
  bool armed_ = false;
};

}  // namespace shoal
