// The aggregate structures behind a million `by` groups (runtime/exec): value
// bags that keep a few small ints without a histogram, codes sorted by 8-byte
// prefixes, cells laid out and permuted in place by cycles, and aggregate
// states whose min/max value and bag are allocated apart. Each is checked
// against a naive reference (a sorted list, std::sort, a sorted map of keys).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/exec/aggregate.h"
#include "runtime/exec/value_bag.h"

namespace ocf {
namespace {

using exec::AggState;
using exec::ValueBag;
using plan::AggregateOp;
using plan::ValueType;

std::string Str(__int128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  unsigned __int128 m = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  for (; m; m /= 10) digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
  return (negative ? "-" : "") + digits;
}

// Every k-th value, the size and the distinct count against a sorted copy of
// what went in.
void ExpectSameAs(ValueBag& bag, std::vector<__int128> values) {
  std::sort(values.begin(), values.end());
  ASSERT_EQ(bag.size(), values.size());
  for (size_t k = 0; k < values.size(); ++k)
    ASSERT_TRUE(bag.Kth(k) == values[k]) << "k " << k << ": " << Str(bag.Kth(k)) << " != " << Str(values[k]);
  std::set<__int128> distinct(values.begin(), values.end());
  EXPECT_EQ(bag.Distinct(), distinct.size());
}

// Mostly histogram values (0..255 and its edges), with negatives, values just
// past the histogram and huge values mixed in.
__int128 Draw(std::mt19937_64& rng) {
  const __int128 huge = static_cast<__int128>(1) << 100;
  switch (rng() % 8) {
    case 0:
      return -static_cast<__int128>(rng() % 5) - 1;  // -1..-5
    case 1:
      return ValueBag::kDense + static_cast<__int128>(rng() % 3);  // 256..258
    case 2:
      return rng() % 2 ? huge : -huge;
    case 3:
      return rng() % 2 ? 0 : ValueBag::kDense - 1;
    default:
      return static_cast<__int128>(rng() % 20);  // small ints that repeat
  }
}

std::vector<__int128> DrawMany(std::mt19937_64& rng, size_t n, bool small_only) {
  std::vector<__int128> out;
  for (size_t i = 0; i < n; ++i) out.push_back(small_only ? static_cast<__int128>(rng() % 256) : Draw(rng));
  return out;
}

ValueBag BagOf(const std::vector<__int128>& values) {
  ValueBag bag;
  for (__int128 v : values) bag.Add(v);
  return bag;
}

TEST(SmallValueBags, EveryKthOfBagsUnderTheThresholdOfSmallIntsOrMixed) {
  std::mt19937_64 rng(11);
  for (bool small_only : {true, false})
    for (size_t n = 1; n < ValueBag::kSmall; ++n) {
      SCOPED_TRACE("n " + std::to_string(n) + (small_only ? ", small ints" : ", mixed"));
      std::vector<__int128> values = DrawMany(rng, n, small_only);
      ValueBag bag = BagOf(values);
      ExpectSameAs(bag, values);
      // Queried, then added to: still the same multiset.
      bag.Add(values[0]);
      values.push_back(values[0]);
      ExpectSameAs(bag, values);
    }
}

TEST(SmallValueBags, OneSmallValueHoldsNoHistogram) {
  // A 256-entry histogram of counts is 2 KB; even its first 16 entries are 128 bytes.
  for (__int128 v : {__int128{0}, __int128{15}, __int128{200}, __int128{ValueBag::kDense - 1}}) {
    ValueBag bag;
    bag.Add(v);
    EXPECT_LE(bag.bytes(), 64u) << Str(v);
    EXPECT_TRUE(bag.Kth(0) == v);
  }
  ValueBag ten = BagOf({3, 3, 7, 250, 0, 1, 2, 3, 4, 5});
  EXPECT_LE(ten.bytes(), 512u);
}

TEST(SmallValueBags, CrossingTheThresholdByAdd) {
  std::mt19937_64 rng(12);
  for (int round = 0; round < 20; ++round) {
    std::vector<__int128> values = DrawMany(rng, ValueBag::kSmall + 10, round % 2 == 0);
    ValueBag queried, unqueried;
    for (size_t i = 0; i < values.size(); ++i) {
      queried.Add(values[i]);
      unqueried.Add(values[i]);
      // Around the threshold, asked after every value (each query sorts in).
      if (i + 3 >= ValueBag::kSmall) {
        SCOPED_TRACE("round " + std::to_string(round) + ", after " + std::to_string(i + 1));
        ExpectSameAs(queried, std::vector<__int128>(values.begin(), values.begin() + i + 1));
      }
    }
    ExpectSameAs(unqueried, values);
  }
}

TEST(SmallValueBags, ManyLargeValuesThenSmallOnes) {
  // 10 small ints kept with the others, then 100 values outside the histogram
  // (no histogram yet), then a small int: the histogram takes all small ones.
  std::vector<__int128> values = {5, 0, 255, 5, 17, 3, 3, 3, 200, 1};
  for (int i = 0; i < 100; ++i)
    values.push_back(i % 2 ? 1000 + i % 7 : -(static_cast<__int128>(1) << 90) + i);
  ValueBag bag = BagOf(values);
  ExpectSameAs(bag, values);
  bag.Add(4);
  values.push_back(4);
  ExpectSameAs(bag, values);
  // Merged into a tiny bag and into a histogram bag.
  ValueBag tiny = BagOf({9, -1});
  tiny.Merge(BagOf(std::vector<__int128>(values.begin(), values.begin() + 110)));
  std::vector<__int128> expected = {9, -1};
  expected.insert(expected.end(), values.begin(), values.begin() + 110);
  ExpectSameAs(tiny, expected);
}

TEST(SmallValueBags, MergesAcrossModes) {
  std::mt19937_64 rng(13);
  // Sizes: tiny + tiny under the threshold, tiny + tiny over it, tiny + a
  // histogram bag, a histogram bag + tiny, empty + either.
  const std::pair<size_t, size_t> sizes[] = {{10, 20}, {1, 62}, {40, 30}, {63, 1},  {5, 300},
                                             {300, 5}, {0, 7},  {7, 0},   {64, 64}, {1, 1}};
  for (int round = 0; round < 6; ++round)
    for (auto [a_size, b_size] : sizes) {
      SCOPED_TRACE("round " + std::to_string(round) + ", " + std::to_string(a_size) + " + " +
                   std::to_string(b_size));
      std::vector<__int128> a = DrawMany(rng, a_size, round % 3 == 0);
      std::vector<__int128> b = DrawMany(rng, b_size, round % 3 == 1);
      ValueBag bag_a = BagOf(a), bag_b = BagOf(b);
      if (round % 2) {  // one side already queried (sorted in)
        if (a_size) bag_a.Kth(0);
        if (b_size) bag_b.Kth(b_size - 1);
      }
      ValueBag ab = bag_a, ba = bag_b;
      ab.Merge(bag_b);
      ba.Merge(bag_a);
      std::vector<__int128> both = a;
      both.insert(both.end(), b.begin(), b.end());
      ExpectSameAs(ab, both);
      ExpectSameAs(ba, both);
      // The merged-from bags are unchanged.
      ExpectSameAs(bag_b, b);
      ExpectSameAs(bag_a, a);
      // And each grows on after the merge.
      ab.Add(7);
      ab.Add(-7);
      both.push_back(7);
      both.push_back(-7);
      ExpectSameAs(ab, both);
    }
}

TEST(SmallValueBags, ManyTinyBagsMergedOneByOne) {
  std::mt19937_64 rng(14);
  ValueBag all;
  std::vector<__int128> values;
  for (int i = 0; i < 200; ++i) {
    std::vector<__int128> part = DrawMany(rng, 1 + rng() % 4, i % 2 == 0);
    all.Merge(BagOf(part));
    values.insert(values.end(), part.begin(), part.end());
    if (i % 17 == 0) {
      SCOPED_TRACE("after part " + std::to_string(i));
      ExpectSameAs(all, values);
    }
  }
  ExpectSameAs(all, values);
}

TEST(SmallValueBags, AddCountIntoATinyBag) {
  std::mt19937_64 rng(15);
  for (int round = 0; round < 30; ++round) {
    std::vector<__int128> values = DrawMany(rng, rng() % 40, round % 2 == 0);
    ValueBag bag = BagOf(values);
    size_t v = rng() % 256;
    uint64_t count = round % 3 == 0 ? 0 : 1 + rng() % 100;
    bag.AddCount(v, count);
    for (uint64_t i = 0; i < count; ++i) values.push_back(static_cast<__int128>(v));
    SCOPED_TRACE("round " + std::to_string(round));
    ExpectSameAs(bag, values);
    // A tiny bag merged into the one that now has a histogram, and the reverse.
    std::vector<__int128> more = DrawMany(rng, 5, false);
    ValueBag small = BagOf(more), reverse = small;
    reverse.Merge(bag);
    bag.Merge(small);
    values.insert(values.end(), more.begin(), more.end());
    ExpectSameAs(bag, values);
    ExpectSameAs(reverse, values);
  }
}

// ------------------------------------------------------------ SortCodes

TEST(SortCodes, SameOrderAsSortingTheNames) {
  std::mt19937_64 rng(21);
  const std::string bytes = std::string("ab\x01\x7f\x80\xc3\xa9\xff", 8) + std::string(1, '\0');
  const std::vector<std::string> stems = {
      "", "a", "provider", "provider", "\xc3\xa9t\xc3\xa9", std::string("ab\0cdefgh", 9)};
  std::vector<std::string> names = {"",
                                    "a",
                                    std::string("a\0", 2),
                                    std::string("a\0\0", 3),
                                    std::string(1, '\0'),
                                    "a\x01",
                                    "abcdefgh",
                                    "abcdefghi",
                                    "abcdefgh\x80",
                                    std::string("abcdefgh\0", 9),
                                    "abcdefgg\xff",
                                    "\xff\xff\xff\xff\xff\xff\xff\xff",
                                    "\xff\xff\xff\xff\xff\xff\xff\xff\x01"};
  std::set<std::string> seen(names.begin(), names.end());
  while (names.size() < 3000) {
    std::string name = stems[rng() % stems.size()];
    size_t tail = rng() % 12;
    for (size_t i = 0; i < tail; ++i) name += bytes[rng() % bytes.size()];
    if (seen.insert(name).second) names.push_back(name);  // a dictionary's names are distinct
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  std::shuffle(views.begin(), views.end(), rng);
  exec::CodeOrder order = exec::SortCodes(views);
  ASSERT_EQ(order.names, views);
  std::vector<std::string_view> expected = views;
  std::sort(expected.begin(), expected.end());
  std::vector<std::string_view> got;
  for (uint32_t c : order.sorted) {
    ASSERT_LT(c, views.size());
    got.push_back(views[c]);
  }
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_EQ(got[i], expected[i]) << "at " << i;  // distinct names: the codes are a permutation too
}

// ------------------------------------------------------- cell layouts

// What LayOutCells must give, computed the slow way: cells sorted by (name,
// finest period).
struct NaiveLayout {
  std::vector<std::string_view> names;
  std::vector<uint32_t> begin, finest, position;
};

NaiveLayout Naive(const std::vector<std::string_view>& code_names, const std::vector<uint64_t>& keys,
                  uint64_t finest_count) {
  std::map<std::pair<std::string_view, uint64_t>, uint32_t> cells;  // -> index in keys
  for (uint32_t i = 0; i < keys.size(); ++i)
    cells[{code_names[keys[i] / finest_count], keys[i] % finest_count}] = i;
  NaiveLayout out;
  out.position.resize(keys.size());
  uint32_t k = 0;
  for (const auto& [cell, i] : cells) {
    if (out.names.empty() || out.names.back() != cell.first) {
      out.names.push_back(cell.first);
      out.begin.push_back(k);
    }
    out.finest.push_back(static_cast<uint32_t>(cell.second));
    out.position[i] = k++;
  }
  out.begin.push_back(k);
  return out;
}

TEST(CellLayout, RandomCellsAgainstSortingThem) {
  std::mt19937_64 rng(31);
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const uint64_t finest = 1 + rng() % 40;
    const size_t code_count = 1 + rng() % 3000;
    std::vector<std::string> storage;
    for (size_t c = 0; c < code_count; ++c)
      storage.push_back((rng() % 2 ? "p" : "q") + std::to_string(rng() % 100000) + "#" + std::to_string(c));
    std::vector<std::string_view> code_names(storage.begin(), storage.end());
    // Some codes have no cell; the others a few, in scan (random) order.
    std::set<uint64_t> key_set;
    for (size_t c = 0; c < code_count; ++c)
      if (rng() % 4)
        for (uint64_t p = 0; p < finest; ++p)
          if (rng() % 3 == 0 || p == c % finest) key_set.insert(c * finest + p);
    std::vector<uint64_t> keys(key_set.begin(), key_set.end());
    std::shuffle(keys.begin(), keys.end(), rng);
    if (round == 0) {
      // One permutation cycle through every cell: cell i goes where cell i + 1 was.
      std::vector<uint64_t> sorted_keys = keys;
      NaiveLayout n = Naive(code_names, keys, finest);
      for (size_t i = 0; i < keys.size(); ++i) sorted_keys[n.position[i]] = keys[i];
      for (size_t i = 0; i < keys.size(); ++i) keys[i] = sorted_keys[(i + 1) % keys.size()];
    }
    NaiveLayout expected = Naive(code_names, keys, finest);
    exec::CodeOrder codes = exec::SortCodes(code_names);

    std::vector<uint32_t> position;
    exec::GroupLayout layout = exec::LayOutCells(codes, keys, finest, position);
    EXPECT_EQ(layout.names, expected.names);
    EXPECT_EQ(layout.begin, expected.begin);
    EXPECT_EQ(layout.finest, expected.finest);
    EXPECT_EQ(position, expected.position);
    for (size_t g = 0; g < layout.size(); ++g)
      for (uint32_t k = layout.begin[g] + 1; k < layout.begin[g + 1]; ++k)
        ASSERT_LT(layout.finest[k - 1], layout.finest[k]) << "group " << g;
    if (round == 0) {
      for (size_t i = 0; i < keys.size(); ++i)
        ASSERT_EQ(position[i], (i + 1) % keys.size());  // the one long cycle
    }

    // States and rows tagged with their cell's index move with their cells.
    std::vector<AggState> states(keys.size());
    std::vector<int64_t> rows(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      states[i].rows = static_cast<int64_t>(i);
      rows[i] = static_cast<int64_t>(i) * 10 + 3;
      if (i % 5 == 0) states[i].bag().Add(static_cast<__int128>(i) * 1000);  // with its allocated part
    }
    for (int which = 0; which < 3; ++which) {
      exec::GroupCells cells =
          exec::ArrangeCells(codes, keys, finest, which != 1 ? states : std::vector<AggState>{},
                             which != 2 ? rows : std::vector<int64_t>{});
      ASSERT_TRUE(cells.layout);
      EXPECT_EQ(cells.layout->names, expected.names);
      EXPECT_EQ(cells.layout->begin, expected.begin);
      EXPECT_EQ(cells.layout->finest, expected.finest);
      EXPECT_EQ(cells.size(), expected.names.size());
      ASSERT_EQ(cells.states.size(), which != 1 ? keys.size() : 0u);
      ASSERT_EQ(cells.rows.size(), which != 2 ? keys.size() : 0u);
      for (size_t i = 0; i < keys.size(); ++i) {
        uint32_t at = expected.position[i];
        if (which != 1) {
          ASSERT_EQ(cells.states[at].rows, static_cast<int64_t>(i)) << "cell " << i;
          if (i % 5 == 0) {
            ASSERT_EQ(cells.states[at].bag().size(), 1u);
            EXPECT_TRUE(cells.states[at].bag().Kth(0) == static_cast<__int128>(i) * 1000);
          } else {
            EXPECT_EQ(cells.states[at].bag().size(), 0u);
          }
        }
        if (which != 2) {
          ASSERT_EQ(cells.rows[at], static_cast<int64_t>(i) * 10 + 3) << "cell " << i;
        }
      }
    }
  }
}

TEST(CellLayout, NoCells) {
  std::vector<std::string_view> names = {"b", "a"};
  std::vector<uint32_t> position = {7};
  exec::GroupLayout layout = exec::LayOutCells(exec::SortCodes(names), {}, 4, position);
  EXPECT_EQ(layout.size(), 0u);
  EXPECT_EQ(layout.begin, std::vector<uint32_t>{0});
  EXPECT_TRUE(layout.finest.empty());
  EXPECT_TRUE(position.empty());
}

// ------------------------------------------------------------ AggState

plan::Aggregate Agg(AggregateOp op, ValueType type) {
  plan::Aggregate a{};
  a.op = op;
  a.value_type = type;
  a.result_type = op == AggregateOp::Median ? ValueType::Decimal : type;
  return a;
}

// What the interpreter does with one row's value (runtime/interp/engine.cc).
void See(AggState& s, const plan::Aggregate& a, const interp::Value& v) {
  ++s.rows;
  if (a.op == AggregateOp::Median)
    s.bag().Add(a.value_type == ValueType::Decimal ? v.d.units() : static_cast<__int128>(v.i));
  else if (!s.n || interp::CompareValues(a.value_type, v, s.best()) * (a.op == AggregateOp::Min ? -1 : 1) > 0)
    s.set_best(v);
  ++s.n;
}

std::string Shown(const interp::Value& v, ValueType type) {
  if (!v.present) return "missing";
  return type == ValueType::Decimal ? v.d.ToString() : std::to_string(v.i);
}

TEST(AggStateParts, CopyIsDeepAndMoveLeavesAUsableState) {
  plan::Aggregate median = Agg(AggregateOp::Median, ValueType::Int);
  AggState a;
  for (int v : {5, 1, 300, -2}) See(a, median, interp::Value::Int(v));
  AggState b = a;
  b.bag().Add(1000);
  b.bag().Add(1000);
  b.rows = 99;
  EXPECT_EQ(a.bag().size(), 4u);
  EXPECT_EQ(b.bag().size(), 6u);
  EXPECT_TRUE(a.bag().Kth(3) == 300);
  AggState c;
  c = b;  // copy assignment
  c.bag().Add(-5);
  EXPECT_EQ(b.bag().size(), 6u);
  EXPECT_EQ(c.bag().size(), 7u);
  c.set_best(interp::Value::Int(42));
  EXPECT_FALSE(b.best().present);
  // A copy of a state that never allocated its part allocates its own.
  AggState empty, copy = empty;
  copy.bag().Add(1);
  EXPECT_EQ(empty.bag().size(), 0u);

  AggState moved = std::move(a);
  EXPECT_EQ(moved.bag().size(), 4u);
  EXPECT_EQ(moved.rows, 4);
  // The moved-from state is usable: no best value, an empty bag that grows.
  EXPECT_FALSE(a.best().present);  // NOLINT(bugprone-use-after-move)
  a.bag().Add(8);
  EXPECT_EQ(a.bag().size(), 1u);
  a.set_best(interp::Value::Int(3));
  EXPECT_EQ(a.best().i, 3);
  EXPECT_EQ(moved.bag().size(), 4u);
  AggState assigned;
  assigned = std::move(moved);
  EXPECT_TRUE(assigned.bag().Kth(0) == -2);
  moved.bag().Add(2);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.bag().size(), 1u);
}

// Min, max and median of states merged from parts (some empty, some of one
// value) against the values' own order statistics.
TEST(AggStateParts, MergedMinMaxMedianAsComputedDirectly) {
  std::mt19937_64 rng(41);
  for (ValueType type : {ValueType::Int, ValueType::Decimal})
    for (int round = 0; round < 20; ++round) {
      size_t n = 1 + rng() % (round < 10 ? 10 : 200);
      std::vector<interp::Value> values;
      for (size_t i = 0; i < n; ++i) {
        int64_t x = static_cast<int64_t>(rng() % 600) - 100;
        values.push_back(type == ValueType::Int ? interp::Value::Int(x)
                                                : interp::Value::Dec(Decimal::FromUnits(
                                                      static_cast<__int128>(x) * 250'000'000'000'000'000)));
      }
      auto key = [&](const interp::Value& v) {
        return type == ValueType::Decimal ? v.d.units()
                                          : static_cast<__int128>(v.i) * 1'000'000'000'000'000'000;
      };
      std::vector<__int128> sorted;
      for (const interp::Value& v : values) sorted.push_back(key(v));
      std::sort(sorted.begin(), sorted.end());
      // PERCENTILE.INC at 0.5: the middle value, or halfway between the two.
      __int128 mid = (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
      const std::pair<AggregateOp, __int128> expected[] = {
          {AggregateOp::Min, sorted.front()}, {AggregateOp::Max, sorted.back()}, {AggregateOp::Median, mid}};
      for (auto [op, want] : expected) {
        plan::Aggregate a = Agg(op, type);
        SCOPED_TRACE("op " + std::to_string(static_cast<int>(op)) + ", round " + std::to_string(round));
        std::vector<AggState> parts(1 + rng() % 6);
        for (const interp::Value& v : values) See(parts[rng() % parts.size()], a, v);
        AggState merged;
        for (const AggState& p : parts) merged.Merge(p, a);
        AggState direct;
        for (const interp::Value& v : values) See(direct, a, v);
        interp::Value got = Finish(merged, a), whole = Finish(direct, a);
        ASSERT_TRUE(got.present);
        EXPECT_EQ(Shown(got, a.result_type), Shown(whole, a.result_type));
        __int128 got_key = a.result_type == ValueType::Decimal
                               ? got.d.units()
                               : static_cast<__int128>(got.i) * 1'000'000'000'000'000'000;
        EXPECT_TRUE(got_key == want) << Str(got_key) << " != " << Str(want);
        EXPECT_EQ(merged.n, static_cast<int64_t>(n));
      }
    }
}

}  // namespace
}  // namespace ocf
