/* The Monte Carlo runs of the letting simulation: one run is the whole path of every
 * variant from the initial households; runs are handed to worker threads one at a time and
 * every random number comes from the stream (seed, run, department, year), so a run's path
 * does not depend on the thread that computes it. Workers add up into their own integer
 * accumulators, merged after each step (integer sums do not depend on the order). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error_internal.h"
#include "simulate_internal.h"

#define MAX_THREADS 256

/* ---- Accumulators ------------------------------------------------------------------------ */

size_t sim_n_dept_cells(const almen_simulation *s)
{
    return s->n_var * s->n_dept * ((size_t)s->years + 1) * IND_COMMON;
}
size_t sim_n_comp(const almen_simulation *s)
{
    return s->n_var * s->n_dept * ((size_t)s->years + 1) * s->K * 2;
}
size_t sim_n_inflow(const almen_simulation *s)
{
    return s->n_var * s->n_dept * (size_t)s->years * SIM_NCH * s->K;
}
size_t sim_n_status(const almen_simulation *s)
{
    return s->n_var * s->n_area * ((size_t)s->years + 1) * s->n_status_cols;
}
size_t sim_n_leave(const almen_simulation *s)
{
    return s->n_var * s->n_area * ((size_t)s->years + 1);
}

int sim_acc_init(sim_acc *a, const almen_simulation *s)
{
    memset(a, 0, sizeof *a);
    a->dept = calloc(sim_n_dept_cells(s) + 1, sizeof *a->dept);
    a->comp = calloc(sim_n_comp(s) + 1, sizeof *a->comp);
    a->inflow = calloc(sim_n_inflow(s) + 1, sizeof *a->inflow);
    a->status = calloc(sim_n_status(s) + 1, sizeof *a->status);
    a->leave = calloc(sim_n_leave(s) + 1, sizeof *a->leave);
    if (!a->dept || !a->comp || !a->inflow || !a->status || !a->leave) {
        sim_acc_free(a);
        return almen_fail_nomem();
    }
    return ALMEN_OK;
}

void sim_acc_free(sim_acc *a)
{
    free(a->dept);
    free(a->comp);
    free(a->inflow);
    free(a->status);
    free(a->leave);
    memset(a, 0, sizeof *a);
}

static void acc_merge(sim_acc *dst, const sim_acc *src, const almen_simulation *s)
{
    for (size_t i = 0, n = sim_n_dept_cells(s); i < n; i++) {
        sim_moments *a = &dst->dept[i];
        const sim_moments *b = &src->dept[i];
        if (!b->n) continue;
        a->min = a->n ? fmin(a->min, b->min) : b->min;
        a->max = a->n ? fmax(a->max, b->max) : b->max;
        a->sum_lo += b->sum_lo;
        a->sum += b->sum;
        a->sum2 += b->sum2;
        a->n += b->n;
    }
    for (size_t i = 0, n = sim_n_comp(s); i < n; i++) dst->comp[i] += src->comp[i];
    for (size_t i = 0, n = sim_n_inflow(s); i < n; i++) dst->inflow[i] += src->inflow[i];
    for (size_t i = 0, n = sim_n_status(s); i < n; i++) dst->status[i] += src->status[i];
    for (size_t i = 0, n = sim_n_leave(s); i < n; i++) dst->leave[i] += src->leave[i];
}

static void moment_add(sim_moments *m, double x)
{
    if (isnan(x)) return;
    x = fmax(-SIM_VALUE_LIMIT, fmin(SIM_VALUE_LIMIT, x));
    double scaled = x * SIM_FIXED_SCALE; /* exact: a power of two */
    int64_t f = (int64_t)scaled;         /* truncated towards 0 */
    m->sum_lo += (int64_t)((scaled - (double)f) * SIM_LOW_SCALE); /* the fraction is exact */
    m->sum += f;
    m->sum2 += (sim_i128)f * f;
    m->min = m->n ? fmin(m->min, x) : x;
    m->max = m->n ? fmax(m->max, x) : x;
    m->n++;
}

