/* The result tables of a mix: summary, groups, pairs, units, higher units.
 *
 * The per-group, per-unit and per-higher-unit values are computed cell by cell straight
 * from their definitions (a logarithm of a ratio per cell), independently of the summary
 * kernel's regrouped x ln x sums, so that their sums checking against the summary (as the
 * tests do) is a real second computation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "mix_internal.h"
#include "table_internal.h"

/* Column building with one failure flag: each add returns NULL (or -1) once anything has
 * failed, and the caller checks b.failed once. */
typedef struct {
    almen_table *t;
    int failed;
} builder;

static int builder_start(builder *b, size_t rows)
{
    b->t = table_new(rows);
    b->failed = !b->t;
    return b->failed ? ALMEN_ENOMEM : ALMEN_OK;
}

static double *col_double(builder *b, const char *name)
{
    double *d = b->failed ? NULL : table_add_double(b->t, name);
    if (!d) b->failed = 1;
    return d;
}

static int32_t *col_int(builder *b, const char *name)
{
    int32_t *d = b->failed ? NULL : table_add_int(b->t, name);
    if (!d) b->failed = 1;
    return d;
}

/* A string column with row r set to labels[index ? index[r] : r] (NULL index: identity;
 * labels NULL: all missing). */
static void col_labels(builder *b, const char *name, char *const *labels, const size_t *index)
{
    if (b->failed) return;
    int c = table_add_string(b->t, name);
    if (c < 0) {
        b->failed = 1;
        return;
    }
    size_t rows = almen_table_nrows(b->t);
    for (size_t r = 0; r < rows && labels; r++)
        if (table_set_string(b->t, (size_t)c, r, labels[index ? index[r] : r])) {
            b->failed = 1;
            return;
        }
}

static int builder_finish(builder *b, almen_table **out)
{
    if (b->failed) {
        almen_table_free(b->t);
        return ALMEN_ENOMEM;
    }
    *out = b->t;
    return ALMEN_OK;
}

/* Margins of a mix: unit and group totals, the total, and with a higher level the group
 * totals dg[d * G + g], totals dt[d] and unit counts per higher unit. */
typedef struct {
    double *unit;  /* n_units */
    double *group; /* n_groups */
    double total;
    double *dg, *dt;
    size_t *dunits;
} margins;

static void margins_free(margins *mg)
{
    free(mg->unit);
    free(mg->group);
    free(mg->dg);
    free(mg->dt);
    free(mg->dunits);
}

static int margins_of(const almen_mix *m, margins *mg)
{
    size_t U = m->n_units, G = m->n_groups, H = m->n_higher;
    memset(mg, 0, sizeof *mg);
    mg->unit = calloc(U, sizeof *mg->unit);
    mg->group = calloc(G, sizeof *mg->group);
    if (H) {
        mg->dg = calloc(H * G, sizeof *mg->dg);
        mg->dt = calloc(H, sizeof *mg->dt);
        mg->dunits = calloc(H, sizeof *mg->dunits);
    }
    if (!mg->unit || !mg->group || (H && (!mg->dg || !mg->dt || !mg->dunits))) {
        margins_free(mg);
        return almen_fail_nomem();
    }
    for (size_t u = 0; u < U; u++) {
        size_t d = H ? m->higher_of[u] : 0;
        if (H) mg->dunits[d]++;
        for (size_t g = 0; g < G; g++) {
            double x = m->counts[u * G + g];
            mg->unit[u] += x;
            mg->group[g] += x;
            if (H) {
                mg->dg[d * G + g] += x;
                mg->dt[d] += x;
            }
        }
    }
    for (size_t g = 0; g < G; g++) mg->total += mg->group[g];
    return ALMEN_OK;
}

/* What every detailed table starts with: checked arguments, the margins, an empty table of
 * `rows` rows (rows_of: 'g' groups, 'p' pairs of groups, 'u' units, 'h' higher units) and
 * `scratch` doubles of zeroed scratch space. */
typedef struct {
    margins mg;
    builder b;
    double *scratch;
} result;

