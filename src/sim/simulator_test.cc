#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "shoal/event_codec.h"

namespace shoal {
namespace {

std::vector<Event> SimulateAll(const SimOptions& o) {
  std::vector<Event> out;
  Simulate(o, [&](const Event& e) { out.push_back(e); });
  return out;
}

TEST(Simulator, SameSeedSameHistoryDifferentSeedDifferent) {
  SimOptions o;
  o.members = 300;
  o.days = 7;
  auto a = SimulateAll(o), b = SimulateAll(o);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(EventToJson(a[i]), EventToJson(b[i]));
  o.seed = 2;
  auto c = SimulateAll(o);
  EXPECT_NE(a.size() == c.size() && EventToJson(a.back()) == EventToJson(c.back()), true);
}

TEST(Simulator, EventsAreValidOrderedAndRealistic) {
  SimOptions o;
  o.members = 2000;
  o.days = 14;
  o.staff = {"qq:10001"};
  auto events = SimulateAll(o);
  EventLimits limits;
  std::map<std::string, int> per_member;
  std::map<EventType, int> types;
  int ads = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    EventError err;
    ASSERT_TRUE(ValidateEvent(events[i], limits, &err)) << err.ToString() << " " << EventToJson(events[i]);
    if (i) ASSERT_LE(events[i - 1].ts.utc, events[i].ts.utc);
    ++types[events[i].type];
    if (events[i].type == EventType::kMessage) {
      ++per_member[events[i].member];
      if (events[i].text.find("加") != std::string::npos || events[i].text.find("t.me") != std::string::npos) ++ads;
    }
  }
  EXPECT_GT(types[EventType::kJoin], 100);
  EXPECT_GT(types[EventType::kLeave], 0);
  EXPECT_GT(types[EventType::kConversion], 0);
  EXPECT_GT(ads, 0);
  // Heavy tail: the top 20% of speakers write well over half of the messages.
  std::vector<int> counts;
  int total = 0;
  for (const auto& [m, n] : per_member) {
    counts.push_back(n);
    total += n;
  }
  std::sort(counts.rbegin(), counts.rend());
  int top = 0;
  for (size_t i = 0; i < counts.size() / 5; ++i) top += counts[i];
  EXPECT_GT(static_cast<double>(top) / total, 0.5);
}

}  // namespace
}  // namespace shoal
