// A syntax tree as text, with what it means and nothing of where it was
// written: every declaration, item and expression node with its kind, names,
// literal values (as the tree holds them: exact decimals, ISO dates, text
// with escapes resolved, currency codes), operators and children, one node a
// line, children indented under their parent. No spans, no node ids.
//
// Two files that differ only in layout and comments dump the same, and any
// change of meaning (an operator, a literal, a name, a nesting) dumps
// differently: tests/fmt compares the dumps of every .ocf file before and
// after `ocf fmt` to show that formatting changes no meaning.
#pragma once

#include <string>

#include "compiler/ast/ast.h"

namespace ocf::ast {

std::string DumpTree(const File& file);
std::string DumpExpr(const Expr& expr);

}  // namespace ocf::ast