static int result_start(const almen_mix *m, almen_table **out, char rows_of, size_t scratch, result *r)
{
    memset(r, 0, sizeof *r);
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!m) return almen_fail(ALMEN_EINVAL, "mix is NULL");
    if (rows_of == 'h' && !m->n_higher)
        return almen_fail(ALMEN_EINVAL, "the mix has no higher level (set one with almen_mix_set_higher)");
    size_t G = m->n_groups;
    size_t rows = rows_of == 'g' ? G : rows_of == 'p' ? G * G : rows_of == 'u' ? m->n_units : m->n_higher;
    int rc = margins_of(m, &r->mg);
    if (rc) return rc;
    r->scratch = calloc(scratch ? scratch : 1, sizeof *r->scratch);
    if (!r->scratch || builder_start(&r->b, rows)) {
        free(r->scratch);
        margins_free(&r->mg);
        return almen_fail_nomem();
    }
    return ALMEN_OK;
}

static int result_finish(result *r, almen_table **out)
{
    free(r->scratch);
    margins_free(&r->mg);
    return builder_finish(&r->b, out);
}

/* sum_g q_g ln(q_g / ref_g) over the groups with q_g > 0: the local segregation of a
 * composition q against a reference composition ref (Kullback-Leibler divergence). */
static double divergence(const double *q, const double *ref, size_t G)
{
    double s = 0;
    for (size_t g = 0; g < G; g++)
        if (q[g] > 0) s += q[g] * mix_log(q[g] / ref[g]);
    return s;
}

static double entropy_of(const double *q, size_t G)
{
    double s = 0;
    for (size_t g = 0; g < G; g++)
        if (q[g] > 0) s -= q[g] * mix_log(q[g]);
    return s;
}

/* Simpson's interaction sum_g q_g (1 - q_g). */
static double interaction_of(const double *q, size_t G)
{
    double s = 0;
    for (size_t g = 0; g < G; g++) s += q[g] * (1 - q[g]);
    return s;
}

almen_status almen_mix_summary(const almen_mix *m, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!m) return almen_fail(ALMEN_EINVAL, "mix is NULL");
    mix_shape s;
    mix_shape_of(m, &s);
    mix_work w;
    if (mix_work_init(&w, &s, 0)) return ALMEN_ENOMEM;
    double st[MIX_S_COUNT];
    mix_stats(&s, m->counts, &w, st);
    double total = 0, interaction = 0;
    for (size_t g = 0; g < m->n_groups; g++) total += w.group_total[g];
    for (size_t g = 0; g < m->n_groups; g++) interaction += (w.group_total[g] / total) * (1 - w.group_total[g] / total);
    mix_work_free(&w);

    const char *names[16];
    double values[16];
    size_t n = 0;
#define ROW(name, value) (names[n] = (name), values[n++] = (value))
    ROW("units", (double)m->n_units);
    ROW("groups", (double)m->n_groups);
    ROW("total", total);
    ROW("entropy", st[MIX_S_ENTROPY]);
    ROW("M", st[MIX_S_M]);
    ROW("H", st[MIX_S_H]);
    ROW("D", st[MIX_S_D]);
    ROW("interaction", interaction);
    if (m->n_higher) {
        ROW("higher_units", (double)m->n_higher);
        ROW("M_between", st[MIX_S_M_BETWEEN]);
        ROW("M_within", st[MIX_S_M_WITHIN]);
        ROW("H_between", st[MIX_S_H_BETWEEN]);
        ROW("H_within", st[MIX_S_H_WITHIN]);
    }
#undef ROW
    builder b;
    if (builder_start(&b, n)) return ALMEN_ENOMEM;
    int c = table_add_string(b.t, "index");
    if (c < 0) b.failed = 1;
    double *v = col_double(&b, "value");
    for (size_t r = 0; r < n && !b.failed; r++) {
        if (table_set_string(b.t, (size_t)c, r, names[r])) b.failed = 1;
        else v[r] = values[r];
    }
    return builder_finish(&b, out);
}

