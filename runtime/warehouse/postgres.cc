// The PostgreSQL client over libpq (see postgres.h).
//
// A script goes to the server in one simple-protocol message, so it may hold
// several statements; the results come back one statement after another and
// the rows of the last one that returned rows are kept. Rows are read in
// single-row mode: a result far larger than the small aggregate result ocf
// expects (a wrong script, a wrong table) is stopped at a limit and reported,
// instead of libpq buffering all of it first.
#include "runtime/warehouse/postgres.h"

#include <cstring>
#include <string_view>

#include "runtime/warehouse/libpq.h"

namespace ocf::warehouse {
namespace {

// libpq, loaded by the first Connect (libpq.h): everything below runs after
// one succeeded.
const Libpq& Pq() {
  std::string unused;
  return *LoadLibpq(unused);
}

}  // namespace

struct Postgres::Conn {
  PGconn* pg = nullptr;
  ~Conn() {
    if (pg) Pq().PQfinish(pg);
  }
};

namespace {

// libpq's messages end with a newline and may hold several lines
// ("connection to server ... failed: FATAL: ..."): one line each, trimmed.
std::string Tidy(std::string_view message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.remove_suffix(1);
  std::string out;
  bool line_start = false;
  for (char c : message) {
    if (c == '\n') {
      out += "; ";
      line_start = true;
    } else if (!(line_start && (c == ' ' || c == '\t'))) {
      out += c;
      line_start = false;
    }
  }
  return out;
}

// The password a connection string holds, however it is written: the
// `password` keyword of either form, as libpq reads it, and -- when the
// string does not parse -- the userinfo of a URI (user:password@host), so
// that no message shows it even when libpq quotes the string back.
std::vector<std::string> Secrets(const std::string& uri) {
  std::vector<std::string> secrets;
  if (PQconninfoOption* options = Pq().PQconninfoParse(uri.c_str(), nullptr)) {
    for (PQconninfoOption* o = options; o->keyword; ++o)
      if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val) secrets.emplace_back(o->val);
    Pq().PQconninfoFree(options);
  }
  size_t scheme = uri.find("://");
  if (scheme != std::string::npos) {
    size_t at = uri.find('@', scheme + 3);
    size_t colon = uri.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      secrets.push_back(uri.substr(colon + 1, at - colon - 1));
  }
  for (size_t p = uri.find("password"); p != std::string::npos; p = uri.find("password", p + 1)) {
    size_t v = uri.find_first_not_of(" =", p + 8);
    if (v == std::string::npos) break;
    size_t end = uri.find_first_of(" &", v);
    secrets.push_back(uri.substr(v, end == std::string::npos ? std::string::npos : end - v));
  }
  return secrets;
}

std::string Redact(std::string message, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    if (s.empty()) continue;
    for (size_t p = message.find(s); p != std::string::npos; p = message.find(s, p + 3))
      message.replace(p, s.size(), "***");
  }
  return message;
}

// "line L:C: " for the server's position: a 1-based count of characters
// (not bytes: the server counts in its encoding's characters, and the
// session's encoding is UTF-8) into the whole script, which the simple
// protocol parses as one string.
std::string Where(const std::string& sql, const char* position) {
  if (!position || !*position) return "";
  long target = std::strtol(position, nullptr, 10);
  if (target < 1) return "";
  long line = 1, column = 1, chars = 1;
  for (size_t i = 0; i < sql.size() && chars < target; ++i) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: the same character
    ++chars;
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

// "line 3:8: ERROR 42703: column \"nme\" does not exist; hint: ..."
std::string ServerError(const PGresult* r, const std::string& sql) {
  auto field = [r](int code) -> std::string {
    const char* v = Pq().PQresultErrorField(r, code);
    return v ? v : "";
  };
  std::string severity = field(PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity.empty()) severity = "ERROR";
  std::string primary = field(PG_DIAG_MESSAGE_PRIMARY);
  if (primary.empty()) primary = Tidy(Pq().PQresultErrorMessage(r));
  std::string out = Where(sql, Pq().PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION)) + severity;
  if (std::string state = field(PG_DIAG_SQLSTATE); !state.empty()) out += " " + state;
  out += ": " + primary;
  if (std::string detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty()) out += "; detail: " + Tidy(detail);
  if (std::string hint = field(PG_DIAG_MESSAGE_HINT); !hint.empty()) out += "; hint: " + Tidy(hint);
  return out;
}

}  // namespace

Postgres::~Postgres() = default;

