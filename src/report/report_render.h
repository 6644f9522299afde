// Renders the engine's report (JSON) as Markdown or self-contained HTML.
// Feature sections render generically, so a new feature's numbers appear
// in reports without a renderer of its own.
#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace shoal {

std::string RenderReportMarkdown(const nlohmann::json& report);
// Offline-readable HTML: inline CSS and SVG charts, no scripts, every string escaped.
std::string RenderReportHtml(const nlohmann::json& report);
std::string HtmlEscape(const std::string& s);

}  // namespace shoal