almen_status almen_mix_groups(const almen_mix *m, almen_table **out)
{
    result r;
    int rc = result_start(m, out, 'g', 0, &r);
    if (rc) return rc;
    size_t U = m->n_units, G = m->n_groups;
    const margins *mg = &r.mg;
    builder *b = &r.b;
    col_labels(b, "group", m->group_labels, NULL);
    double *count = col_double(b, "count"), *share = col_double(b, "share");
    double *local = col_double(b, "local_M"), *contrib = col_double(b, "M_contribution");
    double *iso = col_double(b, "isolation"), *iso_adj = col_double(b, "isolation_adjusted");
    double *d_rest = col_double(b, "D_vs_rest");
    for (size_t g = 0; g < G && !b->failed; g++) {
        double tg = mg->group[g], T = mg->total, pg = tg / T;
        double l = 0, isolation = 0, dev = 0;
        for (size_t u = 0; u < U; u++) {
            double x = m->counts[u * G + g], tu = mg->unit[u];
            if (tu == 0) continue;
            /* p_u|g ln(p_u|g / p_u) */
            if (x > 0) l += (x / tg) * mix_log((x / tg) / (tu / T));
            isolation += (x / tg) * (x / tu);
            dev += fabs(x / tg - (tu - x) / (T - tg));
        }
        count[g] = tg;
        share[g] = pg;
        contrib[g] = 0;
        if (tg > 0) {
            local[g] = l;
            contrib[g] = pg * l;
            iso[g] = isolation;
            iso_adj[g] = (isolation - pg) / (1 - pg);
            d_rest[g] = T > tg ? dev / 2 : NAN;
        }
    }
    return result_finish(&r, out);
}

almen_status almen_mix_pairs(const almen_mix *m, almen_table **out)
{
    size_t G = m ? m->n_groups : 0;
    result r;
    int rc = result_start(m, out, 'p', 0, &r);
    if (rc) return rc;
    size_t U = m->n_units, rows = G * G;
    size_t *first = malloc(rows * sizeof *first), *second = malloc(rows * sizeof *second);
    const margins *mg = &r.mg;
    builder *b = &r.b;
    if (!first || !second) b->failed = 1;
    for (size_t i = 0; i < rows && !b->failed; i++) {
        first[i] = i / G;
        second[i] = i % G;
    }
    col_labels(b, "group", m->group_labels, first);
    col_labels(b, "other", m->group_labels, second);
    double *dis = col_double(b, "dissimilarity"), *expo = col_double(b, "exposure");
    for (size_t i = 0; i < rows && !b->failed; i++) {
        size_t x = first[i], y = second[i];
        double tx = mg->group[x], ty = mg->group[y];
        if (tx == 0) continue; /* NaN: no members to be exposed or compared */
        double dev = 0, e = 0;
        for (size_t u = 0; u < U; u++) {
            double tu = mg->unit[u];
            if (tu == 0) continue;
            double ax = m->counts[u * G + x], ay = m->counts[u * G + y];
            dev += fabs(ax / tx - ay / ty);
            e += (ax / tx) * (ay / tu);
        }
        expo[i] = e;
        if (ty > 0) dis[i] = x == y ? 0 : dev / 2;
    }
    free(first);
    free(second);
    return result_finish(&r, out);
}

