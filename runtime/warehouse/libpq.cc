#include "runtime/warehouse/libpq.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#ifndef OCF_LIBPQ_SONAME
#define OCF_LIBPQ_SONAME "libpq.so.5"
#endif

namespace ocf::warehouse {
namespace {

struct Loaded {
  Libpq functions;
  bool ok = false;
  std::string error;
};

Loaded Load() {
  Loaded out;
  const char* env = std::getenv("OCF_LIBPQ");
  const std::string path = env && *env ? env : OCF_LIBPQ_SONAME;
  // Never closed: connections live as long as the commands that use them.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* e = dlerror();
    out.error =
        "cannot load libpq (`" + path + "`), the PostgreSQL client library: " + (e ? e : "unknown error");
    return out;
  }
#define OCF_LIBPQ_FUNCTION(name)                                                  \
  out.functions.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (!out.functions.name) {                                                      \
    out.error = "`" + path + "` is not a libpq ocf can use: it has no " #name;    \
    return out;                                                                   \
  }
#include "runtime/warehouse/libpq_functions.def"
#undef OCF_LIBPQ_FUNCTION
  out.ok = true;
  return out;
}

}  // namespace

const Libpq* LoadLibpq(std::string& error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = Load(); });
  if (!loaded.ok) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.functions;
}

}  // namespace ocf::warehouse
