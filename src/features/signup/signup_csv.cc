#include "features/signup/signup_csv.h"

#include <nlohmann/json.hpp>

namespace shoal {

std::string CsvField(const std::string& s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos || (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  // A leading =, +, - or @ makes spreadsheets evaluate the cell: neutralise it.
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
  std::string body = formula ? "'" + s : s;
  if (!quote) return body;
  std::string out = "\"";
  for (char c : body) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string SignupCsv(const nlohmann::json& activity) {
  std::string out = "n,status,member,name";
  for (const auto& f : activity.value("fields", nlohmann::json::array())) out += "," + CsvField(f.get<std::string>());
  out += ",signed_up,attended\n";
  size_t fields = activity.value("fields", nlohmann::json::array()).size();
  auto rows = [&](const char* list, const char* status) {
    for (const auto& e : activity.value(list, nlohmann::json::array())) {
      out += std::to_string(e.value("n", 0)) + "," + status + "," + CsvField(e.value("member", "")) + "," +
             CsvField(e.value("name", ""));
      const auto values = e.value("values", nlohmann::json::array());
      for (size_t i = 0; i < fields; ++i) out += "," + CsvField(i < values.size() ? values[i].get<std::string>() : "");
      out += "," + CsvField(e.value("signed_up", "")) + "," + CsvField(e.value("attended", "")) + "\n";
    }
  };
  rows("entries", "confirmed");
  rows("waitlist", "waiting");
  return out;
}

}  // namespace shoal
