// What the public API's objects (include/ocf/ocf.hpp) hold. Internal: for
// the compiler's own tools, which reach it through Compilation::internal().
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/commands.h"
#include "compiler/driver/driver.h"
#include "ocf/ocf.hpp"

namespace ocf {

struct Compilation::Impl {
  std::unique_ptr<driver::Compilation> compilation;
  std::vector<CompileDiagnostic> diagnostics;  // public copies, same order
};

// A span as the public API gives places: file, 1-based lines and columns.
SourceRange RangeOf(const SourceManager& sources, Span span);

// Wraps a driver compilation in the public type.
Compilation MakePublicCompilation(std::unique_ptr<driver::Compilation> compilation);

// One command's report, its arguments, and its outputs as they are rendered.
struct CommandResult::Impl {
  enum class Kind { Check, Run, Test } kind = Kind::Check;
  driver::CommandArgs args;
  int status = 0;
  std::string messages;  // standard error, text format
  driver::CheckReport check;
  driver::RunReport run;
  driver::TestReport test;
  std::vector<TestCase> tests;
  // A compilation with nothing in it, for commands refused before reading one.
  std::optional<Compilation> none;

  // Outputs by format, rendered on first use (under `mutex`).
  mutable std::mutex mutex;
  mutable std::map<std::string, std::string> outputs;
  mutable std::optional<PaymentStatement> statement;
  mutable bool statement_built = false;
};

// The statement as public objects.
PaymentStatement ToPublic(const Statement& statement);

}  // namespace ocf
