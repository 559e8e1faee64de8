/* Coverage: dwellings, departments and residents covered by the agreements in force, per
 * theme and per district. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_analysis.h"
#include "error_internal.h"

enum { V_AGREEMENTS, V_DEPTS, V_DEPTS_ALL, V_DW, V_DW_ALL, V_FAM, V_FAM_ALL, V_RES, V_RES_ALL,
       N_V };

static const agr_rs_col COLS[] = {
    {"theme", ALMEN_COL_STRING},          {"level", ALMEN_COL_STRING},
    {"district", ALMEN_COL_STRING},       {"agreements", ALMEN_COL_INT},
    {"departments", ALMEN_COL_INT},       {"departments_total", ALMEN_COL_INT},
    {"dwellings", ALMEN_COL_INT},         {"dwellings_total", ALMEN_COL_INT},
    {"family_dwellings", ALMEN_COL_INT},  {"family_dwellings_total", ALMEN_COL_INT},
    {"family_share_pct", ALMEN_COL_DOUBLE}, {"residents", ALMEN_COL_DOUBLE},
    {"residents_total", ALMEN_COL_DOUBLE}};
enum { N_COLS = sizeof COLS / sizeof COLS[0] };

/* Is agreement ai one of theme t's? t < 0: "any"; t < AGR_THEME_COUNT: a fixed theme; else
 * the free-form theme named name. */
static int has_theme(const agreement *a, int t, const char *name)
{
    if (t < 0) return 1;
    if (t < AGR_THEME_COUNT) return a->themes[t] == 1;
    for (size_t i = 0; i < a->n_free_themes; i++)
        if (a->free_themes[i].on && !strcmp(a->free_themes[i].name, name)) return 1;
    return 0;
}

/* A department's residents: its latest figure in a year <= year, NaN when none. */
static double residents(const department *d, int year)
{
    for (size_t r = d->n_rows; r-- > 0;)
        if (d->rows[r].year <= year && !isnan(d->rows[r].v[F_RESIDENTS]))
            return d->rows[r].v[F_RESIDENTS];
    return NAN;
}

static void add_row(agr_rowset *rs, const char *theme, const char *level, const char *district,
                    const double v[N_V])
{
    size_t r = agr_rs_add(rs);
    agr_rs_str(rs, r, 0, theme);
    agr_rs_str(rs, r, 1, level);
    agr_rs_str(rs, r, 2, district);
    for (int k = 0; k < 7; k++) agr_rs_int(rs, r, 3 + (size_t)k, (int32_t)v[k]);
    agr_rs_dbl(rs, r, 10, v[V_FAM_ALL] > 0 ? 100.0 * v[V_FAM] / v[V_FAM_ALL] : NAN);
    agr_rs_dbl(rs, r, 11, v[V_RES]);
    agr_rs_dbl(rs, r, 12, v[V_RES_ALL]);
}

/* Units: 0 the municipality, 1 + k district k, 1 + n_districts departments without one. */
static size_t unit_of(const almen_case *c, const department *d)
{
    return d->district == NO_INDEX ? 1 + c->n_districts : 1 + d->district;
}

/* The rows of one theme; covered (a byte per department), reached (a byte per unit) and v
 * (the sums per unit) are the caller's scratch space. */
static void theme_rows(agr_rowset *rs, const agr_ctx *x, int t, const char *name,
                       const double *res, unsigned char *covered, unsigned char *reached,
                       double (*v)[N_V])
{
    const almen_case *c = x->c;
    const agr_list *l = x->l;
    size_t nd = c->n_departments, nu = c->n_districts + 2;
    memset(covered, 0, nd);
    memset(v, 0, nu * sizeof *v);
    for (size_t ai = 0; ai < l->n; ai++) {
        if (!x->in_force[ai] || !has_theme(&l->a[ai], t, name)) continue;
        memset(reached, 0, nu);
        for (size_t di = 0; di < nd; di++) {
            if (!x->cover[ai * nd + di]) continue;
            covered[di] = 1;
            reached[0] = reached[unit_of(c, &c->departments[di])] = 1;
        }
        for (size_t u = 0; u < nu; u++) v[u][V_AGREEMENTS] += reached[u];
    }
    int orphans = 0;
    for (size_t di = 0; di < nd; di++) {
        const department *d = &c->departments[di];
        double dw = (double)d->family + d->youth + d->elderly;
        size_t units[2] = {0, unit_of(c, d)};
        orphans |= d->district == NO_INDEX;
        for (int k = 0; k < 2; k++) {
            double *w = v[units[k]];
            w[V_DEPTS_ALL] += 1;
            w[V_DW_ALL] += dw;
            w[V_FAM_ALL] += d->family;
            w[V_RES_ALL] += res[di];
            if (!covered[di]) continue;
            w[V_DEPTS] += 1;
            w[V_DW] += dw;
            w[V_FAM] += d->family;
            w[V_RES] += res[di];
        }
    }
    add_row(rs, name, "municipality", NULL, v[0]);
    for (size_t k = 0; k < c->n_districts; k++)
        add_row(rs, name, "district", c->districts[k].id, v[1 + k]);
    if (orphans) add_row(rs, name, "no_district", NULL, v[1 + c->n_districts]);
}

almen_status almen_case_agreement_coverage(const almen_case *c, const char *date,
                                           const almen_agreement_options *o, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    agr_ctx x;
    int rc = agr_ctx_init(&x, c, date, o);
    if (rc) return rc;
    size_t nu = c->n_districts + 2;
    double *res = malloc((c->n_departments + 1) * sizeof *res);
    double (*v)[N_V] = malloc(nu * sizeof *v);
    unsigned char *covered = malloc(c->n_departments + nu + 1), *reached = covered + c->n_departments;
    if (!res || !v || !covered) {
        free(res);
        free(v);
        free(covered);
        agr_ctx_free(&x);
        return almen_fail_nomem();
    }
    int y, m, d;
    agr_day_to_ymd(x.date, &y, &m, &d);
    for (size_t di = 0; di < c->n_departments; di++) res[di] = residents(&c->departments[di], y);
    agr_rowset rs;
    agr_rs_init(&rs, COLS, N_COLS);
    theme_rows(&rs, &x, -1, "any", res, covered, reached, v);
    for (int t = 0; t < AGR_THEME_COUNT; t++) theme_rows(&rs, &x, t, AGR_THEME_NAMES[t], res, covered, reached, v);
    /* Free-form themes some agreement switches on, each once, in order of appearance. */
    for (size_t ai = 0; ai < x.l->n; ai++) {
        const agreement *a = &x.l->a[ai];
        for (size_t k = 0; k < a->n_free_themes; k++) {
            const char *name = a->free_themes[k].name;
            int seen = !a->free_themes[k].on;
            for (size_t aj = 0; aj < ai && !seen; aj++) seen = has_theme(&x.l->a[aj], AGR_THEME_COUNT, name);
            for (size_t kk = 0; kk < k && !seen; kk++)
                seen = a->free_themes[kk].on && !strcmp(a->free_themes[kk].name, name);
            if (!seen) theme_rows(&rs, &x, AGR_THEME_COUNT, name, res, covered, reached, v);
        }
    }
    free(res);
    free(v);
    free(covered);
    agr_ctx_free(&x);
    return agr_rs_table(&rs, out);
}
