// Who did what through the API: one JSON line per write and per refused request (time,
// token name, role, method, path, status, detail), appended to a file that is never
// rewritten. The newest lines are also kept in memory for GET /v1/audit. Thread-safe.
#pragma once
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace shoal {

struct AuditRecord {
  int64_t time_micros = 0;  // wall clock: the audit log is about people, not the engine
  std::string token;        // token name, or "-" when the caller was not authenticated
  std::string role;
  std::string method;
  std::string path;
  unsigned status = 0;
  std::string detail;
};

class AuditLog {
 public:
  // `path` empty: memory only (tests). Otherwise the file is opened for append.
  explicit AuditLog(const std::string& path, size_t keep_in_memory = 1000);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  bool ok() const { return path_.empty() || file_ != nullptr; }
  const std::string& path() const { return path_; }
  void Append(const AuditRecord& record);
  // The newest `limit` lines, oldest first.
  std::vector<std::string> Recent(size_t limit) const;

  static std::string ToJson(const AuditRecord& record);

 private:
  std::string path_;
  size_t keep_;
  FILE* file_ = nullptr;
  mutable std::mutex mu_;
  std::deque<std::string> recent_;
};

}  // namespace shoal
