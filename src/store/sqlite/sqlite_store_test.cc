#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

namespace shoal {
namespace {

std::string TempDb(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("shoal_sqlite_" + std::to_string(::getpid()) + "_" + name);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

void RawExec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(SqliteStore, FreshFileIsVersionZeroThenMigrated) {
  std::string path = TempDb("fresh.db");
  StoreStatus st;
  auto store = SqliteStore::Open(path, &st);
  ASSERT_TRUE(store) << st.ToString();
  EXPECT_EQ(store->schema_version_found(), 0);
  store.reset();
  store = SqliteStore::Open(path, &st);  // second open: already current
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version_found(), Store::kSchemaVersion);
}

TEST(SqliteStore, DatabaseWithoutMetaIsDetectedAsV0) {
  std::string path = TempDb("legacy.db");
  RawExec(path, "CREATE TABLE events (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);"
                "INSERT INTO events VALUES (1, '{}');");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  int version = -1;
  ASSERT_TRUE(SqliteStore::ReadSchemaVersion(db, &version).ok());
  EXPECT_EQ(version, 0);
  int from = -1;
  ASSERT_TRUE(SqliteStore::Migrate(db, &from).ok());
  EXPECT_EQ(from, 0);
  ASSERT_TRUE(SqliteStore::ReadSchemaVersion(db, &version).ok());
  EXPECT_EQ(version, Store::kSchemaVersion);
  sqlite3_close(db);
  StoreStatus st;
  auto store = SqliteStore::Open(path, &st);
  ASSERT_TRUE(store) << st.ToString();
  uint64_t last = 0;
  ASSERT_TRUE(store->LastSeq(&last).ok());
  EXPECT_EQ(last, 1u);  // old rows survive the migration
}

TEST(SqliteStore, RefusesANewerSchema) {
  std::string path = TempDb("newer.db");
  RawExec(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "INSERT INTO meta VALUES ('schema_version', '99');");
  StoreStatus st;
  auto store = SqliteStore::Open(path, &st);
  EXPECT_FALSE(store);
  EXPECT_EQ(st.code, StoreStatus::Code::kInvalid);
  EXPECT_NE(st.message.find("newer"), std::string::npos) << st.message;
}

TEST(SqliteStore, DataSurvivesReopen) {
  std::string path = TempDb("reopen.db");
  StoreStatus st;
  {
    auto store = SqliteStore::Open(path, &st);
    ASSERT_TRUE(store);
    std::vector<LoggedEvent> batch;
    for (uint64_t i = 1; i <= 1000; ++i) batch.push_back({i, "{\"n\":" + std::to_string(i) + "}"});
    ASSERT_TRUE(store->AppendEvents(batch).ok());
  }
  auto store = SqliteStore::Open(path, &st);
  ASSERT_TRUE(store);
  uint64_t last = 0;
  ASSERT_TRUE(store->LastSeq(&last).ok());
  EXPECT_EQ(last, 1000u);
}

TEST(SqliteStore, UnopenablePathIsAClearError) {
  StoreStatus st;
  auto store = SqliteStore::Open("/nonexistent-dir/x/y.db", &st);
  EXPECT_FALSE(store);
  EXPECT_NE(st.message.find("/nonexistent-dir/x/y.db"), std::string::npos) << st.message;
}

}  // namespace
}  // namespace shoal
