// Month plans from files: one post per row (CSV with a header line, or a YAML
// list under `posts:`), each with date, time, targets and text. Every problem is
// reported with the file and the row's line. The readers return false when any
// row is bad; `rows` still gets the rows that parsed, so the caller can check
// them too and report everything at once — and then import none of the file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "shoal/diagnostics.h"

namespace shoal {

struct PlanRow {
  std::string file;
  int line = 0;
  std::string id;                    // optional; "file:line" when absent
  int64_t day = 0;                   // local calendar day (days since 1970-01-01)
  int minute = 0;                    // minute of the local day
  std::vector<std::string> targets;  // group ids, tag:X, community:X, all
  std::string text;
  std::string mode;                  // "" (the plan's default), direct, assisted
  std::string link;
};

// "2026-03-01" → local day; false when not a real date.
bool ParsePlanDate(const std::string& text, int64_t* day);
// "09:00" → minute of day; false when not HH:MM.
bool ParsePlanTime(const std::string& text, int* minute);
// "qq:1; tag:main" or "qq:1,qq:2" → trimmed specs.
std::vector<std::string> SplitTargets(const std::string& text);

// Columns (any order, by header name): date, time, targets (or to), text; optional id, mode, link.
bool ReadPlanCsv(const std::string& path, std::vector<PlanRow>* rows, Diagnostics* diag);
bool ReadPlanCsvText(const std::string& text, const std::string& file, std::vector<PlanRow>* rows, Diagnostics* diag);
// `posts:` (or a top-level list) of maps with the same keys.
bool ReadPlanYaml(const std::string& path, std::vector<PlanRow>* rows, Diagnostics* diag);

}  // namespace shoal
