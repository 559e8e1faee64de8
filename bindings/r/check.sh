#!/bin/sh
# R CMD build + R CMD check --no-manual of the almen R package against the libalmen of a
# meson build tree (its uninstalled pkg-config file). For CI:
#
#   bindings/r/check.sh BUILD_DIR
#
# Works in BUILD_DIR/r-check; exits non-zero if the check reports an ERROR or a WARNING
# (NOTEs are printed but accepted). Environment: R (default R), SWIG,
# ALMEN_CHECK_ARGS (extra arguments for R CMD check).
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
R=${R:-R}
work=$build/r-check

rm -rf "$work"
mkdir -p "$work"
"$here/stage.sh" "$work/stage" >/dev/null

PKG_CONFIG_PATH=$build/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
unset LD_LIBRARY_PATH || true
# No network, no CRAN: check what can be checked on this machine (testthat from Debian).
_R_CHECK_CRAN_INCOMING_=false
_R_CHECK_FORCE_SUGGESTS_=true
export _R_CHECK_CRAN_INCOMING_ _R_CHECK_FORCE_SUGGESTS_

# CRAN cannot be reached: an empty local repository keeps the dependency check offline.
mkdir -p "$work/repo/src/contrib"
: > "$work/repo/src/contrib/PACKAGES"
echo "options(repos = c(LOCAL = \"file://$work/repo\"))" > "$work/Rprofile"
R_PROFILE_USER=$work/Rprofile
export R_PROFILE_USER

cd "$work"
"$R" CMD build --no-build-vignettes --no-manual stage/almen
tarball=$(ls almen_*.tar.gz)
status=0
# shellcheck disable=SC2086
"$R" CMD check --no-manual ${ALMEN_CHECK_ARGS:-} "$tarball" || status=$?

log=$work/almen.Rcheck/00check.log
if [ -f "$log" ]; then
    grep -E '^Status:' "$log" || true
    if grep -qE '^Status:.*(ERROR|WARNING)' "$log"; then
        status=1
    fi
else
    status=1
fi
exit $status
