// Text from outside ocf (a provider's cells, file names) made safe for where
// it is written (docs/language.md, "Safe outputs"):
//
// - on a terminal (the table statement, data problems, diagnostics), control
//   characters and bytes that are not UTF-8 are shown escaped, so a cell
//   cannot clear the screen, move the cursor or disguise a line: `\n`, `\r`,
//   `\t`; `\xNN` for another C0 control, DEL or a byte that is not UTF-8;
//   `\u{NN}` for a C1 control (U+0080-U+009F) and for the characters that
//   reorder the text around them (U+202A-U+202E, U+2066-U+2069). Other text,
//   é and ŵ and 中, is kept as it is;
// - in a CSV statement, a cell a spreadsheet would run as a formula gets a
//   leading `'` (the OWASP rule), unless it is a number as ocf writes one;
// - in JSON (runtime/json.cc), a byte that is not UTF-8 becomes U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ocf {

// The length (1-4) of the UTF-8 character starting at s[i], or 0 when the
// byte there does not start one (overlong forms and surrogates included).
size_t Utf8Length(std::string_view s, size_t i);

// Whether every byte of `s` is valid UTF-8.
bool IsUtf8(std::string_view s);

// Whether `s` would be shown differently on a terminal (it holds something
// TerminalText escapes).
bool NeedsTerminalEscape(std::string_view s);

// `s` as shown on a terminal: see above. The escaped form is for reading, not
// for parsing back: a backslash in the text is shown as it is.
std::string TerminalText(std::string_view s);
void AppendTerminalText(std::string& out, std::string_view s);
// In place, copying only when something needs escaping.
void MakeTerminalSafe(std::string& s);

// The columns `s` takes on a terminal, for lining up a table: a character
// of the East Asian wide scripts (中, 한) takes two, a combining mark none,
// any other one. `s` is text as TerminalText leaves it.
size_t DisplayWidth(std::string_view s);

// Whether `s` is a number exactly as ocf writes one in a statement: an
// optional `-`, digits, and optionally `.` and more digits (`-12.50`,
// `0.875`, `42`).
bool IsWrittenNumber(std::string_view s);

// One field of a CSV file: a cell starting with `=`, `+`, `-`, `@` (or their
// full-width forms), a tab or a carriage return, that is not a written
// number, is prefixed with `'`; then the field is quoted when it holds a
// comma, a quote or a line break (RFC 4180). A byte that is not UTF-8
// becomes U+FFFD.
std::string CsvCell(std::string_view s);

}  // namespace ocf
