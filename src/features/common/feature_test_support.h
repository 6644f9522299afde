// Test-only helpers for feature unit tests (header only, never in the product):
// an engine from inline YAML, events from JSON lines, and the snapshot checks
// every feature must pass: a byte-stable round trip, and truncated or mutated
// snapshots that load or fail softly and never crash the engine afterwards.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shoal/action.h"
#include "shoal/config.h"
#include "shoal/engine.h"
#include "shoal/event_codec.h"
#include "shoal/rng.h"

namespace shoal::testing {

class TestEngine {
 public:
  explicit TestEngine(const std::string& yaml) {
    Diagnostics diag;
    auto cfg = LoadConfigString(yaml, "test.yaml", &diag);
    EXPECT_TRUE(cfg) << diag.ToString();
    if (!cfg) return;
    config_ = std::shared_ptr<const Config>(std::move(cfg));
    std::string why;
    engine_ = Engine::Create(config_, &why);
    EXPECT_TRUE(engine_) << why;
    parser_ = std::make_unique<EventParser>(config_->limits);
  }
  bool ok() const { return engine_ != nullptr; }
  Engine& engine() { return *engine_; }
  const std::shared_ptr<const Config>& config() const { return config_; }

  // Applies one event line; returns the actions it caused.
  std::vector<Action> Send(const std::string& json) {
    Event e;
    EventError err;
    std::vector<Action> out;
    bool ok = parser_->Parse(json, &e, &err) && engine_->Admit(e, &err);
    EXPECT_TRUE(ok) << err.ToString() << " in " << json;
    if (!ok) return out;
    e.seq = ++seq_;
    engine_->Apply(e, &out);
    return out;
  }
  std::vector<Action> AdvanceTo(const std::string& rfc3339) {
    std::vector<Action> out;
    engine_->AdvanceTo(ParseRfc3339(rfc3339)->utc, &out);
    return out;
  }
  nlohmann::json Report() {
    nlohmann::json j;
    engine_->Report(j);
    return j;
  }

 private:
  std::shared_ptr<const Config> config_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<EventParser> parser_;
  uint64_t seq_ = 0;
};

inline std::vector<std::string> Reasons(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions) out.push_back(a.reason);
  return out;
}

// Where a feature's state sits in an engine snapshot: each community's blob,
// written as the feature's name (length-prefixed) and then its length-prefixed bytes.
inline std::vector<std::pair<size_t, size_t>> FeatureBlobs(const std::string& snap, const std::string& name) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t p = snap.find(name); p != std::string::npos; p = snap.find(name, p + 1)) {
    if (p == 0 || static_cast<unsigned char>(snap[p - 1]) != name.size()) continue;
    size_t q = p + name.size();
    uint64_t len = 0;
    for (int shift = 0; q < snap.size() && shift < 64; shift += 7) {
      auto b = static_cast<unsigned char>(snap[q++]);
      len |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    if (len > 0 && q + len <= snap.size()) out.emplace_back(q, static_cast<size_t>(len));
  }
  return out;
}

// Round trip, every truncation, and bit flips in the named feature's own state;
// a corrupt snapshot that still loads must leave an engine that can go on (a
// later tick, a report, another snapshot) without crashing.
inline void ExpectSnapshotsRobust(TestEngine& t, const std::string& feature, const std::string& later_rfc3339) {
  std::string snap = t.engine().SaveSnapshot();
  std::string why;
  auto fresh = Engine::Create(t.config(), &why);
  ASSERT_TRUE(fresh && fresh->LoadSnapshot(snap, &why)) << why;
  EXPECT_EQ(fresh->SaveSnapshot(), snap) << "Save after Load must give the same bytes";
  Micros later = ParseRfc3339(later_rfc3339)->utc;
  int loaded = 0;
  auto exercise = [&](const std::string& data) {
    auto e = Engine::Create(t.config(), &why);
    if (!e->LoadSnapshot(data, &why)) return;
    ++loaded;
    std::vector<Action> out;
    e->AdvanceTo(later, &out);
    nlohmann::json report;
    e->Report(report);
    e->SaveSnapshot();
  };
  for (size_t n = 0; n < snap.size(); n += 1 + snap.size() / 400) exercise(snap.substr(0, n));
  auto blobs = FeatureBlobs(snap, feature);
  ASSERT_FALSE(blobs.empty()) << "no state of " << feature << " in the snapshot";
  Rng rng(11);
  for (int i = 0; i < 600; ++i) {
    const auto& [start, len] = blobs[rng.Below(blobs.size())];
    std::string m = snap;
    m[start + rng.Below(len)] ^= static_cast<char>(1u << rng.Below(8));
    exercise(m);
  }
  EXPECT_GT(loaded, 0);
}

}  // namespace shoal::testing
