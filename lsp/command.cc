#include "lsp/command.h"

#include "lsp/server.h"

namespace ocf::lsp {

CLI::App* AddLspCommand(CLI::App& app, LspArgs& args) {
  CLI::App* lsp =
      app.add_subcommand("lsp", "Run the language server for editors (LSP over standard input/output)");
  lsp->group("Commands");
  lsp->set_help_flag("-h,--help", "Print this help and exit");
  lsp->footer(
      "Speaks the Language Server Protocol 3.17 on standard input and output, for\n"
      "an editor to start (editors/vscode does): diagnostics as you type, hover,\n"
      "go to definition, references, rename, completion, the outline, formatting\n"
      "and semantic highlighting. Problems with the messages themselves are\n"
      "written to standard error. docs/editors.md says how to set an editor up.\n"
      "\n"
      "Exit status: 0 after the client's `shutdown` and `exit`, 1 when the input\n"
      "ends or `exit` comes without `shutdown`.");
  lsp->add_flag("--stdio", args.stdio, "Talk over standard input and output (the default and only way)");
  lsp->add_option("--stdlib", args.stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");
  return lsp;
}

int RunLspCommand(const LspArgs& args, std::istream& in, std::ostream& out, std::ostream& err) {
  ServerOptions options;
  options.driver.stdlib_dir = args.stdlib;
  return RunServer(in, out, err, options);
}

}  // namespace ocf::lsp
