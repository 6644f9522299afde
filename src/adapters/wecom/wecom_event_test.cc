#include "adapters/wecom/wecom_event.h"

#include <gtest/gtest.h>

#include "shoal/event_codec.h"

namespace shoal {
namespace {

std::string Change(const std::string& change_type, const std::string& detail, const std::string& more) {
  return "<xml><ToUserName><![CDATA[ww55ca070cb9b7eb22]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
         "<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType>"
         "<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrx7HUARsKwGRaQB]]></ChatId>"
         "<ChangeType><![CDATA[" + change_type + "]]></ChangeType>" +
         (detail.empty() ? "" : "<UpdateDetail><![CDATA[" + detail + "]]></UpdateDetail>") + more + "</xml>";
}

WecomChange Parse(const std::string& text) {
  WecomXml xml;
  std::string why;
  EXPECT_TRUE(ParseWecomXml(text, &xml, &why)) << why;
  WecomChange change;
  EXPECT_TRUE(ParseWecomChange(xml, &change, &why)) << why;
  for (const Event& e : change.events) {
    EventError err;
    EXPECT_TRUE(ValidateEvent(e, EventLimits{}, &err)) << err.ToString();
  }
  return change;
}

TEST(WecomEvent, AddMemberWithItemsAndState) {
  auto c = Parse(Change("update", "add_member",
                        "<JoinScene>3</JoinScene><QuitScene>0</QuitScene><MemChangeCnt>2</MemChangeCnt>"
                        "<MemChangeList><Item>wmJack</Item><Item>wmRose</Item></MemChangeList>"
                        "<State><![CDATA[spring-qr]]></State><CurMemVer>71217227</CurMemVer>"));
  EXPECT_EQ(c.kind, "add_member");
  EXPECT_EQ(c.member_version, "71217227");
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[0].type, EventType::kJoin);
  EXPECT_EQ(c.events[0].group, "wecom:wrx7HUARsKwGRaQB");
  EXPECT_EQ(c.events[0].member, "wecom:wmJack");
  EXPECT_EQ(c.events[1].member, "wecom:wmRose");
  EXPECT_EQ(c.events[1].via, "spring-qr");
  EXPECT_EQ(c.events[0].extra, "\"join_scene\":3");
  EXPECT_EQ(FormatRfc3339(c.events[0].ts), "2014-06-24T19:48:33+08:00");
}

TEST(WecomEvent, DelMemberWithTheOldCommaListAndRemoval) {
  auto c = Parse(Change("update", "del_member",
                        "<QuitScene>1</QuitScene><MemChangeList><![CDATA[wmA, wmB]]></MemChangeList>"));
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[0].type, EventType::kLeave);
  EXPECT_EQ(c.events[1].member, "wecom:wmB");
  EXPECT_EQ(c.events[0].extra, "\"quit_scene\":1,\"removed\":true");
}

TEST(WecomEvent, CreateDismissAndOtherCallbacksMakeNoEvent) {
  auto created = Parse(Change("create", "", ""));
  EXPECT_EQ(created.kind, "create");
  EXPECT_EQ(created.chat_id, "wrx7HUARsKwGRaQB");
  EXPECT_TRUE(created.events.empty());
  EXPECT_EQ(Parse(Change("dismiss", "", "")).ignored, "dismiss");
  EXPECT_EQ(Parse(Change("update", "change_name", "")).ignored, "change_name");
  auto other = Parse("<xml><MsgType>event</MsgType><Event>change_external_contact</Event></xml>");
  EXPECT_EQ(other.kind, "");
  EXPECT_EQ(other.ignored, "change_external_contact");
}

TEST(WecomEvent, ThirdPartyEnvelopeUsesInfoTypeAndTimeStamp) {
  auto c = Parse("<xml><SuiteId>ww4</SuiteId><AuthCorpId>wxf8</AuthCorpId><InfoType>change_external_chat</InfoType>"
                 "<TimeStamp>1403610513</TimeStamp><ChatId>CHAT</ChatId><ChangeType>update</ChangeType>"
                 "<UpdateDetail>add_member</UpdateDetail><JoinScene>0</JoinScene>"
                 "<MemChangeList><Item>wmX</Item></MemChangeList></xml>");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].group, "wecom:CHAT");
}

TEST(WecomEvent, MissingFieldsAndBadXmlAreErrors) {
  WecomXml xml;
  std::string why;
  EXPECT_FALSE(ParseWecomXml("<xml><ChatId>x</ChatId>", &xml, &why));
  EXPECT_NE(why.find("line 1"), std::string::npos) << why;
  EXPECT_FALSE(ParseWecomXml("<!DOCTYPE x [<!ENTITY a \"b\">]><xml>&a;</xml>", &xml, &why));
  EXPECT_EQ(why, "a document type declaration is not allowed");
  EXPECT_FALSE(ParseWecomXml("not xml at all", &xml, &why));

  WecomChange change;
  ASSERT_TRUE(ParseWecomXml("<xml><Event>change_external_chat</Event><CreateTime>1</CreateTime></xml>", &xml, &why));
  EXPECT_FALSE(ParseWecomChange(xml, &change, &why));
  EXPECT_EQ(why, "ChatId: missing");
  ASSERT_TRUE(ParseWecomXml("<xml><Event>change_external_chat</Event><ChatId>c</ChatId><ChangeType>update</ChangeType>"
                            "<CreateTime>1</CreateTime></xml>", &xml, &why));
  EXPECT_FALSE(ParseWecomChange(xml, &change, &why));
  EXPECT_EQ(why, "UpdateDetail: missing");
}

}  // namespace
}  // namespace shoal
