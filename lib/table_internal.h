/* Building result tables inside the library. */
#ifndef ALMEN_TABLE_INTERNAL_H
#define ALMEN_TABLE_INTERNAL_H

#include "almen/table.h"

/* A table of nrows rows and no columns yet; NULL when out of memory (error recorded). */
almen_table *table_new(size_t nrows);
/* Each adds a column and returns its storage (nrows elements, initialised to missing),
 * or NULL when out of memory (error recorded; the table stays valid to free). */
double *table_add_double(almen_table *t, const char *name);
int32_t *table_add_int(almen_table *t, const char *name);
int32_t *table_add_bool(almen_table *t, const char *name);
/* String cells are set with table_set_string, which copies. */
int table_add_string(almen_table *t, const char *name);
int table_set_string(almen_table *t, size_t col, size_t row, const char *value);

#endif
