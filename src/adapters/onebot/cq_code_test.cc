#include "adapters/onebot/cq_code.h"

#include <gtest/gtest.h>

namespace shoal::onebot {
namespace {

TEST(CqCodeTest, EscapesBothWays) {
  EXPECT_EQ(EscapeCqText("a&b[c],d"), "a&amp;b&#91;c&#93;,d");
  EXPECT_EQ(EscapeCqValue("a&b[c],d"), "a&amp;b&#91;c&#93;&#44;d");
  EXPECT_EQ(UnescapeCq("a&amp;b&#91;c&#93;&#44;d &lt;"), "a&b[c],d &lt;");
  for (std::string s : {"[CQ:at,qq=all]", "&#91;", "a,b&c", "你好]["})
    EXPECT_EQ(UnescapeCq(EscapeCqValue(s)), s);
}

TEST(CqCodeTest, ParsesTheStringForm) {
  auto segs = ParseCqString("[CQ:reply,id=1912300][CQ:at,qq=10001000] /checkin &#91;x&#93; [CQ:face,id=14]");
  ASSERT_EQ(segs.size(), 4u);
  EXPECT_EQ(segs[0].type, "reply");
  EXPECT_EQ(segs[0].Get("id"), "1912300");
  EXPECT_EQ(segs[1].Get("qq"), "10001000");
  EXPECT_EQ(segs[2].Get("text"), " /checkin [x] ");
  EXPECT_EQ(segs[3].type, "face");
  EXPECT_EQ(RenderText(segs), "@10001000 /checkin [x] [face:14]");
  EXPECT_EQ(ReplyTo(segs), "1912300");
}

TEST(CqCodeTest, ValuesWithEscapedCommasAndMalformedCodes) {
  auto segs = ParseCqString("[CQ:image,file=a&#44;b.png,url=http://x/?a=1&amp;b=2]tail [CQ:oops");
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0].Get("file"), "a,b.png");
  EXPECT_EQ(segs[0].Get("url"), "http://x/?a=1&b=2");
  EXPECT_EQ(segs[1].Get("text"), "tail [CQ:oops");  // no closing bracket: plain text
  EXPECT_EQ(RenderText(segs), "[image]tail [CQ:oops");
  EXPECT_EQ(RenderText(ParseCqString("[CQ:at,qq=all] 开会")), "@全体成员 开会");
  EXPECT_EQ(RenderText(ParseCqString("[CQ:]x")), "[CQ:]x");
}

TEST(CqCodeTest, KeysAreEscapedWhenPrinted) {
  auto segs = ParseCqString("[CQ:x,a&#93;b=1]");
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].data[0].first, "a]b");
  EXPECT_EQ(ToCqString(segs), "[CQ:x,a&#93;b=1]");
}

TEST(CqCodeTest, ATextCodeIsText) {
  auto segs = ParseCqString("a[CQ:text,id=1]b");
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].Get("text"), "a[CQ:text,id=1]b");
}

TEST(CqCodeTest, StringFormRoundTrips) {
  std::vector<Segment> segs = {Segment::Text("看 [这里], & 那里"), {"at", {{"qq", "123"}}},
                               {"image", {{"file", "a,b]"}}}};
  std::string s = ToCqString(segs);
  EXPECT_EQ(s, "看 &#91;这里&#93;, &amp; 那里[CQ:at,qq=123][CQ:image,file=a&#44;b&#93;]");
  auto back = ParseCqString(s);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].Get("text"), "看 [这里], & 那里");
  EXPECT_EQ(back[2].Get("file"), "a,b]");
  // Text that looks like a CQ code stays text after escaping (no injected mention).
  auto injected = ParseCqString(EscapeCqText("[CQ:at,qq=all]"));
  ASSERT_EQ(injected.size(), 1u);
  EXPECT_EQ(injected[0].type, "text");
}

}  // namespace
}  // namespace shoal::onebot
