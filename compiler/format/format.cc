#include "compiler/format/format.h"

#include <algorithm>

#include "compiler/format/layout.h"
#include "compiler/format/roles.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/token_stream.h"

namespace ocf::format {
namespace {

// A token as the check below compares it: a table row without its spacing
// (the layout lines up its cells), anything else exactly as written.
std::string Comparable(const LexToken& t) {
  if (t.cls != TokenClass::TableRow) return t.text;
  std::string out;
  for (char c : t.text) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

}  // namespace

FormatResult Format(std::string_view text, const std::string& path, const FormatOptions& options) {
  FormatResult result;
  uint32_t id = result.sources.Add(path, text);
  const SourceFile& source = result.sources.Get(id);
  ParseResult parsed = Parse(source, id);
  if (parsed.diagnostics.has_errors()) {
    result.diagnostics = std::move(parsed.diagnostics);
    return result;
  }
  std::vector<LexToken> tokens = LexAll(source, id);
  Roles roles = ComputeRoles(parsed.file, tokens);
  std::string formatted = Layout(tokens, roles, options.max_width);

  // Belt and braces: the layout only moves the space between tokens, so the
  // result must read back as the same tokens and comments, in the same
  // order. If it ever does not, the file is left alone rather than mangled.
  SourceFile again(path, formatted);
  std::vector<LexToken> check = LexAll(again, id);
  bool same =
      check.size() == tokens.size() &&
      std::equal(check.begin(), check.end(), tokens.begin(), [](const LexToken& a, const LexToken& b) {
        return a.cls == b.cls && Comparable(a) == Comparable(b);
      });
  if (!same) {
    result.internal_error =
        "`ocf fmt` could not lay this file out without changing its tokens, so it is left as it is; "
        "this is a bug in ocf: please report it with the file";
    return result;
  }
  result.ok = true;
  result.text = std::move(formatted);
  return result;
}

}  // namespace ocf::format
