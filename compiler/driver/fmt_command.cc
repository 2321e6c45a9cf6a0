#include "compiler/driver/fmt_command.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "compiler/driver/commands.h"
#include "compiler/driver/files.h"
#include "compiler/format/diff.h"
#include "compiler/format/format.h"

namespace ocf::driver {
namespace {

// Writes `text` to a temporary file beside `path` and renames it over
// `path`, keeping the file's permissions: a crash or a full disk leaves the
// old file whole.
std::string WriteInPlace(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::perms perms = std::filesystem::status(path, ec).permissions();
  std::filesystem::path tmp = path;
  tmp += fmt::format(".ocf-fmt-{}.tmp", static_cast<long>(getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return "cannot create a file beside it";
    f << text;
    f.flush();
    if (!f) {
      f.close();
      std::filesystem::remove(tmp, ec);
      return "cannot write beside it (is the disk full?)";
    }
  }
  if (!ec) std::filesystem::permissions(tmp, perms, ec);
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return "cannot replace it";
  }
  return "";
}

}  // namespace

CLI::App* AddFmtCommand(CLI::App& app, FmtArgs& args) {
  CLI::App* cmd = app.add_subcommand("fmt", "Lay contracts out in the canonical layout");
  cmd->group("Commands");
  cmd->set_help_flag("-h,--help", "Print this help and exit");
  cmd->footer(
      "Prints each contract in the one layout ocf writes (docs/language.md, \"Layout\"):\n"
      "indentation, spacing, aligned columns and pay lines, long lines broken at\n"
      "operators. Comments stay where they are and nothing else changes: the\n"
      "contract means exactly what it meant. A file with syntax errors is not\n"
      "touched; its errors are shown.\n"
      "\n"
      "Exit status: 0 done (with --check: every file is formatted), 1 a file is not\n"
      "formatted (--check), has syntax errors or cannot be written, 2 bad usage (a file\n"
      "that cannot be read).\n"
      "\n"
      "Examples:\n"
      "  ocf fmt contract.ocf              # the formatted text on standard output\n"
      "  ocf fmt --write contracts/*.ocf   # rewrite the files in place\n"
      "  ocf fmt --check contracts/*.ocf   # in CI: a diff and exit 1 if any is not formatted\n"
      "  ocf fmt - < contract.ocf          # standard input to standard output");
  cmd->add_option("FILE", args.files, "Contracts to format (`-`: standard input)")->required()->type_name("");
  cmd->add_flag("--check", args.check, "Change nothing; print a diff and exit 1 if a file is not formatted");
  cmd->add_flag("--write,-w", args.write, "Rewrite the files in place");
  return cmd;
}

int FmtCommand(const FmtArgs& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.check && args.write) {
    err << "ocf fmt: --check and --write do not go together: --check changes nothing, --write rewrites.\n";
    return kExitUsage;
  }
  if (args.write && std::count(args.files.begin(), args.files.end(), "-") > 0) {
    err << "ocf fmt: --write cannot rewrite standard input (`-`); leave out --write to print the result.\n";
    return kExitUsage;
  }
  int status = kExitOk;
  size_t unformatted = 0;
  for (const std::string& name : args.files) {
    std::string bytes;
    std::string shown = name == "-" ? "<stdin>" : DisplayPath(name);
    if (name == "-") {
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
      ReadResult read = ReadContractFile(name);
      if (read.status == ReadStatus::TooLarge) {
        err << fmt::format("ocf fmt: `{}` is too large to be a contract ({}, the limit is {})\n", shown,
                           FormatSize(read.size), FormatSize(kMaxFileBytes));
        status = std::max(status, kExitUsage);
        continue;
      }
      if (read.status != ReadStatus::Ok) {
        // As `ocf check` says it: a file that cannot be read is bad usage.
        err << fmt::format("ocf fmt: cannot read `{}`: {}\n", shown, read.error);
        status = std::max(status, kExitUsage);
        continue;
      }
      bytes = std::move(read.bytes);
    }
    format::FormatResult result = format::Format(bytes, shown);
    if (!result.ok) {
      if (!result.internal_error.empty()) {
        err << fmt::format("ocf fmt: {}: {}\n", shown, result.internal_error);
      } else {
        RenderOptions render{args.color};
        for (const Diagnostic& d : result.diagnostics.diagnostics()) {
          err << RenderText(d, result.sources, render);
        }
        err << fmt::format("ocf fmt: {} has syntax errors, so it was not formatted\n", shown);
      }
      status = std::max(status, kExitErrors);
      continue;
    }
    if (args.check) {
      // Compared with the file as read (a BOM or CRLF line endings are changes too).
      std::string diff = format::UnifiedDiff(bytes, result.text, shown);
      if (!diff.empty()) {
        out << diff;
        ++unformatted;
      }
    } else if (args.write) {
      if (bytes == result.text) continue;
      if (std::string why = WriteInPlace(name, result.text); !why.empty()) {
        err << fmt::format("ocf fmt: cannot write {}: {}\n", shown, why);
        status = std::max(status, kExitErrors);
        continue;
      }
      err << fmt::format("formatted {}\n", shown);
    } else {
      out << result.text;
    }
  }
  if (unformatted > 0) {
    err << fmt::format("ocf fmt: {} {} not formatted; `ocf fmt --write` formats {}\n", unformatted,
                       unformatted == 1 ? "file is" : "files are", unformatted == 1 ? "it" : "them");
    status = std::max(status, kExitErrors);
  }
  return status;
}

}  // namespace ocf::driver