/* ---- One run ----------------------------------------------------------------------------- */

typedef struct {
    almen_simulation *s;
    size_t target;
    sim_acc acc;
    int32_t *state;   /* [d][t][k] */
    int32_t *comp;    /* [d][k]: households per type on 1 January */
    double *fig;      /* [d][F] */
    double *asum;     /* [a][F] */
    double *sums;     /* [a][y 1..years][F]: the run's area figures for the classification */
    double *dind;     /* [d][IND_COMMON] */
    double *aind;     /* [a][n_area_ind] */
    int32_t *prev;    /* [a]: status of the list in force for this year's lettings */
    double *surv;     /* [d]: share of the initial households still there (expected) */
    int32_t *cols;    /* status-table columns */
    sim_classifier cl;
    int rc;
    char message[256];
} worker;

static void worker_free(worker *w)
{
    sim_acc_free(&w->acc);
    free(w->state), free(w->comp), free(w->fig), free(w->asum), free(w->sums);
    free(w->dind), free(w->aind), free(w->prev), free(w->cols), free(w->surv);
}

static int worker_init(worker *w, almen_simulation *s, size_t target)
{
    memset(w, 0, sizeof *w);
    w->s = s;
    w->target = target;
    size_t nd = s->n_dept + 1, na = s->n_area + 1;
    w->state = malloc(nd * SIM_DW * s->K * sizeof *w->state);
    w->comp = malloc(nd * s->K * sizeof *w->comp);
    w->fig = malloc(nd * FIELD_COUNT * sizeof *w->fig);
    w->asum = malloc(na * FIELD_COUNT * sizeof *w->asum);
    w->sums = malloc(na * ((size_t)s->years + 1) * FIELD_COUNT * sizeof *w->sums);
    w->dind = malloc(nd * IND_COMMON * sizeof *w->dind);
    w->aind = malloc(na * s->n_area_ind * sizeof *w->aind);
    w->prev = malloc(na * sizeof *w->prev);
    w->surv = malloc(nd * sizeof *w->surv);
    w->cols = malloc((s->n_status_cols + 1) * sizeof *w->cols);
    int rc = sim_acc_init(&w->acc, s);
    if (!rc && (!w->state || !w->comp || !w->fig || !w->asum || !w->sums || !w->dind ||
                !w->aind || !w->prev || !w->cols || !w->surv))
        rc = almen_fail_nomem();
    if (rc) worker_free(w);
    else sim_classifier_init(&w->cl, s, w->sums);
    return rc;
}

static const sim_letting *letting_of(const almen_simulation *s, size_t v, int y, int32_t st,
                                     size_t d, int t)
{
    return &s->letting[((((v * (size_t)s->years + (size_t)y) * s->n_status + (size_t)st) *
                         s->n_dept + d) * SIM_DW) + (size_t)t];
}

/* Removes `count` households drawn at random (without replacement) from counts n[0..K-1]. */
static void remove_random(rng_stream *r, int32_t *n, size_t K, int32_t count)
{
    int32_t total = 0;
    for (size_t k = 0; k < K; k++) total += n[k];
    for (; count > 0 && total > 0; count--, total--) {
        int32_t pick = (int32_t)(rng_uniform(r) * total), k = 0;
        if (pick >= total) pick = total - 1; /* u * total can round up to total */
        for (; pick >= n[k]; k++) pick -= n[k];
        n[k]--;
    }
}

/* One year of lettings in department d: the households of dwellings the renovation
 * scenario removes move out first, then the move-outs by dwelling type and household type;
 * the vacancies (and new dwellings) are split over the channels, each channel's lettings
 * drawn from its pool. Returns the move-outs; adds the lettings to inflow[channel][k]. */
