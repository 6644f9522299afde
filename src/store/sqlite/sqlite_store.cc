#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <vector>

namespace shoal {

namespace {

using Code = StoreStatus::Code;

Code CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL: return Code::kFull;
    case SQLITE_IOERR: return Code::kIoError;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Code::kCorrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Code::kBusy;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH: return Code::kInvalid;
    default: return Code::kIoError;
  }
}

StoreStatus DbError(sqlite3* db, const char* what) {
  int rc = sqlite3_extended_errcode(db);
  return StoreStatus::Error(CodeFor(rc), std::string(what) + ": " + sqlite3_errmsg(db));
}

StoreStatus ExecSql(sqlite3* db, const char* sql, const char* what) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return {};
  std::string text = std::string(what) + ": " + (msg ? msg : sqlite3_errstr(rc));
  sqlite3_free(msg);
  return StoreStatus::Error(CodeFor(rc), text);
}

// Migration i upgrades schema version i to i+1. Append new steps; never edit old ones.
const char* const kMigrations[] = {
    // 0 -> 1: the event log, snapshots and the outbox.
    R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
  seq INTEGER PRIMARY KEY, fingerprint INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  seq INTEGER NOT NULL,
  json TEXT NOT NULL,
  state INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt, id);
)sql",
};
static_assert(std::size(kMigrations) == Store::kSchemaVersion);

// Resets a statement when the scope ends, whatever path returns.
struct Reset {
  sqlite3_stmt* s;
  ~Reset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

std::string ColumnText(sqlite3_stmt* s, int i) {
  const void* p = sqlite3_column_blob(s, i);
  int n = sqlite3_column_bytes(s, i);
  return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

}  // namespace

StoreStatus SqliteStore::ReadSchemaVersion(sqlite3* db, int* version) {
  *version = 0;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'", -1, &s,
                         nullptr) != SQLITE_OK)
    return DbError(db, "reading schema");
  int rc = sqlite3_step(s);
  bool has_meta = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW) return DbError(db, "reading schema");
  if (!has_meta) return {};
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema_version'", -1, &s, nullptr) != SQLITE_OK)
    return DbError(db, "reading schema version");
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) *version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return DbError(db, "reading schema version");
  return {};
}

