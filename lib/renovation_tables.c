/* The result tables of renovation scenarios (almen/renovation.h). Every function runs the
 * selected scenarios afresh, then lays their results out as rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/renovation.h"
#include "error_internal.h"
#include "renovation_internal.h"
#include "table_internal.h"

/* ---- running the selected scenarios ------------------------------------------------------ */

typedef struct {
    rv_run *r;
    size_t n;
} runs;

static void runs_free(runs *rs)
{
    for (size_t i = 0; i < rs->n; i++) rv_run_free(&rs->r[i]);
    free(rs->r);
    rs->r = NULL;
    rs->n = 0;
}

static int runs_make(const almen_case *c, const char *scenario, runs *rs)
{
    rs->r = NULL;
    rs->n = 0;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    const rv_scenarios *ss = c->scenarios;
    size_t n = ss ? ss->n : 0, found = NO_INDEX;
    if (scenario) {
        for (size_t i = 0; i < n && found == NO_INDEX; i++)
            if (!strcmp(ss->items[i].id, scenario)) found = i;
        if (found == NO_INDEX)
            return almen_fail(ALMEN_ENOTFOUND, "no scenario '%s' in the case", scenario);
    }
    size_t want = scenario ? 1 : n;
    rs->r = calloc(want ? want : 1, sizeof *rs->r);
    if (!rs->r) return almen_fail_nomem();
    for (size_t i = 0; i < n; i++) {
        if (scenario && i != found) continue;
        int rc = rv_run_make(c, &ss->items[i], &rs->r[rs->n], NULL);
        if (rc) {
            runs_free(rs);
            return rc;
        }
        rs->n++;
    }
    return ALMEN_OK;
}

/* ---- building tables ------------------------------------------------------------------------- */

enum { C_STR, C_DBL, C_INT, C_BOOL };
typedef struct {
    const char *name;
    int kind;
} colspec;
typedef struct {
    double *d;
    int32_t *i;
    size_t index;
} col;

/* A table of nrows with the given columns; col[k] receives each column's storage. */
static almen_table *new_table(size_t nrows, const colspec *spec, size_t n, col *cols)
{
    almen_table *t = table_new(nrows);
    for (size_t k = 0; t && k < n; k++) {
        cols[k] = (col){NULL, NULL, k};
        int ok = 1;
        switch (spec[k].kind) {
        case C_STR: ok = table_add_string(t, spec[k].name) >= 0; break;
        case C_DBL: ok = (cols[k].d = table_add_double(t, spec[k].name)) != NULL; break;
        case C_INT: ok = (cols[k].i = table_add_int(t, spec[k].name)) != NULL; break;
        default: ok = (cols[k].i = table_add_bool(t, spec[k].name)) != NULL; break;
        }
        if (!ok) {
            almen_table_free(t);
            t = NULL;
        }
    }
    return t;
}

/* Sets a string cell; *ok turns 0 on failure (out of memory, recorded). */
static void put_str(almen_table *t, const col *c, size_t row, const char *s, int *ok)
{
    if (*ok && table_set_string(t, c->index, row, s)) *ok = 0;
}

static int done(almen_table *t, int ok, runs *rs, almen_table **out)
{
    runs_free(rs);
    if (!ok) {
        almen_table_free(t);
        return ALMEN_ENOMEM;
    }
    *out = t;
    return ALMEN_OK;
}

#define MAX_COLS 20

/* A table's shape: its columns after `scenario`, how many rows a run has, and how to fill
 * them (rows first..first + count - 1; the scenario column is filled by build). */
typedef struct {
    colspec cols[MAX_COLS];
    size_t (*count)(const rv_run *r);
    void (*fill)(almen_table *t, const col *k, const rv_run *r, size_t first, int *ok);
} layout;

