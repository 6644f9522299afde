// Runs every fuzz target over its kept inputs: the seed corpus and every crasher ever found
// (tests/fuzz/<target>/{corpus,crashers}), so a fixed crash stays fixed in the normal build.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz/fuzz_target.h"

namespace shoal {

namespace {
std::map<std::string, FuzzFunction>& MutableTargets() {
  static std::map<std::string, FuzzFunction> targets;  // filled during static initialisation
  return targets;
}
}  // namespace

bool RegisterFuzzTarget(const char* name, FuzzFunction fn) {
  MutableTargets().emplace(name, fn);
  return true;
}

const std::map<std::string, FuzzFunction>& FuzzTargets() { return MutableTargets(); }

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> KeptInputs(const std::string& target) {
  std::vector<fs::path> files;
  fs::path root = fs::path(SHOAL_SOURCE_DIR) / "tests" / "fuzz" / target;
  for (const char* sub : {"corpus", "crashers"}) {
    if (!fs::is_directory(root / sub)) continue;
    for (const auto& entry : fs::directory_iterator(root / sub)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class FuzzCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzCorpus, KeptInputsPass) {
  FuzzFunction fn = FuzzTargets().at(GetParam());
  auto files = KeptInputs(GetParam());
  ASSERT_FALSE(files.empty()) << "no seed corpus for fuzz target " << GetParam();
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(f.string());
    fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
}

std::vector<std::string> TargetNames() {
  std::vector<std::string> names;
  for (const auto& [name, fn] : FuzzTargets()) names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(All, FuzzCorpus, ::testing::ValuesIn(TargetNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace shoal
