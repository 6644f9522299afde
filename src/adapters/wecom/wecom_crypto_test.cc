#include "adapters/wecom/wecom_crypto.h"

#include <gtest/gtest.h>

#include "adapters/wecom/wecom_testing.h"

namespace shoal {
namespace {

TEST(WecomCrypto, SignatureMatchesTheReferenceVector) {
  // protocols.md §3.7: computed independently with made-up inputs.
  EXPECT_EQ(WecomSignature("QDG6eK", "1409659813", "1372623149", "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo"),
            "65664ba4ebf14da066e746a9e3aa9aac1f19e4ef");
  EXPECT_TRUE(WecomSignatureMatches("65664BA4EBF14DA066E746A9E3AA9AAC1F19E4EF", "QDG6eK", "1409659813", "1372623149",
                                    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo"));
  EXPECT_FALSE(WecomSignatureMatches("65664ba4ebf14da066e746a9e3aa9aac1f19e4ee", "QDG6eK", "1409659813", "1372623149",
                                     "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo"));
  EXPECT_FALSE(WecomSignatureMatches("", "QDG6eK", "1409659813", "1372623149", "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo"));
}

TEST(WecomCrypto, AesKeyMustBe43CharactersOfBase64) {
  std::string key, why;
  ASSERT_TRUE(DecodeWecomAesKey(testing::TestEncodingAesKey(), &key, &why)) << why;
  ASSERT_EQ(key.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(key[1]), 10u);  // 1 * 7 + 3
  EXPECT_FALSE(DecodeWecomAesKey("short", &key, &why));
  EXPECT_NE(why.find("43"), std::string::npos);
  EXPECT_FALSE(DecodeWecomAesKey(std::string(42, 'A') + "!", &key, &why));
}

TEST(WecomCrypto, RoundTripAndCorpCheck) {
  std::string encoding = testing::TestEncodingAesKey(), key, why;
  ASSERT_TRUE(DecodeWecomAesKey(encoding, &key, &why));
  for (std::string message : {std::string(), std::string("hi"), std::string(12, 'x'), std::string(1000, 'y'),
                              std::string("客户群 <xml/>")}) {
    std::string cipher = testing::WecomEncryptForTest(encoding, message, "ww55ca070cb9b7eb22");
    std::string plain;
    ASSERT_TRUE(WecomDecrypt(key, cipher, "ww55ca070cb9b7eb22", &plain, &why)) << why;
    EXPECT_EQ(plain, message);
    EXPECT_FALSE(WecomDecrypt(key, cipher, "wwOTHERCORP", &plain, &why));
    EXPECT_NE(why.find("not this corp"), std::string::npos);
  }
  std::string other_key(32, 'k');
  std::string plain;
  EXPECT_FALSE(WecomDecrypt(other_key, testing::WecomEncryptForTest(encoding, "secret", "ww1"), "ww1", &plain, &why));
  EXPECT_FALSE(WecomDecrypt(key, "not base64!!", "ww1", &plain, &why));
  EXPECT_FALSE(WecomDecrypt(key, "AAAA", "ww1", &plain, &why));  // 3 bytes: not whole blocks
  EXPECT_NE(why.find("multiple of 32"), std::string::npos);
}

}  // namespace
}  // namespace shoal
