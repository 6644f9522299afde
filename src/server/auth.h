// API tokens, roles and community scopes. A token is "shoal_" + 43 base64url characters
// (256 random bits); the config keeps only its BLAKE2b-256 hash, so a leaked config or
// backup grants nothing. Roles are ordered: viewer < operator < admin < owner.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shoal/config.h"

namespace shoal {

enum class ApiRole { kViewer = 0, kOperator = 1, kAdmin = 2, kOwner = 3 };

std::optional<ApiRole> ApiRoleFromName(std::string_view name);
std::string_view ApiRoleName(ApiRole role);

// What one token may do.
struct Grant {
  std::string name;
  ApiRole role = ApiRole::kViewer;
  std::vector<std::string> communities;  // empty = every community

  bool Covers(std::string_view community) const;
  bool tenant_wide() const { return communities.empty(); }
};

// A fresh random token (libsodium's CSPRNG) and its hash as the config stores it.
std::string NewApiToken();
std::string HashApiToken(std::string_view token);

class TokenTable {
 public:
  // Builds the table from config; `auth: false` gives every caller an owner grant.
  explicit TokenTable(const ServerConfig& server);

  // The grant of an "Authorization" header value ("Bearer <token>"), or null when the header
  // is missing, malformed or names no token. *why says which, for the 401 answer.
  const Grant* Authenticate(std::string_view authorization, std::string* why) const;
  bool enabled() const { return enabled_; }
  // The grant of the token called `name`, or null.
  const Grant* Named(std::string_view name) const;

 private:
  bool enabled_;
  Grant open_;  // used when auth is off
  std::unordered_map<std::string, Grant> by_hash_;
};

}  // namespace shoal
