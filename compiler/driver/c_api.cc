// The plain C API (include/ocf/ocf.h) over the C++ one. Nothing may escape
// into C callers: every exception becomes a result that says what went wrong.
#include <exception>
#include <new>
#include <optional>
#include <string>

#include "ocf/ocf.h"
#include "ocf/ocf.hpp"

struct ocf_result {
  std::optional<ocf::Compilation> compilation;
  std::string internal_error;  // set when compiling threw: a bug in ocf
  std::string json;
  std::string text;
};

namespace {

std::string JsonForInternalError(const std::string& what) {
  std::string out = "{\"error\": \"internal error in ocf: ";
  for (char c : what) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  out += "\", \"diagnostics\": [], \"errors\": 1, \"warnings\": 0}\n";
  return out;
}

template <typename Compile>
ocf_result* Run(Compile compile) {
  auto* result = new (std::nothrow) ocf_result;
  if (!result) return nullptr;
  try {
    result->compilation.emplace(compile());
    result->json = result->compilation->RenderJson();
    result->text = result->compilation->RenderText(false);
  } catch (const std::exception& e) {
    result->compilation.reset();
    result->internal_error = e.what();
  } catch (...) {
    result->compilation.reset();
    result->internal_error = "unknown exception";
  }
  if (!result->compilation) {
    result->json = JsonForInternalError(result->internal_error);
    result->text = "error: internal error in ocf: " + result->internal_error + "\n";
  }
  return result;
}

ocf::CompileOptions Options(const char* stdlib_dir) {
  ocf::CompileOptions options;
  if (stdlib_dir) options.stdlib_dir = stdlib_dir;
  return options;
}

}  // namespace

extern "C" {

const char* ocf_version(void) { return ocf::Version(); }

ocf_result* ocf_compile_file(const char* path, const char* stdlib_dir) {
  return Run([&] { return ocf::CompileFile(path ? path : "", Options(stdlib_dir)); });
}

ocf_result* ocf_compile_text(const char* text, size_t size, const char* virtual_path,
                             const char* stdlib_dir) {
  return Run([&] {
    return ocf::CompileText(std::string_view(text ? text : "", text ? size : 0),
                            virtual_path && *virtual_path ? virtual_path : "<text>.ocf", Options(stdlib_dir));
  });
}

int ocf_result_ok(const ocf_result* result) {
  return result && result->compilation && result->compilation->ok() ? 1 : 0;
}

size_t ocf_result_error_count(const ocf_result* result) {
  if (!result) return 0;
  return result->compilation ? result->compilation->error_count() : 1;
}

size_t ocf_result_warning_count(const ocf_result* result) {
  return result && result->compilation ? result->compilation->warning_count() : 0;
}

const char* ocf_result_diagnostics_json(const ocf_result* result) {
  return result ? result->json.c_str() : "";
}

const char* ocf_result_diagnostics_text(const ocf_result* result) {
  return result ? result->text.c_str() : "";
}

void ocf_result_free(ocf_result* result) { delete result; }

}  // extern "C"
