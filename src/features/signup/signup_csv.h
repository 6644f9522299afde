// CSV export of one sign-up (RFC 4180: CRLF-free lines, quotes doubled, fields
// with commas, quotes or line breaks quoted), built from the sign-up's entry in
// the report, so `shoal signup export` and the API see the same list.
#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "report/csv_export.h"  // CsvField

namespace shoal {

// Header "n,status,member,name,<fields…>,signed_up,attended", then participants
// ("confirmed") and the waiting list ("waiting"), one line each, '\n'-terminated.
std::string SignupCsv(const nlohmann::json& activity);

}  // namespace shoal
