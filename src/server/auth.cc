#include "server/auth.h"

#include <algorithm>

#include <sodium.h>

namespace shoal {

namespace {

constexpr std::string_view kTokenPrefix = "shoal_";
constexpr std::string_view kHashPrefix = "blake2b-256:";

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

std::optional<ApiRole> ApiRoleFromName(std::string_view name) {
  if (name == "viewer") return ApiRole::kViewer;
  if (name == "operator") return ApiRole::kOperator;
  if (name == "admin") return ApiRole::kAdmin;
  if (name == "owner") return ApiRole::kOwner;
  return std::nullopt;
}

std::string_view ApiRoleName(ApiRole role) {
  switch (role) {
    case ApiRole::kViewer: return "viewer";
    case ApiRole::kOperator: return "operator";
    case ApiRole::kAdmin: return "admin";
    case ApiRole::kOwner: return "owner";
  }
  return "viewer";
}

bool Grant::Covers(std::string_view community) const {
  return communities.empty() || std::find(communities.begin(), communities.end(), community) != communities.end();
}

std::string NewApiToken() {
  if (!SodiumReady()) return "";
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  char encoded[sodium_base64_ENCODED_LEN(sizeof secret, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, secret, sizeof secret, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(secret, sizeof secret);
  return std::string(kTokenPrefix) + encoded;
}

std::string HashApiToken(std::string_view token) {
  SodiumReady();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(kHashPrefix) + hex;
}

TokenTable::TokenTable(const ServerConfig& server) : enabled_(server.auth) {
  open_.name = "auth-off";
  open_.role = ApiRole::kOwner;
  for (const auto& t : server.tokens) {
    Grant g;
    g.name = t.name;
    g.role = ApiRoleFromName(t.role).value_or(ApiRole::kViewer);
    g.communities = t.communities;
    by_hash_.emplace(t.hash, std::move(g));
  }
}

const Grant* TokenTable::Named(std::string_view name) const {
  if (!enabled_) return name == open_.name ? &open_ : nullptr;
  for (const auto& [hash, grant] : by_hash_)
    if (grant.name == name) return &grant;
  return nullptr;
}

const Grant* TokenTable::Authenticate(std::string_view authorization, std::string* why) const {
  if (!enabled_) return &open_;
  if (authorization.empty()) {
    *why = "missing API token: send the header `Authorization: Bearer <token>`";
    return nullptr;
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (!authorization.starts_with(kBearer)) {
    *why = "malformed Authorization header: expected `Bearer <token>`";
    return nullptr;
  }
  std::string_view token = authorization.substr(kBearer.size());
  // Only the hash is compared: lookup time depends on the hash, never on how much of the secret matched.
  auto it = token.starts_with(kTokenPrefix) ? by_hash_.find(HashApiToken(token)) : by_hash_.end();
  if (it == by_hash_.end()) {
    *why = "invalid API token";
    return nullptr;
  }
  return &it->second;
}

}  // namespace shoal
