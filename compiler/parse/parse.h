// Stage 1: text -> syntax tree.
//
// Parse() reads one source file and returns ocf's own AST (compiler/ast) with
// every problem found on the way as diagnostics. It never throws and never
// crashes, whatever the bytes: invalid UTF-8, unterminated strings and
// comments, binary junk, 100,000 nested brackets and 5,000-digit numbers all
// come back as located diagnostics. After a syntax error it recovers at the
// next declaration (or the next item of a block, on a later line) so one
// mistake gives one error. Diagnostics come back in file order.
//
// The tree is complete where the text is: a missing expression is an
// ErrorExpr, and a declaration or block item whose name is missing is left
// out. Node ids are dense from 1 (File::node_count is one past the last).
// See compiler/parse/README.md for how the pieces fit.
//
// ANTLR is an implementation detail of this folder: nothing outside
// compiler/parse includes its headers.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source.h"

namespace ocf {

struct ParseLimits {
  // Brackets, unary operators, `if`s, `^`s and `where`s nested deeper than
  // this are reported instead of parsed (and so cannot exhaust the stack).
  int max_nesting = 256;
  // After this many syntax errors in one file the rest of it is skipped.
  int max_errors = 50;
};

struct ParseResult {
  ast::File file;
  DiagnosticSink diagnostics;
};

ParseResult Parse(const SourceFile& source, uint32_t source_id, const ParseLimits& limits = {});

}  // namespace ocf
