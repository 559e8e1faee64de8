/* The units of the report, their aggregate rows per year and small-cell suppression. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/privacy.h"
#include "case_internal.h"
#include "error_internal.h"
#include "report_internal.h"

static const char *const LEVEL_NAMES[UNIT_LEVELS] = {"municipality", "district", "area"};

/* The years with figures anywhere in the municipality, within the options' range. */
static int collect_years(report *r)
{
    const almen_table *t = r->agg[UNIT_MUNICIPALITY];
    size_t ycol;
    if (almen_table_column_index(t, "year", &ycol)) return almen_error_last_code();
    size_t n = almen_table_nrows(t);
    r->years = malloc((n ? n : 1) * sizeof *r->years);
    if (!r->years) return almen_fail_nomem();
    for (size_t i = 0; i < n; i++) {
        int y = almen_table_get_int(t, ycol, i);
        if (r->opt->first_year && y < r->opt->first_year) continue;
        if (r->opt->last_year && y > r->opt->last_year) continue;
        /* The aggregate lists a unit's years ascending; keep them so. */
        size_t k = r->n_years;
        while (k > 0 && r->years[k - 1] > y) k--;
        if (k > 0 && r->years[k - 1] == y) continue;
        memmove(r->years + k + 1, r->years + k, (r->n_years - k) * sizeof *r->years);
        r->years[k] = y;
        r->n_years++;
    }
    return ALMEN_OK;
}

static int add_unit(report *r, unit_level level, const char *id, const char *name, size_t index,
                    size_t parent)
{
    report_unit *u = &r->units[r->n_units];
    memset(u, 0, sizeof *u);
    u->level = level;
    u->id = id;
    u->name = name;
    u->index = index;
    u->parent = parent;
    u->row = malloc((r->n_years ? r->n_years : 1) * sizeof *u->row);
    u->suppressed = calloc(r->n_years ? r->n_years : 1, 1);
    r->n_units++;
    if (!u->row || !u->suppressed) return almen_fail_nomem();
    const almen_table *t = r->agg[level];
    size_t ycol;
    if (almen_table_column_index(t, "year", &ycol)) return almen_error_last_code();
    for (size_t yi = 0; yi < r->n_years; yi++) {
        u->row[yi] = NO_ROW;
        for (size_t i = 0; i < almen_table_nrows(t); i++) {
            const char *uid = almen_table_get_string(t, 0, i);
            if (uid && !strcmp(uid, id) && almen_table_get_int(t, ycol, i) == r->years[yi]) {
                u->row[yi] = i;
                break;
            }
        }
    }
    return ALMEN_OK;
}

/* Municipality; each district followed by its areas; then the areas outside districts. */
static int build_units(report *r)
{
    const almen_case *c = r->c;
    r->units = calloc(1 + c->n_districts + c->n_areas, sizeof *r->units);
    if (!r->units) return almen_fail_nomem();
    int rc = add_unit(r, UNIT_MUNICIPALITY, c->name, c->name, 0, NO_ROW);
    for (size_t d = 0; d < c->n_districts && !rc; d++) {
        size_t du = r->n_units;
        rc = add_unit(r, UNIT_DISTRICT, c->districts[d].id, c->districts[d].name, d, 0);
        for (size_t a = 0; a < c->n_areas && !rc; a++)
            if (c->areas[a].district == d)
                rc = add_unit(r, UNIT_AREA, c->areas[a].id, c->areas[a].name, a, du);
    }
    for (size_t a = 0; a < c->n_areas && !rc; a++)
        if (c->areas[a].district == NO_INDEX)
            rc = add_unit(r, UNIT_AREA, c->areas[a].id, c->areas[a].name, a, 0);
    return rc;
}

/* Is department d counted in unit u? */
static int dept_in(const department *d, const report_unit *u)
{
    switch (u->level) {
    case UNIT_DISTRICT: return d->district == u->index;
    case UNIT_AREA: return d->area == u->index;
    default: return 1;
    }
}

/* Is unit v shown under unit p (a descendant of it)? */
static int below(const report *r, const report_unit *v, const report_unit *p)
{
    for (size_t k = v->parent; k != NO_ROW; k = r->units[k].parent)
        if (&r->units[k] == p) return 1;
    return 0;
}

