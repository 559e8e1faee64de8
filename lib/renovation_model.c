/* Running a renovation scenario: physical changes year by year, the project cost, its
 * financing, the loans' schedules, who pays what each year and what it does to the rent.
 * The method and every assumption are in docs/renovation.md. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/finance.h"
#include "error_internal.h"
#include "renovation_internal.h"

const char *const RV_PAYER_NAMES[RV_PAYERS] = {"residents", "fund", "municipality",
                                               "organisation", "lender"};

static void *block(rv_run *r, size_t n, size_t size)
{
    if (r->n_blocks == sizeof r->blocks / sizeof r->blocks[0]) return NULL;
    void *p = calloc(n ? n : 1, size);
    if (p) r->blocks[r->n_blocks++] = p;
    return p;
}

void rv_run_free(rv_run *r)
{
    for (size_t i = 0; i < r->n_blocks; i++) free(r->blocks[i]);
    memset(r, 0, sizeof *r);
}

static int fail_at(rv_where *w, rv_part part, size_t index, const char *fmt, ...)
    ALMEN_PRINTF(4, 5);
static int fail_at(rv_where *w, rv_part part, size_t index, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    w->part = part;
    w->index = index;
    return almen_fail(ALMEN_EINPUT, "%s", msg);
}

static int imax(int a, int b) { return a > b ? a : b; }

size_t rv_state(const rv_run *r, int year)
{
    size_t k = year > r->y0 ? (size_t)(year - r->y0) : 0;
    return k < r->nst ? k : r->nst - 1;
}

static size_t slot(const rv_run *r, size_t j, size_t k, int t)
{
    return (j * r->nst + k) * DW_TYPES + (size_t)t;
}

double rv_dept_area(const rv_run *r, size_t j, int year)
{
    size_t k = rv_state(r, year);
    double a = 0;
    for (int t = 0; t < DW_TYPES; t++) a += r->tarea[slot(r, j, k, t)];
    return a;
}

int32_t rv_dept_dwellings(const rv_run *r, size_t j, int year)
{
    size_t k = rv_state(r, year);
    int32_t n = 0;
    for (int t = 0; t < DW_TYPES; t++) n += r->count[slot(r, j, k, t)];
    return n;
}

static size_t year_index(const rv_run *r, int year) { return (size_t)(year - r->y0); }

double rv_rent_m2(const rv_run *r, size_t j, int year)
{
    const department *d = &r->c->departments[r->s->depts[j]];
    double area = rv_dept_area(r, j, year);
    if (isnan(d->rent) || !(area > 0)) return NAN;
    return d->rent + r->extra[j * r->ny + year_index(r, year)] / area;
}

static size_t scenario_index(const rv_scenario *s, size_t dept)
{
    for (size_t j = 0; j < s->n_depts; j++)
        if (s->depts[j] == dept) return j;
    return NO_INDEX;
}

/* ---- dwellings and floor area, year by year ---------------------------------------------- */

/* The base year: the case's dwellings, and its floor area split between the types in
 * proportion to count x typical size (the case has one floor area per department). */
static void base_state(rv_run *r)
{
    const rv_scenario *s = r->s;
    for (size_t j = 0; j < s->n_depts; j++) {
        const department *d = &r->c->departments[s->depts[j]];
        int32_t n[DW_TYPES] = {d->family, d->youth, d->elderly};
        double w = 0;
        for (int t = 0; t < DW_TYPES; t++) w += n[t] * s->afford.size[t];
        for (int t = 0; t < DW_TYPES; t++) {
            r->count[slot(r, j, 0, t)] = n[t];
            r->tarea[slot(r, j, 0, t)] = d->floor_area * n[t] * s->afford.size[t] / w;
        }
    }
}

static int in_area(const rv_run *r, size_t dept)
{
    return r->area != NO_INDEX && r->c->departments[dept].area == r->area;
}

