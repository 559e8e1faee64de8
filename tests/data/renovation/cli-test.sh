#!/bin/sh
# almen renovate end to end on flags.yaml (its header works the values out by hand) and on
# bad input.
#
#   cli-test.sh ALMEN_EXECUTABLE
set -u
almen=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/almen-renovate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() { # description, condition result
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

"$almen" renovate "$here/flags.yaml" --format csv > "$tmp/cmp.csv"
check "csv comparison (exit 0)" $?
head -1 "$tmp/cmp.csv" | grep -qx 'metric,unit,at15,above15'
check "one column per scenario" $?
grep -qx 'rent_m2_after,kr/m2/year,1150,1150.0003' "$tmp/cmp.csv"
check "rent after: 1,150 and 1,150.0003 kr/m2" $?
grep -qx 'departments_ballot,count,0,1' "$tmp/cmp.csv"
check "ballot: not at exactly 15 %, just above it" $?
grep -qx 'departments_approval,count,1,1' "$tmp/cmp.csv"
check "municipal approval above 5 %" $?
grep -qx 'residents_payment_first_year,kr,1500000,1500003' "$tmp/cmp.csv"
check "residents' payment, first year: 3 % of the loan" $?

"$almen" renovate "$here/flags.yaml" --scenario at15 --format yaml -o "$tmp/at15.yaml"
check "yaml to a file (exit 0)" $?
grep -q '^  - id: "at15"' "$tmp/at15.yaml" && ! grep -q 'above15' "$tmp/at15.yaml" &&
    grep -q '^        ballot_may_be_demanded: false' "$tmp/at15.yaml" &&
    grep -q '^        municipal_approval_needed: true' "$tmp/at15.yaml"
check "--scenario at15 --format yaml: that scenario with its flags" $?

"$almen" renovate "$here/flags.yaml" > "$tmp/table.txt"
grep -q '^at15 *1-1 ' "$tmp/table.txt"
check "table: rents by department" $?

"$almen" renovate > "$tmp/example.txt"
grep -q '^metric  *unit  *renovate  *demolish  *convert *$' "$tmp/example.txt"
check "the embedded example's three scenarios" $?

"$almen" renovate "$here/bad.yaml" > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 2 ] && grep -q "bad.yaml:10:40: scenarios\[0\].financing.supported_loan.term: a supported loan runs at most 30 years" "$tmp/err"
check "term above 30 years: exit 2 with file:line:column (exit $r: $(cat "$tmp/err"))" $?

"$almen" renovate "$here/flags.yaml" --scenario nope > /dev/null 2> "$tmp/err"
r=$?
[ $r -eq 2 ] && grep -q "no scenario 'nope'" "$tmp/err"
check "unknown scenario: exit 2 (exit $r)" $?

"$almen" renovate --format xml > /dev/null 2>&1
r=$?
[ $r -eq 64 ]
check "unknown format: exit 64 (exit $r)" $?

"$almen" renovate --help | grep -q '^usage: almen renovate'
check "--help" $?

exit $fail
