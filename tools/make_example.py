#!/usr/bin/env python3
"""Generate the synthetic example municipality "Eksempelby" for libalmen.

Eksempelby is *synthetic*: no real persons, places, housing organisations or
departments are described. The numbers are drawn from a fixed-seed random
generator around the national figures in the domain note
(/work/shared/domain/README.md) so that the example looks like Danish social
housing and exercises the library:

* municipality 999 (an unused code), region Syddanmark;
* 3 districts, 5 housing areas, 3 housing organisations ("401", "402", "403"),
  30 departments, some outside any area (no ``area`` key), two without any
  district, and several small ones (< 100 residents or < 50 households) for the
  privacy suppression;
* every figure field of docs/case-format.md for every department and year
  2020-2025. Counts are whole numbers, parts never exceed their wholes,
  ``outside_labour_fte`` is in steps of 0.25, ``income_sum`` in whole hundreds
  of kroner. Households = dwellings - vacancies; lettings = move-outs +
  vacancies(1 Jan) - vacancies(next 1 Jan), so the turnover is consistent.

The five areas are built for the statutory lists (dk-2021 rules, domain note
section 3; reference values are the constants below):

* ``vestergaarden`` (Vestergården), ~2,550-2,600 residents: outside labour > 40 % and
  income < 55 % of the region = exactly 2 of 4 udsat criteria in 2020-2024;
  the income ratio passes 55 % in 2025 (1 of 4: leaves the udsat list, meets
  the forebyggelse test). Non-western share crosses 50 % and back
  (48.4 -> 51.2 -> 49.7 %), so it is a parallelsamfund in 2022-2024 only.
* ``engparken`` (Engparken), ~1,700 residents: non-western 35-38 %, outside
  labour 36-39 % and income 57-59 % of the region: 0 of 4 udsat, 2 of 4 at the
  forebyggelse thresholds - a forebyggelse area close to tipping.
* ``lindelunden`` (Lindelunden), ~770 residents: 3 of 4 udsat criteria and
  non-western > 50 %, but below 1,000 residents, so not a housing area in the
  statutory sense.
* ``skovbrynet`` and ``havnekvarteret``: ordinary areas.

Trajectories are smooth: the interesting areas follow the hand-designed yearly
targets in AREA_TARGETS; ordinary areas and departments outside areas follow a
level plus a slope plus AR(1) noise. Department values vary around their area's
value (by dwelling type and a fixed department effect plus small yearly noise)
and are calibrated and rounded (largest remainder) so that the area's ratio of
sums equals the target to within one person.

The output depends only on FIXED_SEED and this file: one random.Random stream
is drawn in a fixed order; no dict/set iteration order, hash, clock or locale is
used. Running the script twice gives byte-identical files.

Regenerate (from the repository root)::

    python3 tools/make_example.py --all

writes data/eksempelby.yaml, tests/data/eksempelby_figures.csv and
tests/data/eksempelby_nofigures.yaml. Both case files carry a ``references``
section (national share convicted 0.725 %; Syddanmark's average income
330,000 kr in 2020, +2.5 % a year) for the statutory classification. Other uses::

    python3 tools/make_example.py > data/eksempelby.yaml   # the case on stdout
    python3 tools/make_example.py --yaml F --csv F --nofigures F
    python3 tools/make_example.py --summary    # area statistics and list tests

The design is checked on every run (check_design); a change of seed or
parameters that breaks the intended statuses stops the script with an error.
"""

import argparse
import math
import os
import random
import sys

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

FIXED_SEED = 20211130          # L 23 (the 2021 rules) came into force 30 Nov 2021

YEARS = list(range(2020, 2026))

# Reference values the statutory criteria compare with. Assumptions for the
# synthetic example, not official figures; written into the case file's
# `references` section (docs/classification.md), which the classifier reads.
REGION = "Syddanmark"
REGION_AVERAGE_INCOME_2020 = 330000.0   # kr/year, taxpayers 15-64 excl. students
REGION_AVERAGE_INCOME_GROWTH = 0.025    # per year
REGION_AVERAGE_INCOME = {
    y: round(REGION_AVERAGE_INCOME_2020 * (1 + REGION_AVERAGE_INCOME_GROWTH) ** (y - 2020))
    for y in YEARS}
# National share of residents 18+ convicted, per cent (domain note: the 2x
# threshold was 1.45 % in 2022, so the average is about 0.725 %).
NATIONAL_CONVICTED_PCT = {y: 0.725 for y in YEARS}

# dk-2021 thresholds (domain note section 3), used only by the design check
# and the summary.
UDSAT_OUTSIDE_PCT = 40.0          # > (2-year average)
UDSAT_CONVICTED_FACTOR = 3.0      # >= factor x national (2-year average)
UDSAT_BASIC_PCT = 60.0            # >
UDSAT_INCOME_RATIO_PCT = 55.0     # <
FOREBYG_OUTSIDE_PCT = 30.0
FOREBYG_CONVICTED_FACTOR = 2.0
FOREBYG_BASIC_PCT = 60.0
FOREBYG_INCOME_RATIO_PCT = 65.0
PARALLEL_NONWESTERN_PCT = 50.0    # >
FOREBYG_NONWESTERN_PCT = 30.0     # >
MIN_AREA_RESIDENTS = 1000         # >=

# Figure fields. FIGURE_FIELDS_YAML is the order of the example in the
# "Layout" section of docs/case-format.md (used in the YAML);
# FIGURE_FIELDS_TABLE is the order of the "Figure fields" table (used in the
# CSV header).
FIGURE_FIELDS_YAML = [
    "residents", "households", "residents_18_64", "outside_labour_fte",
    "residents_18plus", "convicted", "residents_30_59", "basic_education",
    "taxpayers_15_64", "income_sum", "nonwestern", "vacancies", "move_outs",
    "lettings", "evictions"]
