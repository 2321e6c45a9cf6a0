#!/usr/bin/env bash
# Everything CI runs, in order: set up, build and test the release build, check
# formatting, then build and test again with AddressSanitizer and
# UndefinedBehaviorSanitizer (the `dev` preset), then run the C API from 4
# threads under ThreadSanitizer (the `tsan` preset). Every section runs even when
# an earlier one failed (except the tests of a build that failed), and the
# script exits 1 at the end if any section failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
failed=()

section() {
  printf '\n==================== %s ====================\n' "$*"
  section_started=$SECONDS
}
done_section() {
  printf -- '---- %s: %s (%ds)\n' "$1" "$2" $((SECONDS - section_started))
}
# run NAME COMMAND...: runs a section's command, records a failure.
run() {
  local name=$1
  shift
  if "$@"; then
    done_section "$name" "ok"
    return 0
  fi
  done_section "$name" "FAILED"
  failed+=("$name")
  return 1
}

section "Setup"
if ! run "setup" bash scripts/setup.sh; then
  echo "test: setup failed; nothing else can run" >&2
  exit 1
fi

section "Release build"
if run "release build" cmake --build --preset release; then
  section "Release tests"
  run "release tests" ctest --preset release --parallel "$(nproc)"
fi

section "Format check"
run "format check" bash scripts/format.sh --check

section "Sanitizer build (dev preset: ASan + UBSan, debug)"
if run "dev build" bash -c 'cmake --preset dev >/dev/null && cmake --build --preset dev'; then
  section "Sanitizer tests"
  # LeakSanitizer cannot run in some sandboxes (under ptrace, some containers):
  # probe it once and turn leak detection off, saying so, when it cannot work.
  probe_dir=$(mktemp -d)
  printf '#include <cstdlib>\nint main() { void* volatile p = std::malloc(7); p = nullptr; return 0; }\n' >"$probe_dir/leak.cc"
  leaks=1
  if g++ -fsanitize=address -g "$probe_dir/leak.cc" -o "$probe_dir/leak" 2>/dev/null; then
    if ! ASAN_OPTIONS=detect_leaks=1 "$probe_dir/leak" 2>&1 | grep -q "detected memory leaks"; then leaks=0; fi
  fi
  rm -rf "$probe_dir"
  if [ $leaks -eq 1 ]; then
    echo "test: LeakSanitizer works here: leaks are errors"
  else
    echo "test: LeakSanitizer does not work in this environment: leak detection is off"
  fi
  ASAN_OPTIONS="detect_leaks=$leaks:strict_string_checks=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    run "dev tests" ctest --preset dev --parallel "$(nproc)"
fi

section "Thread sanitizer (C API from 4 threads)"
# The tsan preset builds only tests/threads/c_api_threads and the libraries it
# links, with -fsanitize=thread. Its ctest entry runs it with
# TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=tests/threads/tsan.supp"
# (tests/threads/CMakeLists.txt), so any report is a failure.
if run "tsan build" bash -c 'cmake --preset tsan >/dev/null && cmake --build --preset tsan'; then
  run "tsan test" ctest --preset tsan
fi

total=$((SECONDS - started))
printf '\n==================== Summary ====================\n'
if [ ${#failed[@]} -gt 0 ]; then
  printf 'test: FAILED: %s (after %dm%02ds)\n' "$(IFS=,; echo "${failed[*]}")" $((total / 60)) $((total % 60))
  exit 1
fi
printf 'test: everything passed in %dm%02ds\n' $((total / 60)) $((total % 60))
