#include "adapters/telegram/telegram_inbound.h"

#include <future>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "adapters/telegram/telegram_offset.h"

namespace shoal {

namespace {

bool SameSecret(const std::string& expected, const std::string* given) {
  if (expected.empty()) return true;  // no secret configured: nothing to check
  if (!given || given->size() != expected.size()) return false;  // the length is not the secret
  return sodium_memcmp(expected.data(), given->data(), expected.size()) == 0;
}

std::string ErrorJson(std::string_view message) { return nlohmann::json{{"error", message}}.dump(); }

// Submits and blocks until the sink answers; the poller thread has nothing else to do meanwhile.
EventSink::Ack SubmitAndWait(EventSink* sink, std::vector<Event> events) {
  std::promise<EventSink::Ack> promise;
  auto future = promise.get_future();
  sink->Submit(std::move(events), [&promise](EventSink::Ack ack) { promise.set_value(std::move(ack)); });
  return future.get();
}

}  // namespace

TelegramWebhook::TelegramWebhook(TelegramAdapter* adapter, EventSink* sink) : adapter_(adapter), sink_(sink) {}

void TelegramWebhook::Handle(const std::string* secret, std::string_view body, Reply reply) {
  if (!SameSecret(adapter_->options().secret_token, secret)) {
    ++adapter_->counters().webhook_refused;
    reply(401, ErrorJson(secret ? "wrong secret token" : "missing X-Telegram-Bot-Api-Secret-Token"));
    return;
  }
  nlohmann::json update = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  std::vector<Event> events;
  int64_t update_id = 0;
  std::string why = "not valid JSON";
  if (update.is_discarded() || !adapter_->Absorb(update, &events, &update_id, &why)) {
    if (update.is_discarded()) ++adapter_->counters().malformed;
    reply(400, ErrorJson("malformed update: " + why));
    return;
  }
  if (events.empty()) {
    reply(200, "{}");
    return;
  }
  sink_->Submit(std::move(events), [reply = std::move(reply)](EventSink::Ack ack) {
    // Refused by the store: a non-2xx answer makes Telegram deliver the update again later.
    if (!ack.stored) return reply(503, ErrorJson("the event log is unavailable; retry"));
    reply(200, nlohmann::json{{"accepted", ack.accepted}, {"errors", ack.errors}}.dump());
  });
}

TelegramPoller::TelegramPoller(TelegramAdapter* adapter, EventSink* sink, PollOptions options)
    : adapter_(adapter), sink_(sink), options_(std::move(options)) {
  if (options_.offset_file.empty()) return;
  std::string why;
  if (!ReadTelegramOffset(options_.offset_file, &offset_, &why))
    spdlog::warn("telegram: {}; starting from what Telegram holds", why);  // updates may come twice, none is lost
  written_offset_ = offset_;
  if (offset_ > 0) spdlog::info("telegram: resuming long polling at offset {}", offset_);
}

uint64_t TelegramPoller::offset_write_failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return offset_write_failures_;
}

TelegramPoller::~TelegramPoller() { Stop(); }

void TelegramPoller::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void TelegramPoller::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t TelegramPoller::offset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return offset_;
}

void TelegramPoller::set_offset(int64_t offset) {
  std::lock_guard<std::mutex> lock(mu_);
  offset_ = offset;
}

uint64_t TelegramPoller::failed_polls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_polls_;
}

bool TelegramPoller::PollOnce() {
  int timeout = adapter_->options().poll_timeout_seconds;
  BotApiCall call{"getUpdates", {{"offset", offset()}, {"timeout", timeout}, {"allowed_updates", AllowedUpdates()}}};
  nlohmann::json result;
  // The HTTP deadline covers the long-poll wait plus the ordinary call budget.
  auto budget = adapter_->options().call_timeout + std::chrono::seconds(timeout);
  DeliveryResult r = adapter_->Call(call, &result, std::chrono::duration_cast<std::chrono::milliseconds>(budget));
  if (r.code != DeliveryResult::Code::kDelivered || !result.is_array()) {
    std::lock_guard<std::mutex> lock(mu_);
    ++failed_polls_;
    return false;
  }
  std::vector<Event> events;
  int64_t next = offset();
  for (const auto& update : result) {
    int64_t id = 0;
    std::string why;
    adapter_->Absorb(update, &events, &id, &why);  // a malformed update is counted and skipped
    if (id >= next) next = id + 1;
  }
  if (!events.empty()) {
    EventSink::Ack ack = SubmitAndWait(sink_, std::move(events));
    if (!ack.stored) {
      std::lock_guard<std::mutex> lock(mu_);
      ++failed_polls_;
      return false;  // not durable: ask for the same updates again
    }
  }
  set_offset(next);
  // Only now, with the events durable, may a restart skip these updates.
  if (!options_.offset_file.empty() && next != written_offset_) {
    std::string why;
    if (WriteTelegramOffset(options_.offset_file, next, &why)) {
      written_offset_ = next;
    } else {
      spdlog::warn("telegram: cannot keep the poll offset: {}", why);
      std::lock_guard<std::mutex> lock(mu_);
      ++offset_write_failures_;
    }
  }
  return true;
}

void TelegramPoller::Loop() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    if (!PollOnce()) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, options_.backoff, [&] { return stopping_; });
    }
  }
}

}  // namespace shoal
