#include "adapters/wecom/wecom_crypto.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <vector>

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sodium.h>

namespace shoal {

namespace {

bool Fail(std::string* why, std::string message) {
  if (why) *why = std::move(message);
  return false;
}

bool Base64Decode(std::string_view text, std::string* out) {
  out->assign(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out->data()), out->size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out->resize(len);
  return true;
}

}  // namespace

bool DecodeWecomAesKey(std::string_view encoding_aes_key, std::string* key, std::string* why) {
  if (encoding_aes_key.size() != 43) {
    return Fail(why, "EncodingAESKey must be 43 characters, not " + std::to_string(encoding_aes_key.size()));
  }
  std::string padded(encoding_aes_key);
  padded += '=';
  if (!Base64Decode(padded, key) || key->size() != 32) return Fail(why, "EncodingAESKey is not base64 of 32 bytes");
  return true;
}

std::string WecomSignature(std::string_view token, std::string_view timestamp, std::string_view nonce,
                           std::string_view encrypt) {
  std::array<std::string_view, 4> parts = {token, timestamp, nonce, encrypt};
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (auto p : parts) joined.append(p);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

bool WecomSignatureMatches(std::string_view given, std::string_view token, std::string_view timestamp,
                           std::string_view nonce, std::string_view encrypt) {
  std::string expected = WecomSignature(token, timestamp, nonce, encrypt);
  if (given.size() != expected.size()) return false;
  std::string lower(given);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return sodium_memcmp(lower.data(), expected.data(), expected.size()) == 0;
}

bool WecomDecrypt(std::string_view key, std::string_view encrypt_base64, std::string_view receive_id,
                  std::string* message, std::string* why) {
  if (key.size() != 32) return Fail(why, "the AES key must be 32 bytes");
  std::string cipher;
  if (!Base64Decode(encrypt_base64, &cipher)) return Fail(why, "Encrypt is not valid base64");
  if (cipher.empty() || cipher.size() % 32 != 0) {
    return Fail(why, "Encrypt decodes to " + std::to_string(cipher.size()) + " bytes, not a multiple of 32");
  }
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  std::string plain(cipher.size() + 32, '\0');
  int n = 0, tail = 0;
  // WeCom pads to 32-byte blocks, which OpenSSL's 16-byte PKCS#7 check would refuse: unpad by hand.
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, k, k) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n,
                        reinterpret_cast<const unsigned char*>(cipher.data()), static_cast<int>(cipher.size())) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + n, &tail) != 1) {
    return Fail(why, "AES decryption failed");
  }
  plain.resize(static_cast<size_t>(n + tail));
  unsigned pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > 32 || pad > plain.size()) return Fail(why, "bad padding (wrong key?)");
  for (size_t i = plain.size() - pad; i < plain.size(); ++i) {
    if (static_cast<unsigned char>(plain[i]) != pad) return Fail(why, "bad padding (wrong key?)");
  }
  plain.resize(plain.size() - pad);
  if (plain.size() < 20) return Fail(why, "the decrypted message is too short");
  uint32_t len = 0;
  for (int i = 16; i < 20; ++i) len = (len << 8) | static_cast<unsigned char>(plain[i]);
  if (len > plain.size() - 20) return Fail(why, "the decrypted length field runs past the end");
  std::string_view receiver = std::string_view(plain).substr(20 + len);
  if (receiver != receive_id) {
    return Fail(why, "the message is for receiver '" + std::string(receiver) + "', not this corp");
  }
  *message = plain.substr(20, len);
  return true;
}

}  // namespace shoal