static almen_status build(const almen_case *c, const char *scenario, const layout *l,
                          almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    runs rs;
    int rc = runs_make(c, scenario, &rs);
    if (rc) return rc;
    colspec spec[MAX_COLS + 1] = {{"scenario", C_STR}};
    size_t n = 0;
    while (n < MAX_COLS && l->cols[n].name) {
        spec[n + 1] = l->cols[n];
        n++;
    }
    size_t rows = 0;
    for (size_t i = 0; i < rs.n; i++) rows += l->count(&rs.r[i]);
    col k[MAX_COLS + 1];
    almen_table *t = new_table(rows, spec, n + 1, k);
    int ok = t != NULL;
    size_t row = 0;
    for (size_t i = 0; ok && i < rs.n; i++) {
        size_t m = l->count(&rs.r[i]);
        /* k + 1: the fill functions number the columns after `scenario` from 0 */
        l->fill(t, k + 1, &rs.r[i], row, &ok);
        for (size_t q = row; q < row + m; q++) put_str(t, &k[0], q, rs.r[i].s->id, &ok);
        row += m;
    }
    return done(t, ok, &rs, out);
}

static const char *dept_id(const rv_run *r, size_t j)
{
    return r->c->departments[r->s->depts[j]].id;
}

static size_t one(const rv_run *r)
{
    (void)r;
    return 1;
}

/* ---- the scenarios ------------------------------------------------------------------------- */

static void fill_scenarios(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    const rv_scenario *s = r->s;
    put_str(t, &k[0], row, s->name ? s->name : s->id, ok);
    strbuf sb;
    sb_init(&sb);
    for (size_t j = 0; j < s->n_depts; j++) sb_printf(&sb, "%s%s", j ? ", " : "", dept_id(r, j));
    char *joined = NULL;
    if (sb_finish(&sb, &joined)) *ok = 0;
    put_str(t, &k[1], row, joined, ok);
    free(joined);
    k[2].i[row] = r->y0;
    k[3].i[row] = r->after_year;
    k[4].i[row] = r->first_payment_year ? r->first_payment_year : ALMEN_NA_INT;
    k[5].i[row] = r->y1;
    k[6].i[row] = (int32_t)s->n_works;
    k[7].i[row] = (int32_t)s->n_changes;
    put_str(t, &k[8], row, r->area == NO_INDEX ? NULL : r->c->areas[r->area].id, ok);
}

almen_status almen_case_scenarios(const almen_case *c, almen_table **out)
{
    static const layout l = {{{"name", C_STR}, {"departments", C_STR}, {"base_year", C_INT},
                              {"after_year", C_INT}, {"first_payment_year", C_INT},
                              {"horizon", C_INT}, {"works", C_INT}, {"changes", C_INT},
                              {"area", C_STR}},
                             one, fill_scenarios};
    return build(c, NULL, &l, out);
}

/* ---- costs and financing -------------------------------------------------------------------- */

static size_t n_costs(const rv_run *r) { return r->s->n_works + 2 * r->s->n_rehousing; }

static void fill_costs(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    const rv_scenario *s = r->s;
    const almen_case *c = r->c;
    for (size_t w = 0; w < s->n_works; w++, row++) {
        const rv_work *wk = &s->works[w];
        put_str(t, &k[0], row, wk->name, ok);
        put_str(t, &k[1], row, "works", ok);
        put_str(t, &k[2], row, wk->dept == NO_INDEX ? NULL : c->departments[wk->dept].id, ok);
        k[3].i[row] = wk->year;
        k[4].i[row] = wk->supported;
        k[5].d[row] = r->work_amount[w];
    }
    for (size_t h = 0; h < s->n_rehousing; h++) {
        const rv_rehousing *rh = &s->rehousing[h];
        for (int part = 0; part < 2; part++, row++) {
            const char *kind = part ? "rehousing" : "vacancy_loss";
            put_str(t, &k[0], row, kind, ok);
            put_str(t, &k[1], row, kind, ok);
            put_str(t, &k[2], row, c->departments[rh->dept].id, ok);
            k[3].i[row] = rh->year;
            k[4].i[row] = rh->supported;
            k[5].d[row] = part ? r->moving[h] : r->vacancy[h];
        }
    }
}

almen_status almen_renovation_costs(const almen_case *c, const char *scenario, almen_table **out)
{
    static const layout l = {{{"item", C_STR}, {"kind", C_STR}, {"department", C_STR},
                              {"year", C_INT}, {"supported", C_BOOL}, {"amount", C_DBL}},
                             n_costs, fill_costs};
    return build(c, scenario, &l, out);
}

