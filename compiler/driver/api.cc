// The public C++ API (include/ocf/ocf.hpp) over the driver.
#include <fmt/format.h>

#include "compiler/driver/api_impl.h"
#include "ocf/ocf.hpp"

namespace ocf {
namespace {

CompileDiagnostic ToPublic(const Diagnostic& d, const SourceManager& sources) {
  CompileDiagnostic out;
  out.code = std::string(Info(d.code).code);
  out.severity = d.severity == Severity::Error ? DiagnosticSeverity::Error : DiagnosticSeverity::Warning;
  out.message = d.message;
  SourceRange where = RangeOf(sources, d.span);
  out.file = where.file;
  out.line = where.line;
  out.column = where.column;
  out.end_line = where.end_line;
  out.end_column = where.end_column;
  for (const DiagNote& note : d.notes) {
    DiagnosticNote n;
    n.message = note.message;
    if (note.span) {
      n.has_location = true;
      n.location = RangeOf(sources, *note.span);
    }
    out.notes.push_back(std::move(n));
  }
  out.help = d.help;
  return out;
}

driver::DriverOptions ToDriverOptions(const CompileOptions& options) {
  driver::DriverOptions out;
  out.stdlib_dir = options.stdlib_dir;
  return out;
}

}  // namespace

const char* Version() { return OCF_VERSION; }

SourceRange RangeOf(const SourceManager& sources, Span span) {
  const SourceFile& file = sources.Get(span.file);
  LineCol begin = file.Locate(span.begin);
  LineCol end = file.Locate(span.end);
  return SourceRange{file.path(), static_cast<int>(begin.line), static_cast<int>(begin.column),
                     static_cast<int>(end.line), static_cast<int>(end.column)};
}

Compilation MakePublicCompilation(std::unique_ptr<driver::Compilation> compilation) {
  auto impl = std::make_unique<Compilation::Impl>();
  for (const Diagnostic& d : compilation->diagnostics.diagnostics()) {
    impl->diagnostics.push_back(ToPublic(d, compilation->sources));
  }
  impl->compilation = std::move(compilation);
  return Compilation(std::move(impl));
}

Compilation::Compilation(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Compilation::Compilation(Compilation&&) noexcept = default;
Compilation& Compilation::operator=(Compilation&&) noexcept = default;
Compilation::~Compilation() = default;

bool Compilation::ok() const { return impl_->compilation->ok(); }
const std::string& Compilation::read_error() const { return impl_->compilation->read_error; }
const std::vector<CompileDiagnostic>& Compilation::diagnostics() const { return impl_->diagnostics; }

size_t Compilation::error_count() const {
  return impl_->compilation->diagnostics.error_count() + (read_error().empty() ? 0 : 1);
}
size_t Compilation::warning_count() const { return impl_->compilation->diagnostics.warning_count(); }

bool Compilation::fully_checked() const { return impl_->compilation->program != nullptr; }
const std::string& Compilation::check_skipped_because() const {
  return impl_->compilation->check_skipped_because;
}

ProgramSummary Compilation::summary() const {
  ProgramSummary s;
  const driver::Compilation& c = *impl_->compilation;
  s.files = c.files.size();
  if (const CheckedProgram* p = c.program.get()) {
    s.contract_title = p->contract.title;
    s.datasets = p->datasets.size();
    s.measures = p->measures.size();
    s.targets = p->targets.size();
    s.outcomes = p->outcomes.size();
    s.payments = p->payments.size();
    s.tests = p->tests.size();
    s.inputs = p->inputs.size();
  }
  return s;
}

std::vector<std::string> Compilation::files() const {
  std::vector<std::string> out;
  const SourceManager& sources = impl_->compilation->sources;
  for (size_t i = 0; i < sources.size(); ++i) out.push_back(sources.Get(static_cast<uint32_t>(i)).path());
  return out;
}

std::string Compilation::RenderText(bool color) const {
  const driver::Compilation& c = *impl_->compilation;
  std::string out;
  if (!c.read_error.empty()) {
    out += (color ? "\033[1;31merror\033[0m: " : "error: ") + c.read_error + "\n\n";
  }
  RenderOptions options;
  options.color = color;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) {
    out += ocf::RenderText(d, c.sources, options);
    out += "\n";
  }
  return out;
}

std::string Compilation::RenderJson() const {
  const driver::Compilation& c = *impl_->compilation;
  if (c.read_error.empty()) return ocf::RenderJson(c.diagnostics.diagnostics(), c.sources);
  std::string out = "{\"schema\": ";
  AppendJsonString(out, kDiagnosticsSchema);
  out += ", \"error\": ";
  AppendJsonString(out, c.read_error);
  out += ", \"diagnostics\": [], \"errors\": 1, \"warnings\": 0}\n";
  return out;
}

Compilation CompileFile(const std::string& path, const CompileOptions& options) {
  return MakePublicCompilation(driver::CompileFile(path, ToDriverOptions(options)));
}

Compilation CompileText(std::string_view text, const std::string& virtual_path,
                        const CompileOptions& options) {
  return MakePublicCompilation(driver::CompileText(text, virtual_path, ToDriverOptions(options)));
}

}  // namespace ocf