FIGURE_FIELDS_TABLE = [
    "residents", "households", "vacancies", "move_outs", "lettings", "evictions",
    "residents_18_64", "outside_labour_fte", "residents_18plus", "convicted",
    "residents_30_59", "basic_education", "taxpayers_15_64", "income_sum",
    "nonwestern"]

MUNICIPALITY = {"code": 999, "name": "Eksempelby", "region": REGION}

DISTRICTS = [("nord", "Nord"), ("midt", "Midtbyen"), ("syd", "Syd")]

# id, name, district
AREAS = [
    ("vestergaarden", "Vestergården", "syd"),
    ("engparken", "Engparken", "nord"),
    ("lindelunden", "Lindelunden", "syd"),
    ("skovbrynet", "Skovbrynet", "nord"),
    ("havnekvarteret", "Havnekvarteret", "midt"),
]

ORGANISATIONS = [
    ("401", "Eksempelby Boligselskab"),
    ("402", "Boligforeningen Fællesbo"),
    ("403", "Ungdoms- og Familieboliger Eksempelby"),
]

# organisation, number, name, area, district key, family, youth, elderly,
# year built. district key: True = write the area's district too, a string =
# the department's own district (outside areas), None = no district key.
DEPARTMENTS = [
    ("401", 1, "Vestergården I", "vestergaarden", None, 320, 0, 0, 1969),
    ("401", 2, "Vestergården II", "vestergaarden", True, 280, 0, 0, 1971),
    ("401", 3, "Vestergårdens Ældreboliger", "vestergaarden", None, 0, 0, 30, 1992),
    ("401", 7, "Enghaven", "engparken", None, 200, 0, 0, 1982),
    ("401", 10, "Lindelunden", "lindelunden", True, 180, 0, 0, 1967),
    ("401", 11, "Lindely", "lindelunden", None, 40, 0, 0, 1975),
    ("401", 20, "Havnefronten", "havnekvarteret", None, 150, 0, 0, 2012),
    ("401", 21, "Havnegade", "havnekvarteret", None, 90, 0, 40, 1998),
    ("401", 30, "Kirkebakken", None, "midt", 60, 0, 0, 1958),
    ("401", 31, "Møllehaven", None, "nord", 22, 0, 0, 1949),
    ("401", 32, "Rosenhaven", None, "midt", 0, 0, 36, 1988),
    ("402", 5, "Vestergårdsparken", "vestergaarden", None, 260, 20, 0, 1972),
    ("402", 6, "Vestergården Øst", "vestergaarden", None, 190, 0, 0, 1974),
    ("402", 10, "Engparken I", "engparken", True, 300, 0, 0, 1976),
    ("402", 11, "Engparken II", "engparken", None, 260, 0, 0, 1978),
    ("402", 14, "Lindegården", "lindelunden", None, 130, 0, 0, 1970),
    ("402", 20, "Skovparken", "skovbrynet", None, 160, 0, 0, 1995),
    ("402", 25, "Pakhusene", "havnekvarteret", True, 140, 0, 0, 2018),
    ("402", 30, "Bøgely", None, "syd", 110, 0, 0, 1984),
    ("402", 31, "Solsikken", None, "nord", 75, 12, 0, 2008),
    ("402", 32, "Åbrinken", None, None, 48, 0, 0, 1963),
    ("403", 1, "Engparken Ungdomsboliger", "engparken", None, 0, 60, 0, 1980),
    ("403", 4, "Skovbrynet I", "skovbrynet", True, 220, 0, 0, 1986),
    ("403", 5, "Skovbrynet II", "skovbrynet", None, 180, 0, 24, 1990),
    ("403", 6, "Skovbrynet Ungdomsboliger", "skovbrynet", None, 0, 48, 0, 2004),
    ("403", 10, "Havnekollegiet", "havnekvarteret", None, 0, 220, 0, 2015),
    ("403", 20, "Grønnegården", None, "midt", 95, 0, 0, 1978),
    ("403", 21, "Stationskollegiet", None, "midt", 0, 30, 0, 2001),
    ("403", 22, "Fælledvej", None, "syd", 130, 0, 0, 1992),
    ("403", 23, "Bakkely", None, None, 70, 0, 20, 2010),
]

# The five shares behind the criteria: (name, numerator, denominator).
# "income" is the average income as per cent of the regional average.
SHARES = ["outside", "convicted", "basic", "income", "nonwestern"]

# Hand-designed area trajectories, per cent, 2020..2025 (see the docstring).
AREA_TARGETS = {
    "vestergaarden": {
        "outside":    [44.6, 43.9, 43.1, 42.5, 41.9, 41.4],
        "convicted":  [1.72, 1.66, 1.61, 1.58, 1.55, 1.52],
        "basic":      [53.5, 52.8, 52.0, 51.6, 51.0, 50.4],
        "income":     [51.2, 52.1, 53.0, 53.8, 54.5, 55.6],
        "nonwestern": [48.4, 49.5, 50.7, 51.2, 50.6, 49.7],
    },
    "engparken": {
        "outside":    [36.2, 36.8, 37.5, 37.9, 38.3, 38.6],
        "convicted":  [1.18, 1.22, 1.25, 1.31, 1.34, 1.38],
        "basic":      [47.0, 46.5, 46.2, 45.8, 45.1, 44.9],
        "income":     [58.9, 58.4, 58.0, 57.6, 57.1, 56.8],
        "nonwestern": [34.8, 35.6, 36.3, 37.1, 37.6, 38.2],
    },
    "lindelunden": {
        "outside":    [46.5, 47.2, 46.8, 46.1, 45.7, 45.2],
        "convicted":  [2.90, 2.80, 2.85, 2.70, 2.65, 2.60],
        "basic":      [58.0, 58.5, 59.0, 58.6, 58.2, 57.9],
        "income":     [49.5, 49.9, 50.2, 50.6, 50.9, 51.3],
        "nonwestern": [57.5, 58.0, 58.4, 58.1, 57.7, 57.2],
    },
}

