#include "scenario/scenario.h"

#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "shoal/config.h"
#include "shoal/engine.h"
#include "shoal/event_codec.h"

namespace shoal {

bool ParseDuration(const std::string& s, Micros* out);  // config_section.cc

namespace {

using nlohmann::json;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

class Runner {
 public:
  Runner(std::string name, ScenarioOptions options) : name_(std::move(name)), options_(std::move(options)) {}

  ScenarioResult Run(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    for (size_t i = 0; i < lines.size(); ++i) {
      lineno_ = static_cast<int>(i + 1);
      std::string t = Trim(lines[i]);
      if (t.empty() || t[0] == '#') continue;
      if (t == "config") {
        std::string yaml;
        size_t j = i + 1;
        for (; j < lines.size() && Trim(lines[j]) != "end"; ++j) yaml += lines[j] + "\n";
        if (j == lines.size()) return Fatal("config block has no `end` line");
        config_yaml_ = yaml;
        config_line_ = lineno_ + 1;
        i = j;
        continue;
      }
      if (!engine_ && !StartEngine()) return result_;
      if (t.rfind("time ", 0) == 0) {
        if (!SetTime(Trim(t.substr(5)))) return result_;
      } else if (t[0] == '>') {
        CheckPending();
        HandleEvent(Trim(t.substr(1)));
      } else if (t.rfind("<~", 0) == 0) {
        Expect(Trim(t.substr(2)), true);
      } else if (t[0] == '<') {
        Expect(Trim(t.substr(1)), false);
      } else if (t.rfind("reject", 0) == 0) {
        ExpectReject(Trim(t.substr(6)));
      } else if (t.rfind("tick", 0) == 0) {
        CheckPending();
        if (!SetTime(Trim(t.substr(4)))) return result_;
        pending_.clear();
        pending_line_ = lineno_;
        engine_->AdvanceTo(now_.utc, &pending_);
        ++result_.events;
      } else if (t.rfind("report ", 0) == 0) {
        CheckPending();
        CheckReport(Trim(t.substr(7)));
      } else if (t == "restart") {
        CheckPending();
        Restart();
      } else {
        Fail("unknown directive: " + t);
      }
    }
    if (!engine_) StartEngine();
    CheckPending();
    return result_;
  }

 private:
  ScenarioResult Fatal(const std::string& msg) {
    Fail(msg);
    return result_;
  }
  void Fail(const std::string& msg) {
    result_.ok = false;
    result_.failures.push_back(name_ + ":" + std::to_string(lineno_) + ": " + msg);
  }

  bool StartEngine() {
    std::string base;
    if (!options_.base_config_path.empty()) {
      std::ifstream f(options_.base_config_path);
      std::stringstream ss;
      ss << f.rdbuf();
      base = ss.str();
    }
    // Merge as YAML, then reload from text so diagnostics carry the scenario's own lines.
    YAML::Node merged;
    try {
      YAML::Node b = base.empty() ? YAML::Node() : YAML::Load(base);
      YAML::Node s = config_yaml_.empty() ? YAML::Node() : YAML::Load(config_yaml_);
      merged = DeepMerge(b, s);
    } catch (const YAML::Exception& e) {
      lineno_ = config_line_ + e.mark.line;
      Fail(std::string("config: ") + e.what());
      return false;
    }
    YAML::Emitter out;
    out << merged;
    Diagnostics diag;
    auto cfg = LoadConfigString(out.c_str(), name_ + " (config)", &diag);
    if (!cfg) {
      Fail("config rejected:\n" + diag.ToString());
      return false;
    }
    config_ = std::shared_ptr<const Config>(std::move(cfg));
    std::string why;
    engine_ = Engine::Create(config_, &why);
    if (!engine_) {
      Fail("engine: " + why);
      return false;
    }
    parser_ = std::make_unique<EventParser>(config_->limits);
    return true;
  }

  bool SetTime(const std::string& spec) {
    if (!spec.empty() && spec[0] == '+') {
      Micros d;
      if (!ParseDuration(spec.substr(1), &d)) {
        Fail("bad duration '" + spec + "' (write +90s, +5m, +1h, +2d)");
        return false;
      }
      now_.utc += d;
      return true;
    }
    std::string why;
    auto ts = ParseRfc3339(spec, &why);
    if (!ts) {
      Fail("bad time '" + spec + "': " + why);
      return false;
    }
    now_ = *ts;
    have_time_ = true;
    return true;
  }

  void HandleEvent(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      Fail("event is not a JSON object: " + text);
      return;
    }
    if (!j.contains("ts")) {
      if (!have_time_) {
        Fail("event has no \"ts\" and no `time` line came before it");
        return;
      }
      j["ts"] = FormatRfc3339(now_);
    } else if (j["ts"].is_string()) {
      if (auto ts = ParseRfc3339(j["ts"].get<std::string>())) {
        now_ = *ts;
        have_time_ = true;
      }
    }
    if (options_.restart_before_each_event) Restart();
    Event e;
    EventError err;
    pending_.clear();
    pending_line_ = lineno_;
    last_rejected_ = !parser_->Parse(j.dump(), &e, &err) || !engine_->Admit(e, &err);
    last_error_ = err.ToString();
    awaiting_reject_check_ = last_rejected_;
    ++result_.events;
    if (last_rejected_) return;
    e.seq = ++seq_;
    engine_->Apply(e, &pending_);
  }

