#include "adapters/xmpp/jid.h"

#include <gtest/gtest.h>

namespace shoal::xmpp {
namespace {

TEST(XmppJid, SplitsAndMapsIds) {
  EXPECT_EQ(BareJid("room@muc.host/nick/with/slash"), "room@muc.host");
  EXPECT_EQ(JidResource("room@muc.host/nick/with/slash"), "nick/with/slash");
  EXPECT_EQ(BareJid("alice@host"), "alice@host");
  EXPECT_EQ(JidResource("alice@host"), "");
  EXPECT_EQ(XmppId("alice@host"), "xmpp:alice@host");
  EXPECT_EQ(JidOfId("xmpp:room@muc/n"), "room@muc/n");
  EXPECT_EQ(JidOfId("qq:123"), "");
}

}  // namespace
}  // namespace shoal::xmpp
