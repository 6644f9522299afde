// One sign-up chain's list (接龙): numbered participants up to a capacity, then a
// bounded waiting list; a participant's withdrawal moves the first waiting
// member up. No time, no actions: the feature around it decides when.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shoal/time.h"

namespace shoal {

struct SignupEntry {
  std::string member, name;
  std::vector<std::string> values;  // one per field of the sign-up
  Micros at = 0;
  Micros attended = 0;  // 0 = not (yet) checked in at the venue
};

enum class JoinResult { kJoined, kWaitlisted, kAlreadyIn, kAlreadyWaiting, kFull };
enum class WithdrawResult { kWithdrawn, kLeftWaitlist, kNotFound };

class SignupSheet {
 public:
  int64_t cap = 0;           // 0 = no limit
  int64_t waitlist_cap = 0;  // 0 = no waiting list
  std::vector<SignupEntry> entries, waitlist;

  // *position: 1-based place in the list or on the waiting list.
  JoinResult Join(SignupEntry entry, int64_t* position);
  // A participant leaving promotes the first waiting member into *promoted.
  WithdrawResult Withdraw(std::string_view member, std::optional<SignupEntry>* promoted);
  // The member's participant entry, or null.
  SignupEntry* Find(std::string_view member);
  bool Full() const { return cap > 0 && static_cast<int64_t>(entries.size()) >= cap; }
};

}  // namespace shoal
