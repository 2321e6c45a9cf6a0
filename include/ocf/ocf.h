/* ocf — the plain C API of the outcomes-based contract compiler, for use
 * through other languages' foreign-function interfaces.
 *
 *   ocf_result* r = ocf_compile_file("examples/msk/msk.ocf", NULL);
 *   if (!ocf_result_ok(r)) fputs(ocf_result_diagnostics_json(r), stderr);
 *   ocf_result_free(r);
 *
 * Strings are UTF-8 and NUL-terminated. Strings returned by ocf belong to the
 * result they came from and stay valid until ocf_result_free(). No function
 * throws or aborts on bad input; they are safe to call from several threads
 * on different results.
 */
#ifndef OCF_OCF_H_
#define OCF_OCF_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ocf_result ocf_result;

/* "0.1.0". */
const char* ocf_version(void);

/* Reads and checks the contract at `path` and the files it imports.
 * `stdlib_dir` is where `import "nhs/qof"` looks after the importing file's
 * folder; NULL or "" for the default ($OCF_STDLIB, else the built-in one).
 * Returns NULL only when out of memory. */
ocf_result* ocf_compile_file(const char* path, const char* stdlib_dir);

/* Checks `size` bytes of contract text as if read from `virtual_path`. */
ocf_result* ocf_compile_text(const char* text, size_t size, const char* virtual_path, const char* stdlib_dir);

/* 1 when the contract was read and has no errors (warnings allowed), else 0. */
int ocf_result_ok(const ocf_result* result);

/* Number of errors / warnings. A file that could not be read counts as one error. */
size_t ocf_result_error_count(const ocf_result* result);
size_t ocf_result_warning_count(const ocf_result* result);

/* Every diagnostic as one JSON object:
 *   {"diagnostics": [{"code": "E0402", "severity": "error", "message": "...",
 *     "file": "...", "line": 3, "column": 12, "end_line": 3, "end_column": 15,
 *     "notes": [...], "help": "..." or null}], "errors": 1, "warnings": 0}
 * plus "error": "why" when the file could not be read. */
const char* ocf_result_diagnostics_json(const ocf_result* result);

/* The diagnostics as the command line prints them, without colour. */
const char* ocf_result_diagnostics_text(const ocf_result* result);

/* Frees the result and every string it returned. NULL is allowed. */
void ocf_result_free(ocf_result* result);

#ifdef __cplusplus
}
#endif

#endif /* OCF_OCF_H_ */
