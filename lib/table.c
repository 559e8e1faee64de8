#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "strbuf.h"
#include "table_internal.h"

typedef struct {
    char *name;
    int type;
    void *data; /* double[], int32_t[] or char *[] of nrows */
} column;

struct almen_table {
    size_t nrows;
    size_t ncols;
    size_t cap;
    column *cols;
};

almen_table *table_new(size_t nrows)
{
    almen_table *t = calloc(1, sizeof *t);
    if (!t) almen_fail_nomem();
    else t->nrows = nrows;
    return t;
}

void almen_table_free(almen_table *t)
{
    if (!t) return;
    for (size_t j = 0; j < t->ncols; j++) {
        column *c = &t->cols[j];
        if (c->type == ALMEN_COL_STRING) {
            char **s = c->data;
            for (size_t i = 0; i < t->nrows; i++) free(s[i]);
        }
        free(c->data);
        free(c->name);
    }
    free(t->cols);
    free(t);
}

static column *add_column(almen_table *t, const char *name, int type, size_t elsize)
{
    if (t->ncols == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        column *p = realloc(t->cols, cap * sizeof *p);
        if (!p) {
            almen_fail_nomem();
            return NULL;
        }
        t->cols = p;
        t->cap = cap;
    }
    column *c = &t->cols[t->ncols];
    c->name = strdup(name);
    c->type = type;
    /* calloc of at least one element, so an empty table still has distinct columns. */
    c->data = calloc(t->nrows ? t->nrows : 1, elsize);
    if (!c->name || !c->data) {
        free(c->name);
        free(c->data);
        almen_fail_nomem();
        return NULL;
    }
    t->ncols++;
    return c;
}

double *table_add_double(almen_table *t, const char *name)
{
    column *c = add_column(t, name, ALMEN_COL_DOUBLE, sizeof(double));
    if (!c) return NULL;
    double *d = c->data;
    for (size_t i = 0; i < t->nrows; i++) d[i] = NAN;
    return d;
}

static int32_t *add_int_like(almen_table *t, const char *name, int type)
{
    column *c = add_column(t, name, type, sizeof(int32_t));
    if (!c) return NULL;
    int32_t *d = c->data;
    for (size_t i = 0; i < t->nrows; i++) d[i] = ALMEN_NA_INT;
    return d;
}

int32_t *table_add_int(almen_table *t, const char *name)
{
    return add_int_like(t, name, ALMEN_COL_INT);
}

int32_t *table_add_bool(almen_table *t, const char *name)
{
    return add_int_like(t, name, ALMEN_COL_BOOL);
}

int table_add_string(almen_table *t, const char *name)
{
    return add_column(t, name, ALMEN_COL_STRING, sizeof(char *)) ? (int)t->ncols - 1 : -1;
}

int table_set_string(almen_table *t, size_t col, size_t row, const char *value)
{
    char **cells = t->cols[col].data;
    char *copy = NULL;
    if (value && !(copy = strdup(value))) return almen_fail_nomem();
    free(cells[row]);
    cells[row] = copy;
    return ALMEN_OK;
}

size_t almen_table_nrows(const almen_table *t) { return t ? t->nrows : 0; }
size_t almen_table_ncols(const almen_table *t) { return t ? t->ncols : 0; }

static const column *col_at(const almen_table *t, size_t col)
{
    return (t && col < t->ncols) ? &t->cols[col] : NULL;
}

const char *almen_table_column_name(const almen_table *t, size_t col)
{
    const column *c = col_at(t, col);
    return c ? c->name : NULL;
}

int almen_table_column_type(const almen_table *t, size_t col)
{
    const column *c = col_at(t, col);
    return c ? c->type : 0;
}

almen_status almen_table_column_index(const almen_table *t, const char *name, size_t *out)
{
    if (!t || !name || !out) return almen_fail(ALMEN_EINVAL, "table, name and out are required");
    for (size_t j = 0; j < t->ncols; j++) {
        if (strcmp(t->cols[j].name, name) == 0) {
            *out = j;
            return ALMEN_OK;
        }
    }
    return almen_fail(ALMEN_ENOTFOUND, "no column named '%s'", name);
}

const double *almen_table_doubles(const almen_table *t, size_t col)
{
    const column *c = col_at(t, col);
    return (c && c->type == ALMEN_COL_DOUBLE) ? c->data : NULL;
}

const int32_t *almen_table_ints(const almen_table *t, size_t col)
{
    const column *c = col_at(t, col);
    return (c && (c->type == ALMEN_COL_INT || c->type == ALMEN_COL_BOOL)) ? c->data : NULL;
}

double almen_table_get_double(const almen_table *t, size_t col, size_t row)
{
    const column *c = col_at(t, col);
    if (!c || row >= t->nrows) return NAN;
    if (c->type == ALMEN_COL_DOUBLE) return ((const double *)c->data)[row];
    if (c->type == ALMEN_COL_INT || c->type == ALMEN_COL_BOOL) {
        int32_t v = ((const int32_t *)c->data)[row];
        return v == ALMEN_NA_INT ? NAN : (double)v;
    }
    return NAN;
}

int32_t almen_table_get_int(const almen_table *t, size_t col, size_t row)
{
    const column *c = col_at(t, col);
    if (!c || row >= t->nrows) return ALMEN_NA_INT;
    if (c->type == ALMEN_COL_INT || c->type == ALMEN_COL_BOOL)
        return ((const int32_t *)c->data)[row];
    if (c->type == ALMEN_COL_DOUBLE) {
        double v = ((const double *)c->data)[row];
        if (isnan(v) || v < -2147483647.0 || v > 2147483647.0) return ALMEN_NA_INT;
        return (int32_t)v;
    }
    return ALMEN_NA_INT;
}

const char *almen_table_get_string(const almen_table *t, size_t col, size_t row)
{
    const column *c = col_at(t, col);
    if (!c || row >= t->nrows || c->type != ALMEN_COL_STRING) return NULL;
    return ((char *const *)c->data)[row];
}

static void csv_field(strbuf *sb, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sb_puts(sb, s);
        return;
    }
    sb_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"') sb_putc(sb, '"');
        sb_putc(sb, *s);
    }
    sb_putc(sb, '"');
}

static void csv_cell(strbuf *sb, const column *c, size_t row)
{
    switch (c->type) {
    case ALMEN_COL_DOUBLE: {
        double v = ((const double *)c->data)[row];
        if (!isnan(v)) sb_number(sb, v);
        break;
    }
    case ALMEN_COL_INT:
    case ALMEN_COL_BOOL: {
        int32_t v = ((const int32_t *)c->data)[row];
        if (v != ALMEN_NA_INT) sb_printf(sb, "%ld", (long)v);
        break;
    }
    default: {
        const char *s = ((char *const *)c->data)[row];
        if (s) csv_field(sb, s);
    }
    }
}

almen_status almen_table_to_csv(const almen_table *t, char **out)
{
    if (!t || !out) return almen_fail(ALMEN_EINVAL, "table and out are required");
    strbuf sb;
    sb_init(&sb);
    for (size_t j = 0; j < t->ncols; j++) {
        if (j) sb_putc(&sb, ',');
        csv_field(&sb, t->cols[j].name);
    }
    sb_putc(&sb, '\n');
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->ncols; j++) {
            if (j) sb_putc(&sb, ',');
            csv_cell(&sb, &t->cols[j], i);
        }
        sb_putc(&sb, '\n');
    }
    return sb_finish(&sb, out);
}
