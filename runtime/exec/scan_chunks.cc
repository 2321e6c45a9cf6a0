// A table's scan compiled in several chunks (compiler/codegen/chunks.h):
// each chunk is a scan of its own over some of the aggregates, and this runs
// them block by block, so a block's rows are read from the cache by every
// chunk after the first.
#include <algorithm>

#include "runtime/exec/kernel_abi.h"

extern "C" int32_t ocf_scan_chunks(ocf::exec::KernelContext* ctx, uint64_t begin, uint64_t end,
                                   const ocf::exec::ScanFunction* chunks, int64_t count) {
  using namespace ocf::exec;
  constexpr uint64_t kBlock = 1024;  // rows
  for (uint64_t first = begin; first < end;) {
    uint64_t last = end - first > kBlock ? first + kBlock : end;
    // Each chunk stops at its first failing row. The one fused scan would
    // have stopped at the earliest of them, and there at its check rules
    // (which only the first chunk evaluates) before anything else.
    int32_t status = kScanOk;
    int64_t row = 0;
    for (int64_t k = 0; k < count; ++k) {
      int32_t s = chunks[k](ctx, first, last);
      if (s != kScanOk && (status == kScanOk || ctx->error_row < row)) {
        status = s;
        row = ctx->error_row;
      }
    }
    if (status != kScanOk) {
      ctx->error_row = row;
      return status;
    }
    first = last;
  }
  return kScanOk;
}