std::unique_ptr<Postgres> Postgres::Connect(const std::string& uri, std::string& error) {
  // Keywords are applied in order and the connection string (expanded from
  // `dbname`) in its place: what comes before it is a default the user's
  // string may change, what comes after is ocf's. The scripts' text and the
  // results are UTF-8 whatever the database's encoding.
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"30", "ocf", uri.c_str(), "UTF8", nullptr};
  if (!LoadLibpq(error)) return nullptr;
  std::unique_ptr<Postgres> db(new Postgres());
  db->conn_ = std::make_unique<Conn>();
  db->conn_->pg = Pq().PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  PGconn* pg = db->conn_->pg;
  if (!pg) {
    error = "out of memory";
    return nullptr;
  }
  if (Pq().PQstatus(pg) != CONNECTION_OK) {
    error = Redact(Tidy(Pq().PQerrorMessage(pg)), Secrets(uri));
    return nullptr;
  }
  // The server's notices (NOTICE, WARNING) would go to standard error
  // between ocf's own lines; the scripts raise none that matter.
  Pq().PQsetNoticeProcessor(
      pg, [](void*, const char*) {}, nullptr);
  // ocf only reads: every transaction of this session is read-only, so no
  // script -- generated or not -- changes the warehouse. Dates come back ISO
  // whatever the server's default style.
  PGresult* r = Pq().PQexec(pg, "SET default_transaction_read_only = on; SET DateStyle = ISO, YMD");
  bool ok = Pq().PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) error = "the session could not be set up: " + Redact(ServerError(r, ""), Secrets(uri));
  Pq().PQclear(r);
  if (!ok) return nullptr;
  return db;
}

std::optional<QueryResult> Postgres::Run(const std::string& sql, std::string& error) {
  PGconn* pg = conn_->pg;
  if (!Pq().PQsendQuery(pg, sql.c_str())) {
    error = "cannot send the script to PostgreSQL: " + Tidy(Pq().PQerrorMessage(pg));
    return std::nullopt;
  }
  Pq().PQsetSingleRowMode(pg);  // if refused, whole results come: still correct
  QueryResult result, current;
  bool in_rows = false;    // `current` is being filled (a statement's rows are arriving)
  size_t bytes = 0;        // an estimate of what `current` holds in memory
  bool cancelled = false;  // the limit was hit: the rest is drained and ignored
  error.clear();
  while (PGresult* r = Pq().PQgetResult(pg)) {
    ExecStatusType status = Pq().PQresultStatus(r);
    if (status == PGRES_COPY_OUT || status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
      // COPY would wait for data ocf never sends or reads: end it and refuse.
      if (status == PGRES_COPY_IN) {
        Pq().PQputCopyEnd(pg, "ocf runs no COPY");
      } else {
        char* buffer = nullptr;
        while (Pq().PQgetCopyData(pg, &buffer, 0) > 0) Pq().PQfreemem(buffer);
      }
      if (error.empty()) error = "the script runs COPY, which ocf does not: give it queries";
    } else if (cancelled) {
      // Drained: the server's "canceling statement" error included.
    } else if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      if (!in_rows) {
        current = QueryResult();
        bytes = 0;
        for (int c = 0; c < Pq().PQnfields(r); ++c) current.columns.emplace_back(Pq().PQfname(r, c));
        in_rows = true;
      }
      for (int row = 0; row < Pq().PQntuples(r) && !cancelled; ++row) {
        std::vector<std::optional<std::string>>& cells = current.rows.emplace_back();
        for (int c = 0; c < Pq().PQnfields(r); ++c) {
          if (Pq().PQgetisnull(r, row, c))
            cells.emplace_back(std::nullopt);
          else
            cells.emplace_back(std::string(Pq().PQgetvalue(r, row, c), Pq().PQgetlength(r, row, c)));
          bytes += sizeof(cells.back()) + static_cast<size_t>(Pq().PQgetlength(r, row, c));
        }
        if (bytes > max_result_bytes_) {
          error = "the PostgreSQL result is too large: more than " + std::to_string(max_result_bytes_ >> 20) +
                  " MiB after " + std::to_string(current.rows.size()) +
                  " rows (the script should return a small aggregate result)";
          cancelled = true;
          if (PGcancel* cancel = Pq().PQgetCancel(pg)) {
            char why[256];
            Pq().PQcancel(cancel, why, sizeof why);
            Pq().PQfreeCancel(cancel);
          }
          current = QueryResult();
        }
      }
      // A statement's rows end with a TUPLES_OK result (with no rows in
      // single-row mode): the statement is done.
      if (status == PGRES_TUPLES_OK && !cancelled) {
        result = std::move(current);
        current = QueryResult();
        in_rows = false;
      }
    } else if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE ||
               status == PGRES_NONFATAL_ERROR) {
      if (error.empty()) error = ServerError(r, sql);
    }
    // PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: a statement without rows.
    Pq().PQclear(r);
  }
  if (!error.empty()) return std::nullopt;
  if (Pq().PQstatus(pg) != CONNECTION_OK) {
    error = "the connection to PostgreSQL was lost: " + Tidy(Pq().PQerrorMessage(pg));
    return std::nullopt;
  }
  return result;
}

}  // namespace ocf::warehouse
