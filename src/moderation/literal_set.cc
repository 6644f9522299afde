#include "moderation/literal_set.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

#include <hs/hs.h>

namespace shoal {

namespace {

using Database = std::shared_ptr<const hs_database_t>;

// Compiling costs milliseconds per thousand literals and a tenant's policies mostly share the
// built-in lexicon, so compiled databases are shared by literal list while any set uses them.
// A database is read-only during scans; only the scratch space is per set.
class DatabaseCache {
 public:
  static DatabaseCache& Get() {
    static DatabaseCache instance;
    return instance;
  }
  Database Find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return nullptr;
    Database db = it->second.lock();
    if (!db) by_key_.erase(it);
    return db;
  }
  Database Put(const std::string& key, hs_database_t* compiled) {
    Database db(compiled, [](const hs_database_t* d) { hs_free_database(const_cast<hs_database_t*>(d)); });
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = by_key_.begin(); it != by_key_.end();)  // drop entries no set holds any more
      it = it->second.expired() ? by_key_.erase(it) : std::next(it);
    by_key_[key] = db;
    return db;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::weak_ptr<const hs_database_t>> by_key_;
};

// The literal list, unambiguously: each literal with its length, so the key names the ids too.
std::string CacheKey(const std::vector<std::string>& literals) {
  std::string key;
  for (const auto& l : literals) {
    key += std::to_string(l.size());
    key.push_back(':');
    key += l;
  }
  return key;
}

}  // namespace

struct LiteralSet::Impl {
  Database db;
  mutable hs_scratch_t* scratch = nullptr;
  ~Impl() {
    if (scratch) hs_free_scratch(scratch);
  }
};

LiteralSet::LiteralSet() = default;
LiteralSet::~LiteralSet() = default;
LiteralSet::LiteralSet(LiteralSet&&) noexcept = default;
LiteralSet& LiteralSet::operator=(LiteralSet&&) noexcept = default;

bool LiteralSet::Build(const std::vector<std::string>& literals, std::string* why) {
  impl_.reset();
  count_ = 0;
  const std::string key = CacheKey(literals);
  if (Database db = DatabaseCache::Get().Find(key)) return Attach(std::move(db), literals.size(), why);
  std::vector<std::string> patterns;
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < literals.size(); ++i) {
    if (literals[i].empty()) continue;
    std::string p;
    p.reserve(literals[i].size() * 4);
    for (unsigned char c : literals[i]) {  // every byte escaped: a literal, never a regex
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      p += buf;
    }
    patterns.push_back(std::move(p));
    flags.push_back(HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(i));
  }
  count_ = literals.size();
  if (patterns.empty()) return true;
  for (const auto& p : patterns) exprs.push_back(p.c_str());
  hs_database_t* compiled = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &compiled, &err) != HS_SUCCESS) {
    if (why) *why = err && err->message ? err->message : "vectorscan compile failed";
    if (err) hs_free_compile_error(err);
    count_ = 0;
    return false;
  }
  return Attach(DatabaseCache::Get().Put(key, compiled), literals.size(), why);
}

bool LiteralSet::Attach(std::shared_ptr<const hs_database_t> db, size_t count, std::string* why) {
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  if (hs_alloc_scratch(impl->db.get(), &impl->scratch) != HS_SUCCESS) {
    if (why) *why = "vectorscan scratch allocation failed";
    count_ = 0;
    return false;
  }
  impl_ = std::move(impl);
  count_ = count;
  return true;
}

bool LiteralSet::SharesDatabaseWith(const LiteralSet& other) const {
  return impl_ && other.impl_ && impl_->db == other.impl_->db;
}

std::vector<size_t> LiteralSet::Find(std::string_view text) const {
  std::vector<size_t> hits;
  if (!impl_ || !impl_->db || text.empty()) return hits;
  auto on = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
    static_cast<std::vector<size_t>*>(ctx)->push_back(id);
    return 0;
  };
  hs_scan(impl_->db.get(), text.data(), static_cast<unsigned>(text.size()), 0, impl_->scratch, on, &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

void LiteralSet::Scan(std::string_view text, const std::function<void(size_t)>& on_match) const {
  for (size_t i : Find(text)) on_match(i);
}

}  // namespace shoal
