// The canonical layout (docs/language.md, "Layout"): tokens and their roles
// in, text out.
//
// Lines are decided first: a declaration starts a line at the left margin;
// each item of a block starts a line one level in, its `}` a line of its
// own; a decision table or `tiered` keeps its cases on one line when it was
// written on one line and fits, else one case per line; a line comment ends
// its line; every other line break the author wrote is kept, as a
// continuation line. Lines still longer than the width are then broken at
// their loosest operator (after a definition's `=`, before `where`, `then`,
// `else`, `otherwise`, `or`, `and`, comparisons, `+`/`-`, `*`/`/`, after a
// comma), outermost brackets first. A continuation line is indented by what
// it continues, never by how it was written, so formatting is idempotent.
// Last, similar one-line items that follow one another line up (columns on
// `:`, lets and pay lines on `=`, targets on their rule, ...), as do the
// cells of a test table and runs of trailing comments.
#pragma once

#include <string>
#include <vector>

#include "compiler/format/roles.h"
#include "compiler/parse/token_stream.h"

namespace ocf::format {

std::string Layout(const std::vector<LexToken>& tokens, const Roles& roles, int max_width);

}  // namespace ocf::format
