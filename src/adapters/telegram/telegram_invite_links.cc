#include "adapters/telegram/telegram_invite_links.h"

#include <cstdio>

#include <spdlog/spdlog.h>

namespace shoal {

TelegramInviteLinker::TelegramInviteLinker(TelegramAdapter* adapter, InviteLinkOptions options)
    : adapter_(adapter), options_(std::move(options)) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
}

TelegramInviteLinker::~TelegramInviteLinker() { Stop(); }

void TelegramInviteLinker::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  Load();
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void TelegramInviteLinker::Load() {
  if (options_.links_file.empty()) return;
  std::string why;
  if (ReadTelegramLinks(options_.links_file, &links_, &why)) {
    for (const auto& [code, l] : links_) adapter_->links().Remember(l.link, code);
    if (!links_.empty()) spdlog::info("telegram: {} invite link(s) loaded from {}", links_.size(), options_.links_file);
    return;
  }
  load_error_ = why;
  // Kept for an operator to look at; the next save would otherwise overwrite it.
  std::string aside = options_.links_file + ".corrupt";
  bool moved = std::rename(options_.links_file.c_str(), aside.c_str()) == 0;
  spdlog::error("telegram: cannot load the saved invite links: {}; {}starting without them (the links of live "
                "codes are made again)",
                why, moved ? "kept as " + aside + ", " : std::string());
}

void TelegramInviteLinker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (!queue_.empty())
      spdlog::warn("telegram: stopping with {} invite link change(s) not made (done at the next start)", queue_.size());
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TelegramInviteLinker::Offer(const Event& e) {
  if (e.type != EventType::kInvite) return;
  InviteSpec spec;
  if (!ParseInviteEvent(e, &spec, nullptr)) return;
  // A revocation may name no group: the code's link is found by the code.
  if (!spec.revoke && !spec.group.starts_with("tg:")) return;
  Reconcile({std::move(spec)});
}

void TelegramInviteLinker::Reconcile(const std::vector<InviteSpec>& codes) {
  {
    std::lock_guard lock(mu_);
    for (const InviteSpec& spec : codes) {
      if (spec.revoke || spec.group.starts_with("tg:")) queue_.push_back(spec);
    }
  }
  cv_.notify_all();
}

std::string TelegramInviteLinker::LinkFor(const std::string& code) const {
  std::lock_guard lock(mu_);
  auto it = links_.find(code);
  return it == links_.end() ? std::string() : it->second.link;
}

uint64_t TelegramInviteLinker::created() const {
  std::lock_guard lock(mu_);
  return created_;
}

uint64_t TelegramInviteLinker::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}

uint64_t TelegramInviteLinker::revoked() const {
  std::lock_guard lock(mu_);
  return revoked_;
}

uint64_t TelegramInviteLinker::revoke_failed() const {
  std::lock_guard lock(mu_);
  return revoke_failed_;
}

std::string TelegramInviteLinker::load_error() const {
  std::lock_guard lock(mu_);
  return load_error_;
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
    if (spec.revoke) Revoke(spec.code, "revoked", lock);
    else Make(spec, lock);
    busy_ = false;
    cv_.notify_all();
  }
}

void TelegramInviteLinker::Make(const InviteSpec& spec, std::unique_lock<std::mutex>& lock) {
  // Decided when the job runs, not when it was queued: an offer and a start-up reconcile may
  // both ask for the same code.
  if (auto it = links_.find(spec.code); it != links_.end()) {
    if (it->second.group == spec.group) return;
    Revoke(spec.code, ("moved to " + spec.group).c_str(), lock);
    if (stopping_) return;
  }
  std::string link;
  DeliveryResult r = WithRetries([&] { return adapter_->CreateInviteLink(spec, &link); }, lock);
  if (r.code != DeliveryResult::Code::kDelivered) {
    ++failed_;
    spdlog::warn("telegram: no invite link for code {} in {}: {}", spec.code, spec.group, r.detail);
    return;
  }
  links_[spec.code] = {spec.group, link};
  ++created_;
  spdlog::info("telegram: invite code {} has link {} in {}", spec.code, link, spec.group);
  Save(lock);
}

void TelegramInviteLinker::Revoke(const std::string& code, const char* because, std::unique_lock<std::mutex>& lock) {
  auto it = links_.find(code);
  if (it == links_.end()) return;  // never had one (or already revoked): nothing on Telegram
  StoredInviteLink old = it->second;
  DeliveryResult r = WithRetries([&] { return adapter_->RevokeInviteLink(old.group, old.link); }, lock);
  if (r.code == DeliveryResult::Code::kDelivered) {
    ++revoked_;
    spdlog::info("telegram: invite link {} of code {} revoked ({})", old.link, code, because);
  } else {
    // Forgotten anyway: Shoal already refuses joins through a revoked code, and keeping the
    // link would stop the code, made again, from getting a fresh one.
    ++revoke_failed_;
    spdlog::warn("telegram: could not revoke invite link {} of code {} in {}: {}; revoke it by hand", old.link, code,
                 old.group, r.detail);
  }
  links_.erase(code);
  Save(lock);
}

DeliveryResult TelegramInviteLinker::WithRetries(const std::function<DeliveryResult()>& call,
                                                 std::unique_lock<std::mutex>& lock) {
  std::chrono::milliseconds wait = options_.backoff;
  DeliveryResult r;
  for (int attempt = 1;; ++attempt) {
    lock.unlock();
    r = call();
    lock.lock();
    bool transient = r.code == DeliveryResult::Code::kRetry || r.code == DeliveryResult::Code::kRateLimited;
    if (!transient || attempt >= options_.max_attempts || stopping_) return r;
    auto pause = r.code == DeliveryResult::Code::kRateLimited
                     ? std::max(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::microseconds(r.retry_after)))
                     : wait;
    cv_.wait_for(lock, pause, [this] { return stopping_; });
    if (stopping_) return r;
    wait *= 2;
  }
}

void TelegramInviteLinker::Save(std::unique_lock<std::mutex>& lock) {
  if (options_.links_file.empty()) return;
  StoredInviteLinks copy = links_;
  // Only this thread writes the file, so copies land in order.
  lock.unlock();
  std::string why;
  bool ok = WriteTelegramLinks(options_.links_file, copy, &why);
  lock.lock();
  if (!ok) spdlog::error("telegram: cannot save the invite links: {}; a restart will remake them", why);
}

}  // namespace shoal
