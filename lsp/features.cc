// The language features: each request converts LSP's positions to the
// compiler's offsets, asks compiler/ide (ide.h) and converts the answer back.
#include <cctype>
#include <string>

#include "lsp/server_impl.h"

namespace ocf::lsp {

namespace {

// LSP CompletionItemKind.
int CompletionKindNumber(ide::CompletionKind k) {
  switch (k) {
    case ide::CompletionKind::Keyword:
      return 14;
    case ide::CompletionKind::Declaration:
      return 6;  // Variable
    case ide::CompletionKind::Column:
      return 5;  // Field
    case ide::CompletionKind::EnumValue:
      return 20;  // EnumMember
    case ide::CompletionKind::Function:
      return 3;
    case ide::CompletionKind::Dataset:
      return 22;  // Struct
    case ide::CompletionKind::Variable:
      return 6;
    case ide::CompletionKind::Snippet:
      return 15;
  }
  return 1;
}

// LSP SymbolKind.
int SymbolKindNumber(ide::OutlineKind k) {
  switch (k) {
    case ide::OutlineKind::Contract:
      return 3;  // Namespace
    case ide::OutlineKind::Module:
      return 2;  // Module
    case ide::OutlineKind::Data:
      return 23;  // Struct
    case ide::OutlineKind::Column:
      return 8;  // Field
    case ide::OutlineKind::Population:
      return 5;  // Class
    case ide::OutlineKind::Let:
      return 14;  // Constant
    case ide::OutlineKind::Input:
      return 7;  // Property
    case ide::OutlineKind::Function:
      return 12;  // Function
    case ide::OutlineKind::Measure:
      return 13;  // Variable
    case ide::OutlineKind::Target:
      return 17;  // Boolean
    case ide::OutlineKind::Outcome:
      return 24;  // Event
    case ide::OutlineKind::Payment:
      return 19;  // Object
    case ide::OutlineKind::PayLine:
      return 8;  // Field
    case ide::OutlineKind::Test:
      return 6;  // Method
    case ide::OutlineKind::Type:
      return 10;  // Enum
    case ide::OutlineKind::Gate:
      return 17;  // Boolean
    case ide::OutlineKind::EnumValue:
      return 22;  // EnumMember
  }
  return 13;
}

// The snippet's text as plain text, for a client without snippet support:
// `${1:name}` -> `name`, `$1` and `$0` -> nothing, `\$` -> `$`.
std::string StripSnippet(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (c == '$' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      while (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) ++i;
    } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t j = i + 2;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == ':') ++j;
      i = j - 1;  // the placeholder's text follows; its `}` is dropped below
    } else if (c == '}') {
      // The end of a placeholder (snippets from ide.h have no other `}`
      // outside one, except as text, which they escape).
    } else {
      out += c;
    }
  }
  return out;
}

Json Markup(bool markdown, const std::string& text) {
  return Object({{"kind", Str(markdown ? "markdown" : "plaintext")}, {"value", Str(text)}});
}

void AddSymbol(Server& server, const OpenDocument& d, const ide::OutlineItem& item, Json& out,
               const std::string& container) {
  if (server.caps().hierarchical_symbols) {
    // The selection range must lie inside the range.
    Span range = item.span;
    Span selection = item.selection;
    if (selection.begin < range.begin || selection.end > range.end) range = Span::Join(range, selection);
    Json s = Object({{"name", Str(item.name.empty() ? "(unnamed)" : item.name)},
                     {"kind", Int(SymbolKindNumber(item.kind))},
                     {"range", server.RangeJson(d, range)},
                     {"selectionRange", server.RangeJson(d, selection)}});
    if (!item.detail.empty()) Set(s, "detail", Str(item.detail));
    Json children = Array();
    for (const auto& child : item.children) AddSymbol(server, d, child, children, item.name);
    Set(s, "children", std::move(children));
    Push(out, std::move(s));
    return;
  }
  // A flat SymbolInformation list for an older client.
  Json s = Object({{"name", Str(item.name.empty() ? "(unnamed)" : item.name)},
                   {"kind", Int(SymbolKindNumber(item.kind))},
                   {"location", server.LocationJson(d, item.span)}});
  if (!container.empty()) Set(s, "containerName", Str(container));
  Push(out, std::move(s));
  for (const auto& child : item.children) AddSymbol(server, d, child, out, item.name);
}

Json Locations(Server& server, const OpenDocument& d, const std::vector<ide::Location>& locations) {
  Json out = Array();
  for (const ide::Location& l : locations) Push(out, server.LocationJson(d, l.span));
  return out;
}

}  // namespace

Json SemanticTokensLegend() {
  // In ide::TokenType's order: a token's type is its index here.
  Json types = Array();
  for (const char* t : {"keyword", "type", "dataset", "column", "measure", "variable", "parameter",
                        "function", "enumMember", "number", "string", "comment", "operator", "property"}) {
    Push(types, Str(t));
  }
  // In ide::TokenModifier's bit order.
  Json modifiers = Array();
  for (const char* m : {"declaration", "readonly", "defaultLibrary"}) Push(modifiers, Str(m));
  return Object({{"tokenTypes", std::move(types)}, {"tokenModifiers", std::move(modifiers)}});
}

