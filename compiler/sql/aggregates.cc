// The aggregate script (sql.h, AggregateScript). Being written.
#include "compiler/sql/dialect.h"

namespace ocf::sql {

std::optional<std::string> AggregateScript(const plan::EvaluationPlan&, const SqlOptions&, DiagnosticSink&) {
  return std::nullopt;
}

std::optional<std::string> ChecksScript(const plan::EvaluationPlan&, const SqlOptions&, DiagnosticSink&) {
  return std::nullopt;
}

}  // namespace ocf::sql
