#!/usr/bin/env bash
# Checks that bench/handwritten_validating.cc really validates: a small file
# in ocf's other accepted spellings (quotes, CRLF, BOM, `£1,234.50`, `Yes`,
# blanks, UTF-8, an ignored column) is accepted, and a file with one bad cell
# of each kind is refused (exit 1, naming the column or the fault). With an
# ocf binary (OCF=path, or build/release/ocf when it exists) every file is also
# given to `ocf run bench/episodes.ocf`: ocf must accept and refuse the same
# files, and on the accepted ones give the same answers (bench/compare.py).
#
#   bash bench/handwritten_validating_test.sh          (run by bench/run_bench.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cxx=${CXX:-g++}
ocf=${OCF:-}
if [ -z "$ocf" ] && [ -x "$root/build/release/ocf" ]; then ocf=$root/build/release/ocf; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prog=$work/validating
"$cxx" -O2 -std=c++20 -Wall -Wextra -Werror -o "$prog" "$here/handwritten_validating.cc"

header='patient_id,age,sex,admission_date,discharge_date,length_of_stay,emergency,readmitted_30d,cost,provider'
good='P1,70,F,2021-03-04,2021-03-06,2,true,false,1200.50,RX001
P2,40,M,2022-07-01,2022-07-01,0,false,true,310,RX002'
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# CONTENT as episodes.csv in a folder of its own, as `ocf run --data` reads it.
write() {
  rm -rf "$work/data"
  mkdir -p "$work/data"
  printf '%s' "$1" > "$work/data/episodes.csv"
}

run_ocf() {  # ocf run on $work/data: its exit status; its JSON in $work/ocf.json
  local status=0
  "$ocf" run "$here/episodes.ocf" --data "$work/data" --format json > "$work/ocf.json" 2> "$work/ocf.err" ||
    status=$?
  return $status
}

# accepted NAME CONTENT
accepted() {
  local name=$1
  write "$2"
  if ! "$prog" "$work/data/episodes.csv" > "$work/hw.jsonl" 2> "$work/hw.err"; then
    fail "$name: refused: $(head -3 "$work/hw.err")"
    return
  fi
  [ -s "$work/hw.jsonl" ] || fail "$name: no answers"
  if [ -n "$ocf" ]; then
    if ! run_ocf; then
      fail "$name: ocf refuses what the hand-written pass accepts: $(head -3 "$work/ocf.err")"
    elif ! python3 "$here/compare.py" ocf="$work/ocf.json" handwritten="$work/hw.jsonl" > "$work/compare.out"; then
      fail "$name: answers differ from ocf's: $(head -5 "$work/compare.out")"
    fi
  fi
  echo "ok: accepted: $name"
}

# refused NAME EXPECTED_IN_STDERR CONTENT
refused() {
  local name=$1 expect=$2 status=0
  write "$3"
  "$prog" "$work/data/episodes.csv" > "$work/hw.jsonl" 2> "$work/hw.err" || status=$?
  if [ $status != 1 ]; then
    fail "$name: exit status $status, not 1"
    return
  fi
  [ ! -s "$work/hw.jsonl" ] || fail "$name: answers printed although refused"
  grep -q -- "$expect" "$work/hw.err" || fail "$name: stderr does not mention '$expect': $(head -3 "$work/hw.err")"
  if [ -n "$ocf" ] && run_ocf; then fail "$name: ocf accepts what the hand-written pass refuses"; fi
  echo "ok: refused: $name"
}

accepted plain "$header
$good
"
accepted spellings "$(printf '\xef\xbb\xbf')$header,note
P3 , +65 ,U,2020-02-29,2020-03-01,1,Yes,N,\"£1,234.50\",RX003,\"a, \"\"quoted\"\" note\"
\"P4
two lines\",80,M,2019-12-31,2020-01-02,2,TRUE,y,-12.00,\"RX 4\",x\"y
$(printf 'P5,70,F,2023-01-01,2023-01-02,1,1,0,\xc2\xa3-5,RX\xc3\xa9,\r')
   
,,,,,,,,,,
P6,66,F,2018-05-05,2018-05-06,1,yes,no,12.345000000000000000,RX001,
P7,1,M,2021-01-01,2021-01-09,8,true,FALSE,-£1.5,RX001,\"\"
P8,5,F,2022-06-06,2022-06-07,99999,Y,n,0.5,RX001,
P1,70,F,2021-03-04,2021-03-06,-3,true,false,1200.50,RX001,
\"P2\" ,40, M ,2022-07-01,2022-07-01,0,false,true,310,RX002,ok
$(printf 'P9,70,U,2021-05-05,2021-05-05,0,1,1,7.125,RX002,\r')"
accepted lone-cr "$(printf '%s\r%s\r' "$header" "P1,70,F,2021-03-04,2021-03-06,2,true,false,1200.50,RX001")"

refused int-not-a-number age "$header
$good
P9,4x,F,2021-03-04,2021-03-06,2,true,false,1.00,RX001
"
refused int-too-large length_of_stay "$header
$good
P9,40,F,2021-03-04,2021-03-06,9223372036854775808,true,false,1.00,RX001
"
refused enum-unknown sex "$header
$good
P9,40,X,2021-03-04,2021-03-06,2,true,false,1.00,RX001
"
refused enum-case sex "$header
$good
P9,40,m,2021-03-04,2021-03-06,2,true,false,1.00,RX001
"
refused date-no-such-day admission_date "$header
$good
P9,40,F,2021-02-29,2021-03-06,2,true,false,1.00,RX001
"
refused date-shape discharge_date "$header
$good
P9,40,F,2021-02-28,06/03/2021,2,true,false,1.00,RX001
"
refused bool-unknown emergency "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,maybe,false,1.00,RX001
"
refused bool-two readmitted_30d "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,2,1.00,RX001
"
refused money-separators cost "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,\"12,34.00\",RX001
"
refused money-currency cost "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,\$5,RX001
"
refused money-two-points cost "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,1.2.3,RX001
"
refused money-19-decimals cost "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,0.0000000000000000001,RX001
"
refused id-empty patient_id "$header
$good
 ,40,F,2021-02-28,2021-03-06,2,true,false,1.00,RX001
"
refused id-not-utf8 provider "$header
$good
$(printf 'P9,40,F,2021-02-28,2021-03-06,2,true,false,1.00,RX\xff1')
"
refused int-empty age "$header
$good
P9,,F,2021-02-28,2021-03-06,2,true,false,1.00,RX001
"
refused too-few-fields "number of fields" "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,1.00
"
refused too-many-fields "number of fields" "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,1.00,RX001,extra
"
refused text-after-quote provider "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,1.00,\"RX001\"x
"
refused open-quote "never closed" "$header
$good
P9,40,F,2021-02-28,2021-03-06,2,true,false,1.00,\"RX001
"
refused missing-column "missing from the header" "patient_id,age,sex,admission_date,discharge_date,length_of_stay,emergency,cost,provider
P1,70,F,2021-03-04,2021-03-06,2,true,1200.50,RX001
"

if [ $failures != 0 ]; then
  echo "handwritten_validating_test: $failures FAILED" >&2
  exit 1
fi
echo "handwritten_validating_test: all passed${ocf:+ (and ocf agrees on every file)}"
