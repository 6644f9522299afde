#include "growth/qr.h"

#include <cerrno>
#include <memory>

#include <qrencode.h>
#include <zlib.h>

namespace shoal {

std::optional<QrMatrix> EncodeQr(std::string_view text, std::string* why) {
  if (text.empty()) {
    if (why) *why = "nothing to encode (empty text)";
    return std::nullopt;
  }
  // QRcode_encodeData takes a length, so text with NUL bytes is encoded whole.
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      QRcode_free);
  if (!code) {
    if (why) {
      *why = errno == ERANGE ? "too long for a QR code (" + std::to_string(text.size()) +
                                   " bytes; version 40 at level M holds 2331)"
                             : "QR encoding failed";
    }
    return std::nullopt;
  }
  QrMatrix m;
  m.size = code->width;
  m.version = code->version;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

std::string QrToSvg(const QrMatrix& m, const QrStyle& style) {
  const int side = (m.size + 2 * style.margin) * style.scale;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(side) + "\" height=\"" +
                    std::to_string(side) + "\" viewBox=\"0 0 " + std::to_string(m.size + 2 * style.margin) + " " +
                    std::to_string(m.size + 2 * style.margin) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                    "<path fill=\"#000\" d=\"";
  // One rectangle per horizontal run of dark modules keeps the path short.
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size;) {
      if (!m.At(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.size && m.At(x + run, y)) ++run;
      out += "M" + std::to_string(x + style.margin) + " " + std::to_string(y + style.margin) + "h" +
             std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  out += "\"/></svg>\n";
  return out;
}

namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutChunk(std::string* out, const char type[4], const std::string& data) {
  PutU32(out, static_cast<uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out->append(body);
  PutU32(out, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string QrToPng(const QrMatrix& m, const QrStyle& style) {
  const uint32_t side = static_cast<uint32_t>((m.size + 2 * style.margin) * style.scale);
  // Rows of 1-bit pixels (1 = white), each led by filter byte 0 (none).
  const size_t row_bytes = (side + 7) / 8;
  std::string raw;
  raw.reserve((row_bytes + 1) * side);
  std::string row(row_bytes, '\0');
  for (int my = -style.margin; my < m.size + style.margin; ++my) {
    // One module row gives `scale` identical pixel rows.
    std::fill(row.begin(), row.end(), '\0');
    for (uint32_t px = 0; px < side; ++px) {
      const int mx = static_cast<int>(px) / style.scale - style.margin;
      const bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.At(mx, my);
      if (!dark) row[px / 8] = static_cast<char>(row[px / 8] | (0x80 >> (px % 8)));
    }
    for (int k = 0; k < style.scale; ++k) {
      raw.push_back('\0');
      raw += row;
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION);
  packed.resize(packed_size);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  PutU32(&ihdr, side);
  PutU32(&ihdr, side);
  ihdr += std::string("\x01\x00\x00\x00\x00", 5);  // bit depth 1, grayscale, deflate, no filter, no interlace
  PutChunk(&png, "IHDR", ihdr);
  PutChunk(&png, "IDAT", packed);
  PutChunk(&png, "IEND", "");
  return png;
}

}  // namespace shoal
