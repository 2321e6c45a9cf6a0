// Decimal against vectors computed independently in Python (exact rationals;
// see decimal_vectors.py): random and boundary operands for every operation,
// including ties, overflow and powers far past 18 digits.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "runtime/decimal.h"

namespace ocf {
namespace {

struct Vector {
  std::string_view op, a, b, expected;
};

const Vector kVectors[] = {
#include "decimal_vectors.inc"
};

std::string Show(const Result<Decimal>& r) {
  if (r) return r->ToString();
  return r.error() == ArithError::Overflow ? "overflow" : "division by zero";
}

Decimal Parsed(std::string_view text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Decimal());
}

TEST(DecimalVectors, MatchPython) {
  int checked = 0;
  for (const Vector& v : kVectors) {
    Decimal a = Parsed(v.a);
    std::string got;
    if (v.op == "add") {
      got = Show(Decimal::Add(a, Parsed(v.b)));
    } else if (v.op == "sub") {
      got = Show(Decimal::Sub(a, Parsed(v.b)));
    } else if (v.op == "mul") {
      got = Show(Decimal::Mul(a, Parsed(v.b)));
      // The product does not depend on the order.
      EXPECT_EQ(Show(Decimal::Mul(Parsed(v.b), a)), got) << v.a << " * " << v.b;
    } else if (v.op == "div") {
      got = Show(Decimal::Div(a, Parsed(v.b)));
    } else if (v.op == "pow") {
      got = Show(Decimal::Pow(a, std::stoll(std::string(v.b))));
    } else if (v.op == "round_half_away") {
      got = Show(a.RoundHalfAwayFromZero(std::stoi(std::string(v.b))));
    } else if (v.op == "round_half_even") {
      got = Show(a.RoundHalfEven(std::stoi(std::string(v.b))));
    } else if (v.op == "to_string") {
      got = a.ToString(std::stoi(std::string(v.b)));
    } else {
      ADD_FAILURE() << "unknown op " << v.op;
      continue;
    }
    EXPECT_EQ(got, v.expected) << v.op << "(" << v.a << ", " << v.b << ")";
    ++checked;
  }
  EXPECT_GT(checked, 700);
}

}  // namespace
}  // namespace ocf
