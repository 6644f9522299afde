#include "features/signup/signup_csv.h"

#include <nlohmann/json.hpp>

namespace shoal {

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
