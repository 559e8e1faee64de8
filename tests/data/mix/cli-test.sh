#!/bin/sh
# almen mix end to end: the index of testby.yaml worked out by hand in its header, the
# parts summing to the whole, reproducible inference, and bad input with its exit code.
#
#   cli-test.sh ALMEN_EXECUTABLE
set -u
almen=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/almen-mix.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() { # description, condition result
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
# value of row NAME (first column) in column 2 of a CSV file
value() { awk -F, -v k="$2" '$1 == k { print $2 }' "$1"; }

"$almen" mix "$here/testby.yaml" > "$tmp/summary.csv"
check "summary (exit 0)" $?
awk -v d="$(value "$tmp/summary.csv" D)" 'BEGIN { exit !(d - 25/99 < 1e-15 && 25/99 - d < 1e-15) }'
check "D = 25/99 by hand" $?
[ "$(value "$tmp/summary.csv" higher_units)" = 2 ]
check "two districts" $?

# The departments' contributions add up to M, the districts' to M_between and M_within.
"$almen" mix "$here/testby.yaml" --table units -o "$tmp/units.csv"
"$almen" mix "$here/testby.yaml" --table higher > "$tmp/higher.csv"
m=$(value "$tmp/summary.csv" M)
awk -F, -v m="$m" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "M_contribution") c = i; next }
    { s += $c } END { exit !(s - m < 1e-12 && m - s < 1e-12) }' "$tmp/units.csv"
check "unit contributions sum to M" $?
awk -F, -v b="$(value "$tmp/summary.csv" M_between)" -v w="$(value "$tmp/summary.csv" M_within)" \
    'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "M_between_contribution") cb = i; if ($i == "M_within_contribution") cw = i }; next }
    { sb += $cb; sw += $cw } END { exit !(sb - b < 1e-12 && b - sb < 1e-12 && sw - w < 1e-12 && w - sw < 1e-12) }' \
    "$tmp/higher.csv"
check "district contributions sum to M_between and M_within" $?

# Inference: the same seed, the same table; another seed, another.
"$almen" mix "$here/testby.yaml" --table inference --replicates 200 --seed 3 > "$tmp/i1.csv"
"$almen" mix "$here/testby.yaml" --table inference --replicates 200 --seed 3 > "$tmp/i2.csv"
"$almen" mix "$here/testby.yaml" --table inference --replicates 200 --seed 4 > "$tmp/i3.csv"
cmp -s "$tmp/i1.csv" "$tmp/i2.csv"
check "inference reproducible with a seed" $?
! cmp -s "$tmp/i1.csv" "$tmp/i3.csv"
check "another seed, other replicates" $?

# Bad input: no figures for the year (2), unknown grouping (2), bad options (64).
"$almen" mix "$here/testby.yaml" --year 2020 > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "for 2020" "$tmp/err"
check "a year without figures: exit 2 and says which" $?
"$almen" mix "$here/testby.yaml" --grouping height > /dev/null 2>&1
[ $? -eq 2 ]
check "unknown grouping: exit 2" $?
"$almen" mix "$here/testby.yaml" --table everything > /dev/null 2>&1
[ $? -eq 64 ]
check "unknown table: exit 64" $?
"$almen" mix "$here/testby.yaml" --replicates 0 --table inference > /dev/null 2>&1
[ $? -eq 64 ]
check "--replicates 0: exit 64" $?
exit $fail
