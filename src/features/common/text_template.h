// Operator-written message templates with {variable} placeholders, and the small
// helpers every engagement feature shares (display names, keyword matching).
// Unknown variables are config errors, so a typo never reaches a group.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/config.h"
#include "shoal/feature.h"

namespace shoal {

using TemplateVars = std::map<std::string, std::string, std::less<>>;

// Replaces each {name} with vars[name]; unknown names are left as written.
std::string RenderTemplate(std::string_view tmpl, const TemplateVars& vars);

// The {names} used in a template, in order of appearance.
std::vector<std::string> TemplateNames(std::string_view tmpl);

// Reads a template string at `key` (fallback when absent) and reports any
// placeholder not in `allowed` as an error at that key.
std::string ReadTemplate(ConfigSection& section, const std::string& key, const std::string& fallback,
                         const std::vector<std::string>& allowed);

// Errors reported so far through this section's diagnostics (compare before/after reading).
size_t ErrorCount(const ConfigSection& section);

// The member's display name as the roster knows it, else the id.
std::string DisplayName(Context& ctx, std::string_view member);

// Message text without surrounding ASCII/ideographic spaces.
std::string_view TrimText(std::string_view text);

}  // namespace shoal
