#include "compiler/parse/literals.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "compiler/source/file_rules.h"

namespace ocf::parse {
namespace {

constexpr int64_t kInt64Max = INT64_MAX;

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// A span `length` code points long starting `offset` code points into `span`.
Span SubSpan(Span span, uint32_t offset, uint32_t length) {
  uint32_t begin = std::min(span.begin + offset, span.end);
  uint32_t end = std::min(begin + length, span.end);
  return Span{span.file, begin, end};
}

// Reports Decimal::Parse's complaint about `text` (what: "number", ...).
void ReportDecimalError(Decimal::ParseError error, std::string_view what, std::string_view text, Span span,
                        Reporter& reporter) {
  switch (error) {
    case Decimal::ParseError::TooLarge:
      reporter
          .Report(DiagCode::NumberTooLarge, span,
                  fmt::format("{} `{}` is too large to hold exactly", what, Abbreviate(text)))
          .Help("ocf holds numbers exactly up to about 170 billion billion (1.7e20)");
      break;
    case Decimal::ParseError::TooManyDecimals:
      reporter
          .Report(
              DiagCode::TooManyDecimals, span,
              fmt::format("{} `{}` has more decimal places than ocf holds exactly", what, Abbreviate(text)))
          .Help("ocf keeps 18 decimal places (16 in a percentage); round the value");
      break;
    case Decimal::ParseError::Syntax:
    case Decimal::ParseError::None:
      reporter.Report(DiagCode::SyntaxError, span, fmt::format("`{}` is not a {}", Abbreviate(text), what));
      break;
  }
}

const char* MonthName(int month) {
  static constexpr std::array<const char*, 12> kNames = {"January",   "February", "March",    "April",
                                                         "May",       "June",     "July",     "August",
                                                         "September", "October",  "November", "December"};
  return month >= 1 && month <= 12 ? kNames[static_cast<size_t>(month - 1)] : "?";
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

uint32_t CodePoints(std::string_view text) {
  uint32_t n = 0;
  for (unsigned char c : text) n += !IsContinuation(c);
  return n;
}

std::string Abbreviate(std::string_view text, size_t max_code_points) {
  if (CodePoints(text) <= max_code_points) return std::string(text);
  size_t keep = max_code_points > 4 ? max_code_points - 4 : max_code_points;
  size_t seen = 0, i = 0;
  for (; i < text.size(); ++i) {
    if (!IsContinuation(static_cast<unsigned char>(text[i]))) {
      if (seen == keep) break;
      ++seen;
    }
  }
  return std::string(text.substr(0, i)) + "…";
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<NumberValue> DecodeNumber(std::string_view text, Span span, Reporter& reporter) {
  Decimal::ParseError error;
  std::optional<Decimal> value = Decimal::Parse(text, 0, &error);
  if (!value) {
    ReportDecimalError(error, "number", text, span, reporter);
    return std::nullopt;
  }
  bool integer = text.find('.') == std::string_view::npos;
  if (integer && !value->ToInt64()) {
    reporter
        .Report(DiagCode::NumberTooLarge, span,
                fmt::format("number `{}` is too large to hold exactly", Abbreviate(text)))
        .Help("whole numbers go up to 9223372036854775807; write a decimal point for larger values");
    return std::nullopt;
  }
  return NumberValue{*value, integer};
}

std::optional<Decimal> DecodePercent(std::string_view text, Span span, Reporter& reporter) {
  std::string_view digits = text.substr(0, text.size() - (text.ends_with('%') ? 1 : 0));
  Decimal::ParseError error;
  std::optional<Decimal> value = Decimal::Parse(digits, -2, &error);
  if (!value) ReportDecimalError(error, "percentage", text, span, reporter);
  return value;
}

std::optional<MoneyValue> DecodeMoney(std::string_view text, Span span, Reporter& reporter) {
  struct Symbol {
    std::string_view text;
    const char* currency;
  };
  static constexpr std::array<Symbol, 3> kSymbols = {
      {{"\xC2\xA3", "GBP"}, {"$", "USD"}, {"\xE2\x82\xAC", "EUR"}}};
  std::string currency;
  std::string_view symbol;
  for (const Symbol& s : kSymbols) {
    if (text.starts_with(s.text)) {
      currency = s.currency;
      symbol = s.text;
      break;
    }
  }
  if (currency.empty()) {
    reporter.Report(DiagCode::BadMoneyLiteral, span,
                    fmt::format("`{}` does not start with `£`, `$` or `€`", Abbreviate(text)));
    return std::nullopt;
  }
  std::string_view rest = text.substr(symbol.size());
  size_t amount_end = 0;
  while (amount_end < rest.size() &&
         ((rest[amount_end] >= '0' && rest[amount_end] <= '9') || rest[amount_end] == '.' ||
          (rest[amount_end] == '_' && amount_end + 1 < rest.size() && rest[amount_end + 1] >= '0' &&
           rest[amount_end + 1] <= '9'))) {
    ++amount_end;
  }
  std::string_view amount = rest.substr(0, amount_end);
  std::string_view suffix = rest.substr(amount_end);
  int shift = 0;
  if (suffix.empty()) {
    shift = 0;
  } else if (suffix == "k") {
    shift = 3;
  } else if (suffix == "m") {
    shift = 6;
  } else if (suffix == "bn") {
    shift = 9;
  } else {
    uint32_t suffix_offset = CodePoints(text) - CodePoints(suffix);
    std::string sym(symbol);
    reporter
        .Report(DiagCode::BadMoneyLiteral, SubSpan(span, suffix_offset, CodePoints(suffix)),
                fmt::format("`{}` is not an amount of money: `{}` is not a suffix ocf knows",
                            Abbreviate(text), Abbreviate(suffix)))
        .Help(fmt::format(
            "write `{0}12k`, `{0}26.5m` or `{0}1.2bn` (k = thousand, m = million, bn = billion)", sym));
    return std::nullopt;
  }
  Decimal::ParseError error;
  std::optional<Decimal> value = Decimal::Parse(amount, shift, &error);
  if (!value) {
    ReportDecimalError(error, "amount", text, span, reporter);
    return std::nullopt;
  }
  return MoneyValue{*value, currency};
}

std::optional<Date> DecodeDate(std::string_view text, Span span, Reporter& reporter) {
  if (std::optional<Date> date = Date::ParseIso(text)) return date;
  int year = text.size() == 10 ? Digits(text.substr(0, 4)) : -1;
  int month = text.size() == 10 ? Digits(text.substr(5, 2)) : -1;
  int day = text.size() == 10 ? Digits(text.substr(8, 2)) : -1;
  std::string why;
  std::string help = "dates are written year-month-day, e.g. `2014-04-01`";
  if (year < 0 || month < 0 || day < 0) {
    why = "dates are written `YYYY-MM-DD`";
  } else if (year == 0) {
    why = "there is no year 0";
  } else if (month < 1 || month > 12) {
    why = fmt::format("there is no month {}", month);
    if (day >= 1 && day <= 12)
      help = fmt::format("dates are written year-month-day: did you mean `{:04}-{:02}-{:02}`?", year, day,
                         month);
  } else if (day < 1) {
    why = "days start at 01";
  } else {
    why = fmt::format("{} {} has {} days", MonthName(month), year, DaysInMonth(year, month));
  }
  reporter.Report(DiagCode::InvalidDate, span, fmt::format("`{}` is not a date: {}", text, why)).Help(help);
  return std::nullopt;
}

namespace {

// Where a byte of a decoded text was written: code points from the token's
// start, and how many it took (2 for an escape).
struct WrittenAt {
  uint32_t offset;
  uint32_t width;
};

// DecodeText, also telling where each byte of the result was written when
// `where` is given.
std::string DecodeTextAt(std::string_view text, Span span, Reporter& reporter,
                         std::vector<WrittenAt>* where) {
  std::string_view inner = text;
  if (inner.starts_with('"')) inner.remove_prefix(1);
  if (inner.ends_with('"')) inner.remove_suffix(1);
  std::string out;
  out.reserve(inner.size());
  bool reported = false;
  uint32_t offset = 1;  // code points from the token's start; 1 skips the opening quote
  for (size_t i = 0; i < inner.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(inner[i]);
    if (!IsContinuation(c) && i > 0) ++offset;
    if (c != '\\' || i + 1 >= inner.size()) {
      out += static_cast<char>(c);
      if (where) where->push_back({offset, 1});
      continue;
    }
    char next = inner[i + 1];
    if (next == '"' || next == '\\' || next == 'n') {
      out += next == 'n' ? '\n' : next;
      if (where) where->push_back({offset, 2});
      ++i;
      ++offset;
      continue;
    }
    // Unknown escape: keep both characters as written and say so once.
    if (!reported) {
      reported = true;
      size_t len = 1;
      while (i + 1 + len < inner.size() && IsContinuation(static_cast<unsigned char>(inner[i + 1 + len])))
        ++len;
      std::string escape = "\\" + std::string(inner.substr(i + 1, len));
      reporter
          .Report(DiagCode::InvalidEscape, SubSpan(span, offset, 2),
                  fmt::format("unknown escape `{}` in text", escape))
          .Help("only `\\\"`, `\\\\` and `\\n` may follow a backslash; write `\\\\` for a backslash itself");
    }
    out += static_cast<char>(c);
    if (where) where->push_back({offset, 1});
  }
  return out;
}

}  // namespace

std::string DecodeText(std::string_view text, Span span, Reporter& reporter) {
  return DecodeTextAt(text, span, reporter, nullptr);
}

std::string DecodePath(std::string_view text, Span span, Reporter& reporter,
                       const std::vector<InvalidUtf8>& invalid_utf8) {
  int errors_before = reporter.errors();
  std::vector<WrittenAt> where;
  std::string path = DecodeTextAt(text, span, reporter, &where);
  // An unknown escape was reported already: one complaint per literal.
  if (reporter.errors() != errors_before) return path;
  std::optional<PathFlaw> flaw = FindPathFlaw(path);
  if (!flaw) return path;
  Span at = span;
  bool one_character = flaw->kind != PathFlawKind::NamesAFolder && flaw->kind != PathFlawKind::TooLong;
  if (one_character && flaw->byte_offset < where.size()) {
    WrittenAt w = where[flaw->byte_offset];
    at = SubSpan(span, w.offset, w.width);
    // A byte that is not UTF-8 was reported as E0101 where it stands.
    for (const InvalidUtf8& bad : invalid_utf8)
      if (bad.code_point_offset == at.begin) return path;
  }
  reporter.Report(DiagCode::BadFilePath, at, "this file path " + flaw->what).Help(flaw->help);
  return path;
}

std::optional<DurationValue> DecodeDuration(std::string_view number, Span number_span, std::string_view unit,
                                            Span unit_span, Reporter& reporter) {
  struct Unit {
    std::string_view singular, plural;
    int64_t factor;
    ast::DurationUnit unit;
  };
  static constexpr std::array<Unit, 4> kUnits = {{{"day", "days", 1, ast::DurationUnit::Days},
                                                  {"week", "weeks", 7, ast::DurationUnit::Days},
                                                  {"month", "months", 1, ast::DurationUnit::Months},
                                                  {"year", "years", 12, ast::DurationUnit::Months}}};
  const Unit* found = nullptr;
  for (const Unit& u : kUnits) {
    if (unit == u.singular || unit == u.plural) found = &u;
  }
  if (!found) {
    std::string lower(unit);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    std::string help;
    for (const Unit& u : kUnits) {
      if (lower == u.singular || lower == u.plural)
        help = fmt::format("units are written in lowercase: `{}`", lower);
    }
    if (help.empty() && (lower.starts_with("hour") || lower.starts_with("min") || lower.starts_with("sec"))) {
      help = "ocf counts time in whole days, weeks, months and years";
    }
    if (help.empty()) {
      help = fmt::format(
          "write a unit: `30 days`, `18 weeks`, `3 months`, `1 year`; if `{}` is a name, an operator is "
          "missing between `{}` and `{}`",
          Abbreviate(unit), Abbreviate(number), Abbreviate(unit));
    }
    reporter
        .Report(DiagCode::BadDuration, unit_span, fmt::format("`{}` is not a unit of time", Abbreviate(unit)))
        .Help(help);
    return std::nullopt;
  }
  // The same length in the smaller unit, when it is whole there.
  auto SmallerUnit = [](std::string_view amount, const Unit& in) -> std::string {
    std::string generic = "write it in a smaller unit, e.g. `6 weeks` rather than `1.5 months`";
    if (in.factor == 1) return generic;
    std::optional<Decimal> value = Decimal::Parse(amount);
    if (!value) return generic;
    __int128 scaled = value->units() * in.factor;
    Decimal smaller = Decimal::FromUnits(scaled);
    std::optional<int64_t> whole = smaller.ToInt64();
    if (!whole) return generic;
    return fmt::format("write `{} {}`", *whole, in.unit == ast::DurationUnit::Days ? "days" : "months");
  };
  Span whole = Span::Join(number_span, unit_span);
  if (number.find('.') != std::string_view::npos) {
    reporter
        .Report(DiagCode::BadDuration, whole,
                fmt::format("a duration is a whole number of {}: `{} {}` is not", found->plural,
                            Abbreviate(number), unit))
        .Help(SmallerUnit(number, *found));
    return std::nullopt;
  }
  std::optional<NumberValue> n = DecodeNumber(number, number_span, reporter);
  if (!n) return std::nullopt;
  int64_t amount = *n->value.ToInt64();
  if (amount > kInt64Max / found->factor) {
    reporter.Report(DiagCode::NumberTooLarge, whole,
                    fmt::format("duration `{} {}` is too large to hold exactly", Abbreviate(number), unit));
    return std::nullopt;
  }
  return DurationValue{amount * found->factor, found->unit};
}

std::optional<int> DecodeOrdinal(std::string_view text, Span span, Reporter& reporter) {
  std::string_view digits = text.substr(0, text.size() >= 2 ? text.size() - 2 : 0);
  std::string_view suffix = text.substr(digits.size());
  std::optional<Decimal> value = Decimal::Parse(digits);
  std::optional<int64_t> rank = value ? value->ToInt64() : std::nullopt;
  if (!rank || *rank < 0 || *rank > 100) {
    reporter
        .Report(DiagCode::BadPercentile, span,
                fmt::format("`{}` is not a percentile: ranks go from 0 to 100", Abbreviate(text)))
        .Help("write e.g. `90th percentile`, `95th percentile` or `median`");
    return std::nullopt;
  }
  int n = static_cast<int>(*rank);
  std::string_view expected = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) expected = "st";
    if (n % 10 == 2) expected = "nd";
    if (n % 10 == 3) expected = "rd";
  }
  if (suffix != expected) {
    reporter
        .Report(DiagCode::BadPercentile, span,
                fmt::format("`{}` has the wrong suffix: it is written `{}{}`", text, n, expected))
        .Help("percentiles are written `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `21st`, `22nd`, ...");
    return std::nullopt;
  }
  return n;
}

std::optional<ast::Frequency> DecodeFrequency(std::string_view word, Span span, std::string_view what,
                                              Reporter& reporter) {
  if (word == "monthly") return ast::Frequency::Monthly;
  if (word == "quarterly") return ast::Frequency::Quarterly;
  if (word == "yearly") return ast::Frequency::Yearly;
  std::string suggestion;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNear = {{
      {"annual", "yearly"},
      {"annually", "yearly"},
      {"year", "yearly"},
      {"years", "yearly"},
      {"quarter", "quarterly"},
      {"quarters", "quarterly"},
      {"month", "monthly"},
      {"months", "monthly"},
  }};
  for (const auto& [near, good] : kNear) {
    if (word == near) suggestion = good;
  }
  for (std::string_view good : {"monthly", "quarterly", "yearly"}) {
    if (suggestion.empty() && EditDistance(word, good) <= 2) suggestion = good;
  }
  Diagnostic& d = reporter.Report(DiagCode::BadPeriods, span,
                                  fmt::format("`{}` is not a {} ocf knows", Abbreviate(word), what));
  if (!suggestion.empty()) {
    d.Help(fmt::format("did you mean `{}`? write `monthly`, `quarterly` or `yearly`", suggestion));
  } else {
    d.Help("write `monthly`, `quarterly` or `yearly`");
  }
  return std::nullopt;
}

TableCells SplitTableRow(std::string_view text, Span span) {
  TableCells out;
  // Cells as byte ranges, with the code point offset of each range's start.
  size_t i = text.starts_with('|') ? 1 : 0;
  uint32_t cp = static_cast<uint32_t>(i);
  auto add_cell = [&](size_t begin, uint32_t begin_cp, size_t end) {
    std::string_view raw = text.substr(begin, end - begin);
    std::string_view trimmed = Trim(raw);
    size_t lead = static_cast<size_t>(trimmed.data() - raw.data());
    uint32_t start = begin_cp + CodePoints(raw.substr(0, lead));
    out.cells.emplace_back(trimmed);
    out.spans.push_back(SubSpan(span, start, CodePoints(trimmed)));
  };
  while (i <= text.size()) {
    size_t begin = i;
    uint32_t begin_cp = cp;
    bool quoted = false;
    while (i < text.size() && (quoted || text[i] != '|')) {
      if (text[i] == '"') quoted = !quoted;
      if (!IsContinuation(static_cast<unsigned char>(text[i]))) ++cp;
      ++i;
    }
    if (i >= text.size()) {
      // After the last `|`: a cell only if something other than a comment is there.
      std::string_view rest = Trim(text.substr(begin));
      if (!rest.empty() && !rest.starts_with("//")) add_cell(begin, begin_cp, text.size());
      break;
    }
    add_cell(begin, begin_cp, i);
    ++i;  // the `|`
    ++cp;
  }
  return out;
}

}  // namespace ocf::parse
