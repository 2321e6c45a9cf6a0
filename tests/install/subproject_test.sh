#!/usr/bin/env bash
# ocf as a subproject: a parent project add_subdirectory()s the source tree
# and links ocf::ocf (tests/install/subproject/CMakeLists.txt).
#   subproject_test.sh SOURCE_DIR WORK_DIR [CMAKE] [--build]
# Without --build (what ctest runs, ~10 s): the parent configures, and ocf's
# parser is generated in the parent's build tree (the paths a parent project
# gets wrong when ocf uses CMAKE_SOURCE_DIR/CMAKE_BINARY_DIR). With --build,
# everything is compiled (a full build of ocf, minutes; ccache helps on
# later runs) and the parent's program checks the MSK example.
set -euo pipefail
src=$(cd "$1" && pwd)
work=$2
cmake=${3:-cmake}
build_all=0
[[ ${4:-} == --build ]] && build_all=1
fail() {
  echo "subproject test: FAIL: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"
"$cmake" -S "$src/tests/install/subproject" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DOCF_SOURCE_DIR="$src" >"$work.log" 2>&1 || {
  cat "$work.log"
  fail "the parent project does not configure"
}
[[ -f $work/ocf/generated/include/ocf/version.h ]] || fail "ocf/version.h is not generated in the parent's build tree"
"$cmake" --build "$work" --target ocf/generated/ocf_grammar/OcfParser.cpp >>"$work.log" 2>&1 || {
  cat "$work.log"
  fail "ocf's parser is not generated in the parent's build tree"
}
if ((build_all)); then
  "$cmake" --build "$work" --target parent_app >>"$work.log" 2>&1 || {
    tail -50 "$work.log"
    fail "the parent project does not build"
  }
  (cd "$src" && "$work/parent_app" check examples/msk/msk.ocf >/dev/null) || fail "the parent's program does not check the MSK example"
  echo "subproject test: the parent project builds ocf::ocf and checks the MSK example"
else
  echo "subproject test: the parent project configures and generates ocf's parser (--build compiles it all)"
fi
rm -rf "$work" "$work.log"
