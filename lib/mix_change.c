/* Change of an index between two tables, split into composition and structure.
 *
 * The Shapley decomposition of Elbers (2021), "A method for studying differences in
 * segregation across time and space", Sociological Methods & Research,
 * doi:10.1177/0049124121986204, which builds on Karmel & Maclachlan (1988) and Deutsch,
 * Flückiger & Silber (2009):
 *
 * 1. Units and groups present (with persons) in only one table are set aside:
 *    removals = index(from on the common part) - index(from), additions = index(to) -
 *    index(to on the common part).
 * 2. On the common part, a table has three factors: its group margins, its unit margins
 *    and its structure (the odds ratios, which iterative proportional fitting keeps).
 *    Write XYZ for the table with group margins of X, unit margins of Y and the structure
 *    of Z (A = from, B = to); AAA and BBB are the common parts themselves and the other
 *    six are fitted by IPF. Then
 *      structural     = 1/2 (AAB - AAA) + 1/2 (BBB - BBA)
 *      group_marginal = 1/4 ((BAA - AAA) + (BBA - ABA) + (BBB - ABB) + (BAB - AAB))
 *      unit_marginal  = 1/4 ((ABA - AAA) + (BBA - BAA) + (BBB - BAB) + (ABB - AAB))
 *    (Shapley values: each factor's change averaged over the orders of changing them),
 *    and the five parts sum to index(to) - index(from) exactly.
 * Before fitting, a cell that is empty in the table being fitted but not in the other
 * gets FILL persons, so that IPF can reach the other table's margins (the same device
 * and value as the R package segregation). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "mix_internal.h"
#include "strmap.h"
#include "table_internal.h"

#define FILL 1e-4
#define DEFAULT_TOLERANCE 1e-10
#define MAX_SWEEPS 100000

/* Positions, in a and in b, of the labels both have with a positive total. */
static int common_labels(char *const *la, const double *ta, size_t na, char *const *lb,
                         const double *tb, size_t nb, size_t **ia, size_t **ib, size_t *n)
{
    strmap map;
    strmap_init(&map);
    *ia = malloc((na ? na : 1) * sizeof **ia);
    *ib = malloc((na ? na : 1) * sizeof **ib);
    int rc = (*ia && *ib) ? ALMEN_OK : ALMEN_ENOMEM;
    for (size_t j = 0; j < nb && !rc; j++)
        if (tb[j] > 0 && strmap_put(&map, lb[j], j) < 0) rc = ALMEN_ENOMEM;
    *n = 0;
    for (size_t i = 0; i < na && !rc; i++) {
        size_t j;
        if (ta[i] > 0 && strmap_get(&map, la[i], &j)) {
            (*ia)[*n] = i;
            (*ib)[*n] = j;
            (*n)++;
        }
    }
    strmap_free(&map);
    if (rc) {
        free(*ia);
        free(*ib);
        *ia = *ib = NULL;
        return almen_fail_nomem();
    }
    return ALMEN_OK;
}

static void totals(const almen_mix *m, double *unit, double *group)
{
    size_t G = m->n_groups;
    memset(unit, 0, m->n_units * sizeof *unit);
    memset(group, 0, G * sizeof *group);
    for (size_t k = 0; k < m->n_units * G; k++) {
        unit[k / G] += m->counts[k];
        group[k % G] += m->counts[k];
    }
}

/* Fits src (U × G) to the row and column targets: dst keeps src's odds ratios. Stops when
 * every row sum is within tol of its target (column sums are exact after each sweep). */
