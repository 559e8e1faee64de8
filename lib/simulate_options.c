/* Options of the letting simulation and its parameters with their defaults and sources
 * (docs/simulation.md lists the same; change both together). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "simulate_internal.h"
#include "table_internal.h"

const sim_param SIM_PARAMS[SP_COUNT] = {
    [SP_TURNOVER_FAMILY] = {"turnover_family", 0.104, 0, 1, 0, "per year",
                            "Landsbyggefonden 2019 (move-outs from family dwellings)",
                            "share of households in family dwellings moving out in a year"},
    [SP_TURNOVER_YOUTH] = {"turnover_youth", 0.399, 0, 1, 0, "per year",
                           "Landsbyggefonden 2019 (move-outs from youth dwellings)",
                           "share of households in youth dwellings moving out in a year"},
    [SP_TURNOVER_ELDERLY] = {"turnover_elderly", 0.131, 0, 1, 0, "per year",
                             "Landsbyggefonden 2019, all dwellings (no separate figure for "
                             "elderly dwellings in the sources; uncertain)",
                             "share of households in elderly dwellings moving out in a year"},
    [SP_INTERNAL_PCT] = {"internal_pct", 10, 0, 100, 0, "per cent of lettings",
                         "Landsbyggefonden, lettings 2022 (about 10 % internal)",
                         "lettings to tenants moving within the organisation, unless an "
                         "explicit policy gives its own"},
    [SP_CALIBRATE] = {"calibrate_turnover", 1, 0, 1, 1, "0 or 1", "",
                      "1: scale each department's turnover so that its expected move-outs at "
                      "the start equal the mean of its recorded move_outs per household; 0: "
                      "the dwelling types' rates as they are"},
    [SP_POLICY_MONTH] = {"policy_month", 7, 1, 12, 1, "month", "",
                         "the letting policy in force on the 1st of this month governs the "
                         "year's lettings (agreements' periods, the list in force)"},
    [SP_QUANTILE_BINS] = {"quantile_bins", 512, 0, 65536, 1, "bins", "",
                          "histogram bins per department, year and indicator for department "
                          "quantiles (0: none); the quantile error is at most the indicator's "
                          "range / bins"},
    [SP_RESIDUAL] = {"residual", 1, 0, 1, 1, "0 or 1", "",
                     "1: what the household types do not explain of a department's base-year "
                     "figures stays with its initial households and fades as they move out; "
                     "0: the figures are the household types' alone"},
};

almen_status almen_simulation_options_new(almen_simulation_options **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    almen_simulation_options *o = calloc(1, sizeof *o);
    if (!o) return almen_fail_nomem();
    o->years = 10;
    o->runs = 1000;
    o->seed = 1;
    o->q[0] = 0.05, o->q[1] = 0.5, o->q[2] = 0.95;
    o->nq = 3;
    for (int p = 0; p < SP_COUNT; p++) o->param[p] = SIM_PARAMS[p].def;
    *out = o;
    return ALMEN_OK;
}

static void free_variant(sim_variant_def *v)
{
    free(v->agreement);
    sim_policy_free(v->policy);
}

void almen_simulation_options_free(almen_simulation_options *o)
{
    if (!o) return;
    hh_types_free(o->types);
    for (size_t i = 0; i < o->n_init; i++) {
        free(o->init[i].department);
        free(o->init[i].type);
    }
    free(o->init);
    for (size_t i = 0; i < o->n_var; i++) free_variant(&o->var[i]);
    free(o->var);
    free(o->scenario);
    free(o);
}

#define NEED_OPTIONS(o)                                                                   \
    do {                                                                                  \
        if (!(o)) return almen_fail(ALMEN_EINVAL, "options are required");                \
    } while (0)

almen_status almen_simulation_options_set_years(almen_simulation_options *o, int base_year,
                                                int years)
{
    NEED_OPTIONS(o);
    if (base_year && (base_year < 1900 || base_year > 2200))
        return almen_fail(ALMEN_EINVAL, "base year %d is outside 1900..2200 (0: from the case)",
                          base_year);
    if (years < 1 || years > 100)
        return almen_fail(ALMEN_EINVAL, "years must be 1..100, not %d", years);
    o->base_year = base_year;
    o->years = years;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_runs(almen_simulation_options *o, size_t runs)
{
    NEED_OPTIONS(o);
    if (runs < 1 || runs > 1000000000)
        return almen_fail(ALMEN_EINVAL, "runs must be 1..1,000,000,000, not %zu", runs);
    o->runs = runs;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_seed(almen_simulation_options *o, double seed)
{
    NEED_OPTIONS(o);
    if (!(seed >= 0 && seed <= 9007199254740992.0) || seed != floor(seed))
        return almen_fail(ALMEN_EINVAL, "the seed must be a whole number 0..2^53, not %g", seed);
    o->seed = (uint64_t)seed;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_threads(almen_simulation_options *o, int threads)
{
    NEED_OPTIONS(o);
    if (threads < 0 || threads > 256)
        return almen_fail(ALMEN_EINVAL, "threads must be 0..256 (0: every processor), not %d",
                          threads);
    o->threads = threads;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_quantiles(almen_simulation_options *o,
                                                    const double *values, size_t n)
{
    NEED_OPTIONS(o);
    if (n > SIM_MAX_QUANTILES)
        return almen_fail(ALMEN_EINVAL, "at most %d quantiles, not %zu", SIM_MAX_QUANTILES, n);
    if (n && !values) return almen_fail(ALMEN_EINVAL, "values are required");
    for (size_t i = 0; i < n; i++) {
        if (!(values[i] > 0 && values[i] < 1))
            return almen_fail(ALMEN_EINVAL, "quantile %zu (%g) is not in (0, 1)", i, values[i]);
        for (size_t j = 0; j < i; j++)
            if (values[j] == values[i])
                return almen_fail(ALMEN_EINVAL, "quantile %g is given twice", values[i]);
    }
    memcpy(o->q, values, n * sizeof *values);
    o->nq = n;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_parameter(almen_simulation_options *o,
                                                    const char *name, double value)
{
    NEED_OPTIONS(o);
    for (int p = 0; p < SP_COUNT; p++) {
        const sim_param *sp = &SIM_PARAMS[p];
        if (!name || strcmp(name, sp->name)) continue;
        if (!(value >= sp->lo && value <= sp->hi) || (sp->whole && value != floor(value)))
            return almen_fail(ALMEN_ERANGE, "%s must be %s in [%g, %g], not %g", name,
                              sp->whole ? "a whole number" : "a number", sp->lo, sp->hi, value);
        o->param[p] = value;
        return ALMEN_OK;
    }
    return almen_fail(ALMEN_EINVAL,
                      "unknown parameter '%s' (turnover_family, turnover_youth, "
                      "turnover_elderly, internal_pct, calibrate_turnover, policy_month, "
                      "quantile_bins, residual)",
                      name ? name : "(null)");
}

almen_status almen_simulation_parameters(almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    almen_table *t = table_new(SP_COUNT);
    if (!t) return almen_error_last_code();
    double *def = NULL;
    int ok = table_add_string(t, "name") >= 0 && (def = table_add_double(t, "default")) &&
             table_add_string(t, "unit") >= 0 && table_add_string(t, "source") >= 0 &&
             table_add_string(t, "description") >= 0;
    for (size_t p = 0; ok && p < SP_COUNT; p++) {
        def[p] = SIM_PARAMS[p].def;
        ok = !table_set_string(t, 0, p, SIM_PARAMS[p].name) &&
             !table_set_string(t, 2, p, SIM_PARAMS[p].unit) &&
             !table_set_string(t, 3, p, *SIM_PARAMS[p].source ? SIM_PARAMS[p].source : NULL) &&
             !table_set_string(t, 4, p, SIM_PARAMS[p].description);
    }
    if (!ok) {
        almen_table_free(t);
        return almen_error_last_code();
    }
    *out = t;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_household_types(almen_simulation_options *o,
                                                          const char *yaml,
                                                          const char *source_name)
{
    NEED_OPTIONS(o);
    hh_types *h = NULL;
    if (yaml) TRY(hh_types_parse(yaml, source_name ? source_name : "<household types>", &h));
    hh_types_free(o->types);
    o->types = h;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_initial(almen_simulation_options *o,
                                                  const char *department,
                                                  const char *household_type, double count)
{
    NEED_OPTIONS(o);
    if (!department || !*department || !household_type || !*household_type)
        return almen_fail(ALMEN_EINVAL, "department and household_type are required");
    if (isnan(count) || (count >= 0 && (count != floor(count) || count > 1e7)))
        return almen_fail(ALMEN_EINVAL,
                          "count must be a whole number 0..10,000,000 (negative removes it), "
                          "not %g",
                          count);
    size_t at = o->n_init;
    for (size_t i = 0; i < o->n_init; i++)
        if (!strcmp(o->init[i].department, department) && !strcmp(o->init[i].type, household_type))
            at = i;
    if (count < 0) {
        if (at == o->n_init) return ALMEN_OK;
        free(o->init[at].department);
        free(o->init[at].type);
        memmove(&o->init[at], &o->init[at + 1], (o->n_init - at - 1) * sizeof *o->init);
        o->n_init--;
        return ALMEN_OK;
    }
    if (at < o->n_init) {
        o->init[at].count = count;
        return ALMEN_OK;
    }
    sim_initial_override *p = realloc(o->init, (o->n_init + 1) * sizeof *p);
    if (!p) return almen_fail_nomem();
    o->init = p;
    char *d = strdup(department), *t = strdup(household_type);
    if (!d || !t) {
        free(d);
        free(t);
        return almen_fail_nomem();
    }
    o->init[o->n_init++] = (sim_initial_override){d, t, count};
    return ALMEN_OK;
}

static const char *variant_name(const sim_variant_def *v)
{
    return v->agreement ? v->agreement : v->policy->name;
}

/* Appends a variant unless its name is taken (then v is freed). */
static int add_variant(almen_simulation_options *o, sim_variant_def v)
{
    for (size_t i = 0; i < o->n_var; i++)
        if (!strcmp(variant_name(&o->var[i]), variant_name(&v))) {
            int rc = almen_fail(ALMEN_EINVAL, "variant '%s' is given twice", variant_name(&v));
            free_variant(&v);
            return rc;
        }
    sim_variant_def *p = realloc(o->var, (o->n_var + 1) * sizeof *p);
    if (!p) {
        free_variant(&v);
        return almen_fail_nomem();
    }
    o->var = p;
    o->var[o->n_var++] = v;
    return ALMEN_OK;
}

