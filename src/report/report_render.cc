#include "report/report_render.h"

#include "analytics/analytics_html.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

namespace shoal {

namespace {

using nlohmann::json;

std::string Scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    std::ostringstream s;
    s.precision(4);
    s << v.get<double>();
    return s.str();
  }
  return v.dump();
}

std::string MdCell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

// An object whose values are all objects of scalars renders as a table.
bool IsTable(const json& v) {
  if (!v.is_object() || v.empty()) return false;
  for (const auto& [k, row] : v.items()) {
    if (!row.is_object()) return false;
    for (const auto& [c, cell] : row.items()) {
      if (cell.is_structured()) continue;  // nested detail is skipped in the table
    }
  }
  return true;
}

std::vector<std::string> TableColumns(const json& v) {
  std::vector<std::string> cols;
  for (const auto& [k, row] : v.items()) {
    for (const auto& [c, cell] : row.items()) {
      if (!cell.is_structured() && std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
    }
  }
  return cols;
}

void MdSection(const std::string& title, const json& v, int depth, std::string& out) {
  std::string hashes(std::min(depth, 6), '#');
  if (IsTable(v)) {
    auto cols = TableColumns(v);
    if (!cols.empty()) {
      out += hashes + " " + title + "\n\n| |";
      for (const auto& c : cols) out += " " + MdCell(c) + " |";
      out += "\n|---|";
      for (size_t i = 0; i < cols.size(); ++i) out += "---:|";
      out += "\n";
      for (const auto& [k, row] : v.items()) {
        out += "| " + MdCell(k) + " |";
        for (const auto& c : cols) out += " " + (row.contains(c) ? MdCell(Scalar(row[c])) : "") + " |";
        out += "\n";
      }
      out += "\n";
      return;
    }
  }
  if (v.is_object()) {
    std::string scalars;
    for (const auto& [k, item] : v.items()) {
      if (!item.is_structured()) scalars += "- " + k + ": " + MdCell(Scalar(item)) + "\n";
      else if (item.is_array() && (item.empty() || !item[0].is_structured())) {
        std::string list;
        for (const auto& x : item) list += (list.empty() ? "" : ", ") + Scalar(x);
        scalars += "- " + k + ": " + MdCell(list) + "\n";
      }
    }
    out += hashes + " " + title + "\n\n" + scalars + (scalars.empty() ? "" : "\n");
    for (const auto& [k, item] : v.items()) {
      if (item.is_object() && !item.empty()) MdSection(k, item, depth + 1, out);
      if (item.is_array() && !item.empty() && item[0].is_object()) {
        json as_table = json::object();
        size_t i = 1;
        for (const auto& x : item) as_table[std::to_string(i++)] = x;
        MdSection(k, as_table, depth + 1, out);
      }
    }
  }
}

std::string Percent(double num, double den) {
  if (den <= 0) return "–";
  std::ostringstream s;
  s.precision(3);
  s << 100.0 * num / den << "%";
  return s.str();
}

}  // namespace

std::string RenderReportMarkdown(const json& report) {
  std::string out = "# Shoal report: " + report.value("tenant", std::string("tenant")) + "\n\n";
  out += "- time zone: " + report.value("timezone", std::string("UTC")) + "\n";
  out += "- events applied: " + Scalar(report.value("events_applied", json(0))) + "\n";
  out += "- memberships: " + Scalar(report.value("memberships", json(0))) + "\n\n";
  if (!report.contains("communities")) return out;
  for (const auto& [cid, c] : report["communities"].items()) {
    out += "## Community " + c.value("name", cid) + " (" + cid + ")\n\n";
    const json* stats = c.contains("features") && c["features"].contains("stats") ? &c["features"]["stats"] : nullptr;
    out += "| group | name | members | messages | speakers ever | speaker share | active days | joins | leaves |\n";
    out += "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& [gid, g] : c["groups"].items()) {
      json s = stats && (*stats)["groups"].contains(gid) ? (*stats)["groups"][gid] : json::object();
      int64_t members = g.value("members", 0);
      int64_t speakers = s.value("speakers_ever", 0);
      out += "| " + MdCell(gid) + " | " + MdCell(g.value("name", gid)) + " | " + std::to_string(members) + " | " +
             std::to_string(s.value("messages", 0)) + " | " + std::to_string(speakers) + " | " +
             Percent(static_cast<double>(speakers), static_cast<double>(std::max<int64_t>(members, speakers))) +
             " | " + std::to_string(s.value("active_days", 0)) + " | " + std::to_string(s.value("joins", 0)) +
             " | " + std::to_string(s.value("leaves", 0)) + " |\n";
    }
    out += "\n";
    if (c.contains("features")) {
      for (const auto& [name, f] : c["features"].items()) {
        if (name == "stats" || !f.is_object() || f.empty()) continue;
        MdSection("Feature: " + name, f, 3, out);
      }
    }
  }
  if (report.contains("tenant_features")) {
    for (const auto& [name, f] : report["tenant_features"].items()) {
      if (!f.is_object() || f.empty()) continue;
      MdSection("Tenant-wide: " + name, f, 2, out);
    }
  }
  return out;
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Daily bars as inline SVG: readable offline, no scripts.
std::string DailyBars(const std::map<std::string, int64_t>& days, const std::string& label) {
  if (days.empty()) return "";
  int64_t max = 1;
  for (const auto& [d, v] : days) max = std::max(max, v);
  const int w = 720, h = 140, pad = 24;
  double bw = static_cast<double>(w - 2 * pad) / static_cast<double>(days.size());
  std::ostringstream s;
  s << "<figure><svg role=\"img\" aria-label=\"" << HtmlEscape(label) << "\" viewBox=\"0 0 " << w << " " << h
    << "\" width=\"" << w << "\" height=\"" << h << "\">";
  size_t i = 0;
  for (const auto& [d, v] : days) {
    double bh = static_cast<double>(h - 2 * pad) * static_cast<double>(v) / static_cast<double>(max);
    s << "<rect x=\"" << pad + bw * static_cast<double>(i) << "\" y=\"" << h - pad - bh << "\" width=\""
      << std::max(1.0, bw - 1) << "\" height=\"" << bh << "\" fill=\"#3b82f6\"><title>" << HtmlEscape(d) << ": "
      << v << "</title></rect>";
    ++i;
  }
  s << "<text x=\"" << pad << "\" y=\"14\" font-size=\"12\">" << HtmlEscape(label) << " (max " << max
    << "/day)</text>";
  s << "<text x=\"" << pad << "\" y=\"" << h - 6 << "\" font-size=\"11\">" << HtmlEscape(days.begin()->first)
    << "</text><text x=\"" << w - pad << "\" y=\"" << h - 6 << "\" font-size=\"11\" text-anchor=\"end\">"
    << HtmlEscape(days.rbegin()->first) << "</text></svg></figure>";
  return s.str();
}

