// Inline-SVG charts for one community's analytics section (daily actives, the
// level pyramid, the retention cohort table): script-free, every text escaped.
#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace shoal {

// `analytics` is the community's features.analytics report object; "" when absent or empty.
std::string AnalyticsHtml(const std::string& community_name, const nlohmann::json& analytics);

}  // namespace shoal
