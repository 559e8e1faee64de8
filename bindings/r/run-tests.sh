#!/bin/sh
# The meson test `r`: installs the almen R package against the libalmen of a meson build
# tree (through its uninstalled pkg-config file) into BUILD_DIR/r-lib and runs its testthat
# suite. Exits non-zero on any failure.
#
#   bindings/r/run-tests.sh BUILD_DIR
#
# Environment: RSCRIPT, R (defaults Rscript, R), SWIG.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
R=${R:-R}
RSCRIPT=${RSCRIPT:-Rscript}

stage=$build/r-stage
lib=$build/r-lib
"$here/stage.sh" "$stage" >/dev/null
rm -rf "$lib"
mkdir -p "$lib"

PKG_CONFIG_PATH=$build/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
# The package must find libalmen through the rpath configure adds, not through the
# environment, so that is what the test sees too.
unset LD_LIBRARY_PATH || true

"$R" CMD INSTALL --no-docs --no-multiarch --library="$lib" "$stage/almen" \
    > "$build/r-install.log" 2>&1 || {
    cat "$build/r-install.log" >&2
    echo "R CMD INSTALL failed (log: $build/r-install.log)" >&2
    exit 1
}

NOT_CRAN=true ALMEN_R_LIB=$lib ALMEN_R_TESTS=$stage/almen/tests/testthat ALMEN_SOURCE_ROOT=$(cd "$here/../.." && pwd) \
    "$RSCRIPT" --vanilla -e '
        .libPaths(c(Sys.getenv("ALMEN_R_LIB"), .libPaths()))
        library(testthat)
        library(almen)
        res <- as.data.frame(test_dir(Sys.getenv("ALMEN_R_TESTS"), package = "almen",
                                      load_package = "installed",
                                      reporter = ProgressReporter$new(show_praise = FALSE, update_interval = Inf),
                                      stop_on_failure = FALSE))
        # counted per test (test_that block), not per expectation
        failed <- sum(res$failed > 0 | res$error)
        skipped <- sum(res$skipped & !(res$failed > 0 | res$error))
        passed <- nrow(res) - failed - skipped
        cat(sprintf("\nr: %d passed, %d failed, %d skipped\n", passed, failed, skipped))
        quit(status = if (failed > 0) 1L else 0L)
    '
