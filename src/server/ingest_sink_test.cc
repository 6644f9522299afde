#include "server/ingest_sink.h"

#include <future>

#include <gtest/gtest.h>

#include "server/server_testing.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

TEST(IngestSink, AcknowledgesWhatTheLogKeptAndWhyTheRestWasRefused) {
  MemoryStore store;
  Metrics metrics;
  StoreStatus st;
  auto ingest = Ingest::Start(testing::TestConfig(), &store, {}, &metrics, nullptr, &st);
  ASSERT_TRUE(ingest) << st.ToString();
  IngestSink sink(ingest.get());
  std::promise<EventSink::Ack> acked;
  sink.Submit({testing::ParseOrDie(testing::MessageJson(1, "m1")), testing::ParseOrDie(testing::MessageJson(2, "m1"))},
              [&](EventSink::Ack a) { acked.set_value(std::move(a)); });
  EventSink::Ack ack = acked.get_future().get();
  EXPECT_TRUE(ack.stored);
  EXPECT_EQ(ack.accepted, 1u);
  ASSERT_EQ(ack.errors.size(), 1u);
  EXPECT_NE(ack.errors[0].find("msg_id"), std::string::npos) << ack.errors[0];  // the duplicate
  uint64_t last = 0;
  store.LastSeq(&last);
  EXPECT_EQ(last, 1u);
}

}  // namespace
}  // namespace shoal