  void ExpectReject(const std::string& needle) {
    ++result_.expectations;
    if (!last_rejected_) {
      Fail("expected the event on line " + std::to_string(pending_line_) + " to be rejected (" + needle +
           "), but it was accepted");
    } else if (last_error_.find(needle) == std::string::npos) {
      Fail("rejected with \"" + last_error_ + "\", expected it to mention \"" + needle + "\"");
    }
    awaiting_reject_check_ = false;
  }

  static bool Matches(const json& want, const json& got, bool substring) {
    for (const auto& [k, v] : want.items()) {
      if (!got.contains(k)) return false;
      if (substring && v.is_string() && got[k].is_string()) {
        if (got[k].get<std::string>().find(v.get<std::string>()) == std::string::npos) return false;
      } else if (got[k] != v) {
        return false;
      }
    }
    return true;
  }

  void Expect(const std::string& text, bool substring) {
    ++result_.expectations;
    json want = json::parse(text, nullptr, false);
    if (want.is_discarded() || !want.is_object()) {
      Fail("expected action is not a JSON object: " + text);
      return;
    }
    if (last_rejected_) {
      Fail("expected an action, but the event on line " + std::to_string(pending_line_) + " was rejected: " +
           last_error_);
      return;
    }
    if (matched_ >= pending_.size()) {
      Fail("expected " + text + ", but no more actions were emitted");
      return;
    }
    json got = json::parse(ActionToJson(pending_[matched_]));
    if (!Matches(want, got, substring)) {
      Fail("expected " + text + "\n    got      " + got.dump());
    }
    ++matched_;
  }

  void CheckPending() {
    if (awaiting_reject_check_) {
      int keep = lineno_;
      lineno_ = pending_line_;
      Fail("event was rejected unexpectedly: " + last_error_);
      lineno_ = keep;
      awaiting_reject_check_ = false;
    }
    if (matched_ < pending_.size()) {
      int keep = lineno_;
      lineno_ = pending_line_;
      std::string extra;
      for (size_t i = matched_; i < pending_.size(); ++i) extra += "\n    " + ActionToJson(pending_[i]);
      Fail(std::to_string(pending_.size() - matched_) + " unexpected action(s):" + extra);
      lineno_ = keep;
    }
    pending_.clear();
    matched_ = 0;
  }

  void CheckReport(const std::string& spec) {
    ++result_.expectations;
    size_t eq = spec.find(" = ");
    if (eq == std::string::npos) {
      Fail("report line needs `/json/pointer = value`");
      return;
    }
    std::string pointer = Trim(spec.substr(0, eq));
    json want = json::parse(Trim(spec.substr(eq + 3)), nullptr, false);
    if (want.is_discarded()) {
      Fail("report value is not JSON: " + spec.substr(eq + 3) + " (quote strings)");
      return;
    }
    json report;
    engine_->Report(report);
    json got;
    try {
      got = report.at(json::json_pointer(pointer));
    } catch (const std::exception&) {
      Fail("report has nothing at " + pointer);
      return;
    }
    if (got != want) Fail("report " + pointer + " is " + got.dump() + ", expected " + want.dump());
  }

  void Restart() {
    std::string snap = engine_->SaveSnapshot();
    std::string why;
    auto fresh = Engine::Create(config_, &why);
    if (!fresh || !fresh->LoadSnapshot(snap, &why)) {
      Fail("restart failed: " + why);
      return;
    }
    if (fresh->SaveSnapshot() != snap) Fail("restart: snapshot after restore differs from the one saved");
    engine_ = std::move(fresh);
  }

  std::string name_;
  ScenarioOptions options_;
  ScenarioResult result_;
  int lineno_ = 0;
  std::string config_yaml_;
  int config_line_ = 0;
  std::shared_ptr<const Config> config_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<EventParser> parser_;
  Timestamp now_;
  bool have_time_ = false;
  uint64_t seq_ = 0;
  std::vector<Action> pending_;
  size_t matched_ = 0;
  int pending_line_ = 0;
  bool last_rejected_ = false;
  bool awaiting_reject_check_ = false;
  std::string last_error_;
};

}  // namespace

ScenarioResult RunScenarioText(const std::string& text, const std::string& name, const ScenarioOptions& options) {
  Runner runner(name, options);
  return runner.Run(text);
}

ScenarioResult RunScenarioFile(const std::string& path, const ScenarioOptions& options) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    ScenarioResult r;
    r.ok = false;
    r.failures.push_back(path + ": cannot open");
    return r;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return RunScenarioText(ss.str(), path, options);
}

}  // namespace shoal