/* Applies change i to state k (a copy of the state before it). */
static int apply_change(rv_run *r, size_t i, size_t k, rv_where *w)
{
    const rv_change *ch = &r->s->changes[i];
    if (ch->kind == CH_PRIVATE) {
        r->new_private[k] += ch->dwellings;
        return ALMEN_OK;
    }
    if (ch->kind == CH_COMMERCIAL) {
        r->new_commercial[k] += ch->floor_area;
        return ALMEN_OK;
    }
    size_t j = scenario_index(r->s, ch->dept);
    int32_t *n = &r->count[slot(r, j, k, ch->type)];
    double *a = &r->tarea[slot(r, j, k, ch->type)];
    const char *dep = r->c->departments[ch->dept].id;
    if (*n < ch->dwellings)
        return fail_at(w, AT_CHANGE, i, "department %s has only %ld %s dwellings left by then",
                       dep, (long)*n, RV_DWELLING_TYPES[ch->type]);
    double avg = *a / *n;
    switch (ch->kind) {
    case CH_DEMOLISH:
    case CH_SELL: {
        double fa = isnan(ch->floor_area) ? avg * ch->dwellings : ch->floor_area;
        if (fa > *a * (1 + 1e-12))
            return fail_at(w, AT_CHANGE, i, "department %s has only %g m² of %s dwellings", dep,
                           *a, RV_DWELLING_TYPES[ch->type]);
        *n -= ch->dwellings;
        *a = *n ? fmax(*a - fa, 0) : 0;
        if (in_area(r, ch->dept)) {
            if (ch->kind == CH_SELL) r->sold[k] += ch->dwellings;
            else if (ch->year >= 2010) r->demolished[k] += ch->dwellings;
        }
        break;
    }
    case CH_CONVERT: {
        double moved = avg * ch->dwellings;
        *n -= ch->dwellings;
        *a = *n ? *a - moved : 0;
        r->count[slot(r, j, k, ch->to)] += ch->into == ALMEN_NA_INT ? ch->dwellings : ch->into;
        r->tarea[slot(r, j, k, ch->to)] += moved;
        break;
    }
    default: /* merge: fewer, larger dwellings of the same type in the same floor area */
        *n -= ch->dwellings - ch->into;
        break;
    }
    return ALMEN_OK;
}

static int simulate_states(rv_run *r, rv_where *w)
{
    base_state(r);
    for (size_t k = 1; k < r->nst; k++) {
        /* The state of 1 January of year y0 + k: everything done by the end of the year before. */
        for (size_t j = 0; j < r->s->n_depts; j++) {
            memcpy(&r->count[slot(r, j, k, 0)], &r->count[slot(r, j, k - 1, 0)],
                   DW_TYPES * sizeof *r->count);
            memcpy(&r->tarea[slot(r, j, k, 0)], &r->tarea[slot(r, j, k - 1, 0)],
                   DW_TYPES * sizeof *r->tarea);
        }
        r->sold[k] = r->sold[k - 1];
        r->new_private[k] = r->new_private[k - 1];
        r->new_commercial[k] = r->new_commercial[k - 1];
        r->demolished[k] = r->demolished[k - 1];
        for (size_t i = 0; i < r->s->n_changes; i++) {
            if (r->s->changes[i].year != r->y0 + (int)k - 1) continue;
            int rc = apply_change(r, i, k, w);
            if (rc) return rc;
        }
    }
    return ALMEN_OK;
}

/* ---- costs and financing ------------------------------------------------------------------ */

static int compute_costs(rv_run *r, rv_where *w)
{
    const rv_scenario *s = r->s;
    const almen_case *c = r->c;
    int last = r->after_year;
    double total_area = 0;
    for (size_t j = 0; j < s->n_depts; j++) total_area += rv_dept_area(r, j, last);
    for (size_t i = 0; i < s->n_works; i++) {
        const rv_work *wk = &s->works[i];
        size_t j = wk->dept == NO_INDEX ? NO_INDEX : scenario_index(s, wk->dept);
        double area = j == NO_INDEX ? total_area : rv_dept_area(r, j, last);
        double amount = isnan(wk->amount) ? wk->per_m2 * area : wk->amount;
        r->work_amount[i] = amount;
        if (amount > 0 && !(area > 0))
            return fail_at(w, AT_WORK, i, "%s has no floor area left after the changes to carry "
                           "the works (%g kr)",
                           j == NO_INDEX ? "the scenario" : c->departments[wk->dept].id, amount);
        double *to = wk->supported ? r->cost_s : r->cost_u;
        for (size_t m = 0; m < s->n_depts; m++) {
            if (j != NO_INDEX && m != j) continue;
            double share = j == NO_INDEX ? rv_dept_area(r, m, last) / total_area : 1;
            if (amount > 0) to[m] += amount * share;
        }
        r->cost_year[year_index(r, wk->year)] += amount;
    }
    for (size_t i = 0; i < s->n_rehousing; i++) {
        const rv_rehousing *h = &s->rehousing[i];
        const department *d = &c->departments[h->dept];
        size_t j = scenario_index(s, h->dept);
        if (isnan(d->rent))
            return fail_at(w, AT_REHOUSING, i,
                           "department %s has no rent in the case: the vacancy loss needs it",
                           d->id);
        double dwellings = d->family + d->youth + d->elderly;
        double month_rent = d->rent * d->floor_area / dwellings / 12;
        r->vacancy[i] = h->dwellings * h->months * month_rent;
        r->moving[i] = h->dwellings * h->cost_per_dwelling;
        (h->supported ? r->cost_s : r->cost_u)[j] += r->vacancy[i] + r->moving[i];
        r->cost_year[year_index(r, h->year)] += r->vacancy[i] + r->moving[i];
    }
    for (size_t j = 0; j < s->n_depts; j++) {
        r->total_s += r->cost_s[j];
        r->total_u += r->cost_u[j];
    }
    return ALMEN_OK;
}

