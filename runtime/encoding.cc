#include "runtime/encoding.h"

namespace ocf {

std::string_view Windows1252Guess(unsigned char byte) {
  switch (byte) {
    case 0xA3:
      return "`\u00A3`";
    case 0x80:
      return "`\u20AC`";
    case 0x91:
    case 0x92:
    case 0x93:
    case 0x94:
      return "a curly quote";
    case 0x96:
    case 0x97:
      return "a dash";
    case 0xA0:
      return "a non-breaking space";
    default:
      return {};
  }
}

}  // namespace ocf
