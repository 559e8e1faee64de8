/* Result rows collected before the table is built (agreement_internal.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "error_internal.h"
#include "table_internal.h"

void agr_rs_init(agr_rowset *rs, const agr_rs_col *cols, size_t ncols)
{
    memset(rs, 0, sizeof *rs);
    rs->cols = cols;
    rs->ncols = ncols;
}

size_t agr_rs_add(agr_rowset *rs)
{
    if (rs->failed) return 0;
    if (rs->nrows == rs->cap) {
        size_t cap = rs->cap ? 2 * rs->cap : 16;
        agr_rs_cell *p = realloc(rs->cells, cap * rs->ncols * sizeof *p);
        if (!p) {
            rs->failed = 1;
            return 0;
        }
        rs->cells = p;
        rs->cap = cap;
    }
    agr_rs_cell *row = rs->cells + rs->nrows * rs->ncols;
    for (size_t j = 0; j < rs->ncols; j++) {
        switch (rs->cols[j].type) {
        case ALMEN_COL_DOUBLE: row[j].d = NAN; break;
        case ALMEN_COL_STRING: row[j].s = NULL; break;
        default: row[j].i = ALMEN_NA_INT; break;
        }
    }
    return rs->nrows++;
}

void agr_rs_str(agr_rowset *rs, size_t row, size_t col, const char *s)
{
    if (rs->failed || !s) return;
    agr_rs_cell *c = &rs->cells[row * rs->ncols + col];
    free(c->s);
    c->s = strdup(s);
    if (!c->s) rs->failed = 1;
}

void agr_rs_dbl(agr_rowset *rs, size_t row, size_t col, double v)
{
    if (!rs->failed) rs->cells[row * rs->ncols + col].d = v;
}

void agr_rs_int(agr_rowset *rs, size_t row, size_t col, int32_t v)
{
    if (!rs->failed) rs->cells[row * rs->ncols + col].i = v;
}

void agr_rs_free(agr_rowset *rs)
{
    for (size_t j = 0; j < rs->ncols; j++)
        if (rs->cols[j].type == ALMEN_COL_STRING)
            for (size_t i = 0; i < rs->nrows; i++) free(rs->cells[i * rs->ncols + j].s);
    free(rs->cells);
    rs->cells = NULL;
    rs->nrows = rs->cap = 0;
}

int agr_rs_table(agr_rowset *rs, almen_table **out)
{
    *out = NULL;
    almen_table *t = rs->failed ? NULL : table_new(rs->nrows);
    int ok = t != NULL;
    for (size_t j = 0; ok && j < rs->ncols; j++) {
        const agr_rs_col *c = &rs->cols[j];
        if (c->type == ALMEN_COL_STRING) {
            int col = table_add_string(t, c->name);
            ok = col >= 0;
            for (size_t i = 0; ok && i < rs->nrows; i++)
                ok = table_set_string(t, (size_t)col, i, rs->cells[i * rs->ncols + j].s) == 0;
        } else if (c->type == ALMEN_COL_DOUBLE) {
            double *d = table_add_double(t, c->name);
            ok = d != NULL;
            for (size_t i = 0; ok && i < rs->nrows; i++) d[i] = rs->cells[i * rs->ncols + j].d;
        } else {
            int32_t *d = c->type == ALMEN_COL_BOOL ? table_add_bool(t, c->name)
                                                   : table_add_int(t, c->name);
            ok = d != NULL;
            for (size_t i = 0; ok && i < rs->nrows; i++) d[i] = rs->cells[i * rs->ncols + j].i;
        }
    }
    int failed = rs->failed;
    agr_rs_free(rs);
    if (!ok) {
        almen_table_free(t);
        return failed ? almen_fail_nomem() : ALMEN_ENOMEM;
    }
    *out = t;
    return ALMEN_OK;
}
