#include "adapters/wecom/wecom_adapter.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(WecomAdapter, SendsNeedAHumanAndModerationIsUnsupported) {
  WecomAdapter adapter;
  EXPECT_EQ(adapter.platform(), "wecom");
  EXPECT_TRUE(adapter.capabilities().sends_need_human);
  for (ActionType t : {ActionType::kKick, ActionType::kMute, ActionType::kDelete, ActionType::kApprove,
                       ActionType::kSetCard, ActionType::kDm}) {
    EXPECT_FALSE(Supports(adapter.capabilities(), t)) << ActionTypeName(t);
  }
  Action send;
  send.type = ActionType::kSend;
  send.group = "wecom:wrCHAT";
  send.text = "weekly digest";
  DeliveryResult r = adapter.Deliver(send);
  EXPECT_EQ(r.code, DeliveryResult::Code::kUnsupported);
  EXPECT_NE(r.detail.find("wecom:wrCHAT"), std::string::npos);
  EXPECT_NE(r.detail.find("confirm"), std::string::npos);
  Action kick = send;
  kick.type = ActionType::kKick;
  EXPECT_EQ(adapter.Deliver(kick).code, DeliveryResult::Code::kUnsupported);
}

TEST(WecomAdapter, JoinWayCarriesTheInviteCodeAsState) {
  JoinWaySpec spec;
  spec.code = "spring-qr";
  spec.groups = {"wecom:wrA", "wecom:wrB"};
  spec.room_base_name = "销售客服群";
  spec.room_base_id = 10;
  spec.remark = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十多余";
  nlohmann::json body;
  std::string why;
  ASSERT_TRUE(AddJoinWayRequest(spec, &body, &why)) << why;
  EXPECT_EQ(body["scene"], 2);
  EXPECT_EQ(body["state"], "spring-qr");
  EXPECT_EQ(body["auto_create_room"], 1);
  EXPECT_EQ(body["chat_id_list"], nlohmann::json::array({"wrA", "wrB"}));
  EXPECT_EQ(body["room_base_name"], "销售客服群");
  EXPECT_EQ(body["room_base_id"], 10);
  EXPECT_EQ(body["remark"].get<std::string>().size(), 90u);  // 30 characters of 3 bytes each

  spec.auto_create_room = false;
  ASSERT_TRUE(AddJoinWayRequest(spec, &body, &why));
  EXPECT_EQ(body["auto_create_room"], 0);
  EXPECT_FALSE(body.contains("room_base_name"));

  spec.code = std::string(31, 'x');
  EXPECT_FALSE(AddJoinWayRequest(spec, &body, &why));
  spec.code = "ok";
  spec.groups = {"wecom:1", "wecom:2", "wecom:3", "wecom:4", "wecom:5", "wecom:6"};
  EXPECT_FALSE(AddJoinWayRequest(spec, &body, &why));
  spec.groups = {"qq:1"};
  EXPECT_FALSE(AddJoinWayRequest(spec, &body, &why));
  EXPECT_NE(why.find("qq:1"), std::string::npos);
}

}  // namespace
}  // namespace shoal
