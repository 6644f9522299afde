#include "features/signup/signup_sheet.h"

#include <algorithm>

namespace shoal {

namespace {
int64_t IndexOf(const std::vector<SignupEntry>& list, std::string_view member) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].member == member) return static_cast<int64_t>(i);
  }
  return -1;
}
}  // namespace

JoinResult SignupSheet::Join(SignupEntry entry, int64_t* position) {
  if (int64_t i = IndexOf(entries, entry.member); i >= 0) {
    *position = i + 1;
    return JoinResult::kAlreadyIn;
  }
  if (int64_t i = IndexOf(waitlist, entry.member); i >= 0) {
    *position = i + 1;
    return JoinResult::kAlreadyWaiting;
  }
  if (!Full()) {
    entries.push_back(std::move(entry));
    *position = static_cast<int64_t>(entries.size());
    return JoinResult::kJoined;
  }
  if (static_cast<int64_t>(waitlist.size()) < waitlist_cap) {
    waitlist.push_back(std::move(entry));
    *position = static_cast<int64_t>(waitlist.size());
    return JoinResult::kWaitlisted;
  }
  *position = 0;
  return JoinResult::kFull;
}

WithdrawResult SignupSheet::Withdraw(std::string_view member, std::optional<SignupEntry>* promoted) {
  promoted->reset();
  if (int64_t i = IndexOf(entries, member); i >= 0) {
    entries.erase(entries.begin() + i);
    if (!waitlist.empty() && !Full()) {
      entries.push_back(waitlist.front());
      *promoted = waitlist.front();
      waitlist.erase(waitlist.begin());
    }
    return WithdrawResult::kWithdrawn;
  }
  if (int64_t i = IndexOf(waitlist, member); i >= 0) {
    waitlist.erase(waitlist.begin() + i);
    return WithdrawResult::kLeftWaitlist;
  }
  return WithdrawResult::kNotFound;
}

SignupEntry* SignupSheet::Find(std::string_view member) {
  int64_t i = IndexOf(entries, member);
  return i < 0 ? nullptr : &entries[i];
}

}  // namespace shoal
