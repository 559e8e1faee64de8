/* Reading and writing single figures and whole columns through the API. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "figure_change.h"

static int field_arg(const char *field, int *f)
{
    *f = field_index(field);
    if (*f < 0) return almen_fail(ALMEN_ENOTFOUND, "unknown figure field '%s'", field ? field : "(null)");
    return ALMEN_OK;
}

static int year_arg(int year)
{
    if (year < 1900 || year > 2200)
        return almen_fail(ALMEN_ERANGE, "year %d is outside 1900..2200", year);
    return ALMEN_OK;
}

static int value_arg(int f, double value)
{
    const char *problem = figure_value_problem(f, value);
    if (problem) return almen_fail_at(ALMEN_EINPUT, NULL, 0, 0, FIELDS[f].name, "%s (%g)", problem, value);
    return ALMEN_OK;
}

almen_status almen_case_figure(const almen_case *c, const char *department, int year,
                               const char *field, double *out)
{
    if (!c || !out) return almen_fail(ALMEN_EINVAL, "case and out are required");
    *out = NAN;
    int f;
    int rc = field_arg(field, &f);
    if (rc) return rc;
    size_t d = case_find_department(c, department);
    if (d == NO_INDEX) return almen_fail(ALMEN_ENOTFOUND, "no department '%s'", department ? department : "(null)");
    const figure_row *row = department_row(&c->departments[d], year);
    if (!row) return almen_fail(ALMEN_ENOTFOUND, "department %s has no figures for %d", department, year);
    *out = row->v[f];
    return ALMEN_OK;
}

almen_status almen_case_set_figure(almen_case *c, const char *department, int year,
                                   const char *field, double value)
{
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    int f, rc;
    if ((rc = field_arg(field, &f)) || (rc = year_arg(year)) || (rc = value_arg(f, value))) return rc;
    size_t d = case_find_department(c, department);
    if (d == NO_INDEX) return almen_fail(ALMEN_ENOTFOUND, "no department '%s'", department ? department : "(null)");
    figure_change ch = {.department = d, .year = year, .mask = 1u << f};
    ch.v[f] = value;
    return figure_changes_apply(c, &ch, 1, NULL);
}

almen_status almen_case_set_figure_values(almen_case *c, const char *field, int year,
                                          const double *values, size_t n)
{
    if (!c || (!values && n)) return almen_fail(ALMEN_EINVAL, "case and values are required");
    int f, rc;
    if ((rc = field_arg(field, &f)) || (rc = year_arg(year))) return rc;
    if (n != c->n_departments)
        return almen_fail(ALMEN_EINVAL, "%zu values given for %zu departments", n, c->n_departments);
    for (size_t i = 0; i < n; i++) {
        const char *problem = figure_value_problem(f, values[i]);
        if (problem)
            return almen_fail_at(ALMEN_EINPUT, NULL, 0, 0, FIELDS[f].name,
                                 "%s for department %s (values[%zu]): %s (%g)", FIELDS[f].name,
                                 c->departments[i].id, i, problem, values[i]);
    }
    figure_change *changes = calloc(n ? n : 1, sizeof *changes);
    if (!changes) return almen_fail_nomem();
    for (size_t i = 0; i < n; i++) {
        changes[i].department = i;
        changes[i].year = year;
        changes[i].mask = 1u << f;
        changes[i].v[f] = values[i];
    }
    rc = figure_changes_apply(c, changes, n, NULL);
    free(changes);
    return rc;
}
