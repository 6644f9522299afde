// Invite codes created for Telegram groups get chat invite links named by the code, against
// the loopback fake Bot API; joins through them come back attributed to the code.
#include "adapters/telegram/telegram_invite_links.h"

#include <gtest/gtest.h>

#include "adapters/telegram/fake_telegram_server.h"
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
    TelegramOptions options;
    options.token = "123:abc";
    options.base_url = fake_.base_url();
    options.call_timeout = milliseconds(5'000);
    adapter_ = std::make_unique<TelegramAdapter>(options, &clock_);
    ASSERT_TRUE(adapter_->Init(&why)) << why;
    linker_ = std::make_unique<TelegramInviteLinker>(adapter_.get(), InviteLinkOptions{3, milliseconds(10)});
    linker_->Start();
  }

  FakeTelegramServer fake_{"123:abc"};
  ManualClock clock_{1767225600 * kMicrosPerSecond};
  std::unique_ptr<TelegramAdapter> adapter_;
  std::unique_ptr<TelegramInviteLinker> linker_;
};

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

}  // namespace
}  // namespace shoal
