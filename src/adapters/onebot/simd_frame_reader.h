// Reads an event frame's fields with simdjson's validating DOM parser, reusing its buffers
// from frame to frame: several times quicker than nlohmann for the frames NapCat pushes.
// (simdjson On-Demand would be quicker still, but it skips unread fields without checking
// them, and a malformed frame must be refused whatever field is broken.) Read returns false
// when the frame is not JSON or holds something whose reading by nlohmann it would not
// reproduce exactly (a float or 64-bit unsigned where an id or text is read, a non-string
// segment value, nesting deeper than simdjson's limit): the caller then takes the DOM path,
// so both paths always agree. One reader per thread.
#pragma once
#include <memory>
#include <string_view>

#include "adapters/onebot/frame_fields.h"

namespace shoal::onebot {

class SimdFrameReader {
 public:
  SimdFrameReader();
  ~SimdFrameReader();
  SimdFrameReader(const SimdFrameReader&) = delete;
  SimdFrameReader& operator=(const SimdFrameReader&) = delete;

  bool Read(std::string_view frame, FrameFields* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shoal::onebot
