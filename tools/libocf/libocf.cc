// libocf has no code of its own: the API is compiled into the driver's
// archive (compiler/driver/api.cc, c_api.cc), which the shared library takes
// whole (CMakeLists.txt beside this file). A shared library needs at least
// one source file of its own in CMake; this is it.