static int ipf(const double *src, size_t U, size_t G, const double *row_t, const double *col_t,
               double tol, double *dst, double *colsum, size_t *sweeps)
{
    memcpy(dst, src, U * G * sizeof *dst);
    for (size_t it = 1; it <= MAX_SWEEPS; it++) {
        for (size_t u = 0; u < U; u++) {
            double s = 0;
            for (size_t g = 0; g < G; g++) s += dst[u * G + g];
            double f = s > 0 ? row_t[u] / s : 0;
            for (size_t g = 0; g < G; g++) dst[u * G + g] *= f;
        }
        for (size_t g = 0; g < G; g++) colsum[g] = 0;
        for (size_t k = 0; k < U * G; k++) colsum[k % G] += dst[k];
        for (size_t k = 0; k < U * G; k++) {
            size_t g = k % G;
            dst[k] *= colsum[g] > 0 ? col_t[g] / colsum[g] : 0;
        }
        double worst = 0;
        for (size_t u = 0; u < U; u++) {
            double s = 0;
            for (size_t g = 0; g < G; g++) s += dst[u * G + g];
            double err = row_t[u] > 0 ? fabs(s / row_t[u] - 1) : s;
            if (err > worst) worst = err;
        }
        if (worst <= tol) {
            if (it > *sweeps) *sweeps = it;
            return ALMEN_OK;
        }
    }
    return almen_fail(ALMEN_ECONVERGE,
                      "iterative proportional fitting did not reach the margins within %g in %d sweeps "
                      "(a pattern of empty cells may make them unreachable; try a larger tolerance)",
                      tol, MAX_SWEEPS);
}

static double index_of(const mix_shape *s, const double *counts, mix_work *w, int which)
{
    double st[MIX_S_COUNT];
    mix_stats(s, counts, w, st);
    return st[which];
}

/* The change decomposition proper, on the common parts a and b (nu × ng counts). */
static int decompose(const double *a, const double *b, size_t nu, size_t ng, double tol, int which,
                     double *parts, size_t *sweeps)
{
    size_t cells = nu * ng;
    double *buf = malloc((3 * cells + 2 * nu + 3 * ng) * sizeof *buf);
    if (!buf) return almen_fail_nomem();
    double *af = buf, *bf = af + cells, *fit = bf + cells;
    double *ra = fit + cells, *rb = ra + nu, *ca = rb + nu, *cb = ca + ng, *colsum = cb + ng;
    memset(ra, 0, 2 * nu * sizeof *ra);
    memset(ca, 0, 2 * ng * sizeof *ca);
    double sa = 0, sb = 0;
    for (size_t k = 0; k < cells; k++) {
        sa += a[k];
        sb += b[k];
    }
    for (size_t k = 0; k < cells; k++) {
        af[k] = a[k] > 0 ? a[k] : (b[k] > 0 ? FILL : 0);
        bf[k] = b[k] > 0 ? b[k] : (a[k] > 0 ? FILL : 0);
        ra[k / ng] += a[k] / sa;
        rb[k / ng] += b[k] / sb;
        ca[k % ng] += a[k] / sa;
        cb[k % ng] += b[k] / sb;
    }
    mix_shape shape = {nu, ng, 0, NULL};
    mix_work w;
    if (mix_work_init(&w, &shape, 0)) {
        free(buf);
        return ALMEN_ENOMEM;
    }
    /* m[X][Y][Z]: group margins X, unit margins Y, structure Z; 0 = A (from), 1 = B (to). */
    double m[2][2][2];
    m[0][0][0] = index_of(&shape, a, &w, which);
    m[1][1][1] = index_of(&shape, b, &w, which);
    int rc = ALMEN_OK;
    for (int z = 0; z < 2 && !rc; z++) {
        const double *src = z ? bf : af;
        for (int x = 0; x < 2 && !rc; x++)
            for (int y = 0; y < 2 && !rc; y++) {
                if (x == z && y == z) continue;
                rc = ipf(src, nu, ng, y ? rb : ra, x ? cb : ca, tol, fit, colsum, sweeps);
                if (!rc) m[x][y][z] = index_of(&shape, fit, &w, which);
            }
    }
    mix_work_free(&w);
    free(buf);
    if (rc) return rc;
    double AAA = m[0][0][0], BBB = m[1][1][1], AAB = m[0][0][1], BBA = m[1][1][0];
    double BAA = m[1][0][0], ABA = m[0][1][0], ABB = m[0][1][1], BAB = m[1][0][1];
    parts[0] = 0.5 * (AAB - AAA) + 0.5 * (BBB - BBA);
    parts[1] = 0.25 * ((BAA - AAA) + (BBA - ABA) + (BBB - ABB) + (BAB - AAB));
    parts[2] = 0.25 * ((ABA - AAA) + (BBA - BAA) + (BBB - BAB) + (ABB - AAB));
    parts[3] = AAA;
    parts[4] = BBB;
    return ALMEN_OK;
}

