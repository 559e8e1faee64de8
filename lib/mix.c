/* The unit × group table (almen_mix): construction, labels, the higher level, and the
 * index kernel that estimates, replicates and change over time all use. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "mix_internal.h"
#include "strmap.h"
#include "table_internal.h"

/* ---- labels ------------------------------------------------------------------------------- */

void mix_labels_free(char **labels, size_t n)
{
    if (!labels) return;
    for (size_t i = 0; i < n; i++) free(labels[i]);
    free(labels);
}

char **mix_labels_copy(char *const *labels, size_t n)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    if (!out) {
        almen_fail_nomem();
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(out[i] = strdup(labels[i]))) {
            mix_labels_free(out, i);
            almen_fail_nomem();
            return NULL;
        }
    }
    return out;
}

/* Labels "first", "first + 1", ... in decimal, or the codes when codes is not NULL. */
static char **labels_numbered(size_t n, long long first, const int32_t *codes)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    if (!out) {
        almen_fail_nomem();
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", codes ? (long long)codes[i] : first + (long long)i);
        if (!(out[i] = strdup(buf))) {
            mix_labels_free(out, i);
            almen_fail_nomem();
            return NULL;
        }
    }
    return out;
}

/* ---- the object --------------------------------------------------------------------------- */

static void mix_clear_higher(almen_mix *m)
{
    free(m->higher_of);
    free(m->higher_codes);
    mix_labels_free(m->higher_labels, m->n_higher);
    m->higher_of = NULL;
    m->higher_codes = NULL;
    m->higher_labels = NULL;
    m->n_higher = 0;
}

void almen_mix_free(almen_mix *m)
{
    if (!m) return;
    free(m->counts);
    mix_labels_free(m->unit_labels, m->n_units);
    mix_labels_free(m->group_labels, m->n_groups);
    mix_clear_higher(m);
    free(m);
}

almen_status almen_mix_new(const double *values, size_t n, size_t n_groups, int column_major,
                           almen_mix **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!values && n) return almen_fail(ALMEN_EINVAL, "values is NULL");
    if (n_groups < 2) return almen_fail(ALMEN_EINVAL, "a mix table needs at least 2 groups, got %zu", n_groups);
    if (n == 0 || n % n_groups != 0)
        return almen_fail(ALMEN_EINVAL, "%zu counts do not make a table of %zu groups (need a positive multiple)",
                          n, n_groups);
    size_t n_units = n / n_groups;
    if (n_units > UINT32_MAX || n > ((size_t)1 << 40))
        return almen_fail(ALMEN_ELIMIT, "a mix table of %zu cells is too large", n);
    double total = 0;
    for (size_t u = 0; u < n_units; u++) {
        for (size_t g = 0; g < n_groups; g++) {
            double x = column_major ? values[g * n_units + u] : values[u * n_groups + g];
            if (!(x >= 0) || x == INFINITY)
                return almen_fail(ALMEN_EINVAL, "count of unit %zu, group %zu is %g: counts must be finite and >= 0",
                                  u + 1, g + 1, x);
            total += x;
        }
    }
    if (!(total > 0)) return almen_fail(ALMEN_EINVAL, "the table has no persons (all counts are 0)");
    if (total == INFINITY) return almen_fail(ALMEN_ERANGE, "the counts sum to infinity");

    almen_mix *m = calloc(1, sizeof *m);
    if (!m) return almen_fail_nomem();
    m->n_units = n_units;
    m->n_groups = n_groups;
    m->counts = malloc(n * sizeof *m->counts);
    m->unit_labels = labels_numbered(n_units, 1, NULL);
    m->group_labels = labels_numbered(n_groups, 1, NULL);
    if (!m->counts || !m->unit_labels || !m->group_labels) {
        almen_mix_free(m);
        return almen_fail_nomem();
    }
    if (!column_major) {
        memcpy(m->counts, values, n * sizeof *values);
    } else {
        for (size_t g = 0; g < n_groups; g++)
            for (size_t u = 0; u < n_units; u++) m->counts[u * n_groups + g] = values[g * n_units + u];
    }
    *out = m;
    return ALMEN_OK;
}

