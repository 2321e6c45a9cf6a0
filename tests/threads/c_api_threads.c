/* The C API (include/ocf/ocf.h) from 4 threads at once.
 *
 *   c_api_threads SOURCE_DIR [ROUNDS]
 *
 * ocf.h promises that its functions are safe to call from several threads on
 * different objects, and that an ocf_options may be shared by threads that
 * only read it. Each thread runs the same rounds of commands, starting each
 * round at a barrier so that they really overlap (the first round is also
 * the process's first use of everything: LLVM's set-up, the parser's caches):
 * check (without and with data), run on the JIT (options shared by all the
 * threads) and on the interpreter (each thread's own options), run with a
 * `--set` value, test, and check a text with errors. Afterwards, the same
 * round once more on this thread alone, and every output of every thread must
 * be that one's, byte for byte, with the status the command line gives.
 *
 * It is built in every build with the tests; what it is for is the
 * ThreadSanitizer build (the tsan preset, tests/README.md), where any data
 * race in ocf is a report and a failure. Exits 0 when everything agrees, 1 on
 * any difference (each is printed), 2 on bad usage. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t, strdup */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ocf/ocf.h"

enum { kThreads = 4, kDefaultRounds = 3, kMaxRounds = 100 };

/* What each step keeps of its result, compared field by field. */
enum { kStatus, kJson, kMessages, kOutputA, kOutputB, kFields };
static const char* const kFieldNames[kFields] = {"status", "json", "messages", "output A", "output B"};

enum { kCheck, kCheckData, kRunJitShared, kRunInterpOwn, kRunWithSet, kTest, kCheckTextWithErrors, kSteps };
static const char* const kStepNames[kSteps] = {
    "ocf_check msk.ocf",
    "ocf_check msk.ocf with data",
    "ocf_run msk.ocf, jit, shared options",
    "ocf_run msk.ocf, interp, own options",
    "ocf_run older_people.ocf --set registered_65_plus=3000",
    "ocf_test msk.ocf",
    "ocf_compile_text with errors",
};

typedef struct {
  char* field[kFields];
} Outcome;

typedef struct {
  char msk[4096], msk_data[4096], older[4096], older_data[4096];
  const ocf_options* shared_jit; /* read by every thread at once */
  int rounds;
  pthread_barrier_t barrier;
  /* One result, made by whichever thread comes first after its first round,
   * then read by all of them at once through the functions that take a
   * const ocf_result* (its JSON is rendered on first use). */
  pthread_once_t shared_result_once;
  ocf_result* shared_result;
} Setup;

static Setup setup = {.shared_result_once = PTHREAD_ONCE_INIT};

typedef struct {
  Setup* setup;
  int index; /* -1: the reference, on the main thread alone */
  Outcome outcome[kMaxRounds][kSteps];
  char* shared_result_json; /* what this thread read of setup.shared_result */
  int failures;
} Worker;

/* A contract with mistakes, so that error recovery and the diagnostics'
 * rendering run concurrently too. */
static const char kContractWithErrors[] =
    "contract \"Broken\" {\n"
    "  commissioner \"NHS Test CCG\"\n"
    "  term 2014-04-01 to 2015-03-31\n"
    "}\n"
    "data visits \"Visits\" dated by day {\n"
    "  day : date\n"
    "  cost : money\n"
    "}\n"
    "measure spend \"Spend\" = sum costs of visits + 5%\n"
    "measure other \"Other\" = spend * unknown_name\n";

static void Fail(Worker* w, int round, int step, const char* what) {
  if (w->index < 0)
    fprintf(stderr, "c_api_threads: one thread alone, %s: %s\n", kStepNames[step], what);
  else
    fprintf(stderr, "c_api_threads: thread %d, round %d, %s: %s\n", w->index, round, kStepNames[step], what);
  ++w->failures;
}

static char* Copy(const char* s) {
  char* c = strdup(s ? s : "(null)");
  if (!c) {
    fputs("c_api_threads: out of memory\n", stderr);
    exit(1);
  }
  return c;
}

/* Keeps what `r` says (two of its other formats as outputs A and B), checks
 * its status, and frees it. */
static void Keep(Worker* w, int round, int step, ocf_result* r, int expected_status, const char* format_a,
                 const char* format_b) {
  Outcome* o = &w->outcome[round][step];
  if (!r) Fail(w, round, step, "no result (out of memory)"); /* the fields below say "" and 1 */
  char status[16];
  snprintf(status, sizeof status, "%d", ocf_result_status(r));
  o->field[kStatus] = Copy(status);
  o->field[kJson] = Copy(ocf_result_json(r));
  o->field[kMessages] = Copy(ocf_result_messages(r));
  o->field[kOutputA] = Copy(format_a ? ocf_result_output(r, format_a) : "");
  o->field[kOutputB] = Copy(format_b ? ocf_result_output(r, format_b) : "");
  if (ocf_result_status(r) != expected_status) {
    char what[64];
    snprintf(what, sizeof what, "status %d, expected %d; messages:", ocf_result_status(r), expected_status);
    Fail(w, round, step, what);
    fputs(o->field[kMessages], stderr);
  }
  if (r && ocf_result_output(r, "json") && strcmp(ocf_result_output(r, "json"), ocf_result_json(r)) != 0)
    Fail(w, round, step, "ocf_result_output(\"json\") is not ocf_result_json");
  if (o->field[kJson][0] != '{') Fail(w, round, step, "the JSON is not an object");
  ocf_result_free(r);
}

