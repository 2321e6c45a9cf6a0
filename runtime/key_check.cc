#include "runtime/key_check.h"

#include <functional>
#include <unordered_map>

#include <fmt/format.h>

namespace ocf {
namespace {

constexpr size_t kNoRule = static_cast<size_t>(-1);

}  // namespace

// Values of one key column seen so far, with the line each was first on.
class KeyCheck::Index {
 public:
  // The line `row`'s value was first seen on, or 0 when it is new (or missing).
  uint64_t FirstLine(const Column& column, size_t row, uint64_t line) {
    if (!column.present(row)) return 0;
    switch (column.kind()) {
      case ColumnKind::Text:
      case ColumnKind::Id:
      case ColumnKind::Enum: {
        uint32_t code = column.code_at(row);
        if (code >= by_code_.size()) by_code_.resize(code + 1, 0);
        return Seen(by_code_[code], line);
      }
      case ColumnKind::Int:
        return Seen(by_number_[column.int_at(row)], line);
      case ColumnKind::Decimal:
      case ColumnKind::Percent:
      case ColumnKind::Money:
        return Seen(by_number_[column.decimal_at(row).units()], line);
      case ColumnKind::Bool:
        return Seen(by_number_[column.bool_at(row)], line);
      case ColumnKind::Date:
        return Seen(by_number_[column.date_at(row).days()], line);
    }
    return 0;
  }

 private:
  static uint64_t Seen(uint64_t& first, uint64_t line) {
    if (first) return first;
    first = line;
    return 0;
  }
  struct Hash {
    size_t operator()(__int128 v) const {
      return std::hash<uint64_t>()(static_cast<uint64_t>(v) ^
                                   (static_cast<uint64_t>(v >> 64) * 0x9E3779B97F4A7C15ULL));
    }
  };
  std::vector<uint64_t> by_code_;  // text, id, enumeration: by dictionary code
  std::unordered_map<__int128, uint64_t, Hash> by_number_;
};

KeyCheck::KeyCheck(const TableSchema& schema) : rule_(schema.columns.size(), kNoRule) {
  for (const ColumnSpec& column : schema.columns)
    index_.push_back(column.key ? std::make_unique<Index>() : nullptr);
}

KeyCheck::~KeyCheck() = default;
KeyCheck::KeyCheck(KeyCheck&&) noexcept = default;
KeyCheck& KeyCheck::operator=(KeyCheck&&) noexcept = default;

void KeyCheck::Row(const Table& table, size_t row, uint64_t line, DataReport& report) {
  for (size_t c = 0; c < index_.size(); ++c) {
    if (!index_[c]) continue;
    const Column& column = table.column(c);
    uint64_t first = index_[c]->FirstLine(column, row, line);
    if (!first) continue;
    const std::string& name = column.spec().name;
    if (rule_[c] == kNoRule)
      rule_[c] = report.Rule(fmt::format("key:{}", name),
                             fmt::format("row whose `{}` repeats an earlier row's", name),
                             fmt::format("rows whose `{}` repeats an earlier row's", name));
    report.Add(
        rule_[c], line, name,
        report.Listing(rule_[c])
            ? fmt::format("`{}` is already used on line {} (`{}` is a key: each value may appear once)",
                          ShowCell(column.ToString(row)), first, name)
            : "");
  }
}

}  // namespace ocf