almen_status almen_mix_copy(const almen_mix *m, almen_mix **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!m) return almen_fail(ALMEN_EINVAL, "mix is NULL");
    almen_mix *c = NULL;
    int rc = almen_mix_new(m->counts, m->n_units * m->n_groups, m->n_groups, 0, &c);
    if (rc) return rc;
    mix_labels_free(c->unit_labels, c->n_units);
    mix_labels_free(c->group_labels, c->n_groups);
    c->unit_labels = mix_labels_copy(m->unit_labels, m->n_units);
    c->group_labels = mix_labels_copy(m->group_labels, m->n_groups);
    int ok = c->unit_labels && c->group_labels;
    if (ok && m->n_higher) {
        c->n_higher = m->n_higher;
        c->higher_of = malloc(m->n_units * sizeof *c->higher_of);
        c->higher_codes = malloc(m->n_higher * sizeof *c->higher_codes);
        c->higher_labels = mix_labels_copy(m->higher_labels, m->n_higher);
        ok = c->higher_of && c->higher_codes && c->higher_labels;
        if (ok) {
            memcpy(c->higher_of, m->higher_of, m->n_units * sizeof *c->higher_of);
            memcpy(c->higher_codes, m->higher_codes, m->n_higher * sizeof *c->higher_codes);
        }
    }
    if (!ok) {
        almen_mix_free(c);
        return almen_fail_nomem();
    }
    *out = c;
    return ALMEN_OK;
}

size_t almen_mix_unit_count(const almen_mix *m) { return m ? m->n_units : 0; }
size_t almen_mix_group_count(const almen_mix *m) { return m ? m->n_groups : 0; }
size_t almen_mix_higher_count(const almen_mix *m) { return m ? m->n_higher : 0; }

/* Splits text into exactly want labels (one per line), checked for empty and duplicate
 * ones. On success *out owns them. */
static int parse_labels(const char *text, size_t want, const char *dimension, char ***out)
{
    size_t len = strlen(text);
    if (len && text[len - 1] == '\n') len--; /* one final newline is allowed */
    size_t have = 1;
    for (size_t i = 0; i < len; i++) have += text[i] == '\n';
    if (have != want)
        return almen_fail(ALMEN_EINVAL, "%zu %s labels given for %zu %ss", len ? have : 0, dimension,
                          want, dimension);
    char **labels = calloc(want ? want : 1, sizeof *labels);
    if (!labels) return almen_fail_nomem();
    const char *p = text;
    int rc = ALMEN_OK;
    for (size_t i = 0; i < want && !rc; i++) {
        const char *end = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = end ? (size_t)(end - p) : (size_t)(text + len - p);
        if (n == 0) {
            rc = almen_fail(ALMEN_EINVAL, "%s label %zu is empty", dimension, i + 1);
        } else if (!(labels[i] = malloc(n + 1))) {
            rc = almen_fail_nomem();
        } else {
            memcpy(labels[i], p, n);
            labels[i][n] = '\0';
        }
        p = end ? end + 1 : text + len;
    }
    strmap seen;
    strmap_init(&seen);
    for (size_t i = 0; i < want && !rc; i++) {
        int put = strmap_put(&seen, labels[i], i);
        if (put < 0) rc = almen_fail_nomem();
        else if (put > 0) rc = almen_fail(ALMEN_EINVAL, "%s label %zu ('%s') repeats an earlier one", dimension, i + 1, labels[i]);
    }
    strmap_free(&seen);
    if (rc) {
        mix_labels_free(labels, want);
        return rc;
    }
    *out = labels;
    return ALMEN_OK;
}

almen_status almen_mix_set_labels(almen_mix *m, const char *dimension, const char *labels)
{
    if (!m || !dimension || !labels) return almen_fail(ALMEN_EINVAL, "mix, dimension and labels are required");
    char ***slot;
    size_t want;
    if (!strcmp(dimension, "unit")) {
        slot = &m->unit_labels;
        want = m->n_units;
    } else if (!strcmp(dimension, "group")) {
        slot = &m->group_labels;
        want = m->n_groups;
    } else if (!strcmp(dimension, "higher")) {
        if (!m->n_higher) return almen_fail(ALMEN_EINVAL, "set the higher level before its labels");
        slot = &m->higher_labels;
        want = m->n_higher;
    } else {
        return almen_fail(ALMEN_EINVAL, "unknown dimension '%s' (unit, group or higher)", dimension);
    }
    char **parsed = NULL;
    int rc = parse_labels(labels, want, dimension, &parsed);
    if (rc) return rc;
    mix_labels_free(*slot, want);
    *slot = parsed;
    return ALMEN_OK;
}

static int cmp_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

