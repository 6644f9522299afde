// Problems found in user input (config files, scenario files, event streams),
// each pinned to file:line:column with a hint, so a user can fix all of them at once.
#pragma once
#include <string>
#include <vector>

namespace shoal {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;    // 1-based; 0 = whole file
  int column = 0;  // 1-based; 0 = whole line
  std::string message;
  std::string hint;
  std::string ToString() const;  // "file:3:5: error: message (hint: …)"
};

class Diagnostics {
 public:
  void Error(std::string file, int line, int column, std::string message, std::string hint = "");
  void Warning(std::string file, int line, int column, std::string message, std::string hint = "");
  const std::vector<Diagnostic>& all() const { return items_; }
  size_t error_count() const;
  bool ok() const { return error_count() == 0; }
  std::string ToString() const;  // one per line, in order found

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace shoal
