#!/bin/sh
# almen classify end to end: the published values in this directory against the expected
# output worked out by hand (README.md), and bad input with its position and exit code.
#
#   cli-test.sh ALMEN_EXECUTABLE
set -u
almen=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/almen-classify.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() { # description, condition result
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

"$almen" classify --national-convicted-pct 0.725 "$here/published.csv" > "$tmp/out.csv"
check "published values classify (exit 0)" $?
cmp -s "$tmp/out.csv" "$here/published-expected.csv"
r=$?
[ $r -eq 0 ] || diff "$here/published-expected.csv" "$tmp/out.csv"
check "output equals published-expected.csv" $r

# -o writes the same file.
"$almen" classify --national-convicted-pct=0.725 -o "$tmp/out2.csv" "$here/published.csv"
cmp -s "$tmp/out2.csv" "$here/published-expected.csv"
check "-o FILE" $?

# What-if: outside labour above 39 instead of 40 makes nord's 40 % count: 3 criteria.
"$almen" classify --national-convicted-pct 0.725 --threshold outside_labour.udsat=39 \
    "$here/published.csv" > "$tmp/what-if.csv"
line=$(grep '^nord,' "$tmp/what-if.csv" | cut -d, -f4,10,11)
[ "$line" = "3,1,1" ]
check "--threshold outside_labour.udsat=39 (got '$line')" $?

# The case file: the embedded example's vestergaarden is a parallelsamfund in 2023 (the
# columns ghetto and haardt_ghetto of its 2020 dk-2018 rows are empty in dk-2021 rows).
"$almen" classify > "$tmp/example.csv"
grep -q '^vestergaarden,2023,dk-2021,2,1,,,1,0,1,parallelsamfund,' "$tmp/example.csv"
check "the example (no file): vestergaarden 2023" $?

# A bad value: exit 2, the error names file:line:column and the field.
printf 'area,year,residents,outside_labour_pct\nx,2022,many,1\n' > "$tmp/bad.csv"
"$almen" classify "$tmp/bad.csv" > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 2 ] && grep -q "bad.csv:2:8: residents: expected a number" "$tmp/err"
check "bad CSV value: exit 2 with file:line:column (exit $r: $(cat "$tmp/err"))" $?

# A bad rule-set file: exit 2 with its position.
printf 'id: x\nmin_residents: 1000\ncriteria: []\n' > "$tmp/rules.yaml"
"$almen" classify --rules "$tmp/rules.yaml" "$here/published.csv" > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 2 ] && grep -q "rules.yaml:3:11: criteria: at least one entry" "$tmp/err"
check "bad rule set: exit 2 with position (exit $r: $(cat "$tmp/err"))" $?

# Usage errors: exit 64.
"$almen" classify --no-such-option > /dev/null 2>&1
r=$?
[ $r -eq 64 ]
check "unknown option: exit 64 (exit $r)" $?
"$almen" classify --threshold outside_labour "$here/published.csv" > /dev/null 2>&1
r=$?
[ $r -eq 64 ]
check "--threshold without =: exit 64 (exit $r)" $?
"$almen" classify --help | grep -q '^usage: almen classify'
check "--help" $?
exit $fail
