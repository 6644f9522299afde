// Small state files replaced whole: the new contents go to `<path>.tmp`, are fsynced, renamed
// over `path` and the directory fsynced, so after a crash the file holds the old contents or
// the new, never a mix, and a completed replace survives power loss.
#pragma once
#include <string>
#include <string_view>

namespace shoal {

// False with *why (naming the file and the system's error) when any step fails; the old
// contents are then untouched.
bool ReplaceFileAtomically(const std::string& path, std::string_view contents, std::string* why,
                           unsigned mode = 0644);

// Reads such a file whole. A file that does not exist is not an error: true, *missing set,
// *contents empty. False with *why (the file and the system's error) when it cannot be read.
bool ReadFileIfPresent(const std::string& path, std::string* contents, bool* missing, std::string* why);

}  // namespace shoal
