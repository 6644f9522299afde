#include "adapters/onebot/hmac_sha1.h"

#include <gtest/gtest.h>

namespace shoal::onebot {
namespace {

TEST(HmacSha1Test, Rfc2202Vectors) {
  EXPECT_EQ(HmacSha1Hex(std::string(20, '\x0b'), "Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(HmacSha1Hex("Jefe", "what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  // A key longer than the block is hashed first.
  EXPECT_EQ(HmacSha1Hex(std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(HmacSha1Test, OneBotSignatureEitherCase) {
  // protocols.md §1.2.2
  const std::string body =
      R"({"time":1715000000,"self_id":10001000,"post_type":"notice","notice_type":"group_increase","sub_type":"approve","group_id":123456789,"operator_id":10002000,"user_id":10003000})";
  EXPECT_EQ(HmacSha1Hex("s3cr3t", body), "f1f089eaeb6c6d9617f4542ef817f940a6c828c7");
  EXPECT_TRUE(VerifySignature("s3cr3t", body, "sha1=f1f089eaeb6c6d9617f4542ef817f940a6c828c7"));
  EXPECT_TRUE(VerifySignature("s3cr3t", body, "sha1=F1F089EAEB6C6D9617F4542EF817F940A6C828C7"));  // Lagrange
  EXPECT_FALSE(VerifySignature("s3cr3t", body + " ", "sha1=f1f089eaeb6c6d9617f4542ef817f940a6c828c7"));
  EXPECT_FALSE(VerifySignature("other", body, "sha1=f1f089eaeb6c6d9617f4542ef817f940a6c828c7"));
  EXPECT_FALSE(VerifySignature("s3cr3t", body, "sha1=f1f089eaeb6c6d9617f4542ef817f940a6c828c"));
  EXPECT_FALSE(VerifySignature("s3cr3t", body, "md5=f1f089eaeb6c6d9617f4542ef817f940a6c828c7"));
  EXPECT_FALSE(VerifySignature("s3cr3t", body, "sha1=g1f089eaeb6c6d9617f4542ef817f940a6c828c7"));
  EXPECT_FALSE(VerifySignature("s3cr3t", body, ""));
}

}  // namespace
}  // namespace shoal::onebot
