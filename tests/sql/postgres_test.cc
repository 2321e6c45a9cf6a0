// The libpq client (runtime/warehouse/postgres.h) against the fixture's real
// server: connection failures without the password, server errors with
// SQLSTATE and line:column, NULLs, several statements, many rows, a result
// too large, exact numbers and UTF-8, a read-only session.
#include "runtime/warehouse/postgres.h"

#include <gtest/gtest.h>

#include "tests/sql/sql_tests.h"

namespace ocf::warehouse {
namespace {

using sqltest::ServerUri;

std::unique_ptr<Postgres> Connect() {
  std::string error;
  std::unique_ptr<Postgres> db = Postgres::Connect(ServerUri(), error);
  EXPECT_TRUE(db) << error;
  return db;
}

QueryResult Query(Postgres& db, const std::string& sql) {
  std::string error;
  std::optional<QueryResult> r = db.Run(sql, error);
  EXPECT_TRUE(r) << error;
  return r ? *r : QueryResult();
}

std::string RunError(Postgres& db, const std::string& sql) {
  std::string error;
  std::optional<QueryResult> r = db.Run(sql, error);
  EXPECT_FALSE(r) << sql;
  return error;
}

#define NEED_SERVER()                                                        \
  if (ServerUri().empty()) GTEST_SKIP() << "no --pg DIR: no server to test"; \
  std::unique_ptr<Postgres> db = Connect();                                  \
  ASSERT_TRUE(db)

TEST(Postgres, ConnectFailureShowsNoPassword) {
  // No server needed: nothing listens in a folder that does not exist.
  for (const std::string uri :
       {"host=/nonexistent/ocf port=5432 user=u password=Sekrit-123 dbname=x",
        "postgresql://u:Sekrit-123@/x?host=/nonexistent/ocf",
        "postgresql://u:Sekrit-123@%2Fnonexistent%2Focf/x",
        // Not even a connection string: libpq quotes parts of it back.
        "host=/nonexistent/ocf password=Sekrit-123 Sekrit-123", "postgresql://u:Sekrit-123@[::1/x",
        "postgresql://u:Sekrit-123@/x?host=/nonexistent/ocf&bogus=Sekrit-123"}) {
    std::string error;
    EXPECT_EQ(Postgres::Connect(uri, error), nullptr) << uri;
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(error.find("Sekrit"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
  std::string error;
  EXPECT_EQ(Postgres::Connect("host=/nonexistent/ocf dbname=x", error), nullptr);
  // Where it looked, on one line (libpq's second line indented there).
  EXPECT_TRUE(
      error.starts_with("connection to server on socket "
                        "\"/nonexistent/ocf/.s.PGSQL.5432\" failed: "))
      << error;
  EXPECT_EQ(error.find_first_of("\t\n"), std::string::npos) << error;
}

TEST(Postgres, ServerErrorHasSqlstateAndLineColumn) {
  NEED_SERVER();
  // The position is the server's count of characters into the whole script
  // (several statements, non-ASCII text before the mistake).
  EXPECT_EQ(RunError(*db, "SELECT 1;\nSELECT 'ééé😀', nme\n  FROM (SELECT 1 AS name) t;"),
            "line 2:16: ERROR 42703: column \"nme\" does not exist; hint: Perhaps you meant to reference the "
            "column \"t.name\".");
  EXPECT_EQ(RunError(*db, "SELECT 1;\n\nSELEC 2;"),
            "line 3:1: ERROR 42601: syntax error at or near \"SELEC\"");
  // No position (a run-time error): no line.
  EXPECT_EQ(RunError(*db, "SELECT 1; SELECT 1 / 0"), "ERROR 22012: division by zero");
  // The connection is usable after an error.
  EXPECT_EQ(Query(*db, "SELECT 7 AS x").rows.at(0).at(0), "7");
}

TEST(Postgres, NullsAreNotEmptyText) {
  NEED_SERVER();
  QueryResult r = Query(*db, "SELECT NULL::bigint AS a, ''::text AS b UNION ALL SELECT 2, NULL");
  ASSERT_EQ(r.columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], std::nullopt);
  EXPECT_EQ(r.rows[0][1], std::optional<std::string>(""));
  EXPECT_EQ(r.rows[1][0], std::optional<std::string>("2"));
  EXPECT_EQ(r.rows[1][1], std::nullopt);
}

TEST(Postgres, SeveralStatementsKeepTheLastRows) {
  NEED_SERVER();
  QueryResult r = Query(*db, "SELECT 1 AS a; SELECT 2 AS b, 3 AS c; SET work_mem = '64MB'; ;");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"b", "c"}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0], (std::vector<std::optional<std::string>>{"2", "3"}));
  // A last SELECT with no rows still is the last result: its columns, no rows.
  r = Query(*db, "SELECT 1 AS a; SELECT 2 AS b WHERE false");
  EXPECT_EQ(r.columns, std::vector<std::string>{"b"});
  EXPECT_TRUE(r.rows.empty());
  // Nothing returning rows: nothing.
  r = Query(*db, "SET work_mem = '64MB'");
  EXPECT_TRUE(r.columns.empty() && r.rows.empty());
}

TEST(Postgres, ManyRows) {
  NEED_SERVER();
  QueryResult r = Query(*db,
                        "SELECT g, 'row ' || g AS name, CASE WHEN g % 3 = 0 THEN NULL ELSE g END AS maybe "
                        "FROM generate_series(1, 300000) g ORDER BY g");
  ASSERT_EQ(r.rows.size(), 300000u);
  int64_t sum = 0, nulls = 0;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    ASSERT_EQ(r.rows[i][0], std::to_string(i + 1));
    ASSERT_EQ(r.rows[i][1], "row " + std::to_string(i + 1));
    if (r.rows[i][2])
      sum += std::stoll(*r.rows[i][2]);
    else
      ++nulls;
  }
  EXPECT_EQ(nulls, 100000);
  EXPECT_EQ(sum, 300000LL * 300001 / 2 - 3 * (100000LL * 100001 / 2));
}