static ocf_options* NewOptions(void) {
  ocf_options* o = ocf_options_new();
  if (!o) {
    fputs("c_api_threads: out of memory\n", stderr);
    exit(1);
  }
  return o;
}

static void Require(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "c_api_threads: %s was refused\n", what);
    exit(1);
  }
}

/* One round of commands; the thread's own options are made and freed here, so
 * that ocf_options_new/free run concurrently too. */
static void Round(Worker* w, int round) {
  const Setup* s = w->setup; /* read-only while the threads run */
  Keep(w, round, kCheck, ocf_check(s->msk, NULL), 0, "text", NULL);

  ocf_options* with_data = NewOptions();
  Require(ocf_options_add_data(with_data, s->msk_data), "--data");
  Keep(w, round, kCheckData, ocf_check(s->msk, with_data), 0, "text", NULL);

  Keep(w, round, kRunJitShared, ocf_run(s->msk, s->shared_jit), 0, "csv", "table");

  ocf_options* interp = NewOptions();
  Require(ocf_options_add_data(interp, s->msk_data), "--data");
  Require(ocf_options_set_engine(interp, "interp"), "--engine interp");
  Require(ocf_options_set_threads(interp, 2), "--threads 2");
  Keep(w, round, kRunInterpOwn, ocf_run(s->msk, interp), 0, "csv", "table");

  ocf_options* older = NewOptions();
  Require(ocf_options_add_data(older, s->older_data), "--data");
  Require(ocf_options_add_set(older, "registered_65_plus", "3000"), "--set");
  Require(ocf_options_set_engine(older, "jit"), "--engine jit");
  Require(ocf_options_set_threads(older, 3), "--threads 3");
  Keep(w, round, kRunWithSet, ocf_run(s->older, older), 0, "csv", "table");

  Keep(w, round, kTest, ocf_test(s->msk, NULL), 0, "text", "junit");

  Keep(w, round, kCheckTextWithErrors,
       ocf_compile_text(kContractWithErrors, sizeof kContractWithErrors - 1, "broken.ocf", NULL), 1, NULL,
       NULL);

  /* The two engines agree to the byte (as `ocf run` does: tests/engines_agree.sh). */
  Outcome* jit = &w->outcome[round][kRunJitShared];
  Outcome* in = &w->outcome[round][kRunInterpOwn];
  if (strcmp(jit->field[kJson], in->field[kJson]) != 0)
    Fail(w, round, kRunInterpOwn, "the interpreter's JSON is not the JIT's");
  if (strcmp(w->outcome[round][kCheckTextWithErrors].field[kMessages], "") == 0)
    Fail(w, round, kCheckTextWithErrors, "no diagnostics");

  ocf_options_free(older);
  ocf_options_free(interp);
  ocf_options_free(with_data);
}

static void Wait(pthread_barrier_t* barrier) {
  int b = pthread_barrier_wait(barrier);
  if (b != 0 && b != PTHREAD_BARRIER_SERIAL_THREAD) {
    fputs("c_api_threads: pthread_barrier_wait failed\n", stderr);
    exit(1);
  }
}

static void MakeSharedResult(void) { setup.shared_result = ocf_run(setup.msk, setup.shared_jit); }

/* Reads the shared result; what every thread reads must be the same. */
static void ReadSharedResult(Worker* w) {
  const ocf_result* r = setup.shared_result;
  if (ocf_result_status(r) != 0 || ocf_result_ok(r) != 1 || ocf_result_error_count(r) != 0)
    Fail(w, 0, kRunJitShared, "the shared result does not say success");
  (void)ocf_result_warning_count(r);
  (void)ocf_result_messages(r);
  (void)ocf_result_diagnostics_json(r);
  (void)ocf_result_diagnostics_text(r);
  w->shared_result_json = Copy(ocf_result_json(r));
}

static void* Work(void* arg) {
  Worker* w = arg;
  for (int round = 0; round < w->setup->rounds; ++round) {
    Wait(&w->setup->barrier); /* every round starts at once in all the threads */
    Round(w, round);
    if (round == 0) {
      pthread_once(&w->setup->shared_result_once, MakeSharedResult);
      Wait(&w->setup->barrier);
      ReadSharedResult(w);
    }
  }
  return NULL;
}

