// The evaluation plan's few out-of-line functions (plan.h).
#include "plan/plan.h"

namespace ocf::plan {

const char* ToString(ValueType t) {
  switch (t) {
    case ValueType::Int:
      return "int";
    case ValueType::Decimal:
      return "decimal";
    case ValueType::Bool:
      return "bool";
    case ValueType::Date:
      return "date";
    case ValueType::DayDuration:
      return "days";
    case ValueType::MonthDuration:
      return "months";
    case ValueType::Text:
      return "text";
  }
  return "?";
}

}  // namespace ocf::plan
