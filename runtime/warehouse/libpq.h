// libpq on demand: the PostgreSQL client library is loaded (dlopen) the
// first time a warehouse command connects, not when ocf starts. libpq brings
// libssl, libcrypto, Kerberos, LDAP and more, whose loading and relocation
// every command paid at start-up (docs/design.md, "Start-up").
#pragma once

#include <libpq-fe.h>

#include <string>

namespace ocf::warehouse {

// The libpq functions postgres.cc calls, by their own names.
struct Libpq {
#define OCF_LIBPQ_FUNCTION(name) decltype(&::name) name = nullptr;
#include "runtime/warehouse/libpq_functions.def"
#undef OCF_LIBPQ_FUNCTION
};

// Loads libpq once per process (thread-safe): OCF_LIBPQ in the environment
// when set, else the library by its SONAME (OCF_LIBPQ_SONAME, libpq.so.5).
// nullptr when it cannot be loaded, with `error` saying which file and why.
const Libpq* LoadLibpq(std::string& error);

}  // namespace ocf::warehouse
