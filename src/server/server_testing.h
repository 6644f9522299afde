// Shared helpers for the server's unit tests (header-only: not part of the product).
#pragma once
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "server/auth.h"
#include "shoal/config.h"
#include "shoal/event_codec.h"

namespace shoal::testing {

// Test tokens: an owner for everything, an operator and a viewer limited to community c.
inline const std::string kOwnerToken = "shoal_test-owner";
inline const std::string kOperatorCToken = "shoal_test-operator-c";
inline const std::string kViewerCToken = "shoal_test-viewer-c";

// The server.tokens entries granting the three test tokens (indented for `server: tokens:`).
inline std::string TestTokensYaml() {
  return "    - {name: owner, role: owner, hash: \"" + HashApiToken(kOwnerToken) + "\"}\n"
         "    - {name: ops-c, role: operator, communities: [c], hash: \"" + HashApiToken(kOperatorCToken) + "\"}\n"
         "    - {name: view-c, role: viewer, communities: [c], hash: \"" + HashApiToken(kViewerCToken) + "\"}\n";
}

// Communities c (groups qq:1, qq:2) and d (group qq:3).
inline std::string TestCommunitiesYaml() {
  return "communities:\n  - id: c\n    name: C\n    groups:\n"
         "      - {id: \"qq:1\", name: G1}\n      - {id: \"qq:2\", name: G2}\n"
         "  - id: d\n    name: D\n    groups:\n      - {id: \"qq:3\", name: G3}\n";
}

inline std::shared_ptr<const Config> ConfigFromYaml(const std::string& yaml) {
  Diagnostics diag;
  auto cfg = LoadConfigString(yaml, "<test>", &diag);
  EXPECT_TRUE(cfg) << diag.ToString();
  return std::shared_ptr<const Config>(std::move(cfg));
}

inline std::shared_ptr<const Config> TestConfig(int snapshot_every = 1000000, int batch_max = 8192) {
  std::string yaml = "tenant: t\ntimezone: Asia/Shanghai\nstore: {kind: memory, snapshot_every: " +
                     std::to_string(snapshot_every) + ", batch_max: " + std::to_string(batch_max) +
                     "}\nserver:\n  max_body_bytes: 4096\n  token_rate: 1000\n  tokens:\n" + TestTokensYaml() +
                     TestCommunitiesYaml();
  return ConfigFromYaml(yaml);
}

// A valid message event in group qq:1 at minute m of 2026-01-05 (Shanghai time).
inline std::string MessageJson(int m, const std::string& msg_id, const std::string& group = "qq:1") {
  char ts[64];
  std::snprintf(ts, sizeof ts, "2026-01-05T%02d:%02d:00+08:00", 9 + m / 60, m % 60);
  return std::string(R"({"type":"message","ts":")") + ts + R"(","group":")" + group +
         R"(","member":"qq:7","name":"x","text":"hi","msg_id":")" + msg_id + "\"}";
}

inline Event ParseOrDie(const std::string& json) {
  EventParser parser;
  Event e;
  EventError err;
  EXPECT_TRUE(parser.Parse(json, &e, &err)) << err.ToString();
  return e;
}

}  // namespace shoal::testing
