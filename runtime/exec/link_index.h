// The indexes linked records (`exists U on K`, LANGUAGE.md §6) are found
// through: U's rows grouped by the key's value, built once per run over all
// of U's rows, whatever their date, and shared by every link to the same
// (U, key column). Both engines probe the same index: the interpreter with
// the key's value, compiled scans through LinkProbe (kernel_abi.h), by the
// key's dictionary code (text, id, enumeration keys) or through
// ocf_link_group (whole numbers and dates).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "plan/plan.h"
#include "runtime/exec/kernel_abi.h"
#include "runtime/table.h"

namespace ocf::exec {

// A table's rows grouped by one column: a group per distinct value, the
// rows of each in row order. Rows whose key is missing are in no group: a
// missing key matches nothing.
class KeyIndex {
 public:
  KeyIndex(const Table& table, size_t column);
  // The group of a value, or -1 when no row has it.
  int64_t GroupOfInt(int64_t key) const;            // whole-number and date columns
  int64_t GroupOfText(std::string_view key) const;  // text, id and enumeration columns
  std::span<const uint32_t> Rows(int64_t group) const {
    return std::span<const uint32_t>(rows_).subspan(static_cast<size_t>(starts_[group]),
                                                    static_cast<size_t>(starts_[group + 1] - starts_[group]));
  }
  const std::vector<int64_t>& starts() const { return starts_; }
  const std::vector<uint32_t>& rows() const { return rows_; }
  // The memory it takes.
  size_t bytes() const;

 private:
  const Column& column_;
  bool coded_;                   // text, id, enumeration: a row's group is its dictionary code
  std::vector<int64_t> starts_;  // per group, and one past the last
  std::vector<uint32_t> rows_;   // by group
  std::vector<int64_t> keys_;    // whole numbers and dates: open addressing, key per slot
  std::vector<int64_t> groups_;  // its group, -1 for an empty slot
  uint64_t mask_ = 0;
};

// Every link of a plan over the run's tables.
class LinkIndexes {
 public:
  LinkIndexes(const plan::EvaluationPlan& plan, const std::vector<const Table*>& tables);
  const KeyIndex& index(size_t link) const { return *links_[link].index; }
  const Table& table(size_t link) const { return *links_[link].table; }
  // What compiled scans read, one per plan link, made on the first call: the
  // text keys' translation from the scanning table's codes, and the columns
  // of U the link's condition reads, gathered in the index's order (so a
  // probe reads its matches' values side by side, not one cache miss each).
  const LinkProbe* Probes();

 private:
  struct PerLink {
    const KeyIndex* index;
    const Table* table;
    std::vector<const void*> values;
    std::vector<const uint8_t*> present;
    std::vector<int64_t> translate;
  };
  // A column of U in an index's order: its values (16-byte aligned) and presence.
  struct Gathered {
    std::unique_ptr<__int128[]> values;
    std::vector<uint8_t> present;
  };
  const Gathered& Gather(const KeyIndex& index, const Table& table, size_t column);
  std::map<std::pair<const KeyIndex*, size_t>, Gathered> gathered_;
  const plan::EvaluationPlan& plan_;
  const std::vector<const Table*>& tables_;
  std::map<std::pair<size_t, size_t>, std::unique_ptr<KeyIndex>> indexes_;  // per (table, column)
  std::vector<PerLink> links_;
  std::vector<LinkProbe> probes_;
};

// A column's values as a compiled scan reads them.
const void* ColumnValues(const Column& c);

}  // namespace ocf::exec
