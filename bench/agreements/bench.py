"""The agreements benchmark (see run). Builds the case once, checks that libalmen's policy
and the pandas one have the same rows, then times each several times, alternating, and
reports the best time of each (on a shared machine the least disturbed run)."""

import os
import random
import sys
import time

import pandas as pd

sys.path.insert(0, os.path.join(sys.argv[1], "bindings", "python"))
import almen  # noqa: E402

REPEAT = int(os.environ.get("ALMEN_BENCH_REPEAT", 3))
SEED = 20240101
N_DISTRICTS, N_AREAS, N_ORGS, N_DEPTS = 30, 500, 550, 7000
DATE = "2025-06-01"
LIST_YEAR = 2024
STATUSES = ["udsat"] * 20 + ["parallelsamfund"] * 10 + ["omdannelsesomraade"] * 8 + \
    ["forebyggelsesomraade"] * 60
BITS = {"none": set(), "udsat": {"udsat"}, "parallelsamfund": {"udsat", "parallelsamfund"},
        "omdannelsesomraade": {"udsat", "parallelsamfund", "omdannelsesomraade"},
        "forebyggelsesomraade": {"forebyggelsesomraade"}}


def make():
    rng = random.Random(SEED)
    depts = []
    for i in range(N_DEPTS):
        org = "%d" % (100 + i % N_ORGS)
        area = "a%d" % (i % N_AREAS) if i < N_DEPTS - 500 else None
        district = "d%d" % ((i % N_AREAS) % N_DISTRICTS)
        family = rng.randint(0, 300)
        residents = family * 2 + rng.randint(0, 50)
        depts.append((org, i, area, district, family, residents))
    status = {("a%d" % k): "none" for k in range(N_AREAS)}
    for k, s in enumerate(STATUSES):
        status["a%d" % (k * 5)] = s
    y = ["format: 1", "municipality: {code: 999, name: Landet, region: Syddanmark}",
         "districts:"] + ["  - {id: d%d, name: D%d}" % (k, k) for k in range(N_DISTRICTS)]
    y += ["areas:"] + ["  - {id: a%d, name: A%d, district: d%d}" % (k, k, k % N_DISTRICTS)
                       for k in range(N_AREAS)]
    y += ["organisations:"] + ["  - {id: '%d', name: O%d}" % (100 + k, k) for k in range(N_ORGS)]
    y += ["departments:"]
    for org, i, area, district, family, residents in depts:
        loc = ("area: %s" % area) if area else ("district: %s" % district)
        y.append("  - {organisation: '%s', number: %d, name: N%d, %s, dwellings: {family: %d}, "
                 "figures: [{year: 2024, residents: %d, residents_18_64: %d, "
                 "outside_labour_fte: %d}]}" % (org, i, i, loc, family, residents,
                                                residents // 2, residents // 5))
    ids = ["%s-%d" % (d[0], d[1]) for d in depts]
    orgs = ", ".join("'%d'" % (100 + k) for k in range(N_ORGS))
    a = ["agreements:",
         "  - id: strategisk", "    name: S", "    parties: {organisations: [%s]}" % orgs,
         "    geography: {municipality: true}", "    period: {start: 2024-01-01, end: 2027-12-31}",
         "    instruments:",
         "      - {type: municipal_allocation, every: 4, area_status: [none]}",
         "      - {type: municipal_allocation, share_pct: 10, area_status: [udsat, forebyggelsesomraade]}",
         "      - {type: flexible_letting, criteria: [job], quota_pct: 50, area_status: [none]}",
         "      - {type: flexible_letting, criteria: [job], quota_pct: 100, area_status: [udsat, forebyggelsesomraade]}",
         "      - {type: target_group_dwellings, dwelling_types: [youth], target_group: unge}"]
    for k in range(N_DISTRICTS):
        a += ["  - id: distrikt-%d" % k, "    name: D", "    parties: {organisations: [%s]}" % orgs,
              "    geography: {districts: [d%d]}" % k, "    period: {start: 2023-01-01}",
              "    instruments:",
              "      - {type: funded_initiative, name: plan, amount: 9000000}",
              "      - {type: other, description: dialog}"]
    for k in range(100):
        chosen = rng.sample(ids, 20)
        a += ["  - id: naal-%d" % k, "    name: N", "    parties: {organisations: [%s]}" % orgs,
              "    geography: {departments: [%s]}" % ", ".join("'%s'" % c for c in chosen),
              "    period: {start: 2025-01-01, end: 2026-12-31}",
              "    instruments: [{type: other, description: projekt}]"]
    for k in range(50):
        a += ["  - id: komb-%d" % k, "    name: K", "    parties: {organisations: [%s]}" % orgs,
              "    geography: {areas: [a%d]}" % (k * 7), "    period: {start: 2024-06-01}",
              "    instruments: [{type: combined_letting}]"]
    return "\n".join(y + a) + "\n", status


def pandas_policy(case, status):
    """The same policy with pandas: instruments x departments filtered by geography,
    applies_to and area status; statutory rows merged on the area's status."""
    d = case.departments()[["id", "area", "district", "family"]]
    d["status"] = d["area"].map(status).fillna("none")
    ins = case.agreement_instruments()
    ag = case.agreements()
    in_force = ag[(ag["start"] <= DATE) & (ag["end"].isna() | (ag["end"] >= DATE))]
    ins = ins[ins["agreement"].isin(in_force["id"])]
    geo = in_force.set_index("id")["geography"]
    rows = []
    for agreement, g in geo.items():
        if g == "municipality":
            cov = d
        else:
            kind, _, names = g.partition(": ")
            names = names.split(", ")
            col = {"districts": "district", "areas": "area", "departments": "id"}[kind]
            cov = d[d[col].isin(names)]
        rows.append(cov.assign(agreement=agreement))
    cov = pd.concat(rows)
    m = cov.merge(ins, on="agreement")
    cond = m["area_status"].fillna("")
    ok = cond == ""
    for s, bits in BITS.items():
        sel = m["status"] == s
        if s == "none":
            ok |= sel & cond.str.contains("none")
        else:
            ok |= sel & cond.apply(lambda c: any(b in c.split(",") for b in bits))
    m = m[ok]
    stat = []
    # §60 comes once per department: its areas are udsat or forebyggelse, never both here.
    for s, paras in [("udsat", ["§59 stk. 6", "§60"]),
                     ("forebyggelsesomraade", ["§59 stk. 7", "§60"]),
                     ("omdannelsesomraade", ["§51c"])]:
        hit = d[(d["family"] > 0) & d["status"].map(lambda x: s in BITS[x])]
        for p in paras:
            stat.append(hit.assign(agreement="statutory", paragraph=p))
    st = pd.concat(stat)
    return pd.concat([m[["id", "agreement"]], st[["id", "agreement"]]])


def best(fn):
    t = float("inf")
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        r = fn()
        t = min(t, time.perf_counter() - t0)
    return t, r


def main():
    text, status = make()
    case = almen.Case.from_yaml(text, "landet")
    st = [(a, LIST_YEAR, s) for a, s in status.items()]
    lib = case.letting_policy(date=DATE, status=st, classification=False)
    lib_rows = lib[lib["instrument"] != "none"][["department", "source"]]
    ref = pandas_policy(case, status)
    key = lambda f, a, b: sorted(zip(f[a], f[b]))  # noqa: E731
    same = key(lib_rows, "department", "source") == key(ref, "id", "agreement")
    t_lib, _ = best(lambda: case.letting_policy(date=DATE, status=st, classification=False))
    t_pd, _ = best(lambda: pandas_policy(case, status))
    t_find, f = best(lambda: case.agreement_findings(date=DATE, status=st, classification=False))
    t_cov, _ = best(lambda: case.agreement_coverage(date=DATE, status=st, classification=False))
    print("agreements: libalmen %.3f s, pandas %.3f s, ratio %.1f (policy of %d departments, "
          "%d rows, same rows: %s; findings %.3f s, %d rows; coverage %.3f s)"
          % (t_lib, t_pd, t_pd / t_lib, N_DEPTS, len(lib), "yes" if same else "NO",
             t_find, len(f), t_cov))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
