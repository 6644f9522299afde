#include "server/live_feed.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "shoal/event_codec.h"

namespace shoal {

LiveSubscriber::LiveSubscriber(std::vector<std::string> communities, size_t capacity, std::function<void()> wake)
    : communities_(std::move(communities)), capacity_(std::max<size_t>(1, capacity)), wake_(std::move(wake)) {}

bool LiveSubscriber::Wants(std::string_view community) const {
  return communities_.empty() || std::find(communities_.begin(), communities_.end(), community) != communities_.end();
}

bool LiveSubscriber::Push(const std::string& line) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (dropped_) return false;
    if (queue_.size() >= capacity_) {
      dropped_ = true;
      queue_.clear();  // nothing more will be sent; free it now
      wake = true;
    } else {
      wake = queue_.empty();
      queue_.push_back(line);
    }
  }
  if (wake && wake_) wake_();
  return !dropped_;
}

std::vector<std::string> LiveSubscriber::Take(bool* dropped) {
  std::lock_guard lock(mu_);
  *dropped = dropped_;
  std::vector<std::string> out(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return out;
}

std::shared_ptr<LiveSubscriber> LiveFeed::Subscribe(std::vector<std::string> communities, std::function<void()> wake) {
  auto s = std::make_shared<LiveSubscriber>(std::move(communities), capacity_, std::move(wake));
  std::lock_guard lock(mu_);
  subs_.push_back(s);
  count_ = subs_.size();
  return s;
}

void LiveFeed::Unsubscribe(const LiveSubscriber* s) {
  std::lock_guard lock(mu_);
  std::erase_if(subs_, [s](const auto& p) { return p.get() == s; });
  count_ = subs_.size();
}

void LiveFeed::Publish(const Event& e, const std::vector<Action>& actions) {
  if (count_.load(std::memory_order_relaxed) == 0) return;  // the common case: nobody watching, no JSON
  const CommunityConfig* community = nullptr;
  std::string id;
  if (!e.group.empty() && config_->FindGroup(e.group, &community)) id = community->id;
  std::string quoted = nlohmann::json(id).dump();
  std::vector<std::string> lines;
  std::string json;
  AppendEventJson(e, &json);
  lines.push_back(R"({"kind":"event","community":)" + quoted + R"(,"event":)" + json + "}");
  for (const auto& a : actions)
    lines.push_back(R"({"kind":"action","community":)" + quoted + R"(,"seq":)" + std::to_string(e.seq) +
                    R"(,"action":)" + ActionToJson(a) + "}");
  std::vector<std::shared_ptr<LiveSubscriber>> subs;
  {
    std::lock_guard lock(mu_);
    subs = subs_;
  }
  for (auto& s : subs) {
    // An event outside every community (a tenant-wide tick) goes only to tenant-wide subscribers.
    if (id.empty() ? !s->communities_.empty() : !s->Wants(id)) continue;
    for (const auto& line : lines) {
      if (!s->Push(line)) {
        ++dropped_;
        Unsubscribe(s.get());
        break;
      }
    }
  }
}

}  // namespace shoal