static size_t n_sources(const rv_run *r) { return 3 + r->s->financing.n_mortgages; }

static void fill_financing(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    const rv_financing *f = &r->s->financing;
    put_str(t, &k[0], row, "supported_loan", ok);
    put_str(t, &k[1], row, "supported", ok);
    k[2].d[row++] = r->principal_s;
    for (size_t m = 0; m < f->n_mortgages; m++) {
        put_str(t, &k[0], row, "mortgage_loan", ok);
        put_str(t, &k[1], row, f->mortgages[m].name, ok);
        k[2].d[row++] = r->mortgage_principal[m];
    }
    put_str(t, &k[0], row, "dispositionsfond", ok);
    k[2].d[row++] = r->disp_used;
    put_str(t, &k[0], row, "traekningsret", ok);
    k[2].d[row] = r->traek_used;
}

almen_status almen_renovation_financing(const almen_case *c, const char *scenario,
                                        almen_table **out)
{
    static const layout l = {{{"source", C_STR}, {"name", C_STR}, {"amount", C_DBL}},
                             n_sources, fill_financing};
    return build(c, scenario, &l, out);
}

static size_t n_periods(const rv_run *r)
{
    size_t n = 0;
    for (size_t l = 0; l < r->n_loans; l++) n += (size_t)r->loans[l].n;
    return n;
}

static void fill_loans(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    for (size_t l = 0; l < r->n_loans; l++) {
        const rv_loan *ln = &r->loans[l];
        for (int p = 0; p < ln->n; p++, row++) {
            put_str(t, &k[0], row, ln->name, ok);
            k[1].i[row] = p + 1;
            k[2].i[row] = ln->start_year + p / ln->per_year;
            k[3].d[row] = ln->payment[p];
            k[4].d[row] = ln->interest[p];
            k[5].d[row] = ln->repaid[p];
            k[6].d[row] = ln->balance[p];
        }
    }
}

almen_status almen_renovation_loans(const almen_case *c, const char *scenario, almen_table **out)
{
    static const layout l = {{{"loan", C_STR}, {"period", C_INT}, {"year", C_INT},
                              {"payment", C_DBL}, {"interest", C_DBL}, {"principal", C_DBL},
                              {"balance", C_DBL}},
                             n_periods, fill_loans};
    return build(c, scenario, &l, out);
}

/* ---- money by year and by payer ------------------------------------------------------------ */

static size_t n_years(const rv_run *r) { return r->ny; }

static void fill_cashflows(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    (void)t;
    (void)ok;
    const double *v[] = {r->cost_year, r->sup_pay, r->res_pay, r->support,
                         r->mort_pay,  r->own,     r->inj,     r->grant};
    for (size_t y = 0; y < r->ny; y++, row++) {
        k[0].i[row] = r->y0 + (int)y;
        for (size_t q = 0; q < 8; q++) k[1 + q].d[row] = v[q][y];
        double total = 0;
        for (int p = 0; p < RV_PAYERS; p++) {
            k[9 + p].d[row] = r->payer[(size_t)p * r->ny + y];
            total += r->payer[(size_t)p * r->ny + y];
        }
        k[14].d[row] = total;
    }
}

almen_status almen_renovation_cashflows(const almen_case *c, const char *scenario,
                                        almen_table **out)
{
    static const layout l = {
        {{"year", C_INT}, {"project_cost", C_DBL}, {"supported_payment", C_DBL},
         {"residents_payment", C_DBL}, {"fund_support", C_DBL}, {"mortgage_payment", C_DBL},
         {"own_funds", C_DBL}, {"capital_injection", C_DBL}, {"rent_grants", C_DBL},
         {"residents", C_DBL}, {"fund", C_DBL}, {"municipality", C_DBL},
         {"organisation", C_DBL}, {"lender", C_DBL}, {"total", C_DBL}},
        n_years, fill_cashflows};
    return build(c, scenario, &l, out);
}

static size_t n_payers(const rv_run *r)
{
    (void)r;
    return RV_PAYERS;
}

