#include "features/common/text_template.h"

#include <algorithm>

namespace shoal {

std::string RenderTemplate(std::string_view tmpl, const TemplateVars& vars) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i + 1);
      if (close != std::string_view::npos) {
        auto it = vars.find(tmpl.substr(i + 1, close - i - 1));
        if (it != vars.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(tmpl[i++]);
  }
  return out;
}

std::vector<std::string> TemplateNames(std::string_view tmpl) {
  std::vector<std::string> names;
  size_t i = 0;
  while ((i = tmpl.find('{', i)) != std::string_view::npos) {
    size_t close = tmpl.find('}', i + 1);
    if (close == std::string_view::npos) break;
    names.emplace_back(tmpl.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return names;
}

std::string ReadTemplate(ConfigSection& section, const std::string& key, const std::string& fallback,
                         const std::vector<std::string>& allowed) {
  std::string t = section.Str(key, fallback);
  for (const auto& name : TemplateNames(t)) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "{" : ", {") + a + "}";
      section.Error(key, "unknown placeholder {" + name + "}", "this template may use " + list);
    }
  }
  return t;
}

size_t ErrorCount(const ConfigSection& section) {
  return section.diagnostics() ? section.diagnostics()->error_count() : 0;
}

std::string DisplayName(Context& ctx, std::string_view member) {
  Id id = ctx.ids().Find(member);
  if (id != kNoId) {
    const MemberInfo* info = ctx.roster().FindMember(id);
    if (info && !info->name.empty()) return info->name;
  }
  return std::string(member);
}

std::string_view TrimText(std::string_view text) {
  auto is_space_at = [&](size_t pos, size_t* len) {
    if (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
      *len = 1;
      return true;
    }
    if (pos + 3 <= text.size() && text.substr(pos, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
      *len = 3;
      return true;
    }
    return false;
  };
  size_t len = 0;
  while (!text.empty() && is_space_at(0, &len)) text.remove_prefix(len);
  while (!text.empty()) {
    if (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r') {
      text.remove_suffix(1);
    } else if (text.size() >= 3 && text.substr(text.size() - 3) == "\xE3\x80\x80") {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

}  // namespace shoal
