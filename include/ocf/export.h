/* ocf — what the public headers share: the version of the headers and the
 * mark on everything the shared library exports (everything else in libocf
 * is hidden, so that only the `ocf_` and `ocf::` API is visible). */
#ifndef OCF_EXPORT_H_
#define OCF_EXPORT_H_

#include "ocf/version.h" /* OCF_VERSION, generated from CMakeLists.txt's project(VERSION) */

#if defined(_WIN32)
#define OCF_API
#else
#define OCF_API __attribute__((visibility("default")))
#endif

#endif /* OCF_EXPORT_H_ */
