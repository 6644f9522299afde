#include "server/metrics.h"

#include <fmt/format.h>

namespace shoal {

void Metrics::ObserveCommit(int64_t micros, size_t events) {
  double seconds = static_cast<double>(micros) / 1e6;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) commit_buckets[i].fetch_add(1, std::memory_order_relaxed);
  commit_count.fetch_add(1, std::memory_order_relaxed);
  commit_micros_sum.fetch_add(static_cast<uint64_t>(micros), std::memory_order_relaxed);
  batch_events_sum.fetch_add(events, std::memory_order_relaxed);
}

void Metrics::CountDelivery(std::string_view platform, std::string_view outcome) {
  std::lock_guard lock(deliveries_mu_);
  ++deliveries_[{std::string(platform), std::string(outcome)}];
}

uint64_t Metrics::deliveries(std::string_view platform, std::string_view outcome) const {
  std::lock_guard lock(deliveries_mu_);
  auto it = deliveries_.find(std::pair<std::string, std::string>(platform, outcome));
  return it == deliveries_.end() ? 0 : it->second;
}

void Metrics::AddRenderer(std::function<void(std::string*)> render) {
  std::lock_guard lock(deliveries_mu_);
  renderers_.push_back(std::move(render));
}

std::string Metrics::Render() const {
  std::string out;
  auto counter = [&](const char* name, const char* help, uint64_t v) {
    out += fmt::format("# HELP shoal_{0} {1}\n# TYPE shoal_{0} counter\nshoal_{0} {2}\n", name, help, v);
  };
  counter("events_accepted_total", "Events durably logged and acknowledged.", events_accepted.load());
  counter("events_rejected_total", "Events refused by validation or admission.", events_rejected.load());
  counter("actions_total", "Actions emitted by the engine.", actions.load());
  counter("store_failures_total", "Batch commits the store refused (events answered 503).", store_failures.load());
  counter("http_requests_total", "HTTP requests handled.", requests.load());
  counter("snapshots_total", "State snapshots written.", snapshots.load());
  counter("clock_ticks_total", "Tick events the server's clock logged (timers due, or idle).", ticks.load());
  counter("http_unauthorized_total", "Requests refused for a missing, malformed or unknown token (401).",
          auth_failures.load());
  counter("http_forbidden_total", "Requests refused for role or community scope (403).", forbidden.load());
  counter("http_rate_limited_total", "Requests refused by a token's rate limit (429).", rate_limited.load());
  out += fmt::format("# HELP shoal_outbox_pending Actions waiting for delivery.\n# TYPE shoal_outbox_pending gauge\n"
                     "shoal_outbox_pending {}\n",
                     outbox_pending.load());
  out += "# HELP shoal_batch_commit_seconds Time to commit one group-commit batch.\n"
         "# TYPE shoal_batch_commit_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i)
    out += fmt::format("shoal_batch_commit_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i], commit_buckets[i].load());
  uint64_t count = commit_count.load();
  out += fmt::format("shoal_batch_commit_seconds_bucket{{le=\"+Inf\"}} {}\n", count);
  out += fmt::format("shoal_batch_commit_seconds_sum {}\n", static_cast<double>(commit_micros_sum.load()) / 1e6);
  out += fmt::format("shoal_batch_commit_seconds_count {}\n", count);
  counter("batch_events_total", "Events committed in batches (divide by commit count for mean batch size).",
          batch_events_sum.load());
  {
    std::lock_guard lock(deliveries_mu_);
    out += "# HELP shoal_outbox_deliveries_total Outbox outcomes by platform: delivered, failed (to be retried), "
           "dead (dead letter), task (held for a person).\n# TYPE shoal_outbox_deliveries_total counter\n";
    for (const auto& [k, v] : deliveries_)
      out += fmt::format("shoal_outbox_deliveries_total{{platform=\"{}\",outcome=\"{}\"}} {}\n", k.first, k.second, v);
    for (const auto& render : renderers_) render(&out);
  }
  return out;
}

}  // namespace shoal
