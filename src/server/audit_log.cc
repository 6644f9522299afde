#include "server/audit_log.h"

#include <nlohmann/json.hpp>

#include "shoal/time.h"

namespace shoal {

AuditLog::AuditLog(const std::string& path, size_t keep_in_memory) : path_(path), keep_(keep_in_memory) {
  if (!path_.empty()) file_ = std::fopen(path_.c_str(), "a");
}

AuditLog::~AuditLog() {
  if (file_) std::fclose(file_);
}

std::string AuditLog::ToJson(const AuditRecord& r) {
  nlohmann::json j;
  j["time"] = FormatRfc3339(Timestamp{.utc = r.time_micros, .zulu = true});
  j["token"] = r.token;
  j["role"] = r.role;
  j["method"] = r.method;
  j["path"] = r.path;
  j["status"] = r.status;
  if (!r.detail.empty()) j["detail"] = r.detail;
  // Paths and details may carry anything a client sent; dump() escapes it (and replaces bad UTF-8).
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AuditLog::Append(const AuditRecord& record) {
  std::string line = ToJson(record);
  std::lock_guard<std::mutex> lock(mu_);
  if (file_) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
    std::fflush(file_);
  }
  recent_.push_back(std::move(line));
  while (recent_.size() > keep_) recent_.pop_front();
}

std::vector<std::string> AuditLog::Recent(size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = std::min(limit, recent_.size());
  return std::vector<std::string>(recent_.end() - static_cast<std::ptrdiff_t>(n), recent_.end());
}

}  // namespace shoal
