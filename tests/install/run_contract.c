/* An outside C program, built against the installed ocf with pkg-config
 * (install_test.sh): `run_contract check CONTRACT` or `run_contract run
 * CONTRACT DATA_DIR` prints what `ocf check|run --format json` prints on
 * standard output and exits with the command's status.
 *
 * OCF_HAVE_COMMANDS (set by install_test.sh when libocf exports ocf_run):
 * without it, only the 0.1 API is used (check through ocf_compile_file). */
#include <ocf/ocf.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (strcmp(ocf_version(), OCF_VERSION) != 0) {
    fprintf(stderr, "libocf is %s, the headers are %s\n", ocf_version(), OCF_VERSION);
    return 10;
  }
  if (argc == 3 && strcmp(argv[1], "check") == 0) {
#if OCF_HAVE_COMMANDS
    ocf_result* r = ocf_check(argv[2], NULL);
    fputs(ocf_result_json(r), stdout);
    int status = ocf_result_status(r);
#else
    ocf_result* r = ocf_compile_file(argv[2], NULL);
    fputs(ocf_result_diagnostics_json(r), stdout);
    int status = ocf_result_ok(r) ? 0 : 1;
#endif
    fputs(ocf_result_diagnostics_text(r), stderr);
    ocf_result_free(r);
    return status;
  }
#if OCF_HAVE_COMMANDS
  if ((argc == 4 || argc == 5) && strcmp(argv[1], "run") == 0) {
    ocf_options* o = ocf_options_new();
    if (!o || !ocf_options_add_data(o, argv[3]) || (argc == 5 && !ocf_options_set_engine(o, argv[4]))) {
      fprintf(stderr, "cannot set the options\n");
      return 11;
    }
    ocf_result* r = ocf_run(argv[2], o);
    fputs(ocf_result_json(r), stdout);
    fputs(ocf_result_messages(r), stderr);
    int status = ocf_result_status(r);
    ocf_result_free(r);
    ocf_options_free(o);
    return status;
  }
#endif
  fprintf(stderr, "usage: run_contract check CONTRACT | run CONTRACT DATA_DIR [ENGINE]\n");
  return 12;
}
