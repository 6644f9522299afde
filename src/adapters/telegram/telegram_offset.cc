#include "adapters/telegram/telegram_offset.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <string_view>

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
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(why, "cannot create " + tmp);
  std::string text = std::to_string(offset) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Fail(why, "cannot write " + tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Fail(why, "cannot replace " + path);
  // The rename is durable only once the directory is.
  std::string dir = std::filesystem::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

}  // namespace shoal