/* Order of financing (domain note §5): the supported loan takes its share of the supported
 * cost; the rest and the unsupported cost come from the dispositionsfond, then the
 * trækningsret, then the mortgage loans with an amount, in order, and finally the one
 * without an amount. */
static int plan_financing(rv_run *r, rv_where *w)
{
    const rv_financing *f = &r->s->financing;
    double total = r->total_s + r->total_u;
    r->principal_s = f->supported.share * r->total_s;
    double need = r->total_s - r->principal_s + r->total_u;
    r->need_other = need;
    r->disp_used = fmin(f->own.dispositionsfond, need);
    need -= r->disp_used;
    r->traek_used = fmin(f->own.traekningsret, need);
    need -= r->traek_used;
    /* Round-off in the shares must not make a fully financed project look short. */
    double slack = 1e-9 * fmax(total, 1);
    size_t rest = NO_INDEX;
    for (size_t i = 0; i < f->n_mortgages; i++) {
        const rv_mortgage *m = &f->mortgages[i];
        if (isnan(m->amount)) {
            rest = i;
            continue;
        }
        if (m->amount > need + slack)
            return fail_at(w, AT_MORTGAGE, i,
                           "mortgage loan '%s' is larger than what is left to finance (%.2f kr)",
                           m->name, fmax(need, 0));
        r->mortgage_principal[i] = m->amount;
        need -= m->amount;
    }
    if (rest != NO_INDEX) r->mortgage_principal[rest] = fmax(need, 0);
    else if (need > slack)
        return fail_at(w, AT_FINANCING, 0,
                       "%.2f kr of the project cost is not financed: add a mortgage loan "
                       "without amount (it takes the rest) or own funds",
                       need);
    r->resident_payment0 = f->supported.resident_pct * r->principal_s / 100;
    return ALMEN_OK;
}

static int make_loan(rv_run *r, rv_loan *l, const char *name, double principal, double rate,
                     int term, int per_year)
{
    l->name = name;
    l->principal = principal;
    l->rate = rate;
    l->per_year = per_year;
    l->n = term * per_year;
    l->start_year = r->first_payment_year;
    double *p = block(r, 4 * (size_t)l->n, sizeof(double));
    if (!p) return almen_fail_nomem();
    l->payment = p;
    l->interest = p + l->n;
    l->repaid = p + 2 * l->n;
    l->balance = p + 3 * l->n;
    double pay, bal = principal, pr = rate / per_year;
    int rc = almen_finance_pmt(pr, l->n, principal, 0, 0, &pay);
    if (rc) return rc;
    for (int k = 0; k < l->n; k++) {
        l->interest[k] = bal * pr;
        /* The last period repays exactly what is left, so the parts sum to the principal. */
        l->repaid[k] = k == l->n - 1 ? bal : -pay - l->interest[k];
        l->payment[k] = l->interest[k] + l->repaid[k];
        bal -= l->repaid[k];
        l->balance[k] = k == l->n - 1 ? 0 : bal;
    }
    return ALMEN_OK;
}

/* Adds a loan's payments to yearly sums within y0..y1. */
static void loan_years(const rv_run *r, const rv_loan *l, double *yearly)
{
    for (int k = 0; k < l->n; k++) {
        int year = l->start_year + k / l->per_year;
        if (year <= r->y1) yearly[year_index(r, year)] += l->payment[k];
    }
}

static int last_year(const rv_run *r)
{
    const rv_scenario *s = r->s;
    const rv_financing *f = &s->financing;
    int y = r->after_year;
    if (r->first_payment_year) {
        if (r->principal_s > 0) y = imax(y, r->first_payment_year + f->supported.term - 1);
        for (size_t i = 0; i < f->n_mortgages; i++)
            if (r->mortgage_principal[i] > 0)
                y = imax(y, r->first_payment_year + f->mortgages[i].term - 1);
    }
    if (!isnan(f->injection.amount)) y = imax(y, f->injection.from + f->injection.years - 1);
    for (size_t i = 0; i < f->n_grants; i++) y = imax(y, f->grants[i].from + f->grants[i].years - 1);
    return y;
}