/* Says where two outputs differ. */
static void ShowDifference(const char* want, const char* got) {
  size_t i = 0;
  while (want[i] && want[i] == got[i]) ++i;
  size_t from = i > 60 ? i - 60 : 0;
  fprintf(stderr, "  first difference at byte %zu:\n  expected: ...%.120s\n  got:      ...%.120s\n", i,
          want + from, got + from);
}

static int Compare(const Worker* reference, const Worker* w) {
  int differences = 0;
  for (int round = 0; round < w->setup->rounds; ++round)
    for (int step = 0; step < kSteps; ++step)
      for (int f = 0; f < kFields; ++f) {
        const char* want = reference->outcome[0][step].field[f];
        const char* got = w->outcome[round][step].field[f];
        if (strcmp(want, got) == 0) continue;
        fprintf(stderr, "c_api_threads: thread %d, round %d, %s: the %s differs from the one-thread run's\n",
                w->index, round, kStepNames[step], kFieldNames[f]);
        ShowDifference(want, got);
        ++differences;
      }
  return differences;
}

static void FreeOutcomes(Worker* w, int rounds) {
  for (int round = 0; round < rounds; ++round)
    for (int step = 0; step < kSteps; ++step)
      for (int f = 0; f < kFields; ++f) free(w->outcome[round][step].field[f]);
}

static void Path(char* out, size_t size, const char* dir, const char* rest) {
  if ((size_t)snprintf(out, size, "%s/%s", dir, rest) >= size) {
    fputs("c_api_threads: SOURCE_DIR is too long\n", stderr);
    exit(2);
  }
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fputs("usage: c_api_threads SOURCE_DIR [ROUNDS]\n", stderr);
    return 2;
  }
  static Worker workers[kThreads], reference; /* static: large for a stack */
  setup.rounds = kDefaultRounds;
  if (argc == 3) {
    setup.rounds = atoi(argv[2]);
    if (setup.rounds < 1 || setup.rounds > kMaxRounds) {
      fprintf(stderr, "c_api_threads: ROUNDS is 1 to %d\n", kMaxRounds);
      return 2;
    }
  }
  Path(setup.msk, sizeof setup.msk, argv[1], "examples/msk/msk.ocf");
  Path(setup.msk_data, sizeof setup.msk_data, argv[1], "examples/msk/data");
  Path(setup.older, sizeof setup.older, argv[1], "examples/older_people/older_people.ocf");
  Path(setup.older_data, sizeof setup.older_data, argv[1], "examples/older_people/data");

  ocf_options* shared_jit = NewOptions();
  Require(ocf_options_add_data(shared_jit, setup.msk_data), "--data");
  Require(ocf_options_set_engine(shared_jit, "jit"), "--engine jit");
  setup.shared_jit = shared_jit;
  if (pthread_barrier_init(&setup.barrier, NULL, kThreads) != 0) {
    fputs("c_api_threads: pthread_barrier_init failed\n", stderr);
    return 1;
  }

  pthread_t threads[kThreads];
  for (int t = 0; t < kThreads; ++t) {
    workers[t].setup = &setup;
    workers[t].index = t;
    if (pthread_create(&threads[t], NULL, Work, &workers[t]) != 0) {
      fputs("c_api_threads: pthread_create failed\n", stderr);
      return 1;
    }
  }
  for (int t = 0; t < kThreads; ++t) pthread_join(threads[t], NULL);
  pthread_barrier_destroy(&setup.barrier);

  /* The reference: one round on this thread, with nothing else running. */
  reference.setup = &setup;
  reference.index = -1;
  Round(&reference, 0);

  int failures = reference.failures;
  for (int t = 0; t < kThreads; ++t) {
    failures += workers[t].failures + Compare(&reference, &workers[t]);
    if (strcmp(workers[t].shared_result_json, reference.outcome[0][kRunJitShared].field[kJson]) != 0) {
      fprintf(stderr, "c_api_threads: thread %d read a shared result that is not the one-thread run's\n", t);
      ShowDifference(reference.outcome[0][kRunJitShared].field[kJson], workers[t].shared_result_json);
      ++failures;
    }
    free(workers[t].shared_result_json);
  }
  ocf_result_free(setup.shared_result);

  for (int t = 0; t < kThreads; ++t) FreeOutcomes(&workers[t], setup.rounds);
  FreeOutcomes(&reference, 1);
  ocf_options_free(shared_jit);

  if (failures) {
    fprintf(stderr, "c_api_threads: FAILED: %d problem(s)\n", failures);
    return 1;
  }
  printf("c_api_threads: %d threads x %d rounds x %d commands agree with one thread alone\n", kThreads,
         setup.rounds, kSteps);
  return 0;
}
