#include "adapters/xmpp/strophe_bridge.h"

#include <algorithm>
#include <memory>

#include <gtest/gtest.h>

namespace shoal::xmpp {
namespace {

// libstrophe keeps attributes in a hash table: compare them in sorted order.
XmlElement Sorted(XmlElement e) {
  std::sort(e.attrs.begin(), e.attrs.end());
  for (auto& c : e.children) c = Sorted(std::move(c));
  return e;
}

TEST(XmppStropheBridge, ParsesWithInheritedNamespaces) {
  auto e = ParseXml(
      "<presence xmlns='jabber:client' from='r@muc/n'><x xmlns='http://jabber.org/protocol/muc#user'>"
      "<item role='none' affiliation='outcast'/><status code='301'/></x></presence>");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->name, "presence");
  EXPECT_EQ(e->ns, "jabber:client");
  const XmlElement* x = e->child("x", "http://jabber.org/protocol/muc#user");
  ASSERT_NE(x, nullptr);
  const XmlElement* item = x->child("item", "http://jabber.org/protocol/muc#user");  // inherited
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->attr("affiliation"), "outcast");
  EXPECT_FALSE(item->has_attr("xmlns"));
  std::string why;
  EXPECT_FALSE(ParseXml("<a><b></a>", &why));
  EXPECT_FALSE(why.empty());
}

TEST(XmppStropheBridge, RoundTripsThroughALibstropheStanza) {
  XmlElement m("message", "jabber:client");
  m.set("to", "room@muc").set("id", "x1");
  m.add_text_child("body", "签到 & more");
  m.add("origin-id", "urn:xmpp:sid:0").set("id", "k");
  EnsureStropheInitialized();
  std::unique_ptr<xmpp_ctx_t, decltype(&xmpp_ctx_free)> ctx(xmpp_ctx_new(nullptr, nullptr), &xmpp_ctx_free);
  xmpp_stanza_t* s = ToStanza(ctx.get(), m);
  char* buf = nullptr;
  size_t len = 0;
  ASSERT_EQ(xmpp_stanza_to_text(s, &buf, &len), XMPP_EOK);
  std::string text(buf, len);
  xmpp_free(ctx.get(), buf);
  XmlElement back = FromStanza(s);
  xmpp_stanza_release(s);
  EXPECT_EQ(Sorted(back).ToXml(), Sorted(m).ToXml());
  auto reparsed = ParseXml(text);
  ASSERT_TRUE(reparsed) << text;
  EXPECT_EQ(reparsed->child_text("body"), "签到 & more");
  EXPECT_EQ(reparsed->child("origin-id", "urn:xmpp:sid:0")->attr("id"), "k");
}

}  // namespace
}  // namespace shoal::xmpp