# Level in 2020 and yearly slope (per cent points) of ordinary areas and of
# departments outside areas, by profile; noise is added on top.
PROFILES = {
    "ordinary":   {"outside": (22.0, -0.3), "convicted": (0.70, -0.01),
                   "basic": (31.0, -0.4), "income": (82.0, 0.3),
                   "nonwestern": (14.0, 0.3)},
    "harbour":    {"outside": (16.0, -0.2), "convicted": (0.50, 0.0),
                   "basic": (22.0, -0.3), "income": (92.0, 0.2),
                   "nonwestern": (17.0, 0.2)},
    "older":      {"outside": (29.0, -0.2), "convicted": (0.95, -0.01),
                   "basic": (42.0, -0.5), "income": (68.0, 0.3),
                   "nonwestern": (21.0, 0.4)},
}
AREA_PROFILE = {"skovbrynet": "ordinary", "havnekvarteret": "harbour"}
# Departments outside areas: older estates (built before 1970) get "older".

# Per-area demography: residents per family dwelling (2020), its yearly
# change, share of family-dwelling residents aged 18+, and 65+.
DEMOGRAPHY = {
    "vestergaarden":  (2.30, 0.004, 0.64, 0.06),
    "engparken":      (2.20, 0.002, 0.67, 0.07),
    "lindelunden":    (2.25, 0.000, 0.65, 0.07),
    "skovbrynet":     (2.10, -0.003, 0.70, 0.09),
    "havnekvarteret": (2.00, -0.002, 0.74, 0.08),
    None:             (2.05, -0.003, 0.73, 0.12),
}
# Per dwelling type: residents per dwelling, share 18+, share 18-64,
# share of 18-64 aged 30-59, taxpayers (excl. students) per resident 18-64,
# residents 15-17 per resident (taxpayers too), yearly move-out rate,
# floor area per dwelling (m²).
TYPE_PARAMS = {
    "family":  {"pph": None, "adult": None, "work": None, "mid": 0.58,
                "tax": 0.86, "teen": 0.03, "turnover": 0.10, "m2": 80.0},
    "youth":   {"pph": 1.10, "adult": 0.98, "work": 0.97, "mid": 0.06,
                "tax": 0.28, "teen": 0.0, "turnover": 0.40, "m2": 44.0},
    "elderly": {"pph": 1.30, "adult": 1.00, "work": 0.12, "mid": 0.50,
                "tax": 0.95, "teen": 0.0, "turnover": 0.12, "m2": 66.0},
}
TYPES = ["family", "youth", "elderly"]
# How each share of a dwelling type relates to the family-dwelling level.
TYPE_FACTOR = {
    "outside":    {"family": 1.0, "youth": 0.35, "elderly": 1.5},
    "convicted":  {"family": 1.0, "youth": 0.6, "elderly": 0.2},
    "basic":      {"family": 1.0, "youth": 0.5, "elderly": 1.3},
    "income":     {"family": 1.0, "youth": 0.75, "elderly": 0.7},
    "nonwestern": {"family": 1.0, "youth": 0.6, "elderly": 0.4},
}
VULNERABLE_AREAS = ["vestergaarden", "engparken", "lindelunden"]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def poisson(rng, lam):
    """Poisson draw (Knuth), deterministic given rng."""
    if lam <= 0:
        return 0
    limit = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def ar1(rng, n, sd, phi=0.7):
    """n values of a stationary AR(1) process with standard deviation sd."""
    out = []
    e = rng.gauss(0.0, sd)
    for _ in range(n):
        out.append(e)
        e = phi * e + math.sqrt(1 - phi * phi) * rng.gauss(0.0, sd)
    return out


def round_to_total(values, total, quantum=1.0):
    """Round each value to a multiple of quantum so that they sum to total
    (largest remainder; ties broken by position)."""
    units = [v / quantum for v in values]
    floors = [math.floor(u) for u in units]
    need = int(round(total / quantum)) - sum(floors)
    order = sorted(range(len(units)), key=lambda i: (-(units[i] - floors[i]), i))
    for i in order[:max(0, need)]:
        floors[i] += 1
    return [f * quantum for f in floors]


def half_up(x):
    return int(math.floor(x + 0.5))


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

class Dept:
    def __init__(self, row):
        (self.org, self.number, self.name, self.area, dkey,
         fam, youth, eld, self.year_built) = row
        self.id = "%s-%d" % (self.org, self.number)
        self.dwellings = {"family": fam, "youth": youth, "elderly": eld}
        self.total = fam + youth + eld
        if dkey is True:
            self.district = [a[2] for a in AREAS if a[0] == self.area][0]
        else:
            self.district = dkey
        self.figures = {}


