// CSV export of any table in the engine's report. A table is an array of objects
// or an object whose values are all objects (its keys become the first column,
// "key"); each is named by its path from the root ("communities/bj/analytics/groups",
// array elements by their "id" field when they have one, else by index). Nested
// objects flatten to dotted columns; arrays of scalars join with ';'. Output is
// RFC 4180 (CRLF line ends, quotes doubled), columns in first-seen order.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace shoal {

struct CsvTableInfo {
  std::string path;
  size_t rows = 0;
  size_t columns = 0;
};

// Every table in the report, in document order.
std::vector<CsvTableInfo> ListCsvTables(const nlohmann::json& report);

// The table at `path` as CSV; false (and *why names the nearest tables) when no table is there.
bool ExportCsvTable(const nlohmann::json& report, const std::string& path, std::string* csv, std::string* why);

// One CSV field, quoted when it holds a comma, quote, CR or LF or has edge spaces; a
// field a spreadsheet would run as a formula (= + - @, but not a negative number) gets a
// leading '. Shared by every CSV Shoal writes (report tables, sign-up lists).
std::string CsvField(const std::string& s);

}  // namespace shoal
