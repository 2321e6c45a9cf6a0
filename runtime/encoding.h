// What a byte that is not UTF-8 most likely was: contracts and data files
// saved in the old Windows (Latin-1) encoding are the usual cause, and naming
// the character (`£`) tells the author what happened.
#pragma once

#include <string_view>

namespace ocf {

// "`£`", "a curly quote", ...; empty when the byte is no common character there.
std::string_view Windows1252Guess(unsigned char byte);

}  // namespace ocf