std::string MarkdownToHtmlTables(const std::string& md) {
  // Minimal converter for the subset RenderReportMarkdown writes: headings, lists, tables.
  std::istringstream in(md);
  std::string line, out;
  bool in_list = false, in_table = false, header_row = false;
  auto close = [&] {
    if (in_list) out += "</ul>\n";
    if (in_table) out += "</tbody></table>\n";
    in_list = in_table = false;
  };
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) {
      close();
      size_t n = line.find_first_not_of('#');
      std::string lvl = std::to_string(std::min<size_t>(n, 6));
      out += "<h" + lvl + ">" + HtmlEscape(line.substr(n + 1)) + "</h" + lvl + ">\n";
    } else if (line.rfind("- ", 0) == 0) {
      if (in_table) close();
      if (!in_list) out += "<ul>\n";
      in_list = true;
      out += "<li>" + HtmlEscape(line.substr(2)) + "</li>\n";
    } else if (line.rfind("|", 0) == 0) {
      if (in_list) close();
      if (line.rfind("|---", 0) == 0) continue;
      if (!in_table) {
        out += "<table><thead>";
        header_row = true;
      }
      in_table = true;
      std::vector<std::string> cells;
      std::string cell;
      for (size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
          cell += '|';
          ++i;
        } else if (line[i] == '|') {
          cells.push_back(cell);
          cell.clear();
        } else {
          cell += line[i];
        }
      }
      out += "<tr>";
      for (auto& c : cells) {
        size_t b = c.find_first_not_of(' '), e = c.find_last_not_of(' ');
        c = b == std::string::npos ? "" : c.substr(b, e - b + 1);
        out += (header_row ? "<th>" : "<td>") + HtmlEscape(c) + (header_row ? "</th>" : "</td>");
      }
      out += "</tr>";
      if (header_row) out += "</thead><tbody>";
      header_row = false;
      out += "\n";
    } else {
      close();
    }
  }
  close();
  return out;
}

}  // namespace

std::string RenderReportHtml(const json& report) {
  std::string out =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Shoal report</title><style>"
      "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#111}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}"
      "td:first-child,th:first-child{text-align:left}h2{border-bottom:2px solid #3b82f6}"
      "</style></head><body>\n";
  std::string md = RenderReportMarkdown(report);
  // Charts per community, then the tables.
  if (report.contains("communities")) {
    for (const auto& [cid, c] : report["communities"].items()) {
      std::map<std::string, int64_t> daily;
      if (c.contains("features") && c["features"].contains("stats")) {
        for (const auto& [gid, g] : c["features"]["stats"]["groups"].items()) {
          if (!g.contains("days")) continue;
          for (const auto& [day, d] : g["days"].items()) daily[day] += d.value("messages", 0);
        }
      }
      out += DailyBars(daily, "Messages per day in " + c.value("name", cid));
      if (c.contains("features") && c["features"].contains("analytics"))
        out += AnalyticsHtml(c.value("name", cid), c["features"]["analytics"]);
    }
  }
  out += MarkdownToHtmlTables(md);
  out += "</body></html>\n";
  return out;
}

}  // namespace shoal
