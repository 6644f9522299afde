// The dispatcher's view of the pending outbox, so one busy chat cannot hold up the others.
// Entries are read from the store in enqueue order (Store::ListPendingAfter) and kept in one
// lane each: a chat's messages, or a chat's other calls (so moderation never queues behind
// paced messages). Lanes take turns (round-robin, the lane served last goes to the back);
// within a lane entries keep their enqueue order. An entry not yet due (a backoff, a
// scheduled mute lift) waits aside and joins its lane when due.
//
// Memory is bounded: a lane holds at most `per_lane` entries and the backlog `total`. Past
// a lane's bound its entries stay in the store only; once the lane has drained to half, they
// are read again (a rescan from the first one left behind). Past `total` reading pauses until
// there is room. The store stays the truth: an entry leaves the backlog only when the
// dispatcher has decided its outcome.
#pragma once
#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "shoal/store.h"

namespace shoal {

struct BacklogOptions {
  size_t page = 256;        // entries read per store call
  size_t per_lane = 1024;   // entries kept per lane
  size_t total = 50'000;    // entries kept in all
};

class Backlog {
 public:
  Backlog(Store* store, BacklogOptions options);

  // Reads new entries (and those left behind, where a lane has room again) and moves entries
  // due by `now` into their lanes.
  StoreStatus Refill(Micros now);

  // The lanes with an entry due, in turn order (the front is served first).
  std::vector<std::string> Turns() const;
  // The first entry of a lane, or null when the lane has none due.
  const OutboxItem* Head(const std::string& lane) const;
  // The head's outcome is decided: it leaves the backlog, and the lane goes to the back.
  // `position` names the entry instead of the head (a call that was under way while an
  // earlier entry came due again); 0 = the head.
  void Done(const std::string& lane, uint64_t position = 0);
  // The head (or the entry at `position`) failed and is retried at `next_attempt`: it waits
  // aside (one attempt more, as the store counts it), and the lane goes to the back.
  void RetryAt(const std::string& lane, Micros next_attempt, const std::string& error, uint64_t position = 0);

  size_t size() const { return loaded_.size(); }
  size_t lanes() const { return lanes_.size(); }

  // Which lane an entry belongs to (from its action JSON).
  static std::string LaneOf(const OutboxItem& item);

 private:
  struct Lane {
    std::map<uint64_t, OutboxItem> due;  // by position
    size_t held = 0;           // entries kept, due or waiting aside
    uint64_t left_behind = 0;  // first position not kept (0 = none)
    bool in_turns = false;
  };
  void Keep(const std::string& lane_name, OutboxItem item, Micros now, bool rescan);
  void ToBack(const std::string& lane);
  void Leave(Lane& lane, const std::string& name);
  StoreStatus Read(uint64_t after, uint64_t until, Micros now, bool rescan);

  Store* store_;
  BacklogOptions options_;
  uint64_t cursor_ = 0;   // every pending entry up to here has been read once
  std::unordered_map<std::string, Lane> lanes_;
  std::list<std::string> turns_;  // lanes with a due entry, next to serve first
  std::unordered_map<std::string, std::list<std::string>::iterator> turn_at_;
  std::multimap<Micros, std::pair<std::string, OutboxItem>> later_;  // not yet due: (lane, entry)
  std::unordered_set<std::string> loaded_;  // keys held (due or later)
  std::unordered_set<std::string> rescanning_;  // lanes whose left-behind entries are read again
};

}  // namespace shoal
