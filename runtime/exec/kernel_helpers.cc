// The helpers compiled scans call (runtime/exec/kernel_abi.h), each the same
// operation the interpreter performs, so both engines round alike.
#include "runtime/date.h"
#include "runtime/decimal.h"
#include "runtime/exec/aggregate.h"
#include "runtime/exec/kernel_abi.h"

namespace {

int32_t Status(const ocf::Result<ocf::Decimal>& r, __int128* out) {
  if (r.ok()) {
    *out = r->units();
    return 0;
  }
  return r.error() == ocf::ArithError::Overflow ? 1 : 2;
}

}  // namespace

using ocf::Date;
using ocf::Decimal;

extern "C" {

int32_t ocf_dec_mul(const __int128* a, const __int128* b, __int128* out) {
  return Status(Decimal::Mul(Decimal::FromUnits(*a), Decimal::FromUnits(*b)), out);
}

int32_t ocf_dec_div(const __int128* a, const __int128* b, __int128* out) {
  if (*b == 0) return 2;
  return Status(Decimal::Div(Decimal::FromUnits(*a), Decimal::FromUnits(*b)), out);
}

int32_t ocf_dec_pow(const __int128* a, int64_t exponent, __int128* out) {
  return Status(Decimal::Pow(Decimal::FromUnits(*a), exponent), out);
}

int32_t ocf_dec_round(const __int128* a, int64_t places, __int128* out) {
  if (places < 0 || places > Decimal::kScale) return 4;
  return Status(Decimal::FromUnits(*a).RoundHalfAwayFromZero(static_cast<int>(places)), out);
}

int32_t ocf_int_pow(int64_t a, int64_t exponent, int64_t* out) {
  if (exponent < 0) return 3;
  ocf::Result<int64_t> r = ocf::IntPow(a, static_cast<uint64_t>(exponent));
  if (!r.ok()) return 1;
  *out = *r;
  return 0;
}

int64_t ocf_date_add_days(int64_t date, int64_t days) {
  return Date::FromDays(static_cast<int32_t>(date)).AddDays(days).days();
}

int64_t ocf_date_add_months(int64_t date, int64_t months) {
  return Date::FromDays(static_cast<int32_t>(date)).AddMonths(months).days();
}

int64_t ocf_date_part(int64_t date, int32_t part) {
  auto ymd = Date::FromDays(static_cast<int32_t>(date)).ymd();
  return part == 0 ? ymd.year : part == 1 ? ymd.month : ymd.day;
}

void ocf_bag_add(ocf::exec::ValueBag* bags, int64_t slot, const __int128* value) { bags[slot].Add(*value); }
}
