#include "adapters/telegram/telegram_offset.h"

#include <charconv>
#include <string_view>

#include "core/atomic_file.h"

namespace shoal {

bool ReadTelegramOffset(const std::string& path, int64_t* offset, std::string* why) {
  *offset = 0;
  std::string contents;
  bool missing = false;
  if (!ReadFileIfPresent(path, &contents, &missing, why)) return false;
  if (missing) return true;
  std::string_view text(contents);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    if (why) *why = path + " holds no offset ('" + std::string(text.substr(0, 20)) + "')";
    return false;
  }
  *offset = value;
  return true;
}

bool WriteTelegramOffset(const std::string& path, int64_t offset, std::string* why) {
  return ReplaceFileAtomically(path, std::to_string(offset) + "\n", why);
}

}  // namespace shoal