TEST(Postgres, TooLargeAResultIsAnError) {
  NEED_SERVER();
  db->set_max_result_bytes(size_t{4} << 20);
  // A billion rows of 1,000 bytes, made as they are sent: without the
  // cancel this would not end within the test's time.
  std::string error = RunError(
      *db, "SELECT repeat('x', 1000) FROM generate_series(1, 1000000) g, generate_series(1, 1000) h");
  EXPECT_TRUE(error.starts_with("the PostgreSQL result is too large: more than 4 MiB after ")) << error;
  // Stopped on the server too, and the connection is usable.
  EXPECT_EQ(Query(*db, "SELECT 8 AS x").rows.at(0).at(0), "8");
  EXPECT_EQ(Query(*db, "SELECT count(*) FROM generate_series(1, 1000)").rows.at(0).at(0), "1000");
}

TEST(Postgres, ExactNumbersDatesAndUtf8) {
  NEED_SERVER();
  QueryResult r =
      Query(*db,
            "SELECT 12345678901234567890.123456789012345678::numeric AS n, "
            "-0.000000000000000000000000000001::numeric AS tiny, 'é€😀'::text AS t, DATE '2024-02-29' AS d, "
            "true AS b, current_setting('client_encoding') AS enc");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "12345678901234567890.123456789012345678");
  EXPECT_EQ(r.rows[0][1], "-0.000000000000000000000000000001");
  EXPECT_EQ(r.rows[0][2], "é€😀");
  EXPECT_EQ(r.rows[0][3], "2024-02-29");
  EXPECT_EQ(r.rows[0][4], "t");
  EXPECT_EQ(r.rows[0][5], "UTF8");
}

TEST(Postgres, ClientEncodingIsUtf8WhateverTheUriSays) {
  if (ServerUri().empty()) GTEST_SKIP() << "no --pg DIR: no server to test";
  std::string error;
  std::unique_ptr<Postgres> db = Postgres::Connect(ServerUri() + " client_encoding=LATIN1", error);
  ASSERT_TRUE(db) << error;
  EXPECT_EQ(Query(*db, "SELECT 'é€'::text, current_setting('client_encoding')").rows.at(0),
            (std::vector<std::optional<std::string>>{"é€", "UTF8"}));
}

TEST(Postgres, SessionChangesNothing) {
  NEED_SERVER();
  EXPECT_TRUE(RunError(*db, "CREATE TABLE ocf_should_not_exist (x int)").starts_with("ERROR 25006: ")) << "";
  EXPECT_EQ(
      Query(*db, "SELECT count(*) FROM pg_class WHERE relname = 'ocf_should_not_exist'").rows.at(0).at(0),
      "0");
  // COPY would wait for data ocf never sends: refused, the session usable.
  EXPECT_EQ(RunError(*db, "COPY (SELECT 1) TO STDOUT"),
            "the script runs COPY, which ocf does not: give it queries");
  EXPECT_EQ(Query(*db, "SELECT 9 AS x").rows.at(0).at(0), "9");
}

}  // namespace
}  // namespace ocf::warehouse
