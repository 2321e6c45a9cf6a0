// Stage beside the pipeline: text -> the same text in the canonical layout.
//
// Format() re-lays out one `.ocf` file in the layout docs/language.md
// ("Layout") writes down: indentation, alignment of runs of similar lines,
// spacing, blank lines, long expressions broken at operators. Every token
// and every comment is kept, in order; only the space between them changes,
// so formatting never changes what a contract means (tests/fmt checks the
// syntax trees and plans of every .ocf in the repository), and formatting
// twice gives what formatting once gave.
//
// A file with syntax errors is never formatted: the parser's diagnostics come
// back instead and `text` is empty.
#pragma once

#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source.h"

namespace ocf::format {

struct FormatOptions {
  // Lines longer than this are broken at operators where they can be.
  int max_width = 100;
};

struct FormatResult {
  bool ok = false;   // false: syntax errors, in `diagnostics`
  std::string text;  // the formatted file (LF line endings, ends in one newline)
  DiagnosticSink diagnostics;
  // Set (and `ok` false) in the one case that is a bug in ocf: the layout
  // would have changed the file's tokens. The file is then not formatted.
  std::string internal_error;
  // The file as read, so diagnostics can be rendered against it.
  SourceManager sources;
};

// `path` names the file in diagnostics only; nothing is read from disk.
FormatResult Format(std::string_view text, const std::string& path, const FormatOptions& options = {});

}  // namespace ocf::format
