#!/usr/bin/env python3
"""The report of the embedded example as a browser sees it: headless Chromium loads the
HTML file offline, and its DOM is checked for the sections and charts — not only that they
exist: each area has one chart per indicator with one line of its own and one of the
municipality, with a point per year, and the points sit where the axis says the key-figure
table's values are. Chromium also prints the report to PDF and takes a screenshot (kept in
the build directory, for a person to look at).

    test_chromium.py ALMEN OUTDIR

Exit 77 (meson: skipped) when Chromium is not installed, unless ALMEN_REQUIRE_CHROMIUM=1.
Standard library only."""

import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

ALMEN, OUTDIR = sys.argv[1], sys.argv[2]
SKIP = 77
FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print("FAIL:", what)


browser = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not browser:
    print("chromium not found (Debian: apt-get install chromium)")
    sys.exit(1 if os.environ.get("ALMEN_REQUIRE_CHROMIUM") == "1" else SKIP)

os.makedirs(OUTDIR, exist_ok=True)
report = os.path.join(OUTDIR, "report.html")
subprocess.run([ALMEN, "report", "-o", report, "--runs", "100"], check=True, timeout=300,
               stderr=subprocess.DEVNULL)


def chromium(*args):
    """Chromium headless, offline-minded, with a throw-away profile."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--user-data-dir=" + profile, *args, "file://" + report]
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)


# ---- the DOM as Chromium built it ------------------------------------------------------------

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def find_all(self, tag=None, cls=None, **attrs):
        out = []
        for c in self.children:
            if ((tag is None or c.tag == tag) and (cls is None or cls in c.attrs.get("class", "").split())
                    and all(c.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())):
                out.append(c)
            out.extend(c.find_all(tag, cls, **attrs))
        return out

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)


VOID = {"meta", "br", "img", "input", "link", "hr", "line", "circle", "path", "rect"}


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.cur = Node("#root", [], None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text += data


p = chromium("--dump-dom")
check(p.returncode == 0 and b"<html" in p.stdout[:100], "chromium --dump-dom: %r" % p.stderr[-300:])
builder = Builder()
builder.feed(p.stdout.decode("utf-8"))
dom = builder.root

title = dom.find_all("title")
check(title and title[0].all_text() == "Social housing in Eksempelby", "the document title")
check(not dom.find_all("script") and not dom.find_all("link") and not dom.find_all("img"),
      "no scripts, stylesheets or images to fetch")
ids = {n.attrs["id"] for n in dom.find_all() if "id" in n.attrs}
for a in dom.find_all("a"):
    href = a.attrs.get("href", "")
    check(href.startswith("#") and href[1:] in ids, "link %s points into the page" % href)

# the parts: overview, municipality, 3 districts with 5 areas, the chapters, the notes
check(len(dom.find_all("section", id="overview")) == 1, "an overview")
areas = dom.find_all("section", cls="area")
check(len(areas) == 5, "five housing areas (%d)" % len(areas))
check(len(dom.find_all("section", cls="district")) == 3, "three districts")
for d in dom.find_all("section", cls="district"):
    check(all(c.parent is d for c in d.find_all("section", cls="area")), "areas sit in their district")
for chapter in ("agreements", "renovation", "mix", "simulation"):
    check(len(dom.find_all("section", id="chapter-" + chapter)) == 1, "the %s chapter" % chapter)
overview_rows = dom.find_all("table", cls="overview-table")[0].find_all("tr")
check(len(overview_rows) == 1 + 3 + 5 + 1, "overview: a header, 3 districts, 5 areas, the total")

INDICATORS = ["outside_labour_pct", "convicted_pct", "basic_education_pct", "nonwestern_pct",
              "average_income"]
LABELS = {"outside_labour_pct": "Outside labour market and education", "convicted_pct": "Convicted",
          "basic_education_pct": "Only basic schooling", "nonwestern_pct": "Non-western background",
          "average_income": "Average gross income"}


def vertices(path):
    return re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", path.attrs.get("d", ""))


def number(s):
    return float(s.replace("\u202f", "").replace(" %", "").replace(" kr", "").replace("\u2212", "-"))


def figures_value(area, label, year):
    """The key-figure table's cell of this row label and year."""
    table = [t for t in area.find_all("table", cls="figures")][0]
    years = [th.all_text() for th in table.find_all("thead")[0].find_all("th")]
    col = years.index(str(year))
    for tr in table.find_all("tr"):
        th = tr.find_all("th")
        if th and th[0].all_text().startswith(label):
            return number(tr.find_all("td")[col - 1].all_text())
    raise KeyError(label)