static void fill_npv(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    for (int p = 0; p < RV_PAYERS; p++, row++) {
        put_str(t, &k[0], row, RV_PAYER_NAMES[p], ok);
        k[1].d[row] = r->s->discount_rate;
        k[2].d[row] = r->npv[p];
    }
}

almen_status almen_renovation_npv(const almen_case *c, const char *scenario, almen_table **out)
{
    static const layout l = {{{"payer", C_STR}, {"discount_rate", C_DBL}, {"npv", C_DBL}},
                             n_payers, fill_npv};
    return build(c, scenario, &l, out);
}

/* ---- rents ------------------------------------------------------------------------------------ */

/* The average dwelling's monthly rent from a yearly rent per m². */
static double per_month(double rent_m2, double area, int32_t dwellings)
{
    return dwellings > 0 ? rent_m2 * area / dwellings / 12 : NAN;
}

static double increase_pct(double before, double after)
{
    return before > 0 ? 100 * (after - before) / before : NAN;
}

/* increase > pct % of before, compared without dividing so that exactly pct is not above
 * it; NA when the rents are unknown. */
static int32_t above(double before, double after, double pct)
{
    if (isnan(before) || isnan(after)) return ALMEN_NA_INT;
    return 100 * (after - before) > pct * before;
}

static size_t n_depts(const rv_run *r) { return r->s->n_depts; }

static void fill_rents(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    for (size_t j = 0; j < r->s->n_depts; j++, row++) {
        double before = r->c->departments[r->s->depts[j]].rent;
        double after = rv_rent_m2(r, j, r->after_year);
        double a0 = rv_dept_area(r, j, r->y0), a1 = rv_dept_area(r, j, r->after_year);
        int32_t n0 = rv_dept_dwellings(r, j, r->y0), n1 = rv_dept_dwellings(r, j, r->after_year);
        put_str(t, &k[0], row, dept_id(r, j), ok);
        k[1].i[row] = n0;
        k[2].i[row] = n1;
        k[3].d[row] = a0;
        k[4].d[row] = a1;
        k[5].d[row] = before;
        k[6].d[row] = after;
        k[7].d[row] = per_month(before, a0, n0);
        k[8].d[row] = per_month(after, a1, n1);
        k[9].d[row] = increase_pct(before, after);
        k[10].i[row] = above(before, after, RV_BALLOT_PCT);
        k[11].i[row] = above(before, after, RV_APPROVAL_PCT);
    }
}

almen_status almen_renovation_rents(const almen_case *c, const char *scenario, almen_table **out)
{
    static const layout l = {
        {{"department", C_STR}, {"dwellings_before", C_INT}, {"dwellings_after", C_INT},
         {"floor_area_before", C_DBL}, {"floor_area_after", C_DBL}, {"rent_m2_before", C_DBL},
         {"rent_m2_after", C_DBL}, {"rent_month_before", C_DBL}, {"rent_month_after", C_DBL},
         {"increase_pct", C_DBL}, {"ballot_may_be_demanded", C_BOOL},
         {"municipal_approval_needed", C_BOOL}},
        n_depts, fill_rents};
    return build(c, scenario, &l, out);
}

static size_t n_dept_years(const rv_run *r) { return r->s->n_depts * r->ny; }

static void fill_rent_path(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    for (size_t j = 0; j < r->s->n_depts; j++) {
        double before = r->c->departments[r->s->depts[j]].rent;
        for (size_t y = 0; y < r->ny; y++, row++) {
            int year = r->y0 + (int)y;
            double rent = rv_rent_m2(r, j, year), area = rv_dept_area(r, j, year);
            int32_t n = rv_dept_dwellings(r, j, year);
            put_str(t, &k[0], row, dept_id(r, j), ok);
            k[1].i[row] = year;
            k[2].i[row] = n;
            k[3].d[row] = area;
            k[4].d[row] = r->extra[j * r->ny + y];
            k[5].d[row] = rent;
            k[6].d[row] = per_month(rent, area, n);
            k[7].d[row] = increase_pct(before, rent);
        }
    }
}

