#include "shoal/diagnostics.h"

namespace shoal {

std::string Diagnostic::ToString() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  s += severity == Severity::kError ? ": error: " : ": warning: ";
  s += message;
  if (!hint.empty()) s += " (hint: " + hint + ")";
  return s;
}

void Diagnostics::Error(std::string file, int line, int column, std::string message, std::string hint) {
  items_.push_back({Diagnostic::Severity::kError, std::move(file), line, column, std::move(message), std::move(hint)});
}

void Diagnostics::Warning(std::string file, int line, int column, std::string message, std::string hint) {
  items_.push_back(
      {Diagnostic::Severity::kWarning, std::move(file), line, column, std::move(message), std::move(hint)});
}

size_t Diagnostics::error_count() const {
  size_t n = 0;
  for (const auto& d : items_) n += d.severity == Diagnostic::Severity::kError;
  return n;
}

std::string Diagnostics::ToString() const {
  std::string s;
  for (const auto& d : items_) s += d.ToString() + "\n";
  return s;
}

}  // namespace shoal
