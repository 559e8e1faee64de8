#!/bin/sh
# almen agreements end to end on tests/data/agreements/testby.yaml (numbers worked out in
# tests/c/test_agreements.c). Usage: cli-test.sh ALMEN
set -u
almen=$1
here=$(cd "$(dirname "$0")" && pwd)
case=$here/testby.yaml
fail=0
check() { # description, expected exit code, actual exit code
    if [ "$2" != "$3" ]; then echo "FAIL: $1: exit $3, want $2"; fail=1; else echo "ok: $1"; fi
}
contains() { # description, file, text
    if grep -qF -- "$3" "$2"; then echo "ok: $1"; else echo "FAIL: $1: no '$3' in:"; cat "$2"; fail=1; fi
}
out=$(mktemp)
trap 'rm -f "$out" "$out.bad"' EXIT

# The fixture's agreements are clean on the 2024 lists: only the §60b information; exit 0.
"$almen" agreements "$case" --date 2024-12-01 --status "$here/status.csv" > "$out" 2>&1
check "clean fixture" 0 $?
contains "findings count" "$out" "Findings on 2024-12-01: 1"
contains "statutory §51c in omdannelsesområde a3" "$out" "statutory      §51c"
contains "the list of 2024" "$out" "(the list of 2024)"

# One resident fewer in area a1 (999 < 1,000, §51b stk. 3 nr. 1): an error, exit 1.
sed 's/residents: 400, residents_18_64: 250/residents: 399, residents_18_64: 250/' "$case" > "$out.bad"
"$almen" agreements "$out.bad" --date 2024-12-01 --status "$here/status.csv" --only findings \
    --format csv > "$out" 2>&1
check "999 residents" 1 $?
contains "combined letting error" "$out" "error,combined_letting_residents,§51b stk. 3 nr. 1,kombineret-a1"
# ...unless the threshold parameter is lowered to 999.
"$almen" agreements "$out.bad" --date 2024-12-01 --status "$here/status.csv" \
    --set combined_min_residents=999 --only findings > /dev/null 2>&1
check "999 residents with a minimum of 999" 0 $?

# One department's policy as CSV.
"$almen" agreements "$case" --date 2024-12-01 --status "$here/status.csv" --only policy \
    --format csv --department 502-1 > "$out" 2>&1
check "policy csv" 0 $?
contains "§59 stk. 7 in forebyggelsesområde a2" "$out" "502-1,a2,nord,2024-12-01,2024,forebyggelsesomraade,statutory,§59 stk. 7"

# Bad input: exit 2 with the position; usage errors: 64.
"$almen" agreements "$case" --date 2024-02-30 > "$out" 2>&1
check "bad date" 2 $?
contains "date message" "$out" "YYYY-MM-DD"
printf 'area,year,category\na1,2024,hot\n' > "$out.bad"
"$almen" agreements "$case" --status "$out.bad" > "$out" 2>&1
check "bad status" 2 $?
contains "status position" "$out" ":2:9: category"
"$almen" agreements "$case" --format yaml > /dev/null 2>&1
check "bad format" 64 $?
"$almen" agreements "$case" --set nothing > /dev/null 2>&1
check "bad --set" 64 $?
exit $fail
