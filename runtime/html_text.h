// Text from a contract or a provider's data, written into an HTML report
// (statement_html.h): shown as a terminal shows it (safe_text.h: control
// characters, bidirectional overrides and bytes that are not UTF-8 made
// visible as `\x1B`, `\u{202E}`, ...), then with the five characters HTML
// gives a meaning (`<`, `>`, `&`, `"`, `'`) written as character references.
// So a group named `<script>` or `"><img src=x>` is shown as written, the
// document stays well-formed, and no text reorders the report around it.
// The result is safe both between tags and inside a quoted attribute.
#pragma once

#include <string>
#include <string_view>

namespace ocf {

std::string HtmlText(std::string_view s);
void AppendHtmlText(std::string& out, std::string_view s);

// `s` cut to at most `max_chars` characters (whole UTF-8 characters; an
// ellipsis ends a cut text), before escaping: for labels in a chart.
std::string ShortenText(std::string_view s, size_t max_chars);

}  // namespace ocf
