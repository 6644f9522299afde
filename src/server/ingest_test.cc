#include "server/ingest.h"

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/server_testing.h"
#include "store/faulty_store.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

using testing::MessageJson;
using testing::ParseOrDie;
using testing::TestConfig;

std::vector<Event> Messages(int from, int count) {
  std::vector<Event> out;
  for (int i = from; i < from + count; ++i) {
    if (i % 10 == 0) {
      out.push_back(ParseOrDie(R"({"type":"join","ts":"2026-01-05T09:00:00+08:00","group":"qq:2","member":"qq:)" +
                               std::to_string(100 + i) + R"(","name":"n"})"));
      out.back().ts.utc += i * kMicrosPerMinute;  // keep time moving forward
    } else {
      out.push_back(ParseOrDie(MessageJson(i, "m" + std::to_string(i))));
    }
  }
  return out;
}

TEST(Ingest, AcceptsAssignsSeqsAndRejectsPerEvent) {
  auto cfg = TestConfig();
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(cfg, &store, {}, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest) << st.ToString();
  auto events = Messages(1, 3);
  events.push_back(ParseOrDie(MessageJson(5, "m1")));  // duplicate msg_id
  auto r = ingest->SubmitAndWait(events);
  ASSERT_TRUE(r.store.ok());
  EXPECT_EQ(r.accepted, 3u);
  EXPECT_EQ(r.outcomes[2].seq, 3u);
  EXPECT_FALSE(r.outcomes[3].accepted);
  EXPECT_EQ(r.outcomes[3].error.field, "msg_id");
  uint64_t last = 0;
  store.LastSeq(&last);
  EXPECT_EQ(last, 3u);
  EXPECT_EQ(ingest->committed_seq(), 3u);
  EXPECT_EQ(metrics.events_accepted, 3u);
  EXPECT_EQ(metrics.events_rejected, 1u);
}

TEST(Ingest, RefusesWhatTheStoreCouldNotWrite) {
  auto cfg = TestConfig();
  MemoryStore inner;
  FaultyStore store(&inner);
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(cfg, &store, {}, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest);
  ASSERT_TRUE(ingest->SubmitAndWait(Messages(1, 5)).store.ok());

  store.FailNthAppend(1, FaultyStore::Fault::kDiskFull);
  auto refused = ingest->SubmitAndWait(Messages(6, 5));
  EXPECT_FALSE(refused.store.ok());
  EXPECT_EQ(refused.store.code, StoreStatus::Code::kFull);
  EXPECT_EQ(refused.accepted, 0u);
  uint64_t last = 0;
  inner.LastSeq(&last);
  EXPECT_EQ(last, 5u);  // nothing of the refused batch is stored
  EXPECT_EQ(ingest->committed_seq(), 5u);
  EXPECT_EQ(metrics.store_failures, 1u);

  // The same events succeed once the disk is back: the refused ones left no trace (no "duplicate").
  auto retry = ingest->SubmitAndWait(Messages(6, 5));
  ASSERT_TRUE(retry.store.ok()) << retry.store.ToString();
  EXPECT_EQ(retry.accepted, 5u);
  EXPECT_EQ(retry.outcomes.front().seq, 6u);

  store.SetWritesFail(true, FaultyStore::Fault::kFsync);
  auto fsync = ingest->SubmitAndWait(Messages(11, 2));
  EXPECT_EQ(fsync.store.code, StoreStatus::Code::kIoError);
  EXPECT_NE(fsync.store.message.find("fsync"), std::string::npos);
  inner.LastSeq(&last);
  EXPECT_EQ(last, 10u);
  EXPECT_FALSE(ingest->broken());  // state was rebuilt from the store; the server keeps serving
  store.SetWritesFail(false);
  auto after = ingest->SubmitAndWait(Messages(11, 2));
  ASSERT_TRUE(after.store.ok());
  EXPECT_EQ(after.outcomes.front().seq, 11u);
}

// Restart = snapshot + tail must give the same state, byte for byte, as one clean run.
TEST(Ingest, RestartFromSnapshotAndTailMatchesCleanReplay) {
  auto cfg = TestConfig(/*snapshot_every=*/7, /*batch_max=*/4);
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  std::string before_report;
  {
    IngestOptions o;
    o.snapshot_every = 7;
    o.batch_max = 4;
    auto ingest = Ingest::Start(cfg, &store, o, &metrics, nullptr, &st);
    ASSERT_TRUE(ingest);
    for (int i = 1; i <= 40; i += 3) ASSERT_TRUE(ingest->SubmitAndWait(Messages(i, 3)).store.ok());
    ingest->Stop();  // the answer comes before Apply: wait for the last batch to be applied
    nlohmann::json r;
    ingest->Report(r);
    before_report = r.dump();
  }
  // Stop() wrote a final snapshot at 42; recovery below starts from the older one to replay a real tail.
  std::vector<StoredSnapshot> snaps;
  store.LoadSnapshots(&snaps);
  ASSERT_FALSE(snaps.empty());

  // Clean replay of the whole log.
  std::string why;
  auto clean = Engine::Create(cfg, &why);
  ASSERT_TRUE(clean) << why;
  EventParser parser;
  store.ReadEventsAfter(0, [&](const LoggedEvent& le) {
    Event e;
    EventError err;
    EXPECT_TRUE(parser.Parse(le.json, &e, &err));
    EXPECT_TRUE(clean->Admit(e, &err));
    e.seq = le.seq;
    std::vector<Action> a;
    clean->Apply(e, &a);
    return true;
  });

  // Recovery from an older snapshot + tail.
  MemoryStore older;
  store.ReadEventsAfter(0, [&](const LoggedEvent& le) {
    older.AppendEvents(std::vector<LoggedEvent>{le});
    return true;
  });
  older.SaveSnapshot(snaps.back());  // the older of the two kept
  ASSERT_LT(snaps.back().seq, 42u);
  RecoveryStats rs;
  std::unique_ptr<Engine> recovered;
  ASSERT_TRUE(RecoverEngine(cfg, older, &recovered, &rs).ok());
  EXPECT_TRUE(rs.snapshot_used);
  EXPECT_GT(rs.tail_events, 0u);
  nlohmann::json a, b;
  clean->Report(a);
  recovered->Report(b);
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_EQ(a.dump(), before_report);
  EXPECT_EQ(clean->SaveSnapshot(), recovered->SaveSnapshot());

  // And a restart of the pipeline itself on the full store.
  auto again = Ingest::Start(cfg, &store, {}, &metrics, &rs, &st);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->committed_seq(), 42u);
  EXPECT_EQ(again->SaveSnapshot(), clean->SaveSnapshot());
}

