// WeCom callback cryptography (developer.work.weixin.qq.com/document/path/91144):
// msg_signature = sha1 hex of the sorted, concatenated (token, timestamp, nonce, encrypt);
// Encrypt = base64(AES-256-CBC(key, iv = key[0..16), PKCS#7 to 32-byte blocks)) of
// random(16) | msg_len (4 bytes, big-endian) | msg | receiveid, where key =
// base64(EncodingAESKey + "=") and receiveid is the corp id. OpenSSL libcrypto does AES and
// SHA-1 (libsodium has neither); libsodium does base64 and constant-time comparison.
#pragma once
#include <string>
#include <string_view>

namespace shoal {

// EncodingAESKey (43 characters) -> the 32-byte AES key. False with *why when malformed.
bool DecodeWecomAesKey(std::string_view encoding_aes_key, std::string* key, std::string* why);

// Lower-case hex SHA-1 of the four strings sorted and concatenated.
std::string WecomSignature(std::string_view token, std::string_view timestamp, std::string_view nonce,
                           std::string_view encrypt);
// Compares `given` (any hex case) with the signature in constant time.
bool WecomSignatureMatches(std::string_view given, std::string_view token, std::string_view timestamp,
                           std::string_view nonce, std::string_view encrypt);

// Decrypts an Encrypt field and checks that it was meant for `receive_id`. False with *why
// (bad base64, bad length or padding, truncated layout, another corp's message).
bool WecomDecrypt(std::string_view key, std::string_view encrypt_base64, std::string_view receive_id,
                  std::string* message, std::string* why);

}  // namespace shoal
