// The Store contract, run against every implementation.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/memory_store.h"
#include "store/sqlite/sqlite_store.h"

namespace shoal {
namespace {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = std::make_unique<MemoryStore>();
    } else {
      std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      for (char& c : name)
        if (c == '/') c = '_';  // parameterized names contain '/'
      path_ = std::filesystem::temp_directory_path() /
              ("shoal_store_test_" + std::to_string(::getpid()) + "_" + name + ".db");
      std::filesystem::remove(path_);
      StoreStatus st;
      store_ = SqliteStore::Open(path_.string(), &st);
      ASSERT_TRUE(store_) << st.ToString();
    }
  }
  void TearDown() override {
    store_.reset();
    if (!path_.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::vector<LoggedEvent> ReadAll(uint64_t after = 0) {
    std::vector<LoggedEvent> out;
    EXPECT_TRUE(store_->ReadEventsAfter(after, [&](const LoggedEvent& e) {
      out.push_back(e);
      return true;
    }).ok());
    return out;
  }
  std::unique_ptr<Store> store_;
  std::filesystem::path path_;
};

TEST_P(StoreTest, AppendAndReadBack) {
  std::vector<LoggedEvent> batch = {{1, R"({"a":1})"}, {2, R"({"b":"两"})"}, {3, "{}"}};
  ASSERT_TRUE(store_->AppendEvents(batch).ok());
  uint64_t last = 0;
  ASSERT_TRUE(store_->LastSeq(&last).ok());
  EXPECT_EQ(last, 3u);
  auto all = ReadAll();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].json, R"({"b":"两"})");
  auto tail = ReadAll(2);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].seq, 3u);
  int seen = 0;  // the callback can stop the stream
  store_->ReadEventsAfter(0, [&](const LoggedEvent&) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

TEST_P(StoreTest, BadBatchIsAllOrNothing) {
  ASSERT_TRUE(store_->AppendEvents(std::vector<LoggedEvent>{{1, "{}"}}).ok());
  std::vector<LoggedEvent> bad = {{2, "{}"}, {1, "{}"}};  // seq 1 again
  StoreStatus st = store_->AppendEvents(bad);
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(st.message.empty());
  EXPECT_EQ(ReadAll().size(), 1u);
}

TEST_P(StoreTest, KeepsTheLastTwoSnapshots) {
  for (uint64_t s : {10, 20, 30}) ASSERT_TRUE(store_->SaveSnapshot({s, 7, "state" + std::to_string(s)}).ok());
  std::vector<StoredSnapshot> snaps;
  ASSERT_TRUE(store_->LoadSnapshots(&snaps).ok());
  ASSERT_EQ(snaps.size(), 2u);
  EXPECT_EQ(snaps[0].seq, 30u);
  EXPECT_EQ(snaps[0].data, "state30");
  EXPECT_EQ(snaps[0].fingerprint, 7u);
  EXPECT_EQ(snaps[1].seq, 20u);
}

TEST_P(StoreTest, SnapshotBytesRoundTrip) {
  std::string bytes("\0\x01\xff binary", 10);
  ASSERT_TRUE(store_->SaveSnapshot({5, 1, bytes}).ok());
  std::vector<StoredSnapshot> snaps;
  ASSERT_TRUE(store_->LoadSnapshots(&snaps).ok());
  ASSERT_EQ(snaps.size(), 1u);
  EXPECT_EQ(snaps[0].data, bytes);
}

TEST_P(StoreTest, OutboxIsIdempotentByKey) {
  std::vector<OutboxEntry> first = {{"1.0", 1, R"({"action":"send"})"}, {"1.1", 1, R"({"action":"dm"})"}};
  size_t inserted = 0;
  ASSERT_TRUE(store_->EnqueueActions(first, &inserted).ok());
  EXPECT_EQ(inserted, 2u);
  std::vector<OutboxEntry> again = {{"1.1", 1, "changed"}, {"2.0", 2, R"({"action":"kick"})"}};
  ASSERT_TRUE(store_->EnqueueActions(again, &inserted).ok());
  EXPECT_EQ(inserted, 1u);
  std::optional<OutboxItem> item;
  ASSERT_TRUE(store_->GetOutboxItem("1.1", &item).ok());
  ASSERT_TRUE(item);
  EXPECT_EQ(item->json, R"({"action":"dm"})");  // first write wins
  uint64_t pending = 0;
  ASSERT_TRUE(store_->CountPending(&pending).ok());
  EXPECT_EQ(pending, 3u);
}

TEST_P(StoreTest, OutboxDeliveryRetriesAndDeadLetters) {
  std::vector<OutboxEntry> e = {{"1.0", 1, "a"}, {"1.1", 1, "b"}, {"2.0", 2, "c"}};
  ASSERT_TRUE(store_->EnqueueActions(e, nullptr).ok());
  ASSERT_TRUE(store_->MarkDelivered("1.0").ok());
  ASSERT_TRUE(store_->MarkFailed("1.1", "429 rate limited", 1000, false).ok());
  ASSERT_TRUE(store_->MarkFailed("2.0", "forbidden", 0, true).ok());
  std::vector<OutboxItem> items;
  ASSERT_TRUE(store_->ListPending(999, 10, &items).ok());
  EXPECT_TRUE(items.empty());  // 1.1 waits for its backoff
  ASSERT_TRUE(store_->ListPending(1000, 10, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].key, "1.1");
  EXPECT_EQ(items[0].attempts, 1);
  EXPECT_EQ(items[0].last_error, "429 rate limited");
  ASSERT_TRUE(store_->ListDead(10, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].key, "2.0");
  EXPECT_EQ(items[0].state, OutboxItem::State::kDead);
  EXPECT_FALSE(store_->MarkDelivered("nope").ok());
}

TEST_P(StoreTest, OutboxEntryWaitsForItsNotBefore) {
  std::vector<OutboxEntry> e = {{"1.0.lift", 1, "a", 5000}, {"1.1", 1, "b"}};
  ASSERT_TRUE(store_->EnqueueActions(e, nullptr).ok());
  std::vector<OutboxItem> items;
  ASSERT_TRUE(store_->ListPending(4999, 10, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].key, "1.1");
  ASSERT_TRUE(store_->ListPending(5000, 10, &items).ok());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].key, "1.0.lift");
  EXPECT_EQ(items[0].next_attempt, 5000);
  EXPECT_EQ(items[0].attempts, 0);
}