almen_status almen_mix_set_higher(almen_mix *m, const int32_t *values, size_t n)
{
    if (!m || (!values && n)) return almen_fail(ALMEN_EINVAL, "mix and values are required");
    if (n != m->n_units)
        return almen_fail(ALMEN_EINVAL, "%zu higher-level codes given for %zu units", n, m->n_units);
    for (size_t u = 0; u < n; u++)
        if (values[u] == ALMEN_NA_INT)
            return almen_fail(ALMEN_EINVAL, "unit %zu has no higher-level code (NA)", u + 1);
    int32_t *codes = malloc(n * sizeof *codes);
    size_t *of = malloc(n * sizeof *of);
    if (!codes || !of) {
        free(codes);
        free(of);
        return almen_fail_nomem();
    }
    memcpy(codes, values, n * sizeof *codes);
    qsort(codes, n, sizeof *codes, cmp_int32);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || codes[i] != codes[k - 1]) codes[k++] = codes[i];
    for (size_t u = 0; u < n; u++) {
        const int32_t *hit = bsearch(&values[u], codes, k, sizeof *codes, cmp_int32);
        of[u] = (size_t)(hit - codes);
    }
    char **labels = labels_numbered(k, 0, codes);
    if (!labels) {
        free(codes);
        free(of);
        return ALMEN_ENOMEM;
    }
    mix_clear_higher(m);
    m->n_higher = k;
    m->higher_of = of;
    m->higher_codes = codes;
    m->higher_labels = labels;
    return ALMEN_OK;
}

almen_status almen_mix_counts(const almen_mix *m, almen_table **out)
{
    if (!m || !out) return almen_fail(ALMEN_EINVAL, "mix and out are required");
    *out = NULL;
    size_t G = m->n_groups, rows = m->n_units * G;
    almen_table *t = table_new(rows);
    if (!t) return ALMEN_ENOMEM;
    int c_unit = table_add_string(t, "unit");
    int c_higher = m->n_higher ? table_add_string(t, "higher") : 0;
    int c_group = table_add_string(t, "group");
    double *count = table_add_double(t, "count");
    int rc = (c_unit < 0 || c_higher < 0 || c_group < 0 || !count) ? ALMEN_ENOMEM : ALMEN_OK;
    for (size_t r = 0; r < rows && !rc; r++) {
        size_t u = r / G, g = r % G;
        rc = table_set_string(t, (size_t)c_unit, r, m->unit_labels[u]);
        if (!rc && m->n_higher) rc = table_set_string(t, (size_t)c_higher, r, m->higher_labels[m->higher_of[u]]);
        if (!rc) rc = table_set_string(t, (size_t)c_group, r, m->group_labels[g]);
        count[r] = m->counts[r];
    }
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}

int mix_require_whole(const almen_mix *m)
{
    size_t n = m->n_units * m->n_groups;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        double x = m->counts[i];
        if (x != floor(x))
            return almen_fail(ALMEN_EINPUT,
                              "count of unit '%s', group '%s' is %g: resampling needs whole numbers of persons "
                              "(round the table first to accept that approximation)",
                              m->unit_labels[i / m->n_groups], m->group_labels[i % m->n_groups], x);
        total += x;
    }
    if (total > 0x1.0p52) return almen_fail(ALMEN_ELIMIT, "a total of %g persons is too large to resample", total);
    return ALMEN_OK;
}

/* ---- the kernel --------------------------------------------------------------------------- */

const char *const MIX_STAT_NAMES[MIX_S_COUNT] = {"entropy", "M", "H", "D",
                                                 "M_between", "M_within", "H_between", "H_within"};

void mix_shape_of(const almen_mix *m, mix_shape *s)
{
    s->n_units = m->n_units;
    s->n_groups = m->n_groups;
    s->n_higher = m->n_higher;
    s->higher_of = m->n_higher ? m->higher_of : NULL;
}

size_t mix_stat_count(const mix_shape *s)
{
    return s->higher_of ? MIX_S_COUNT : MIX_S_M_BETWEEN;
}

void mix_work_free(mix_work *w)
{
    free(w->unit_total);
    free(w->group_total);
    free(w->group_share);
    free(w->dg);
    free(w->d_local);
    free(w->d_total);
    free(w->xlx);
    memset(w, 0, sizeof *w);
}

int mix_work_init(mix_work *w, const mix_shape *s, size_t xlx_n)
{
    memset(w, 0, sizeof *w);
    size_t H = s->higher_of ? s->n_higher : 0;
    w->unit_total = malloc((s->n_units ? s->n_units : 1) * sizeof(double));
    w->group_total = malloc(s->n_groups * sizeof(double));
    w->group_share = malloc(s->n_groups * sizeof(double));
    w->dg = malloc((H ? H * s->n_groups : 1) * sizeof(double));
    w->d_local = malloc((H ? H : 1) * sizeof(double));
    w->d_total = malloc((H ? H : 1) * sizeof(double));
    if (xlx_n) w->xlx = malloc(xlx_n * sizeof(double));
    if (!w->unit_total || !w->group_total || !w->group_share || !w->dg || !w->d_local || !w->d_total ||
        (xlx_n && !w->xlx)) {
        mix_work_free(w);
        return almen_fail_nomem();
    }
    for (size_t i = 0; i < xlx_n; i++) w->xlx[i] = mix_xlogx((double)i);
    w->xlx_n = xlx_n;
    return 0;
}

