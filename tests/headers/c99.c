/* The public C header compiles as strict C99 (built as part of the tests). */
#include "ocf/ocf.h"

int ocf_header_check_c99(void);
int ocf_header_check_c99(void) {
  ocf_options* options = ocf_options_new();
  int ok = ocf_options_set_engine(options, "interp");
  ocf_options_free(options);
  return ok;
}
