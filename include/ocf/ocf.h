/* ocf — the plain C API of the outcomes-based contract compiler, for C
 * programs and for other languages' foreign-function interfaces (Python's
 * ctypes: bindings/python).
 *
 * Everything the command line does is here: check a contract (and with data,
 * the provider's files and the gates), run it on data, run its tests.
 *
 *   ocf_options* o = ocf_options_new();
 *   ocf_options_add_data(o, "examples/msk/data");
 *   ocf_result* r = ocf_run("examples/msk/msk.ocf", o);
 *   if (ocf_result_status(r) == 0) fputs(ocf_result_json(r), stdout);
 *   else fputs(ocf_result_messages(r), stderr);
 *   ocf_result_free(r);
 *   ocf_options_free(o);
 *
 * Conventions:
 * - Strings passed in are UTF-8 (file names: the bytes the file system uses)
 *   and NUL-terminated; ocf copies what it keeps, so they may be freed as soon
 *   as the call returns.
 * - Strings returned belong to the object they came from and stay valid until
 *   that object is freed (ocf_result_free, ocf_options_free); ocf_version's
 *   string is static. The caller never frees a returned string.
 * - No function throws, aborts or exits on bad input: a C++ exception never
 *   crosses this API. A bug in ocf is reported as the command line reports
 *   it: a result with status 1 whose messages say "internal error".
 * - Functions are safe to call from several threads at once on different
 *   objects (an ocf_options may be shared by threads that only read it, i.e.
 *   pass it to ocf_check/ocf_run/ocf_test). One object must not be used by
 *   two threads at once when one of them changes it.
 * - NULL for an ocf_options* means the defaults.
 */
#ifndef OCF_OCF_H_
#define OCF_OCF_H_

#include <stddef.h>

#include "ocf/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ocf_result ocf_result;
typedef struct ocf_options ocf_options;

/* The version of ocf, "MAJOR.MINOR.PATCH" (OCF_VERSION in ocf/export.h is the
 * version of the headers; this is the library's). Static: never freed. */
OCF_API const char* ocf_version(void);

/* ---------------------------------------------------------------- options
 * What the command line's options say. Each setter returns 1 on success, 0
 * when the value is not allowed (the object is then unchanged) or an argument
 * is NULL. */

/* New options with the command line's defaults. NULL only when out of memory. */
OCF_API ocf_options* ocf_options_new(void);
/* Frees the options. NULL is allowed. */
OCF_API void ocf_options_free(ocf_options* options);
/* `--stdlib DIR`: where `import "nhs/cquin"` looks after the importing file's
 * folder. Default: $OCF_STDLIB, else the standard library installed with ocf. */
OCF_API int ocf_options_set_stdlib(ocf_options* options, const char* dir);
/* `--data DIR` or `--data NAME=PATH` (repeatable, as on the command line). */
OCF_API int ocf_options_add_data(ocf_options* options, const char* spec);
/* `--set NAME=VALUE`: an input's value, written as in a data file (repeatable). */
OCF_API int ocf_options_add_set(ocf_options* options, const char* name, const char* value);
/* `--period LABEL`: ocf_run's outputs keep only this period ("2014/15 Q1"). */
OCF_API int ocf_options_set_period(ocf_options* options, const char* label);
/* `--engine`: "auto" (the default for ocf_run), "jit" (the default for
 * ocf_test) or "interp". */
OCF_API int ocf_options_set_engine(ocf_options* options, const char* engine);
/* `--threads N`: worker threads for reading and scanning; 0 (the default):
 * one per core. */
OCF_API int ocf_options_set_threads(ocf_options* options, unsigned threads);
/* `--strict`: with data, a failing gate is an error in ocf_check. */
OCF_API int ocf_options_set_strict(ocf_options* options, int strict);

/* ---------------------------------------------------------------- commands
 * Each returns a result, NULL only when out of memory. */

/* `ocf check PATH [--data ...] [--set ...] [--strict]`: the contract and the
 * files it imports; with data options, also the provider's data and gates. */
OCF_API ocf_result* ocf_check(const char* path, const ocf_options* options);
/* `ocf run PATH --data ... [--set ...] [--period ...] [--engine ...]`. */
OCF_API ocf_result* ocf_run(const char* path, const ocf_options* options);
/* `ocf test PATH [--engine ...]`: the contract's `test` blocks. */
OCF_API ocf_result* ocf_test(const char* path, const ocf_options* options);

/* Checks the contract at `path` (`stdlib_dir` NULL or "" for the default):
 * ocf_check without data. Kept from version 0.1. */
OCF_API ocf_result* ocf_compile_file(const char* path, const char* stdlib_dir);
/* Checks `size` bytes of contract text as if read from `virtual_path`
 * (imports and test data are looked for beside it; NULL: "<text>.ocf"). */
OCF_API ocf_result* ocf_compile_text(const char* text, size_t size, const char* virtual_path,
                                     const char* stdlib_dir);

/* ---------------------------------------------------------------- results */

/* The command line's exit status for the same command: 0 success (warnings
 * allowed), 1 errors in the contract or data, a failing test or gate (with
 * strict, or an internal error in ocf), 2 bad usage (a file that cannot be
 * read, an option that is not allowed, a period that is not the contract's,
 * `--set` of no input). A NULL result: 1. */
OCF_API int ocf_result_status(const ocf_result* result);

/* 1 when the contract was read and has no errors (warnings allowed), else 0. */
OCF_API int ocf_result_ok(const ocf_result* result);

/* Number of errors / warnings in the contract. A file that could not be read
 * counts as one error. */
OCF_API size_t ocf_result_error_count(const ocf_result* result);
OCF_API size_t ocf_result_warning_count(const ocf_result* result);

/* The command's output as `--format json` prints it on standard output, byte
 * for byte: for ocf_check the diagnostics object ("schema": "ocf.diagnostics/1"),
 * for ocf_run the statement ("ocf.statement/1") when the run succeeded, else
 * an object with the errors, for ocf_test the tests' results
 * ("ocf.test/1"). Never NULL; "" for a NULL result. */
OCF_API const char* ocf_result_json(const ocf_result* result);

/* The command's output in another format, as `--format FORMAT` prints it on
 * standard output: ocf_run: "json", "table", "csv", "html"; ocf_check: "json",
 * "text"; ocf_test: "json", "text", "junit". NULL when the format is not one
 * of the command's, or when there is no such output (a run that failed has
 * no table). Rendered on first use, then kept with the result. */
OCF_API const char* ocf_result_output(ocf_result* result, const char* format);

/* What the command line prints on standard error in text format: diagnostics
 * with their source lines, data problems, run errors, warnings. No colour. */
OCF_API const char* ocf_result_messages(const ocf_result* result);

/* The contract's diagnostics alone, as JSON / as text (kept from 0.1):
 *   {"schema": "ocf.diagnostics/1", "diagnostics": [{"code": "E0402", ...}], "errors": 1, "warnings": 0}
 * plus "error": "why" when the file could not be read. */
OCF_API const char* ocf_result_diagnostics_json(const ocf_result* result);
OCF_API const char* ocf_result_diagnostics_text(const ocf_result* result);

/* Frees the result and every string it returned. NULL is allowed. */
OCF_API void ocf_result_free(ocf_result* result);

#ifdef __cplusplus
}
#endif

#endif /* OCF_OCF_H_ */
