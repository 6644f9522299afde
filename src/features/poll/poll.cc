#include "features/poll/poll.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "features/common/text_template.h"

namespace shoal {

namespace {

std::string_view NextWord(std::string_view& s) {
  s = TrimText(s);
  size_t sp = s.find(' ');
  std::string_view w = s.substr(0, sp);
  s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
  return w;
}

// "30m", "2h", "90s", "1d" → micros; nullopt when not a duration.
std::optional<Micros> ParseDuration(std::string_view w) {
  if (w.size() < 2) return std::nullopt;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(w.data(), w.data() + w.size() - 1, n);
  if (ec != std::errc() || ptr != w.data() + w.size() - 1 || n <= 0 || n > 100'000) return std::nullopt;
  switch (w.back()) {
    case 's': return n * kMicrosPerSecond;
    case 'm': return n * kMicrosPerMinute;
    case 'h': return n * kMicrosPerHour;
    case 'd': return n * kMicrosPerDay;
  }
  return std::nullopt;
}

bool StartsWithWord(std::string_view text, const std::string& word, std::string_view* rest) {
  if (word.empty() || text.rfind(word, 0) != 0) return false;
  if (text.size() > word.size() && text[word.size()] != ' ') return false;
  *rest = TrimText(text.substr(word.size()));
  return true;
}

}  // namespace

std::optional<PollSpec> ParsePollCommand(std::string_view args, std::string_view multi_word) {
  PollSpec spec;
  for (;;) {
    std::string_view probe = args;
    std::string_view w = NextWord(probe);
    if (!multi_word.empty() && w == multi_word) spec.multi = true;
    else if (auto d = ParseDuration(w)) spec.duration = *d;
    else break;
    args = probe;
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t bar = args.find('|', start);
    parts.emplace_back(TrimText(args.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start)));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (parts.size() < 3 || parts.size() > 21) return std::nullopt;  // a question and 2–20 options
  for (const auto& p : parts)
    if (p.empty()) return std::nullopt;
  spec.question = parts[0];
  spec.options.assign(parts.begin() + 1, parts.end());
  return spec;
}

std::optional<std::vector<int>> ParseChoices(std::string_view args, size_t options, bool multi) {
  std::vector<int> choices;
  std::string s(args);
  std::replace(s.begin(), s.end(), ',', ' ');
  std::string_view rest = s;
  while (!TrimText(rest).empty()) {
    std::string_view w = NextWord(rest);
    int n = 0;
    auto [ptr, ec] = std::from_chars(w.data(), w.data() + w.size(), n);
    if (ec != std::errc() || ptr != w.data() + w.size() || n < 1 || static_cast<size_t>(n) > options) return std::nullopt;
    choices.push_back(n - 1);
  }
  std::sort(choices.begin(), choices.end());
  choices.erase(std::unique(choices.begin(), choices.end()), choices.end());
  if (choices.empty() || (!multi && choices.size() != 1)) return std::nullopt;
  return choices;
}

void Poll::Reply(const Event& e, Context& ctx, const std::string& tmpl, const std::string& reason) {
  ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member,
            .text = RenderTemplate(tmpl, {{"name", DisplayName(ctx, e.member)}, {"command", cfg_.vote_command}}),
            .reason = reason});
}

std::string Poll::Tally(const State& poll) const {
  std::vector<int64_t> votes(poll.options.size(), 0);
  for (const auto& [member, choices] : poll.ballots)
    for (int c : choices) ++votes[static_cast<size_t>(c)];
  std::string lines;
  for (size_t i = 0; i < poll.options.size(); ++i) {
    lines += (i ? "\n" : "") + RenderTemplate(cfg_.tally_line, {{"n", std::to_string(i + 1)},
                                                               {"option", poll.options[i]},
                                                               {"votes", std::to_string(votes[i])}});
  }
  return RenderTemplate(cfg_.results, {{"question", poll.question},
                                       {"voters", std::to_string(poll.ballots.size())},
                                       {"tally", lines}});
}

