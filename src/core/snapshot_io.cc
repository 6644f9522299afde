#include "shoal/snapshot_io.h"

namespace shoal {

void SnapshotWriter::U64(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void SnapshotWriter::F64(double v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out_.append(b, 8);
}

void SnapshotWriter::Str(std::string_view s) {
  U64(s.size());
  out_.append(s.data(), s.size());
}

uint64_t SnapshotReader::U64() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= in_.size()) {
      ok_ = false;
      return 0;
    }
    uint8_t b = static_cast<uint8_t>(in_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  ok_ = false;
  return 0;
}

double SnapshotReader::F64() {
  if (pos_ + 8 > in_.size()) {
    ok_ = false;
    return 0;
  }
  double v;
  std::memcpy(&v, in_.data() + pos_, 8);
  pos_ += 8;
  return v;
}

std::string SnapshotReader::Str() {
  uint64_t n = U64();
  if (!ok_ || n > in_.size() - pos_) {
    ok_ = false;
    return {};
  }
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

uint64_t SnapshotReader::Count() {
  uint64_t n = U64();
  if (n > in_.size() - pos_) {  // every element takes at least one byte
    ok_ = false;
    return 0;
  }
  return n;
}

}  // namespace shoal
