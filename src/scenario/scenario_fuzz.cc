// Scenario file parser: any text runs or fails with a located message; a failed scenario
// always says why, and none crashes the engine underneath.
#include <string>

#include "fuzz/fuzz_target.h"
#include "scenario/scenario.h"

SHOAL_FUZZ_TARGET(scenario) {
  if (size > 8 * 1024) return;  // scenario files are small; longer inputs only slow the search
  std::string text(reinterpret_cast<const char*>(data), size);
  shoal::ScenarioOptions options;
  options.base_config_path = std::string(SHOAL_SOURCE_DIR) + "/tests/scenarios/base.yaml";
  shoal::ScenarioResult result = shoal::RunScenarioText(text, "fuzz.test", options);
  FUZZ_CHECK(result.ok == result.failures.empty());
}
