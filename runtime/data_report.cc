#include "runtime/data_report.h"

#include <algorithm>
#include <stdexcept>

namespace ocf {

const std::vector<DataProblemKind>& AllDataProblemKinds() {
  static const std::vector<DataProblemKind> kinds = {
#define OCF_DATA_PROBLEM(name, code, kind, summary) {code, kind, summary},
#include "runtime/data_codes.def"
#undef OCF_DATA_PROBLEM
  };
  return kinds;
}

std::string_view DataProblemCode(std::string_view rule_key) {
  std::string_view kind = rule_key.substr(0, rule_key.find(':'));
  for (const DataProblemKind& k : AllDataProblemKinds())
    if (k.kind == kind) return k.code;
  throw std::logic_error("a data problem of no known kind: " + std::string(rule_key));
}

size_t DataReport::Rule(std::string_view key, std::string one, std::string many) {
  for (size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].key == key) return i;
  std::string_view code = DataProblemCode(key);
  rules_.push_back(DataRule{std::string(key), code, std::move(one), std::move(many), 0, 0});
  return rules_.size() - 1;
}

void DataReport::Add(size_t rule, uint64_t line, std::string column, std::string message) {
  DataRule& r = rules_[rule];
  ++r.count;
  if (r.listed >= max_listed_) return;
  ++r.listed;
  problems_.push_back(DataProblem{line, std::move(column), std::move(message), rule});
}

std::vector<DataProblem> DataReport::Sorted() const {
  std::vector<DataProblem> out = problems_;
  std::stable_sort(out.begin(), out.end(),
                   [](const DataProblem& a, const DataProblem& b) { return a.line < b.line; });
  return out;
}

uint64_t DataReport::problem_count() const {
  uint64_t n = 0;
  for (const DataRule& r : rules_) n += r.count;
  return n;
}

std::string WithThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace ocf
