#include "adapters/telegram/telegram_link_file.h"

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"

namespace shoal {

namespace {

bool Corrupt(const std::string& path, const std::string& what, StoredInviteLinks* links, std::string* why) {
  links->clear();
  if (why) *why = path + " is not a Telegram links file (" + what + ")";
  return false;
}

}  // namespace

bool ReadTelegramLinks(const std::string& path, StoredInviteLinks* links, std::string* why) {
  links->clear();
  std::string text;
  bool missing = false;
  if (!ReadFileIfPresent(path, &text, &missing, why)) return false;
  if (missing) return true;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Corrupt(path, "not JSON", links, why);
  if (!doc.is_object() || !doc.contains("links") || !doc["links"].is_array())
    return Corrupt(path, "no \"links\" array", links, why);
  if (doc.value("version", 0) != 1) return Corrupt(path, "unknown version", links, why);
  size_t i = 0;
  for (const auto& row : doc["links"]) {
    auto text_field = [&](const char* name) -> const nlohmann::json* {
      if (!row.is_object() || !row.contains(name) || !row[name].is_string() || row[name].get_ref<const std::string&>().empty())
        return nullptr;
      return &row[name];
    };
    const auto *code = text_field("code"), *group = text_field("group"), *link = text_field("link");
    if (!code || !group || !link)
      return Corrupt(path, "entry " + std::to_string(i) + " lacks code, group or link", links, why);
    (*links)[code->get<std::string>()] = {group->get<std::string>(), link->get<std::string>()};
    ++i;
  }
  return true;
}

bool WriteTelegramLinks(const std::string& path, const StoredInviteLinks& links, std::string* why) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [code, l] : links) rows.push_back({{"code", code}, {"group", l.group}, {"link", l.link}});
  nlohmann::json doc = {{"version", 1}, {"links", std::move(rows)}};
  return ReplaceFileAtomically(path, doc.dump() + "\n", why);
}

}  // namespace shoal
