// The Telegram adapter against the loopback fake Bot API: actions, failures, migration,
// the webhook's secret check, and long polling into a real Ingest over a MemoryStore.
#include "adapters/telegram/telegram_adapter.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "adapters/telegram/fake_telegram_server.h"
#include "adapters/telegram/telegram_inbound.h"
#include "adapters/telegram/telegram_offset.h"
#include "server/ingest_sink.h"
#include "store/faulty_store.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr milliseconds kWait{20'000};  // generous: the machine is shared and slow

std::shared_ptr<const Config> TelegramConfig() {
  Diagnostics diag;
  auto cfg = LoadConfigString(
      "tenant: t\ntimezone: UTC\nstore: {kind: memory}\n"
      "communities:\n  - id: c\n    groups:\n      - {id: \"tg:-1001\", name: TG}\n      - {id: \"tg:-1005\", name: Moved}\n",
      "<test>", &diag);
  EXPECT_TRUE(cfg) << diag.ToString();
  return std::shared_ptr<const Config>(std::move(cfg));
}

json GroupMessage(int64_t chat, int64_t message_id, const std::string& text, int64_t date = 1767225600) {
  return {{"message",
           {{"message_id", message_id},
            {"date", date},
            {"chat", {{"id", chat}, {"type", "supergroup"}}},
            {"from", {{"id", 42}, {"first_name", "Alice"}}},
            {"text", text}}}};
}

std::vector<std::string> StoredEvents(Store* store) {
  std::vector<std::string> out;
  store->ReadEventsAfter(0, [&](const LoggedEvent& e) {
    out.push_back(e.json);
    return true;
  });
  return out;
}

class TelegramAdapterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fake_.Start(&why)) << why;
    TelegramOptions options;
    options.token = "123:abc";
    options.base_url = fake_.base_url();
    options.secret_token = "s3cret_Token-1";
    options.call_timeout = milliseconds(5'000);
    options.poll_timeout_seconds = 1;
    adapter_ = std::make_unique<TelegramAdapter>(options, &clock_);
    ASSERT_TRUE(adapter_->Init(&why)) << why;
  }

  Action Send(const std::string& group, const std::string& text) {
    Action a;
    a.type = ActionType::kSend;
    a.group = group;
    a.text = text;
    a.key = "1.0";
    return a;
  }

  FakeTelegramServer fake_{"123:abc"};
  ManualClock clock_{1767225600 * kMicrosPerSecond};
  std::unique_ptr<TelegramAdapter> adapter_;
};

TEST_F(TelegramAdapterTest, DeliversActionsAsBotApiCalls) {
  DeliveryResult r = adapter_->Deliver(Send("tg:-1001", "hello group"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kDelivered) << r.detail;
  EXPECT_EQ(r.platform_ref, "1");
  auto sends = fake_.Calls("sendMessage");
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].body["chat_id"], -1001);
  EXPECT_EQ(sends[0].body["text"], "hello group");

  Action kick;
  kick.type = ActionType::kKick;
  kick.group = "tg:-1001";
  kick.member = "tg:42";
  EXPECT_EQ(adapter_->Deliver(kick).code, DeliveryResult::Code::kDelivered);
  Action mute = kick;
  mute.type = ActionType::kMute;
  mute.seconds = 600;
  EXPECT_EQ(adapter_->Deliver(mute).code, DeliveryResult::Code::kDelivered);
  auto calls = fake_.Calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[1].method, "banChatMember");
  EXPECT_EQ(calls[2].method, "unbanChatMember");
  EXPECT_EQ(calls[3].method, "restrictChatMember");
  EXPECT_EQ(calls[3].body["until_date"], 1767225600 + 600);  // from the injected clock

  Action card = kick;
  card.type = ActionType::kSetCard;
  EXPECT_EQ(adapter_->Deliver(card).code, DeliveryResult::Code::kUnsupported);
  EXPECT_EQ(fake_.Calls().size(), 4u);  // nothing was sent for it
}

