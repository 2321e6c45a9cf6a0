// Inside the server: its state and what the request handlers (features.cc,
// formatting.cc) share. Not for use outside lsp/.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>

#include "compiler/ide/ide.h"
#include "lsp/json.h"
#include "lsp/server.h"
#include "lsp/text.h"
#include "lsp/transport.h"

namespace ocf::lsp {

// JSON-RPC and LSP error codes.
namespace rpc {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestFailed = -32803;
inline constexpr int kRequestCancelled = -32800;
}  // namespace rpc

// Thrown by a handler to answer with an error.
struct RpcError {
  int code;
  std::string message;
};

// What the client said it can take (`initialize`'s capabilities).
struct ClientCaps {
  PositionEncoding encoding = PositionEncoding::Utf16;
  bool snippets = false;
  bool hierarchical_symbols = false;
  bool related_information = false;
  bool markdown_hover = false;
  bool markdown_completion = false;
};

struct OpenDocument {
  Document doc;
  std::string path;  // what the compiler calls it (imports are looked for beside it)
  std::unique_ptr<ide::Analysis> analysis;
  int64_t analysed_version = 0;
  bool stale = true;           // the text changed since `analysis` was built
  std::string analysis_error;  // why `analysis` is null after a check (a bug in ocf)
  // The compiler drops a byte order mark, so its offsets are one less.
  uint32_t bom() const { return doc.text().rfind("\xEF\xBB\xBF", 0) == 0 ? 1 : 0; }
};

class Server;
using RequestHandler = std::function<Json(Server&, const Json* params)>;
using NotificationHandler = std::function<void(Server&, const Json* params)>;

class Server {
 public:
  Server(Writer& writer, std::ostream& log, ServerOptions options);

  // One message's body; an exit status when the server is to stop.
  std::optional<int> Handle(const std::string& body);
  bool HasStale() const;
  // Re-checks one stale document and publishes its diagnostics.
  void RecheckOneStale();
  bool shutdown_requested() const { return shutdown_; }

  // For handlers --------------------------------------------------------
  const ClientCaps& caps() const { return caps_; }
  // params.textDocument.uri's document, re-checked if it changed (throws
  // RpcError InvalidParams when absent or not open).
  OpenDocument& CurrentDocument(const Json* params);
  // params.position as a code point offset into the compiled text.
  uint32_t OffsetOf(const OpenDocument& d, const Json* params);
  // A span of the analysis (any source) as an LSP range / location.
  Json RangeJson(const OpenDocument& d, Span span);
  Json LocationJson(const OpenDocument& d, Span span);
  std::string UriOfSource(const OpenDocument& d, uint32_t source_id);
  Json PositionJson(Position p) const;
  void Notify(const std::string& method, Json params);
  std::ostream& log() { return log_; }

 private:
  void Reply(const Json& id, Json result);
  void ReplyError(const Json& id, int code, const std::string& message);
  void Recheck(OpenDocument& d);
  void PublishDiagnostics(OpenDocument& d);
  void RegisterLifecycle();
  void RegisterSync();
  const LineIndex& IndexOfSource(const OpenDocument& d, uint32_t source_id);

  Writer& writer_;
  std::ostream& log_;
  ServerOptions options_;
  ClientCaps caps_;
  bool initialized_ = false;
  bool shutdown_ = false;
  std::map<std::string, OpenDocument> documents_;  // by URI
  std::map<std::string, RequestHandler> requests_;
  std::map<std::string, NotificationHandler> notifications_;
  std::unordered_map<std::string, bool> cancelled_;  // request ids (as JSON text) cancelled before they ran
  // Line indexes of imported files, for the analysis they belong to.
  const ide::Analysis* indexed_for_ = nullptr;
  std::map<uint32_t, std::unique_ptr<std::string>> import_texts_;
  std::map<uint32_t, std::unique_ptr<LineIndex>> import_lines_;

  friend void RegisterFeatures(Server&);
  friend void RegisterFormatting(Server&);

 public:
  void AddRequest(const std::string& method, RequestHandler h) { requests_[method] = std::move(h); }
  void AddNotification(const std::string& method, NotificationHandler h) {
    notifications_[method] = std::move(h);
  }
};

// features.cc: hover, definition, references, rename, completion, symbols,
// semantic tokens.
void RegisterFeatures(Server& server);
Json SemanticTokensLegend();
// formatting.cc: textDocument/formatting (only when ocf::format is built).
void RegisterFormatting(Server& server);
bool HaveFormatting();
// diagnostics.cc: the compiler's diagnostics of a document as LSP's.
Json DiagnosticsJson(Server& server, const OpenDocument& d);

}  // namespace ocf::lsp
