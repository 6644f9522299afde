// Compact binary encoding for state snapshots: varints, strings, doubles.
// Readers fail softly (ok() goes false) on truncated or corrupt input; they never crash.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

// The keys of an unordered map, sorted: snapshots iterate these so equal state writes equal bytes.
template <class Map>
std::vector<typename Map::key_type> SortedKeys(const Map& m) {
  std::vector<typename Map::key_type> keys;
  keys.reserve(m.size());
  for (const auto& kv : m) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

class SnapshotWriter {
 public:
  void U64(uint64_t v);
  void I64(int64_t v) { U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bool(bool v) { U64(v ? 1 : 0); }
  void F64(double v);
  void Str(std::string_view s);
  const std::string& data() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view in) : in_(in) {}
  uint64_t U64();
  int64_t I64() {
    uint64_t u = U64();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  bool Bool() { return U64() != 0; }
  double F64();
  std::string Str();
  // A count about to size a container: bounded by what is left, so corrupt input cannot ask for gigabytes.
  uint64_t Count();
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  void Fail() { ok_ = false; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace shoal
