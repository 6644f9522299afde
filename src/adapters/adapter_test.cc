#include "shoal/adapter.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Adapter, PlatformIsTheIdPrefix) {
  EXPECT_EQ(PlatformOf("qq:123"), "qq");
  EXPECT_EQ(PlatformOf("tg:-100123"), "tg");
  EXPECT_EQ(PlatformOf("xmpp:room@conf.local"), "xmpp");
  EXPECT_EQ(PlatformOf("nocolon"), "");
  EXPECT_EQ(PlatformOf(":x"), "");
}

TEST(Adapter, CapabilitiesDecideWhatIsSupported) {
  PlatformCapabilities caps;  // defaults: send and dm only
  EXPECT_TRUE(Supports(caps, ActionType::kSend));
  EXPECT_TRUE(Supports(caps, ActionType::kAnnounce));
  EXPECT_TRUE(Supports(caps, ActionType::kDm));
  EXPECT_FALSE(Supports(caps, ActionType::kKick));
  EXPECT_FALSE(Supports(caps, ActionType::kMute));
  caps.kick = true;
  caps.mute_timed = true;
  EXPECT_TRUE(Supports(caps, ActionType::kKick));
  EXPECT_TRUE(Supports(caps, ActionType::kMute));
  // Tasks and alerts are for people; no platform performs them.
  caps.send_group = true;
  EXPECT_FALSE(Supports(caps, ActionType::kTask));
  EXPECT_FALSE(Supports(caps, ActionType::kAlert));
}

TEST(Adapter, DeliveryCodesHaveStableNames) {
  EXPECT_EQ(DeliveryCodeName(DeliveryResult::Code::kDelivered), "delivered");
  EXPECT_EQ(DeliveryCodeName(DeliveryResult::Code::kRateLimited), "rate_limited");
  EXPECT_EQ(DeliveryCodeName(DeliveryResult::Code::kUnsupported), "unsupported");
  auto r = DeliveryResult::RateLimited(3 * kMicrosPerSecond, "429");
  EXPECT_EQ(r.code, DeliveryResult::Code::kRateLimited);
  EXPECT_EQ(r.retry_after, 3 * kMicrosPerSecond);
}

}  // namespace
}  // namespace shoal