void RegisterFeatures(Server& server) {
  server.AddRequest("textDocument/hover", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    auto hover = ide::HoverAt(*d.analysis, s.OffsetOf(d, params));
    if (!hover) return Null();
    return Object({{"contents", Markup(s.caps().markdown_hover, hover->markdown)},
                   {"range", s.RangeJson(d, hover->span)}});
  });
  server.AddRequest("textDocument/definition", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    return Locations(s, d, ide::DefinitionAt(*d.analysis, s.OffsetOf(d, params)));
  });
  server.AddRequest("textDocument/references", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    bool include = GetBool(Member(params, "context"), "includeDeclaration").value_or(false);
    return Locations(s, d, ide::ReferencesAt(*d.analysis, s.OffsetOf(d, params), include));
  });
  server.AddRequest("textDocument/prepareRename", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    auto span = ide::PrepareRename(*d.analysis, s.OffsetOf(d, params));
    if (!span) return Null();
    std::string current(d.analysis->compilation().sources.Get(span->file).Slice(*span));
    return Object({{"range", s.RangeJson(d, *span)}, {"placeholder", Str(current)}});
  });
  server.AddRequest("textDocument/rename", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    auto name = GetString(params, "newName");
    if (!name) throw RpcError{rpc::kInvalidParams, "rename needs newName"};
    ide::RenameResult r = ide::Rename(*d.analysis, s.OffsetOf(d, params), *name);
    if (!r.error.empty()) throw RpcError{rpc::kRequestFailed, r.error};
    Json changes = Object();
    for (const ide::TextEdit& e : r.edits) {
      std::string uri = s.UriOfSource(d, e.span.file);
      Json* edits = nullptr;
      for (auto& [k, v] : changes.members) {
        if (k == uri) edits = &v;
      }
      if (edits == nullptr) edits = &Set(changes, uri, Array());
      Push(*edits, Object({{"range", s.RangeJson(d, e.span)}, {"newText", Str(e.new_text)}}));
    }
    return Object({{"changes", std::move(changes)}});
  });
  server.AddRequest("textDocument/completion", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    Json items = Array();
    for (const ide::Completion& c : ide::CompleteAt(*d.analysis, s.OffsetOf(d, params))) {
      Json item = Object({{"label", Str(c.label)}, {"kind", Int(CompletionKindNumber(c.kind))}});
      if (!c.detail.empty()) Set(item, "detail", Str(c.detail));
      if (!c.documentation.empty())
        Set(item, "documentation", Markup(s.caps().markdown_completion, c.documentation));
      if (c.snippet && s.caps().snippets) {
        Set(item, "insertText", Str(c.insert_text));
        Set(item, "insertTextFormat", Int(2));
      } else if (c.snippet) {
        Set(item, "insertText", Str(StripSnippet(c.insert_text)));
        Set(item, "insertTextFormat", Int(1));
      } else if (!c.insert_text.empty()) {
        Set(item, "insertText", Str(c.insert_text));
        Set(item, "insertTextFormat", Int(1));
      }
      Push(items, std::move(item));
    }
    return Object({{"isIncomplete", Bool(false)}, {"items", std::move(items)}});
  });
  server.AddRequest("textDocument/documentSymbol", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    Json out = Array();
    for (const ide::OutlineItem& item : ide::Outline(*d.analysis)) AddSymbol(s, d, item, out, "");
    return out;
  });
  server.AddRequest("textDocument/semanticTokens/full", [](Server& s, const Json* params) {
    OpenDocument& d = s.CurrentDocument(params);
    const PositionEncoding enc = s.caps().encoding;
    const LineIndex& lines = d.doc.lines();
    const uint32_t bom = d.bom();
    Json data = Array();
    data.items.reserve(4096);
    uint32_t prev_line = 0, prev_char = 0;
    auto emit = [&](Position a, uint32_t length, const ide::SemanticToken& t) {
      if (length == 0) return;
      uint32_t dl = a.line - prev_line;
      uint32_t dc = dl == 0 ? a.character - prev_char : a.character;
      for (uint32_t v : {dl, dc, length, static_cast<uint32_t>(t.type), t.modifiers}) Push(data, Int(v));
      prev_line = a.line;
      prev_char = a.character;
    };
    for (const ide::SemanticToken& t : ide::SemanticTokens(*d.analysis)) {
      if (t.span.file != 0 || t.span.end <= t.span.begin) continue;
      Position a = lines.PositionOf(t.span.begin + bom, enc);
      Position b = lines.PositionOf(t.span.end + bom, enc);
      // Tokens must come in order; one out of order is dropped, not sent
      // with a negative delta.
      if (a.line < prev_line || (a.line == prev_line && a.character < prev_char && !data.items.empty()))
        continue;
      if (a.line == b.line) {
        emit(a, b.character - a.character, t);
        continue;
      }
      // A token over several lines (a block comment) goes line by line:
      // clients need not support multi-line tokens.
      for (uint32_t line = a.line; line <= b.line; ++line) {
        uint32_t from = line == a.line ? a.character : 0;
        uint32_t to = line == b.line ? b.character : lines.LineEnd(line, enc).character;
        if (to > from) emit(Position{line, from}, to - from, t);
      }
    }
    return Object({{"data", std::move(data)}});
  });
}

}  // namespace ocf::lsp
