// Fuzz targets: functions over arbitrary bytes that must not crash, hang or break their
// own invariants (a failed invariant aborts). Each `*_fuzz.cc` defines one with
// SHOAL_FUZZ_TARGET. The normal build links them into shoal_tests, where a test runs each
// over its kept corpus and crashers (tests/fuzz/); the clang build (-DSHOAL_FUZZ=ON) turns
// each into a libFuzzer binary.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace shoal {

using FuzzFunction = void (*)(const uint8_t* data, size_t size);

bool RegisterFuzzTarget(const char* name, FuzzFunction fn);
const std::map<std::string, FuzzFunction>& FuzzTargets();

}  // namespace shoal

// An invariant of the code under test; aborts with the condition so libFuzzer keeps the input.
#define FUZZ_CHECK(cond)                                                         \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                              \
    }                                                                            \
  } while (0)

#ifdef SHOAL_FUZZ_ENTRY
#define SHOAL_FUZZ_TARGET(name)                                               \
  static void name##_fuzz(const uint8_t* data, size_t size);                  \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {   \
    name##_fuzz(data, size);                                                  \
    return 0;                                                                 \
  }                                                                           \
  static void name##_fuzz(const uint8_t* data, size_t size)
#else
#define SHOAL_FUZZ_TARGET(name)                                                          \
  static void name##_fuzz(const uint8_t* data, size_t size);                             \
  [[maybe_unused]] static const bool name##_fuzz_registered =                            \
      ::shoal::RegisterFuzzTarget(#name, name##_fuzz);                                   \
  static void name##_fuzz(const uint8_t* data, size_t size)
#endif
