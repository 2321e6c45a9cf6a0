// The plain C API (include/ocf/ocf.h) over the C++ one. Nothing may escape
// into C callers: every exception becomes a result that says what went wrong.
#include <exception>
#include <map>
#include <new>
#include <optional>
#include <string>

#include "compiler/driver/commands.h"  // ErrorJson
#include "ocf/ocf.h"
#include "ocf/ocf.hpp"

struct ocf_options {
  ocf::Options options;
};

struct ocf_result {
  // One of the two: a command's result, or (ocf_compile_*) a compilation.
  std::optional<ocf::CommandResult> command;
  std::optional<ocf::Compilation> compilation;
  std::string internal_error;  // set when ocf threw: a bug in ocf
  // Strings handed out, kept until ocf_result_free.
  std::string diagnostics_json, diagnostics_text, messages;
  std::map<std::string, std::string> outputs;

  const ocf::Compilation* contract() const {
    if (command) return &command->compilation();
    return compilation ? &*compilation : nullptr;
  }
};

namespace {

// Runs `make` (which fills the result), catching everything.
template <typename Make>
ocf_result* Guard(Make make) {
  auto* result = new (std::nothrow) ocf_result;
  if (!result) return nullptr;
  try {
    make(*result);
    if (const ocf::Compilation* c = result->contract()) {
      result->diagnostics_json = c->RenderJson();
      result->diagnostics_text = c->RenderText(false);
    }
    result->messages = result->command ? result->command->messages() : result->diagnostics_text;
  } catch (const std::exception& e) {
    result->internal_error = e.what();
  } catch (...) {
    result->internal_error = "unknown exception";
  }
  if (!result->internal_error.empty()) {
    result->command.reset();
    result->compilation.reset();
    result->outputs.clear();
    result->diagnostics_json =
        ocf::driver::ErrorJson("internal error in ocf: " + result->internal_error, false);
    result->diagnostics_text = "error: internal error in ocf: " + result->internal_error + "\n";
    result->messages = result->diagnostics_text;
  }
  return result;
}

ocf::CompileOptions Options(const char* stdlib_dir) {
  ocf::CompileOptions options;
  if (stdlib_dir) options.stdlib_dir = stdlib_dir;
  return options;
}

const ocf::Options& OptionsOf(const ocf_options* options) {
  static const ocf::Options kDefaults;
  return options ? options->options : kDefaults;
}

// A setter's body: 0 for NULL arguments or anything thrown.
template <typename Set>
int Setter(ocf_options* options, Set set) {
  if (!options) return 0;
  try {
    return set(options->options) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

}  // namespace

extern "C" {

const char* ocf_version(void) { return ocf::Version(); }

ocf_options* ocf_options_new(void) { return new (std::nothrow) ocf_options; }
void ocf_options_free(ocf_options* options) { delete options; }

int ocf_options_set_stdlib(ocf_options* options, const char* dir) {
  return Setter(options, [&](ocf::Options& o) { return dir && (o.stdlib_dir = dir, true); });
}
int ocf_options_add_data(ocf_options* options, const char* spec) {
  return Setter(options, [&](ocf::Options& o) { return spec && *spec && (o.data.emplace_back(spec), true); });
}
int ocf_options_add_set(ocf_options* options, const char* name, const char* value) {
  return Setter(options, [&](ocf::Options& o) {
    return name && *name && value && (o.sets.emplace_back(name, value), true);
  });
}
int ocf_options_set_period(ocf_options* options, const char* label) {
  return Setter(options, [&](ocf::Options& o) { return label && (o.period = label, true); });
}
int ocf_options_set_engine(ocf_options* options, const char* engine) {
  return Setter(options, [&](ocf::Options& o) {
    if (!engine) return false;
    std::string e = engine;
    if (e == "auto")
      o.engine = ocf::Engine::Auto;
    else if (e == "jit")
      o.engine = ocf::Engine::Jit;
    else if (e == "interp")
      o.engine = ocf::Engine::Interp;
    else
      return false;
    return true;
  });
}
int ocf_options_set_threads(ocf_options* options, unsigned threads) {
  return Setter(options, [&](ocf::Options& o) { return o.threads = threads, true; });
}
int ocf_options_set_strict(ocf_options* options, int strict) {
  return Setter(options, [&](ocf::Options& o) { return o.strict = strict != 0, true; });
}

ocf_result* ocf_check(const char* path, const ocf_options* options) {
  return Guard([&](ocf_result& r) { r.command.emplace(ocf::Check(path ? path : "", OptionsOf(options))); });
}
ocf_result* ocf_run(const char* path, const ocf_options* options) {
  return Guard([&](ocf_result& r) { r.command.emplace(ocf::Run(path ? path : "", OptionsOf(options))); });
}
ocf_result* ocf_test(const char* path, const ocf_options* options) {
  return Guard([&](ocf_result& r) { r.command.emplace(ocf::Test(path ? path : "", OptionsOf(options))); });
}

ocf_result* ocf_compile_file(const char* path, const char* stdlib_dir) {
  return Guard(
      [&](ocf_result& r) { r.compilation.emplace(ocf::CompileFile(path ? path : "", Options(stdlib_dir))); });
}

ocf_result* ocf_compile_text(const char* text, size_t size, const char* virtual_path,
                             const char* stdlib_dir) {
  return Guard([&](ocf_result& r) {
    r.compilation.emplace(ocf::CompileText(std::string_view(text ? text : "", text ? size : 0),
                                           virtual_path && *virtual_path ? virtual_path : "<text>.ocf",
                                           Options(stdlib_dir)));
  });
}

int ocf_result_status(const ocf_result* result) {
  if (!result || !result->internal_error.empty()) return 1;
  if (result->command) return result->command->status();
  const ocf::Compilation& c = *result->compilation;
  return !c.read_error().empty() ? 2 : c.ok() ? 0 : 1;
}

int ocf_result_ok(const ocf_result* result) {
  const ocf::Compilation* c = result ? result->contract() : nullptr;
  return c && c->ok() ? 1 : 0;
}

size_t ocf_result_error_count(const ocf_result* result) {
  if (!result) return 0;
  const ocf::Compilation* c = result->contract();
  return c ? c->error_count() : 1;
}

size_t ocf_result_warning_count(const ocf_result* result) {
  const ocf::Compilation* c = result ? result->contract() : nullptr;
  return c ? c->warning_count() : 0;
}

const char* ocf_result_json(const ocf_result* result) {
  if (!result) return "";
  if (result->command) {
    try {
      return result->command->json().c_str();
    } catch (...) {
      return result->diagnostics_json.c_str();
    }
  }
  return result->diagnostics_json.c_str();
}

const char* ocf_result_output(ocf_result* result, const char* format) {
  if (!result || !format) return nullptr;
  try {
    if (auto it = result->outputs.find(format); it != result->outputs.end()) return it->second.c_str();
    std::optional<std::string> out;
    if (result->command) {
      out = result->command->Output(format);
    } else if (std::string(format) == "json") {
      out = result->diagnostics_json;
    }
    if (!out) return nullptr;
    return result->outputs.emplace(format, std::move(*out)).first->second.c_str();
  } catch (...) {
    return nullptr;
  }
}

const char* ocf_result_messages(const ocf_result* result) { return result ? result->messages.c_str() : ""; }

const char* ocf_result_diagnostics_json(const ocf_result* result) {
  return result ? result->diagnostics_json.c_str() : "";
}

const char* ocf_result_diagnostics_text(const ocf_result* result) {
  return result ? result->diagnostics_text.c_str() : "";
}

void ocf_result_free(ocf_result* result) { delete result; }

}  // extern "C"
