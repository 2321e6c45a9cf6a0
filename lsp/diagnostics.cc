// The compiler's diagnostics as LSP's (docs/editors.md, "Diagnostics"):
//
//   severity        error 1, warning 2
//   code            "E0401", source "ocf"
//   range           the primary span
//   message         the message, then `help: ...` on a line of its own (every
//                   client shows the message; not every client shows related
//                   information), and notes that point nowhere as `note: ...`
//   relatedInformation
//                   each note that points somewhere, at its place (a client
//                   without relatedInformation support gets these in the
//                   message too, with their line and column)
//
// A diagnostic in an imported file is published on the document that
// imports it, at its `import` line, saying where it is; its exact place is
// the first related information. Files are only published while open.
#include <filesystem>

#include "compiler/ast/ast.h"
#include "lsp/server_impl.h"

namespace ocf::lsp {

namespace {

// The `import` of the document that brought in `source_id`: the one whose
// path names that file, else the first import.
std::optional<Span> ImportSpanFor(const OpenDocument& d, uint32_t source_id) {
  const driver::Compilation& c = d.analysis->compilation();
  if (c.files.empty() || !c.files[0]) return std::nullopt;
  std::string stem = std::filesystem::path(c.sources.Get(source_id).path()).stem().string();
  std::optional<Span> first;
  for (const auto& decl : c.files[0]->decls) {
    if (!decl || decl->kind != ast::DeclKind::Import) continue;
    const auto& import = static_cast<const ast::ImportDecl&>(*decl);
    if (!first) first = import.span;
    if (std::filesystem::path(import.path).stem().string() == stem) return import.span;
  }
  return first;
}

}  // namespace

Json DiagnosticsJson(Server& server, const OpenDocument& d) {
  Json out = Array();
  if (!d.analysis) {
    if (!d.analysis_error.empty()) {
      Json diag = Object({{"range", server.RangeJson(d, Span{0, 0, 0})},
                          {"severity", Int(1)},
                          {"source", Str("ocf")},
                          {"message", Str(d.analysis_error)}});
      Push(out, std::move(diag));
    }
    return out;
  }
  const driver::Compilation& c = d.analysis->compilation();
  const bool related = server.caps().related_information;
  for (const Diagnostic& diag : c.diagnostics.diagnostics()) {
    const DiagInfo& info = Info(diag.code);
    std::string message = diag.message;
    Json related_info = Array();
    Span primary = diag.span;
    if (diag.span.file != 0) {
      // In an imported file: shown at the import, pointing at the place.
      const SourceFile& file = c.sources.Get(diag.span.file);
      LineCol at = file.Locate(diag.span.begin);
      message = "in " + file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                message;
      Push(related_info,
           Object({{"location", server.LocationJson(d, diag.span)}, {"message", Str(diag.message)}}));
      primary = ImportSpanFor(d, diag.span.file).value_or(Span{0, 0, 0});
    }
    for (const DiagNote& note : diag.notes) {
      if (!note.span) {
        message += "\nnote: " + note.message;
        continue;
      }
      if (related) {
        Push(related_info,
             Object({{"location", server.LocationJson(d, *note.span)}, {"message", Str(note.message)}}));
      } else {
        LineCol at = c.sources.Get(note.span->file).Locate(note.span->begin);
        message += "\nnote (line " + std::to_string(at.line) + ", column " + std::to_string(at.column) +
                   "): " + note.message;
      }
    }
    if (!diag.help.empty()) message += "\nhelp: " + diag.help;
    Json j = Object({{"range", server.RangeJson(d, primary)},
                     {"severity", Int(diag.severity == Severity::Error ? 1 : 2)},
                     {"code", Str(info.code)},
                     {"source", Str("ocf")},
                     {"message", Str(message)}});
    if (related && !related_info.items.empty()) Set(j, "relatedInformation", std::move(related_info));
    Push(out, std::move(j));
  }
  return out;
}

}  // namespace ocf::lsp