almen_status almen_renovation_rent_path(const almen_case *c, const char *scenario,
                                        almen_table **out)
{
    static const layout l = {{{"department", C_STR}, {"year", C_INT}, {"dwellings", C_INT},
                              {"floor_area", C_DBL}, {"extra_cost", C_DBL}, {"rent_m2", C_DBL},
                              {"rent_month", C_DBL}, {"increase_pct", C_DBL}},
                             n_dept_years, fill_rent_path};
    return build(c, scenario, &l, out);
}

/* ---- affordability ---------------------------------------------------------------------------- */

/* Dwellings at or below band kr a month in the scenario's departments (year y0 with the
 * case's rent when !after, else the after year), and, with whole_case, in every other
 * department of the case too (unchanged by the scenario; floor area split by the same
 * typical sizes). */
static double cheap(const rv_run *r, double band, int after, int whole_case)
{
    const almen_case *c = r->c;
    const rv_scenario *s = r->s;
    double n = 0;
    int year = after ? r->after_year : r->y0;
    size_t k = rv_state(r, year);
    for (size_t j = 0; j < s->n_depts; j++) {
        double rent = after ? rv_rent_m2(r, j, year) : c->departments[s->depts[j]].rent;
        for (int t = 0; t < DW_TYPES; t++) {
            int32_t cnt = r->count[(j * r->nst + k) * DW_TYPES + (size_t)t];
            double area = r->tarea[(j * r->nst + k) * DW_TYPES + (size_t)t];
            if (cnt > 0 && rent * (area / cnt) / 12 <= band) n += cnt;
        }
    }
    if (!whole_case) return n;
    for (size_t i = 0; i < c->n_departments; i++) {
        const department *d = &c->departments[i];
        int mine = 0;
        for (size_t j = 0; j < s->n_depts; j++) mine |= s->depts[j] == i;
        int32_t cnt[DW_TYPES] = {d->family, d->youth, d->elderly};
        double w = 0;
        for (int t = 0; t < DW_TYPES; t++) w += cnt[t] * s->afford.size[t];
        if (mine || isnan(d->rent) || isnan(d->floor_area) || !(w > 0)) continue;
        for (int t = 0; t < DW_TYPES; t++) {
            double area = d->floor_area * cnt[t] * s->afford.size[t] / w;
            if (cnt[t] > 0 && d->rent * (area / cnt[t]) / 12 <= band) n += cnt[t];
        }
    }
    return n;
}

static size_t n_bands(const rv_run *r) { return r->s->afford.n_bands; }

static void fill_affordability(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    (void)t;
    (void)ok;
    for (size_t b = 0; b < r->s->afford.n_bands; b++, row++) {
        double band = r->s->afford.bands[b];
        k[0].d[row] = band;
        k[1].d[row] = cheap(r, band, 0, 0);
        k[2].d[row] = cheap(r, band, 1, 0);
        k[3].d[row] = cheap(r, band, 0, 1);
        k[4].d[row] = cheap(r, band, 1, 1);
    }
}

almen_status almen_renovation_affordability(const almen_case *c, const char *scenario,
                                            almen_table **out)
{
    static const layout l = {{{"band", C_DBL}, {"scenario_before", C_DBL},
                              {"scenario_after", C_DBL}, {"case_before", C_DBL},
                              {"case_after", C_DBL}},
                             n_bands, fill_affordability};
    return build(c, scenario, &l, out);
}

/* ---- the §168a count ----------------------------------------------------------------------------- */

typedef struct {
    double family, almene, private_, commercial, demolished, denominator, pct;
} share_count;

/* The count on 1 January of year: almene family dwellings over all dwellings in the area,
 * commercial floor area as dwellings of m2_per_dwelling, dwellings demolished since 2010
 * kept in the denominator when keep_demolished. */
