// The contract between compiled scans (compiler/codegen) and the executor
// that runs them (runtime/exec/compiled.h). Generated code reads these
// structs by the offsets below, so change both together.
//
// A scan is one function per table: `int32_t scan(KernelContext*, begin,
// end)` walks rows [begin, end) once, places each row in its finest period,
// evaluates every population, condition and value of the table's aggregates,
// and updates each aggregate's state for the row's period and group.
//
// States are flat: per aggregate, kStateWords 64-bit words per slot, slot =
// group * finest + period, group 0 for "no `by`, or its value missing",
// code + 1 otherwise.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ocf::exec {

class ValueBag;

// Words of one slot's state. A sum is kept in 256 bits (kSum, four words,
// little-endian two's complement), so it cannot overflow before the end;
// min and max keep their value in kLo (and kHi for a decimal).
enum StateWord : int { kRows, kHits, kN, kSkipped, kSum, kLo = kSum, kHi, kStateWords = kSum + 4 };

// One link of the plan (`exists U on K`), as a scan probes it
// (runtime/exec/link_index.h): the key's group, then U's rows in it.
struct LinkProbe {
  // Per column of U the condition reads (else null): its values and a
  // presence byte each, in the order of `rows` (position p is U's row rows[p]).
  const void* const* values;
  const uint8_t* const* present;
  // Text keys: per code of the scanning table's key column, its group, or -1.
  const int64_t* translate;
  const void* index;      // whole-number and date keys: the KeyIndex, for ocf_link_group
  const int64_t* starts;  // per group g: its rows are rows[starts[g]] to rows[starts[g + 1] - 1]
  const uint32_t* rows;   // U's rows with a key, by group, in row order within each
};

struct KernelContext {
  const void* const* values;      // per table column: its value vector
  const uint8_t* const* present;  // per table column: a byte per row
  const int32_t* period_of_day;   // finest period of each day of the term
  int64_t first_day;              // the term's first day (days since 1970)
  int64_t days;                   // days in the term
  int64_t finest;                 // finest periods in the term
  int64_t* const* states;         // per plan aggregate (null for other tables' aggregates)
  ValueBag* const* bags;          // per plan aggregate: a bag per slot, or null
  // Per plan aggregate: kHistogram counts per slot for whole-number values
  // 0 to kHistogram - 1 of a median or percentile (others go to its bag), or null.
  int64_t* const* histograms;
  int64_t* const* presence;   // per table column: rows per slot, or null when not a `by` column
  const int64_t* text_codes;  // per text constant of the scan: its code in its column, or -1
  int64_t outside;            // rows outside the term, added to
  int64_t error_row;          // set with kRowError and kCheckFailed
  const LinkProbe* links;     // per plan link (EvaluationPlan::links), or null when the plan has none
  // Per text map of the scan (CompiledScan::text_maps): for each code of one
  // column, the code of the same text in another table's column, or -1.
  const int64_t* const* text_maps;
};

constexpr int64_t kHistogram = 64;

// The most one worker's dense states for one table may take.
constexpr size_t kMaxDenseStateBytes = size_t{256} << 20;

// What a scan returns.
enum ScanStatus : int32_t {
  kScanOk = 0,
  kRowError = 1,     // an expression failed at error_row: re-run that row on the interpreter for its message
  kCheckFailed = 2,  // a check rule of the data block is broken (or fails) at error_row
  // Not a kernel's: the executor did not run the scan, because the dense
  // states of its `by` groups (groups x finest periods slots) would exceed
  // kMaxDenseStateBytes; the run goes to the reference interpreter, whose
  // grouped states grow with the data instead.
  kStatesTooLarge = 3
};

using ScanFunction = int32_t (*)(KernelContext*, uint64_t begin, uint64_t end);

}  // namespace ocf::exec

// Run-time helpers compiled scans call for the operations not worth inlining.
// Status: 0 ok, 1 overflow, 2 missing (division by zero), 3 a negative power
// of an int, 4 `round` places out of range.
extern "C" {
int32_t ocf_dec_mul(const __int128* a, const __int128* b, __int128* out);
int32_t ocf_dec_div(const __int128* a, const __int128* b, __int128* out);
int32_t ocf_dec_pow(const __int128* a, int64_t exponent, __int128* out);
int32_t ocf_dec_round(const __int128* a, int64_t places, __int128* out);
int32_t ocf_int_pow(int64_t a, int64_t exponent, int64_t* out);
int64_t ocf_date_add_days(int64_t date, int64_t days);
int64_t ocf_date_add_months(int64_t date, int64_t months);
int64_t ocf_date_part(int64_t date, int32_t part);  // 0 year, 1 month, 2 day
void ocf_bag_add(ocf::exec::ValueBag* bags, int64_t slot, const __int128* value);
// The group of a whole-number or date key in a link's index (LinkProbe::index), or -1.
int64_t ocf_link_group(const void* index, int64_t key);
// A scan compiled in `count` chunks: runs each over [begin, end), a block
// of rows at a time; the status and error row of the first failing row.
int32_t ocf_scan_chunks(ocf::exec::KernelContext* ctx, uint64_t begin, uint64_t end,
                        const ocf::exec::ScanFunction* chunks, int64_t count);
}