for area in areas:
    name = area.attrs["data-unit"]
    trends = [f for f in area.find_all("figure", cls="trend") if "fan" not in f.attrs["class"].split()
              and "probability" not in f.attrs["class"].split()]
    check([f.attrs["data-indicator"] for f in trends] == INDICATORS, "%s: one chart per indicator" % name)
    for fig in trends:
        ind = fig.attrs["data-indicator"]
        svg = fig.find_all("svg")
        check(len(svg) == 1, "%s/%s: one svg" % (name, ind))
        own = svg[0].find_all("g", cls="s-unit")
        ref = svg[0].find_all("g", cls="reference")
        check(len(own) == 1 and len(ref) == 1, "%s/%s: the area's line and the municipality's" % (name, ind))
        own_path = own[0].find_all("path")
        ref_path = ref[0].find_all("path")
        check(len(own_path) == 1 and len(vertices(own_path[0])) == 6, "%s/%s: 6 years in the line" % (name, ind))
        check(len(ref_path) == 1 and len(vertices(ref_path[0])) == 6, "%s/%s: 6 years for the municipality" % (name, ind))
        check(len(own[0].find_all("circle")) == 6, "%s/%s: a point per year" % (name, ind))
        check(not ref[0].find_all("circle"), "%s/%s: no points on the municipal line" % (name, ind))
        # the point for 2025 is where the y axis puts the table's 2025 value
        ticks = [(float(t.attrs["y"]) - 3.5, number(t.all_text()))
                 for t in svg[0].find_all("g", cls="y-axis")[0].find_all("text")]
        (y0, v0), (y1, v1) = ticks[0], ticks[-1]
        cy = float(own[0].find_all("circle")[-1].attrs["cy"])
        value = v0 + (cy - y0) / (y1 - y0) * (v1 - v0)
        table = figures_value(area, LABELS[ind], 2025)
        tol = abs(v1 - v0) / abs(y1 - y0) * 0.1 + (0.5 if ind == "average_income" else 0.05)
        check(abs(value - table) <= tol, "%s/%s: point %.3f vs table %.3f" % (name, ind, value, table))
    # thresholds of the latest list year in the outside-labour chart: 40 % and 30 %
    lab = trends[0].find_all("g", cls="threshold")
    check(sorted(float(g.attrs["data-value"]) for g in lab) == [30.0, 40.0], "%s: the 30 %% and 40 %% lines" % name)
    # the simulation's fans and list probability
    check(len(area.find_all("figure", cls="fan")) == 5, "%s: a fan chart per indicator" % name)
    prob = area.find_all("figure", cls="probability")
    check(len(prob) == 1 and len(prob[0].find_all("g", cls="series")) == 2, "%s: list probability of 2 variants" % name)

# Vestergården's classification: ten criterion rows, the forebyggelse badge
v = [a for a in areas if a.attrs["data-unit"] == "vestergaarden"][0]
check(len(v.find_all("table", cls="criteria")[0].find_all("tbody")[0].find_all("tr")) == 10, "ten criteria rows")
check(v.find_all("span", cls="b-forebyggelsesomraade"), "Vestergården is a forebyggelsesområde")

# ---- printed to PDF, and a screenshot ----------------------------------------------------------

pdf = os.path.join(OUTDIR, "report.pdf")
p = chromium("--print-to-pdf=" + pdf, "--no-pdf-header-footer")
with open(pdf, "rb") as f:
    data = f.read()
pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
check(data.startswith(b"%PDF") and pages >= 8, "printed to PDF: %d A4 pages" % pages)
png = os.path.join(OUTDIR, "report.png")
p = chromium("--screenshot=" + png, "--window-size=1000,2400", "--hide-scrollbars")
with open(png, "rb") as f:
    check(f.read(8) == b"\x89PNG\r\n\x1a\n", "a screenshot")

print("%d failure(s); report, PDF and screenshot in %s" % (len(FAILURES), OUTDIR))
sys.exit(1 if FAILURES else 0)
