// `ocf sql --schema`: the tables the scripts read, as CREATE TABLE
// statements (docs/warehouse.md, "The tables").
#include <fmt/format.h>

#include "compiler/sql/dialect.h"

namespace ocf::sql {

std::string SchemaScript(const plan::EvaluationPlan& plan, const SqlOptions& options) {
  DialectRules d(options.dialect);
  std::string out = fmt::format("-- ocf sql --schema --dialect {}: the tables of \"{}\"\n",
                                DialectName(options.dialect), plan.contract_title);
  for (const plan::Table& t : plan.tables) {
    auto named = options.tables.find(t.name);
    out += fmt::format("CREATE TABLE {} (\n",
                       d.TableRef(named == options.tables.end() ? t.name : named->second));
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const plan::TableColumn& col = t.columns[c];
      out += fmt::format("  {} {}{}{}\n", d.Ident(col.name), d.ColumnType(col.type),
                         col.optional ? "" : " NOT NULL", c + 1 < t.columns.size() ? "," : "");
    }
    out += ");\n";
  }
  return out;
}

}  // namespace ocf::sql
