// textDocument/formatting: the whole document in `ocf fmt`'s layout, as one
// edit. ocf has one layout, so the client's FormattingOptions (tab size,
// spaces) are not asked for. A document with syntax errors is never
// formatted: the answer is an error saying where the first one is.
#include "lsp/server_impl.h"

#if OCF_LSP_HAVE_FORMAT
#include "compiler/format/format.h"
#endif

namespace ocf::lsp {

#if OCF_LSP_HAVE_FORMAT

bool HaveFormatting() { return true; }

void RegisterFormatting(Server& server) {
  server.AddRequest("textDocument/formatting", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    format::FormatResult r = format::Format(d.doc.text(), d.path);
    if (!r.ok) {
      std::string first = "syntax errors";
      if (!r.diagnostics.diagnostics().empty()) {
        const Diagnostic& e = r.diagnostics.diagnostics().front();
        LineCol at = r.sources.Get(e.span.file).Locate(e.span.begin);
        first = "a syntax error at line " + std::to_string(at.line) + ", column " +
                std::to_string(at.column) + ": " + e.message;
      }
      throw RpcError{rpc::kRequestFailed, "not formatted: the document has " + first};
    }
    Json edits = Array();
    if (r.text == d.doc.text()) return edits;
    Json range = Object({{"start", s.PositionJson(Position{0, 0})},
                         {"end", s.PositionJson(d.doc.lines().End(s.caps().encoding))}});
    Push(edits, Object({{"range", std::move(range)}, {"newText", Str(r.text)}}));
    return edits;
  });
}

#else

// Built without compiler/format: no formatting capability is announced.
bool HaveFormatting() { return false; }
void RegisterFormatting(Server&) {}

#endif

}  // namespace ocf::lsp
