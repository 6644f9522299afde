// A platform that delivers into a file: each action it accepts is appended as one JSON
// line (ActionToJson) and flushed to disk (fdatasync) before Deliver answers, so the file
// says exactly what a real platform would have received, even across a SIGKILL. For the
// crash test (no action delivered twice), the demo, and operators trying a config without
// a live account. Configured as `adapters: record: {platform: qq, path: delivered.jsonl}`.
#pragma once
#include <mutex>
#include <string>

#include "shoal/adapter.h"

namespace shoal {

class RecordingPlatform final : public PlatformAdapter {
 public:
  // Opens (creates or appends to) `path`; ok() is false with why() when it cannot.
  RecordingPlatform(std::string platform, const std::string& path);
  ~RecordingPlatform() override;
  RecordingPlatform(const RecordingPlatform&) = delete;
  RecordingPlatform& operator=(const RecordingPlatform&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& why() const { return why_; }

  std::string_view platform() const override { return platform_; }
  const PlatformCapabilities& capabilities() const override { return caps_; }
  const PlatformLimits& limits() const override { return limits_; }
  // A write or flush failure is kRetry: the platform "did not get it".
  DeliveryResult Deliver(const Action& action) override;

 private:
  std::string platform_;
  PlatformCapabilities caps_;
  PlatformLimits limits_;
  std::mutex mu_;
  int fd_ = -1;
  uint64_t made_ = 0;
  std::string why_;
};

}  // namespace shoal