TEST_F(TelegramAdapterTest, FailuresMapToRetryRateLimitAndRejection) {
  fake_.FailNext("sendMessage", FakeTelegramServer::RateLimited(17));
  DeliveryResult limited = adapter_->Deliver(Send("tg:-1001", "a"));
  EXPECT_EQ(limited.code, DeliveryResult::Code::kRateLimited);
  EXPECT_EQ(limited.retry_after, 17 * kMicrosPerSecond);

  fake_.FailNext("", FakeTelegramServer::ServerError());
  EXPECT_EQ(adapter_->Deliver(Send("tg:-1001", "b")).code, DeliveryResult::Code::kRetry);

  fake_.FailNext("", FakeTelegramServer::Forbidden("Forbidden: bot was kicked from the supergroup chat"));
  DeliveryResult rejected = adapter_->Deliver(Send("tg:-1001", "c"));
  EXPECT_EQ(rejected.code, DeliveryResult::Code::kRejected);
  EXPECT_EQ(rejected.detail, "Forbidden: bot was kicked from the supergroup chat");

  // A kick whose second step fails reports that step's outcome.
  fake_.FailNext("unbanChatMember", FakeTelegramServer::ServerError());
  Action kick;
  kick.type = ActionType::kKick;
  kick.group = "tg:-1001";
  kick.member = "tg:42";
  EXPECT_EQ(adapter_->Deliver(kick).code, DeliveryResult::Code::kRetry);
}

TEST_F(TelegramAdapterTest, SlowAnswerTimesOutAsRetry) {
  TelegramOptions options = adapter_->options();
  options.call_timeout = milliseconds(200);
  TelegramAdapter impatient(options, &clock_);
  std::string why;
  ASSERT_TRUE(impatient.Init(&why));
  fake_.FailNext("sendMessage", FakeTelegramServer::Slow(milliseconds(3'000)));
  DeliveryResult r = impatient.Deliver(Send("tg:-1001", "late"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kRetry);
  EXPECT_NE(r.detail.find("timed out"), std::string::npos) << r.detail;
}

TEST_F(TelegramAdapterTest, UnreachableServerIsRetry) {
  TelegramOptions options = adapter_->options();
  fake_.Stop();  // nothing listens on its port any more
  TelegramAdapter orphan(options, &clock_);
  std::string why;
  ASSERT_TRUE(orphan.Init(&why));
  EXPECT_EQ(orphan.Deliver(Send("tg:-1001", "x")).code, DeliveryResult::Code::kRetry);
}

TEST_F(TelegramAdapterTest, TheBotsOwnIdComesFromItsToken) {
  // So that its own restrictions coming back in chat_member updates are marked by_self.
  TelegramOptions options = adapter_->options();
  options.token = "4242:secret-part";
  options.updates.bot_user_id = 0;  // not given: read from the token
  TelegramAdapter bot(options, &clock_);
  std::string why;
  ASSERT_TRUE(bot.Init(&why)) << why;
  EXPECT_EQ(bot.options().updates.bot_user_id, 4242);
  options.token = "not-a-bot-token";
  options.updates.bot_user_id = 0;
  TelegramAdapter odd(options, &clock_);
  ASSERT_TRUE(odd.Init(&why)) << why;
  EXPECT_EQ(odd.options().updates.bot_user_id, 0) << "unknown: nothing is marked";
}

TEST_F(TelegramAdapterTest, MigrationAnswerRedirectsThisAndLaterActions) {
  fake_.Migrate(-555, -1005);
  DeliveryResult r = adapter_->Deliver(Send("tg:-555", "to the old group"));
  EXPECT_EQ(r.code, DeliveryResult::Code::kDelivered) << r.detail;
  EXPECT_EQ(adapter_->migrations().Resolve(-555), -1005);
  EXPECT_EQ(adapter_->Deliver(Send("tg:-555", "again")).code, DeliveryResult::Code::kDelivered);
  auto sends = fake_.Calls("sendMessage");
  ASSERT_EQ(sends.size(), 3u);
  EXPECT_EQ(sends[0].body["chat_id"], -555);   // refused: upgraded
  EXPECT_EQ(sends[1].body["chat_id"], -1005);  // retried at the new id
  EXPECT_EQ(sends[2].body["chat_id"], -1005);  // later actions go straight there
}

TEST_F(TelegramAdapterTest, InviteLinksAreCreatedPerCodeAndAttributeJoins) {
  InviteSpec spec;
  spec.code = "poster-A";
  spec.group = "tg:-1001";
  spec.uses = 50;
  std::string link;
  DeliveryResult r = adapter_->CreateInviteLink(spec, &link);
  ASSERT_EQ(r.code, DeliveryResult::Code::kDelivered) << r.detail;
  auto calls = fake_.Calls("createChatInviteLink");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body["name"], "poster-A");
  EXPECT_EQ(calls[0].body["member_limit"], 50);
  EXPECT_EQ(adapter_->links().CodeFor(link), "poster-A");

  // A join through that link whose name was shown as "" (edited since) still credits the code.
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
  EXPECT_EQ(events[0].via, "poster-A");
}

TEST_F(TelegramAdapterTest, RegisterWebhookSendsTheSecretAndAsksForMemberUpdates) {
  EXPECT_EQ(adapter_->RegisterWebhook().code, DeliveryResult::Code::kRejected);  // no URL configured
  TelegramOptions options = adapter_->options();
  options.webhook_url = "https://bot.example.com/v1/adapters/telegram/webhook";
  TelegramAdapter hooked(options, &clock_);
  std::string why;
  ASSERT_TRUE(hooked.Init(&why));
  EXPECT_EQ(hooked.RegisterWebhook().code, DeliveryResult::Code::kDelivered);
  auto calls = fake_.Calls("setWebhook");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body["url"], options.webhook_url);
  EXPECT_EQ(calls[0].body["secret_token"], "s3cret_Token-1");
  auto kinds = calls[0].body["allowed_updates"];
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "chat_member"), kinds.end());
}

