#!/usr/bin/env python3
"""Checks of the public headers and the exported symbols, run by `meson test` (suite
headers). The headers are found at test time (include/almen/*.h), so a new module's header
is covered without touching this file or meson.

  check.py headers --include DIR --cc CC... [--cxx CXX...]
      Compiles every header alone, as C11 and as C++11, with -pedantic -Wall -Wextra
      -Werror (and -Wstrict-prototypes -Wundef for C), once and included twice (its include
      guard). Each header must also be included by almen/almen.h and installed
      (install_headers in lib/meson.build).

  check.py symbols --include DIR --lib LIBALMEN.so --cc CC... [--cxx CXX...]
                   [--cflags FLAGS]
      Every function declared ALMEN_EXTERN is exported by the shared library, and every
      exported symbol is declared. Then a generated program that takes the address of
      every declared function is compiled as C and as C++ and linked against the library
      (a missing definition, or C++ linkage without ALMEN_BEGIN_DECLS, fails to link)
      and run.

Compiler arguments are lists (meson passes e.g. "ccache cc"); --cc and --cxx take the
rest of the arguments up to the next option.
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile

C_FLAGS = ["-std=c11", "-pedantic", "-Wall", "-Wextra", "-Werror", "-Wstrict-prototypes",
           "-Wundef"]
CXX_FLAGS = ["-std=c++11", "-pedantic", "-Wall", "-Wextra", "-Werror", "-Wundef"]


def parse_args(argv):
    opts, key = {"cc": [], "cxx": [], "cflags": []}, None
    for a in argv:
        if a.startswith("--"):
            key = a[2:]
            opts.setdefault(key, [])
        elif key is None:
            opts.setdefault("mode", []).append(a)
        else:
            opts[key].extend(shlex.split(a) if key in ("cc", "cxx", "cflags") else [a])
    return opts


def public_headers(include_dir):
    d = os.path.join(include_dir, "almen")
    return sorted(h for h in os.listdir(d) if h.endswith(".h"))


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))


DECL = re.compile(r"\bALMEN_EXTERN\b([^;{}]*?)\b(almen_\w+)\s*\(", re.S)


def declared_functions(include_dir, failures=None):
    """name -> header, for every ALMEN_EXTERN declaration. A function declared without
    ALMEN_EXTERN (hidden by -fvisibility=hidden, so it would not link) is a failure."""
    names = {}
    for h in public_headers(include_dir):
        with open(os.path.join(include_dir, "almen", h), encoding="utf-8") as f:
            text = strip_comments(f.read())
        for m in DECL.finditer(text):
            names[m.group(2)] = h
        for stmt in text.split(";"):
            stmt = stmt.rsplit("}", 1)[-1].strip()
            m = re.search(r"\b(almen_\w+)\s*\(", stmt)
            if (m and failures is not None and "ALMEN_EXTERN" not in stmt
                    and not stmt.startswith("typedef")):
                failures.append("%s in almen/%s is declared without ALMEN_EXTERN" % (m.group(1), h))
    return names


def umbrella_closure(include_dir):
    """The headers almen/almen.h includes, directly or through each other."""
    seen, todo = set(), ["almen.h"]
    while todo:
        h = todo.pop()
        if h in seen:
            continue
        seen.add(h)
        path = os.path.join(include_dir, "almen", h)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                todo.extend(re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M))
    return seen


def run(cmd, what, failures, cwd=None):
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        failures.append("%s:\n  $ %s\n%s%s" % (what, " ".join(cmd), r.stdout, r.stderr))
    return r


def check_headers(opts, failures):
    inc = opts["include"][0]
    headers = public_headers(inc)
    root = os.path.dirname(os.path.abspath(inc))
    reachable = umbrella_closure(inc)
    with open(os.path.join(root, "lib", "meson.build"), encoding="utf-8") as f:
        lib_meson = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        for h in headers:
            if h not in reachable:
                failures.append("%s is not included by almen/almen.h" % h)
            if "include/almen/%s'" % h not in lib_meson:
                failures.append("%s is not installed (install_headers in lib/meson.build)" % h)
            for twice in (False, True):
                src = "#include <almen/%s>\n" % h
                if twice:
                    src += src
                src += "int almen_header_test_dummy;\n"  # ISO C forbids an empty unit
                for lang, compiler, flags, ext in (("C11", opts["cc"], C_FLAGS, "c"),
                                                   ("C++11", opts["cxx"], CXX_FLAGS, "cpp")):
                    if not compiler:
                        continue
                    path = os.path.join(tmp, "t.%s" % ext)
                    with open(path, "w") as f:
                        f.write(src)
                    run(compiler + flags + ["-fsyntax-only", "-I", inc, path],
                        "almen/%s alone%s as %s" % (h, " (twice)" if twice else "", lang),
                        failures)
    print("headers: %d public headers compiled alone as C11%s" %
          (len(headers), " and C++11" if opts["cxx"] else " (no C++ compiler: C++ skipped)"))


def exported_symbols(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] != "A":  # A: the version node (ALMEN_0)
            syms[parts[2].split("@")[0]] = parts[1]
    return syms


def check_symbols(opts, failures):
    inc, lib = opts["include"][0], opts["lib"][0]
    declared = declared_functions(inc, failures)
    exported = exported_symbols(lib)
    for name in sorted(set(declared) - set(exported)):
        failures.append("%s (declared in almen/%s) is not exported by %s" %
                        (name, declared[name], os.path.basename(lib)))
    for name in sorted(set(exported) - set(declared)):
        failures.append("%s is exported (nm type %s) but declared ALMEN_EXTERN in no public "
                        "header" % (name, exported[name]))
    for name in sorted(exported):
        if exported[name] not in ("T", "W"):
            failures.append("%s is exported as data (nm type %s): the ABI exports functions only"
                            % (name, exported[name]))

    names = sorted(declared)
    body = "".join("#include <almen/%s>\n" % h for h in public_headers(inc))
    body += "#include <stdio.h>\n\ntypedef void (*almen_fn)(void);\n"
    body += "static const almen_fn every_function[] = {\n"
    body += "".join("    (almen_fn)%s,\n" % n for n in names)
    body += "};\n\nint main(void)\n{\n"
    body += "    size_t n = sizeof every_function / sizeof every_function[0], bad = 0;\n"
    body += "    for (size_t i = 0; i < n; i++)\n        if (!every_function[i]) bad++;\n"
    body += '    printf("%zu functions resolved, %zu null\\n", n, bad);\n'
    body += "    return bad != 0;\n}\n"
    libdir = os.path.dirname(os.path.abspath(lib))
    with tempfile.TemporaryDirectory() as tmp:
        for lang, compiler, flags, ext in (("C", opts["cc"], C_FLAGS, "c"),
                                           ("C++", opts["cxx"], CXX_FLAGS, "cpp")):
            if not compiler:
                continue
            src, exe = os.path.join(tmp, "refs.%s" % ext), os.path.join(tmp, "refs-%s" % ext)
            with open(src, "w") as f:
                f.write(body)
            r = run(compiler + flags + opts["cflags"] + ["-I", inc, src, "-o", exe, "-L", libdir,
                    "-Wl,-rpath," + libdir, "-lalmen"], "referencing every function from %s" % lang,
                    failures)
            if r.returncode == 0:
                r = run([exe], "running the %s program that references every function" % lang,
                        failures)
                print("symbols (%s): %s" % (lang, r.stdout.strip()))
    print("symbols: %d declared, %d exported" % (len(declared), len(exported)))


def main():
    opts = parse_args(sys.argv[1:])
    failures = []
    mode = opts.get("mode", [""])[0]
    if mode == "headers":
        check_headers(opts, failures)
    elif mode == "symbols":
        check_symbols(opts, failures)
    else:
        sys.exit("usage: check.py headers|symbols --include DIR [--lib SO] --cc CC [--cxx CXX]")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
