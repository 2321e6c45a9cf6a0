// The diagnostics engine: one representation for every message ocf gives
// about a contract, two renderings (human, JSON).
//
// A stage reports through a DiagnosticSink; it never prints. Codes, their
// severities and one-line summaries are listed once, in codes.def.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source.h"
#include "runtime/json.h"  // AppendJsonString, for renderers of diagnostics

namespace ocf {

enum class Severity { Error, Warning };

enum class DiagCode : uint16_t {
#define OCF_DIAG(name, code, severity, summary) name,
#include "compiler/diagnostics/codes.def"
#undef OCF_DIAG
};

struct DiagInfo {
  DiagCode id;
  std::string_view code;  // "E0401"
  Severity severity;
  std::string_view summary;
};

// Every registered diagnostic, in codes.def order.
const std::vector<DiagInfo>& AllDiagnostics();
const DiagInfo& Info(DiagCode code);

struct DiagNote {
  std::optional<Span> span;
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  Span span;
  std::string message;  // lowercase, code in backticks
  std::vector<DiagNote> notes;
  std::string help;  // what to write instead; empty when there is nothing to say

  Diagnostic& Note(std::string text) {
    notes.push_back({std::nullopt, std::move(text)});
    return *this;
  }
  Diagnostic& Note(Span where, std::string text) {
    notes.push_back({where, std::move(text)});
    return *this;
  }
  Diagnostic& Help(std::string text) {
    help = std::move(text);
    return *this;
  }
};

// Collects diagnostics in the order they are reported.
class DiagnosticSink {
 public:
  // Returns the stored diagnostic so notes and help can be added.
  Diagnostic& Report(DiagCode code, Span span, std::string message);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }
  void Append(const DiagnosticSink& other);
  // Orders by file and position, keeping report order for ties.
  void SortByLocation();

 private:
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

struct RenderOptions {
  bool color = false;
};

// `file:line:col: error[E0401]: message`, the source line, a caret under the
// span, then `note:` and `help:` lines.
std::string RenderText(const Diagnostic& d, const SourceManager& sources, const RenderOptions& options = {});
// "2 errors, 1 warning" style summary; empty when there is nothing to say.
std::string RenderSummary(const DiagnosticSink& sink);
// One JSON object: {"diagnostics": [...], "errors": N, "warnings": N}.
std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

}  // namespace ocf