almen_status almen_simulation_options_add_agreement(almen_simulation_options *o,
                                                    const char *name)
{
    NEED_OPTIONS(o);
    if (!name || !*name) return almen_fail(ALMEN_EINVAL, "an agreement id, \"none\" or \"all\"");
    sim_variant_def v = {strdup(name), NULL};
    if (!v.agreement) return almen_fail_nomem();
    return add_variant(o, v);
}

almen_status almen_simulation_options_add_policy(almen_simulation_options *o, const char *yaml,
                                                 const char *source_name)
{
    NEED_OPTIONS(o);
    sim_variant_def v = {NULL, NULL};
    TRY(sim_policy_parse(yaml, source_name ? source_name : "<policy>", &v.policy));
    return add_variant(o, v);
}

almen_status almen_simulation_options_set_scenario(almen_simulation_options *o,
                                                  const char *scenario)
{
    NEED_OPTIONS(o);
    char *copy = NULL;
    if (scenario && !(copy = strdup(scenario))) return almen_fail_nomem();
    free(o->scenario);
    o->scenario = copy;
    return ALMEN_OK;
}

almen_status almen_simulation_options_set_run_output(almen_simulation_options *o, int on)
{
    NEED_OPTIONS(o);
    o->run_output = on != 0;
    return ALMEN_OK;
}
