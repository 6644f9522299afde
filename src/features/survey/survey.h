// Surveys and questionnaires answered through a link: staff post a survey in a
// group ("/survey send s1"), optionally with a personal link by DM to each
// member ("/survey send s1 dm": the private-chat route, since members' own
// private messages are not canonical events); the form behind the link submits each response
// as a `conversion` event with goal "survey", the link's "group" and the extra
// fields "survey" and "answers" (questionnaire.h checks them; a bad one is an alert, counted, and
// changes nothing). A member's later response replaces the earlier one.
// Results per question, per group and per channel (where the member came from)
// are in Report and on "/survey results s1"; anonymous surveys never show who
// answered what.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "features/survey/questionnaire.h"
#include "shoal/feature.h"

namespace shoal {

struct SurveyDef {
  std::string id, title;
  bool anonymous = true;
  std::vector<Question> questions;
};

struct SurveyConfig {
  std::vector<SurveyDef> surveys;
  std::string goal = "survey";
  std::string command = "/survey";
  std::string link, personal_link, announce, invite, thanks, invalid, results_header, usage;
};

class Survey final : public Feature {
 public:
  explicit Survey(SurveyConfig cfg) : cfg_(std::move(cfg)) {}

  void OnEvent(const Event& e, Context& ctx) override;
  void Save(SnapshotWriter& w) const override;
  bool Load(SnapshotReader& r) override;
  void Report(nlohmann::json& out) const override;

 private:
  struct Response {
    std::string group, channel;
    std::vector<Answer> answers;
  };
  struct State {
    std::map<std::string, Response> responses;  // member -> latest response
    std::map<std::string, std::string> invited;  // member -> group the invitation came from
    int64_t sent = 0, invites = 0, changed = 0, rejected = 0;
  };
  void OnResponse(const Event& e, Context& ctx);
  bool HandleCommand(const Event& e, Context& ctx);
  const SurveyDef* Find(std::string_view id) const;
  nlohmann::json Summary(const SurveyDef& def, const State& st, const std::string& group_filter,
                         const std::string& channel_filter) const;
  std::string ResultsText(const SurveyDef& def, const State& st) const;

  SurveyConfig cfg_;
  std::map<std::string, State> states_;  // survey id -> state
};

}  // namespace shoal
