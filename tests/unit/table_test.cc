// The typed, columnar table (runtime/table.h): values kept exactly, text
// dictionary-encoded, enumerations coded by their declared order, missing
// values aligned with the rest.
#include "runtime/table.h"

#include <gtest/gtest.h>

namespace ocf {
namespace {

ColumnSpec Col(std::string name, ColumnKind kind) {
  ColumnSpec c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = true;
  return c;
}

TEST(Table, ValuesAreTypedAndExact) {
  TableSchema schema;
  schema.name = "finance";
  schema.columns = {Col("month", ColumnKind::Date), Col("spend", ColumnKind::Money),
                    Col("n", ColumnKind::Int), Col("ok", ColumnKind::Bool)};
  schema.columns[0].uk_dates = true;
  Table t(schema);
  std::vector<CellValue> row;
  for (size_t i = 0; i < schema.columns.size(); ++i)
    row.push_back(ParseCell(std::vector<std::string_view>{"30/04/2014", "£2,208,333.33", "7", "yes"}[i],
                            schema.columns[i])
                      .value);
  t.AppendRow(row, 2);
  t.AppendRow({std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}}, 4);

  ASSERT_EQ(t.row_count(), 2u);
  EXPECT_EQ(t.column(0).date_at(0), *Date::FromYmd(2014, 4, 30));
  // 0.1 + 0.2 style trouble cannot happen: the amount is held to the penny and beyond.
  EXPECT_EQ(t.column(1).decimal_at(0), *Decimal::Parse("2208333.33"));
  EXPECT_EQ(t.column(1).ToString(0), "2208333.33");
  EXPECT_EQ(t.column(2).int_at(0), 7);
  EXPECT_TRUE(t.column(3).bool_at(0));
  for (size_t c = 0; c < 4; ++c) {
    EXPECT_TRUE(t.column(c).present(0));
    EXPECT_FALSE(t.column(c).present(1));
    EXPECT_EQ(t.column(c).ToString(1), "");
  }
  EXPECT_EQ(t.line(0), 2u);
  EXPECT_EQ(t.line(1), 4u);
  EXPECT_EQ(t.Find("spend"), &t.column(1));
  EXPECT_EQ(t.Find("nope"), nullptr);
}

TEST(Table, TextIsDictionaryEncoded) {
  TableSchema schema;
  schema.name = "t";
  schema.columns = {Col("provider", ColumnKind::Text)};
  Table t(schema);
  for (std::string_view p : {"Bedford", "Luton", "Bedford", "Bedford"}) {
    std::string copy(p);  // the table must keep its own copy of the text
    t.AppendRow({std::string_view(copy)}, 2);
  }
  const Column& c = t.column(0);
  EXPECT_EQ(c.dictionary_size(), 2u);
  EXPECT_EQ(c.code_at(0), c.code_at(2));
  EXPECT_NE(c.code_at(0), c.code_at(1));
  EXPECT_EQ(c.text_at(1), "Luton");
  EXPECT_EQ(c.text_at(3), "Bedford");
}

TEST(Table, EnumerationCodesAreDeclaredPositions) {
  TableSchema schema;
  schema.name = "t";
  schema.columns = {Col("pathway", ColumnKind::Enum)};
  schema.columns[0].enum_values = {"physio", "pain", "rheumatology day case"};
  Table t(schema);
  t.AppendRow({ParseCell("rheumatology day case", schema.columns[0]).value}, 2);
  t.AppendRow({ParseCell("physio", schema.columns[0]).value}, 3);
  const Column& c = t.column(0);
  EXPECT_EQ(c.dictionary_size(), 3u);
  EXPECT_EQ(c.code_at(0), 2u);
  EXPECT_EQ(c.code_at(1), 0u);
  EXPECT_EQ(c.text_at(0), "rheumatology day case");
}

TEST(StringDictionary, ManyStringsKeepTheirCodes) {
  StringDictionary d;
  std::vector<std::string> words = {"", "a", "ab", "abcdefgh", "abcdefghi", "r1", "R1"};
  words.push_back(std::string("abcdefgh\0", 9));  // differs from `abcdefgh` only by a NUL
  for (int i = 0; i < 100000; ++i) words.push_back("id" + std::to_string(i * 7919));
  std::vector<uint32_t> codes;
  for (const std::string& w : words) codes.push_back(d.Intern(w));
  ASSERT_EQ(d.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(codes[i], i);
    EXPECT_EQ(d[codes[i]], words[i]);
    EXPECT_EQ(d.Intern(words[i]), codes[i]);  // a second time: the same code
  }
  EXPECT_EQ(d.size(), words.size());
}

}  // namespace
}  // namespace ocf
