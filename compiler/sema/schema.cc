#include "compiler/sema/schema.h"

namespace ocf {
namespace {

ColumnKind KindOf(ast::BaseType base) {
  switch (base) {
    case ast::BaseType::Int:
      return ColumnKind::Int;
    case ast::BaseType::Decimal:
      return ColumnKind::Decimal;
    case ast::BaseType::Percent:
      return ColumnKind::Percent;
    case ast::BaseType::Money:
      return ColumnKind::Money;
    case ast::BaseType::Bool:
      return ColumnKind::Bool;
    case ast::BaseType::Date:
      return ColumnKind::Date;
    case ast::BaseType::Id:
      return ColumnKind::Id;
    case ast::BaseType::Enum:
      return ColumnKind::Enum;
    case ast::BaseType::Text:
    case ast::BaseType::Duration:  // not a column type (the checker says so); read as text meanwhile
      return ColumnKind::Text;
  }
  return ColumnKind::Text;
}

}  // namespace

ColumnSpec ColumnSpecOf(const ast::ColumnDecl& c, const ast::DataDecl& data, std::string_view currency) {
  ColumnSpec spec;
  spec.name = c.name.text;
  spec.kind = KindOf(c.type.base);
  spec.optional = c.type.optional;
  spec.key = c.key;
  for (const ast::Ident& v : c.type.enum_values) spec.enum_values.push_back(v.text);
  // More than one date_format is an error the checker reports; the last one wins here.
  for (const auto& [format, _] : data.date_formats) spec.uk_dates = format == "DD/MM/YYYY";
  spec.currency = currency;
  return spec;
}

TableSchema SchemaOf(const ast::DataDecl& data, std::string_view currency) {
  TableSchema schema;
  schema.name = data.name.text;
  for (const ast::ColumnDecl& c : data.columns) schema.columns.push_back(ColumnSpecOf(c, data, currency));
  return schema;
}

}  // namespace ocf
