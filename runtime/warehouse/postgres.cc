// Placeholder until the libpq client lands (see postgres.h).
#include "runtime/warehouse/postgres.h"

namespace ocf::warehouse {

struct Postgres::Conn {};

Postgres::~Postgres() = default;

std::unique_ptr<Postgres> Postgres::Connect(const std::string&, std::string& error) {
  error = "the PostgreSQL client is not built yet";
  return nullptr;
}

std::optional<QueryResult> Postgres::Run(const std::string&, std::string& error) {
  error = "the PostgreSQL client is not built yet";
  return std::nullopt;
}

}  // namespace ocf::warehouse
