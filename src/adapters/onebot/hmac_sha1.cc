#include "adapters/onebot/hmac_sha1.h"

#include <boost/beast/core/detail/sha1.hpp>

namespace shoal::onebot {

namespace {

namespace sha = boost::beast::detail;
constexpr size_t kBlock = 64;

std::array<uint8_t, 20> Sha1(std::string_view a, std::string_view b) {
  sha::sha1_context ctx;
  sha::init(ctx);
  sha::update(ctx, a.data(), a.size());
  sha::update(ctx, b.data(), b.size());
  std::array<uint8_t, 20> out;
  sha::finish(ctx, out.data());
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::array<uint8_t, 20> HmacSha1(std::string_view key, std::string_view message) {
  std::string k(key);
  if (k.size() > kBlock) {
    auto digest = Sha1(k, {});
    k.assign(reinterpret_cast<const char*>(digest.data()), digest.size());
  }
  k.resize(kBlock, '\0');
  std::string inner(kBlock, '\0'), outer(kBlock, '\0');
  for (size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  auto h = Sha1(inner, message);
  return Sha1(outer, std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
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
