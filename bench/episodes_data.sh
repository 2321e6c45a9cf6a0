# Sourced by bench/run_bench.sh and bench/time_bench.sh: the generated CSV of
# hospital episodes both read. Needs $here (bench/), $bin, $data, $cxx, $rows
# and $seed; sets $csv. Builds the generator into $bin (-O2, rebuilt when its
# source is newer) and writes the data once, reused while the row count, seed
# and generator are unchanged; then reads it into the page cache.
mkdir -p "$bin" "$data/out"
# Every run reads the CSV: the column cache (docs/cache.md) would turn re-runs
# into mappings. bench/cache_bench.sh asks for it with --cache DIR.
export OCF_NO_CACHE=1
if [ ! -x "$bin/ocf_bench_gen" ] || [ "$here/gen_episodes.cc" -nt "$bin/ocf_bench_gen" ]; then
  "$cxx" -O2 -std=c++20 -Wall -Wextra -Werror -o "$bin/ocf_bench_gen" "$here/gen_episodes.cc"
fi
csv=$data/episodes.csv
stamp="rows=$rows seed=$seed generator=$(cksum < "$here/gen_episodes.cc" | cut -d' ' -f1)"
if [ ! -f "$csv" ] || [ "$(cat "$data/episodes.stamp" 2> /dev/null)" != "$stamp" ]; then
  echo "bench: generating $rows rows into $csv" >&2
  rm -f "$data/episodes.stamp"
  t0=$(date +%s%N)
  "$bin/ocf_bench_gen" "$csv" "$rows" "$seed"
  t1=$(date +%s%N)
  echo "$stamp" > "$data/episodes.stamp"
  awk -v ns=$((t1 - t0)) 'BEGIN { printf "bench: generated in %.2f s\n", ns / 1e9 }' >&2
fi
cat "$csv" > /dev/null  # every program starts with the file in the page cache
