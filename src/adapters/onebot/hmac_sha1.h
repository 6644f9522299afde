// HMAC-SHA1 for OneBot's HTTP POST signature, `X-Signature: sha1=<hex>` over the raw body
// with the configured secret (protocols.md §1.2.2). OpenSSL's libcrypto computes it (linked
// for WeCom's AES and Telegram's TLS; libsodium has no SHA-1).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace shoal::onebot {

std::array<uint8_t, 20> HmacSha1(std::string_view key, std::string_view message);
std::string HmacSha1Hex(std::string_view key, std::string_view message);  // lower-case hex

// Checks an X-Signature header value ("sha1=<hex>", hex in either case) in constant time.
bool VerifySignature(std::string_view secret, std::string_view body, std::string_view header);

}  // namespace shoal::onebot