static share_count count_share(const rv_run *r, int year)
{
    const almen_case *c = r->c;
    const rv_share *sh = &r->s->share;
    share_count q = {0, 0, 0, 0, 0, 0, NAN};
    size_t k = rv_state(r, year);
    for (size_t i = 0; i < c->n_departments; i++) {
        const department *d = &c->departments[i];
        if (d->area != r->area) continue;
        size_t j = NO_INDEX;
        for (size_t m = 0; m < r->s->n_depts; m++)
            if (r->s->depts[m] == i) j = m;
        int32_t n[DW_TYPES] = {d->family, d->youth, d->elderly};
        if (j != NO_INDEX)
            for (int t = 0; t < DW_TYPES; t++) n[t] = r->count[(j * r->nst + k) * DW_TYPES + (size_t)t];
        q.family += n[DW_FAMILY];
        q.almene += n[DW_FAMILY] + n[DW_YOUTH] + n[DW_ELDERLY];
    }
    q.private_ = sh->private_dwellings + r->sold[k] + r->new_private[k];
    q.commercial = (sh->commercial_floor_area + r->new_commercial[k]) / sh->m2_per_dwelling;
    q.demolished = sh->keep_demolished ? sh->demolished_since_2010 + r->demolished[k] : 0;
    q.denominator = q.almene + q.private_ + q.commercial + q.demolished;
    if (q.denominator > 0) q.pct = 100 * q.family / q.denominator;
    return q;
}

/* The share within the limit ("højst 40 %": at most, so exactly the limit is within). */
static int32_t within(const rv_run *r, double pct)
{
    return isnan(pct) ? ALMEN_NA_INT : pct <= r->s->share.max_pct;
}

static size_t n_share_years(const rv_run *r)
{
    if (r->area == NO_INDEX || r->s->share.target_year < r->y0) return 0;
    return (size_t)(r->s->share.target_year - r->y0 + 1);
}

static void fill_family_share(almen_table *t, const col *k, const rv_run *r, size_t row, int *ok)
{
    size_t n = n_share_years(r);
    for (size_t y = 0; y < n; y++, row++) {
        int year = r->y0 + (int)y;
        share_count q = count_share(r, year);
        put_str(t, &k[0], row, r->c->areas[r->area].id, ok);
        k[1].i[row] = year;
        const double v[] = {q.family,     q.almene,      q.private_, q.commercial,
                            q.demolished, q.denominator, q.pct};
        for (size_t m = 0; m < 7; m++) k[2 + m].d[row] = v[m];
        k[9].i[row] = within(r, q.pct);
        k[10].i[row] = year == r->s->share.target_year;
    }
}

almen_status almen_renovation_family_share(const almen_case *c, const char *scenario,
                                           almen_table **out)
{
    static const layout l = {
        {{"area", C_STR}, {"year", C_INT}, {"family_dwellings", C_DBL},
         {"almene_dwellings", C_DBL}, {"private_dwellings", C_DBL},
         {"commercial_dwellings", C_DBL}, {"demolished_kept", C_DBL}, {"denominator", C_DBL},
         {"family_share_pct", C_DBL}, {"within_limit", C_BOOL}, {"target_year", C_BOOL}},
        n_share_years, fill_family_share};
    return build(c, scenario, &l, out);
}

/* ---- the scenarios side by side --------------------------------------------------------------- */

typedef enum {
    MX_PROJECT_COST, MX_SUPPORTED_COST, MX_UNSUPPORTED_COST, MX_VACANCY, MX_REHOUSING,
    MX_SUPPORTED_LOAN, MX_MORTGAGES, MX_DISPOSITIONSFOND, MX_TRAEKNINGSRET,
    MX_FIRST_PAYMENT_YEAR, MX_RESIDENTS_PAYMENT_1, MX_FUND_SUPPORT_1,
    MX_NPV_RESIDENTS, MX_NPV_FUND, MX_NPV_MUNICIPALITY, MX_NPV_ORGANISATION, MX_NPV_LENDER,
    MX_DISCOUNT_RATE, MX_AFTER_YEAR, MX_RENT_BEFORE, MX_RENT_AFTER, MX_RENT_INCREASE,
    MX_MAX_INCREASE, MX_BALLOT, MX_APPROVAL, MX_DWELLINGS_BEFORE, MX_DWELLINGS_AFTER,
    MX_SHARE_BASE, MX_SHARE_TARGET, MX_SHARE_WITHIN, MX_FIXED
} metric;

