#!/usr/bin/env bash
# fuzz/run.sh BUILD_DIR SECONDS — runs every libFuzzer harness in BUILD_DIR/fuzz (built with
# -Dfuzzing=true; `ninja -C BUILD_DIR fuzzers`) for SECONDS each, from the seed corpora in
# fuzz/seeds.txt, and prints the executions and crashes per harness and in total.
# Exits 1 when anything crashed (the inputs are kept in BUILD_DIR/fuzz-out/artifacts/;
# each becomes a file in tests/data/fuzz-regressions/<target>/ with its fix).
# The corpus each run grows is kept in BUILD_DIR/fuzz-out/corpus/ for the next run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}" && pwd)
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS}
out="$build/fuzz-out"
mkdir -p "$out"

# The dictionary: every word the library's sources compare input with (keys, levels,
# field names — new modules' included), plus YAML and CSV syntax (libFuzzer's
# dictionary escapes are \\, \" and \xAB only).
dict="$out/almen.dict"
{
  grep -ho '"[A-Za-z_][A-Za-z0-9_.-]*"' "$root"/lib/*.c | sort -u
  printf '%s\n' '"---"' '"..."' '"&a "' '"*a"' '"<<: "' '"!!str "' '"!!int "' '"!!map"' \
    '"? "' '": "' '"- "' '"[]"' '"{}"' '"|\x0A"' '">-\x0A"' '"~"' '".nan"' '".inf"' '"-.inf"' \
    '"1e999"' '"-0"' '"0x1p3"' '"\"\""' '"\x0D\x0A"' '"\xEF\xBB\xBF"' '"\",\""' '"\"\"\""'
} > "$dict"

total_execs=0
total_crashes=0
status=0
while read -r target globs; do
  case "$target" in ''|'#'*) continue ;; esac
  exe="$build/fuzz/fuzz_$target"
  if [ ! -x "$exe" ]; then
    echo "fuzz: $exe missing (meson configure -Dfuzzing=true; ninja -C BUILD fuzzers)"
    status=1
    continue
  fi
  seeds="$out/seeds/$target" corpus="$out/corpus/$target" artifacts="$out/artifacts/$target"
  rm -rf "$seeds" "$artifacts" && mkdir -p "$seeds" "$corpus" "$artifacts"
  (cd "$root" && for g in $globs; do for f in $g; do [ -f "$f" ] && cp "$f" "$seeds/"; done; done)
  log="$out/$target.log"
  # Leaks, UB and timeouts count as crashes; 2 GB of memory is ample for any legal input.
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -print_final_stats=1 -dict="$dict" -artifact_prefix="$artifacts/" "$corpus" "$seeds" \
      >"$log" 2>&1
  rc=$?
  execs=$(awk '/^stat::number_of_executed_units:/ {n = $2} END {print n + 0}' "$log")
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
              -o -name 'oom-*' \) | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    echo "fuzz: $target: the harness failed (status $rc) without a crash input; see $log"
    tail -20 "$log"
    status=1
  fi
  printf 'fuzz: %-14s %9d executions, %d crash(es), corpus %d files\n' "$target" "$execs" "$crashes" \
    "$(find "$corpus" -type f | wc -l)"
  if [ "$crashes" -gt 0 ]; then
    find "$artifacts" -type f | sed 's/^/  input: /'
    grep -m1 -A12 -E '^==[0-9]+==ERROR|broken promise|Sanitizer|runtime error' "$log" | sed 's/^/  /'
    status=1
  fi
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
done < "$root/fuzz/seeds.txt"
echo "fuzz: total $total_execs executions, $total_crashes crash(es)"
exit $status
