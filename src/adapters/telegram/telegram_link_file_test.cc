// The links file round-trips, a missing one is empty, and a damaged one is refused whole
// with a reason naming the file.
#include "adapters/telegram/telegram_link_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace shoal {
namespace {

class TelegramLinkFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("shoal-tglinks-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "store.db.telegram-links").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Put(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(TelegramLinkFileTest, RoundTripsAndAMissingFileIsEmpty) {
  StoredInviteLinks links;
  std::string why;
  ASSERT_TRUE(ReadTelegramLinks(path_, &links, &why)) << why;
  EXPECT_TRUE(links.empty());
  links["poster-A"] = {"tg:-1001", "https://t.me/+a"};
  links["partner"] = {"tg:-1002", "https://t.me/+b"};
  ASSERT_TRUE(WriteTelegramLinks(path_, links, &why)) << why;
  StoredInviteLinks back;
  ASSERT_TRUE(ReadTelegramLinks(path_, &back, &why)) << why;
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back["poster-A"].group, "tg:-1001");
  EXPECT_EQ(back["poster-A"].link, "https://t.me/+a");
  EXPECT_EQ(back["partner"].link, "https://t.me/+b");
}

TEST_F(TelegramLinkFileTest, DamageIsRefusedWholeWithAReason) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"version":1,"links":[{"code":"a","group":"tg:-1","link":"https://t.me/+a"})", "not JSON"},
      {R"({"version":1})", "no \"links\" array"},
      {R"({"version":7,"links":[]})", "unknown version"},
      {R"({"version":1,"links":[{"code":"a","group":"tg:-1","link":"u"},{"code":"b","group":"tg:-1"}]})",
       "entry 1 lacks"},
  };
  for (const auto& [text, reason] : cases) {
    Put(text);
    StoredInviteLinks links;
    std::string why;
    EXPECT_FALSE(ReadTelegramLinks(path_, &links, &why)) << text;
    EXPECT_TRUE(links.empty()) << "nothing half-read is kept: " << text;
    EXPECT_NE(why.find(path_), std::string::npos) << why;
    EXPECT_NE(why.find(reason), std::string::npos) << why;
  }
}

}  // namespace
}  // namespace shoal