static const struct {
    const char *name, *unit;
} METRICS[MX_FIXED] = {
    {"project_cost", "kr"}, {"supported_cost", "kr"}, {"unsupported_cost", "kr"},
    {"vacancy_loss", "kr"}, {"rehousing_cost", "kr"}, {"supported_loan", "kr"},
    {"mortgage_loans", "kr"}, {"dispositionsfond_used", "kr"}, {"traekningsret_used", "kr"},
    {"first_payment_year", "year"}, {"residents_payment_first_year", "kr"},
    {"fund_support_first_year", "kr"}, {"npv_residents", "kr"}, {"npv_fund", "kr"},
    {"npv_municipality", "kr"}, {"npv_organisation", "kr"}, {"npv_lender", "kr"},
    {"discount_rate", "rate"}, {"after_year", "year"}, {"rent_m2_before", "kr/m2/year"},
    {"rent_m2_after", "kr/m2/year"}, {"rent_increase_pct", "%"},
    {"max_department_increase_pct", "%"}, {"departments_ballot", "count"},
    {"departments_approval", "count"}, {"dwellings_before", "count"},
    {"dwellings_after", "count"}, {"family_share_base_pct", "%"},
    {"family_share_target_pct", "%"}, {"family_share_within_limit", "flag"}};

static double fixed_metric(const rv_run *r, metric m)
{
    const almen_case *c = r->c;
    const rv_scenario *s = r->s;
    double v = 0, area0 = 0, area1 = 0, rent0 = 0, rent1 = 0;
    switch (m) {
    case MX_PROJECT_COST: return r->total_s + r->total_u;
    case MX_SUPPORTED_COST: return r->total_s;
    case MX_UNSUPPORTED_COST: return r->total_u;
    case MX_VACANCY:
        for (size_t i = 0; i < s->n_rehousing; i++) v += r->vacancy[i];
        return v;
    case MX_REHOUSING:
        for (size_t i = 0; i < s->n_rehousing; i++) v += r->moving[i];
        return v;
    case MX_SUPPORTED_LOAN: return r->principal_s;
    case MX_MORTGAGES:
        for (size_t i = 0; i < s->financing.n_mortgages; i++) v += r->mortgage_principal[i];
        return v;
    case MX_DISPOSITIONSFOND: return r->disp_used;
    case MX_TRAEKNINGSRET: return r->traek_used;
    case MX_FIRST_PAYMENT_YEAR: return r->first_payment_year ? r->first_payment_year : NAN;
    case MX_RESIDENTS_PAYMENT_1:
    case MX_FUND_SUPPORT_1:
        if (!r->first_payment_year || r->first_payment_year > r->y1) return NAN;
        return (m == MX_FUND_SUPPORT_1 ? r->support : r->res_pay)[r->first_payment_year - r->y0];
    case MX_NPV_RESIDENTS:
    case MX_NPV_FUND:
    case MX_NPV_MUNICIPALITY:
    case MX_NPV_ORGANISATION:
    case MX_NPV_LENDER: return r->npv[m - MX_NPV_RESIDENTS];
    case MX_DISCOUNT_RATE: return s->discount_rate;
    case MX_AFTER_YEAR: return r->after_year;
    case MX_RENT_BEFORE:
    case MX_RENT_AFTER:
    case MX_RENT_INCREASE:
        /* Floor-area weighted over the departments with a rent. */
        for (size_t j = 0; j < s->n_depts; j++) {
            double before = c->departments[s->depts[j]].rent;
            if (isnan(before)) continue;
            area0 += rv_dept_area(r, j, r->y0);
            rent0 += before * rv_dept_area(r, j, r->y0);
            double a1 = rv_dept_area(r, j, r->after_year);
            if (a1 > 0) {
                area1 += a1;
                rent1 += rv_rent_m2(r, j, r->after_year) * a1;
            }
        }
        if (m == MX_RENT_BEFORE) return area0 > 0 ? rent0 / area0 : NAN;
        if (m == MX_RENT_AFTER) return area1 > 0 ? rent1 / area1 : NAN;
        return area0 > 0 && area1 > 0 ? increase_pct(rent0 / area0, rent1 / area1) : NAN;
    case MX_MAX_INCREASE:
    case MX_BALLOT:
    case MX_APPROVAL:
        v = m == MX_MAX_INCREASE ? NAN : 0;
        for (size_t j = 0; j < s->n_depts; j++) {
            double before = c->departments[s->depts[j]].rent;
            double after = rv_rent_m2(r, j, r->after_year);
            if (m == MX_MAX_INCREASE) {
                double p = increase_pct(before, after);
                if (!isnan(p) && !(p <= v)) v = p;
            } else {
                v += above(before, after, m == MX_BALLOT ? RV_BALLOT_PCT : RV_APPROVAL_PCT) == 1;
            }
        }
        return v;
    case MX_DWELLINGS_BEFORE:
    case MX_DWELLINGS_AFTER:
        for (size_t j = 0; j < s->n_depts; j++)
            v += rv_dept_dwellings(r, j, m == MX_DWELLINGS_BEFORE ? r->y0 : r->after_year);
        return v;
    case MX_SHARE_BASE: return r->area == NO_INDEX ? NAN : count_share(r, r->y0).pct;
    case MX_SHARE_TARGET:
    case MX_SHARE_WITHIN: {
        if (r->area == NO_INDEX || s->share.target_year < r->y0) return NAN;
        double pct = count_share(r, s->share.target_year).pct;
        if (m == MX_SHARE_TARGET) return pct;
        int32_t w = within(r, pct);
        return w == ALMEN_NA_INT ? NAN : w;
    }
    default: return NAN;
    }
}

