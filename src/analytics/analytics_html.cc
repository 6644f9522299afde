#include "analytics/analytics_html.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/report_render.h"

namespace shoal {

namespace {

using nlohmann::json;

// Speakers per day as bars, members present as a line over them.
std::string ActivesChart(const std::string& title, const json& days) {
  if (!days.is_object() || days.empty()) return "";
  double max = 1;
  for (const auto& [d, v] : days.items()) max = std::max({max, v.value("speakers", 0.0), v.value("members", 0.0)});
  const int w = 720, h = 160, pad = 24;
  const double bw = static_cast<double>(w - 2 * pad) / static_cast<double>(days.size());
  const double scale = (h - 2 * pad) / max;
  std::ostringstream s;
  s << "<figure><svg role=\"img\" aria-label=\"" << HtmlEscape(title) << "\" viewBox=\"0 0 " << w << ' ' << h
    << "\" width=\"" << w << "\" height=\"" << h << "\">";
  std::string line;
  size_t i = 0;
  for (const auto& [d, v] : days.items()) {
    double sp = v.value("speakers", 0.0), mem = v.value("members", 0.0);
    double x = pad + bw * static_cast<double>(i++);
    s << "<rect x=\"" << x << "\" y=\"" << h - pad - sp * scale << "\" width=\"" << std::max(1.0, bw - 1)
      << "\" height=\"" << sp * scale << "\" fill=\"#3b82f6\"><title>" << HtmlEscape(d) << ": " << sp
      << " speakers of " << mem << " members</title></rect>";
    line += (line.empty() ? "" : " ") + std::to_string(x + bw / 2) + "," + std::to_string(h - pad - mem * scale);
  }
  s << "<polyline points=\"" << line << "\" fill=\"none\" stroke=\"#f59e0b\" stroke-width=\"2\"/>";
  s << "<text x=\"" << pad << "\" y=\"14\" font-size=\"12\">" << HtmlEscape(title)
    << ": speakers per day (bars), members (line)</text></svg></figure>\n";
  return s.str();
}

std::string PyramidChart(const json& pyramid) {
  if (!pyramid.is_object() || pyramid.empty()) return "";
  double max = 1;
  for (const auto& [k, v] : pyramid.items()) max = std::max(max, v.get<double>());
  // Levels from the top (expert) down, bars centred: the pyramid.
  std::vector<std::pair<std::string, double>> rows;
  for (const auto& [k, v] : pyramid.items()) rows.push_back({k, v.get<double>()});
  const std::vector<std::string> order = {"expert", "contributing", "active", "ordinary"};
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    auto ia = std::find(order.begin(), order.end(), a.first), ib = std::find(order.begin(), order.end(), b.first);
    return ia < ib;
  });
  const int w = 480, row = 26;
  std::ostringstream s;
  s << "<figure><svg role=\"img\" aria-label=\"member levels\" viewBox=\"0 0 " << w << ' ' << row * rows.size() + 10
    << "\" width=\"" << w << "\" height=\"" << row * rows.size() + 10 << "\">";
  for (size_t i = 0; i < rows.size(); ++i) {
    double bw = std::max(2.0, 300 * rows[i].second / max);
    s << "<rect x=\"" << 280 - bw / 2 << "\" y=\"" << 5 + row * i << "\" width=\"" << bw << "\" height=\"" << row - 4
      << "\" fill=\"#10b981\"/><text x=\"4\" y=\"" << 5 + row * i + 17 << "\" font-size=\"12\">"
      << HtmlEscape(rows[i].first) << " " << static_cast<int64_t>(rows[i].second) << "</text>";
  }
  s << "</svg><figcaption>Member levels</figcaption></figure>\n";
  return s.str();
}

std::string CohortTable(const json& cohorts) {
  if (!cohorts.is_object() || cohorts.empty()) return "";
  size_t weeks = 0;
  for (const auto& [k, v] : cohorts.items()) weeks = std::max(weeks, v["speaking"].size());
  std::ostringstream s;
  s << "<table><caption>Join-week cohorts: share still present / still speaking, week 0…</caption><thead><tr>"
       "<th>cohort</th><th>size</th>";
  for (size_t k = 0; k < weeks; ++k) s << "<th>w" << k << "</th>";
  s << "</tr></thead><tbody>";
  for (const auto& [k, v] : cohorts.items()) {
    s << "<tr><td>" << HtmlEscape(k) << "</td><td>" << v.value("size", 0) << "</td>";
    for (size_t i = 0; i < weeks; ++i) {
      if (i >= v["speaking"].size()) {
        s << "<td></td>";
        continue;
      }
      double p = v["present"][i].get<double>(), sp = v["speaking"][i].get<double>();
      int shade = 255 - static_cast<int>(sp * 155);
      s << "<td style=\"background:rgb(" << shade << ',' << shade << ",255)\">" << static_cast<int>(p * 100 + 0.5)
        << "% / " << static_cast<int>(sp * 100 + 0.5) << "%</td>";
    }
    s << "</tr>";
  }
  s << "</tbody></table>\n";
  return s.str();
}

}  // namespace

std::string AnalyticsHtml(const std::string& community_name, const json& a) {
  if (!a.is_object() || !a.contains("community")) return "";
  std::string out = "<section><h2>" + HtmlEscape(community_name) + ": analytics</h2>\n";
  out += ActivesChart(community_name, a["community"].value("days", json::object()));
  if (a.contains("levels")) out += PyramidChart(a["levels"].value("pyramid", json::object()));
  if (a.contains("retention")) out += CohortTable(a["retention"].value("cohorts", json::object()));
  out += "</section>\n";
  return out;
}

}  // namespace shoal
