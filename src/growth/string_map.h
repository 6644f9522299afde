// A hash map from strings that looks up by string_view without building a
// std::string: the growth features keep per-member state keyed by member id and
// look it up on every message. Iteration order is unspecified: sort the keys
// (SortedKeys in shoal/snapshot_io.h) before anything reaches a snapshot.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace shoal {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

}  // namespace shoal