/* The affordability bands of all the runs, in order of first appearance. */
static double *union_bands(const runs *rs, size_t *n)
{
    size_t cap = 0;
    for (size_t i = 0; i < rs->n; i++) cap += rs->r[i].s->afford.n_bands;
    double *b = malloc((cap ? cap : 1) * sizeof *b);
    *n = 0;
    if (!b) return NULL;
    for (size_t i = 0; i < rs->n; i++) {
        const rv_afford *a = &rs->r[i].s->afford;
        for (size_t k = 0; k < a->n_bands; k++) {
            int seen = 0;
            for (size_t m = 0; m < *n; m++) seen |= b[m] == a->bands[k];
            if (!seen) b[(*n)++] = a->bands[k];
        }
    }
    return b;
}

static int has_band(const rv_run *r, double band)
{
    for (size_t k = 0; k < r->s->afford.n_bands; k++)
        if (r->s->afford.bands[k] == band) return 1;
    return 0;
}

almen_status almen_renovation_compare(const almen_case *c, const char *scenario,
                                      almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    runs rs;
    int rc = runs_make(c, scenario, &rs);
    if (rc) return rc;
    size_t nb;
    double *bands = union_bands(&rs, &nb);
    size_t rows = MX_FIXED + 2 * nb;
    almen_table *t = bands ? table_new(rows) : NULL;
    int ok = t && table_add_string(t, "metric") == 0 && table_add_string(t, "unit") == 1;
    double **v = calloc(rs.n ? rs.n : 1, sizeof *v);
    ok = ok && v;
    for (size_t i = 0; ok && i < rs.n; i++) ok = (v[i] = table_add_double(t, rs.r[i].s->id)) != NULL;
    for (size_t m = 0; ok && m < MX_FIXED; m++) {
        put_str(t, &(col){NULL, NULL, 0}, m, METRICS[m].name, &ok);
        put_str(t, &(col){NULL, NULL, 1}, m, METRICS[m].unit, &ok);
        for (size_t i = 0; i < rs.n; i++) v[i][m] = fixed_metric(&rs.r[i], (metric)m);
    }
    for (size_t b = 0; ok && b < nb; b++) {
        for (int after = 0; after < 2; after++) {
            size_t row = MX_FIXED + 2 * b + (size_t)after;
            char name[80];
            snprintf(name, sizeof name, "dwellings_rent_le_%.0f_%s", bands[b],
                     after ? "after" : "before");
            put_str(t, &(col){NULL, NULL, 0}, row, name, &ok);
            put_str(t, &(col){NULL, NULL, 1}, row, "count", &ok);
            for (size_t i = 0; i < rs.n; i++)
                v[i][row] = has_band(&rs.r[i], bands[b]) ? cheap(&rs.r[i], bands[b], after, 0) : NAN;
        }
    }
    if (!bands || !v) almen_fail_nomem();
    free(bands);
    free(v);
    return done(t, ok, &rs, out);
}