void Poll::Open(const Event& e, Context& ctx, const PollSpec& spec) {
  auto last = last_in_group_.find(e.group);
  if (last != last_in_group_.end() && polls_[last->second].open) Close(ctx, last->second, polls_[last->second]);
  int64_t id = next_id_++;
  State poll;
  poll.group = e.group;
  poll.question = spec.question;
  poll.options = spec.options;
  poll.multi = spec.multi;
  poll.closes = e.ts.utc + (spec.duration ? spec.duration : cfg_.default_duration);
  std::string options;
  for (size_t i = 0; i < spec.options.size(); ++i)
    options += (i ? "\n" : "") + RenderTemplate(cfg_.option_line, {{"n", std::to_string(i + 1)}, {"option", spec.options[i]}});
  ctx.Emit({.type = ActionType::kSend, .group = e.group,
            .text = RenderTemplate(cfg_.opened, {{"question", spec.question}, {"options", options},
                                                 {"command", cfg_.vote_command},
                                                 {"minutes", std::to_string((poll.closes - e.ts.utc) / kMicrosPerMinute)}}),
            .reason = spec.multi ? "poll:open_multi" : "poll:open", .extra = "\"poll\":" + std::to_string(id)});
  ctx.Schedule(poll.closes, static_cast<uint64_t>(id));
  polls_.emplace(id, std::move(poll));
  last_in_group_[e.group] = id;
}

void Poll::Close(Context& ctx, int64_t id, State& poll) {
  if (!poll.open) return;
  poll.open = false;
  ctx.Emit({.type = ActionType::kSend, .group = poll.group, .text = Tally(poll), .reason = "poll:results",
            .extra = "\"poll\":" + std::to_string(id)});
}

void Poll::OnEvent(const Event& e, Context& ctx) {
  if (e.type != EventType::kMessage || ctx.removed()) return;
  std::string_view text = TrimText(e.text), rest;
  if (StartsWithWord(text, cfg_.command, &rest)) {
    if (!ctx.IsStaff(e.member)) return;
    auto spec = ParsePollCommand(rest, cfg_.multi_word);
    if (!spec) Reply(e, ctx, cfg_.usage, "poll:usage");
    else Open(e, ctx, *spec);
    return;
  }
  bool vote = StartsWithWord(text, cfg_.vote_command, &rest);
  bool tally = !vote && StartsWithWord(text, cfg_.tally_command, &rest);
  if (!vote && !tally) return;
  auto last = last_in_group_.find(e.group);
  if (last == last_in_group_.end()) return;
  int64_t id = last->second;
  State& poll = polls_[id];
  if (tally) {
    bool voted = poll.ballots.count(e.member) > 0;
    if (poll.open && cfg_.visibility == PollVisibility::kAfterClose) Reply(e, ctx, cfg_.hidden_until_close, "poll:hidden");
    else if (poll.open && cfg_.visibility == PollVisibility::kAfterVote && !voted)
      Reply(e, ctx, cfg_.hidden_vote_first, "poll:hidden");
    else
      ctx.Emit({.type = ActionType::kSend, .group = e.group, .member = e.member, .text = Tally(poll), .reason = "poll:tally",
                .extra = "\"poll\":" + std::to_string(id)});
    return;
  }
  if (!poll.open) {
    ++refused_;
    Reply(e, ctx, cfg_.closed, "poll:closed");
    return;
  }
  auto choices = ParseChoices(rest, poll.options.size(), poll.multi);
  if (!choices) {
    ++refused_;
    Reply(e, ctx, cfg_.invalid, "poll:invalid");
    return;
  }
  auto [it, fresh] = poll.ballots.try_emplace(e.member, *choices);
  if (!fresh) {
    if (!cfg_.changeable) {
      ++refused_;
      Reply(e, ctx, cfg_.locked, "poll:locked");
      return;
    }
    it->second = *choices;
  }
  Reply(e, ctx, fresh ? cfg_.voted : cfg_.changed, fresh ? "poll:vote" : "poll:change");
}

void Poll::OnTimer(uint64_t tag, Context& ctx) {
  auto it = polls_.find(static_cast<int64_t>(tag));
  if (it != polls_.end()) Close(ctx, it->first, it->second);
}

void Poll::Save(SnapshotWriter& w) const {
  w.I64(next_id_);
  w.I64(refused_);
  w.U64(polls_.size());
  for (const auto& [id, p] : polls_) {
    w.I64(id);
    w.Str(p.group);
    w.Str(p.question);
    w.U64(p.options.size());
    for (const auto& o : p.options) w.Str(o);
    w.Bool(p.multi);
    w.Bool(p.open);
    w.I64(p.closes);
    w.U64(p.ballots.size());
    for (const auto& [m, choices] : p.ballots) {
      w.Str(m);
      w.U64(choices.size());
      for (int c : choices) w.U64(static_cast<uint64_t>(c));
    }
  }
}