almen_status almen_mix_units(const almen_mix *m, almen_table **out)
{
    size_t G = m ? m->n_groups : 0;
    result r;
    /* scratch: a unit's composition, the overall one, its higher unit's */
    int rc = result_start(m, out, 'u', 3 * G, &r);
    if (rc) return rc;
    size_t U = m->n_units;
    const margins *mg = &r.mg;
    builder *b = &r.b;
    double *q = r.scratch, *pg = q + G, *pgd = pg + G;
    col_labels(b, "unit", m->unit_labels, NULL);
    col_labels(b, "higher", m->n_higher ? m->higher_labels : NULL, m->higher_of);
    double *total = col_double(b, "total"), *share = col_double(b, "share");
    double *ent = col_double(b, "entropy"), *local = col_double(b, "local_M");
    double *contrib = col_double(b, "M_contribution"), *within = col_double(b, "local_M_within");
    double *dcon = col_double(b, "D_contribution");
    if (b->failed) return result_finish(&r, out);
    double T = mg->total;
    for (size_t g = 0; g < G; g++) pg[g] = mg->group[g] / T;
    double norm = 2 * T * interaction_of(pg, G);
    for (size_t u = 0; u < U; u++) {
        double tu = mg->unit[u], dev = 0;
        total[u] = tu;
        share[u] = tu / T;
        contrib[u] = 0;
        for (size_t g = 0; g < G; g++) dev += fabs(m->counts[u * G + g] - tu * pg[g]);
        dcon[u] = dev / norm;
        if (tu == 0) continue;
        for (size_t g = 0; g < G; g++) q[g] = m->counts[u * G + g] / tu;
        ent[u] = entropy_of(q, G);
        local[u] = divergence(q, pg, G);
        contrib[u] = (tu / T) * local[u];
        if (m->n_higher) {
            size_t d = m->higher_of[u];
            for (size_t g = 0; g < G; g++) pgd[g] = mg->dg[d * G + g] / mg->dt[d];
            within[u] = divergence(q, pgd, G);
        }
    }
    return result_finish(&r, out);
}

almen_status almen_mix_higher(const almen_mix *m, almen_table **out)
{
    size_t G = m ? m->n_groups : 0, H = m ? m->n_higher : 0;
    result r;
    /* scratch: a unit's composition, the overall one, every higher unit's, and per higher
     * unit the sums of M_d and of D_d's deviations */
    int rc = result_start(m, out, 'h', 2 * G + H * G + 2 * H, &r);
    if (rc) return rc;
    size_t U = m->n_units;
    const margins *mg = &r.mg;
    builder *b = &r.b;
    double *q = r.scratch, *pg = q + G, *pgd = pg + G, *mw = pgd + H * G, *dw = mw + H;
    col_labels(b, "higher", m->higher_labels, NULL);
    int32_t *units = col_int(b, "units");
    double *total = col_double(b, "total"), *share = col_double(b, "share");
    double *ent = col_double(b, "entropy"), *local = col_double(b, "local_M");
    double *bcon = col_double(b, "M_between_contribution"), *mwith = col_double(b, "M_within");
    double *hwith = col_double(b, "H_within"), *wcon = col_double(b, "M_within_contribution");
    double *dwith = col_double(b, "D_within");
    if (b->failed) return result_finish(&r, out);
    double T = mg->total;
    for (size_t g = 0; g < G; g++) pg[g] = mg->group[g] / T;
    for (size_t d = 0; d < H; d++)
        for (size_t g = 0; g < G; g++) pgd[d * G + g] = mg->dt[d] > 0 ? mg->dg[d * G + g] / mg->dt[d] : 0;
    /* M_d = sum over d's units of (t_u / t_d) L_u|d; D_d from |t_ug - t_u p_g|d|. */
    for (size_t u = 0; u < U; u++) {
        size_t d = m->higher_of[u];
        double tu = mg->unit[u];
        if (tu == 0) continue;
        for (size_t g = 0; g < G; g++) {
            q[g] = m->counts[u * G + g] / tu;
            dw[d] += fabs(m->counts[u * G + g] - tu * pgd[d * G + g]);
        }
        mw[d] += (tu / mg->dt[d]) * divergence(q, pgd + d * G, G);
    }
    for (size_t d = 0; d < H; d++) {
        units[d] = (int32_t)mg->dunits[d];
        total[d] = mg->dt[d];
        share[d] = mg->dt[d] / T;
        bcon[d] = wcon[d] = 0;
        if (mg->dt[d] == 0) continue;
        const double *qd = pgd + d * G;
        ent[d] = entropy_of(qd, G);
        local[d] = divergence(qd, pg, G);
        bcon[d] = share[d] * local[d];
        mwith[d] = mw[d];
        hwith[d] = mw[d] / ent[d];
        wcon[d] = share[d] * mw[d];
        dwith[d] = dw[d] / (2 * mg->dt[d] * interaction_of(qd, G));
    }
    return result_finish(&r, out);
}
