// QR codes for invite links: libqrencode builds the module matrix; this file
// draws it as SVG (one path, crisp edges) or as a 1-bit grayscale PNG (zlib
// deflates the rows and computes the chunk CRCs). Pure functions, no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

// A square of modules, row-major, true = dark.
struct QrMatrix {
  int size = 0;     // modules per side (21 for version 1, +4 per version)
  int version = 0;  // 1..40
  std::vector<uint8_t> dark;
  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes text as 8-bit bytes with error correction level M (15% damage survives:
// posters get scuffed). Null with *why when the text is empty or too long for version 40.
std::optional<QrMatrix> EncodeQr(std::string_view text, std::string* why = nullptr);

struct QrStyle {
  int scale = 8;   // pixels (PNG) or user units (SVG) per module
  int margin = 4;  // quiet zone in modules; scanners need 4
};

std::string QrToSvg(const QrMatrix& m, const QrStyle& style = {});
std::string QrToPng(const QrMatrix& m, const QrStyle& style = {});

}  // namespace shoal
