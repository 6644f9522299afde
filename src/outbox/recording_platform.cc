#include "outbox/recording_platform.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "outbox/fake_platform.h"

namespace shoal {

RecordingPlatform::RecordingPlatform(std::string platform, const std::string& path)
    : platform_(std::move(platform)), caps_(FakePlatform::AllCapabilities()) {
  // No pacing of its own: a file takes every action at once, so the test measures Shoal.
  limits_.per_chat_per_second = 1e9;
  limits_.per_chat_per_minute = 1e9;
  limits_.per_account_per_second = 1e9;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) why_ = "cannot open " + path + ": " + std::strerror(errno);
}

RecordingPlatform::~RecordingPlatform() {
  if (fd_ >= 0) ::close(fd_);
}

DeliveryResult RecordingPlatform::Deliver(const Action& action) {
  std::string line = ActionToJson(action);
  line.push_back('\n');
  std::lock_guard lock(mu_);
  if (fd_ < 0) return DeliveryResult::Retry(why_);
  // One write per line with O_APPEND: a crash leaves whole lines, or a torn last line that
  // was never acknowledged as delivered.
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return DeliveryResult::Retry(std::string("record write failed: ") + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0) return DeliveryResult::Retry(std::string("record flush failed: ") + std::strerror(errno));
  return DeliveryResult::Delivered(platform_ + "-rec-" + std::to_string(++made_));
}

}  // namespace shoal
