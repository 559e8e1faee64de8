/* The dwellings of every department year by year: the case's, or those a renovation
 * scenario leaves (docs/renovation.md: demolition, sale, conversion and merging change the
 * dwellings by type; a change dated year Y is complete on 1 January Y+1). The simulation
 * moves the households of removed dwellings out and lets new dwellings through the channels
 * (simulate_run.c). */
#include <string.h>

#include "error_internal.h"
#include "renovation_internal.h"
#include "simulate_internal.h"

/* The renovation model's dwellings of scenario department j on 1 January of year. */
static int32_t scenario_dwellings(const rv_run *r, size_t j, int year, int t)
{
    return r->count[(j * r->nst + rv_state(r, year)) * DW_TYPES + (size_t)t];
}

int sim_setup_dwellings(almen_simulation *s, const almen_case *c, const char *scenario)
{
    size_t Y = (size_t)s->years + 1;
    s->dw_year = calloc(s->n_dept * Y * SIM_DW + 1, sizeof *s->dw_year);
    s->dw_max = calloc(s->n_dept * SIM_DW + 1, sizeof *s->dw_max);
    if (!s->dw_year || !s->dw_max) return almen_fail_nomem();
    for (size_t d = 0; d < s->n_dept; d++)
        for (size_t y = 0; y < Y; y++)
            memcpy(&s->dw_year[(d * Y + y) * SIM_DW], &s->dwellings[d * SIM_DW],
                   SIM_DW * sizeof *s->dw_year);
    if (scenario) {
        const rv_scenarios *ss = c->scenarios;
        const rv_scenario *sc = NULL;
        for (size_t i = 0; ss && i < ss->n && !sc; i++)
            if (!strcmp(ss->items[i].id, scenario)) sc = &ss->items[i];
        if (!sc) return almen_fail(ALMEN_EINVAL, "no renovation scenario '%s' in the case", scenario);
        rv_run r;
        rv_where where;
        TRY(rv_run_make(c, sc, &r, &where));
        /* The base year keeps the case's dwellings (the initial households live in them);
         * later years those of the scenario from its base year on. */
        for (size_t j = 0; j < sc->n_depts; j++) {
            size_t d = sc->depts[j];
            for (size_t y = 1; y < Y; y++) {
                int year = s->base + (int)y;
                if (year < r.y0) continue;
                for (int t = 0; t < SIM_DW; t++)
                    s->dw_year[(d * Y + y) * SIM_DW + (size_t)t] = scenario_dwellings(&r, j, year, t);
            }
        }
        rv_run_free(&r);
    }
    for (size_t d = 0; d < s->n_dept; d++)
        for (size_t y = 0; y < Y; y++)
            for (int t = 0; t < SIM_DW; t++) {
                int32_t n = s->dw_year[(d * Y + y) * SIM_DW + (size_t)t];
                if (n > s->dw_max[d * SIM_DW + (size_t)t]) s->dw_max[d * SIM_DW + (size_t)t] = n;
            }
    return ALMEN_OK;
}
