// The types of OCF values (docs/language.md §2), as the checker sees them.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ocf {

enum class TypeKind {
  Error,  // already reported; operations on it stay quiet
  Int,
  Decimal,
  Percent,
  Money,
  Bool,
  Date,
  DayDuration,    // 30 days, date - date
  MonthDuration,  // 3 months, 1 year
  AnyDuration,    // a declared `duration` input or parameter: days or months
  Text,
  Id,
  Enum,
};

struct Type {
  TypeKind kind = TypeKind::Error;
  bool optional = false;                                        // may be missing (from a `T?` column)
  std::shared_ptr<const std::vector<std::string>> enum_values;  // Enum only

  static Type Of(TypeKind k, bool optional = false) { return Type{k, optional, nullptr}; }
  static Type Error() { return Type{}; }

  bool is_error() const { return kind == TypeKind::Error; }
  bool is_numeric() const { return kind == TypeKind::Int || kind == TypeKind::Decimal; }
  bool is_duration() const {
    return kind == TypeKind::DayDuration || kind == TypeKind::MonthDuration || kind == TypeKind::AnyDuration;
  }
  Type AsOptional(bool o = true) const {
    Type t = *this;
    t.optional = o;
    return t;
  }
  Type Required() const { return AsOptional(false); }

  // `percent`, `money?`, `one of (physio, pain)`, `duration in days`.
  std::string ToString() const;
};

// Same kind (and the same enumeration values); optionality ignored.
bool SameKind(const Type& a, const Type& b);
// Whether a value of type `from` can be used where `to` is expected: the same
// kind, or int where a decimal is expected, or a duration where a declared
// duration is expected. Optionality is ignored.
bool Assignable(const Type& from, const Type& to);

}  // namespace ocf
