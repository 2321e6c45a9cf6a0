// A data block as the runtime sees it: column names, kinds, optionality, keys,
// enumeration values and date order, without the syntax tree. The checker's
// test tables and the driver's CSV reading both start from this, so a data
// block means the same to each.
#pragma once

#include "compiler/ast/ast.h"
#include "runtime/cells.h"

namespace ocf {

ColumnSpec ColumnSpecOf(const ast::ColumnDecl& column, const ast::DataDecl& data);
TableSchema SchemaOf(const ast::DataDecl& data);

}  // namespace ocf