class TelegramInboundTest : public TelegramAdapterTest {
 protected:
  void SetUp() override {
    TelegramAdapterTest::SetUp();
    StoreStatus st;
    ingest_ = Ingest::Start(TelegramConfig(), &store_, {}, &metrics_, nullptr, &st);
    ASSERT_TRUE(ingest_) << st.ToString();
    sink_ = std::make_unique<IngestSink>(ingest_.get());
  }
  void TearDown() override {
    if (ingest_) ingest_->Stop();
  }

  std::pair<unsigned, std::string> Webhook(TelegramWebhook& hook, const std::string* secret, const std::string& body) {
    std::promise<std::pair<unsigned, std::string>> answer;
    hook.Handle(secret, body, [&](unsigned status, std::string text) { answer.set_value({status, std::move(text)}); });
    return answer.get_future().get();
  }

  MemoryStore inner_;
  FaultyStore store_{&inner_};
  Metrics metrics_;
  std::unique_ptr<Ingest> ingest_;
  std::unique_ptr<IngestSink> sink_;
};

TEST_F(TelegramInboundTest, WebhookChecksTheSecretAndAnswersAfterTheLogHasTheEvent) {
  TelegramWebhook hook(adapter_.get(), sink_.get());
  json update = GroupMessage(-1001, 5, "via webhook");
  update["update_id"] = 77;
  std::string body = update.dump();

  std::string wrong = "s3cret_Token-2";
  EXPECT_EQ(Webhook(hook, &wrong, body).first, 401u);
  EXPECT_EQ(Webhook(hook, nullptr, body).first, 401u);
  std::string shorter = "s3cret";
  EXPECT_EQ(Webhook(hook, &shorter, body).first, 401u);
  EXPECT_EQ(adapter_->counters().webhook_refused.load(), 3u);
  EXPECT_TRUE(StoredEvents(&inner_).empty());

  std::string right = "s3cret_Token-1";
  auto [status, text] = Webhook(hook, &right, body);
  EXPECT_EQ(status, 200u) << text;
  auto stored = StoredEvents(&inner_);
  ASSERT_EQ(stored.size(), 1u);  // durable before the answer
  EXPECT_NE(stored[0].find("\"text\":\"via webhook\""), std::string::npos) << stored[0];
  EXPECT_NE(stored[0].find("\"group\":\"tg:-1001\""), std::string::npos);

  EXPECT_EQ(Webhook(hook, &right, "{not json").first, 400u);
  EXPECT_EQ(Webhook(hook, &right, R"({"update_id":78,"callback_query":{"id":"q"}})").first, 200u);
  EXPECT_EQ(adapter_->counters().ignored.load(), 1u);
  EXPECT_EQ(adapter_->counters().malformed.load(), 1u);

  // The store refuses: Telegram is told to come back (non-2xx), nothing is kept.
  store_.FailNthAppend(1);
  json again = GroupMessage(-1001, 6, "while the disk is full");
  again["update_id"] = 79;
  EXPECT_EQ(Webhook(hook, &right, again.dump()).first, 503u);
  EXPECT_EQ(StoredEvents(&inner_).size(), 1u);
}

