#include <algorithm>
#include <cstdlib>

#include "shoal/config.h"

namespace shoal {

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string ClosestName(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  size_t best_d = 3;  // suggest only close matches
  for (const auto& k : known) {
    size_t d = EditDistance(word, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

ConfigSection::ConfigSection(YAML::Node node, std::string path, std::string file, Diagnostics* diag)
    : node_(node), path_(std::move(path)), file_(std::move(file)), diag_(diag) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    Report(true, node_, "", "must be a map of settings", "write `key: value` lines under it");
    node_ = YAML::Node(YAML::NodeType::Map);
  }
}

YAML::Node ConfigSection::At(const std::string& key) {
  if (std::find(read_.begin(), read_.end(), key) == read_.end()) read_.push_back(key);
  if (!node_.IsDefined() || !node_.IsMap()) return YAML::Node();
  return node_[key];
}

bool ConfigSection::Has(const std::string& key) const {
  return node_.IsDefined() && node_.IsMap() && node_[key].IsDefined() && !node_[key].IsNull();
}

void ConfigSection::Report(bool error, const YAML::Node& at, const std::string& key, const std::string& message,
                           const std::string& hint) {
  if (!diag_) return;
  int line = 0, col = 0;
  YAML::Node where = at.IsDefined() ? at : node_;
  if (where.IsDefined() && where.Mark().line >= 0) {
    line = where.Mark().line + 1;
    col = where.Mark().column + 1;
  }
  std::string full = path_.empty() ? key : (key.empty() ? path_ : path_ + "." + key);
  std::string msg = full.empty() ? message : full + ": " + message;
  if (error)
    diag_->Error(file_, line, col, msg, hint);
  else
    diag_->Warning(file_, line, col, msg, hint);
}

void ConfigSection::Error(const std::string& key, const std::string& message, const std::string& hint) {
  // An empty key names the section itself (a default YAML::Node counts as defined, but has no mark).
  YAML::Node n = key.empty() ? node_ : (node_.IsDefined() && node_.IsMap()) ? node_[key] : YAML::Node();
  Report(true, n, key, message, hint);
}

void ConfigSection::Warn(const std::string& key, const std::string& message, const std::string& hint) {
  // An empty key names the section itself (a default YAML::Node counts as defined, but has no mark).
  YAML::Node n = key.empty() ? node_ : (node_.IsDefined() && node_.IsMap()) ? node_[key] : YAML::Node();
  Report(false, n, key, message, hint);
}

std::string ConfigSection::Str(const std::string& key, const std::string& fallback) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  if (!n.IsScalar()) {
    Report(true, n, key, "must be a single value", "");
    return fallback;
  }
  return n.Scalar();
}

std::string ConfigSection::RequiredStr(const std::string& key) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) {
    Report(true, YAML::Node(), key, "is required", "");
    return "";
  }
  return Str(key);
}

int64_t ConfigSection::Int(const std::string& key, int64_t fallback, int64_t min, int64_t max) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const std::string s = n.IsScalar() ? n.Scalar() : "";
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE) {
    Report(true, n, key, "'" + s + "' is not a whole number", "");
    return fallback;
  }
  if (v < min || v > max) {
    Report(true, n, key, std::to_string(v) + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]", "");
    return fallback;
  }
  return v;
}

double ConfigSection::Number(const std::string& key, double fallback, double min, double max) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const std::string s = n.IsScalar() ? n.Scalar() : "";
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || v != v) {
    Report(true, n, key, "'" + s + "' is not a number", "");
    return fallback;
  }
  if (v < min || v > max) {
    Report(true, n, key, s + " is out of range", "");
    return fallback;
  }
  return v;
}

bool ConfigSection::Bool(const std::string& key, bool fallback) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const std::string s = n.IsScalar() ? n.Scalar() : "";
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  Report(true, n, key, "'" + s + "' is not true or false", "");
  return fallback;
}

bool ParseDuration(const std::string& s, Micros* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || v < 0) return false;
  std::string unit(end);
  double mult;
  if (unit.empty() || unit == "s") mult = kMicrosPerSecond;
  else if (unit == "ms") mult = 1000;
  else if (unit == "m" || unit == "min") mult = kMicrosPerMinute;
  else if (unit == "h") mult = kMicrosPerHour;
  else if (unit == "d") mult = kMicrosPerDay;
  else if (unit == "w") mult = 7 * kMicrosPerDay;
  else return false;
  *out = static_cast<Micros>(v * mult);
  return true;
}

Micros ConfigSection::Duration(const std::string& key, Micros fallback, Micros min) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const std::string s = n.IsScalar() ? n.Scalar() : "";
  Micros v;
  if (!ParseDuration(s, &v)) {
    Report(true, n, key, "'" + s + "' is not a duration", "write e.g. 90s, 10m, 2h, 7d");
    return fallback;
  }
  if (v < min) {
    Report(true, n, key, "'" + s + "' is too short", "");
    return fallback;
  }
  return v;
}

int ConfigSection::ClockTime(const std::string& key, int fallback) {
  YAML::Node n = At(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const std::string s = n.IsScalar() ? n.Scalar() : "";
  int h = -1, m = -1;
  char extra;
  if (std::sscanf(s.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59) {
    Report(true, n, key, "'" + s + "' is not a clock time", "write HH:MM, e.g. 20:00");
    return fallback;
  }
  return h * 60 + m;
}

std::vector<std::string> ConfigSection::Strings(const std::string& key) {
  YAML::Node n = At(key);
  std::vector<std::string> out;
  if (!n.IsDefined() || n.IsNull()) return out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence()) {
    Report(true, n, key, "must be a list", "write [a, b] or one `- item` per line");
    return out;
  }
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      Report(true, item, key, "list items must be single values", "");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

ConfigSection ConfigSection::Child(const std::string& key) {
  return ConfigSection(At(key), path_.empty() ? key : path_ + "." + key, file_, diag_);
}

std::vector<ConfigSection> ConfigSection::List(const std::string& key) {
  YAML::Node n = At(key);
  std::vector<ConfigSection> out;
  if (!n.IsDefined() || n.IsNull()) return out;
  if (!n.IsSequence()) {
    Report(true, n, key, "must be a list", "one `- item` per entry");
    return out;
  }
  size_t i = 0;
  for (const auto& item : n) {
    out.emplace_back(item, (path_.empty() ? key : path_ + "." + key) + "[" + std::to_string(i++) + "]", file_, diag_);
  }
  return out;
}

YAML::Node ConfigSection::Raw(const std::string& key) { return At(key); }

void ConfigSection::Finish() {
  if (!node_.IsDefined() || !node_.IsMap()) return;
  for (const auto& kv : node_) {
    std::string key = kv.first.Scalar();
    if (std::find(read_.begin(), read_.end(), key) != read_.end()) continue;
    std::string near = ClosestName(key, read_);
    Report(true, kv.first, key, "unknown setting", near.empty() ? "" : "did you mean '" + near + "'?");
  }
}

YAML::Node DeepMerge(const YAML::Node& a, const YAML::Node& b) {
  if (!b.IsDefined() || b.IsNull()) return a;
  if (!a.IsDefined() || a.IsNull() || !a.IsMap() || !b.IsMap()) return b;
  YAML::Node out(YAML::NodeType::Map);
  for (const auto& kv : a) out[kv.first.Scalar()] = kv.second;
  for (const auto& kv : b) {
    const std::string k = kv.first.Scalar();
    out[k] = a[k].IsDefined() ? DeepMerge(a[k], kv.second) : kv.second;
  }
  return out;
}

}  // namespace shoal
