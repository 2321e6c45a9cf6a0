#!/usr/bin/env bash
# What ocf loads (issue 15, compiler/driver/jit_loader.h): LLVM (through the
# JIT module libocf-jit.so) only for a run on the compiled engine, libpq only
# for a warehouse; and when the module cannot be loaded, a warning and the
# interpreter's statement. The dynamic loader says what it loads
# (LD_DEBUG=libs, into files: the commands' own stderr is apart).
#
#   startup_test.sh OCF_BINARY SOURCE_DIR WRONG_ABI_MODULE OTHER_LIBRARY
# WRONG_ABI_MODULE: a module with the entry point and another build's tag;
# OTHER_LIBRARY: a shared library without it (libocf).
set -uo pipefail
ocf=$1 src=$2 wrong_abi=$3 other=$4
msk=$src/examples/msk/msk.ocf
data=$src/examples/msk/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Runs "$@" (stdin from $stdin, else /dev/null) with the loader's log in $work/ld.*;
# stdout in $work/out, stderr in $work/err, the status in $status.
traced() {
  rm -f "$work"/ld.*
  LD_DEBUG=libs LD_DEBUG_OUTPUT="$work/ld" "$@" < "${stdin:-/dev/null}" > "$work/out" 2> "$work/err"
  status=$?
}
loaded() { cat "$work"/ld.* 2> /dev/null | grep -q "$1"; }

# Commands that do not compile: no LLVM, no JIT module, no libpq.
expect_lean() {
  local what=$1 want_status=$2
  shift 2
  traced "$@"
  [ "$status" = "$want_status" ] || fail "$what: exit status $status, expected $want_status: $(head -3 "$work/err")"
  loaded 'libLLVM' && fail "$what loaded libLLVM"
  loaded 'libocf-jit' && fail "$what loaded the JIT module"
  loaded 'libpq' && fail "$what loaded libpq"
  # ocf links the ANTLR runtime statically (start-up, bench/README.md).
  loaded 'libantlr4' && fail "$what loaded the shared ANTLR runtime"
  # The log is there at all (else every "not loaded" above would pass).
  loaded 'libstdc++' || fail "$what: no loader log (LD_DEBUG_OUTPUT)"
}
expect_lean "ocf --version" 0 "$ocf" --version
expect_lean "ocf check" 0 "$ocf" check "$msk"
expect_lean "ocf check --data" 0 "$ocf" check "$msk" --data "$data"
expect_lean "ocf fmt --check" 0 "$ocf" fmt --check "$msk"
expect_lean "ocf test --engine interp" 0 "$ocf" test "$msk" --engine interp
expect_lean "ocf run --engine interp" 0 "$ocf" run "$msk" --data "$data" --engine interp
cp "$work/out" "$work/interp.out"
expect_lean "ocf explain --engine interp" 0 "$ocf" explain "$msk" --data "$data" --engine interp \
  --measure "$(grep -m1 -o '^measure [a-z_0-9]*' "$msk" | cut -d' ' -f2)" --period term
# The language server: a session that opens the MSK contract (checked and
# published), then shuts down.
msg() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
{
  msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  msg '{"jsonrpc":"2.0","method":"initialized","params":{}}'
  msg "$(python3 -c 'import json, sys; print(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file://" + sys.argv[1], "languageId": "ocf", "version": 1, "text": open(sys.argv[1]).read()}}}))' "$msk")"
  msg '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
  msg '{"jsonrpc":"2.0","method":"exit"}'
} > "$work/lsp.in"
stdin=$work/lsp.in expect_lean "ocf lsp" 0 "$ocf" lsp
grep -q publishDiagnostics "$work/out" || fail "ocf lsp published no diagnostics: $(head -c 300 "$work/out")"

# The compiled engine loads the module, and LLVM with it, and agrees.
traced "$ocf" run "$msk" --data "$data" --engine jit
[ "$status" = 0 ] || fail "ocf run --engine jit: exit status $status: $(cat "$work/err")"
loaded 'libocf-jit' || fail "ocf run --engine jit did not load the JIT module"
loaded 'libLLVM' || fail "ocf run --engine jit did not load libLLVM"
[ -s "$work/err" ] && fail "ocf run --engine jit warned: $(cat "$work/err")"
cmp -s "$work/out" "$work/interp.out" || fail "ocf run --engine jit and --engine interp differ"

# The module cannot be loaded: a warning naming the file and why, the
# interpreter's statement, exit status 0 (the statement is right).
expect_fallback() {
  local what=$1 module=$2 why=$3
  OCF_JIT_MODULE=$module "$ocf" run "$msk" --data "$data" --engine jit > "$work/out" 2> "$work/err"
  status=$?
  [ "$status" = 0 ] || fail "$what: exit status $status, expected 0"
  cmp -s "$work/out" "$work/interp.out" || fail "$what: not the interpreter's statement"
  grep -qF "ocf run: warning: the JIT could not start (" "$work/err" || fail "$what: no warning: $(cat "$work/err")"
  grep -qF "$module" "$work/err" || fail "$what: the warning does not name $module: $(cat "$work/err")"
  grep -qF "$why" "$work/err" || fail "$what: the warning does not say \"$why\": $(cat "$work/err")"
  grep -qF "running on the reference interpreter" "$work/err" || fail "$what: the warning does not say what runs"
}
expect_fallback "module missing" "$work/missing/libocf-jit.so" "No such file or directory"
echo "not a shared object" > "$work/text.so"
expect_fallback "module not a shared object" "$work/text.so" "cannot load the JIT module"
expect_fallback "module of another build" "$wrong_abi" "is from another build of ocf"
expect_fallback "a library that is not the module" "$other" "is not ocf's JIT module"
# --engine auto says so as well, when it starts the JIT.
OCF_JIT_MODULE=$work/missing/libocf-jit.so "$ocf" run "$msk" --data "$data" --engine jit --timings \
  > /dev/null 2> "$work/err"
grep -qF "interp engine" "$work/err" || fail "--timings does not say the interpreter ran: $(cat "$work/err")"

# libpq missing: the warehouse command says so (and nothing else needs it).
OCF_LIBPQ=$work/missing/libpq.so.5 "$ocf" run "$msk" --engine postgres --db "host=$work/nowhere dbname=x" \
  > /dev/null 2> "$work/err"
status=$?
[ "$status" = 0 ] && fail "ocf run --engine postgres without libpq succeeded"
grep -qF "cannot load libpq (\`$work/missing/libpq.so.5\`)" "$work/err" ||
  fail "ocf run --engine postgres without libpq: $(cat "$work/err")"

if ((failures)); then
  echo "startup: $failures failure(s)" >&2
  exit 1
fi
echo "startup: ok"
