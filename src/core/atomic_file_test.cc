// A replace leaves exactly the new contents and no temporary; a failure says which file.
#include "core/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace shoal {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(AtomicFile, ReplacesTheWholeFileAndLeavesNoTemporary) {
  auto dir = std::filesystem::temp_directory_path() / ("shoal-atomic-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "state").string();
  std::string why;
  ASSERT_TRUE(ReplaceFileAtomically(path, "a long first version\n", &why)) << why;
  ASSERT_TRUE(ReplaceFileAtomically(path, "short\n", &why)) << why;
  EXPECT_EQ(Slurp(path), "short\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, AFailureNamesTheFile) {
  std::string why;
  EXPECT_FALSE(ReplaceFileAtomically("/nonexistent-dir-for-shoal/state", "x", &why));
  EXPECT_NE(why.find("/nonexistent-dir-for-shoal/state.tmp"), std::string::npos) << why;
}

}  // namespace
}  // namespace shoal
