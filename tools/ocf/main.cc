// `ocf`: the command line. Everything it does lives in compiler/driver/cli.cc,
// so tests can run the same code in-process.
//
// What is here is the process's memory set-up, which belongs to the program
// and not to the library (libocf, the C API, the language server and the
// Python bindings share the front end but not this).
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "compiler/driver/cli.h"

namespace {

// Linux 5.14 and later; older kernels refuse it (EINVAL).
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

// `ocf check` on a 1,000-line contract grows the heap by about 4 MiB, and each
// new page is a page fault of its own: about 1,000 of them, a third of the
// command's time on a virtual machine, where the host maps each page again
// on its first use (bench/README.md, startup_bench.sh). Here the heap is
// grown by 8 MiB at once, asked to be made of transparent huge pages (2 MiB:
// where the system allows them for memory that asks, its default "madvise"),
// and faulted in with one call; on the 2-core test machine that costs about
// 0.3 ms against 7 to 15 ms for the pages one by one. Elsewhere the kernel may
// refuse either request, and the pages are faulted in one by one as before.
//
// The heap is grown the way glibc grows it for a program that frees a large
// block: a block above the mmap threshold, freed, raises that threshold (and
// the trim threshold, to twice it); a block just under it then comes from the
// heap, and once freed stays there, free, at its top for what follows.
void PrefaultHeap(size_t bytes) {
  // volatile: the compiler may otherwise drop a malloc whose block is only freed.
  void* volatile large = malloc(bytes);
  free(large);
  void* volatile under = malloc(bytes - (size_t{64} << 10));
  void* block = under;
  if (block == nullptr) return;
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(block) + page - 1) & ~(page - 1);
  const auto end = reinterpret_cast<uintptr_t>(sbrk(0));
  // Not from the heap after all (end below it): nothing to fault in.
  if (end <= begin) {
    free(block);
    return;
  }
  // The whole 2 MiB pages inside it.
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t huge_begin = (begin + kHuge - 1) & ~(kHuge - 1), huge_end = end & ~(kHuge - 1);
  if (huge_end > huge_begin)
    madvise(reinterpret_cast<void*>(huge_begin), huge_end - huge_begin, MADV_HUGEPAGE);
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  free(block);
}

}  // namespace

int main(int argc, char** argv) {
  if (!(argc == 2 && std::strcmp(argv[1], "--version") == 0)) PrefaultHeap(size_t{8} << 20);
  return ocf::RunCli(argc, argv, std::cout, std::cerr);
}
