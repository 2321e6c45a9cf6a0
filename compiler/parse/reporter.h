// The parser's door to the diagnostic sink: every stage of parsing reports
// through one Reporter so the error cap (ParseLimits::max_errors) holds across
// lexing, syntax and literal checks alike.
#pragma once

#include <string>

#include "compiler/diagnostics/diagnostic.h"

namespace ocf::parse {

class Reporter {
 public:
  Reporter(DiagnosticSink& sink, int max_errors)
      : sink_(sink), max_errors_(max_errors < 1 ? 1 : max_errors) {}

  // Reports an error unless the cap is reached. The error past the cap becomes
  // one E0107 instead and everything after it is dropped; a dropped report
  // returns a scratch diagnostic so callers can chain .Help() regardless.
  Diagnostic& Report(DiagCode code, Span span, std::string message) {
    if (gave_up_) return Scratch();
    if (Info(code).severity == Severity::Error && errors_ >= max_errors_) {
      gave_up_ = true;
      sink_.Report(DiagCode::TooManyErrors, span, "too many errors; the rest of the file is not checked")
          .Help("fix the errors above and run `ocf check` again");
      return Scratch();
    }
    if (Info(code).severity == Severity::Error) ++errors_;
    return sink_.Report(code, span, std::move(message));
  }

  // True once the cap was reached: the caller should stop early.
  bool gave_up() const { return gave_up_; }
  int errors() const { return errors_; }
  const DiagnosticSink& sink() const { return sink_; }

 private:
  Diagnostic& Scratch() {
    scratch_ = Diagnostic{DiagCode::TooManyErrors, Severity::Error, {}, {}, {}, {}};
    return scratch_;
  }

  DiagnosticSink& sink_;
  int max_errors_;
  int errors_ = 0;
  bool gave_up_ = false;
  Diagnostic scratch_{DiagCode::TooManyErrors, Severity::Error, {}, {}, {}, {}};
};

}  // namespace ocf::parse
