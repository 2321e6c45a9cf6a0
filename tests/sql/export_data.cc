// ocf_export_data (see export_data.h).
#include "tests/sql/export_data.h"

#include <filesystem>
#include <fstream>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/data.h"

namespace ocf::sqltest {

namespace fs = std::filesystem;

std::string CanonicalCell(const Column& column, size_t row) {
  if (!column.present(row)) return "";  // NULL: the only unquoted empty field
  switch (column.kind()) {
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum: {
      // Always quoted: text that looks like a number, is empty or holds a
      // comma, quote or line break stays one text field.
      std::string out = "\"";
      for (char c : column.text_at(row)) {
        if (c == '"') out += '"';
        out += c;
      }
      return out + "\"";
    }
    default:
      // Ints as digits; decimals exact and shortest with no exponent (a
      // percent is held as its fraction, money without its symbol); ISO
      // dates; true/false. Column::ToString already writes exactly these.
      return column.ToString(row);
  }
}

std::string CanonicalCsv(const Table& table) {
  std::string out;
  for (size_t c = 0; c < table.column_count(); ++c) out += (c ? "," : "") + table.schema().columns[c].name;
  out += "\n";
  for (size_t r = 0; r < table.row_count(); ++r) {
    for (size_t c = 0; c < table.column_count(); ++c) {
      if (c) out += ',';
      out += CanonicalCell(table.column(c), r);
    }
    out += '\n';
  }
  return out;
}

namespace {

constexpr const char* kUsage = "usage: ocf_export_data CONTRACT.ocf --data DIR|NAME=PATH... --out OUTDIR\n";

int Usage(std::ostream& err, const std::string& why) {
  err << "ocf_export_data: " << why << "\n" << kUsage;
  return driver::kExitUsage;
}

}  // namespace

int ExportData(const std::vector<std::string>& args, std::ostream& err) {
  std::string contract, out_dir;
  std::vector<std::string> data;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool valued = a == "--data" || a == "--out";
    if (valued && i + 1 == args.size()) return Usage(err, a + " needs a value");
    if (a == "--data")
      data.push_back(args[++i]);
    else if (a == "--out")
      out_dir = args[++i];
    else if (a.starts_with("-") && a != "-")
      return Usage(err, "unknown option " + a);
    else if (contract.empty())
      contract = a;
    else
      return Usage(err, "give one contract");
  }
  if (contract.empty()) return Usage(err, "give a contract");
  if (out_dir.empty()) return Usage(err, "give --out OUTDIR");

  ocf::Compilation c = driver::CompileArg(contract, "");
  if (!c.read_error().empty()) return Usage(err, c.read_error());
  err << c.RenderText(false);
  if (!c.ok()) return driver::kExitErrors;
  const CheckedProgram& program = *c.internal().compilation->program;

  // The files, read as `ocf run` reads them: every problem refuses the lot.
  driver::DataSources sources;
  std::string why;
  if (!driver::ParseDataArgs(data, sources, why, "ocf_export_data")) return Usage(err, why);
  driver::DataCheck check = driver::CheckData(program, sources);
  if (!check.usage_error.empty()) return Usage(err, check.usage_error);
  bool refused = !check.ok();
  for (const driver::DatasetData& d : check.datasets) {
    if (!d.read && d.path.empty()) {
      err << "ocf_export_data: no data for `" << d.dataset << "`: give --data DIR with " << d.dataset
          << ".csv in it, or --data " << d.dataset << "=FILE\n";
      refused = true;
    } else if (!check.ok()) {
      err << driver::RenderDataProblems(d) << driver::DataSummaryLine(d) << "\n";
    }
  }
  if (refused) {
    err << "ocf_export_data: the data has problems (listed above); nothing was written\n";
    return driver::kExitErrors;
  }

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (const driver::DatasetData& d : check.datasets) {
    fs::path path = fs::path(out_dir) / (d.dataset + ".csv");
    std::ofstream file(path, std::ios::binary);
    file << CanonicalCsv(*d.table);
    file.close();
    if (!file) {
      err << "ocf_export_data: cannot write " << path.string() << "\n";
      return driver::kExitErrors;
    }
  }
  return driver::kExitOk;
}

}  // namespace ocf::sqltest
