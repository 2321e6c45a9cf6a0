// `ocf lsp`: a Language Server Protocol 3.17 server over a pair of streams
// (standard input and output from the command line).
//
// One thread reads framed messages (transport.h) into a queue; the server
// takes them one at a time. Edits are applied to the document's text as they
// arrive, but a document is re-checked only when the queue is empty or a
// request needs its current analysis, so a burst of keystrokes costs one
// re-check of the latest version, never one per keystroke.
//
// Nothing a client sends stops the server but `exit` or the end of the
// input: malformed JSON is answered with ParseError, an unknown method with
// MethodNotFound, bad params with InvalidParams, and a request whose handler
// throws with InternalError (docs/editors.md lists what is implemented).
#pragma once

#include <istream>
#include <ostream>

#include "compiler/driver/driver.h"

namespace ocf::lsp {

struct ServerOptions {
  // How documents are compiled (the stdlib folder; `initializationOptions`
  // may override it).
  driver::DriverOptions driver;
};

// Serves until `exit` (status 0 after `shutdown`, else 1, as LSP says) or the
// end of `in` (status 1 unless `shutdown` came first). `log` gets one line
// per problem with the stream (a bad header, an unreadable message).
int RunServer(std::istream& in, std::ostream& out, std::ostream& log, const ServerOptions& options = {});

}  // namespace ocf::lsp