bool Poll::Load(SnapshotReader& r) {
  polls_.clear();
  last_in_group_.clear();
  next_id_ = r.I64();
  refused_ = r.I64();
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    int64_t id = r.I64();
    State p;
    p.group = r.Str();
    p.question = r.Str();
    uint64_t k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) p.options.push_back(r.Str());
    p.multi = r.Bool();
    p.open = r.Bool();
    p.closes = r.I64();
    k = r.Count();
    for (uint64_t j = 0; j < k && r.ok(); ++j) {
      std::string m = r.Str();
      std::vector<int>& choices = p.ballots[m];
      uint64_t c = r.Count();
      for (uint64_t x = 0; x < c && r.ok(); ++x) {
        uint64_t v = r.U64();
        if (v >= p.options.size()) r.Fail();
        else choices.push_back(static_cast<int>(v));
      }
    }
    last_in_group_[p.group] = std::max(last_in_group_[p.group], id);
    polls_.emplace(id, std::move(p));
  }
  return r.ok();
}

void Poll::Report(nlohmann::json& out) const {
  nlohmann::json& list = out["polls"];
  list = nlohmann::json::object();
  for (const auto& [id, p] : polls_) {
    if (id + 20 <= polls_.rbegin()->first) continue;  // the latest 20
    std::vector<int64_t> votes(p.options.size(), 0);
    for (const auto& [m, choices] : p.ballots)
      for (int c : choices) ++votes[static_cast<size_t>(c)];
    list[std::to_string(id)] = {{"group", p.group}, {"question", p.question}, {"options", p.options},
                                {"votes", votes}, {"voters", p.ballots.size()}, {"open", p.open}};
  }
  out["count"] = polls_.size();
  out["refused_votes"] = refused_;
}

namespace {

std::unique_ptr<Feature> CreatePoll(ConfigSection& s, const FeatureEnv& env) {
  size_t errors_before = ErrorCount(s);
  PollConfig cfg;
  cfg.command = s.Str("command", cfg.command);
  cfg.vote_command = s.Str("vote_command", cfg.vote_command);
  cfg.tally_command = s.Str("tally_command", cfg.tally_command);
  cfg.multi_word = s.Str("multi_word", cfg.multi_word);
  if (cfg.command.empty() || cfg.vote_command.empty()) s.Error("command", "the poll and vote commands must not be empty");
  cfg.default_duration = s.Duration("duration", cfg.default_duration, kMicrosPerMinute);
  std::string vis = s.Str("results", "always");
  if (vis == "always") cfg.visibility = PollVisibility::kAlways;
  else if (vis == "after_vote") cfg.visibility = PollVisibility::kAfterVote;
  else if (vis == "after_close") cfg.visibility = PollVisibility::kAfterClose;
  else s.Error("results", "unknown visibility '" + vis + "'", "use always, after_vote or after_close");
  cfg.changeable = s.Bool("changeable", true);
  cfg.opened = ReadTemplate(s, "opened", "📊 {question}\n{options}\n{command} N", {"question", "options", "command", "minutes"});
  cfg.option_line = ReadTemplate(s, "option_line", "{n}. {option}", {"n", "option"});
  cfg.results = ReadTemplate(s, "results_text", "📊 {question} ({voters})\n{tally}", {"question", "voters", "tally"});
  cfg.tally_line = ReadTemplate(s, "tally_line", "{n}. {option}: {votes}", {"n", "option", "votes"});
  std::vector<std::string> reply_vars{"name", "command"};
  cfg.voted = ReadTemplate(s, "voted", "{name} ✓", reply_vars);
  cfg.changed = ReadTemplate(s, "changed", "{name} ✓", reply_vars);
  cfg.locked = ReadTemplate(s, "locked", "{name} ✗", reply_vars);
  cfg.invalid = ReadTemplate(s, "invalid", "{name}: {command} N", reply_vars);
  cfg.closed = ReadTemplate(s, "closed", "{name} ✗", reply_vars);
  cfg.hidden_vote_first = ReadTemplate(s, "hidden_vote_first", "{name}: {command} N", reply_vars);
  cfg.hidden_until_close = ReadTemplate(s, "hidden_until_close", "{name} ⏳", reply_vars);
  cfg.usage = ReadTemplate(s, "usage", "/poll question | a | b", reply_vars);
  s.Finish();
  if (ErrorCount(s) != errors_before) return nullptr;
  return std::make_unique<Poll>(std::move(cfg));
}

}  // namespace

SHOAL_REGISTER_FEATURE(poll, FeatureSpec{
    .name = "poll",
    .order = 345,
    .scope = FeatureScope::kCommunity,
    .create = CreatePoll,
});

}  // namespace shoal