def generate():
    rng = random.Random(FIXED_SEED)
    depts = [Dept(r) for r in DEPARTMENTS]
    n = len(YEARS)

    # Level trajectories (per cent) for ordinary areas and outside departments.
    def profile_path(profile):
        path = {}
        for s in SHARES:
            level, slope = PROFILES[profile][s]
            level *= 1 + rng.gauss(0, 0.05)
            noise = ar1(rng, n, 0.012 * level)
            path[s] = [level + slope * t + noise[t] for t in range(n)]
        return path

    targets = {}
    for area_id, _, _ in AREAS:
        if area_id in AREA_TARGETS:
            targets[area_id] = AREA_TARGETS[area_id]
        else:
            targets[area_id] = profile_path(AREA_PROFILE[area_id])
    dept_level = {}
    for d in depts:
        if d.area is None:
            dept_level[d.id] = profile_path("older" if d.year_built < 1970 else "ordinary")

    # Static department properties.
    for d in depts:
        d.floor_area = half_up(sum(d.dwellings[t] * TYPE_PARAMS[t]["m2"] for t in TYPES)
                               * (1 + rng.gauss(0, 0.05)))
        # Rent by year built: older estates are cheaper, new builds dearer.
        yb = d.year_built
        base = 760 + 3.4 * max(0, yb - 1960)
        d.rent = half_up(base + rng.gauss(0, 20))
        # Fixed department effect on each share and demography.
        d.effect = {s: math.exp(rng.gauss(0, 0.08)) for s in SHARES}
        d.yearly = {s: ar1(rng, n, 0.025) for s in SHARES}
        d.pph_effect = 1 + rng.gauss(0, 0.03)
        d.pph_noise = ar1(rng, n, 0.008)
        d.turnover_noise = ar1(rng, n, 0.12, phi=0.5)

    # Demography, turnover and vacancies.
    for d in depts:
        pph0, pph_slope, fam_adult, fam_old = DEMOGRAPHY[d.area]
        vulnerable = d.area in VULNERABLE_AREAS
        vac_rate = {"family": 0.004, "youth": 0.02, "elderly": 0.01}
        lam_vac = sum(d.dwellings[t] * vac_rate[t] for t in TYPES)
        vac = [min(poisson(rng, lam_vac), max(1, d.total // 20)) for _ in range(n + 1)]
        for t, y in enumerate(YEARS):
            f = {}
            f["vacancies"] = vac[t]
            f["households"] = d.total - vac[t]
            occ = f["households"] / d.total
            res_t = {}
            for ty in TYPES:
                if ty == "family":
                    pph = (pph0 + pph_slope * t) * d.pph_effect * (1 + d.pph_noise[t])
                else:
                    pph = TYPE_PARAMS[ty]["pph"] * (1 + d.pph_noise[t])
                res_t[ty] = d.dwellings[ty] * occ * pph
            f["residents"] = half_up(sum(res_t.values()))
            scale = f["residents"] / sum(res_t.values())
            res_t = {ty: res_t[ty] * scale for ty in TYPES}
            adult = {"family": fam_adult, "youth": TYPE_PARAMS["youth"]["adult"],
                     "elderly": TYPE_PARAMS["elderly"]["adult"]}
            work = {"family": fam_adult - fam_old, "youth": TYPE_PARAMS["youth"]["work"],
                    "elderly": TYPE_PARAMS["elderly"]["work"]}
            pop = {}
            pop["residents_18plus"] = {ty: res_t[ty] * adult[ty] for ty in TYPES}
            pop["residents_18_64"] = {ty: res_t[ty] * work[ty] for ty in TYPES}
            pop["residents_30_59"] = {ty: pop["residents_18_64"][ty] * TYPE_PARAMS[ty]["mid"]
                                      for ty in TYPES}
            pop["taxpayers_15_64"] = {ty: pop["residents_18_64"][ty] * TYPE_PARAMS[ty]["tax"]
                                      + res_t[ty] * TYPE_PARAMS[ty]["teen"] for ty in TYPES}
            for k in ["residents_18plus", "residents_18_64", "residents_30_59",
                      "taxpayers_15_64"]:
                f[k] = half_up(sum(pop[k].values()))
            f["residents_18plus"] = min(f["residents_18plus"], f["residents"])
            f["residents_18_64"] = min(f["residents_18_64"], f["residents_18plus"])
            f["residents_30_59"] = min(f["residents_30_59"], f["residents_18_64"])
            f["taxpayers_15_64"] = min(f["taxpayers_15_64"], f["residents"])
            # Type mix of each denominator, for the share factors.
            d.__dict__.setdefault("mix", {})[y] = {
                "outside": pop["residents_18_64"], "convicted": pop["residents_18plus"],
                "basic": pop["residents_30_59"], "income": pop["taxpayers_15_64"],
                "nonwestern": res_t}
            # Turnover: lettings fill the move-outs and the change in vacancies.
            rate = sum(d.dwellings[ty] * TYPE_PARAMS[ty]["turnover"] for ty in TYPES)
            if vulnerable:
                rate *= 1.15
            f["move_outs"] = max(0, half_up(rate * (1 + d.turnover_noise[t])))
            vac[t + 1] = min(vac[t + 1], f["move_outs"] + vac[t])
            f["lettings"] = f["move_outs"] + vac[t] - vac[t + 1]
            ev_rate = d.total * (0.007 if vulnerable else 0.003)
            f["evictions"] = min(poisson(rng, ev_rate), f["move_outs"])
            d.figures[y] = f

    # Shares: department factor = type mix x fixed effect x yearly noise.
    share_fields = {"outside": ("outside_labour_fte", "residents_18_64", 0.25),
                    "convicted": ("convicted", "residents_18plus", 1.0),
                    "basic": ("basic_education", "residents_30_59", 1.0),
                    "nonwestern": ("nonwestern", "residents", 1.0)}

    def factor(d, s, t):
        y = YEARS[t]
        mix = d.mix[y][s]
        tot = sum(mix.values())
        m = (sum(mix[ty] * TYPE_FACTOR[s][ty] for ty in TYPES) / tot) if tot > 0 else 1.0
        return m * d.effect[s] * (1 + d.yearly[s][t])

    for t, y in enumerate(YEARS):
        groups = [(a[0], [d for d in depts if d.area == a[0]]) for a in AREAS]
        groups += [(None, [d]) for d in depts if d.area is None]
        for area_id, members in groups:
            for s in SHARES:
                if area_id is not None:
                    target = targets[area_id][s][t] / 100.0
                else:
                    target = dept_level[members[0].id][s][t] / 100.0
                if s == "income":
                    ref = REGION_AVERAGE_INCOME[y]
                    raw = [target * factor(d, s, t) for d in members]
                    den = [d.figures[y]["taxpayers_15_64"] for d in members]
                    if area_id is not None and sum(den) > 0:
                        k = target * sum(den) / sum(r * w for r, w in zip(raw, den))
                        raw = [r * k for r in raw]
                    for d, r in zip(members, raw):
                        tp = d.figures[y]["taxpayers_15_64"]
                        d.figures[y]["income_sum"] = int(round(tp * r * ref, -2))
                    continue
                num_f, den_f, q = share_fields[s]
                den = [d.figures[y][den_f] for d in members]
                raw = [target * factor(d, s, t) for d in members]
                if area_id is not None:
                    k = target * sum(den) / sum(r * w for r, w in zip(raw, den))
                    raw = [r * k for r in raw]
                vals = [min(r, 0.97) * w for r, w in zip(raw, den)]
                if area_id is not None:
                    nums = round_to_total(vals, target * sum(den), q)
                else:
                    nums = [math.floor(v / q + 0.5) * q for v in vals]
                for d, v, w in zip(members, nums, den):
                    v = min(v, w)
                    d.figures[y][num_f] = int(v) if q == 1.0 else v
    return depts


# ---------------------------------------------------------------------------
# Aggregation, design check, summary
# ---------------------------------------------------------------------------

def aggregate(depts, area_id, year):
    members = [d for d in depts if d.area == area_id]
    tot = {k: sum(d.figures[year][k] for d in members) for k in FIGURE_FIELDS_TABLE}
    return {
        "residents": tot["residents"],
        "outside": 100.0 * tot["outside_labour_fte"] / tot["residents_18_64"],
        "convicted": 100.0 * tot["convicted"] / tot["residents_18plus"],
        "basic": 100.0 * tot["basic_education"] / tot["residents_30_59"],
        "income": 100.0 * tot["income_sum"] / tot["taxpayers_15_64"]
                  / REGION_AVERAGE_INCOME[year],
        "average_income": tot["income_sum"] / tot["taxpayers_15_64"],
        "nonwestern": 100.0 * tot["nonwestern"] / tot["residents"],
    }


def classify(depts, area_id, year):
    """dk-2021 test for list year = data year, with 2-year averages (of the
    yearly ratios) for outside labour and convictions where the previous year
    exists. Returns a dict of criterion counts and statuses."""
    a = aggregate(depts, area_id, year)
    p = aggregate(depts, area_id, year - 1) if year - 1 in YEARS else a
    outside2 = (a["outside"] + p["outside"]) / 2
    conv2 = (a["convicted"] + p["convicted"]) / 2
    nat = NATIONAL_CONVICTED_PCT[year]
    udsat_n = sum([outside2 > UDSAT_OUTSIDE_PCT,
                   conv2 >= UDSAT_CONVICTED_FACTOR * nat,
                   a["basic"] > UDSAT_BASIC_PCT,
                   a["income"] < UDSAT_INCOME_RATIO_PCT])
    forebyg_n = sum([outside2 > FOREBYG_OUTSIDE_PCT,
                     conv2 >= FOREBYG_CONVICTED_FACTOR * nat,
                     a["basic"] > FOREBYG_BASIC_PCT,
                     a["income"] < FOREBYG_INCOME_RATIO_PCT])
    big = a["residents"] >= MIN_AREA_RESIDENTS
    udsat = big and udsat_n >= 2
    return {"agg": a, "outside2": outside2, "conv2": conv2, "big": big,
            "udsat_n": udsat_n, "forebyg_n": forebyg_n, "udsat": udsat,
            "parallel": udsat and a["nonwestern"] > PARALLEL_NONWESTERN_PCT,
            "forebyg": big and a["nonwestern"] > FOREBYG_NONWESTERN_PCT and forebyg_n >= 2}


def check_design(depts):
    """Fail loudly if the generated example lost its intended properties."""
    problems = []

    def want(cond, msg):
        if not cond:
            problems.append(msg)

    for y in YEARS:
        v = classify(depts, "vestergaarden", y)
        want(v["big"], "vestergaarden %d: < 1000 residents" % y)
        if y <= 2024:
            want(v["udsat_n"] == 2, "vestergaarden %d: udsat criteria %d != 2" % (y, v["udsat_n"]))
        else:
            want(v["udsat_n"] == 1, "vestergaarden %d: udsat criteria %d != 1" % (y, v["udsat_n"]))
            want(v["forebyg"], "vestergaarden %d: not forebyggelse" % y)
        want(v["parallel"] == (2022 <= y <= 2024), "vestergaarden %d: parallelsamfund" % y)
        e = classify(depts, "engparken", y)
        want(e["big"] and e["udsat_n"] == 0 and e["forebyg_n"] == 2 and e["forebyg"],
             "engparken %d: not a forebyggelse candidate" % y)
        c = classify(depts, "lindelunden", y)
        want(not c["big"] and c["udsat_n"] >= 2 and c["agg"]["nonwestern"] > 50,
             "lindelunden %d: not a small would-be area" % y)
        for o in ["skovbrynet", "havnekvarteret"]:
            r = classify(depts, o, y)
            want(r["big"] and r["udsat_n"] == 0 and not r["forebyg"], "%s %d: not ordinary" % (o, y))
    # Consistency of every department-year.
    parts = [("outside_labour_fte", "residents_18_64"), ("convicted", "residents_18plus"),
             ("basic_education", "residents_30_59"), ("nonwestern", "residents"),
             ("residents_18_64", "residents_18plus"), ("residents_18plus", "residents"),
             ("residents_30_59", "residents_18_64"), ("taxpayers_15_64", "residents"),
             ("evictions", "move_outs"), ("vacancies", "households")]
    small = 0
    for d in depts:
        for y in YEARS:
            f = d.figures[y]
            want(sorted(f) == sorted(FIGURE_FIELDS_TABLE), "%s %d: fields" % (d.id, y))
            for a, b in parts:
                want(f[a] <= f[b], "%s %d: %s > %s" % (d.id, y, a, b))
            for k in FIGURE_FIELDS_TABLE:
                want(f[k] >= 0, "%s %d: %s negative" % (d.id, y, k))
            want(f["households"] + f["vacancies"] == d.total, "%s %d: households" % (d.id, y))
        f = d.figures[YEARS[-1]]
        if f["residents"] < 100 or f["households"] < 50:
            small += 1
    want(small >= 3, "fewer than 3 small departments")
    want(sum(1 for d in depts if d.area is None) >= 3, "fewer than 3 departments outside areas")
    if problems:
        sys.exit("make_example.py: design check failed:\n  " + "\n  ".join(problems))


def summary(depts, out):
    out.write("Eksempelby, seed %d. Thresholds dk-2021: udsat outside > %g, convicted >= %.3f, "
              "basic > %g, income < %g %% of region; parallelsamfund non-western > %g; "
              "forebyggelse outside > %g, convicted >= %.3f, income < %g, non-western > %g.\n"
              % (FIXED_SEED, UDSAT_OUTSIDE_PCT, UDSAT_CONVICTED_FACTOR * 0.725,
                 UDSAT_BASIC_PCT, UDSAT_INCOME_RATIO_PCT, PARALLEL_NONWESTERN_PCT,
                 FOREBYG_OUTSIDE_PCT, FOREBYG_CONVICTED_FACTOR * 0.725,
                 FOREBYG_INCOME_RATIO_PCT, FOREBYG_NONWESTERN_PCT))
    out.write("%-15s %4s %5s %7s %7s %6s %6s %6s %8s %6s %6s %3s %3s  %s\n" % (
        "area", "year", "resid", "outs%", "outs2y", "conv%", "conv2y", "basic%",
        "avg.inc", "inc%rg", "nonw%", "U", "F", "status"))
    for area_id, _, _ in AREAS:
        for y in YEARS:
            c = classify(depts, area_id, y)
            a = c["agg"]
            st = []
            if not c["big"]:
                st.append("< 1000 residents")
            if c["udsat"]:
                st.append("udsat")
            if c["parallel"]:
                st.append("parallelsamfund")
            if c["forebyg"]:
                st.append("forebyggelse (test)" if c["udsat"] else "forebyggelse")
            out.write("%-15s %4d %5d %7.2f %7.2f %6.2f %6.2f %6.2f %8.0f %6.2f %6.2f %3d %3d  %s\n" % (
                area_id, y, a["residents"], a["outside"], c["outside2"], a["convicted"],
                c["conv2"], a["basic"], a["average_income"], a["income"], a["nonwestern"],
                c["udsat_n"], c["forebyg_n"], ", ".join(st) or "-"))
    small = [d.id for d in depts
             if d.figures[YEARS[-1]]["residents"] < 100 or d.figures[YEARS[-1]]["households"] < 50]
    out.write("small departments (2025: < 100 residents or < 50 households): %s\n" % ", ".join(small))
    tot_dw = sum(d.total for d in depts)
    out.write("dwellings %d, floor area %d m² (%.1f m²/dwelling), mean rent %.0f kr/m²\n" % (
        tot_dw, sum(d.floor_area for d in depts), sum(d.floor_area for d in depts) / tot_dw,
        sum(d.rent * d.floor_area for d in depts) / sum(d.floor_area for d in depts)))


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def q(s):
    """A double-quoted YAML string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(v):
    if isinstance(v, int):
        return str(v)
    if v == int(v):
        return str(int(v))
    return ("%.2f" % v).rstrip("0")


HEADER = """\
# Eksempelby - SYNTHETIC example municipality for libalmen.
# Generated by tools/make_example.py with seed %d; do not edit by hand,
# regenerate with `python3 tools/make_example.py --all`.
# Not real persons, places, housing organisations or departments: all names
# and numbers are invented; municipality code 999 is not in use.
"""


def write_yaml(depts, out, with_figures=True):
    w = out.write
    w(HEADER % FIXED_SEED)
    if not with_figures:
        w("# This variant has no figures (tests/data/eksempelby_figures.csv has them).\n")
    w("format: 1\n")
    w("municipality:\n")
    w("  code: %d\n" % MUNICIPALITY["code"])
    w("  name: %s\n" % q(MUNICIPALITY["name"]))
    w("  region: %s\n" % q(MUNICIPALITY["region"]))
    w("districts:\n")
    for did, name in DISTRICTS:
        w("  - id: %s\n    name: %s\n" % (q(did), q(name)))
    w("areas:\n")
    for aid, name, dist in AREAS:
        w("  - id: %s\n    name: %s\n    district: %s\n" % (q(aid), q(name), q(dist)))
    w("organisations:\n")
    for oid, name in ORGANISATIONS:
        w("  - id: %s\n    name: %s\n" % (q(oid), q(name)))
    w("departments:\n")
    for d in depts:
        w("  - organisation: %s\n" % q(d.org))
        w("    number: %d\n" % d.number)
        w("    name: %s\n" % q(d.name))
        if d.area is not None:
            w("    area: %s\n" % q(d.area))
        if d.district is not None:
            w("    district: %s\n" % q(d.district))
        w("    dwellings:\n")
        for ty in TYPES:
            if d.dwellings[ty]:
                w("      %s: %d\n" % (ty, d.dwellings[ty]))
        w("    floor_area: %d\n" % d.floor_area)
        w("    rent: %d\n" % d.rent)
        w("    year_built: %d\n" % d.year_built)
        if with_figures:
            w("    figures:\n")
            for y in YEARS:
                f = d.figures[y]
                w("      - year: %d\n" % y)
                for k in FIGURE_FIELDS_YAML:
                    w("        %s: %s\n" % (k, num(f[k])))
    write_references(out)
    write_scenarios(out)
    write_agreements(out)
    write_household_types(out)


# Renovation scenarios for Vestergården (docs/renovation.md): a comprehensive
# renovation, a partial demolition with sale and new private housing, and a
# conversion of family into youth dwellings. Costs are assumptions around the
# domain note's reference (about 3,400 kr per m²); unlisted parameters take the
# library's documented defaults.
SCENARIOS_YAML = """\
scenarios:
  - id: "renovate"
    name: "Helhedsrenovering Vestergården I-II"
    departments: ["401-1", "401-2"]
    base_year: 2026
    works:
      - {name: "Klimaskærm og installationer", per_m2: 3400, year: 2027}
      - {name: "Altaner", amount: 15000000, supported: false, year: 2027}
    rehousing:
      - {department: "401-1", year: 2027, dwellings: 40, months: 6, cost_per_dwelling: 25000}
    financing:
      own_funds: {dispositionsfond: 5000000, traekningsret: 3000000}
      mortgage_loans: [{name: "Realkreditlån", rate: 0.04, term: 30}]
  - id: "demolish"
    name: "Delvis nedrivning, salg og nye private boliger"
    departments: ["401-1", "401-2", "402-6"]
    base_year: 2026
    works:
      - {name: "Nedrivning af 120 boliger", amount: 40000000, department: "401-2", year: 2027}
      - {name: "Renovering af resten", per_m2: 2500, year: 2028}
    changes:
      - {type: demolish, department: "401-2", dwellings: 120, year: 2027}
      - {type: sell, department: "402-6", dwellings: 60, year: 2028}
      - {type: private_dwellings, dwellings: 150, year: 2029}
      - {type: commercial, floor_area: 3000, year: 2029}
    financing:
      mortgage_loans: [{name: "Realkreditlån", rate: 0.04, term: 30}]
      capital_injection: {amount: 2000000, from: 2029, years: 10}
    family_share: {area: "vestergaarden"}
  - id: "convert"
    name: "Små familieboliger bliver ungdomsboliger"
    departments: ["402-5"]
    base_year: 2026
    works:
      - {name: "Ombygning til ungdomsboliger", amount: 30000000, year: 2027}
    changes:
      - {type: convert, department: "402-5", from: family, to: youth, dwellings: 100,
         into: 150, year: 2027}
    financing:
      rent_grants: [{per_m2: 40, from: 2028, years: 5}]
    family_share: {area: "vestergaarden"}
"""


def write_scenarios(out):
    """The `scenarios` section (renovation scenarios)."""
    out.write(SCENARIOS_YAML)


# Agreements between Eksempelby and its organisations (docs/agreements.md): a
# strategic allocation and letting agreement for the whole town (BL's template,
# seed 001; youth dwellings for young homeless people, seed 003) and a
# comprehensive social plan for district Syd with a board per district (seed
# 004). Shares and quotas follow the status of the areas on the lists.
AGREEMENTS_YAML = """\
agreements:
  - id: "udlejning-2024"
    name: "Strategisk anvisnings- og udlejningsaftale 2024-2027"
    model: "strategisk-anvisning"
    parties:
      municipality: 999
      organisations: ["401", "402", "403"]
    adoption:
      - {body: municipal_council, date: 2023-11-20}
      - {body: organisation_board, organisation: "401", date: 2023-12-05}
      - {body: organisation_board, organisation: "402", date: 2023-12-06}
      - {body: organisation_board, organisation: "403", date: 2023-12-11}
    geography:
      municipality: true
    governance:
      roles:
        - {role: political, body: "Økonomiudvalget"}
        - {role: administrative, body: "Følgegruppe", responsibility: "årlig opfølgning"}
    period: {start: 2024-01-01, end: 2027-12-31, reviews: [2026-01-01]}
    themes:
      municipal_allocation: true
      flexible_letting: true
      combined_letting: false
      homelessness: true
      employment_education: true
    instruments:
      - {type: municipal_allocation, every: 4, area_status: [none]}
      - {type: municipal_allocation, share_pct: 10,
         area_status: [udsat, forebyggelsesomraade]}
      - {type: flexible_letting, criteria: ["beskæftigelse", "uddannelse"], quota_pct: 50,
         area_status: [none]}
      - {type: flexible_letting, criteria: ["beskæftigelse", "uddannelse"], quota_pct: 100,
         area_status: [udsat, forebyggelsesomraade]}
      - {type: target_group_dwellings, dwelling_types: [youth],
         target_group: "unge i hjemløshed", dispensation: "studiekrav", count: 12,
         applies_to: {departments: ["403-10", "403-21"]}}
  - id: "helhedsplan-syd"
    name: "Boligsocial helhedsplan for Syd"
    model: "bydel-for-bydel"
    parties:
      organisations: ["401", "402"]
    adoption:
      - {body: municipal_council, date: 2022-11-15}
      - {body: organisation_board, organisation: "401", date: 2022-11-28}
      - {body: organisation_board, organisation: "402", date: 2022-11-30}
    geography:
      districts: ["syd"]
    governance:
      boards:
        - {id: "bestyrelse", name: "Boligsocial bestyrelse"}
        - {id: "bydel", name: "Bydelsbestyrelse", parent: "bestyrelse", per_district: true}
    period: {start: 2023-01-01, end: 2026-12-31, reviews: [2025-01-01]}
    themes:
      social_plan: true
      employment_education: true
      evictions: true
    instruments:
      - {type: funded_initiative, name: "Helhedsplan Vestergården", amount: 9000000,
         funder: "Landsbyggefonden", start: 2023-01-01, end: 2026-12-31,
         applies_to: {areas: ["vestergaarden"]}}
"""


def write_agreements(out):
    """The `agreements` section (docs/agreements.md)."""
    out.write(AGREEMENTS_YAML)


# Household types for the letting simulation (docs/simulation.md): work status by origin,
# early-retirement and old-age pensioners, students and young people in work, each with
# its figures per household. Synthetic assumptions, not estimates: the simulation fits them
# to each department's figures (the `fit` table shows how well) and keeps what they do not
# explain as a residual that fades as the first households move out.
HOUSEHOLD_TYPES_YAML = """\
household_types:
  types:
    - id: "work_western"
      name: "In work, Danish or western origin"
      persons: 2.4
      figures: {residents_18_64: 1.7, outside_labour_fte: 0.1, residents_18plus: 1.8,
                convicted: 0.004, residents_30_59: 1.2, basic_education: 0.2,
                taxpayers_15_64: 1.6, income_sum: 640000, nonwestern: 0.05}
      dwelling_types: [family]
      applicants: {municipal: 1, waiting_list: 6}
      flexible_criteria: ["beskæftigelse"]
    - id: "work_nonwestern"
      name: "In work, non-western origin"
      persons: 3.6
      figures: {residents_18_64: 2.0, outside_labour_fte: 0.3, residents_18plus: 2.1,
                convicted: 0.012, residents_30_59: 1.6, basic_education: 0.6,
                taxpayers_15_64: 1.9, income_sum: 540000, nonwestern: 3.4}
      dwelling_types: [family]
      applicants: {municipal: 1, waiting_list: 3}
      flexible_criteria: ["beskæftigelse"]
    - id: "benefits_western"
      name: "On social assistance, Danish or western origin"
      persons: 1.7
      figures: {residents_18_64: 1.4, outside_labour_fte: 1.25, residents_18plus: 1.5,
                convicted: 0.04, residents_30_59: 0.9, basic_education: 0.55,
                taxpayers_15_64: 1.3, income_sum: 250000, nonwestern: 0.05}
      groups: [social_assistance_6m, social_assistance]
      dwelling_types: [family]
      applicants: {municipal: 4, waiting_list: 2}
    - id: "benefits_nonwestern"
      name: "On social assistance, non-western origin"
      persons: 3.9
      figures: {residents_18_64: 2.0, outside_labour_fte: 1.6, residents_18plus: 2.1,
                convicted: 0.05, residents_30_59: 1.5, basic_education: 1.2,
                taxpayers_15_64: 1.8, income_sum: 300000, nonwestern: 3.8}
      groups: [social_assistance_6m, social_assistance]
      dwelling_types: [family]
      applicants: {municipal: 5, waiting_list: 2}
    - id: "early_pension"
      name: "On early-retirement pension"
      persons: 1.3
      figures: {residents_18_64: 1.1, outside_labour_fte: 1.05, residents_18plus: 1.3,
                convicted: 0.02, residents_30_59: 0.8, basic_education: 0.5,
                taxpayers_15_64: 1.0, income_sum: 230000, nonwestern: 0.25}
      groups: [disability_pension]
      dwelling_types: [family, elderly]
      applicants: {municipal: 3, waiting_list: 1}
    - id: "pensioner"
      name: "Old-age pensioners"
      persons: 1.4
      figures: {residents_18_64: 0.1, residents_18plus: 1.4, convicted: 0.002,
                taxpayers_15_64: 0.1, income_sum: 30000, nonwestern: 0.1}
      dwelling_types: [family, elderly]
      turnover_factor: 0.6
      applicants: {municipal: 1, waiting_list: 2}
    - id: "student"
      name: "Students"
      persons: 1.1
      figures: {residents_18_64: 1.1, outside_labour_fte: 0.05, residents_18plus: 1.1,
                convicted: 0.005, residents_30_59: 0.05, basic_education: 0.01,
                nonwestern: 0.15}
      dwelling_types: [youth]
      applicants: {waiting_list: 3}
      flexible_criteria: ["uddannelse"]
    - id: "young_work"
      name: "Young, in work"
      persons: 1.2
      figures: {residents_18_64: 1.2, outside_labour_fte: 0.1, residents_18plus: 1.2,
                convicted: 0.01, residents_30_59: 0.2, basic_education: 0.15,
                taxpayers_15_64: 1.1, income_sum: 300000, nonwestern: 0.2}
      dwelling_types: [family, youth]
      applicants: {waiting_list: 2}
      flexible_criteria: ["beskæftigelse"]
"""


def write_household_types(out):
    """The `household_types` section (docs/simulation.md)."""
    out.write(HOUSEHOLD_TYPES_YAML)


def write_references(out):
    """The `references` section: national share convicted and the region's
    average income per year, in the canonical layout the library saves."""
    w = out.write
    w("references:\n")
    w("  national_convicted_pct:\n")
    for y in YEARS:
        w("    %d: %s\n" % (y, repr(NATIONAL_CONVICTED_PCT[y])))
    w("  regional_average_income:\n")
    w("    %s:\n" % q(REGION))
    for y in YEARS:
        w("      %d: %s\n" % (y, num(REGION_AVERAGE_INCOME[y])))


def write_csv(depts, out):
    out.write(",".join(["department", "year"] + FIGURE_FIELDS_TABLE) + "\n")
    for d in depts:
        for y in YEARS:
            f = d.figures[y]
            out.write(",".join([d.id, str(y)] + [num(f[k]) for k in FIGURE_FIELDS_TABLE]) + "\n")


def write_file(path, fn, *args):
    tmp = path + ".tmp"
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        fn(*args, out)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--yaml", metavar="FILE", help="write the case here (default: stdout "
                    "unless another output is given)")
    ap.add_argument("--csv", metavar="FILE", help="write all department-year figures as CSV")
    ap.add_argument("--nofigures", metavar="FILE", help="write the case without figures")
    ap.add_argument("--all", action="store_true", help="write data/eksempelby.yaml, "
                    "tests/data/eksempelby_figures.csv and tests/data/eksempelby_nofigures.yaml "
                    "under the repository root")
    ap.add_argument("--summary", action="store_true", help="print area statistics to stderr")
    args = ap.parse_args(argv)

    depts = generate()
    check_design(depts)

    if args.all:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        args.yaml = os.path.join(root, "data", "eksempelby.yaml")
        args.csv = os.path.join(root, "tests", "data", "eksempelby_figures.csv")
        args.nofigures = os.path.join(root, "tests", "data", "eksempelby_nofigures.yaml")
    if args.yaml:
        write_file(args.yaml, lambda o: write_yaml(depts, o))
    if args.csv:
        write_file(args.csv, lambda o: write_csv(depts, o))
    if args.nofigures:
        write_file(args.nofigures, lambda o: write_yaml(depts, o, with_figures=False))
    if not (args.yaml or args.csv or args.nofigures or args.summary):
        write_yaml(depts, sys.stdout)
    if args.summary:
        summary(depts, sys.stderr)


if __name__ == "__main__":
    main()
