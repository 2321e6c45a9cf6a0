// `ocf`: the command line. Everything it does lives in compiler/driver/cli.cc,
// so tests can run the same code in-process.
#include <iostream>

#include "compiler/driver/cli.h"

int main(int argc, char** argv) { return ocf::RunCli(argc, argv, std::cout, std::cerr); }
