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

TEST(AtomicFile, ReadsWhatWasWrittenAndAMissingFileIsNoError) {
  auto dir = std::filesystem::temp_directory_path() / ("shoal-atomic-read-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "state").string(), contents = "stale", why;
  bool missing = false;
  ASSERT_TRUE(ReadFileIfPresent(path, &contents, &missing, &why)) << why;
  EXPECT_TRUE(missing);
  EXPECT_EQ(contents, "");
  std::string big(20000, 'x');  // more than one read
  ASSERT_TRUE(ReplaceFileAtomically(path, big, &why)) << why;
  ASSERT_TRUE(ReadFileIfPresent(path, &contents, &missing, &why)) << why;
  EXPECT_FALSE(missing);
  EXPECT_EQ(contents, big);
  EXPECT_FALSE(ReadFileIfPresent(dir.string(), &contents, &missing, &why));  // a directory
  EXPECT_NE(why.find(dir.string()), std::string::npos) << why;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shoal
