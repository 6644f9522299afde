// Dashboard login sessions. A session id is 256 random bits (base64url), stored only as its
// hash, with an absolute expiry and a CSRF token that every state-changing request made with
// the session cookie must repeat in X-CSRF-Token. Forged, expired and logged-out ids are simply
// unknown. With Persist() the table survives a restart: every login and logout rewrites a file
// (hashes only, written atomically), and a session whose token was removed from the config is
// not restored. Thread-safe. Time and randomness are injected.
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/auth.h"
#include "shoal/time.h"

namespace shoal {

inline constexpr std::string_view kSessionCookie = "shoal_session";

class SessionTable {
 public:
  using RandomBytes = std::function<void(unsigned char* buf, size_t n)>;
  // `random` null: libsodium's randombytes_buf. At most `capacity` live sessions: the
  // oldest is dropped first, so a login flood cannot grow memory without bound.
  SessionTable(const Clock* clock, Micros ttl, RandomBytes random = nullptr, size_t capacity = 10000);

  struct Created {
    std::string id;    // the cookie value
    std::string csrf;  // the token the client repeats in X-CSRF-Token
    Micros expires = 0;
  };
  // `grant` must outlive the table (it points into the Api's TokenTable).
  Created Create(const Grant* grant);

  // The session's grant, or null when the id is unknown or expired; *csrf (if given) its CSRF token.
  const Grant* Find(std::string_view id, std::string* csrf = nullptr) const;
  // True when `token` is this session's CSRF token (constant-time compare).
  bool CheckCsrf(std::string_view id, std::string_view token) const;
  // Forgets a session (logout); false when it was not known.
  bool Remove(std::string_view id);
  size_t size() const;

  // Resolves a token name to its grant (null: the token is gone from the config).
  using GrantByName = std::function<const Grant*(std::string_view name)>;
  // Loads the live sessions saved in `path` (missing file: none) and saves every change there
  // from now on. False with *why when the file exists but cannot be read; a malformed line is
  // skipped and counted in *skipped.
  bool Persist(const std::string& path, GrantByName grants, size_t* skipped, std::string* why);

 private:
  struct Entry {
    const Grant* grant = nullptr;
    std::string csrf;
    Micros created = 0, expires = 0;
  };
  std::string NewSecret();
  void DropExpired(Micros now);
  void SaveLocked() const;  // rewrites path_ (mu_ held); a failure is logged, the session stays

  const Clock* clock_;
  Micros ttl_;
  RandomBytes random_;
  size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> by_hash_;  // HashApiToken(id) -> entry
  std::string path_;                                // empty: memory only
};

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string_view CookieValue(std::string_view header, std::string_view name);

}  // namespace shoal
