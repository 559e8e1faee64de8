/* Changes to department-year figures, checked as a whole and then applied as a whole.
 * set_figure, set_figure_values and the CSV import all go through here, so none of them
 * can leave a case half-changed. */
#ifndef ALMEN_FIGURE_CHANGE_H
#define ALMEN_FIGURE_CHANGE_H

#include "case_internal.h"

typedef struct {
    size_t department;
    int year;
    unsigned mask;              /* bit f set: field f is written (NaN clears it) */
    double v[FIELD_COUNT];
    int line;                   /* where the change came from, for messages (0: API) */
    int column[FIELD_COUNT];
} figure_change;

/* Each value must already be valid on its own (figure_value_problem). Checks that no
 * department-year appears twice and that every changed row stays consistent (parts not
 * above their wholes) when merged with the current values; then applies all or none. */
int figure_changes_apply(almen_case *c, figure_change *changes, size_t n, const char *source);

#endif
