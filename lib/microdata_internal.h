/* The microdata pass as the library (and its unit tests) see it. Never installed. */
#ifndef ALMEN_MICRODATA_INTERNAL_H
#define ALMEN_MICRODATA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "almen/microdata.h"

/* The person counts kept per department-year, in this order. */
enum {
    K_RESIDENTS,
    K_18_64,
    K_18PLUS,
    K_CONVICTED,
    K_30_59,
    K_BASIC,
    K_TAXPAYERS,
    K_NONWESTERN,
    N_COUNTERS
};

/* One department-year's accumulators: exactly one cache line, so a person touches one
 * line. Counts are 32-bit (the pass flushes them to 64-bit totals between blocks of rows,
 * so they cannot overflow); the two sums are doubles. */
typedef struct {
    uint32_t c[N_COUNTERS];
    double fte;
    double income;
    double pad_[2];
} md_slot;

typedef struct {
    size_t n_departments;
    size_t n_years;
    int *years;        /* n_years years: the first year present to the last */
    md_slot *slots;    /* [department * n_years + year index] */
    uint64_t *totals;  /* flushed counts, N_COUNTERS per slot; NULL if never flushed */
    unsigned columns;  /* bit i: column i (microdata.c's column order) was given */
} md_result;

/* The pass over department indices 0..n_departments-1 (0: up to the largest in the data),
 * with the counters flushed every block_rows rows (the API uses the largest block a 32-bit
 * counter allows; tests use tiny ones to exercise the flush). */
int microdata_run(const almen_microdata *md, size_t n_departments, size_t block_rows,
                  md_result *out);
void md_result_free(md_result *r);
/* Count k of slot s: flushed totals plus what is still in the slot. */
uint64_t md_result_count(const md_result *r, size_t s, int k);
/* The result as the department-year table almen_microdata_aggregate returns. */
int md_result_table(const md_result *r, almen_table **out);

#endif
