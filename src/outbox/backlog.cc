#include "outbox/backlog.h"

#include <algorithm>

#include "shoal/action.h"

namespace shoal {

Backlog::Backlog(Store* store, BacklogOptions options) : store_(store), options_(options) {
  options_.page = std::max<size_t>(options_.page, 1);
  options_.per_lane = std::max<size_t>(options_.per_lane, 2);
  options_.total = std::max(options_.total, options_.per_lane);
}

std::string Backlog::LaneOf(const OutboxItem& item) {
  auto action = ActionFromJson(item.json);
  if (!action) return "?";  // unreadable: its own lane, where it becomes a dead letter
  ActionType t = action->type;
  bool message = t == ActionType::kSend || t == ActionType::kAnnounce || t == ActionType::kDm;
  const std::string& chat = t == ActionType::kDm && !action->member.empty() ? action->member : action->group;
  return (message ? "m " : "c ") + chat;
}

StoreStatus Backlog::Read(uint64_t after, uint64_t until, Micros now, bool rescan) {
  std::vector<OutboxItem> page;
  for (;;) {
    if (!rescan && loaded_.size() >= options_.total) return {};  // no room: read on when there is
    if (auto st = store_->ListPendingAfter(after, options_.page, &page); !st.ok()) return st;
    for (auto& item : page) {
      if (item.position > until) return {};
      if (!rescan && loaded_.size() >= options_.total) return {};
      after = item.position;
      if (!rescan) cursor_ = item.position;
      std::string lane = LaneOf(item);
      if (rescan && !rescanning_.count(lane)) continue;  // other lanes hold theirs already
      Keep(lane, std::move(item), now, rescan);
    }
    if (page.size() < options_.page) return {};
  }
}

void Backlog::Keep(const std::string& name, OutboxItem item, Micros now, bool rescan) {
  if (loaded_.count(item.key)) return;
  Lane& lane = lanes_[name];
  // Behind an entry left in the store, later ones of the lane wait too: a lane keeps its order.
  if (lane.left_behind != 0 && !rescan) return;
  if (lane.held >= options_.per_lane || lane.left_behind != 0 || loaded_.size() >= options_.total) {
    if (lane.left_behind == 0) lane.left_behind = item.position;
    return;
  }
  loaded_.insert(item.key);
  ++lane.held;
  if (item.next_attempt > now) {
    later_.emplace(item.next_attempt, std::make_pair(name, std::move(item)));
    return;
  }
  uint64_t position = item.position;
  lane.due.emplace(position, std::move(item));
  if (!lane.in_turns) {
    lane.in_turns = true;
    turn_at_[name] = turns_.insert(turns_.end(), name);
  }
}

StoreStatus Backlog::Refill(Micros now) {
  // Lanes that have drained to half read again what they left in the store.
  uint64_t from = UINT64_MAX;
  for (auto& [name, lane] : lanes_) {
    if (lane.left_behind == 0 || lane.held > options_.per_lane / 2) continue;
    from = std::min(from, lane.left_behind);
    lane.left_behind = 0;
    rescanning_.insert(name);
  }
  if (!rescanning_.empty()) {
    StoreStatus st = Read(from - 1, cursor_, now, /*rescan=*/true);
    rescanning_.clear();
    if (!st.ok()) return st;
  }
  if (auto st = Read(cursor_, UINT64_MAX, now, /*rescan=*/false); !st.ok()) return st;
  while (!later_.empty() && later_.begin()->first <= now) {
    auto node = later_.extract(later_.begin());
    auto& [name, item] = node.mapped();
    Lane& lane = lanes_[name];
    uint64_t position = item.position;
    lane.due.emplace(position, std::move(item));
    if (!lane.in_turns) {
      lane.in_turns = true;
      turn_at_[name] = turns_.insert(turns_.end(), name);
    }
  }
  return {};
}

std::vector<std::string> Backlog::Turns() const { return {turns_.begin(), turns_.end()}; }

const OutboxItem* Backlog::Head(const std::string& name) const {
  auto it = lanes_.find(name);
  if (it == lanes_.end() || it->second.due.empty()) return nullptr;
  return &it->second.due.begin()->second;
}

void Backlog::ToBack(const std::string& name) {
  auto at = turn_at_.find(name);
  if (at == turn_at_.end()) return;
  turns_.splice(turns_.end(), turns_, at->second);
}

void Backlog::Leave(Lane& lane, const std::string& name) {
  if (lane.due.empty() && lane.in_turns) {
    lane.in_turns = false;
    auto at = turn_at_.find(name);
    turns_.erase(at->second);
    turn_at_.erase(at);
  }
  if (lane.held == 0 && lane.left_behind == 0) lanes_.erase(name);  // no memory kept for idle chats
}

void Backlog::Done(const std::string& name, uint64_t position) {
  auto it = lanes_.find(name);
  if (it == lanes_.end() || it->second.due.empty()) return;
  Lane& lane = it->second;
  auto entry = position ? lane.due.find(position) : lane.due.begin();
  if (entry == lane.due.end()) return;
  loaded_.erase(entry->second.key);
  lane.due.erase(entry);
  --lane.held;
  ToBack(name);
  Leave(lane, name);
}

void Backlog::RetryAt(const std::string& name, Micros next_attempt, const std::string& error, uint64_t position) {
  auto it = lanes_.find(name);
  if (it == lanes_.end() || it->second.due.empty()) return;
  Lane& lane = it->second;
  auto entry = position ? lane.due.find(position) : lane.due.begin();
  if (entry == lane.due.end()) return;
  auto node = lane.due.extract(entry);
  OutboxItem& item = node.mapped();
  ++item.attempts;
  item.next_attempt = next_attempt;
  item.last_error = error;
  later_.emplace(next_attempt, std::make_pair(name, std::move(item)));
  ToBack(name);
  Leave(lane, name);
}

}  // namespace shoal
