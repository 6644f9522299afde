// The embedded default Store on SQLite: WAL journal, synchronous=FULL (a commit
// survives power loss), prepared statements, one transaction per batch.
// One connection guarded by a mutex: the server has a single writer thread.
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "shoal/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace shoal {

class SqliteStore final : public Store {
 public:
  // Opens or creates the database and migrates its schema to kSchemaVersion.
  // Null with *status set when the file cannot be opened or is newer than this build.
  static std::unique_ptr<SqliteStore> Open(const std::string& path, StoreStatus* status);
  ~SqliteStore() override;

  // Schema version recorded in `meta`; 0 when the table or row is absent (an
  // empty file, or a database from before versioning).
  static StoreStatus ReadSchemaVersion(sqlite3* db, int* version);
  // Runs every migration from the current version up to kSchemaVersion, each in
  // its own transaction; *from receives the version found.
  static StoreStatus Migrate(sqlite3* db, int* from);

  StoreStatus AppendEvents(std::span<const LoggedEvent> batch) override;
  // fn runs under the store's lock: it must not call back into the store.
  StoreStatus ReadEventsAfter(uint64_t after, const std::function<bool(const LoggedEvent&)>& fn) override;
  StoreStatus LastSeq(uint64_t* seq) override;
  StoreStatus SaveSnapshot(const StoredSnapshot& snapshot) override;
  StoreStatus LoadSnapshots(std::vector<StoredSnapshot>* out) override;
  StoreStatus EnqueueActions(std::span<const OutboxEntry> entries, size_t* inserted) override;
  StoreStatus ListPending(Micros now, size_t limit, std::vector<OutboxItem>* out) override;
  StoreStatus ListPendingAfter(uint64_t after, size_t limit, std::vector<OutboxItem>* out) override;
  StoreStatus CountPending(uint64_t* count) override;
  StoreStatus MarkDelivered(const std::string& key) override;
  StoreStatus MarkFailed(const std::string& key, const std::string& error, Micros next_attempt, bool dead) override;
  StoreStatus ListDead(size_t limit, std::vector<OutboxItem>* out) override;
  StoreStatus GetOutboxItem(const std::string& key, std::optional<OutboxItem>* out) override;
  StoreStatus MarkInFlight(const std::string& key) override;
  StoreStatus MarkTask(const std::string& key, const std::string& note) override;
  StoreStatus ListByState(OutboxItem::State state, size_t limit, std::vector<OutboxItem>* out) override;

  int schema_version_found() const { return found_version_; }

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  StoreStatus Prepare();
  StoreStatus Exec(const char* sql);
  StoreStatus Err(const char* what) const;
  StoreStatus ListItems(sqlite3_stmt* stmt, std::vector<OutboxItem>* out);
  // Runs a one-row UPDATE bound to (key[, text]); an unknown key is kInvalid.
  StoreStatus UpdateOne(sqlite3_stmt* stmt, const std::string& key, const std::string* text, const char* what);

  std::mutex mu_;
  sqlite3* db_;
  int found_version_ = 0;
  sqlite3_stmt* insert_event_ = nullptr;
  sqlite3_stmt* read_events_ = nullptr;
  sqlite3_stmt* last_seq_ = nullptr;
  sqlite3_stmt* insert_snapshot_ = nullptr;
  sqlite3_stmt* trim_snapshots_ = nullptr;
  sqlite3_stmt* load_snapshots_ = nullptr;
  sqlite3_stmt* enqueue_ = nullptr;
  sqlite3_stmt* list_pending_ = nullptr;
  sqlite3_stmt* list_pending_after_ = nullptr;
  sqlite3_stmt* count_pending_ = nullptr;
  sqlite3_stmt* mark_delivered_ = nullptr;
  sqlite3_stmt* mark_failed_ = nullptr;
  sqlite3_stmt* list_state_ = nullptr;
  sqlite3_stmt* mark_in_flight_ = nullptr;
  sqlite3_stmt* mark_task_ = nullptr;
  sqlite3_stmt* get_item_ = nullptr;
};

}  // namespace shoal
