// Test helper (header-only, not part of the product): the sending side of WeCom's callback
// scheme, written independently of the receiver so a round trip checks both. It encrypts as
// WeCom does (random | big-endian length | message | receiveid, PKCS#7 to 32, AES-256-CBC with
// iv = key[0..16)) and signs the result.
#pragma once
#include <memory>
#include <string>

#include <openssl/evp.h>
#include <sodium.h>

#include "adapters/wecom/wecom_callback.h"
#include "adapters/wecom/wecom_crypto.h"

namespace shoal::testing {

// A fixed EncodingAESKey: base64 of 32 known bytes without its trailing "=".
inline std::string TestEncodingAesKey() {
  unsigned char raw[32];
  for (int i = 0; i < 32; ++i) raw[i] = static_cast<unsigned char>(i * 7 + 3);
  char b64[64];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
  std::string key(b64);
  return key.substr(0, 43);
}

inline std::string WecomEncryptForTest(const std::string& encoding_aes_key, const std::string& message,
                                       const std::string& receive_id, const std::string& random16 = "0123456789abcdef") {
  unsigned char key[32];
  size_t key_len = 0;
  std::string padded_key = encoding_aes_key + "=";
  sodium_base642bin(key, sizeof key, padded_key.data(), padded_key.size(), nullptr, &key_len, nullptr,
                    sodium_base64_VARIANT_ORIGINAL);
  std::string plain = random16;
  uint32_t n = static_cast<uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8) plain.push_back(static_cast<char>((n >> shift) & 0xFF));
  plain += message;
  plain += receive_id;
  size_t pad = 32 - plain.size() % 32;
  plain.append(pad, static_cast<char>(pad));
  std::string cipher(plain.size() + 32, '\0');
  int out = 0, tail = 0;
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key, key);
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()), &out,
                    reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()) + out, &tail);
  cipher.resize(static_cast<size_t>(out + tail));
  std::string b64(sodium_base64_ENCODED_LEN(cipher.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(cipher.data()), cipher.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.resize(b64.find('\0'));
  return b64;
}

// A signed POST as WeCom sends it: the query and the envelope body.
struct SignedCallback {
  WecomQuery query;
  std::string body;
};
inline SignedCallback SignCallback(const WecomOptions& options, const std::string& xml,
                                   const std::string& receive_id) {
  SignedCallback c;
  std::string encrypt = WecomEncryptForTest(options.aes_key, xml, receive_id);
  c.query.timestamp = "1409659813";
  c.query.nonce = "1372623149";
  c.query.msg_signature = WecomSignature(options.token, c.query.timestamp, c.query.nonce, encrypt);
  c.body = "<xml><ToUserName><![CDATA[" + receive_id + "]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID>"
           "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
  return c;
}

}  // namespace shoal::testing
