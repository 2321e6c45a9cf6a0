#include "compiler/driver/stdlib_names.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "compiler/driver/files.h"
#include "compiler/parse/parse.h"

namespace ocf::driver {

namespace fs = std::filesystem;

std::string StdlibNames::ModuleOf(const std::string& name, bool function) {
  if (!loaded_) Load();
  const auto& names = function ? functions_ : values_;
  auto it = names.find(name);
  return it == names.end() ? std::string() : it->second;
}

void StdlibNames::Load() {
  loaded_ = true;
  if (dir_.empty()) return;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return;
  // Every `.ocf` below the folder, in a fixed order so the answer does not
  // depend on the file system's.
  std::vector<fs::path> modules;
  for (auto it = fs::recursive_directory_iterator(dir_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->path().extension() == ".ocf" && it->is_regular_file(ec)) modules.push_back(it->path());
  }
  std::sort(modules.begin(), modules.end());
  for (const fs::path& path : modules) {
    ReadResult read = ReadContractFile(path);
    if (read.status != ReadStatus::Ok) continue;
    // Only the names are wanted: a module with syntax errors still names
    // what it declares where the parser could read it.
    SourceFile source(path.string(), read.bytes);
    ParseResult parsed = Parse(source, 0);
    std::string module = path.lexically_relative(dir_).replace_extension().generic_string();
    for (const ast::DeclPtr& decl : parsed.file.decls) {
      if (decl->kind == ast::DeclKind::Function) {
        functions_.emplace(static_cast<const ast::FunctionDecl&>(*decl).name.text, module);
      } else if (decl->kind == ast::DeclKind::Let) {
        values_.emplace(static_cast<const ast::LetDecl&>(*decl).name.text, module);
      } else if (decl->kind == ast::DeclKind::Input) {
        values_.emplace(static_cast<const ast::InputDecl&>(*decl).name.text, module);
      }
    }
  }
}

}  // namespace ocf::driver
