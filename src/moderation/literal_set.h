// Many literal strings matched at once in one pass (vectorscan), for the built-in
// lexicons and the operator's keyword lists: thousands of words cost about as much as one.
// Not thread-safe: one LiteralSet per thread (it owns its scratch space). Sets built from the
// same literal list share one compiled database, so a hundred policies compile it once.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;  // vectorscan's compiled database

namespace shoal {

class LiteralSet {
 public:
  LiteralSet();
  ~LiteralSet();
  LiteralSet(LiteralSet&&) noexcept;
  LiteralSet& operator=(LiteralSet&&) noexcept;

  // Compiles the literals (byte-exact; callers normalise them first). Returns false with *why
  // when the database cannot be built. An empty list is valid and matches nothing.
  bool Build(const std::vector<std::string>& literals, std::string* why = nullptr);
  // Calls on_match(index) once for each literal that occurs in text, in ascending index order.
  void Scan(std::string_view text, const std::function<void(size_t)>& on_match) const;
  // Indices of the literals found in text, ascending.
  std::vector<size_t> Find(std::string_view text) const;
  size_t size() const { return count_; }
  // True when both sets scan with the same compiled database (built from the same list).
  bool SharesDatabaseWith(const LiteralSet& other) const;

 private:
  bool Attach(std::shared_ptr<const hs_database> db, size_t count, std::string* why);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  size_t count_ = 0;
};

}  // namespace shoal
