// Analysis::Build: the document compiled as `ocf check` compiles it, then
// indexed (index.cc).
#include "compiler/ide/index.h"

namespace ocf::ide {

Analysis::~Analysis() = default;

std::unique_ptr<Analysis> Analysis::Build(std::string_view text, const std::string& path,
                                          const driver::DriverOptions& options) {
  std::unique_ptr<Analysis> a(new Analysis());
  a->compilation_ = driver::CompileText(text, path, options);
  // CompileText registers the document as source 0 unless it could not be
  // read at all; the queries need a source 0 to point into.
  if (a->compilation_->sources.size() == 0) a->compilation_->sources.Add(path, "");
  while (a->compilation_->files.size() < a->compilation_->sources.size())
    a->compilation_->files.push_back(nullptr);
  a->index_ = BuildIndex(*a->compilation_, driver::StdlibDir(options));
  return a;
}

}  // namespace ocf::ide
