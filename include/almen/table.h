/* libalmen: result tables.
 *
 * Every query that returns rows returns an almen_table: named, typed columns of equal
 * length. The bindings turn it into a pandas DataFrame or an R data.frame, so a new
 * query needs no binding code of its own. Missing values: NaN in double columns,
 * ALMEN_NA_INT in int and bool columns (the same bit pattern as R's NA_integer_),
 * NULL in string columns. */
#ifndef ALMEN_TABLE_H
#define ALMEN_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "export.h"

ALMEN_BEGIN_DECLS

typedef struct almen_table almen_table;

typedef enum {
    ALMEN_COL_DOUBLE = 1,
    ALMEN_COL_INT = 2,    /* int32_t */
    ALMEN_COL_BOOL = 3,   /* int32_t holding 0, 1 or ALMEN_NA_INT */
    ALMEN_COL_STRING = 4  /* const char *, NULL when missing */
} almen_column_type;

#define ALMEN_NA_INT INT32_MIN

ALMEN_EXTERN void almen_table_free(almen_table *table);

ALMEN_EXTERN size_t almen_table_nrows(const almen_table *table);
ALMEN_EXTERN size_t almen_table_ncols(const almen_table *table);
/* NULL when col is out of range. */
ALMEN_EXTERN const char *almen_table_column_name(const almen_table *table, size_t col);
/* 0 when col is out of range. */
ALMEN_EXTERN int almen_table_column_type(const almen_table *table, size_t col);
/* Index of the column named name; ALMEN_ENOTFOUND when there is none. */
ALMEN_EXTERN almen_status almen_table_column_index(const almen_table *table, const char *name,
                                                   size_t *out);

/* Direct access to a whole column, nrows elements, owned by the table.
 * NULL when col is out of range or of another type. */
ALMEN_EXTERN const double *almen_table_doubles(const almen_table *table, size_t col);
ALMEN_EXTERN const int32_t *almen_table_ints(const almen_table *table, size_t col);

/* Single cells, for any column type (a bool reads as an int; a number never as a string).
 * Out of range or wrong type gives NaN, ALMEN_NA_INT or NULL respectively. */
ALMEN_EXTERN double almen_table_get_double(const almen_table *table, size_t col, size_t row);
ALMEN_EXTERN int32_t almen_table_get_int(const almen_table *table, size_t col, size_t row);
ALMEN_EXTERN const char *almen_table_get_string(const almen_table *table, size_t col,
                                                size_t row);

/* The table as CSV text (RFC 4180 quoting, "\n" line ends, missing values empty),
 * to be freed with almen_free. */
ALMEN_EXTERN almen_status almen_table_to_csv(const almen_table *table, char **out);

ALMEN_END_DECLS

#endif