StoreStatus SqliteStore::Migrate(sqlite3* db, int* from) {
  int version = 0;
  if (auto st = ReadSchemaVersion(db, &version); !st.ok()) return st;
  if (from) *from = version;
  if (version > kSchemaVersion)
    return StoreStatus::Error(Code::kInvalid, "database schema version " + std::to_string(version) +
                                                  " is newer than this shoal understands (" +
                                                  std::to_string(kSchemaVersion) + "); upgrade shoal");
  for (int v = version; v < kSchemaVersion; ++v) {
    if (auto st = ExecSql(db, "BEGIN IMMEDIATE", "migrating schema"); !st.ok()) return st;
    auto st = ExecSql(db, kMigrations[v], "migrating schema");
    if (st.ok()) {
      std::string set = "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '" +
                        std::to_string(v + 1) + "')";
      st = ExecSql(db, set.c_str(), "recording schema version");
    }
    if (st.ok()) st = ExecSql(db, "COMMIT", "migrating schema");
    if (!st.ok()) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
  }
  return {};
}

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path, StoreStatus* status) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    *status = StoreStatus::Error(CodeFor(rc), "cannot open " + path + ": " +
                                                  (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  // WAL lets readers (exports) run beside the writer; FULL syncs the WAL on every commit.
  *status = ExecSql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", path.c_str());
  if (status->ok()) *status = Migrate(db, &store->found_version_);
  if (status->ok()) *status = store->Prepare();
  if (!status->ok()) {
    status->message = path + ": " + status->message;
    return nullptr;
  }
  return store;
}

SqliteStore::~SqliteStore() {
  for (sqlite3_stmt* s : {insert_event_, read_events_, last_seq_, insert_snapshot_, trim_snapshots_, load_snapshots_,
                          enqueue_, list_pending_, list_pending_after_, count_pending_, mark_delivered_, mark_failed_, list_state_, get_item_, mark_in_flight_, mark_task_})
    sqlite3_finalize(s);
  sqlite3_close(db_);
}

StoreStatus SqliteStore::Prepare() {
  struct {
    sqlite3_stmt** stmt;
    const char* sql;
  } const all[] = {
      {&insert_event_, "INSERT INTO events(seq, json) VALUES(?1, ?2)"},
      {&read_events_, "SELECT seq, json FROM events WHERE seq > ?1 ORDER BY seq"},
      {&last_seq_, "SELECT coalesce(max(seq), 0) FROM events"},
      {&insert_snapshot_, "INSERT OR REPLACE INTO snapshots(seq, fingerprint, data) VALUES(?1, ?2, ?3)"},
      {&trim_snapshots_,
       "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?1)"},
      {&load_snapshots_, "SELECT seq, fingerprint, data FROM snapshots ORDER BY seq DESC"},
      {&enqueue_, "INSERT OR IGNORE INTO outbox(key, seq, json, next_attempt) VALUES(?1, ?2, ?3, ?4)"},
      {&list_pending_,
       "SELECT key, seq, json, state, attempts, next_attempt, last_error FROM outbox "
       "WHERE state = 0 AND next_attempt <= ?1 ORDER BY id LIMIT ?2"},
      {&list_pending_after_,
       "SELECT key, seq, json, state, attempts, next_attempt, last_error, id FROM outbox "
       "WHERE id > ?1 AND state = 0 ORDER BY id LIMIT ?2"},
      {&count_pending_, "SELECT count(*) FROM outbox WHERE state = 0"},
      {&mark_delivered_, "UPDATE outbox SET state = 1, attempts = attempts + 1 WHERE key = ?1"},
      {&mark_failed_,
       "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt = ?3, state = ?4 WHERE key = ?1"},
      {&list_state_,
       "SELECT key, seq, json, state, attempts, next_attempt, last_error FROM outbox "
       "WHERE state = ?2 ORDER BY id LIMIT ?1"},
      {&mark_in_flight_, "UPDATE outbox SET state = 3 WHERE key = ?1"},
      {&mark_task_, "UPDATE outbox SET state = 4, last_error = ?2 WHERE key = ?1"},
      {&get_item_,
       "SELECT key, seq, json, state, attempts, next_attempt, last_error FROM outbox WHERE key = ?1"},
  };
  for (const auto& p : all)
    if (sqlite3_prepare_v3(db_, p.sql, -1, SQLITE_PREPARE_PERSISTENT, p.stmt, nullptr) != SQLITE_OK)
      return Err("preparing statements");
  return {};
}

StoreStatus SqliteStore::Exec(const char* sql) { return ExecSql(db_, sql, sql); }
StoreStatus SqliteStore::Err(const char* what) const { return DbError(db_, what); }

StoreStatus SqliteStore::AppendEvents(std::span<const LoggedEvent> batch) {
  if (batch.empty()) return {};
  std::lock_guard lock(mu_);
  if (auto st = Exec("BEGIN IMMEDIATE"); !st.ok()) return st;
  StoreStatus st;
  for (const auto& e : batch) {
    Reset r{insert_event_};
    sqlite3_bind_int64(insert_event_, 1, static_cast<sqlite3_int64>(e.seq));
    BindText(insert_event_, 2, e.json);
    if (sqlite3_step(insert_event_) != SQLITE_DONE) {
      st = Err("appending events");
      break;
    }
  }
  if (st.ok()) st = Exec("COMMIT");
  if (!st.ok()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);  // all-or-nothing
  return st;
}

StoreStatus SqliteStore::ReadEventsAfter(uint64_t after, const std::function<bool(const LoggedEvent&)>& fn) {
  std::lock_guard lock(mu_);
  Reset r{read_events_};
  sqlite3_bind_int64(read_events_, 1, static_cast<sqlite3_int64>(after));
  LoggedEvent e;
  int rc;
  while ((rc = sqlite3_step(read_events_)) == SQLITE_ROW) {
    e.seq = static_cast<uint64_t>(sqlite3_column_int64(read_events_, 0));
    e.json = ColumnText(read_events_, 1);
    if (!fn(e)) return {};
  }
  if (rc != SQLITE_DONE) return Err("reading events");
  return {};
}

StoreStatus SqliteStore::LastSeq(uint64_t* seq) {
  std::lock_guard lock(mu_);
  Reset r{last_seq_};
  if (sqlite3_step(last_seq_) != SQLITE_ROW) return Err("reading last seq");
  *seq = static_cast<uint64_t>(sqlite3_column_int64(last_seq_, 0));
  return {};
}

StoreStatus SqliteStore::SaveSnapshot(const StoredSnapshot& snapshot) {
  std::lock_guard lock(mu_);
  if (auto st = Exec("BEGIN IMMEDIATE"); !st.ok()) return st;
  StoreStatus st;
  {
    Reset r{insert_snapshot_};
    sqlite3_bind_int64(insert_snapshot_, 1, static_cast<sqlite3_int64>(snapshot.seq));
    sqlite3_bind_int64(insert_snapshot_, 2, static_cast<sqlite3_int64>(snapshot.fingerprint));
    sqlite3_bind_blob(insert_snapshot_, 3, snapshot.data.data(), static_cast<int>(snapshot.data.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(insert_snapshot_) != SQLITE_DONE) st = Err("saving snapshot");
  }
  if (st.ok()) {
    Reset r{trim_snapshots_};
    sqlite3_bind_int(trim_snapshots_, 1, kSnapshotsKept);
    if (sqlite3_step(trim_snapshots_) != SQLITE_DONE) st = Err("trimming snapshots");
  }
  if (st.ok()) st = Exec("COMMIT");
  if (!st.ok()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return st;
}

StoreStatus SqliteStore::LoadSnapshots(std::vector<StoredSnapshot>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  Reset r{load_snapshots_};
  int rc;
  while ((rc = sqlite3_step(load_snapshots_)) == SQLITE_ROW) {
    StoredSnapshot s;
    s.seq = static_cast<uint64_t>(sqlite3_column_int64(load_snapshots_, 0));
    s.fingerprint = static_cast<uint64_t>(sqlite3_column_int64(load_snapshots_, 1));
    s.data = ColumnText(load_snapshots_, 2);
    out->push_back(std::move(s));
  }
  if (rc != SQLITE_DONE) return Err("loading snapshots");
  return {};
}

StoreStatus SqliteStore::EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) {
  if (inserted) *inserted = 0;
  if (entries.empty()) return {};
  std::lock_guard lock(mu_);
  if (auto st = Exec("BEGIN IMMEDIATE"); !st.ok()) return st;
  StoreStatus st;
  size_t n = 0;
  for (const auto& e : entries) {
    Reset r{enqueue_};
    BindText(enqueue_, 1, e.key);
    sqlite3_bind_int64(enqueue_, 2, static_cast<sqlite3_int64>(e.seq));
    BindText(enqueue_, 3, e.json);
    sqlite3_bind_int64(enqueue_, 4, static_cast<sqlite3_int64>(e.not_before));
    if (sqlite3_step(enqueue_) != SQLITE_DONE) {
      st = Err("enqueueing actions");
      break;
    }
    n += static_cast<size_t>(sqlite3_changes(db_));
  }
  if (st.ok()) st = Exec("COMMIT");
  if (!st.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  if (inserted) *inserted = n;
  return st;
}

StoreStatus SqliteStore::ListItems(sqlite3_stmt* s, std::vector<OutboxItem>* out) {
  out->clear();
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    OutboxItem item;
    item.key = ColumnText(s, 0);
    item.seq = static_cast<uint64_t>(sqlite3_column_int64(s, 1));
    item.json = ColumnText(s, 2);
    item.state = static_cast<OutboxItem::State>(sqlite3_column_int(s, 3));
    item.attempts = sqlite3_column_int64(s, 4);
    item.next_attempt = sqlite3_column_int64(s, 5);
    item.last_error = ColumnText(s, 6);
    if (sqlite3_column_count(s) > 7) item.position = static_cast<uint64_t>(sqlite3_column_int64(s, 7));
    out->push_back(std::move(item));
  }
  if (rc != SQLITE_DONE) return Err("reading outbox");
  return {};
}

StoreStatus SqliteStore::ListPending(Micros now, size_t limit, std::vector<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  Reset r{list_pending_};
  sqlite3_bind_int64(list_pending_, 1, now);
  sqlite3_bind_int64(list_pending_, 2, static_cast<sqlite3_int64>(limit));
  return ListItems(list_pending_, out);
}

StoreStatus SqliteStore::ListPendingAfter(uint64_t after, size_t limit, std::vector<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  Reset r{list_pending_after_};
  sqlite3_bind_int64(list_pending_after_, 1, static_cast<sqlite3_int64>(std::min<uint64_t>(after, INT64_MAX)));
  sqlite3_bind_int64(list_pending_after_, 2, static_cast<sqlite3_int64>(std::min<size_t>(limit, INT64_MAX)));
  return ListItems(list_pending_after_, out);
}

StoreStatus SqliteStore::CountPending(uint64_t* count) {
  std::lock_guard lock(mu_);
  Reset r{count_pending_};
  if (sqlite3_step(count_pending_) != SQLITE_ROW) return Err("counting outbox");
  *count = static_cast<uint64_t>(sqlite3_column_int64(count_pending_, 0));
  return {};
}

StoreStatus SqliteStore::UpdateOne(sqlite3_stmt* s, const std::string& key, const std::string* text,
                                   const char* what) {
  std::lock_guard lock(mu_);
  Reset r{s};
  BindText(s, 1, key);
  if (text) BindText(s, 2, *text);
  if (sqlite3_step(s) != SQLITE_DONE) return Err(what);
  if (sqlite3_changes(db_) == 0) return StoreStatus::Error(Code::kInvalid, "no outbox entry '" + key + "'");
  return {};
}

StoreStatus SqliteStore::MarkDelivered(const std::string& key) {
  return UpdateOne(mark_delivered_, key, nullptr, "marking delivered");
}

StoreStatus SqliteStore::MarkInFlight(const std::string& key) {
  return UpdateOne(mark_in_flight_, key, nullptr, "marking in flight");
}

StoreStatus SqliteStore::MarkTask(const std::string& key, const std::string& note) {
  return UpdateOne(mark_task_, key, &note, "marking task");
}

StoreStatus SqliteStore::MarkFailed(const std::string& key, const std::string& error, Micros next_attempt,
                                    bool dead) {
  std::lock_guard lock(mu_);
  Reset r{mark_failed_};
  BindText(mark_failed_, 1, key);
  BindText(mark_failed_, 2, error);
  sqlite3_bind_int64(mark_failed_, 3, next_attempt);
  sqlite3_bind_int(mark_failed_, 4, dead ? 2 : 0);
  if (sqlite3_step(mark_failed_) != SQLITE_DONE) return Err("marking failed");
  if (sqlite3_changes(db_) == 0) return StoreStatus::Error(Code::kInvalid, "no outbox entry '" + key + "'");
  return {};
}

StoreStatus SqliteStore::ListDead(size_t limit, std::vector<OutboxItem>* out) {
  return ListByState(OutboxItem::State::kDead, limit, out);
}

StoreStatus SqliteStore::ListByState(OutboxItem::State state, size_t limit, std::vector<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  Reset r{list_state_};
  sqlite3_bind_int64(list_state_, 1, static_cast<sqlite3_int64>(limit));
  sqlite3_bind_int(list_state_, 2, static_cast<int>(state));
  return ListItems(list_state_, out);
}

StoreStatus SqliteStore::GetOutboxItem(const std::string& key, std::optional<OutboxItem>* out) {
  std::lock_guard lock(mu_);
  Reset r{get_item_};
  BindText(get_item_, 1, key);
  std::vector<OutboxItem> items;
  auto st = ListItems(get_item_, &items);
  if (!st.ok()) return st;
  if (items.empty()) out->reset();
  else *out = std::move(items.front());
  return {};
}

}  // namespace shoal
