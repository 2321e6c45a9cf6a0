#include "runtime/table.h"

#include <type_traits>

namespace ocf {

Column::Column(const ColumnSpec& spec) : spec_(spec) {
  if (spec_.kind == ColumnKind::Enum) {
    for (const std::string& v : spec_.enum_values) dictionary_.push_back(v);
  }
}

uint32_t Column::Intern(std::string_view text) {
  if (auto it = codes_by_text_.find(text); it != codes_by_text_.end()) return it->second;
  // Key the index on the stored copy: `text` is only a view of the caller's cell.
  uint32_t code = static_cast<uint32_t>(dictionary_.size());
  dictionary_.emplace_back(text);
  codes_by_text_.emplace(dictionary_.back(), code);
  return code;
}

void Column::AppendMissing() {
  present_.push_back(0);
  switch (spec_.kind) {
    case ColumnKind::Int:
      ints_.push_back(0);
      break;
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      decimals_.push_back(Decimal());
      break;
    case ColumnKind::Bool:
      bools_.push_back(0);
      break;
    case ColumnKind::Date:
      dates_.push_back(Date());
      break;
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      codes_.push_back(0);
      break;
  }
}

void Column::Append(const CellValue& value) {
  std::visit(
      [this](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          AppendMissing();
          return;
        } else {
          present_.push_back(1);
          if constexpr (std::is_same_v<T, int64_t>) {
            ints_.push_back(v);
          } else if constexpr (std::is_same_v<T, Decimal>) {
            decimals_.push_back(v);
          } else if constexpr (std::is_same_v<T, bool>) {
            bools_.push_back(v ? 1 : 0);
          } else if constexpr (std::is_same_v<T, Date>) {
            dates_.push_back(v);
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            codes_.push_back(Intern(v));
          } else if constexpr (std::is_same_v<T, EnumIndex>) {
            codes_.push_back(v.index);
          }
        }
      },
      value);
}

std::string Column::ToString(size_t row) const {
  if (!present(row)) return "";
  switch (spec_.kind) {
    case ColumnKind::Int:
      return std::to_string(ints_[row]);
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return decimals_[row].ToString();
    case ColumnKind::Bool:
      return bools_[row] ? "true" : "false";
    case ColumnKind::Date:
      return dates_[row].ToString();
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      return std::string(text_at(row));
  }
  return "";
}

Table::Table(TableSchema schema) : schema_(std::move(schema)) {
  columns_.reserve(schema_.columns.size());
  for (const ColumnSpec& spec : schema_.columns) columns_.emplace_back(spec);
}

const Column* Table::Find(std::string_view name) const {
  for (const Column& c : columns_)
    if (c.spec().name == name) return &c;
  return nullptr;
}

void Table::AppendRow(const std::vector<CellValue>& values, uint64_t line) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i < values.size())
      columns_[i].Append(values[i]);
    else
      columns_[i].AppendMissing();
  }
  lines_.push_back(line);
}

}  // namespace ocf
