// Invite codes created for Telegram groups get chat invite links named by the code, against
// the loopback fake Bot API; joins through them come back attributed to the code.
#include "adapters/telegram/telegram_invite_links.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "adapters/telegram/fake_telegram_server.h"
#include "adapters/telegram/telegram_link_file.h"
#include "shoal/event_codec.h"

namespace shoal {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

Event InviteEvent(const std::string& line) {
  EventParser parser;
  Event e;
  EventError err;
  EXPECT_TRUE(parser.Parse(line, &e, &err)) << err.ToString();
  return e;
}

class TelegramInviteLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fake_.Start(&why)) << why;
    dir_ = std::filesystem::temp_directory_path() /
           ("shoal-tglinker-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Restart("");
  }
  void TearDown() override {
    linker_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A fresh adapter and linker, as after a process restart; `links_file` "" keeps links in memory.
  void Restart(const std::string& links_file) {
    linker_.reset();
    TelegramOptions options;
    options.token = "123:abc";
    options.base_url = fake_.base_url();
    options.call_timeout = milliseconds(5'000);
    adapter_ = std::make_unique<TelegramAdapter>(options, &clock_);
    std::string why;
    ASSERT_TRUE(adapter_->Init(&why)) << why;
    linker_ = std::make_unique<TelegramInviteLinker>(adapter_.get(),
                                                     InviteLinkOptions{3, milliseconds(10), links_file});
    linker_->Start();
  }
  std::string LinksFile() const { return (dir_ / "store.db.telegram-links").string(); }
  void Settle() { ASSERT_TRUE(linker_->WaitIdle(milliseconds(20'000))); }

  FakeTelegramServer fake_{"123:abc"};
  ManualClock clock_{1767225600 * kMicrosPerSecond};
  std::filesystem::path dir_;
  std::unique_ptr<TelegramAdapter> adapter_;
  std::unique_ptr<TelegramInviteLinker> linker_;
};

InviteSpec Spec(std::string code, std::string group, int64_t uses = 0, bool revoke = false) {
  InviteSpec spec;
  spec.code = std::move(code);
  spec.group = std::move(group);
  spec.uses = uses;
  spec.revoke = revoke;
  return spec;
}

const char* kCreateA = R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1001","code":"poster-A"})";
const char* kRevokeA = R"({"type":"invite","ts":"2026-01-02T00:00:00Z","code":"poster-A","revoke":true})";

TEST_F(TelegramInviteLinkTest, ACodeForATelegramGroupGetsALinkNamedByIt) {
  linker_->Offer(InviteEvent(
      R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1001","code":"poster-A","uses":50,"expires":"2026-02-01T00:00:00Z"})"));
  ASSERT_TRUE(linker_->WaitIdle(milliseconds(20'000)));
  auto calls = fake_.Calls("createChatInviteLink");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body["chat_id"], -1001);
  EXPECT_EQ(calls[0].body["name"], "poster-A");
  EXPECT_EQ(calls[0].body["member_limit"], 50);
  EXPECT_EQ(calls[0].body["expire_date"], 1769904000);
  std::string link = linker_->LinkFor("poster-A");
  ASSERT_FALSE(link.empty());
  EXPECT_EQ(linker_->created(), 1u);

  // A join through the link is credited to the code, even once its name is edited away.
  json update = {{"update_id", 1},
                 {"chat_member",
                  {{"chat", {{"id", -1001}, {"type", "supergroup"}}},
                   {"from", {{"id", 8}}},
                   {"date", 1767225600},
                   {"old_chat_member", {{"status", "left"}, {"user", {{"id", 8}}}}},
                   {"new_chat_member", {{"status", "member"}, {"user", {{"id", 8}, {"first_name", "N"}}}}},
                   {"invite_link", {{"invite_link", link}}}}}};
  std::vector<Event> events;
  int64_t id = 0;
  std::string why;
  ASSERT_TRUE(adapter_->Absorb(update, &events, &id, &why)) << why;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, EventType::kJoin);
  EXPECT_EQ(events[0].via, "poster-A");
}

TEST_F(TelegramInviteLinkTest, OnlyCodesMadeForTelegramGroupsAndTransientFailuresAreRetried) {
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"qq:1","code":"qq-code"})"));
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","code":"anywhere"})"));
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1001","code":"gone","revoke":true})"));
  Event join;
  join.type = EventType::kJoin;
  join.group = "tg:-1001";
  linker_->Offer(join);
  fake_.FailNext("createChatInviteLink", FakeTelegramServer::ServerError());
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1001","code":"retried"})"));
  // Telegram names links with at most 32 characters: a longer code cannot name one.
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1001","code":")" +
                             std::string(40, 'x') + R"("})"));
  ASSERT_TRUE(linker_->WaitIdle(milliseconds(20'000)));
  auto calls = fake_.Calls("createChatInviteLink");
  ASSERT_EQ(calls.size(), 2u) << "the refused first try and its retry; nothing for the others";
  EXPECT_EQ(calls[1].body["name"], "retried");
  EXPECT_FALSE(linker_->LinkFor("retried").empty());
  EXPECT_EQ(linker_->LinkFor("qq-code"), "");
  EXPECT_EQ(linker_->created(), 1u);
  EXPECT_EQ(linker_->failed(), 1u) << "the code too long for a link name";
}

TEST_F(TelegramInviteLinkTest, ARestartKeepsTheLinksAndMakesNoSecondOne) {
  Restart(LinksFile());
  linker_->Offer(InviteEvent(kCreateA));
  Settle();
  std::string link = linker_->LinkFor("poster-A");
  ASSERT_FALSE(link.empty());

  Restart(LinksFile());
  EXPECT_EQ(linker_->load_error(), "");
  EXPECT_EQ(linker_->LinkFor("poster-A"), link);
  EXPECT_EQ(adapter_->links().CodeFor(link), "poster-A") << "joins through the link are still attributed";
  // The same code offered again (an event applied during start-up) and found by the reconcile.
  linker_->Offer(InviteEvent(kCreateA));
  linker_->Reconcile({Spec("poster-A", "tg:-1001")});
  Settle();
  EXPECT_EQ(fake_.Calls("createChatInviteLink").size(), 1u);
  EXPECT_EQ(linker_->created(), 0u);
  EXPECT_EQ(linker_->LinkFor("poster-A"), link);
}

TEST_F(TelegramInviteLinkTest, ARevokedCodeHasItsLinkRevokedOnceAndGetsAFreshOneWhenMadeAgain) {
  Restart(LinksFile());
  linker_->Offer(InviteEvent(kCreateA));
  Settle();
  std::string first = linker_->LinkFor("poster-A");
  linker_->Offer(InviteEvent(kRevokeA));  // names no group: the link is found by its code
  linker_->Offer(InviteEvent(kRevokeA));  // a second revoke has nothing left to revoke
  Settle();
  auto revokes = fake_.Calls("revokeChatInviteLink");
  ASSERT_EQ(revokes.size(), 1u);
  EXPECT_EQ(revokes[0].body["chat_id"], -1001);
  EXPECT_EQ(revokes[0].body["invite_link"], first);
  EXPECT_EQ(linker_->LinkFor("poster-A"), "");
  EXPECT_EQ(linker_->revoked(), 1u);
  StoredInviteLinks saved;
  std::string why;
  ASSERT_TRUE(ReadTelegramLinks(LinksFile(), &saved, &why)) << why;
  EXPECT_TRUE(saved.empty()) << "the revocation is saved too";

  linker_->Offer(InviteEvent(kCreateA));
  Settle();
  EXPECT_EQ(fake_.Calls("createChatInviteLink").size(), 2u);
  std::string second = linker_->LinkFor("poster-A");
  EXPECT_FALSE(second.empty());
  EXPECT_NE(second, first);
}

TEST_F(TelegramInviteLinkTest, ACodeMovedToAnotherGroupHasItsOldLinkRevoked) {
  linker_->Offer(InviteEvent(kCreateA));
  Settle();
  std::string old = linker_->LinkFor("poster-A");
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1002","code":"poster-A"})"));
  Settle();
  auto revokes = fake_.Calls("revokeChatInviteLink");
  ASSERT_EQ(revokes.size(), 1u);
  EXPECT_EQ(revokes[0].body["invite_link"], old);
  auto creates = fake_.Calls("createChatInviteLink");
  ASSERT_EQ(creates.size(), 2u);
  EXPECT_EQ(creates[1].body["chat_id"], -1002);
  EXPECT_NE(linker_->LinkFor("poster-A"), old);
}

