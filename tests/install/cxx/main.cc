// An outside C++17 program using the installed ocf through find_package
// (install_test.sh): `run_contract_cxx check CONTRACT` or `run_contract_cxx
// run CONTRACT DATA_DIR` prints what `ocf check|run --format json` prints on
// standard output and exits with the command's status.
//
// OCF_HAVE_COMMANDS (set when libocf exports ocf::Run): without it, only the
// 0.1 API is used (check through ocf::CompileFile).
#include <cstring>
#include <iostream>
#include <string>

#include <ocf/ocf.hpp>

#if __cplusplus != 201703L
#error "this consumer is meant to be compiled as C++17"
#endif

int main(int argc, char** argv) {
  if (std::string(ocf::Version()) != OCF_VERSION) {
    std::cerr << "libocf is " << ocf::Version() << ", the headers are " << OCF_VERSION << "\n";
    return 10;
  }
  if (argc == 3 && std::strcmp(argv[1], "check") == 0) {
#if OCF_HAVE_COMMANDS
    ocf::CommandResult r = ocf::Check(argv[2]);
    std::cout << r.json();
    std::cerr << r.messages();
    return r.status();
#else
    ocf::Compilation c = ocf::CompileFile(argv[2]);
    std::cout << c.RenderJson();
    std::cerr << c.RenderText();
    return c.ok() ? 0 : 1;
#endif
  }
#if OCF_HAVE_COMMANDS
  if (argc == 4 && std::strcmp(argv[1], "run") == 0) {
    ocf::Options options;
    options.data = {argv[3]};
    ocf::CommandResult r = ocf::Run(argv[2], options);
    std::cout << r.json();
    std::cerr << r.messages();
    // The statement as objects agrees with its JSON: every period's total is in it.
    if (r.status() == 0) {
      const ocf::PaymentStatement* s = r.statement();
      if (!s || s->payments.empty()) return 13;
      for (const ocf::PaymentStatement::Payment& p : s->payments)
        if (r.json().find("\"total\": \"" + p.total + "\"") == std::string::npos) return 14;
    }
    return r.status();
  }
#endif
  std::cerr << "usage: run_contract_cxx check CONTRACT | run CONTRACT DATA_DIR\n";
  return 12;
}
