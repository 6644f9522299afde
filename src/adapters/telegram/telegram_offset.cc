#include "adapters/telegram/telegram_offset.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

#include "core/atomic_file.h"

namespace shoal {

namespace {

bool Fail(std::string* why, std::string message) {
  if (why) *why = std::move(message) + ": " + std::strerror(errno);
  return false;
}

}  // namespace

bool ReadTelegramOffset(const std::string& path, int64_t* offset, std::string* why) {
  *offset = 0;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return true;
    return Fail(why, "cannot open " + path);
  }
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n < 0) return Fail(why, "cannot read " + path);
  std::string_view text(buf, static_cast<size_t>(n));
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
