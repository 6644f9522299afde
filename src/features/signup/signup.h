// Sign-up chains (接龙) for offline activities. Staff open one in a group
// ("/signup open 周六徒步 cap=20 deadline=2026-11-28T18:00 at=2026-11-29T08:00
// fields=姓名,城市 waitlist=5"); members join with a keyword ("报名 张三 北京",
// "+1", "/join") and withdraw ("取消报名"), past capacity onto the waiting list,
// whose first member moves up on a withdrawal. The numbered list is reposted at
// most once per `list_every` after changes (no edits: the engine never learns
// the bot's message ids). The deadline closes it; participants get a DM
// `remind_before` the event; "/signup attend" gives staff a venue code by DM and
// members who send "到场 <code>" are marked present and earn points (ledger
// reason "signup"). Report: every sign-up with its entries (CSV export reads it).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "features/common/text_template.h"
#include "features/signup/signup_sheet.h"
#include "shoal/feature.h"

namespace shoal {

struct SignupConfig {
  std::string command = "/signup";
  std::vector<std::string> join_words{"报名", "+1", "/join"};
  std::vector<std::string> withdraw_words{"取消报名", "/leave"};
  std::vector<std::string> attend_words{"到场", "/attend"};
  int64_t default_cap = 0, default_waitlist = 0;
  Micros list_every = 10 * kMicrosPerMinute;  // 0 = repost after every change
  Micros remind_before = kMicrosPerDay;       // 0 = no reminder
  Micros attend_window = 6 * kMicrosPerHour;
  int64_t attend_points = 0;
  std::string opened, joined, waitlisted, already, already_waiting, full, closed_reply, withdrawn, promoted, list_header, list_line,
      waitlist_line, closed, reminder, code_dm, attend_open, attend_ok, attend_bad, attend_none, attendance, bad_fields,
      usage, refused;
};

class Signup final : public Feature {
 public:
  Signup(SignupConfig cfg, std::shared_ptr<const TimeZone> zone) : cfg_(std::move(cfg)), zone_(std::move(zone)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void OnTimer(uint64_t tag, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  enum Timer : uint64_t { kList = 0, kDeadline = 1, kRemind = 2, kAttendEnd = 3, kTimerKinds = 4 };
  struct Activity {
    std::string group, title;
    std::vector<std::string> fields;
    SignupSheet sheet;
    Micros opened = 0, deadline = 0, event_at = 0;  // 0 = none
    bool open = true, list_due = false, reminded = false;
    std::string code;
    Micros attend_until = 0;
    std::set<std::string> told_closed;  // late joiners answered once each
    int64_t withdrawn = 0, promoted = 0, refused_full = 0, refused_late = 0, duplicates = 0;
  };
  bool HandleCommand(const Event& e, Context& ctx);
  void Open(const Event& e, Context& ctx, const std::string& args);
  void Close(Context& ctx, int64_t id, Activity& a);
  void JoinActivity(const Event& e, Context& ctx, std::string_view args);
  void WithdrawFrom(const Event& e, Context& ctx);
  void Attend(const Event& e, Context& ctx, std::string_view args);
  void Changed(Context& ctx, int64_t id, Activity& a);
  void PostList(Context& ctx, int64_t id, Activity& a, const std::string& header_tmpl, const std::string& reason);
  Activity* Latest(const std::string& group, int64_t* id);
  void Reply(const Event& e, Context& ctx, const std::string& tmpl, const TemplateVars& vars, const std::string& reason);
  std::string When(Micros t) const;

  SignupConfig cfg_;
  std::shared_ptr<const TimeZone> zone_;
  std::map<int64_t, Activity> activities_;
  std::map<std::string, int64_t, std::less<>> latest_;  // group -> newest activity
  int64_t next_id_ = 1;
};

}  // namespace shoal