static int make_loans(rv_run *r)
{
    const rv_financing *f = &r->s->financing;
    r->loans = block(r, f->n_mortgages + 1, sizeof *r->loans);
    if (!r->loans) return almen_fail_nomem();
    if (r->principal_s > 0) {
        const rv_supported *sp = &f->supported;
        int rc = make_loan(r, &r->loans[r->n_loans++], "supported", r->principal_s, sp->rate,
                           sp->term, sp->per_year);
        if (rc) return rc;
        loan_years(r, &r->loans[0], r->sup_pay);
    }
    for (size_t i = 0; i < f->n_mortgages; i++) {
        const rv_mortgage *m = &f->mortgages[i];
        if (!(r->mortgage_principal[i] > 0)) continue;
        rv_loan *l = &r->loans[r->n_loans++];
        int rc = make_loan(r, l, m->name, r->mortgage_principal[i], m->rate, m->term, m->per_year);
        if (rc) return rc;
        loan_years(r, l, r->mort_pay);
    }
    return ALMEN_OK;
}

/* ---- who pays ------------------------------------------------------------------------------ */

static int active(int year, int from, int years) { return year >= from && year < from + years; }

static void flows(rv_run *r)
{
    const rv_scenario *s = r->s;
    const rv_financing *f = &s->financing;
    const rv_supported *sp = &f->supported;
    const rv_injection *in = &f->injection;
    double total = r->total_s + r->total_u, own = r->disp_used + r->traek_used;
    double others = in->municipality + in->fund + in->organisation + in->lender;
    double residents_share = fmax(0, 1 - others);
    double n_other = 0;
    for (size_t j = 0; j < s->n_depts; j++) n_other += (1 - sp->share) * r->cost_s[j] + r->cost_u[j];
    for (size_t i = 0; i < r->ny; i++) {
        int year = r->y0 + (int)i;
        if (r->first_payment_year && year >= r->first_payment_year &&
            year < r->first_payment_year + sp->term && r->principal_s > 0) {
            /* The residents' payment, indexed; never more than the loan costs, so the
             * fund's support (the difference) is never negative. */
            double growth = 1 + sp->indexation * sp->indexed_share;
            double due = r->resident_payment0 * pow(growth, year - r->first_payment_year);
            r->res_pay[i] = fmin(due, r->sup_pay[i]);
            r->support[i] = r->sup_pay[i] - r->res_pay[i];
        }
        r->own[i] = total > 0 ? own * r->cost_year[i] / total : 0;
        if (!isnan(in->amount) && active(year, in->from, in->years)) r->inj[i] = in->amount;
        double area_all = 0;
        for (size_t j = 0; j < s->n_depts; j++) area_all += rv_dept_area(r, j, year);
        for (size_t j = 0; j < s->n_depts; j++) {
            double area = rv_dept_area(r, j, year);
            double e = 0;
            if (r->total_s > 0) e += r->res_pay[i] * r->cost_s[j] / r->total_s;
            if (n_other > 0) e += r->mort_pay[i] * ((1 - sp->share) * r->cost_s[j] + r->cost_u[j]) / n_other;
            if (r->inj[i] > 0) {
                double wj = in->dept != NO_INDEX ? (s->depts[j] == in->dept)
                            : area_all > 0 ? area / area_all : 0;
                e += residents_share * r->inj[i] * wj;
            }
            for (size_t g = 0; g < f->n_grants; g++) {
                const rv_grant *gr = &f->grants[g];
                if (!active(year, gr->from, gr->years)) continue;
                if (gr->dept != NO_INDEX && gr->dept != s->depts[j]) continue;
                e -= gr->per_m2 * area;
                r->grant[i] += gr->per_m2 * area;
            }
            r->extra[j * r->ny + i] = e;
            r->payer[PAY_RESIDENTS * r->ny + i] += e;
        }
        r->payer[PAY_FUND * r->ny + i] = r->support[i] + in->fund * r->inj[i] + r->grant[i];
        r->payer[PAY_MUNICIPALITY * r->ny + i] = in->municipality * r->inj[i];
        r->payer[PAY_ORGANISATION * r->ny + i] = r->own[i] + in->organisation * r->inj[i];
        r->payer[PAY_LENDER * r->ny + i] = in->lender * r->inj[i];
    }
}

/* ---- the run --------------------------------------------------------------------------------- */

