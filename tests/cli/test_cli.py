#!/usr/bin/env python3
"""The almen program as a whole: every command's --help, the man page covering every
command and exit code, the report's text summary, its HTML and files, the progress bar
only on a terminal, and the exit codes of bad input and bad usage.

    test_cli.py ALMEN SOURCE_ROOT

Standard library only (any python3). Exit 0 when every check passes."""

import os
import pty
import re
import subprocess
import sys
import tempfile

ALMEN, ROOT = sys.argv[1], sys.argv[2]
FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print("FAIL:", what)


def run(*args, stdin=None, stderr=subprocess.PIPE):
    return subprocess.run([ALMEN, *args], stdout=subprocess.PIPE, stderr=stderr,
                          stdin=stdin or subprocess.DEVNULL, timeout=300)


def text(p, stream="stdout"):
    return getattr(p, stream).decode("utf-8")


# ---- the command list and every --help ---------------------------------------------------

top = run("--help")
check(top.returncode == 0 and not top.stderr, "almen --help exits 0 quietly")
commands = re.findall(r"^  ([a-z]+) {2,}\S", text(top).split("Commands:")[1], re.M)
check(len(commands) >= 12 and "report" in commands, "almen --help lists the commands: %s" % commands)
for cmd in commands:
    for flag in ("--help", "-h"):
        p = run(cmd, flag)
        check(p.returncode == 0, "almen %s %s exits 0" % (cmd, flag))
        check(text(p).startswith("usage: almen " + cmd), "almen %s %s starts with its usage" % (cmd, flag))
        check(not p.stderr, "almen %s %s writes nothing on stderr" % (cmd, flag))
    # --help anywhere among the arguments still only helps
    p = run(cmd, "no-such-file.yaml", "--help")
    check(p.returncode == 0 and text(p).startswith("usage:"), "almen %s FILE --help helps" % cmd)

p = run()
check(p.returncode == 64 and text(p, "stderr").startswith("usage: almen"), "almen alone: usage, 64")
p = run("no-such-command")
check(p.returncode == 64 and "unknown command" in text(p, "stderr"), "unknown command: 64")
p = run("--version")
check(p.returncode == 0 and text(p).startswith("almen "), "almen --version")

# ---- the man page covers every command and exit code -------------------------------------

with open(os.path.join(ROOT, "docs", "almen.1"), encoding="utf-8") as f:
    man = f.read()
for cmd in commands:
    check(re.search(r"^\.SS %s$" % cmd, man, re.M), "docs/almen.1 has a section for %s" % cmd)
for code in ("0", "1", "2", "64", "70", "130"):
    check(re.search(r"^\.B %s$" % code, man, re.M), "docs/almen.1 documents exit code %s" % code)
for option in re.findall(r"(--[a-z-]+)", text(run("report", "--help"))):
    check(option.replace("-", r"\-") in man, "docs/almen.1 names almen report %s" % option)

# ---- the report: text when piped, HTML on request or to a file ---------------------------

p = run("report", "--no-simulate")
out = text(p)
check(p.returncode == 0 and not p.stderr, "almen report: exit 0, nothing on stderr")
check(out.startswith("Eksempelby (municipality 999, region Syddanmark): 30 departments, "
                     "3 districts, 5 housing areas\n"), "the summary's first line")
check("\nDistrict Nord\n" in out and "  municipality total " in out, "the summary's tables")
check("\nStatutory lists 2025\n" in out, "the summary's statutory lists")
check("<html" not in out, "piped without --html: text")
# the example's municipal total, worked from data/eksempelby.yaml by `almen aggregate`
agg = text(run("aggregate", "--level", "municipality", "--no-suppress")).splitlines()
head, last = agg[0].split(","), agg[-1].split(",")
row = dict(zip(head, last))
check(re.search(r"\n  municipality total +%s +%s +%.1f " % (row["dwellings"], row["residents"],
                                                             float(row["outside_labour_pct"])), out),
      "the municipal total agrees with almen aggregate")

p = run("report", "--html", "--no-simulate")
check(text(p).startswith("<!DOCTYPE html>") and text(p).endswith("</html>\n"), "--html on stdout")
with tempfile.TemporaryDirectory() as tmp:
    html = os.path.join(tmp, "r.html")
    p = run("report", "-o", html, "--no-simulate", "--title", "Board & co")
    check(p.returncode == 0 and not p.stdout, "-o FILE: nothing on stdout")
    with open(html, encoding="utf-8") as f:
        doc = f.read()
    check(doc.startswith("<!DOCTYPE html>") and "<h1>Board &amp; co</h1>" in doc, "-o FILE: HTML, title escaped")
    again = os.path.join(tmp, "again.html")
    run("report", "-o", again, "--no-simulate", "--title", "Board & co")
    with open(again, encoding="utf-8") as f:
        check(f.read() == doc, "two runs give the same bytes")
    txt = os.path.join(tmp, "r.txt")
    p = run("report", "-o", txt, "--text", "--no-simulate")
    with open(txt, encoding="utf-8") as f:
        check(f.read() == out, "--text -o FILE writes the summary")
    # a case file of its own, written by convert
    case = os.path.join(tmp, "case.yaml")
    check(run("convert", "-o", case).returncode == 0, "convert writes the example")
    p = run("report", case, "--no-simulate", "--sections", "overview")
    check(p.returncode == 0 and text(p).startswith("Eksempelby"), "report CASE.yaml")

# the simulation: quiet when stderr is not a terminal, a bar when it is
p = run("report", "--runs", "40")
check(p.returncode == 0 and not p.stderr, "simulating with stderr piped: no progress bar")
check("\nLetting simulation, 40 runs:" in text(p), "the summary has the simulation")
master, slave = pty.openpty()
p = run("report", "--runs", "40", stderr=slave)
os.close(slave)
bar = b""
try:
    while True:
        chunk = os.read(master, 4096)
        if not chunk:
            break
        bar += chunk
except OSError:
    pass
os.close(master)
bar = bar.decode("utf-8", "replace")
check(p.returncode == 0 and "simulating [" in bar and "100.0 %" in bar,
      "simulating with stderr on a terminal: a progress bar (%r)" % bar[-80:])

# ---- bad input and bad usage --------------------------------------------------------------

def usage(*args):
    p = run("report", "--no-simulate", *args)
    check(p.returncode == 64 and "Try 'almen report --help'" in text(p, "stderr"),
          "almen report %s: usage error 64" % " ".join(args))


usage("--years", "2025-2020")
usage("--years", "next")
usage("--sections", "overview,nosuch")
usage("--as-of", "2025-02-30")
usage("--min-persons", "-1")
usage("--runs", "0")
usage("--html", "--text")
usage("--no-such-option")
usage("one.yaml", "two.yaml")
usage("-o")
p = run("report", "no-such-file.yaml")
check(p.returncode == 2 and text(p, "stderr").startswith("almen: no-such-file.yaml"), "missing case: 2")
# invalid cases (tests/data/bad/EXPECTED.tsv): 2, and the place of the problem
bad = os.path.join(ROOT, "tests", "data", "bad")
for name, place in (("duplicate_key.yaml", r":\d+:\d+: "), ("district_conflict.yaml", r":\d+:\d+: "),
                    ("empty.yaml", r": ")):
    path = os.path.join(bad, name)
    p = run("report", path, "--no-simulate")
    check(p.returncode == 2 and re.match(r"almen: " + re.escape(path) + place, text(p, "stderr")),
          "invalid case %s: 2 with its place (%s)" % (name, text(p, "stderr").strip()))

print("%d failure(s)" % len(FAILURES))
sys.exit(1 if FAILURES else 0)
