#include "server/session.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

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
  SaveLocked();
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
  if (by_hash_.erase(key) == 0) return false;
  SaveLocked();
  return true;
}

bool SessionTable::Persist(const std::string& path, GrantByName grants, size_t* skipped, std::string* why) {
  *skipped = 0;
  std::lock_guard lock(mu_);
  path_ = path;
  std::ifstream in(path);
  if (!in) {
    if (access(path.c_str(), F_OK) != 0) return true;  // first start: nothing saved yet
    *why = "cannot read " + path;
    return false;
  }
  Micros now = clock_->Now();
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    bool well_formed = j.is_object() && j.contains("hash") && j["hash"].is_string() && j.contains("token") &&
                       j["token"].is_string() && j.contains("csrf") && j["csrf"].is_string() &&
                       j.contains("created") && j["created"].is_number_integer() && j.contains("expires") &&
                       j["expires"].is_number_integer();
    if (!well_formed) {
      ++*skipped;
      continue;
    }
    Entry e{.grant = grants(j["token"].get<std::string>()),
            .csrf = j["csrf"].get<std::string>(),
            .created = j["created"].get<Micros>(),
            .expires = j["expires"].get<Micros>()};
    if (!e.grant || e.expires <= now) continue;  // revoked token or expired: the session ends
    if (by_hash_.size() < capacity_) by_hash_[j["hash"].get<std::string>()] = std::move(e);
  }
  return true;
}

void SessionTable::SaveLocked() const {
  if (path_.empty()) return;
  std::string body;
  for (const auto& [hash, e] : by_hash_) {
    body += nlohmann::json{{"hash", hash}, {"token", e.grant->name}, {"csrf", e.csrf}, {"created", e.created},
                           {"expires", e.expires}}.dump();
    body += '\n';
  }
  // Write beside, fsync, rename: a crash leaves the old file or the new one, never half of one.
  std::string tmp = path_ + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  for (size_t off = 0; ok && off < body.size();) {
    ssize_t n = write(fd, body.data() + off, body.size() - off);
    if (n <= 0) ok = false;
    else off += static_cast<size_t>(n);
  }
  if (ok) ok = fsync(fd) == 0;
  if (fd >= 0) close(fd);
  if (ok) ok = std::rename(tmp.c_str(), path_.c_str()) == 0;
  if (!ok) spdlog::warn("cannot save login sessions to {}: they will not survive a restart", path_);
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
