#include "adapters/onebot/hmac_sha1.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace shoal::onebot {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::array<uint8_t, 20> HmacSha1(std::string_view key, std::string_view message) {
  std::array<uint8_t, 20> out{};
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), out.data(), &len);
  return out;
}

std::string HmacSha1Hex(std::string_view key, std::string_view message) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : HmacSha1(key, message)) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

bool VerifySignature(std::string_view secret, std::string_view body, std::string_view header) {
  constexpr std::string_view kPrefix = "sha1=";
  if (!header.starts_with(kPrefix) || header.size() != kPrefix.size() + 40) return false;
  header.remove_prefix(kPrefix.size());
  auto want = HmacSha1(secret, body);
  uint8_t diff = 0;  // every byte compared, whatever differs first
  bool bad_hex = false;
  for (size_t i = 0; i < 20; ++i) {
    int hi = HexValue(header[2 * i]), lo = HexValue(header[2 * i + 1]);
    bad_hex |= hi < 0 || lo < 0;
    diff |= static_cast<uint8_t>(((hi & 15) << 4 | (lo & 15)) ^ want[i]);
  }
  return !bad_hex && diff == 0;
}

}  // namespace shoal::onebot
