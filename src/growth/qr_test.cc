#include "growth/qr.h"

#include <zlib.h>

#include <gtest/gtest.h>

namespace shoal {
namespace {

uint32_t U32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// A finder pattern: 7x7 dark ring, white ring, 3x3 dark centre.
bool FinderAt(const QrMatrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m.At(x0 + x, y0 + y) != (ring || centre)) return false;
    }
  return true;
}

TEST(Qr, EncodesALinkWithFinderPatterns) {
  std::string why;
  auto m = EncodeQr("https://join.example.com/i/poster-2026", &why);
  ASSERT_TRUE(m) << why;
  EXPECT_EQ(m->size, 17 + 4 * m->version);
  EXPECT_TRUE(FinderAt(*m, 0, 0));
  EXPECT_TRUE(FinderAt(*m, m->size - 7, 0));
  EXPECT_TRUE(FinderAt(*m, 0, m->size - 7));
  // Longer text needs a bigger symbol.
  auto big = EncodeQr(std::string(500, 'x'));
  ASSERT_TRUE(big);
  EXPECT_GT(big->version, m->version);
}

TEST(Qr, RefusesEmptyAndOversizedText) {
  std::string why;
  EXPECT_FALSE(EncodeQr("", &why));
  EXPECT_NE(why.find("empty"), std::string::npos);
  EXPECT_FALSE(EncodeQr(std::string(5000, 'x'), &why));
  EXPECT_NE(why.find("too long"), std::string::npos) << why;
}

TEST(Qr, SvgDrawsEveryDarkModuleOnce) {
  auto m = EncodeQr("hello");
  ASSERT_TRUE(m);
  std::string svg = QrToSvg(*m, {.scale = 4, .margin = 4});
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  int side = m->size + 8;
  EXPECT_NE(svg.find("viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) + "\""), std::string::npos);
  // Sum of run lengths in the path equals the number of dark modules.
  int dark = 0;
  for (uint8_t d : m->dark) dark += d;
  int drawn = 0;
  for (size_t at = svg.find('h'); at != std::string::npos; at = svg.find('h', at + 1)) {
    if (svg[at + 1] == '-' || !std::isdigit(static_cast<unsigned char>(svg[at + 1]))) continue;
    drawn += std::stoi(svg.substr(at + 1));
  }
  EXPECT_EQ(drawn, dark);
}

TEST(Qr, PngIsAValidOneBitImageOfTheMatrix) {
  auto m = EncodeQr("https://t.me/+abc");
  ASSERT_TRUE(m);
  const QrStyle style{.scale = 3, .margin = 4};
  std::string png = QrToPng(*m, style);
  ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const uint32_t side = (m->size + 8) * 3;
  // Walk the chunks, checking each CRC and gathering IDAT.
  size_t at = 8;
  std::string idat;
  std::vector<std::string> types;
  while (at + 12 <= png.size()) {
    uint32_t len = U32(png, at);
    std::string type = png.substr(at + 4, 4);
    std::string body = png.substr(at + 4, 4 + len);
    EXPECT_EQ(U32(png, at + 8 + len), crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())) << type;
    if (type == "IHDR") {
      EXPECT_EQ(U32(png, at + 8), side);
      EXPECT_EQ(U32(png, at + 12), side);
      EXPECT_EQ(png[at + 16], 1);  // bit depth
      EXPECT_EQ(png[at + 17], 0);  // grayscale
    }
    if (type == "IDAT") idat += png.substr(at + 8, len);
    types.push_back(type);
    at += 12 + len;
  }
  EXPECT_EQ(at, png.size());
  EXPECT_EQ(types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  const size_t row_bytes = (side + 7) / 8 + 1;
  std::string raw(row_bytes * side, '\0');
  uLongf raw_size = raw.size();
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size, reinterpret_cast<const Bytef*>(idat.data()),
                       idat.size()),
            Z_OK);
  ASSERT_EQ(raw_size, raw.size());
  auto pixel_dark = [&](uint32_t px, uint32_t py) {
    unsigned char byte = raw[py * row_bytes + 1 + px / 8];
    return (byte & (0x80 >> (px % 8))) == 0;
  };
  for (int y = -4; y < m->size + 4; ++y)
    for (int x = -4; x < m->size + 4; ++x) {
      bool want = x >= 0 && y >= 0 && x < m->size && y < m->size && m->At(x, y);
      ASSERT_EQ(pixel_dark((x + 4) * 3 + 1, (y + 4) * 3 + 1), want) << x << "," << y;
    }
}

}  // namespace
}  // namespace shoal
