// The names the standard library declares, for the help of a name that is
// not declared: "`compound_growth` is in the standard library: add
// `import "finance"`".
//
// The modules are read and parsed the first time a name is asked about and
// never again by the same object: a compilation makes one, so a contract with
// many unknown names parses the standard library once, and a contract
// without any never reads it.
#pragma once

#include <map>
#include <string>
#include <utility>

namespace ocf::driver {

class StdlibNames {
 public:
  explicit StdlibNames(std::string dir) : dir_(std::move(dir)) {}

  // The module (its import path: `finance`, `nhs/qof`) that declares a
  // function named `name` (`function` true), or a let or input (false); ""
  // when none does. When two modules declare the name, the first in the
  // order of their paths.
  std::string ModuleOf(const std::string& name, bool function);

 private:
  void Load();

  std::string dir_;
  bool loaded_ = false;
  std::map<std::string, std::string> functions_;  // name -> module
  std::map<std::string, std::string> values_;     // lets and inputs
};

}  // namespace ocf::driver
