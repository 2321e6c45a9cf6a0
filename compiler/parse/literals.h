// Literal decoding: from a token's text (and where it was written) to an exact
// value, or a diagnostic that says precisely what is wrong with it.
//
// The lexer only checks the shape of a literal (digits, a `%`, a currency
// symbol); everything that needs arithmetic or a calendar is checked here.
// Nothing in this file knows about ANTLR.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/parse/reporter.h"
#include "compiler/source/source.h"
#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf::parse {

struct NumberValue {
  Decimal value;
  bool is_integer = false;  // written without a decimal point
};

struct MoneyValue {
  Decimal amount;        // suffix applied
  std::string currency;  // "GBP", "USD", "EUR"
};

struct DurationValue {
  int64_t amount = 0;  // days or months
  ast::DurationUnit unit = ast::DurationUnit::Days;
};

struct TableCells {
  std::vector<std::string> cells;  // trimmed, as written
  std::vector<Span> spans;
};

// `42`, `3.25`, `1_000_000`. A whole number must also fit a 64-bit integer.
std::optional<NumberValue> DecodeNumber(std::string_view text, Span span, Reporter& reporter);
// `95%` is 0.95.
std::optional<Decimal> DecodePercent(std::string_view text, Span span, Reporter& reporter);
// `£26.5m`, `$1_250.50`, `€1.2bn`.
std::optional<MoneyValue> DecodeMoney(std::string_view text, Span span, Reporter& reporter);
// `2014-04-01`; `2014-02-30` is reported with the month's length.
std::optional<Date> DecodeDate(std::string_view text, Span span, Reporter& reporter);
// A quoted text with its quotes; escapes `\"`, `\\` and `\n` resolved. Always
// returns the best reading it can, reporting unknown escapes.
std::string DecodeText(std::string_view text, Span span, Reporter& reporter);
// A text literal that names a file (`import "..."`, `given ... from "..."`):
// decoded as DecodeText does, then checked with FindPathFlaw
// (compiler/source/file_rules.h); a flaw is reported (E0119) at the character
// that causes it, unless that character stands for a byte in `invalid_utf8`
// (reported as E0101). The decoded path is returned either way: whoever uses
// it calls FindPathFlaw again and leaves a flawed path alone.
std::string DecodePath(std::string_view text, Span span, Reporter& reporter,
                       const std::vector<InvalidUtf8>& invalid_utf8);
// `18 weeks`: a whole number and a unit of time.
std::optional<DurationValue> DecodeDuration(std::string_view number, Span number_span, std::string_view unit,
                                            Span unit_span, Reporter& reporter);
// `90th`, `1st`, `22nd`: 0-100 with the suffix English uses for it.
std::optional<int> DecodeOrdinal(std::string_view text, Span span, Reporter& reporter);
// `monthly`, `quarterly`, `yearly`; `what` names the place for the message
// ("reporting period", "payment frequency").
std::optional<ast::Frequency> DecodeFrequency(std::string_view word, Span span, std::string_view what,
                                              Reporter& reporter);
// One inline test table line, `| a | b |`: cells split on `|` (not inside
// double quotes), trimmed, each with its span. A trailing `// comment` after
// the last `|` is ignored.
TableCells SplitTableRow(std::string_view text, Span span);

// Text for a message: at most `max_code_points`, cut with `…`.
std::string Abbreviate(std::string_view text, size_t max_code_points = 24);
// Number of code points in UTF-8 text.
uint32_t CodePoints(std::string_view text);
// Edit distance, for did-you-mean suggestions.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace ocf::parse