TEST_F(TelegramInboundTest, PollingAdvancesTheOffsetOnlyAfterEventsAreDurable) {
  TelegramPoller poller(adapter_.get(), sink_.get(), PollOptions{milliseconds(50)});
  fake_.PushUpdate(GroupMessage(-1001, 1, "first"));
  fake_.PushUpdate({{"edited_message", {{"message_id", 1}}}});
  int64_t last = fake_.PushUpdate(GroupMessage(-1001, 2, "second"));

  store_.FailNthAppend(1);  // the first batch cannot be stored
  EXPECT_FALSE(poller.PollOnce());
  EXPECT_EQ(poller.offset(), 0);  // nothing confirmed: the same updates come again
  EXPECT_TRUE(StoredEvents(&inner_).empty());

  EXPECT_TRUE(poller.PollOnce());
  EXPECT_EQ(poller.offset(), last + 1);
  auto stored = StoredEvents(&inner_);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_NE(stored[0].find("\"text\":\"first\""), std::string::npos);
  EXPECT_NE(stored[1].find("\"text\":\"second\""), std::string::npos);
  auto polls = fake_.Calls("getUpdates");
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_EQ(polls[1].body["offset"], 0);
  EXPECT_EQ(polls[1].body["allowed_updates"][1], "chat_member");  // joins need it asked for by name

  // The next poll confirms them at Telegram; they are not delivered again.
  EXPECT_TRUE(poller.PollOnce());
  EXPECT_EQ(fake_.confirmed_offset(), last + 1);
  EXPECT_EQ(StoredEvents(&inner_).size(), 2u);
}

TEST_F(TelegramInboundTest, PollerThreadFeedsIngestAndFollowsMigration) {
  TelegramPoller poller(adapter_.get(), sink_.get(), PollOptions{milliseconds(50)});
  fake_.FailNext("getUpdates", FakeTelegramServer::ServerError());  // the first poll fails; it backs off and retries
  fake_.PushUpdate(GroupMessage(-1001, 1, "before"));
  json migrate = GroupMessage(-1001, 2, "");
  migrate["message"].erase("text");
  migrate["message"]["migrate_to_chat_id"] = -1005;
  fake_.PushUpdate(migrate);
  fake_.PushUpdate(GroupMessage(-1001, 3, "after"));  // a late update still naming the old id
  poller.Start();
  for (int i = 0; i < 400 && ingest_->committed_seq() < 2; ++i) std::this_thread::sleep_for(milliseconds(50));
  poller.Stop();
  auto stored = StoredEvents(&inner_);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_NE(stored[0].find("\"group\":\"tg:-1001\""), std::string::npos);
  EXPECT_NE(stored[1].find("\"group\":\"tg:-1005\""), std::string::npos) << stored[1];
  EXPECT_GE(poller.failed_polls(), 1u);
  EXPECT_EQ(adapter_->migrations().Resolve(-1001), -1005);
  EXPECT_EQ(adapter_->Deliver(Send("tg:-1001", "to the new chat")).code, DeliveryResult::Code::kDelivered);
  EXPECT_EQ(fake_.Calls("sendMessage").back().body["chat_id"], -1005);
}

