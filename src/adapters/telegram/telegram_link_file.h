// The Telegram invite links the bot made, kept across restarts in a small JSON file (by
// default beside the store, `<store>.telegram-links`), replaced whole and atomically after
// every change (core/atomic_file.h). It is a cache of what Telegram holds: the linker
// rebuilds what a lost or corrupt file forgot from the engine's codes (telegram_invite_links.h).
//   {"version":1,"links":[{"code":"poster-A","group":"tg:-1001","link":"https://t.me/+…"}]}
#pragma once
#include <map>
#include <string>

namespace shoal {

struct StoredInviteLink {
  std::string group;  // the tg: group the link leads into
  std::string link;   // the URL Telegram made
};
using StoredInviteLinks = std::map<std::string, StoredInviteLink>;  // by Shoal invite code

// A missing file is true with no links. False with *why when it exists but cannot be read
// or is not such a file (*links is then empty: nothing half-read is trusted).
bool ReadTelegramLinks(const std::string& path, StoredInviteLinks* links, std::string* why);
bool WriteTelegramLinks(const std::string& path, const StoredInviteLinks& links, std::string* why);

}  // namespace shoal