TEST_F(TelegramInviteLinkTest, AFailingRevokeIsRetriedThenCountedAndTheLinkForgotten) {
  linker_->Offer(InviteEvent(kCreateA));
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-01T00:00:00Z","group":"tg:-1001","code":"other"})"));
  Settle();
  // A transient failure, then success: two calls, one revocation.
  fake_.FailNext("revokeChatInviteLink", FakeTelegramServer::ServerError());
  linker_->Offer(InviteEvent(kRevokeA));
  Settle();
  EXPECT_EQ(fake_.Calls("revokeChatInviteLink").size(), 2u);
  EXPECT_EQ(linker_->revoked(), 1u);
  // Failing every attempt (3 here): given up, counted, forgotten.
  for (int i = 0; i < 3; ++i) fake_.FailNext("revokeChatInviteLink", FakeTelegramServer::ServerError());
  linker_->Offer(InviteEvent(R"({"type":"invite","ts":"2026-01-02T00:00:00Z","code":"other","revoke":true})"));
  Settle();
  EXPECT_EQ(fake_.Calls("revokeChatInviteLink").size(), 5u);
  EXPECT_EQ(linker_->revoke_failed(), 1u);
  EXPECT_EQ(linker_->revoked(), 1u);
  EXPECT_EQ(linker_->LinkFor("other"), "");
}

TEST_F(TelegramInviteLinkTest, ACorruptLinksFileIsReportedAndWhatItForgotIsMadeAgain) {
  std::ofstream(LinksFile()) << R"({"version":1,"links":[{"code":"poster-A","gro)";
  Restart(LinksFile());
  EXPECT_NE(linker_->load_error().find(LinksFile()), std::string::npos) << linker_->load_error();
  EXPECT_TRUE(std::filesystem::exists(LinksFile() + ".corrupt")) << "kept for an operator";
  // The engine's codes at start: one open (its link was in the lost file), one revoked.
  linker_->Reconcile({Spec("poster-A", "tg:-1001", 7), Spec("old", "tg:-1001", 0, true), Spec("qq-only", "qq:1")});
  Settle();
  auto creates = fake_.Calls("createChatInviteLink");
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0].body["name"], "poster-A");
  EXPECT_EQ(creates[0].body["member_limit"], 7);
  EXPECT_TRUE(fake_.Calls("revokeChatInviteLink").empty()) << "no link is known for the revoked code";
  StoredInviteLinks saved;
  std::string why;
  ASSERT_TRUE(ReadTelegramLinks(LinksFile(), &saved, &why)) << why;
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved["poster-A"].link, linker_->LinkFor("poster-A"));
}

}  // namespace
}  // namespace shoal