json Join(int64_t chat, int64_t user) {
  return {{"chat_member",
           {{"chat", {{"id", chat}, {"type", "supergroup"}}},
            {"from", {{"id", user}}},
            {"date", 1767225600},
            {"old_chat_member", {{"status", "left"}, {"user", {{"id", user}}}}},
            {"new_chat_member", {{"status", "member"}, {"user", {{"id", user}, {"first_name", "N"}}}}}}}};
}

std::string TempPath(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
  std::filesystem::remove(p);
  return p.string();
}

TEST_F(TelegramInboundTest, TheOffsetSurvivesARestartSoTheLastBatchIsNotCountedTwice) {
  std::string path = TempPath("shoal_tg_offset");
  PollOptions options{milliseconds(50), path};
  int64_t last = 0;
  {
    TelegramPoller poller(adapter_.get(), sink_.get(), options);
    EXPECT_EQ(poller.offset(), 0) << "no file yet: whatever Telegram holds";
    fake_.PushUpdate(Join(-1001, 8));
    last = fake_.PushUpdate(Join(-1001, 9));
    ASSERT_TRUE(poller.PollOnce());
    EXPECT_EQ(poller.offset(), last + 1);
  }  // the process stops before its next poll: Telegram was never told the batch arrived
  EXPECT_LT(fake_.confirmed_offset(), last + 1);
  int64_t kept = 0;
  std::string why;
  ASSERT_TRUE(ReadTelegramOffset(path, &kept, &why)) << why;
  EXPECT_EQ(kept, last + 1);

  // A new process: a fresh adapter, the same file.
  TelegramAdapter restarted(adapter_->options(), &clock_);
  ASSERT_TRUE(restarted.Init(&why)) << why;
  TelegramPoller poller(&restarted, sink_.get(), options);
  EXPECT_EQ(poller.offset(), last + 1);
  fake_.PushUpdate(Join(-1001, 10));
  ASSERT_TRUE(poller.PollOnce());
  EXPECT_EQ(fake_.Calls("getUpdates").back().body["offset"], last + 1);
  auto stored = StoredEvents(&inner_);
  ASSERT_EQ(stored.size(), 3u) << "each join once";
  for (const char* member : {"tg:8", "tg:9", "tg:10"}) {
    int n = 0;
    for (const auto& line : stored) n += line.find(std::string("\"member\":\"") + member + "\"") != std::string::npos;
    EXPECT_EQ(n, 1) << member;
  }
  EXPECT_EQ(poller.offset_write_failures(), 0u);
  std::filesystem::remove(path);
}

TEST_F(TelegramInboundTest, AnUnreadableOffsetFileStartsFromWhatTelegramHolds) {
  std::string path = TempPath("shoal_tg_offset_bad");
  std::ofstream(path) << "not a number";
  int64_t offset = 7;
  std::string why;
  EXPECT_FALSE(ReadTelegramOffset(path, &offset, &why));
  EXPECT_NE(why.find("holds no offset"), std::string::npos) << why;
  TelegramPoller poller(adapter_.get(), sink_.get(), PollOptions{milliseconds(50), path});
  EXPECT_EQ(poller.offset(), 0);
  int64_t last = fake_.PushUpdate(Join(-1001, 8));
  ASSERT_TRUE(poller.PollOnce());
  ASSERT_TRUE(ReadTelegramOffset(path, &offset, &why)) << why;
  EXPECT_EQ(offset, last + 1) << "rewritten once the batch was durable";
  // A store that refuses leaves the file as it was.
  store_.FailNthAppend(1);
  fake_.PushUpdate(Join(-1001, 9));
  EXPECT_FALSE(poller.PollOnce());
  ASSERT_TRUE(ReadTelegramOffset(path, &offset, &why));
  EXPECT_EQ(offset, last + 1);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace shoal