/* x ln x, looked up for the whole numbers the table covers (the same values mix_xlogx
 * gives, so a replicate's indices do not depend on the table's size). A table is only made
 * for whole counts (replicates), so x below its size is whole. */
static inline double xlx(const mix_work *w, double x)
{
    if (x < (double)w->xlx_n) return w->xlx[(size_t)x];
    return mix_xlogx(x);
}

/* M and the entropies from sums of x ln x: with T the total,
 *   M = (sum_u (sum_g t_ug ln t_ug - t_u ln t_u) - (sum_g t_g ln t_g - T ln T)) / T,
 *   E = (T ln T - sum_g t_g ln t_g) / T,
 * which is sum_ug (t_ug/T) ln(t_ug T / (t_u t_g)) regrouped: one x ln x per cell instead
 * of a logarithm of a ratio per cell. Each unit's term is formed first (it is -t_u E_u,
 * small next to the sums themselves, which keeps the cancellation small). With a higher
 * level the unit terms are summed by higher unit d first; with B the same sum over the
 * d × g table, M_between = (B - C) / T and M_within = (A - B) / T share the sums A, B, C
 * of M = (A - C) / T, so M = M_between + M_within holds to a few ulps. */
void mix_stats(const mix_shape *s, const double *counts, mix_work *w, double *out)
{
    size_t U = s->n_units, G = s->n_groups, H = s->higher_of ? s->n_higher : 0;
    double *gt = w->group_total;
    for (size_t g = 0; g < G; g++) gt[g] = 0;
    for (size_t d = 0; d < H; d++) {
        w->d_local[d] = w->d_total[d] = 0;
        for (size_t g = 0; g < G; g++) w->dg[d * G + g] = 0;
    }
    double a = 0;
    for (size_t u = 0; u < U; u++) {
        const double *row = counts + u * G;
        double tu = 0, sc = 0;
        for (size_t g = 0; g < G; g++) {
            double x = row[g];
            tu += x;
            gt[g] += x;
            sc += xlx(w, x);
        }
        double local = sc - xlx(w, tu);
        w->unit_total[u] = tu;
        if (H) {
            size_t d = s->higher_of[u];
            w->d_local[d] += local;
            w->d_total[d] += tu;
            double *dg = w->dg + d * G;
            for (size_t g = 0; g < G; g++) dg[g] += row[g];
        } else {
            a += local;
        }
    }
    for (size_t d = 0; d < H; d++) a += w->d_local[d];
    double T = 0, s_groups = 0, interaction = 0;
    for (size_t g = 0; g < G; g++) {
        T += gt[g];
        s_groups += xlx(w, gt[g]);
    }
    for (size_t g = 0; g < G; g++) {
        w->group_share[g] = gt[g] / T;
        interaction += w->group_share[g] * (1 - w->group_share[g]);
    }
    double c = s_groups - xlx(w, T);
    double E = -c / T;
    double M = (a - c) / T;
    /* D = sum_ug |t_ug - t_u p_g| / (2 T I): no division per cell. */
    double dev = 0;
    for (size_t u = 0; u < U; u++) {
        const double *row = counts + u * G;
        double tu = w->unit_total[u];
        for (size_t g = 0; g < G; g++) dev += fabs(row[g] - tu * w->group_share[g]);
    }
    out[MIX_S_ENTROPY] = E;
    out[MIX_S_M] = M;
    out[MIX_S_H] = M / E;
    out[MIX_S_D] = dev / (2 * T * interaction);
    out[MIX_S_M_BETWEEN] = out[MIX_S_M_WITHIN] = out[MIX_S_H_BETWEEN] = out[MIX_S_H_WITHIN] = NAN;
    if (H) {
        double b = 0;
        for (size_t d = 0; d < H; d++) {
            double sd = 0;
            for (size_t g = 0; g < G; g++) sd += xlx(w, w->dg[d * G + g]);
            b += sd - xlx(w, w->d_total[d]);
        }
        out[MIX_S_M_BETWEEN] = (b - c) / T;
        out[MIX_S_M_WITHIN] = (a - b) / T;
        out[MIX_S_H_BETWEEN] = out[MIX_S_M_BETWEEN] / E;
        out[MIX_S_H_WITHIN] = out[MIX_S_M_WITHIN] / E;
    }
}
