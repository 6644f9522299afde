// The long-poll offset kept across restarts: one decimal number in a small file (by default
// beside the store, `<store>.telegram-offset`), replaced atomically (write, fsync, rename,
// fsync the directory) so a crash leaves the old number or the new one, never half of one.
// The poller writes it only after the updates below it are durable, so a restart neither
// loses updates nor reads the last batch again.
#pragma once
#include <cstdint>
#include <string>

namespace shoal {

// False with *why when the file exists but cannot be read or holds no offset; a missing file
// is true with *offset = 0 (start from whatever Telegram holds).
bool ReadTelegramOffset(const std::string& path, int64_t* offset, std::string* why);
bool WriteTelegramOffset(const std::string& path, int64_t offset, std::string* why);

}  // namespace shoal
