#include "outbox/delivery_event.h"

#include <gtest/gtest.h>

#include "shoal/event_codec.h"

namespace shoal {
namespace {

Timestamp At() { return Timestamp{.utc = 1'767'574'800LL * kMicrosPerSecond, .offset_minutes = 480}; }

TEST(DeliveryEvent, WritesWhatItReadsBack) {
  DeliveryReport r{.key = "17.0", .action = "send", .outcome = DeliveryOutcome::kDelivered, .group = "tg:-1001",
                   .reason = "welcome", .msg_id = "42", .slot = "welcome"};
  Event e = DeliveryEvent(r, At());
  EXPECT_EQ(EventToJson(e),
            R"({"type":"delivery","ts":"2026-01-05T09:00:00+08:00","group":"tg:-1001","msg_id":"42","key":"17.0",)"
            R"("action":"send","outcome":"delivered","reason":"welcome","slot":"welcome"})");
  EventParser parser;
  Event back;
  EventError err;
  ASSERT_TRUE(parser.Parse(EventToJson(e), &back, &err)) << err.ToString();
  DeliveryReport read;
  ASSERT_TRUE(ParseDeliveryEvent(back, &read, &err)) << err.ToString();
  EXPECT_EQ(read.key, "17.0");
  EXPECT_EQ(read.outcome, DeliveryOutcome::kDelivered);
  EXPECT_EQ(read.msg_id, "42");
  EXPECT_EQ(read.slot, "welcome");
  EXPECT_EQ(read.group, "tg:-1001");
}

TEST(DeliveryEvent, APlatformsWordsAreMadeSafeForTheLog) {
  std::string words = "Bad Request:\n\x01 chat \xff not found ";
  words += std::string(2000, 'x');
  DeliveryReport r{.key = "1.0", .action = "kick", .outcome = DeliveryOutcome::kRejected, .group = "qq:1",
                   .error = words};
  Event e = DeliveryEvent(r, At());
  EventError err;
  ASSERT_TRUE(ValidateEvent(e, {}, &err)) << err.ToString();
  DeliveryReport read;
  ASSERT_TRUE(ParseDeliveryEvent(e, &read, &err)) << err.ToString();
  EXPECT_EQ(read.error.rfind("Bad Request:   chat ? not found x", 0), 0u) << read.error;
  EXPECT_LE(read.error.size(), kMaxDeliveryErrorBytes);
  // A cut never splits a character.
  r.error = std::string(kMaxDeliveryErrorBytes - 1, 'a') + "好";
  ASSERT_TRUE(ParseDeliveryEvent(DeliveryEvent(r, At()), &read, &err));
  EXPECT_EQ(read.error, std::string(kMaxDeliveryErrorBytes - 1, 'a'));
}

TEST(DeliveryEvent, ASlotIsWrittenOnlyForAMessageThatCanBeReplaced) {
  DeliveryReport r{.key = "1.0", .action = "send", .outcome = DeliveryOutcome::kDelivered, .group = "qq:1",
                   .slot = "welcome"};
  EXPECT_EQ(DeliveryEvent(r, At()).extra.find("slot"), std::string::npos) << "no msg_id";
  r.msg_id = "m1";
  r.slot = "bad slot";
  EXPECT_EQ(DeliveryEvent(r, At()).extra.find("slot"), std::string::npos) << "not a slot name";
  r.outcome = DeliveryOutcome::kDead;
  r.slot = "welcome";
  Event dead = DeliveryEvent(r, At());
  EXPECT_EQ(dead.extra.find("slot"), std::string::npos);
  EXPECT_TRUE(dead.msg_id.empty()) << "only a delivered action made a message";
}

TEST(DeliveryEvent, NamesTheBadField) {
  auto error = [](std::string extra, std::string msg_id = "", std::string group = "qq:1") {
    Event e;
    e.type = EventType::kDelivery;
    e.ts = At();
    e.group = group;
    e.msg_id = msg_id;
    e.extra = extra;
    EventError err;
    EXPECT_FALSE(ParseDeliveryEvent(e, nullptr, &err)) << extra;
    return err.ToString();
  };
  EXPECT_EQ(error(R"("key":"1.0","outcome":"dead","reason":7)"), "reason: must be a string");
  EXPECT_EQ(error(R"("key":"1.0","outcome":"dead","error":"a\u0001b")"), "error: contains control characters");
  EXPECT_EQ(error(R"("key":"1.0","outcome":"delivered","slot":"a/b")", "m1").rfind("slot: 'a/b' is not a slot name", 0),
            0u);
  EXPECT_EQ(error(R"("key":"1.0","outcome":"delivered","slot":"welcome")", "m1", "").rfind("slot: needs", 0), 0u);
  EXPECT_EQ(error(R"("key":")" + std::string(200, 'k') + R"(","outcome":"dead")"), "key: longer than 128 bytes");
}

TEST(DeliveryEvent, StepsComeFromTheKeysHead) {
  uint64_t step = 0;
  EXPECT_TRUE(StepOfKey("17.0", &step));
  EXPECT_EQ(step, 17u);
  EXPECT_TRUE(StepOfKey("17.0.lift", &step));
  EXPECT_EQ(step, 17u);
  EXPECT_FALSE(StepOfKey("api.3", &step));
  EXPECT_FALSE(StepOfKey("", &step));
}

}  // namespace
}  // namespace shoal
