// What was wrong with one data file: every problem counted, the first few of
// each kind kept for listing.
//
// Problems are grouped into rules: "a bad value in `age`", "no value in
// `referred_on`", "a `referral_id` used before", "the wrong number of
// fields", and later each `check` rule of the data block. Every occurrence
// is counted, but only the first `max_listed_per_rule` of each rule keep their
// message, so a ten-million-row file that is wrong in every row stays cheap to
// hold and readable to print ("... and N more").
//
// Reading (runtime/csv_reader.h) fills a report; evaluating `check` rules will
// add to the same report through Rule() and Add().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocf {

struct DataProblem {
  uint64_t line = 0;    // physical line of the file where the row starts; 0: the file as a whole
  std::string column;   // the column it is about; empty for a whole row or file
  std::string message;  // why, one line
  size_t rule = 0;      // index into DataReport::rules()
};

struct DataRule {
  std::string key;  // stable identifier: "bad-value:age", "missing:age", "check:2", ...
  // The kind's stable code (runtime/data_codes.def): "D0401" for every
  // "bad-value:COLUMN", "D0601" for every "check:N".
  std::string_view code;
  // How a summary names one and several occurrences: "row with a bad value
  // in `age`" / "rows with ...". Empty for problems with the file as a whole
  // (a missing column, an unterminated quote), which need no summary.
  std::string one, many;
  uint64_t count = 0;   // every occurrence
  uint64_t listed = 0;  // occurrences kept in problems()
};

class DataReport {
 public:
  explicit DataReport(std::string file = "", size_t max_listed_per_rule = 20)
      : file_(std::move(file)), max_listed_(max_listed_per_rule) {}

  // The data file, as named in messages.
  const std::string& file() const { return file_; }

  // The rule with this key, added (with these summary phrases) if new.
  size_t Rule(std::string_view key, std::string one = "", std::string many = "");
  // Whether another problem of `rule` would be kept: callers may skip
  // building a message that would only be counted.
  bool Listing(size_t rule) const { return rules_[rule].listed < max_listed_; }
  // Counts one occurrence of `rule`, keeping its message while under the cap.
  void Add(size_t rule, uint64_t line, std::string column, std::string message);
  // Counts `n` more occurrences of `rule` without keeping any: what a
  // warehouse counted beyond the rows it listed (millions, without a loop).
  void Count(size_t rule, uint64_t n) { rules_[rule].count += n; }

  const std::vector<DataRule>& rules() const { return rules_; }
  // Kept problems in the order added. Sorted(): by line, then as added.
  const std::vector<DataProblem>& problems() const { return problems_; }
  std::vector<DataProblem> Sorted() const;
  // Every occurrence of every rule.
  uint64_t problem_count() const;
  bool ok() const { return problem_count() == 0; }

  // Data rows read from the file (blank lines are not rows).
  uint64_t rows = 0;

 private:
  std::string file_;
  size_t max_listed_;
  std::vector<DataRule> rules_;
  std::vector<DataProblem> problems_;
};

// One kind of data problem, as runtime/data_codes.def lists it.
struct DataProblemKind {
  std::string_view code;     // "D0401"
  std::string_view kind;     // "bad-value": a rule's key is this, or this then `:` and more
  std::string_view summary;  // what it is about, for docs/diagnostics.md
};
// Every kind, in the order of data_codes.def.
const std::vector<DataProblemKind>& AllDataProblemKinds();
// The code of a rule with this key ("bad-value:age" -> "D0401"). Every key
// the readers and checks make has one; a key of no known kind is a mistake
// in ocf and throws std::logic_error.
std::string_view DataProblemCode(std::string_view rule_key);

// 2431 -> "2,431": counts in summaries are read by people.
std::string WithThousands(uint64_t n);

}  // namespace ocf
