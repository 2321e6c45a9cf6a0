// A contract with tests, made from fuzz bytes: the bytes are read as a
// sequence of choices (which column types, which aggregates, which rows and
// cells, which expects), so every input is a contract that checks — data
// blocks with keys and `check` rules, populations, lets, inputs, measures
// (some `by` a column), targets, an outcome, a payment block — and tests
// with inline tables whose rows may repeat a key, break a rule, hold huge
// values or lie outside the term. A mutation of the bytes is a structural
// mutation of the contract. Once the bytes run out every choice is the first
// (the simplest), so a short input is a short contract.
//
// Used by tests/fuzz/test_tables_fuzzer.cc; `OCF_FUZZ_SHOW=1` there prints
// the contract made from each input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ocf::fuzz {

std::string ContractFromBytes(const uint8_t* data, size_t size);

}  // namespace ocf::fuzz