TEST(Ingest, SnapshotFromAnotherConfigIsIgnored) {
  auto cfg = TestConfig();
  MemoryStore store;
  store.AppendEvents(std::vector<LoggedEvent>{{1, MessageJson(1, "a")}});
  store.SaveSnapshot({1, cfg->fingerprint + 1, "garbage"});
  std::unique_ptr<Engine> engine;
  RecoveryStats rs;
  ASSERT_TRUE(RecoverEngine(cfg, store, &engine, &rs).ok());
  EXPECT_FALSE(rs.snapshot_used);
  EXPECT_NE(rs.snapshot_note.find("another config"), std::string::npos);
  EXPECT_EQ(rs.tail_events, 1u);
  EXPECT_EQ(engine->last_seq(), 1u);
}

TEST(Ingest, ConcurrentSubmittersShareCommits) {
  auto cfg = TestConfig();
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  IngestOptions o;
  o.window = std::chrono::milliseconds(5);
  auto ingest = Ingest::Start(cfg, &store, o, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest);
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::vector<Event> one = {ParseOrDie(MessageJson(1, "t" + std::to_string(t) + "_" + std::to_string(i)))};
        accepted += static_cast<int>(ingest->SubmitAndWait(one).accepted);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 40);
  EXPECT_LT(metrics.commit_count, 40u);  // group commit batched some of them
}

// The server's clock makes time move in a quiet community: a planned 14:00 post goes out
// with no traffic at all, through a logged tick event (so a replay of the log repeats it).
TEST(Ingest, TheClockLogsTicksSoTimersFireWithoutTraffic) {
  Diagnostics diag;
  auto cfg = std::shared_ptr<const Config>(LoadConfigString(R"(
timezone: Asia/Shanghai
store: {kind: memory}
communities:
  - id: c
    groups: [{id: "qq:1", name: G1}]
features:
  plan:
    entries:
      - {id: afternoon, at: ["14:00"], to: ["qq:1"], text: "下午好"}
)", "<test>", &diag));
  ASSERT_TRUE(cfg) << diag.ToString();
  auto at = [](const char* rfc3339) { return ParseRfc3339(rfc3339, nullptr)->utc; };
  ManualClock clock(at("2026-01-05T13:00:00+08:00"));
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  IngestOptions options;
  options.clock = &clock;
  options.tick_idle = 10 * kMicrosPerMinute;
  options.tick_poll = std::chrono::milliseconds(5);
  auto ingest = Ingest::Start(cfg, &store, options, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest) << st.ToString();
  ASSERT_TRUE(ingest->SubmitAndWait({ParseOrDie(
      R"({"type":"message","ts":"2026-01-05T13:00:00+08:00","group":"qq:1","member":"qq:7","text":"hi"})")}).store.ok());

  auto wait_for_seq = [&](uint64_t seq) {
    for (int i = 0; i < 2000 && ingest->committed_seq() < seq; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return ingest->committed_seq();
  };
  // Idle for 9 minutes: nothing due, no tick yet.
  clock.Set(at("2026-01-05T13:09:00+08:00"));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(ingest->committed_seq(), 1u);
  // Idle for 10 minutes: one tick keeps engine time near the clock.
  clock.Set(at("2026-01-05T13:10:00+08:00"));
  EXPECT_EQ(wait_for_seq(2), 2u);
  // 14:00 is due: a tick fires the planned post.
  clock.Set(at("2026-01-05T14:00:01+08:00"));
  EXPECT_EQ(wait_for_seq(3), 3u);
  ingest->Stop();
  std::vector<std::string> logged;
  store.ReadEventsAfter(0, [&](const LoggedEvent& e) {
    logged.push_back(e.json);
    return true;
  });
  ASSERT_EQ(logged.size(), 3u);
  EXPECT_NE(logged[1].find(R"("type":"tick")"), std::string::npos) << logged[1];
  EXPECT_NE(logged[2].find("2026-01-05T06:00:01"), std::string::npos) << logged[2];
  std::vector<OutboxItem> pending;
  store.ListPending(INT64_MAX, 10, &pending);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_NE(pending[0].json.find("下午好"), std::string::npos);
  EXPECT_EQ(metrics.ticks.load(), 2u);
}

// Without a clock (backfill), time moves only with events: no tick is ever logged.
TEST(Ingest, WithoutAClockNoTickIsLogged) {
  auto cfg = TestConfig();
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(cfg, &store, {}, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest->SubmitAndWait(Messages(1, 2)).store.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ingest->Stop();
  EXPECT_EQ(ingest->committed_seq(), 2u);
  EXPECT_EQ(metrics.ticks.load(), 0u);
}

}  // namespace
}  // namespace shoal
