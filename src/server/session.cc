#include "server/session.h"

#include <sodium.h>

namespace shoal {

namespace {

std::string Base64Url(const unsigned char* bytes, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

SessionTable::SessionTable(const Clock* clock, Micros ttl, RandomBytes random, size_t capacity)
    : clock_(clock), ttl_(ttl), random_(std::move(random)), capacity_(capacity < 1 ? 1 : capacity) {
  if (!random_) {
    if (sodium_init() < 0) std::abort();  // no CSPRNG: refuse to hand out guessable sessions
    random_ = [](unsigned char* buf, size_t n) { randombytes_buf(buf, n); };
  }
}

std::string SessionTable::NewSecret() {
  unsigned char bytes[32];
  random_(bytes, sizeof bytes);
  return Base64Url(bytes, sizeof bytes);
}

void SessionTable::DropExpired(Micros now) {
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (it->second.expires <= now) it = by_hash_.erase(it);
    else ++it;
  }
}

SessionTable::Created SessionTable::Create(const Grant* grant) {
  Created c{.id = NewSecret(), .csrf = NewSecret(), .expires = clock_->Now() + ttl_};
  Micros now = clock_->Now();
  std::lock_guard lock(mu_);
  if (by_hash_.size() >= capacity_) DropExpired(now);
  while (by_hash_.size() >= capacity_) {
    auto oldest = by_hash_.begin();
    for (auto it = by_hash_.begin(); it != by_hash_.end(); ++it)
      if (it->second.created < oldest->second.created) oldest = it;
    by_hash_.erase(oldest);
  }
  by_hash_[HashApiToken(c.id)] = Entry{.grant = grant, .csrf = c.csrf, .created = now, .expires = c.expires};
  return c;
}

const Grant* SessionTable::Find(std::string_view id, std::string* csrf) const {
  if (id.empty()) return nullptr;
  std::string key = HashApiToken(id);  // the table never sees the raw id: no timing on its bytes
  std::lock_guard lock(mu_);
  auto it = by_hash_.find(key);
  if (it == by_hash_.end() || it->second.expires <= clock_->Now()) return nullptr;
  if (csrf) *csrf = it->second.csrf;
  return it->second.grant;
}

bool SessionTable::CheckCsrf(std::string_view id, std::string_view token) const {
  std::string want;
  if (!Find(id, &want)) return false;
  if (token.size() != want.size()) return false;
  return sodium_memcmp(token.data(), want.data(), want.size()) == 0;
}

bool SessionTable::Remove(std::string_view id) {
  std::string key = HashApiToken(id);
  std::lock_guard lock(mu_);
  return by_hash_.erase(key) > 0;
}

size_t SessionTable::size() const {
  std::lock_guard lock(mu_);
  return by_hash_.size();
}

std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return {};
}

}  // namespace shoal
