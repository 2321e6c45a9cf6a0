// examples/generate/main.cc — the sample data of the example contracts.
//
//   ocf_generate_examples OUT_ROOT [EXAMPLE...]
//
// Writes OUT_ROOT/EXAMPLE/data/DATASET.csv, one file for each `data` block of
// each example contract (msk, older_people, alliance, mental_health;
// all of them when none is named), so `ocf run examples/msk/msk.ocf --data examples/msk/data` has
// something realistic to chew on. The committed files under examples/*/data
// are this program's output; tests/unit/sample_data_test.cc checks that they
// still are, byte for byte.
//
// The data are invented: no row describes a real person. NHS numbers are drawn
// from the range NHS England reserves for testing (999 000 0000 upwards).
// What is realistic is the shape: volumes, seasons, waits, scores and spend of
// the size and spread the real services report, tuned so that each contract's
// measures land on both sides of their targets in different periods.
//
// Every example is generated the same way:
//   - rows are dated from a week before the term (before the baseline year,
//     for a contract that has one) to a week after it, so a handful fall
//     outside them (reported as "outside_term", not counted);
//   - what is learned later (a first appointment, a discharge, a review) is
//     filled in as known on an extract date a few weeks or months after the
//     term, and left empty when it had not happened by then;
//   - every `check` rule of the contract holds for every row, and keys are
//     unique.
//
// The same program writes the same bytes on every platform. Hence its own
// generator (xoshiro256**, seeded through splitmix64) instead of <random>'s
// distributions, whose output differs between standard libraries; every
// probability is a whole number per thousand or per million, and money is

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "common.h"

namespace fs = std::filesystem;

namespace {

struct Example {
  const char* name;
  void (*write)(const fs::path& dir);
};
constexpr Example kExamples[] = {{"msk", ocf_examples::msk::Write},
                                 {"older_people", ocf_examples::older_people::Write},
                                 {"alliance", ocf_examples::alliance::Write},
                                 {"mental_health", ocf_examples::mental_health::Write}};

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: ocf_generate_examples OUT_ROOT [EXAMPLE...]\n"
      "Writes OUT_ROOT/EXAMPLE/data/*.csv for each EXAMPLE (msk, older_people, alliance, mental_health; default all).\n";
  if (argc < 2 || std::string_view(argv[1]) == "--help") {
    std::cerr << usage;
    return 2;
  }
  std::vector<const Example*> chosen;
  for (int i = 2; i < argc; ++i) {
    const auto it = std::find_if(std::begin(kExamples), std::end(kExamples),
                                 [&](const Example& e) { return e.name == std::string_view(argv[i]); });
    if (it == std::end(kExamples)) {
      std::cerr << "ocf_generate_examples: no example called `" << argv[i] << "`\n" << usage;
      return 2;
    }
    chosen.push_back(it);
  }
  if (chosen.empty()) {
    for (const Example& e : kExamples) chosen.push_back(&e);
  }
  try {
    for (const Example* e : chosen) {
      const fs::path dir = fs::path(argv[1]) / e->name / "data";
      fs::create_directories(dir);
      e->write(dir);
    }
  } catch (const std::exception& e) {
    std::cerr << "ocf_generate_examples: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