static int32_t step_department(worker *w, size_t run, size_t v, int y, size_t d, int32_t st,
                               int64_t *inflow)
{
    const almen_simulation *s = w->s;
    size_t K = s->K;
    rng_stream r;
    rng_init(&r, s->seed, (uint32_t)run, (uint32_t)d, (uint32_t)y);
    const int32_t *start = &w->comp[d * K]; /* the internal movers' composition */
    int32_t moves = 0, in[SIM_MAX_TYPES];
    for (int t = 0; t < SIM_DW; t++) {
        if (!s->dw_max[d * SIM_DW + (size_t)t]) continue;
        int32_t *n = &w->state[(d * SIM_DW + (size_t)t) * K];
        const double *rate = &s->rate[(d * SIM_DW + (size_t)t) * K];
        const double *rate_lq = &s->rate_lq[(d * SIM_DW + (size_t)t) * K];
        int32_t before = sim_dw(s, d, (size_t)y, t), after = sim_dw(s, d, (size_t)y + 1, t);
        if (after < before) remove_random(&r, n, K, before - after);
        int32_t vacant = 0;
        for (size_t k = 0; k < K; k++) {
            int32_t m = rng_binomial_lq(&r, n[k], rate[k], rate_lq[k]);
            n[k] -= m;
            vacant += m;
        }
        moves += vacant + (after < before ? before - after : 0);
        if (after > before) vacant += after - before; /* new dwellings to let */
        if (!vacant) continue;
        const sim_letting *L = letting_of(s, v, y, st, d, t);
        int32_t per[SIM_NCH];
        rng_multinomial(&r, vacant, L->cond, L->log_q, L->cum, SIM_NCH, per);
        for (int c = 0; c < SIM_NCH; c++) {
            if (!per[c]) continue;
            const sim_pool *p = &s->pools[L->pool[c]];
            const double *log_q = p->log_q;
            sim_pool dyn;
            if (p->dynamic) {
                double wgt[SIM_MAX_TYPES];
                for (size_t k = 0; k < K; k++) wgt[k] = (p->allowed >> k & 1) ? start[k] : 0;
                /* Drawn once: its logarithms only if a draw needs them. */
                if (rng_prepare(wgt, (int)K, dyn.cond, NULL, dyn.cum) > 0) p = &dyn, log_q = NULL;
                else p = &s->pools[p->fallback], log_q = p->log_q;
            }
            rng_multinomial(&r, per[c], p->cond, log_q, p->cum, (int)K, in);
            int64_t *flow = inflow ? &inflow[(size_t)c * K] : NULL;
            for (size_t k = 0; k < K; k++) {
                n[k] += in[k];
                if (flow) flow[k] += in[k];
            }
        }
    }
    return moves;
}

static size_t bin_of(const almen_simulation *s, size_t d, int i, double x)
{
    double lo = s->hlo[d * IND_COMMON + (size_t)i], hi = s->hhi[d * IND_COMMON + (size_t)i];
    if (!(hi > lo)) return 0;
    double b = floor((x - lo) / (hi - lo) * (double)s->bins);
    return b < 0 ? 0 : b >= (double)s->bins ? s->bins - 1 : (size_t)b;
}

