#include "lsp/server.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "lsp/server_impl.h"
#include "ocf/ocf.hpp"

namespace ocf::lsp {

Server::Server(Writer& writer, std::ostream& log, ServerOptions options)
    : writer_(writer), log_(log), options_(std::move(options)) {
  RegisterLifecycle();
  RegisterSync();
  RegisterFeatures(*this);
  RegisterFormatting(*this);
}

namespace {

bool IsRequestId(const Json& id) { return id.kind == Json::Kind::Number || id.kind == Json::Kind::String; }

Json Capabilities(const ClientCaps& caps) {
  Json c = Object();
  Set(c, "positionEncoding", Str(caps.encoding == PositionEncoding::Utf32 ? "utf-32" : "utf-16"));
  Set(c, "textDocumentSync",
      Object({{"openClose", Bool(true)},
              {"change", Int(2)},  // incremental
              {"save", Object({{"includeText", Bool(false)}})}}));
  Set(c, "hoverProvider", Bool(true));
  Set(c, "definitionProvider", Bool(true));
  Set(c, "referencesProvider", Bool(true));
  Set(c, "renameProvider", Object({{"prepareProvider", Bool(true)}}));
  Json triggers = Array();
  for (const char* t : {"=", "("}) Push(triggers, Str(t));
  Set(c, "completionProvider", Object({{"triggerCharacters", triggers}, {"resolveProvider", Bool(false)}}));
  Set(c, "documentSymbolProvider", Bool(true));
  if (HaveFormatting()) Set(c, "documentFormattingProvider", Bool(true));
  Set(c, "semanticTokensProvider",
      Object({{"legend", SemanticTokensLegend()}, {"full", Bool(true)}, {"range", Bool(false)}}));
  return c;
}

// Whether a client's capability is true: capabilities.a.b.c...
bool Flag(const Json* root, std::initializer_list<std::string_view> path) {
  const Json* v = root;
  for (std::string_view key : path) v = Member(v, key);
  return v != nullptr && v->kind == Json::Kind::Bool && v->boolean;
}

bool OffersMarkdown(const Json* formats) {
  if (formats == nullptr || !formats->is_array()) return false;
  for (const Json& f : formats->items) {
    if (f.is_string() && f.text == "markdown") return true;
  }
  return false;
}

std::string PathForUri(const std::string& uri) {
  if (auto file = FileFromUri(uri)) return *file;
  // untitled:Untitled-1 and the like: a file in the current folder, so that
  // imports of the standard library still resolve.
  std::string name = uri.substr(uri.find_last_of(":/") + 1);
  if (name.empty()) name = "untitled";
  return (std::filesystem::current_path() / (name + ".ocf")).string();
}

}  // namespace

void Server::RegisterLifecycle() {
  requests_["initialize"] = [](Server& s, const Json* params) {
    if (s.initialized_) throw RpcError{rpc::kInvalidRequest, "`initialize` was already sent"};
    const Json* caps = Member(params, "capabilities");
    ClientCaps c;
    if (const Json* encs = Member(Member(caps, "general"), "positionEncodings"); encs && encs->is_array()) {
      for (const Json& e : encs->items) {
        if (e.is_string() && e.text == "utf-32") c.encoding = PositionEncoding::Utf32;
      }
    }
    c.snippets = Flag(caps, {"textDocument", "completion", "completionItem", "snippetSupport"});
    c.hierarchical_symbols =
        Flag(caps, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
    c.related_information = Flag(caps, {"textDocument", "publishDiagnostics", "relatedInformation"});
    c.markdown_hover = OffersMarkdown(Member(Member(Member(caps, "textDocument"), "hover"), "contentFormat"));
    c.markdown_completion = OffersMarkdown(Member(
        Member(Member(Member(caps, "textDocument"), "completion"), "completionItem"), "documentationFormat"));
    s.caps_ = c;
    if (auto stdlib = GetString(Member(params, "initializationOptions"), "stdlib");
        stdlib && !stdlib->empty()) {
      s.options_.driver.stdlib_dir = *stdlib;
    }
    s.initialized_ = true;
    return Object({{"capabilities", Capabilities(c)},
                   {"serverInfo", Object({{"name", Str("ocf")}, {"version", Str(Version())}})}});
  };
  notifications_["initialized"] = [](Server&, const Json*) {};
  requests_["shutdown"] = [](Server& s, const Json*) {
    s.shutdown_ = true;
    return Null();
  };
  notifications_["$/cancelRequest"] = [](Server& s, const Json* params) {
    // Requests are answered in order, so one cancelled is one still queued,
    // or one already answered: those ids are never looked up again, so they
    // are all forgotten now and then rather than kept for ever.
    if (const Json* id = Member(params, "id"); id && IsRequestId(*id)) {
      if (s.cancelled_.size() >= 10000) s.cancelled_.clear();
      s.cancelled_[Write(*id)] = true;
    }
  };
  notifications_["$/setTrace"] = [](Server&, const Json*) {};
  notifications_["workspace/didChangeConfiguration"] = [](Server& s, const Json* params) {
    const Json* ocf = Member(Member(params, "settings"), "ocf");
    if (auto stdlib = GetString(ocf, "stdlib")) {
      s.options_.driver.stdlib_dir = *stdlib;
      for (auto& [uri, d] : s.documents_) d.stale = true;
    }
  };
}

void Server::RegisterSync() {
  notifications_["textDocument/didOpen"] = [](Server& s, const Json* params) {
    const Json* td = Member(params, "textDocument");
    auto uri = GetString(td, "uri");
    auto text = GetString(td, "text");
    if (!uri || !text) throw RpcError{rpc::kInvalidParams, "didOpen needs textDocument.uri and .text"};
    int64_t version = GetInt(td, "version").value_or(0);
    s.documents_.erase(*uri);
    OpenDocument d{Document(*uri, *text, version), PathForUri(*uri), nullptr, 0, true, ""};
    auto [it, inserted] = s.documents_.emplace(*uri, std::move(d));
    // Diagnostics on open at once, not when the queue is next empty.
    s.Recheck(it->second);
  };
  notifications_["textDocument/didChange"] = [](Server& s, const Json* params) {
    const Json* td = Member(params, "textDocument");
    auto uri = GetString(td, "uri");
    if (!uri) throw RpcError{rpc::kInvalidParams, "didChange needs textDocument.uri"};
    auto it = s.documents_.find(*uri);
    if (it == s.documents_.end())
      throw RpcError{rpc::kInvalidParams, "didChange of a document that is not open"};
    const Json* changes = Member(params, "contentChanges");
    if (changes == nullptr || !changes->is_array()) {
      throw RpcError{rpc::kInvalidParams, "didChange needs contentChanges"};
    }
    Document& doc = it->second.doc;
    for (const Json& change : changes->items) {
      auto text = GetString(&change, "text");
      if (!text) throw RpcError{rpc::kInvalidParams, "a content change without text"};
      std::optional<Range> range;
      if (const Json* r = Member(&change, "range")) {
        auto pos = [](const Json* p) -> std::optional<Position> {
          auto line = GetInt(p, "line");
          auto ch = GetInt(p, "character");
          if (!line || !ch || *line < 0 || *ch < 0 || *line > UINT32_MAX || *ch > UINT32_MAX)
            return std::nullopt;
          return Position{static_cast<uint32_t>(*line), static_cast<uint32_t>(*ch)};
        };
        auto a = pos(Member(r, "start"));
        auto b = pos(Member(r, "end"));
        if (!a || !b) throw RpcError{rpc::kInvalidParams, "a content change with a bad range"};
        range = Range{*a, *b};
      }
      doc.Apply(range, *text, s.caps_.encoding);
    }
    if (auto version = GetInt(td, "version")) doc.set_version(*version);
    it->second.stale = true;
  };
  notifications_["textDocument/didSave"] = [](Server& s, const Json*) {
    // A saved file may be imported by another open one: check them all again.
    for (auto& [uri, d] : s.documents_) d.stale = true;
  };
  notifications_["textDocument/didClose"] = [](Server& s, const Json* params) {
    auto uri = GetString(Member(params, "textDocument"), "uri");
    if (!uri) throw RpcError{rpc::kInvalidParams, "didClose needs textDocument.uri"};
    if (s.documents_.erase(*uri) > 0) {
      s.Notify("textDocument/publishDiagnostics", Object({{"uri", Str(*uri)}, {"diagnostics", Array()}}));
    }
  };
}

std::optional<int> Server::Handle(const std::string& body) {
  JsonReadResult parsed = ReadJson(body);
  if (!parsed.value) {
    ReplyError(Null(), rpc::kParseError,
               "the message is not JSON: " + parsed.error.message + " (line " +
                   std::to_string(parsed.error.line) + ", column " + std::to_string(parsed.error.column) +
                   ")");
    return std::nullopt;
  }
  const Json& message = *parsed.value;
  if (!message.is_object()) {
    ReplyError(Null(), rpc::kInvalidRequest, "a message must be a JSON object");
    return std::nullopt;
  }
  const Json* id = message.Find("id");
  const Json* method_json = message.Find("method");
  if (method_json == nullptr) {
    // A response to a request of ours (this server sends none) or nonsense.
    if (id == nullptr || !(message.Find("result") || message.Find("error"))) {
      ReplyError(id && IsRequestId(*id) ? *id : Null(), rpc::kInvalidRequest, "a message without `method`");
    }
    return std::nullopt;
  }
  if (!method_json->is_string() || (id != nullptr && !IsRequestId(*id))) {
    ReplyError(id && IsRequestId(*id) ? *id : Null(), rpc::kInvalidRequest,
               "`method` must be a string and `id` a number or a string");
    return std::nullopt;
  }
  const std::string& method = method_json->text;
  const Json* params = message.Find("params");
  if (params != nullptr && params->is_null()) params = nullptr;

  if (method == "exit") return shutdown_ ? 0 : 1;
  if (id == nullptr) {
    // A notification: never answered, even when it fails.
    if (!initialized_) return std::nullopt;
    auto it = notifications_.find(method);
    if (it == notifications_.end()) return std::nullopt;  // unknown ones (and $/ ones) are ignored
    try {
      it->second(*this, params);
    } catch (const RpcError& e) {
      log_ << "ocf lsp: " << method << ": " << e.message << "\n";
    } catch (const std::exception& e) {
      log_ << "ocf lsp: internal error in ocf handling " << method << ": " << e.what() << "\n";
    } catch (...) {
      log_ << "ocf lsp: internal error in ocf handling " << method << "\n";
    }
    return std::nullopt;
  }

  if (!initialized_ && method != "initialize") {
    ReplyError(*id, rpc::kServerNotInitialized, "the server is not initialized: send `initialize` first");
    return std::nullopt;
  }
  if (shutdown_) {
    ReplyError(*id, rpc::kInvalidRequest, "the server is shutting down: only `exit` is accepted");
    return std::nullopt;
  }
  if (auto c = cancelled_.find(Write(*id)); c != cancelled_.end()) {
    cancelled_.erase(c);
    ReplyError(*id, rpc::kRequestCancelled, "cancelled");
    return std::nullopt;
  }
  auto it = requests_.find(method);
  if (it == requests_.end()) {
    ReplyError(*id, rpc::kMethodNotFound, "`" + method + "` is not a method this server has");
    return std::nullopt;
  }
  try {
    Json result = it->second(*this, params);
    Reply(*id, std::move(result));
  } catch (const RpcError& e) {
    ReplyError(*id, e.code, e.message);
  } catch (const std::exception& e) {
    ReplyError(*id, rpc::kInternalError, std::string("internal error in ocf: ") + e.what());
  } catch (...) {
    ReplyError(*id, rpc::kInternalError, "internal error in ocf");
  }
  return std::nullopt;
}

void Server::Reply(const Json& id, Json result) {
  writer_.Send(Write(Object({{"jsonrpc", Str("2.0")}, {"id", id}, {"result", std::move(result)}})));
}

void Server::ReplyError(const Json& id, int code, const std::string& message) {
  writer_.Send(Write(Object({{"jsonrpc", Str("2.0")},
                             {"id", id},
                             {"error", Object({{"code", Int(code)}, {"message", Str(message)}})}})));
}

void Server::Notify(const std::string& method, Json params) {
  writer_.Send(
      Write(Object({{"jsonrpc", Str("2.0")}, {"method", Str(method)}, {"params", std::move(params)}})));
}

bool Server::HasStale() const {
  for (const auto& [uri, d] : documents_) {
    if (d.stale) return true;
  }
  return false;
}

void Server::RecheckOneStale() {
  for (auto& [uri, d] : documents_) {
    if (d.stale) {
      Recheck(d);
      return;
    }
  }
}

void Server::Recheck(OpenDocument& d) {
  d.analysed_version = d.doc.version();
  d.stale = false;
  d.analysis_error.clear();
  try {
    d.analysis = ide::Analysis::Build(d.doc.text(), d.path, options_.driver);
  } catch (const std::exception& e) {
    // A bug in ocf: said once, as a diagnostic, and the server goes on.
    d.analysis = nullptr;
    d.analysis_error = std::string("internal error in ocf while checking this file: ") + e.what();
  } catch (...) {
    d.analysis = nullptr;
    d.analysis_error = "internal error in ocf while checking this file";
  }
  if (!d.analysis_error.empty()) log_ << "ocf lsp: " << d.doc.uri() << ": " << d.analysis_error << "\n";
  if (indexed_for_ != nullptr) {
    import_texts_.clear();
    import_lines_.clear();
    indexed_for_ = nullptr;
  }
  PublishDiagnostics(d);
}

void Server::PublishDiagnostics(OpenDocument& d) {
  Json params = Object({{"uri", Str(d.doc.uri())}});
  Set(params, "version", Int(d.analysed_version));
  Set(params, "diagnostics", DiagnosticsJson(*this, d));
  Notify("textDocument/publishDiagnostics", std::move(params));
}

OpenDocument& Server::CurrentDocument(const Json* params) {
  auto uri = GetString(Member(params, "textDocument"), "uri");
  if (!uri) throw RpcError{rpc::kInvalidParams, "params.textDocument.uri is needed"};
  auto it = documents_.find(*uri);
  if (it == documents_.end()) throw RpcError{rpc::kInvalidParams, "the document is not open: " + *uri};
  if (it->second.stale) Recheck(it->second);
  if (!it->second.analysis) throw RpcError{rpc::kInternalError, it->second.analysis_error};
  return it->second;
}

uint32_t Server::OffsetOf(const OpenDocument& d, const Json* params) {
  const Json* p = Member(params, "position");
  auto line = GetInt(p, "line");
  auto ch = GetInt(p, "character");
  if (!line || !ch || *line < 0 || *ch < 0 || *line > UINT32_MAX || *ch > UINT32_MAX) {
    throw RpcError{rpc::kInvalidParams, "params.position needs a line and a character (numbers from 0)"};
  }
  uint32_t offset = d.doc.lines().CodePointOffset(
      Position{static_cast<uint32_t>(*line), static_cast<uint32_t>(*ch)}, caps_.encoding);
  uint32_t bom = d.bom();
  return offset >= bom ? offset - bom : 0;
}

const LineIndex& Server::IndexOfSource(const OpenDocument& d, uint32_t source_id) {
  if (indexed_for_ != d.analysis.get()) {
    import_texts_.clear();
    import_lines_.clear();
    indexed_for_ = d.analysis.get();
  }
  auto it = import_lines_.find(source_id);
  if (it != import_lines_.end()) return *it->second;
  auto text = std::make_unique<std::string>(d.analysis->compilation().sources.Get(source_id).text());
  auto index = std::make_unique<LineIndex>(*text);
  import_texts_[source_id] = std::move(text);
  return *(import_lines_[source_id] = std::move(index));
}

Json Server::PositionJson(Position p) const {
  return Object({{"line", Int(p.line)}, {"character", Int(p.character)}});
}

Json Server::RangeJson(const OpenDocument& d, Span span) {
  Position a, b;
  if (span.file == 0) {
    uint32_t bom = d.bom();
    a = d.doc.lines().PositionOf(span.begin + bom, caps_.encoding);
    b = d.doc.lines().PositionOf(std::max(span.end, span.begin) + bom, caps_.encoding);
  } else if (d.analysis && span.file < d.analysis->compilation().sources.size()) {
    const LineIndex& lines = IndexOfSource(d, span.file);
    a = lines.PositionOf(span.begin, caps_.encoding);
    b = lines.PositionOf(std::max(span.end, span.begin), caps_.encoding);
  }
  return Object({{"start", PositionJson(a)}, {"end", PositionJson(b)}});
}

std::string Server::UriOfSource(const OpenDocument& d, uint32_t source_id) {
  if (source_id == 0 || !d.analysis || source_id >= d.analysis->compilation().sources.size())
    return d.doc.uri();
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(d.analysis->path_of(source_id), ec);
  return UriFromFile(ec ? d.analysis->path_of(source_id) : p.lexically_normal().string());
}

Json Server::LocationJson(const OpenDocument& d, Span span) {
  return Object({{"uri", Str(UriOfSource(d, span.file))}, {"range", RangeJson(d, span)}});
}

namespace {

// Frames from the reader thread.
struct Queue {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Frame> frames;
  bool reader_done = false;
};

// Whether a message is the `exit` notification, after which nothing more is
// read (so the reader thread ends with the server).
bool IsExit(const std::string& body) {
  // `exit` is a small message; its name may be written with escapes.
  if (body.find("\"exit\"") == std::string::npos &&
      (body.size() > 4096 || body.find('\\') == std::string::npos))
    return false;
  JsonReadResult r = ReadJson(body);
  if (!r.value || !r.value->is_object()) return false;
  const Json* m = r.value->Find("method");
  return m && m->is_string() && m->text == "exit";
}

}  // namespace

int RunServer(std::istream& in, std::ostream& out, std::ostream& log, const ServerOptions& options) {
  Writer writer(out);
  Server server(writer, log, options);
  // Shared with the reader thread, which may outlive this call (below).
  auto shared = std::make_shared<Queue>();
  Queue& queue = *shared;
  std::thread reader([shared, &in] {
    while (true) {
      Frame f = ReadFrame(in);
      bool last = f.kind == Frame::Kind::End || (f.kind == Frame::Kind::Message && IsExit(f.body));
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->frames.push_back(std::move(f));
        shared->reader_done = last;
      }
      shared->ready.notify_one();
      if (last) return;
    }
  });
  int status = 1;
  while (true) {
    Frame f;
    {
      std::unique_lock<std::mutex> lock(queue.mutex);
      if (queue.frames.empty() && server.HasStale()) {
        // Idle with edits not yet checked: check the latest text now.
        lock.unlock();
        server.RecheckOneStale();
        continue;
      }
      queue.ready.wait(lock, [&] { return !queue.frames.empty(); });
      f = std::move(queue.frames.front());
      queue.frames.pop_front();
    }
    if (f.kind == Frame::Kind::End) {
      status = server.shutdown_requested() ? 0 : 1;
      break;
    }
    if (f.kind != Frame::Kind::Message) {
      log << "ocf lsp: skipped a message: " << f.reason << "\n";
      continue;
    }
    if (auto exit = server.Handle(f.body)) {
      status = *exit;
      break;
    }
  }
  // The reader stops after `exit` or at the end of the input, so it is done
  // by now, except after an `exit` it could not recognise (a body of more
  // than 4 KB): it is then left blocked on the input, which the process's
  // end closes, rather than keeping the server from exiting.
  bool done;
  {
    std::lock_guard<std::mutex> lock(queue.mutex);
    done = queue.reader_done;
  }
  if (done) {
    reader.join();
  } else {
    reader.detach();
  }
  return status;
}

}  // namespace ocf::lsp
