#!/bin/sh
# Stages a complete, self-contained source package of the almen R binding:
#
#   bindings/r/stage.sh OUT_DIR
#
# writes OUT_DIR/almen: the package sources from bindings/r plus the SWIG wrapper generated
# from bindings/swig/almen.i (src/almen_wrap.c, R/almen_swig.R), with the version taken from
# include/almen/version.h. Build a tarball from it with `R CMD build OUT_DIR/almen`; that
# tarball needs no SWIG, only libalmen (found with pkg-config by its configure script).
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)/almen

rm -rf "$out"
mkdir -p "$out/src"
for item in DESCRIPTION NAMESPACE LICENSE .Rbuildignore configure cleanup R man tests tools; do
    cp -R "$here/$item" "$out/$item"
done
cp "$here/src/Makevars.in" "$out/src/"
# Leftovers of an in-tree install are not sources.
rm -f "$out/R/almen_swig.R"

# The hand-worked fixture shared with the C and Python tests.
if [ -f "$root/tests/data/tiny.yaml" ]; then
    mkdir -p "$out/tests/testthat/fixtures"
    cp "$root/tests/data/tiny.yaml" "$out/tests/testthat/fixtures/"
fi

sh "$here/tools/swig-r.sh" "$root/bindings/swig" "$root/include" "$out"

version=$(sed -n 's/^#define ALMEN_VERSION_STRING "\(.*\)"$/\1/p' "$root/include/almen/version.h")
if [ -n "$version" ]; then
    sed "s/^Version: .*/Version: $version/" "$out/DESCRIPTION" > "$out/DESCRIPTION.new"
    mv "$out/DESCRIPTION.new" "$out/DESCRIPTION"
fi
chmod +x "$out/configure" "$out/cleanup"
echo "$out"