/* Adds the department and area values of year y to the accumulators. */
static void record(worker *w, size_t run, size_t v, int y)
{
    almen_simulation *s = w->s;
    size_t Y = (size_t)s->years + 1, K = s->K;
    for (size_t d = 0; d < s->n_dept; d++) {
        size_t cell = ((v * s->n_dept + d) * Y + (size_t)y) * IND_COMMON;
        const double *x = &w->dind[d * IND_COMMON];
        for (int i = 0; i < IND_COMMON; i++) {
            moment_add(&w->acc.dept[cell + (size_t)i], x[i]);
            if (s->bins && !isnan(x[i]))
                atomic_fetch_add_explicit(&s->hist[(cell + (size_t)i) * s->bins + bin_of(s, d, i, x[i])],
                                          1, memory_order_relaxed);
            if (s->dept_runs) s->dept_runs[(cell + (size_t)i) * s->runs_total + run] = x[i];
        }
        int64_t *cp = &w->acc.comp[((v * s->n_dept + d) * Y + (size_t)y) * K * 2];
        for (size_t k = 0; k < K; k++) {
            int64_t n = w->comp[d * K + k];
            cp[2 * k] += n;
            cp[2 * k + 1] += n * n;
        }
    }
    for (size_t a = 0; a < s->n_area; a++) {
        size_t cell = ((v * s->n_area + a) * Y + (size_t)y) * s->n_area_ind;
        for (size_t i = 0; i < s->n_area_ind; i++)
            s->area_runs[(cell + i) * s->runs_total + run] = w->aind[a * s->n_area_ind + i];
    }
}

/* The area values of year y that come from its classification (criteria_met and the
 * criterion values), and for y >= 1 the status counts and the first year off the lists. */
static void classify_year(worker *w, size_t v, int y, int32_t *next, char *left)
{
    almen_simulation *s = w->s;
    size_t Y = (size_t)s->years + 1;
    for (size_t a = 0; a < s->n_area; a++) {
        double *x = &w->aind[a * s->n_area_ind + IND_COMMON];
        if (y == 0) {
            memcpy(x, &s->base_crit[a * (s->n_crit + 1)], (s->n_crit + 1) * sizeof *x);
            next[a] = s->base_status[a * 2 + 1];
            continue;
        }
        const year_eval *e = sim_classify(&w->cl, a, y, &w->rc);
        if (!e) return;
        next[a] = sim_status_index(s, e);
        x[0] = e->criteria_met == ALMEN_NA_INT ? NAN : e->criteria_met;
        for (size_t j = 0; j < s->n_crit; j++) {
            size_t ki = e->rules ? rules_find_criterion(e->rules, s->crit_name[j]) : (size_t)-1;
            x[1 + j] = ki == (size_t)-1 ? NAN : e->cv[ki].value;
        }
        sim_status_cols(s, e, w->cols);
        int64_t *st = &w->acc.status[((v * s->n_area + a) * Y + (size_t)y) * s->n_status_cols];
        for (size_t c = 0; c < s->n_status_cols; c++) st[c] += w->cols[c];
        /* Off every list: placement "none" (an undecided placement is not off). */
        if (s->base_place[a] >= 0 && !left[a] && e->placement && !strcmp(e->placement, "none")) {
            left[a] = 1;
            w->acc.leave[(v * s->n_area + a) * Y + (size_t)(y - 1)]++;
        }
    }
}

