#include "server/recovery.h"

#include <chrono>
#include <vector>

#include "shoal/event_codec.h"

namespace shoal {

namespace {
constexpr size_t kPage = 4096;  // events read per store call: bounds memory on a long tail
}

StoreStatus RecoverEngine(std::shared_ptr<const Config> config, Store& store, std::unique_ptr<Engine>* engine,
                          RecoveryStats* stats, bool enqueue_actions) {
  auto start = std::chrono::steady_clock::now();
  *stats = {};
  std::string why;
  auto fresh = [&]() { return Engine::Create(config, &why); };
  std::unique_ptr<Engine> e = fresh();
  if (!e) return StoreStatus::Error(StoreStatus::Code::kInvalid, "engine: " + why);

  uint64_t last_logged = 0;
  if (auto st = store.LastSeq(&last_logged); !st.ok()) return st;
  std::vector<StoredSnapshot> snapshots;
  if (auto st = store.LoadSnapshots(&snapshots); !st.ok()) return st;
  for (const auto& s : snapshots) {
    if (s.fingerprint != config->fingerprint) {
      stats->snapshot_note = "snapshot at seq " + std::to_string(s.seq) + " was made with another config";
      continue;
    }
    if (s.seq > last_logged) {
      stats->snapshot_note = "snapshot at seq " + std::to_string(s.seq) + " is ahead of the log";
      continue;
    }
    if (!e->LoadSnapshot(s.data, &why)) {
      stats->snapshot_note = "snapshot at seq " + std::to_string(s.seq) + " unreadable: " + why;
      e = fresh();  // a failed load may leave partial state
      continue;
    }
    stats->snapshot_used = true;
    stats->snapshot_seq = s.seq;
    break;
  }

  // The log holds only what was admitted once; generous limits so a tightened config cannot drop history.
  EventLimits limits;
  limits.max_line_bytes = limits.max_text_bytes = limits.max_id_bytes = limits.max_name_bytes = SIZE_MAX / 4;
  EventParser parser(limits);
  std::vector<LoggedEvent> page;
  std::vector<Action> actions;
  std::vector<OutboxEntry> entries;
  uint64_t after = stats->snapshot_seq;
  for (;;) {
    page.clear();
    auto st = store.ReadEventsAfter(after, [&](const LoggedEvent& le) {
      page.push_back(le);
      return page.size() < kPage;
    });
    if (!st.ok()) return st;
    if (page.empty()) break;
    entries.clear();
    for (const auto& le : page) {
      Event ev;
      EventError err;
      after = le.seq;
      ++stats->tail_events;
      if (!parser.Parse(le.json, &ev, &err) || !e->Admit(ev, &err)) {
        ++stats->tail_rejected;
        continue;
      }
      ev.seq = le.seq;
      actions.clear();
      e->Apply(ev, &actions);
      stats->actions += actions.size();
      if (enqueue_actions)
        for (const auto& a : actions) entries.push_back({a.key, le.seq, ActionToJson(a)});
    }
    if (entries.empty()) continue;
    size_t inserted = 0;
    if (auto st2 = store.EnqueueActions(entries, &inserted); !st2.ok()) return st2;
    stats->actions_enqueued += inserted;
  }
  stats->last_seq = after;
  stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  *engine = std::move(e);
  return {};
}

}  // namespace shoal
