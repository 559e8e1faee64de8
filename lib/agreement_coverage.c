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

/* Sums for one theme and unit (unit: a district index, NO_INDEX - 1 for the municipality,
 * NO_INDEX for departments without a district). */
static void unit_sums(const agr_ctx *x, int t, const char *name, size_t unit, const double *res,
                      double v[N_V])
{
    const almen_case *c = x->c;
    const agr_list *l = x->l;
    memset(v, 0, N_V * sizeof *v);
    for (size_t di = 0; di < c->n_departments; di++) {
        const department *d = &c->departments[di];
        if (unit != NO_INDEX - 1 && d->district != unit) continue;
        int covered = 0;
        for (size_t ai = 0; ai < l->n && !covered; ai++)
            covered = has_theme(&l->a[ai], t, name) && agr_covers(x, ai, di);
        double dw = (double)d->family + d->youth + d->elderly;
        v[V_DEPTS_ALL] += 1;
        v[V_DW_ALL] += dw;
        v[V_FAM_ALL] += d->family;
        v[V_RES_ALL] += res[di];
        if (!covered) continue;
        v[V_DEPTS] += 1;
        v[V_DW] += dw;
        v[V_FAM] += d->family;
        v[V_RES] += res[di];
    }
    for (size_t ai = 0; ai < l->n; ai++) {
        if (!has_theme(&l->a[ai], t, name)) continue;
        for (size_t di = 0; di < c->n_departments; di++) {
            if ((unit == NO_INDEX - 1 || c->departments[di].district == unit) &&
                agr_covers(x, ai, di)) {
                v[V_AGREEMENTS] += 1;
                break;
            }
        }
    }
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

static void theme_rows(agr_rowset *rs, const agr_ctx *x, int t, const char *name,
                       const double *res)
{
    const almen_case *c = x->c;
    double v[N_V];
    unit_sums(x, t, name, NO_INDEX - 1, res, v);
    add_row(rs, name, "municipality", NULL, v);
    for (size_t k = 0; k < c->n_districts; k++) {
        unit_sums(x, t, name, k, res, v);
        add_row(rs, name, "district", c->districts[k].id, v);
    }
    int orphans = 0;
    for (size_t di = 0; di < c->n_departments; di++) orphans |= c->departments[di].district == NO_INDEX;
    if (!orphans) return;
    unit_sums(x, t, name, NO_INDEX, res, v);
    add_row(rs, name, "no_district", NULL, v);
}

almen_status almen_case_agreement_coverage(const almen_case *c, const char *date,
                                           const almen_agreement_options *o, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    agr_ctx x;
    int rc = agr_ctx_init(&x, c, date, o);
    if (rc) return rc;
    double *res = malloc((c->n_departments + 1) * sizeof *res);
    if (!res) {
        agr_ctx_free(&x);
        return almen_fail_nomem();
    }
    int y, m, d;
    agr_day_to_ymd(x.date, &y, &m, &d);
    for (size_t di = 0; di < c->n_departments; di++) res[di] = residents(&c->departments[di], y);
    agr_rowset rs;
    agr_rs_init(&rs, COLS, N_COLS);
    theme_rows(&rs, &x, -1, "any", res);
    for (int t = 0; t < AGR_THEME_COUNT; t++) theme_rows(&rs, &x, t, AGR_THEME_NAMES[t], res);
    /* Free-form themes some agreement switches on, each once, in order of appearance. */
    for (size_t ai = 0; ai < x.l->n; ai++) {
        const agreement *a = &x.l->a[ai];
        for (size_t k = 0; k < a->n_free_themes; k++) {
            const char *name = a->free_themes[k].name;
            int seen = !a->free_themes[k].on;
            for (size_t aj = 0; aj < ai && !seen; aj++) seen = has_theme(&x.l->a[aj], AGR_THEME_COUNT, name);
            for (size_t kk = 0; kk < k && !seen; kk++)
                seen = a->free_themes[kk].on && !strcmp(a->free_themes[kk].name, name);
            if (!seen) theme_rows(&rs, &x, AGR_THEME_COUNT, name, res);
        }
    }
    free(res);
    agr_ctx_free(&x);
    return agr_rs_table(&rs, out);
}
