#include "outbox/fake_platform.h"

#include <thread>

namespace shoal {

PlatformCapabilities FakePlatform::AllCapabilities() {
  PlatformCapabilities c;
  c.send_group = c.dm = c.delete_message = c.mute_timed = c.whole_mute = c.kick = c.ban = c.unban = true;
  c.approve_requests = c.create_group = c.disband = c.set_card = true;
  return c;
}

FakePlatform::FakePlatform(std::string platform, PlatformCapabilities caps, PlatformLimits limits, const Clock* clock)
    : platform_(std::move(platform)), caps_(caps), limits_(limits), clock_(clock) {}

std::string FakePlatform::AccountFor(std::string_view group) const {
  std::lock_guard lock(mu_);
  auto it = accounts_.find(group);
  return it == accounts_.end() ? std::string() : it->second;
}

DeliveryResult FakePlatform::Deliver(const Action& action) {
  const std::string& chat = action.type == ActionType::kDm ? action.member : action.group;
  std::chrono::milliseconds latency;
  {
    std::lock_guard lock(mu_);
    latency = latency_;
    max_under_way_ = std::max(max_under_way_, ++under_way_);
    max_per_chat_ = std::max(max_per_chat_, ++under_way_per_chat_[chat]);
  }
  if (latency.count() > 0) std::this_thread::sleep_for(latency);
  std::lock_guard lock(mu_);
  --under_way_;
  --under_way_per_chat_[chat];
  DeliveryResult r = DeliveryResult::Delivered();
  if (auto it = failing_chats_.find(chat); it != failing_chats_.end()) {
    r = it->second;
  } else if (!script_.empty()) {
    r = script_.front();
    script_.pop_front();
  }
  if (r.code == DeliveryResult::Code::kDelivered && r.platform_ref.empty() && !without_ids_.count(chat))
    r.platform_ref = platform_ + "-" + std::to_string(++made_);
  calls_.push_back({clock_ ? clock_->Now() : 0, action, r.code});
  return r;
}

void FakePlatform::FailNext(const DeliveryResult& result, int times) {
  std::lock_guard lock(mu_);
  for (int i = 0; i < times; ++i) script_.push_back(result);
}

void FakePlatform::FailChat(const std::string& chat, const DeliveryResult& result) {
  std::lock_guard lock(mu_);
  failing_chats_[chat] = result;
}

void FakePlatform::ClearChat(const std::string& chat) {
  std::lock_guard lock(mu_);
  failing_chats_.erase(chat);
}

void FakePlatform::WithoutIds(const std::string& chat) {
  std::lock_guard lock(mu_);
  without_ids_.insert(chat);
}

void FakePlatform::SetLatency(std::chrono::milliseconds latency) {
  std::lock_guard lock(mu_);
  latency_ = latency;
}

void FakePlatform::SetAccount(const std::string& group, const std::string& account) {
  std::lock_guard lock(mu_);
  accounts_[group] = account;
}

std::vector<FakePlatform::Call> FakePlatform::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::vector<std::string> FakePlatform::delivered_keys() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> keys;
  for (const auto& c : calls_)
    if (c.answered == DeliveryResult::Code::kDelivered) keys.push_back(c.action.key);
  return keys;
}

size_t FakePlatform::max_concurrent() const {
  std::lock_guard lock(mu_);
  return max_under_way_;
}

size_t FakePlatform::max_concurrent_per_chat() const {
  std::lock_guard lock(mu_);
  return max_per_chat_;
}

}  // namespace shoal
