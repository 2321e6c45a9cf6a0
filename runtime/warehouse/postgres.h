// A PostgreSQL client for `ocf run --engine postgres --db URI` and `ocf
// check --data --engine postgres`: runs one of `ocf sql`'s scripts over
// libpq and brings back its (small) result as text. Nothing else of ocf
// depends on libpq: this is its own library, ocf_postgres, and it loads
// libpq on the first Connect (libpq.h), so that other commands never do.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocf::warehouse {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // nullopt: SQL null
};

class Postgres {
 public:
  ~Postgres();
  Postgres(const Postgres&) = delete;
  Postgres& operator=(const Postgres&) = delete;

  // Connects to `uri` (a libpq connection string or URI:
  // postgresql://user@host:port/db, or "host=/tmp/x dbname=y"). On failure,
  // nullptr and `error` set to libpq's message, without the password.
  static std::unique_ptr<Postgres> Connect(const std::string& uri, std::string& error);

  // Runs `sql` (one statement, or several separated by `;`) and returns the
  // rows of the last statement that returns rows. On failure, nullopt and
  // `error` set to the server's message (with its SQLSTATE, and the position
  // in `sql` when the server gives one, as "line L: ...").
  std::optional<QueryResult> Run(const std::string& sql, std::string& error);

  // Run's results are small aggregates; one larger than this (an estimate
  // of the memory its rows take) is stopped and reported as an error.
  void set_max_result_bytes(size_t bytes) { max_result_bytes_ = bytes; }

 private:
  Postgres() = default;
  struct Conn;
  std::unique_ptr<Conn> conn_;
  size_t max_result_bytes_ = size_t{256} << 20;
};

}  // namespace ocf::warehouse
