// A place in a contract: a half-open range of code point offsets into one
// source file (compiler/source/source.h registers the files and names them
// by id). It lives here, beside the evaluation plan, because the plan keeps
// spans for run-time errors and the runtime reads the plan without seeing
// the compiler.
#pragma once

#include <cstdint>

namespace ocf {

struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;  // code point offset, inclusive
  uint32_t end = 0;    // code point offset, exclusive

  static Span Join(Span a, Span b) {
    return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

}  // namespace ocf
