// ocf_export_data: see export_data.h.
#include <iostream>
#include <string>
#include <vector>

#include "tests/sql/export_data.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return ocf::sqltest::ExportData(args, std::cerr);
}
