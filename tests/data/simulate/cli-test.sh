#!/bin/sh
# almen simulate end to end on udsat.yaml (its header works the statuses out) and the
# embedded example: exact statuses when nothing moves, the same output for any number of
# threads, explicit policies as variants, quiet stderr off a terminal, Ctrl-C, bad input.
#
#   cli-test.sh ALMEN_EXECUTABLE
set -u
almen=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/almen-simulate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() { # description, condition result
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

# Turnover 0: nobody moves, so every year repeats 2024's figures: udsat (on a list) each
# year with probability exactly 1.
"$almen" simulate "$here/udsat.yaml" --years 3 --runs 5 --set turnover_family=0 \
    --set calibrate_turnover=0 --format csv > "$tmp/still.csv" 2> "$tmp/err"
check "csv comparison (exit 0)" $?
[ ! -s "$tmp/err" ]
check "no progress bar when standard error is not a terminal" $?
printf 'area,year,all\nsyd,2024,1\nsyd,2025,1\nsyd,2026,1\nsyd,2027,1\n' | cmp -s - "$tmp/still.csv"
check "nothing moves: on the list every year ($(tr '\n' ' ' < "$tmp/still.csv"))" $?

"$almen" simulate "$here/udsat.yaml" --years 4 --runs 40 --seed 9 --threads 1 \
    --agreement all --agreement none --only indicators --format csv > "$tmp/t1.csv"
"$almen" simulate "$here/udsat.yaml" --years 4 --runs 40 --seed 9 --threads 2 \
    --agreement all --agreement none --only indicators --format csv > "$tmp/t2.csv"
cmp -s "$tmp/t1.csv" "$tmp/t2.csv" && [ -s "$tmp/t1.csv" ]
check "the same seed gives the same indicators with 1 and 2 threads" $?
"$almen" simulate "$here/udsat.yaml" --years 4 --runs 40 --seed 10 --threads 2 \
    --agreement all --agreement none --only indicators --format csv > "$tmp/t3.csv"
! cmp -s "$tmp/t1.csv" "$tmp/t3.csv"
check "another seed gives other numbers" $?

printf 'name: quota\nchannels: {municipal: 40}\n' > "$tmp/quota.yaml"
"$almen" simulate "$here/udsat.yaml" --years 2 --runs 10 --policy "$tmp/quota.yaml" \
    --agreement none --format csv > "$tmp/pol.csv"
head -1 "$tmp/pol.csv" | grep -qx 'area,year,quota,none'
check "an explicit policy and the law side by side" $?

"$almen" simulate "$here/onechannel.yaml" --scenario demolish --years 3 --runs 5 \
    --only indicators --format csv > "$tmp/reno.csv"
grep -q '^all,department,501-1,2026,households,900,0,0,' "$tmp/reno.csv" &&
    grep -q '^all,department,501-1,2025,households,1000,0,0,' "$tmp/reno.csv"
check "--scenario demolish: 900 households from 2026" $?

"$almen" simulate --years 2 --runs 20 > "$tmp/example.txt"
grep -q '^Probability of being on a statutory list' "$tmp/example.txt" &&
    grep -q '^vestergaarden  *2025  *1 *$' "$tmp/example.txt" &&
    grep -q 'criterion_outside_labour' "$tmp/example.txt"
check "the embedded example: statuses, leaving, criteria" $?

# Ctrl-C: the run stops, the runs done are reported, exit 130.
timeout --preserve-status -s INT 1 "$almen" simulate --years 2 --runs 200000 --only compare --format csv \
    > "$tmp/int.csv" 2> "$tmp/err"
r=$?
[ $r -eq 130 ] && grep -q 'interrupted after [0-9]* of 200000 runs' "$tmp/err" &&
    grep -q '^vestergaarden,2025,1$' "$tmp/int.csv"
check "Ctrl-C: exit 130 with the results of the runs done (exit $r: $(cat "$tmp/err"))" $?

"$almen" simulate "$here/udsat.yaml" --agreement nosuch --runs 5 > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 2 ] && grep -q "no agreement 'nosuch'" "$tmp/err"
check "unknown agreement: exit 2 ($r)" $?

"$almen" simulate "$here/udsat.yaml" --runs 0 > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 64 ] && grep -q -- '--runs needs a whole number' "$tmp/err"
check "--runs 0: usage error 64 ($r)" $?

printf 'name: p\nchannels: {waiting: 5}\n' > "$tmp/bad.yaml"
"$almen" simulate "$here/udsat.yaml" --policy "$tmp/bad.yaml" > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 2 ] && grep -q 'bad.yaml:2:12: channels.waiting: unknown channel' "$tmp/err"
check "a bad policy file: exit 2 with file:line:column ($r: $(cat "$tmp/err"))" $?

"$almen" simulate --help > "$tmp/help" 2>&1
r=$?
[ $r -eq 0 ] && grep -q '^usage: almen simulate' "$tmp/help"
check "--help" $?

exit $fail
