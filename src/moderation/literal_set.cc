#include "moderation/literal_set.h"

#include <algorithm>
#include <cstdio>

#include <hs/hs.h>

namespace shoal {

struct LiteralSet::Impl {
  hs_database_t* db = nullptr;
  mutable hs_scratch_t* scratch = nullptr;
  ~Impl() {
    if (scratch) hs_free_scratch(scratch);
    if (db) hs_free_database(db);
  }
};

LiteralSet::LiteralSet() = default;
LiteralSet::~LiteralSet() = default;
LiteralSet::LiteralSet(LiteralSet&&) noexcept = default;
LiteralSet& LiteralSet::operator=(LiteralSet&&) noexcept = default;

bool LiteralSet::Build(const std::vector<std::string>& literals, std::string* why) {
  impl_.reset();
  count_ = 0;
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
  auto impl = std::make_unique<Impl>();
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &impl->db, &err) != HS_SUCCESS) {
    if (why) *why = err && err->message ? err->message : "vectorscan compile failed";
    if (err) hs_free_compile_error(err);
    count_ = 0;
    return false;
  }
  if (hs_alloc_scratch(impl->db, &impl->scratch) != HS_SUCCESS) {
    if (why) *why = "vectorscan scratch allocation failed";
    count_ = 0;
    return false;
  }
  impl_ = std::move(impl);
  return true;
}

std::vector<size_t> LiteralSet::Find(std::string_view text) const {
  std::vector<size_t> hits;
  if (!impl_ || !impl_->db || text.empty()) return hits;
  auto on = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
    static_cast<std::vector<size_t>*>(ctx)->push_back(id);
    return 0;
  };
  hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, impl_->scratch, on, &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

void LiteralSet::Scan(std::string_view text, const std::function<void(size_t)>& on_match) const {
  for (size_t i : Find(text)) on_match(i);
}

}  // namespace shoal
