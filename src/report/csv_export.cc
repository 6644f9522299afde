#include "report/csv_export.h"

#include <algorithm>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

namespace shoal {

namespace {

using nlohmann::json;

bool IsRow(const json& v) { return v.is_object(); }

bool IsTable(const json& v) {
  if (v.is_array()) {
    return !v.empty() && std::all_of(v.begin(), v.end(), IsRow);
  }
  if (v.is_object() && !v.empty()) {
    // An object of objects is a table keyed by name (groups by id, channels by name).
    for (const auto& [k, row] : v.items()) {
      if (!row.is_object()) return false;
    }
    return true;
  }
  return false;
}

std::string ElementName(const json& element, size_t index) {
  if (element.is_object()) {
    auto id = element.find("id");
    if (id != element.end() && id->is_string() && !id->get<std::string>().empty()) return id->get<std::string>();
  }
  return std::to_string(index);
}

std::string Join(const std::string& path, const std::string& part) { return path.empty() ? part : path + "/" + part; }

// Visits every table, depth first; a table's own rows are searched for tables too
// (a community's groups inside the communities list).
void Walk(const json& v, const std::string& path, const std::function<void(const std::string&, const json&)>& fn) {
  if (IsTable(v) && !path.empty()) fn(path, v);
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) Walk(v[i], Join(path, ElementName(v[i], i)), fn);
  } else if (v.is_object()) {
    for (const auto& [k, child] : v.items()) Walk(child, Join(path, k), fn);
  }
}

std::string Scalar(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// Flattens one row: nested objects to dotted names, scalar arrays joined with ';'.
// Nested tables are left out: they are listed as tables of their own.
void Flatten(const json& v, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [k, cell] : v.items()) {
    std::string name = prefix.empty() ? k : prefix + "." + k;
    if (IsTable(cell)) continue;
    if (cell.is_object()) {
      Flatten(cell, name, out);
    } else if (cell.is_array()) {
      if (std::any_of(cell.begin(), cell.end(), [](const json& x) { return x.is_structured(); })) continue;
      std::string joined;
      for (const auto& x : cell) {
        if (!joined.empty()) joined += ';';
        joined += Scalar(x);
      }
      out.emplace_back(name, joined);
    } else {
      out.emplace_back(name, Scalar(cell));
    }
  }
}

struct Table {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
};

Table Build(const json& v) {
  Table t;
  bool keyed = v.is_object();
  if (keyed) t.columns.push_back("key");
  auto add_row = [&](const json& row, const std::string* key) {
    std::vector<std::pair<std::string, std::string>> cells;
    Flatten(row, "", cells);
    std::map<std::string, std::string> r;
    if (key) r["key"] = *key;
    for (auto& [name, value] : cells) {
      if (keyed && name == "key") name = "key_";  // never shadow the row's own key
      if (std::find(t.columns.begin(), t.columns.end(), name) == t.columns.end()) t.columns.push_back(name);
      r[name] = std::move(value);
    }
    t.rows.push_back(std::move(r));
  };
  if (keyed) {
    for (const auto& [k, row] : v.items()) add_row(row, &k);
  } else {
    for (const auto& row : v) add_row(row, nullptr);
  }
  return t;
}

}  // namespace

std::string CsvField(const std::string& s) {
  std::string body = s;
  if (!body.empty() && (body[0] == '=' || body[0] == '+' || body[0] == '-' || body[0] == '@')) {
    // A negative number is data, not a formula.
    bool number = body.size() > 1 && body[0] == '-' &&
                  std::all_of(body.begin() + 1, body.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (!number) body.insert(body.begin(), '\'');
  }
  bool edge_space = !s.empty() && (s.front() == ' ' || s.back() == ' ');  // readers trim unquoted spaces
  if (!edge_space && body.find_first_of(",\"\r\n") == std::string::npos) return body;
  std::string out = "\"";
  for (char c : body) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::vector<CsvTableInfo> ListCsvTables(const json& report) {
  std::vector<CsvTableInfo> out;
  Walk(report, "", [&](const std::string& path, const json& v) {
    Table t = Build(v);
    out.push_back({path, t.rows.size(), t.columns.size()});
  });
  return out;
}

bool ExportCsvTable(const json& report, const std::string& path, std::string* csv, std::string* why) {
  const json* found = nullptr;
  std::vector<std::string> near;
  Walk(report, "", [&](const std::string& p, const json& v) {
    if (p == path && !found) found = &v;
    // Suggest tables that share the last part of the name or contain the request.
    auto last = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    if (!last.empty() && p.find(last) != std::string::npos && near.size() < 5) near.push_back(p);
  });
  if (!found) {
    *why = "no table '" + path + "' in the report";
    if (!near.empty()) {
      *why += "; did you mean";
      for (size_t i = 0; i < near.size(); ++i) *why += (i ? ", " : " ") + near[i];
      *why += "?";
    }
    *why += " (--table list shows every table)";
    return false;
  }
  Table t = Build(*found);
  csv->clear();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) *csv += ',';
    *csv += CsvField(t.columns[i]);
  }
  *csv += "\r\n";
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (i) *csv += ',';
      auto it = row.find(t.columns[i]);
      if (it != row.end()) *csv += CsvField(it->second);
    }
    *csv += "\r\n";
  }
  return true;
}

}  // namespace shoal
