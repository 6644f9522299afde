#include "adapters/telegram/telegram_invite_links.h"

#include <spdlog/spdlog.h>

namespace shoal {

TelegramInviteLinker::TelegramInviteLinker(TelegramAdapter* adapter, InviteLinkOptions options)
    : adapter_(adapter), options_(options) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
}

TelegramInviteLinker::~TelegramInviteLinker() { Stop(); }

void TelegramInviteLinker::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void TelegramInviteLinker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (!queue_.empty()) spdlog::warn("telegram: stopping with {} invite link(s) not made", queue_.size());
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TelegramInviteLinker::Offer(const Event& e) {
  if (e.type != EventType::kInvite || !e.group.starts_with("tg:")) return;
  InviteSpec spec;
  if (!ParseInviteEvent(e, &spec, nullptr) || spec.revoke) return;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(spec));
  }
  cv_.notify_all();
}

std::string TelegramInviteLinker::LinkFor(const std::string& code) const {
  std::lock_guard lock(mu_);
  auto it = links_.find(code);
  return it == links_.end() ? std::string() : it->second;
}

uint64_t TelegramInviteLinker::created() const {
  std::lock_guard lock(mu_);
  return created_;
}

uint64_t TelegramInviteLinker::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}

bool TelegramInviteLinker::WaitIdle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

void TelegramInviteLinker::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    InviteSpec spec = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    std::chrono::milliseconds wait = options_.backoff;
    DeliveryResult r;
    std::string link;
    for (int attempt = 1;; ++attempt) {
      lock.unlock();
      r = adapter_->CreateInviteLink(spec, &link);
      lock.lock();
      bool transient = r.code == DeliveryResult::Code::kRetry || r.code == DeliveryResult::Code::kRateLimited;
      if (!transient || attempt >= options_.max_attempts || stopping_) break;
      auto pause = r.code == DeliveryResult::Code::kRateLimited
                       ? std::max(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::microseconds(r.retry_after)))
                       : wait;
      cv_.wait_for(lock, pause, [this] { return stopping_; });
      if (stopping_) break;
      wait *= 2;
    }
    if (r.code == DeliveryResult::Code::kDelivered) {
      links_[spec.code] = link;
      ++created_;
      spdlog::info("telegram: invite code {} has link {} in {}", spec.code, link, spec.group);
    } else {
      ++failed_;
      spdlog::warn("telegram: no invite link for code {} in {}: {}", spec.code, spec.group, r.detail);
    }
    busy_ = false;
    cv_.notify_all();
  }
}

}  // namespace shoal