static int parse_index(const char *index, int *which)
{
    if (!index || !strcmp(index, "M")) *which = MIX_S_M;
    else if (!strcmp(index, "H")) *which = MIX_S_H;
    else if (!strcmp(index, "D")) *which = MIX_S_D;
    else return almen_fail(ALMEN_EINVAL, "unknown index '%s' for a change decomposition (M, H or D)", index);
    return ALMEN_OK;
}

almen_status almen_mix_change(const almen_mix *from, const almen_mix *to, const char *index,
                              double tolerance, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!from || !to) return almen_fail(ALMEN_EINVAL, "both mixes are required");
    int which = MIX_S_M;
    int rc = parse_index(index, &which);
    if (rc) return rc;
    if (tolerance == 0) tolerance = DEFAULT_TOLERANCE;
    if (!(tolerance > 0 && tolerance < 1)) return almen_fail(ALMEN_EINVAL, "tolerance must be between 0 and 1, got %g", tolerance);

    double *ua = malloc(from->n_units * sizeof *ua), *ga = malloc(from->n_groups * sizeof *ga);
    double *ub = malloc(to->n_units * sizeof *ub), *gb = malloc(to->n_groups * sizeof *gb);
    size_t *gia = NULL, *gib = NULL, *uia = NULL, *uib = NULL, ng = 0, nu = 0;
    double *a = NULL, *b = NULL;
    if (!ua || !ga || !ub || !gb) rc = almen_fail_nomem();
    if (!rc) {
        totals(from, ua, ga);
        totals(to, ub, gb);
        rc = common_labels(from->group_labels, ga, from->n_groups, to->group_labels, gb, to->n_groups, &gia, &gib, &ng);
    }
    if (!rc) rc = common_labels(from->unit_labels, ua, from->n_units, to->unit_labels, ub, to->n_units, &uia, &uib, &nu);
    if (!rc && (ng < 2 || nu < 1))
        rc = almen_fail(ALMEN_EINPUT, "the two tables have %zu groups and %zu units with persons in common; "
                                      "a change needs at least 2 groups and 1 unit (they are matched by label)", ng, nu);
    if (!rc && !((a = malloc(nu * ng * sizeof *a)) && (b = malloc(nu * ng * sizeof *b)))) rc = almen_fail_nomem();
    for (size_t i = 0; i < nu && !rc; i++)
        for (size_t j = 0; j < ng; j++) {
            a[i * ng + j] = from->counts[uia[i] * from->n_groups + gia[j]];
            b[i * ng + j] = to->counts[uib[i] * to->n_groups + gib[j]];
        }
    double parts[5] = {0}, full[2] = {0};
    size_t sweeps = 0;
    if (!rc) rc = decompose(a, b, nu, ng, tolerance, which, parts, &sweeps);
    for (int k = 0; k < 2 && !rc; k++) {
        const almen_mix *m = k ? to : from;
        mix_shape s;
        mix_work w;
        mix_shape_of(m, &s);
        s.higher_of = NULL; /* the whole table's index only */
        s.n_higher = 0;
        if (mix_work_init(&w, &s, 0)) {
            rc = ALMEN_ENOMEM;
            break;
        }
        full[k] = index_of(&s, m->counts, &w, which);
        mix_work_free(&w);
    }
    free(ua);
    free(ga);
    free(ub);
    free(gb);
    free(gia);
    free(gib);
    free(uia);
    free(uib);
    free(a);
    free(b);
    if (rc) return rc;

    static const char *const NAMES[] = {"from", "to", "difference", "additions", "removals",
                                        "group_marginal", "unit_marginal", "structural", "iterations"};
    double values[9] = {full[0], full[1], full[1] - full[0], full[1] - parts[4], parts[3] - full[0],
                        parts[1], parts[2], parts[0], (double)sweeps};
    almen_table *t = table_new(9);
    int c = t ? table_add_string(t, "stat") : -1;
    double *v = c < 0 ? NULL : table_add_double(t, "value");
    rc = v ? ALMEN_OK : ALMEN_ENOMEM;
    for (size_t r = 0; r < 9 && !rc; r++) {
        rc = table_set_string(t, (size_t)c, r, NAMES[r]);
        v[r] = values[r];
    }
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}