static size_t share_area(const almen_case *c, const rv_scenario *s)
{
    if (s->share.area != NO_INDEX) return s->share.area;
    size_t a = c->departments[s->depts[0]].area;
    for (size_t j = 1; j < s->n_depts; j++)
        if (c->departments[s->depts[j]].area != a) return NO_INDEX;
    return a;
}

static int alloc_arrays(rv_run *r, size_t n_depts)
{
    const rv_scenario *s = r->s;
    size_t states = n_depts * r->nst * DW_TYPES;
    int ok = (r->count = block(r, states, sizeof *r->count)) &&
             (r->tarea = block(r, states, sizeof *r->tarea)) &&
             (r->sold = block(r, r->nst, sizeof(double))) &&
             (r->new_private = block(r, r->nst, sizeof(double))) &&
             (r->new_commercial = block(r, r->nst, sizeof(double))) &&
             (r->demolished = block(r, r->nst, sizeof(double))) &&
             (r->cost_s = block(r, n_depts, sizeof(double))) &&
             (r->cost_u = block(r, n_depts, sizeof(double))) &&
             (r->work_amount = block(r, s->n_works, sizeof(double))) &&
             (r->vacancy = block(r, s->n_rehousing, sizeof(double))) &&
             (r->moving = block(r, s->n_rehousing, sizeof(double))) &&
             (r->mortgage_principal = block(r, s->financing.n_mortgages, sizeof(double)));
    return ok ? ALMEN_OK : almen_fail_nomem();
}

static int alloc_years(rv_run *r)
{
    double **arrays[] = {&r->cost_year, &r->sup_pay, &r->res_pay, &r->support,
                         &r->mort_pay, &r->own, &r->inj, &r->grant};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        if (!(*arrays[i] = block(r, r->ny, sizeof(double)))) return almen_fail_nomem();
    if (!(r->payer = block(r, RV_PAYERS * r->ny, sizeof(double))) ||
        !(r->extra = block(r, r->s->n_depts * r->ny, sizeof(double))))
        return almen_fail_nomem();
    return ALMEN_OK;
}

static int run(const almen_case *c, const rv_scenario *s, rv_run *r, rv_where *w)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    r->s = s;
    r->y0 = s->base_year;
    int last_event = r->y0 - 1, last_cost = INT_MIN;
    for (size_t i = 0; i < s->n_works; i++) last_cost = imax(last_cost, s->works[i].year);
    for (size_t i = 0; i < s->n_rehousing; i++) last_cost = imax(last_cost, s->rehousing[i].year);
    last_event = imax(last_event, last_cost);
    for (size_t i = 0; i < s->n_changes; i++) last_event = imax(last_event, s->changes[i].year);
    r->after_year = last_event + 1;
    r->nst = (size_t)(r->after_year - r->y0 + 1);
    r->area = share_area(c, s);
    /* Costs are booked by year before the horizon is known: size the yearly arrays for
     * the events first, then again once the loans fix the horizon. */
    r->y1 = r->after_year;
    r->ny = r->nst;
    int rc = alloc_arrays(r, s->n_depts);
    if (!rc) rc = alloc_years(r);
    if (!rc) rc = simulate_states(r, w);
    if (!rc) rc = compute_costs(r, w);
    if (!rc) rc = plan_financing(r, w);
    if (rc) return rc;
    if (r->total_s + r->total_u > 0) r->first_payment_year = last_cost + 1;
    int y1 = last_year(r);
    if (s->horizon != ALMEN_NA_INT) {
        if (s->horizon < r->after_year)
            return fail_at(w, AT_HORIZON, 0,
                           "the horizon must reach %d, the first year after the last works "
                           "and changes",
                           r->after_year);
        y1 = s->horizon;
    }
    double *costs = r->cost_year;
    size_t n_costs = r->ny;
    r->y1 = y1;
    r->ny = (size_t)(y1 - r->y0 + 1);
    if ((rc = alloc_years(r))) return rc;
    memcpy(r->cost_year, costs, n_costs * sizeof *costs);
    if ((rc = make_loans(r))) return rc;
    flows(r);
    for (int p = 0; p < RV_PAYERS; p++) {
        rc = almen_finance_npv(s->discount_rate, &r->payer[(size_t)p * r->ny], r->ny, &r->npv[p]);
        if (rc) return rc;
    }
    return ALMEN_OK;
}

int rv_run_make(const almen_case *c, const rv_scenario *s, rv_run *r, rv_where *where)
{
    rv_where ignored;
    int rc = run(c, s, r, where ? where : &ignored);
    if (rc) rv_run_free(r);
    return rc;
}
