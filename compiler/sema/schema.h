// A data block as the runtime sees it: column names, kinds, optionality, keys,
// enumeration values, date order and the contract's currency (money cells in
// another currency are problems), without the syntax tree. The checker's
// test tables and the driver's CSV reading both start from this, so a data
// block means the same to each.
#pragma once

#include <string_view>

#include "compiler/ast/ast.h"
#include "runtime/cells.h"

namespace ocf {

// `currency`: the contract's currency code (CheckedProgram::contract.currency).
ColumnSpec ColumnSpecOf(const ast::ColumnDecl& column, const ast::DataDecl& data, std::string_view currency);
TableSchema SchemaOf(const ast::DataDecl& data, std::string_view currency);

}  // namespace ocf
