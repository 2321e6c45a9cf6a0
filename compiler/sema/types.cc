#include "compiler/sema/types.h"

namespace ocf {

std::string Type::ToString() const {
  std::string s;
  switch (kind) {
    case TypeKind::Error:
      s = "<error>";
      break;
    case TypeKind::Int:
      s = "int";
      break;
    case TypeKind::Decimal:
      s = "decimal";
      break;
    case TypeKind::Percent:
      s = "percent";
      break;
    case TypeKind::Money:
      s = "money";
      break;
    case TypeKind::Bool:
      s = "bool";
      break;
    case TypeKind::Date:
      s = "date";
      break;
    case TypeKind::DayDuration:
      s = "duration in days";
      break;
    case TypeKind::MonthDuration:
      s = "duration in months";
      break;
    case TypeKind::AnyDuration:
      s = "duration";
      break;
    case TypeKind::Text:
      s = "text";
      break;
    case TypeKind::Id:
      s = "id";
      break;
    case TypeKind::Enum: {
      s = "one of (";
      if (enum_values) {
        for (size_t i = 0; i < enum_values->size(); ++i) {
          if (i) s += ", ";
          s += (*enum_values)[i];
        }
      }
      s += ")";
      break;
    }
  }
  if (optional) s += "?";
  return s;
}

bool SameKind(const Type& a, const Type& b) {
  if (a.kind != b.kind) return false;
  if (a.kind != TypeKind::Enum) return true;
  if (!a.enum_values || !b.enum_values) return a.enum_values == b.enum_values;
  return *a.enum_values == *b.enum_values;
}

bool Assignable(const Type& from, const Type& to) {
  if (from.is_error() || to.is_error()) return true;
  if (SameKind(from, to)) return true;
  if (from.kind == TypeKind::Int && to.kind == TypeKind::Decimal) return true;
  if (to.kind == TypeKind::AnyDuration && from.is_duration()) return true;
  return false;
}

}  // namespace ocf
