#include "features/invite/invite.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal {
namespace {

Micros At(const char* s) { return ParseRfc3339(s)->utc; }

InviteConfig TwoCodes() {
  InviteConfig cfg;
  cfg.link = "https://j.example/{code}";
  cfg.codes.push_back({.spec = {.code = "poster", .channel = "poster", .group = "qq:1", .uses = 2,
                                .expires = At("2026-02-01T00:00:00Z")}});
  cfg.codes.push_back({.spec = {.code = "tg", .channel = "telegram"}, .link = "https://t.me/+abc"});
  return cfg;
}

TEST(Invite, ChecksExpiryAndGroup) {
  Invite invite(TwoCodes());
  Micros jan = At("2026-01-10T00:00:00Z");
  EXPECT_EQ(invite.Check("poster", "qq:1", jan), CodeStatus::kOk);
  EXPECT_EQ(invite.Check("poster", "", jan), CodeStatus::kOk);
  EXPECT_EQ(invite.Check("poster", "qq:2", jan), CodeStatus::kWrongGroup);
  EXPECT_EQ(invite.Check("poster", "qq:1", At("2026-02-01T00:00:00Z")), CodeStatus::kExpired);
  EXPECT_EQ(invite.Check("nosuch", "qq:1", jan), CodeStatus::kUnknown);
  EXPECT_EQ(invite.Check("tg", "tg:-1", jan), CodeStatus::kOk);
}

TEST(Invite, LinksUseTheTemplateUnlessFixed) {
  Invite invite(TwoCodes());
  EXPECT_EQ(invite.LinkFor("poster"), "https://j.example/poster");
  EXPECT_EQ(invite.LinkFor("tg"), "https://t.me/+abc");
  nlohmann::json j;
  ASSERT_TRUE(invite.Lookup("tg", j));
  EXPECT_EQ(j["channel"], "telegram");
  EXPECT_EQ(j["source"], "config");
  EXPECT_FALSE(invite.Lookup("nosuch", j));
}

TEST(Invite, SnapshotsRoundTripAndTruncationFailsCleanly) {
  Invite invite(TwoCodes());
  SnapshotWriter w;
  invite.Save(w);
  Invite back(InviteConfig{});
  SnapshotReader r(w.data());
  ASSERT_TRUE(back.Load(r));
  EXPECT_TRUE(r.done());
  SnapshotWriter again;
  back.Save(again);
  EXPECT_EQ(again.data(), w.data());
  EXPECT_EQ(back.Check("poster", "qq:2", 0), CodeStatus::kWrongGroup);
  for (size_t cut = 0; cut < w.data().size(); ++cut) {
    Invite partial(InviteConfig{});
    SnapshotReader pr(std::string_view(w.data()).substr(0, cut));
    EXPECT_FALSE(partial.Load(pr) && pr.done()) << cut;
  }
}

}  // namespace
}  // namespace shoal