TEST_P(StoreTest, OutboxPagesThroughEveryPendingEntryInEnqueueOrder) {
  std::vector<OutboxEntry> e = {{"1.0", 1, "a"}, {"1.1", 1, "b", 9000}, {"2.0", 2, "c"}, {"2.1", 2, "d"}};
  ASSERT_TRUE(store_->EnqueueActions(e, nullptr).ok());
  ASSERT_TRUE(store_->MarkDelivered("2.0").ok());
  std::vector<OutboxItem> page;
  ASSERT_TRUE(store_->ListPendingAfter(0, 2, &page).ok());
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].key, "1.0");
  EXPECT_EQ(page[1].key, "1.1") << "not yet due, still listed";
  EXPECT_LT(page[0].position, page[1].position);
  uint64_t after = page[1].position;
  ASSERT_TRUE(store_->ListPendingAfter(after, 2, &page).ok());
  ASSERT_EQ(page.size(), 1u) << "2.0 is delivered";
  EXPECT_EQ(page[0].key, "2.1");
  EXPECT_GT(page[0].position, after);
  std::vector<OutboxEntry> more = {{"3.0", 3, "e"}, {"2.1", 3, "dup"}};
  ASSERT_TRUE(store_->EnqueueActions(more, nullptr).ok());
  ASSERT_TRUE(store_->ListPendingAfter(page[0].position, 10, &page).ok());
  ASSERT_EQ(page.size(), 1u) << "a new entry lands after every earlier one";
  EXPECT_EQ(page[0].key, "3.0");
}

TEST_P(StoreTest, OutboxInFlightAndTasks) {
  std::vector<OutboxEntry> e = {{"1.0", 1, "a"}, {"1.1", 1, "b"}, {"2.0", 2, "c"}};
  ASSERT_TRUE(store_->EnqueueActions(e, nullptr).ok());
  ASSERT_TRUE(store_->MarkInFlight("1.0").ok());
  ASSERT_TRUE(store_->MarkInFlight("1.1").ok());
  ASSERT_TRUE(store_->MarkTask("2.0", "send it by hand").ok());
  std::vector<OutboxItem> items;
  ASSERT_TRUE(store_->ListPending(0, 10, &items).ok());
  EXPECT_TRUE(items.empty());  // in flight and tasks are never handed out again
  ASSERT_TRUE(store_->ListByState(OutboxItem::State::kInFlight, 10, &items).ok());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].key, "1.0");
  EXPECT_EQ(items[0].attempts, 0);
  // An in-flight attempt that failed transiently is pending again; one that was given up is dead.
  ASSERT_TRUE(store_->MarkFailed("1.0", "timeout", 0, false).ok());
  ASSERT_TRUE(store_->MarkFailed("1.1", "uncertain", 0, true).ok());
  ASSERT_TRUE(store_->ListPending(0, 10, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].key, "1.0");
  EXPECT_EQ(items[0].state, OutboxItem::State::kPending);
  ASSERT_TRUE(store_->ListDead(10, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].key, "1.1");
  ASSERT_TRUE(store_->ListByState(OutboxItem::State::kTask, 10, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].last_error, "send it by hand");
  EXPECT_FALSE(store_->MarkInFlight("nope").ok());
  EXPECT_FALSE(store_->MarkTask("nope", "x").ok());
}

INSTANTIATE_TEST_SUITE_P(All, StoreTest, ::testing::Values("memory", "sqlite"));

}  // namespace
}  // namespace shoal