static void run_variant(worker *w, size_t run, size_t v)
{
    almen_simulation *s = w->s;
    size_t K = s->K, Y = (size_t)s->years + 1;
    char left[s->n_area + 1];
    int32_t next[s->n_area + 1];
    memset(left, 0, sizeof left);
    memcpy(w->state, s->init, s->n_dept * SIM_DW * K * sizeof *w->state);
    for (size_t a = 0; a < s->n_area; a++) w->prev[a] = s->base_status[a * 2];
    for (size_t d = 0; d < s->n_dept; d++) w->surv[d] = 1;
    if ((w->rc = sim_classifier_begin(&w->cl))) return;
    for (int y = 0; y <= s->years && !w->rc; y++) {
        /* Stocks on 1 January. */
        memset(w->asum, 0, s->n_area * FIELD_COUNT * sizeof *w->asum);
        for (size_t d = 0; d < s->n_dept; d++) {
            int32_t *c = &w->comp[d * K];
            memset(c, 0, K * sizeof *c);
            for (int t = 0; t < SIM_DW; t++) {
                const int32_t *n = &w->state[(d * SIM_DW + (size_t)t) * K];
                for (size_t k = 0; k < K; k++) c[k] += n[k];
            }
            double *f = &w->fig[d * FIELD_COUNT];
            sim_figures(s, d, w->surv[d], c, f);
            sim_indicators(f, &w->dind[d * IND_COMMON]);
            if (s->dept_area[d] != NO_INDEX)
                for (int i = 0; i < FIELD_COUNT; i++) w->asum[s->dept_area[d] * FIELD_COUNT + (size_t)i] += f[i];
        }
        for (size_t a = 0; a < s->n_area; a++) {
            if (y) memcpy(&w->sums[(a * (size_t)s->years + (size_t)(y - 1)) * FIELD_COUNT],
                          &w->asum[a * FIELD_COUNT], FIELD_COUNT * sizeof(double));
            sim_indicators(&w->asum[a * FIELD_COUNT], &w->aind[a * s->n_area_ind]);
            w->aind[a * s->n_area_ind + IND_MOVE_OUTS] = y < s->years ? 0 : NAN;
        }
        classify_year(w, v, y, next, left);
        if (w->rc) break;
        /* The year's lettings under the list in force (list year base + y - 1). */
        for (size_t d = 0; d < s->n_dept && y < s->years; d++) {
            size_t a = s->dept_area[d];
            int32_t st = a == NO_INDEX ? 0 : w->prev[a];
            int64_t *flow = &w->acc.inflow[((v * s->n_dept + d) * (size_t)s->years + (size_t)y) * SIM_NCH * K];
            int32_t m = step_department(w, run, v, y, d, st, flow);
            double *x = &w->dind[d * IND_COMMON];
            x[IND_MOVE_OUTS] = m;
            x[IND_TURNOVER] = x[IND_HOUSEHOLDS] > 0 ? 100.0 * m / x[IND_HOUSEHOLDS] : NAN;
            /* Movers are taken as random among the households for the residual's fade. */
            if (x[IND_HOUSEHOLDS] > 0) w->surv[d] *= 1 - m / x[IND_HOUSEHOLDS];
            if (a != NO_INDEX) w->aind[a * s->n_area_ind + IND_MOVE_OUTS] += m;
        }
        for (size_t d = 0; d < s->n_dept && y == s->years; d++)
            w->dind[d * IND_COMMON + IND_MOVE_OUTS] = w->dind[d * IND_COMMON + IND_TURNOVER] = NAN;
        for (size_t a = 0; a < s->n_area; a++) {
            double *x = &w->aind[a * s->n_area_ind];
            x[IND_TURNOVER] = x[IND_HOUSEHOLDS] > 0 ? 100.0 * x[IND_MOVE_OUTS] / x[IND_HOUSEHOLDS] : NAN;
            w->prev[a] = next[a];
        }
        record(w, run, v, y);
    }
    for (size_t a = 0; a < s->n_area && !w->rc; a++)
        if (s->base_place[a] >= 0 && !left[a]) w->acc.leave[(v * s->n_area + a) * Y + (size_t)s->years]++;
    sim_classifier_end(&w->cl);
}

/* ---- Workers and steps ------------------------------------------------------------------- */

/* Takes the next run below the step's target unless cancelled; SIZE_MAX when none. */
static size_t take_run(almen_simulation *s, size_t target)
{
    size_t r = atomic_load(&s->next);
    while (r < target && !atomic_load(&s->cancelled))
        if (atomic_compare_exchange_weak(&s->next, &r, r + 1)) return r;
    return SIZE_MAX;
}

static void *work(void *arg)
{
    worker *w = arg;
    almen_simulation *s = w->s;
    for (size_t run; !w->rc && (run = take_run(s, w->target)) != SIZE_MAX;) {
        for (size_t v = 0; v < s->n_var && !w->rc; v++) run_variant(w, run, v);
        atomic_fetch_add(&s->done, 1);
    }
    if (w->rc) {
        snprintf(w->message, sizeof w->message, "%s", almen_error_last_message());
        atomic_store(&s->cancelled, 1); /* the other workers stop too */
    }
    return NULL;
}

