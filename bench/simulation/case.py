"""The benchmark's synthetic case: 100 departments of 200 family dwellings (20,000
dwellings) in 10 housing areas of 10 departments, six household types, every department's
initial households given (so the set-up is not what is timed), no figures but those of the
base year (for the classification of the base year). Deterministic (a fixed seed)."""

import random

TYPES = [
    # id, persons, figures per household, groups, waiting-list and municipal weights
    ("work_western", 2.4, dict(residents_18_64=1.7, outside_labour_fte=0.1, residents_18plus=1.8,
                               convicted=0.004, residents_30_59=1.2, basic_education=0.2,
                               taxpayers_15_64=1.6, income_sum=640000, nonwestern=0.05), [], 6, 1),
    ("work_nonwestern", 3.6, dict(residents_18_64=2.0, outside_labour_fte=0.3, residents_18plus=2.1,
                                  convicted=0.012, residents_30_59=1.6, basic_education=0.6,
                                  taxpayers_15_64=1.9, income_sum=540000, nonwestern=3.4), [], 3, 1),
    ("benefits_western", 1.7, dict(residents_18_64=1.4, outside_labour_fte=1.25, residents_18plus=1.5,
                                   convicted=0.04, residents_30_59=0.9, basic_education=0.55,
                                   taxpayers_15_64=1.3, income_sum=250000, nonwestern=0.05),
     ["social_assistance_6m", "social_assistance"], 2, 4),
    ("benefits_nonwestern", 3.9, dict(residents_18_64=2.0, outside_labour_fte=1.6, residents_18plus=2.1,
                                      convicted=0.05, residents_30_59=1.5, basic_education=1.2,
                                      taxpayers_15_64=1.8, income_sum=300000, nonwestern=3.8),
     ["social_assistance_6m", "social_assistance"], 2, 5),
    ("early_pension", 1.3, dict(residents_18_64=1.1, outside_labour_fte=1.05, residents_18plus=1.3,
                                convicted=0.02, residents_30_59=0.8, basic_education=0.5,
                                taxpayers_15_64=1.0, income_sum=230000, nonwestern=0.25),
     ["disability_pension"], 1, 3),
    ("pensioner", 1.4, dict(residents_18_64=0.1, outside_labour_fte=0, residents_18plus=1.4,
                            convicted=0.002, residents_30_59=0, basic_education=0,
                            taxpayers_15_64=0.1, income_sum=30000, nonwestern=0.1), [], 2, 1),
]
FIELDS = ["residents_18_64", "outside_labour_fte", "residents_18plus", "convicted",
          "residents_30_59", "basic_education", "taxpayers_15_64", "income_sum", "nonwestern"]
N_DEPTS, N_AREAS, DWELLINGS, BASE = 100, 10, 200, 2024
# The explicit policy timed: a quarter by municipal allocation, 10 % internal moves, the
# rest from the waiting list; the municipal channel turns social-assistance claimants away.
POLICY = ("name: quota\nchannels: {municipal: 25, internal: 10}\n"
          "exclude: {municipal: [social_assistance_6m]}\n")


def initial_counts(seed=20240101):
    """Initial households per department (100 x 6), each row summing to 200."""
    rng = random.Random(seed)
    out = []
    for d in range(N_DEPTS):
        w = [rng.random() + 0.2 for _ in TYPES]
        total = sum(w)
        c = [int(DWELLINGS * x / total) for x in w]
        c[0] += DWELLINGS - sum(c)
        out.append(c)
    return out


def case_yaml():
    counts = initial_counts()
    lines = ["format: 1",
             'municipality: {code: 997, name: "Benchby", region: "Syddanmark"}',
             "areas:"]
    lines += ['  - {id: "a%d", name: "A%d"}' % (a, a) for a in range(N_AREAS)]
    lines += ["organisations:", '  - {id: "601", name: "Bench"}', "departments:"]
    for d in range(N_DEPTS):
        # Counts are whole numbers in a case file; full-time equivalents and income need not be.
        fig = {f: sum(counts[d][k] * TYPES[k][2][f] for k in range(len(TYPES))) for f in FIELDS}
        fig = {f: (round(v, 2) if f in ("outside_labour_fte", "income_sum") else round(v))
               for f, v in fig.items()}
        res = round(sum(counts[d][k] * TYPES[k][1] for k in range(len(TYPES))))
        figs = ", ".join("%s: %r" % (f, fig[f]) for f in FIELDS)
        lines.append('  - {organisation: "601", number: %d, name: "D%d", area: "a%d", dwellings: {family: %d},'
                     % (d + 1, d + 1, d // (N_DEPTS // N_AREAS), DWELLINGS))
        lines.append("     figures: [{year: %d, residents: %r, households: %d, %s},"
                     % (BASE - 1, res, DWELLINGS, figs))
        lines.append("               {year: %d, residents: %r, households: %d, %s}]}"
                     % (BASE, res, DWELLINGS, figs))
    lines += ["references:",
              "  national_convicted_pct: {%d: 0.725, %d: 0.725}" % (BASE - 1, BASE),
              '  regional_average_income: {"Syddanmark": {%d: 355374, %d: 364258}}' % (BASE - 1, BASE),
              "household_types:", "  types:"]
    for tid, persons, figs, groups, wl, mun in TYPES:
        f = ", ".join("%s: %r" % (k, v) for k, v in figs.items())
        lines.append('    - {id: "%s", persons: %r, figures: {%s}, groups: [%s], '
                     "dwelling_types: [family], applicants: {waiting_list: %d, municipal: %d}}"
                     % (tid, persons, f, ", ".join(groups), wl, mun))
    lines.append("  initial:")
    for d in range(N_DEPTS):
        lines.append('    "601-%d": {%s}' % (d + 1, ", ".join(
            "%s: %d" % (TYPES[k][0], counts[d][k]) for k in range(len(TYPES)))))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys
    sys.stdout.write(case_yaml())