/* Suppression for report year yi, bottom-up (areas, districts, municipality):
 *  1. a unit with fewer than min_persons residents or min_households households (or
 *     either unknown) is suppressed;
 *  2. a unit is suppressed when the departments it contains that no shown unit below it
 *     covers — what subtracting the shown units from its total leaves — hold some
 *     residents or households but fewer than the minimums (or an unknown number). */
static int too_small(const report *r, double residents, double households)
{
    int out = 1; /* the minimums were checked when set: this cannot fail */
    almen_privacy_suppressed(residents, households, r->opt->min_persons, r->opt->min_households, &out);
    return out;
}

static void suppress_year(report *r, size_t yi)
{
    const almen_report_options *o = r->opt;
    for (size_t k = 0; k < r->n_units; k++) {
        report_unit *u = &r->units[k];
        double res = report_value(r, u, yi, "residents");
        double hh = report_value(r, u, yi, "households");
        u->suppressed[yi] = u->row[yi] != NO_ROW && too_small(r, res, hh);
    }
    if (o->min_persons == 0 && o->min_households == 0) return;
    const almen_case *c = r->c;
    int year = r->years[yi];
    for (int level = UNIT_DISTRICT; level >= UNIT_MUNICIPALITY; level--) {
        for (size_t k = 0; k < r->n_units; k++) {
            report_unit *p = &r->units[k];
            if ((int)p->level != level || p->row[yi] == NO_ROW || p->suppressed[yi]) continue;
            double res = 0, hh = 0;
            for (size_t i = 0; i < c->n_departments; i++) {
                const department *d = &c->departments[i];
                const figure_row *fr = department_row(d, year);
                if (!fr || !dept_in(d, p)) continue;
                int covered = 0;
                for (size_t j = 0; j < r->n_units && !covered; j++) {
                    const report_unit *v = &r->units[j];
                    covered = v->row[yi] != NO_ROW && !v->suppressed[yi] && below(r, v, p) &&
                              dept_in(d, v);
                }
                if (covered) continue;
                res += fr->v[F_RESIDENTS];
                hh += fr->v[F_HOUSEHOLDS];
            }
            /* Nothing left over reveals nothing; an unknown count (NaN) is too small. */
            if (!(res == 0 && hh == 0) && too_small(r, res, hh)) p->suppressed[yi] = 1;
        }
    }
}

int report_open(report *r, const almen_case *c, const almen_report_options *opt)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    r->opt = opt;
    int rc = ALMEN_OK;
    for (int l = 0; l < UNIT_LEVELS && !rc; l++) rc = almen_case_aggregate(c, LEVEL_NAMES[l], &r->agg[l]);
    if (!rc) rc = collect_years(r);
    if (!rc) rc = build_units(r);
    for (size_t yi = 0; yi < r->n_years && !rc; yi++) suppress_year(r, yi);
    /* The lists of the latest year are published on 1 December; the agreements are read
     * as they stand that day unless a date is given. */
    if (opt->as_of) snprintf(r->as_of, sizeof r->as_of, "%s", opt->as_of);
    else if (r->n_years) snprintf(r->as_of, sizeof r->as_of, "%04d-12-01", r->years[r->n_years - 1]);
    if (rc) report_close(r);
    return rc;
}

void report_close(report *r)
{
    for (int l = 0; l < UNIT_LEVELS; l++) almen_table_free(r->agg[l]);
    report_classification_free(r->classification);
    for (size_t k = 0; k < r->n_units; k++) {
        free(r->units[k].row);
        free(r->units[k].suppressed);
    }
    free(r->units);
    free(r->years);
    memset(r, 0, sizeof *r);
}

double report_value(const report *r, const report_unit *u, size_t yi, const char *column)
{
    size_t col;
    if (yi >= r->n_years || u->row[yi] == NO_ROW) return NAN;
    const almen_table *t = r->agg[u->level];
    if (almen_table_column_index(t, column, &col)) return NAN;
    return almen_table_get_double(t, col, u->row[yi]);
}

size_t report_latest(const report *r, const report_unit *u)
{
    for (size_t yi = r->n_years; yi-- > 0;)
        if (u->row[yi] != NO_ROW) return yi;
    return NO_ROW;
}
