#include <math.h>
#include <stdlib.h>

#include "error_internal.h"
#include "figure_change.h"

static int by_department_year(const void *a, const void *b)
{
    const figure_change *x = a, *y = b;
    if (x->department != y->department) return x->department < y->department ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

static void merged_row(const almen_case *c, const figure_change *ch, figure_row *out)
{
    const figure_row *cur = department_row(&c->departments[ch->department], ch->year);
    out->year = ch->year;
    for (int f = 0; f < FIELD_COUNT; f++)
        out->v[f] = (ch->mask & (1u << f)) ? ch->v[f] : (cur ? cur->v[f] : NAN);
}

static int inconsistency(const almen_case *c, const figure_change *ch, const figure_row *row,
                         int f, const char *source)
{
    int den = FIELDS[f].denominator;
    /* Point at whichever of the two values this change wrote. */
    int at = (ch->mask & (1u << f)) ? f : den;
    return almen_fail_at(ALMEN_EINPUT, source, ch->line, ch->line ? ch->column[at] : 0,
                         FIELDS[at].name, "%s (%g) exceeds %s (%g) for department %s in %d",
                         FIELDS[f].name, row->v[f], FIELDS[den].name, row->v[den],
                         c->departments[ch->department].id, ch->year);
}

/* Clearing values of a year the department has no figures for must not invent that year. */
static int is_noop(const almen_case *c, const figure_change *ch)
{
    if (department_row(&c->departments[ch->department], ch->year)) return 0;
    for (int f = 0; f < FIELD_COUNT; f++)
        if ((ch->mask & (1u << f)) && !isnan(ch->v[f])) return 0;
    return 1;
}

int figure_changes_apply(almen_case *c, figure_change *changes, size_t n, const char *source)
{
    if (!n) return ALMEN_OK;
    /* Sorting keeps the check for repeats linear; callers do not rely on their order. */
    qsort(changes, n, sizeof *changes, by_department_year);
    for (size_t i = 0; i < n; i++) {
        figure_change *ch = &changes[i];
        if (i > 0 && by_department_year(&changes[i - 1], ch) == 0)
            return almen_fail_at(ALMEN_EINPUT, source, ch->line, ch->line ? 1 : 0, NULL,
                                 "department %s, year %d appears more than once (also line %d)",
                                 c->departments[ch->department].id, ch->year, changes[i - 1].line);
        figure_row row;
        merged_row(c, ch, &row);
        int bad = figure_row_inconsistent(&row);
        if (bad >= 0) return inconsistency(c, ch, &row, bad, source);
    }
    /* Make room for every new year first: after this loop nothing can fail. */
    for (size_t i = 0; i < n;) {
        size_t d = changes[i].department, extra = 0;
        for (; i < n && changes[i].department == d; i++)
            if (!department_row(&c->departments[d], changes[i].year) && !is_noop(c, &changes[i]))
                extra++;
        if (extra && department_reserve(&c->departments[d], extra)) return ALMEN_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (is_noop(c, &changes[i])) continue;
        figure_row *row = department_row_add(&c->departments[changes[i].department], changes[i].year);
        for (int f = 0; f < FIELD_COUNT; f++)
            if (changes[i].mask & (1u << f)) row->v[f] = changes[i].v[f];
    }
    return ALMEN_OK;
}
