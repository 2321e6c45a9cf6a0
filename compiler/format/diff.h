// A unified diff of two texts, line by line (`ocf fmt --check`).
#pragma once

#include <string>
#include <string_view>

namespace ocf::format {

// `--- a/PATH` / `+++ b/PATH` headers and hunks with three lines of context,
// as `diff -u` writes them; empty when the texts are equal.
std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& path);

}  // namespace ocf::format
