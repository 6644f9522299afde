#include "adapters/xmpp/xml_element.h"

#include <gtest/gtest.h>

namespace shoal::xmpp {
namespace {

TEST(XmppXmlElement, BuildsFindsAndSerialises) {
  XmlElement m("message", "jabber:client");
  m.set("to", "room@muc").set("type", "groupchat").set("to", "r2@muc");  // set replaces
  m.add_text_child("body", "a < b & \"c\"");
  m.add("origin-id", "urn:xmpp:sid:0").set("id", "k1");
  EXPECT_EQ(m.attr("to"), "r2@muc");
  EXPECT_TRUE(m.has_attr("type"));
  EXPECT_FALSE(m.has_attr("id"));
  EXPECT_EQ(m.attr("id"), "");
  EXPECT_EQ(m.child_text("body"), "a < b & \"c\"");
  ASSERT_NE(m.child("origin-id", "urn:xmpp:sid:0"), nullptr);
  EXPECT_EQ(m.child("origin-id", "urn:other"), nullptr);
  EXPECT_EQ(m.ToXml("jabber:client"),
            "<message to=\"r2@muc\" type=\"groupchat\"><body>a &lt; b &amp; \"c\"</body>"
            "<origin-id xmlns=\"urn:xmpp:sid:0\" id=\"k1\"/></message>");
}

}  // namespace
}  // namespace shoal::xmpp