almen_status almen_simulation_step(almen_simulation *sim, size_t runs, size_t *out)
{
    if (!sim) return almen_fail(ALMEN_EINVAL, "simulation is required");
    size_t done = atomic_load(&sim->next);
    if (out) *out = done;
    if (atomic_load(&sim->cancelled))
        return almen_fail(ALMEN_ECANCELLED, "the simulation was cancelled after %zu runs", done);
    size_t target = (!runs || runs > sim->runs_total - done) ? sim->runs_total : done + runs;
    if (target == done) return ALMEN_OK;
    size_t n = (size_t)sim->threads;
    if (n > target - done) n = target - done;
    worker *w = calloc(n, sizeof *w);
    pthread_t *th = calloc(n, sizeof *th);
    if (!w || !th) {
        free(w), free(th);
        return almen_fail_nomem();
    }
    int rc = ALMEN_OK;
    size_t ready = 0;
    for (; ready < n && !rc; ready++) rc = worker_init(&w[ready], sim, target);
    if (rc) ready--;
    /* Worker 0 runs on the calling thread; one that cannot be started runs there too. */
    size_t started = 1;
    char *spawned = calloc(ready + 1, 1);
    for (size_t t = 1; t < ready && !rc && spawned; t++)
        if (pthread_create(&th[t], NULL, work, &w[t]) == 0) spawned[t] = 1, started++;
    if (!rc && ready) work(&w[0]);
    for (size_t t = 1; t < ready && !rc; t++) {
        if (spawned && spawned[t]) pthread_join(th[t], NULL);
        else work(&w[t]);
    }
    (void)started;
    for (size_t t = 0; t < ready; t++) {
        if (!rc && w[t].rc) rc = almen_fail(w[t].rc, "%s", w[t].message);
        acc_merge(&sim->acc, &w[t].acc, sim);
        worker_free(&w[t]);
    }
    free(spawned), free(w), free(th);
    if (out) *out = atomic_load(&sim->next);
    if (!rc && atomic_load(&sim->cancelled) && atomic_load(&sim->next) < sim->runs_total)
        rc = almen_fail(ALMEN_ECANCELLED, "the simulation was cancelled after %zu runs",
                        atomic_load(&sim->next));
    return rc;
}

almen_status almen_simulation_progress(const almen_simulation *sim, double *out)
{
    if (!sim || !out) return almen_fail(ALMEN_EINVAL, "simulation and out are required");
    *out = (double)atomic_load(&((almen_simulation *)sim)->done) / (double)sim->runs_total;
    return ALMEN_OK;
}

void almen_simulation_cancel(almen_simulation *sim)
{
    if (sim) atomic_store(&sim->cancelled, 1);
}

almen_status almen_simulation_run(almen_simulation *sim, almen_simulation_progress_fn progress,
                                  void *user)
{
    if (!sim) return almen_fail(ALMEN_EINVAL, "simulation is required");
    size_t slice = sim->runs_total / 100;
    if (slice < (size_t)sim->threads) slice = (size_t)sim->threads;
    for (;;) {
        size_t done = 0;
        TRY(almen_simulation_step(sim, slice, &done));
        if (progress && progress(done, sim->runs_total, user)) {
            almen_simulation_cancel(sim);
            if (done < sim->runs_total)
                return almen_fail(ALMEN_ECANCELLED, "cancelled after %zu of %zu runs", done,
                                  sim->runs_total);
        }
        if (done >= sim->runs_total) return ALMEN_OK;
    }
}

size_t almen_simulation_runs_done(const almen_simulation *sim)
{
    return sim ? atomic_load(&((almen_simulation *)sim)->next) : 0;
}

size_t almen_simulation_runs_total(const almen_simulation *sim)
{
    return sim ? sim->runs_total : 0;
}
