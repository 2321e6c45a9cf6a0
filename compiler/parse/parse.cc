#include "compiler/parse/parse.h"

namespace ocf {

// Placeholder until the parser lands.
ParseResult Parse(const SourceFile& source, uint32_t source_id, const ParseLimits& limits) {
  (void)source;
  (void)limits;
  ParseResult result;
  result.file.source_id = source_id;
  return result;
}

}  // namespace ocf
