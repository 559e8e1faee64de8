/* Department-year counts from person-level columns in one pass.
 *
 * The pass is built for tens of millions of rows (docs/microdata.md, bench/microdata). It
 * goes through the rows in chunks, each in two loops:
 *  - encode: a loop without branches or table lookups that the compiler turns into SIMD
 *    code (its trip count is the fixed CHUNK, which even -O2's cheap vectoriser accepts; a
 *    short last chunk is padded): each person's department-year slot index
 *    (department * n_years + year - first year) and an 8-bit code (four age-membership
 *    bits, convicted, basic education, "taxpayer and not a student", non-western), and
 *    whether any value is out of range;
 *  - scatter: per person, the eight count increments of its code come from a 256-row
 *    table and are added to the slot's eight 32-bit counters as vector adds (a slot is
 *    one cache line); the two sums add the value or an exact 0.0 chosen by a bit mask, so
 *    a NaN outside the population concerned is masked away, never added.
 * Validity is OR-ed into one word as the rows go by; only a chunk that failed is scanned
 * again, slowly, to name the row. A missing value where one is needed (an FTE for ages
 * 18-64, an income for a counted taxpayer) shows as a non-finite slot sum at the end.
 * int32 flag columns are narrowed to bytes per chunk, so the loops exist once, over bytes. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "figure_change.h"
#include "microdata_internal.h"
#include "table_internal.h"

_Static_assert(sizeof(md_slot) == 64, "a slot is one cache line");

enum { T_NONE, T_INT32, T_INT8, T_DOUBLE };

enum {
    COL_DEPARTMENT,
    COL_YEAR,
    COL_AGE,
    COL_FTE,
    COL_INCOME,
    COL_BASIC,
    COL_CONVICTED,
    COL_STUDENT,
    COL_TAXPAYER,
    COL_NONWESTERN,
    N_COLUMNS
};

#define BIT(c) (1u << (c))
#define FLAG_TYPES (BIT(T_INT32) | BIT(T_INT8))

static const struct {
    const char *name;
    unsigned types;
} COLUMNS[N_COLUMNS] = {
    [COL_DEPARTMENT] = {"department", BIT(T_INT32)},
    [COL_YEAR] = {"year", BIT(T_INT32)},
    [COL_AGE] = {"age", BIT(T_INT32)},
    [COL_FTE] = {"outside_labour_fte", BIT(T_DOUBLE)},
    [COL_INCOME] = {"income", BIT(T_DOUBLE)},
    [COL_BASIC] = {"basic_education", FLAG_TYPES},
    [COL_CONVICTED] = {"convicted", FLAG_TYPES},
    [COL_STUDENT] = {"student", FLAG_TYPES},
    [COL_TAXPAYER] = {"taxpayer", FLAG_TYPES},
    [COL_NONWESTERN] = {"nonwestern", FLAG_TYPES},
};

#define REQUIRED (BIT(COL_DEPARTMENT) | BIT(COL_YEAR) | BIT(COL_AGE))

/* The output fields in the registry's order: the counter or sum behind each and the
 * optional columns it needs (docs/microdata.md has the definitions). */
enum { SUM_NONE, SUM_FTE, SUM_INCOME };
static const struct {
    int field;
    int counter; /* K_*, or -1 for a sum */
    int sum;
    unsigned needs;
} OUTPUTS[] = {
    {F_RESIDENTS, K_RESIDENTS, SUM_NONE, 0},
    {F_RESIDENTS_18_64, K_18_64, SUM_NONE, 0},
    {F_OUTSIDE_LABOUR, -1, SUM_FTE, BIT(COL_FTE)},
    {F_RESIDENTS_18PLUS, K_18PLUS, SUM_NONE, 0},
    {F_CONVICTED, K_CONVICTED, SUM_NONE, BIT(COL_CONVICTED)},
    {F_RESIDENTS_30_59, K_30_59, SUM_NONE, 0},
    {F_BASIC_EDUCATION, K_BASIC, SUM_NONE, BIT(COL_BASIC)},
    {F_TAXPAYERS_15_64, K_TAXPAYERS, SUM_NONE, BIT(COL_TAXPAYER) | BIT(COL_STUDENT)},
    {F_INCOME_SUM, -1, SUM_INCOME, BIT(COL_TAXPAYER) | BIT(COL_STUDENT) | BIT(COL_INCOME)},
    {F_NONWESTERN, K_NONWESTERN, SUM_NONE, BIT(COL_NONWESTERN)},
};
enum { N_OUTPUTS = sizeof OUTPUTS / sizeof OUTPUTS[0] };

/* A person's 8-bit code: four age-membership bits, then four flags ("taxpayer" meaning
 * a taxpayer who is not a student). */
enum { A_18_64 = 1, A_18PLUS = 2, A_30_59 = 4, A_15_64 = 8 };
enum { S_CONVICTED = 4, S_BASIC = 5, S_TAXPAYER = 6, S_NONWESTERN = 7 };
enum {
    C_CONVICTED = 1 << S_CONVICTED,
    C_BASIC = 1 << S_BASIC,
    C_TAXPAYER = 1 << S_TAXPAYER,
    C_NONWESTERN = 1 << S_NONWESTERN
};

#define CHUNK 2048 /* a power of two */
#define PREFETCH_AHEAD 16

#if defined(__GNUC__)
#define ALMEN_PREFETCH(p) __builtin_prefetch((p), 1)
#else
#define ALMEN_PREFETCH(p) ((void)0)
#endif

/* The fixed-count loops get an AVX2 build besides the baseline one where the toolchain can
 * pick between them at load time (GCC's target_clones, an ifunc): twice the lanes, and the
 * double compares of the FTE check vectorise only there. Elsewhere: the baseline only. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(ALMEN_NO_SIMD_CLONES) /* (which tests the baseline build on an AVX2 machine) */
#define SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SIMD_CLONES
#endif

struct almen_microdata {
    size_t n_departments;
    size_t n_rows;
    const void *data[N_COLUMNS];
    int type[N_COLUMNS];
};

/* ---- handle ------------------------------------------------------------------------- */

almen_status almen_microdata_new(size_t n_departments, size_t n_rows, almen_microdata **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (n_departments > INT32_MAX)
        return almen_fail(ALMEN_EINVAL, "n_departments must be 0..%d (got %zu)", INT32_MAX,
                          n_departments);
    almen_microdata *md = calloc(1, sizeof *md);
    if (!md) return almen_fail_nomem();
    md->n_departments = n_departments;
    md->n_rows = n_rows;
    *out = md;
    return ALMEN_OK;
}

void almen_microdata_free(almen_microdata *md)
{
    free(md); /* the columns are borrowed */
}

size_t almen_microdata_rows(const almen_microdata *md)
{
    return md ? md->n_rows : 0;
}

size_t almen_microdata_departments(const almen_microdata *md)
{
    return md ? md->n_departments : 0;
}

static const char *const TYPE_NAMES[] = {"", "int32", "int8", "double"};

static int set_column(almen_microdata *md, const char *column, int type, const void *values,
                      size_t n)
{
    if (!md || !column) return almen_fail(ALMEN_EINVAL, "microdata and column are required");
    int c = 0;
    while (c < N_COLUMNS && strcmp(COLUMNS[c].name, column) != 0) c++;
    if (c == N_COLUMNS)
        return almen_fail(ALMEN_ENOTFOUND,
                          "unknown microdata column '%s' (department, year, age, "
                          "outside_labour_fte, income, basic_education, convicted, student, "
                          "taxpayer, nonwestern)",
                          column);
    if (!(COLUMNS[c].types & BIT(type))) {
        const char *takes = COLUMNS[c].types == FLAG_TYPES       ? "int8 or int32"
                            : COLUMNS[c].types == BIT(T_INT32) ? "int32"
                                                               : "double";
        return almen_fail(ALMEN_EINVAL, "column %s takes %s values, not %s", column, takes,
                          TYPE_NAMES[type]);
    }
    if (n != md->n_rows)
        return almen_fail(ALMEN_EINVAL, "column %s has %zu values for %zu rows", column, n,
                          md->n_rows);
    if (!values && n) return almen_fail(ALMEN_EINVAL, "column %s: values are required", column);
    md->data[c] = values;
    md->type[c] = type;
    return ALMEN_OK;
}

almen_status almen_microdata_set_int32(almen_microdata *md, const char *column,
                                       const int32_t *values, size_t n)
{
    return set_column(md, column, T_INT32, values, n);
}

almen_status almen_microdata_set_int8(almen_microdata *md, const char *column,
                                      const int8_t *values, size_t n)
{
    return set_column(md, column, T_INT8, values, n);
}

almen_status almen_microdata_set_double(almen_microdata *md, const char *column,
                                        const double *values, size_t n)
{
    return set_column(md, column, T_DOUBLE, values, n);
}

/* ---- validation messages (the slow path) --------------------------------------------- */

static int32_t flag_at(const almen_microdata *md, int c, size_t i)
{
    if (md->type[c] == T_INT8) return ((const int8_t *)md->data[c])[i];
    if (md->type[c] == T_INT32) return ((const int32_t *)md->data[c])[i];
    return 0;
}

static int row_fail(int c, size_t i, const char *fmt, ...) ALMEN_PRINTF(3, 4);
static int row_fail(int c, size_t i, const char *fmt, ...)
{
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return almen_fail_at(ALMEN_EINPUT, "<microdata>", 0, 0, COLUMNS[c].name, "row %zu: %s %s",
                         i, COLUMNS[c].name, what);
}

/* The first problem of row i, reported; ALMEN_OK when the row is valid. Mirrors the tests
 * of the fast loop, which only learns that some row of a chunk failed (an absent flag
 * column reads as 0 there too). */
static int row_problem(const almen_microdata *md, size_t n_departments, size_t i)
{
    int32_t dep = ((const int32_t *)md->data[COL_DEPARTMENT])[i];
    int32_t year = ((const int32_t *)md->data[COL_YEAR])[i];
    int32_t age = ((const int32_t *)md->data[COL_AGE])[i];
    if (dep < 0 || (size_t)dep >= n_departments)
        return row_fail(COL_DEPARTMENT, i, "%d is not a department index 0..%zu", (int)dep,
                        n_departments - 1);
    if (year < ALMEN_MICRODATA_MIN_YEAR || year > ALMEN_MICRODATA_MAX_YEAR)
        return row_fail(COL_YEAR, i, "%d is outside %d..%d", (int)year, ALMEN_MICRODATA_MIN_YEAR,
                        ALMEN_MICRODATA_MAX_YEAR);
    if (age < 0 || age > ALMEN_MICRODATA_MAX_AGE)
        return row_fail(COL_AGE, i, "%d is outside 0..%d", (int)age, ALMEN_MICRODATA_MAX_AGE);
    for (int c = COL_BASIC; c < N_COLUMNS; c++) {
        int32_t v = flag_at(md, c, i);
        if (v != 0 && v != 1) return row_fail(c, i, "%d is not 0 or 1", (int)v);
    }
    if (md->data[COL_FTE]) {
        double f = ((const double *)md->data[COL_FTE])[i];
        if (isnan(f) && age >= 18 && age <= 64)
            return row_fail(COL_FTE, i, "is missing for a person aged %d (18..64 count)", (int)age);
        if (!isnan(f) && !(f >= 0 && f <= 1)) return row_fail(COL_FTE, i, "%g is outside 0..1", f);
    }
    if (md->data[COL_INCOME] && age >= 15 && age <= 64 && flag_at(md, COL_TAXPAYER, i) == 1 &&
        flag_at(md, COL_STUDENT, i) == 0) {
        double x = ((const double *)md->data[COL_INCOME])[i];
        if (!isfinite(x))
            return row_fail(COL_INCOME, i, "%g is not an amount, for a taxpayer aged %d who is "
                            "not a student", x, (int)age);
    }
    return ALMEN_OK;
}

/* ---- the pass --------------------------------------------------------------------- */

/* The eight count increments of each code (built per call: the library keeps no global
 * state; 256 rows take well under a microsecond). */
static void build_increments(uint32_t inc[256][N_COUNTERS])
{
    for (unsigned code = 0; code < 256; code++) {
        inc[code][K_RESIDENTS] = 1;
        inc[code][K_18_64] = (code & A_18_64) != 0;
        inc[code][K_18PLUS] = (code & A_18PLUS) != 0;
        inc[code][K_CONVICTED] = (code & A_18PLUS) && (code & C_CONVICTED);
        inc[code][K_30_59] = (code & A_30_59) != 0;
        inc[code][K_BASIC] = (code & A_30_59) && (code & C_BASIC);
        inc[code][K_TAXPAYERS] = (code & A_15_64) && (code & C_TAXPAYER);
        inc[code][K_NONWESTERN] = (code & C_NONWESTERN) != 0;
    }
}

/* One chunk of columns, each CHUNK long (a short last chunk is padded with valid rows that
 * are not scattered). */
typedef struct {
    const int32_t *dep, *year, *age;
    const double *fte, *income;
    const uint8_t *basic, *conv, *stud, *tax, *nw;
} chunk_cols;

/* Slot and code of each person; non-zero when some value is out of range (department
 * index, year, age, a flag other than 0 or 1). */
SIMD_CLONES static uint32_t encode(const chunk_cols *restrict col, uint32_t n_departments, uint32_t n_years,
                       int32_t first_year, uint32_t *restrict slot, uint8_t *restrict code)
{
    const int32_t *restrict dep = col->dep, *restrict year = col->year, *restrict age = col->age;
    const uint8_t *restrict basic = col->basic, *restrict conv = col->conv,
                  *restrict stud = col->stud, *restrict tax = col->tax, *restrict nw = col->nw;
    uint32_t bad = 0;
    for (size_t i = 0; i < CHUNK; i++) {
        uint32_t d = (uint32_t)dep[i], y = (uint32_t)year[i] - (uint32_t)first_year;
        int32_t a = age[i];
        /* Five thresholds, signed compares (an age out of range is caught by bad). */
        uint32_t m15 = a >= 15, m18 = a >= 18, m30 = a >= 30, m60 = a >= 60, m65 = a >= 65;
        uint32_t bits = (m18 & (m65 ^ 1u)) * A_18_64 | m18 * A_18PLUS |
                        (m30 & (m60 ^ 1u)) * A_30_59 | (m15 & (m65 ^ 1u)) * A_15_64;
        uint32_t taxok = tax[i] & (stud[i] ^ 1u);
        uint32_t flags = basic[i] | conv[i] | stud[i] | tax[i] | nw[i];
        bad |= (d >= n_departments) | (y >= n_years) | ((uint32_t)a > ALMEN_MICRODATA_MAX_AGE) |
               (flags > 1u);
        slot[i] = d * n_years + y;
        code[i] = (uint8_t)(bits | (uint32_t)conv[i] << S_CONVICTED | (uint32_t)basic[i] << S_BASIC |
                            taxok << S_TAXPAYER | (uint32_t)nw[i] << S_NONWESTERN);
    }
    return bad;
}

/* The two sums' addends: each value where it counts (FTE for ages 18-64, income for
 * counted taxpayers), else +0.0 — by a mask on the bits, so a NaN outside the population
 * concerned vanishes and no branch depends on the data. A NaN where the value counts stays
 * and shows in the slot's sum. Non-zero when an FTE is outside 0..1 (NaN is not: a missing
 * one is checked at the end, where it matters). */
SIMD_CLONES static uint64_t addends(const uint8_t *restrict code, const double *restrict fte,
                                    const double *restrict income, double *restrict fte_add,
                                    double *restrict income_add)
{
    uint64_t bad = 0;
    for (size_t i = 0; i < CHUNK; i++) {
        uint64_t c = code[i], f, x;
        bad |= (uint64_t)((fte[i] < 0.0) | (fte[i] > 1.0)); /* both false for NaN */
        memcpy(&f, &fte[i], sizeof f);
        memcpy(&x, &income[i], sizeof x);
        f &= (uint64_t)0 - (c & A_18_64);
        x &= (uint64_t)0 - ((c >> S_TAXPAYER) & (c & A_15_64) >> 3);
        memcpy(&fte_add[i], &f, sizeof f);
        memcpy(&income_add[i], &x, sizeof x);
    }
    return bad;
}

/* Adds n encoded persons to their slots. */
static void scatter(size_t n, const uint32_t *restrict slot, const uint8_t *restrict code,
                    const double *restrict fte_add, const double *restrict income_add,
                    const uint32_t (*restrict inc)[N_COUNTERS], md_slot *restrict slots)
{
    for (size_t i = 0; i < n; i++) {
        /* Department-years in register order are random: fetch the slot of a row a little
         * ahead (its index is already encoded; past the end it wraps to a valid one). */
        ALMEN_PREFETCH(&slots[slot[(i + PREFETCH_AHEAD) & (CHUNK - 1)]]);
        md_slot *sl = &slots[slot[i]];
        const uint32_t *counts = inc[code[i]];
        for (int k = 0; k < N_COUNTERS; k++) sl->c[k] += counts[k];
        sl->fte += fte_add[i];
        sl->income += income_add[i];
    }
}

static const uint8_t ZERO_FLAGS[CHUNK];
static const double ZERO_VALUES[CHUNK];

/* The chunk's bytes of flag column c: the int8 array itself, or an int32 column narrowed
 * into buf (any value but 0 and 1 becomes 2, still invalid), or zeros when absent. A short
 * chunk is copied and padded with 0. */
static const uint8_t *flag_chunk(const almen_microdata *md, int c, size_t start, size_t len,
                                 uint8_t *restrict buf)
{
    if (md->type[c] == T_INT8) {
        const uint8_t *v = (const uint8_t *)md->data[c] + start;
        if (len == CHUNK) return v;
        memcpy(buf, v, len);
    } else if (md->type[c] == T_INT32) {
        const int32_t *restrict v = (const int32_t *)md->data[c] + start;
        if (len == CHUNK) {
            for (size_t i = 0; i < CHUNK; i++) buf[i] = (uint32_t)v[i] > 1u ? 2 : (uint8_t)v[i];
            return buf;
        }
        for (size_t i = 0; i < len; i++) buf[i] = (uint32_t)v[i] > 1u ? 2 : (uint8_t)v[i];
    } else {
        return ZERO_FLAGS;
    }
    memset(buf + len, 0, CHUNK - len);
    return buf;
}

/* A double column's chunk, padded with 0 when short (or zeros when absent). */
static const double *double_chunk(const double *v, size_t len, double *buf)
{
    if (!v) return ZERO_VALUES;
    if (len == CHUNK) return v;
    memcpy(buf, v, len * sizeof *v);
    memset(buf + len, 0, (CHUNK - len) * sizeof *buf);
    return buf;
}

/* An int32 column's chunk, padded with pad when short. */
static const int32_t *int_chunk(const int32_t *v, size_t len, int32_t pad, int32_t *buf)
{
    if (len == CHUNK) return v;
    memcpy(buf, v, len * sizeof *v);
    for (size_t i = len; i < CHUNK; i++) buf[i] = pad;
    return buf;
}

/* The smallest and largest year and the largest department index, in full chunks that the
 * compiler vectorises; then the first row outside the permitted years (n when none). */
SIMD_CLONES static size_t key_ranges(const int32_t *year, const int32_t *dep, size_t n, int32_t *lo,
                         int32_t *hi, int32_t *dep_max)
{
    int32_t mn = INT32_MAX, mx = INT32_MIN, dmx = -1;
    size_t i = 0;
    for (; i + CHUNK <= n; i += CHUNK) {
        const int32_t *restrict y = year + i, *restrict d = dep + i;
        for (size_t j = 0; j < CHUNK; j++) {
            mn = y[j] < mn ? y[j] : mn;
            mx = y[j] > mx ? y[j] : mx;
            dmx = d[j] > dmx ? d[j] : dmx;
        }
    }
    for (; i < n; i++) {
        mn = year[i] < mn ? year[i] : mn;
        mx = year[i] > mx ? year[i] : mx;
        dmx = dep[i] > dmx ? dep[i] : dmx;
    }
    *lo = mn;
    *hi = mx;
    *dep_max = dmx;
    if (n == 0 || (mn >= ALMEN_MICRODATA_MIN_YEAR && mx <= ALMEN_MICRODATA_MAX_YEAR)) return n;
    for (i = 0; year[i] >= ALMEN_MICRODATA_MIN_YEAR && year[i] <= ALMEN_MICRODATA_MAX_YEAR; i++) {}
    return i;
}

static void flush(md_result *r, size_t n_slots)
{
    for (size_t s = 0; s < n_slots; s++) {
        for (int c = 0; c < N_COUNTERS; c++) r->totals[s * N_COUNTERS + c] += r->slots[s].c[c];
        memset(r->slots[s].c, 0, sizeof r->slots[s].c);
    }
}

void md_result_free(md_result *r)
{
    if (!r) return;
    free(r->years);
    free(r->slots);
    free(r->totals);
    memset(r, 0, sizeof *r);
}

uint64_t md_result_count(const md_result *r, size_t s, int k)
{
    return (r->totals ? r->totals[s * N_COUNTERS + k] : 0) + r->slots[s].c[k];
}

static int check_columns(const almen_microdata *md)
{
    for (int c = 0; c < N_COLUMNS; c++)
        if ((REQUIRED & BIT(c)) && !md->type[c])
            return almen_fail(ALMEN_EINVAL, "microdata column %s is required but not set",
                              COLUMNS[c].name);
    return ALMEN_OK;
}

/* Reports the first invalid row in rows [from, to); ALMEN_OK when there is none. */
static int first_problem(const almen_microdata *md, size_t n_departments, size_t from,
                         size_t to)
{
    int rc = ALMEN_OK;
    for (size_t i = from; i < to && !rc; i++) rc = row_problem(md, n_departments, i);
    return rc;
}

/* A sum that is not finite means a missing or non-finite value where one is needed (or,
 * for incomes, a sum beyond the range of a double). */
static int check_sums(const almen_microdata *md, const md_result *r)
{
    size_t n_slots = r->n_departments * r->n_years;
    for (size_t s = 0; s < n_slots; s++) {
        if (isfinite(r->slots[s].fte) && isfinite(r->slots[s].income)) continue;
        int rc = first_problem(md, r->n_departments, 0, md->n_rows);
        if (rc) return rc;
        return almen_fail_at(ALMEN_EINPUT, "<microdata>", 0, 0, "income",
                             "the income sum of department %zu in %d is beyond the range of a "
                             "double", s / r->n_years, r->years[s % r->n_years]);
    }
    return ALMEN_OK;
}

int microdata_run(const almen_microdata *md, size_t n_departments, size_t block_rows,
                  md_result *out)
{
    memset(out, 0, sizeof *out);
    if (!md) return almen_fail(ALMEN_EINVAL, "microdata is required");
    int rc = check_columns(md);
    if (rc) return rc;
    if (block_rows < 1 || block_rows > UINT32_MAX) block_rows = UINT32_MAX;
    const size_t n = md->n_rows;

    int32_t first_year, last_year, dep_max;
    size_t bad_year = key_ranges(md->data[COL_YEAR], md->data[COL_DEPARTMENT], n, &first_year,
                                 &last_year, &dep_max);
    /* 0: as many departments as the largest index says. */
    const size_t nd = n_departments ? n_departments : dep_max >= 0 ? (size_t)dep_max + 1 : 1;
    if (bad_year < n) return row_problem(md, nd, bad_year);
    /* Every year from the first to the last gets slots (empty ones are not reported):
     * the slot index is then plain arithmetic. */
    out->n_years = n ? (size_t)(last_year - first_year) + 1 : 0;
    out->n_departments = nd;
    size_t n_slots = nd * out->n_years;
    if (n_slots > UINT32_MAX || n_slots > SIZE_MAX / sizeof(md_slot))
        return almen_fail(ALMEN_ELIMIT, "%zu departments over %zu years are too many slots",
                          nd, out->n_years);
    out->years = malloc((out->n_years ? out->n_years : 1) * sizeof *out->years);
    /* aligned_alloc wants a multiple of the alignment: a slot is 64 bytes. */
    out->slots = aligned_alloc(64, (n_slots ? n_slots : 1) * sizeof(md_slot));
    uint32_t(*inc)[N_COUNTERS] = malloc(256 * sizeof *inc);
    struct {
        uint32_t slot[CHUNK];
        uint8_t code[CHUNK];
        uint8_t flags[5][CHUNK];
        int32_t pad[3][CHUNK];
        double fte[CHUNK], income[CHUNK], fte_add[CHUNK], income_add[CHUNK];
    } *w = malloc(sizeof *w);
    if (!out->years || !out->slots || !inc || !w) {
        rc = almen_fail_nomem();
        goto done;
    }
    for (size_t y = 0; y < out->n_years; y++) out->years[y] = first_year + (int)y;
    memset(out->slots, 0, (n_slots ? n_slots : 1) * sizeof(md_slot));
    for (int c = 0; c < N_COLUMNS; c++)
        if (md->type[c]) out->columns |= BIT(c);
    build_increments(inc);

    const double *fte = md->data[COL_FTE], *income = md->data[COL_INCOME];
    size_t in_block = 0;
    for (size_t start = 0; start < n;) {
        size_t len = n - start < CHUNK ? n - start : CHUNK;
        if (len > block_rows - in_block) len = block_rows - in_block;
        chunk_cols col = {
            .dep = int_chunk((const int32_t *)md->data[COL_DEPARTMENT] + start, len, 0, w->pad[0]),
            .year = int_chunk((const int32_t *)md->data[COL_YEAR] + start, len, first_year, w->pad[1]),
            .age = int_chunk((const int32_t *)md->data[COL_AGE] + start, len, 0, w->pad[2]),
            .fte = double_chunk(fte ? fte + start : NULL, len, w->fte),
            .income = double_chunk(income ? income + start : NULL, len, w->income),
            .basic = flag_chunk(md, COL_BASIC, start, len, w->flags[0]),
            .conv = flag_chunk(md, COL_CONVICTED, start, len, w->flags[1]),
            .stud = flag_chunk(md, COL_STUDENT, start, len, w->flags[2]),
            .tax = flag_chunk(md, COL_TAXPAYER, start, len, w->flags[3]),
            .nw = flag_chunk(md, COL_NONWESTERN, start, len, w->flags[4]),
        };
        /* Nothing is scattered from a chunk with an invalid slot. */
        if (encode(&col, (uint32_t)nd, (uint32_t)out->n_years, first_year, w->slot, w->code) ||
            addends(w->code, col.fte, col.income, w->fte_add, w->income_add)) {
            rc = first_problem(md, nd, start, start + len);
            if (!rc) rc = almen_fail(ALMEN_EINPUT, "invalid microdata in rows %zu..%zu", start,
                                     start + len - 1); /* the two checks disagree: a bug */
            goto done;
        }
        scatter(len, w->slot, w->code, w->fte_add, w->income_add, inc, out->slots);
        start += len;
        in_block += len;
        if (in_block == block_rows && start < n) {
            /* 32-bit counters could overflow in the next block: move them to 64 bits. */
            if (!out->totals && !(out->totals = calloc(n_slots, N_COUNTERS * sizeof *out->totals))) {
                rc = almen_fail_nomem();
                goto done;
            }
            flush(out, n_slots);
            in_block = 0;
        }
    }
    rc = check_sums(md, out);
done:
    free(inc);
    free(w);
    if (rc) md_result_free(out);
    return rc;
}

/* ---- results ------------------------------------------------------------------------ */

static int output_given(const md_result *r, int o)
{
    return (r->columns & OUTPUTS[o].needs) == OUTPUTS[o].needs;
}

static double output_value(const md_result *r, size_t s, int o)
{
    if (!output_given(r, o)) return NAN;
    if (OUTPUTS[o].sum == SUM_FTE) return r->slots[s].fte;
    if (OUTPUTS[o].sum == SUM_INCOME) return r->slots[s].income;
    return (double)md_result_count(r, s, OUTPUTS[o].counter);
}

int md_result_table(const md_result *r, almen_table **out)
{
    *out = NULL;
    size_t n_slots = r->n_departments * r->n_years, rows = 0;
    for (size_t s = 0; s < n_slots; s++) rows += md_result_count(r, s, K_RESIDENTS) > 0;
    almen_table *t = table_new(rows);
    if (!t) return ALMEN_ENOMEM;
    int32_t *dep = table_add_int(t, "department"), *year = table_add_int(t, "year");
    int32_t *ints[N_OUTPUTS] = {0};
    double *doubles[N_OUTPUTS] = {0};
    int rc = dep && year ? ALMEN_OK : ALMEN_ENOMEM;
    for (int o = 0; o < N_OUTPUTS && !rc; o++) {
        const char *name = FIELDS[OUTPUTS[o].field].name;
        if (FIELDS[OUTPUTS[o].field].kind == KIND_COUNT) {
            if (!(ints[o] = table_add_int(t, name))) rc = ALMEN_ENOMEM;
        } else if (!(doubles[o] = table_add_double(t, name))) {
            rc = ALMEN_ENOMEM;
        }
    }
    for (size_t s = 0, row = 0; s < n_slots && !rc; s++) {
        if (!md_result_count(r, s, K_RESIDENTS)) continue;
        dep[row] = (int32_t)(s / r->n_years);
        year[row] = r->years[s % r->n_years];
        for (int o = 0; o < N_OUTPUTS && !rc; o++) {
            if (!output_given(r, o)) continue; /* stays missing */
            double v = output_value(r, s, o);
            if (doubles[o]) doubles[o][row] = v;
            else if (v <= INT32_MAX) ints[o][row] = (int32_t)v;
            else rc = almen_fail(ALMEN_ERANGE, "%s of department %zu in %d exceeds the int range",
                                 FIELDS[OUTPUTS[o].field].name, s / r->n_years, (int)year[row]);
        }
        row++;
    }
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}

almen_status almen_microdata_aggregate(const almen_microdata *md, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    md_result r;
    int rc = microdata_run(md, md ? md->n_departments : 0, UINT32_MAX, &r);
    if (rc) return rc;
    rc = md_result_table(&r, out);
    md_result_free(&r);
    return rc;
}

almen_status almen_case_set_figures_from_microdata(almen_case *c, const almen_microdata *md)
{
    if (!c || !md) return almen_fail(ALMEN_EINVAL, "case and microdata are required");
    if (md->n_departments && md->n_departments != c->n_departments)
        return almen_fail(ALMEN_EINVAL,
                          "the microdata index %zu departments but the case has %zu",
                          md->n_departments, c->n_departments);
    md_result r;
    int rc = microdata_run(md, c->n_departments, UINT32_MAX, &r);
    if (rc) return rc;
    size_t n_slots = r.n_departments * r.n_years, n = 0;
    for (size_t s = 0; s < n_slots; s++) n += md_result_count(&r, s, K_RESIDENTS) > 0;
    figure_change *changes = calloc(n ? n : 1, sizeof *changes);
    if (!changes) {
        md_result_free(&r);
        return almen_fail_nomem();
    }
    size_t k = 0;
    for (size_t s = 0; s < n_slots && !rc; s++) {
        if (!md_result_count(&r, s, K_RESIDENTS)) continue;
        figure_change *ch = &changes[k++];
        ch->department = s / r.n_years;
        ch->year = r.years[s % r.n_years];
        for (int o = 0; o < N_OUTPUTS && !rc; o++) {
            if (!output_given(&r, o)) continue;
            int f = OUTPUTS[o].field;
            ch->mask |= 1u << f;
            ch->v[f] = output_value(&r, s, o);
            const char *problem = figure_value_problem(f, ch->v[f]);
            if (problem)
                rc = almen_fail_at(ALMEN_EINPUT, "<microdata>", 0, 0, FIELDS[f].name,
                                   "department %s, year %d: %s %s (%g)",
                                   c->departments[ch->department].id, ch->year, FIELDS[f].name,
                                   problem, ch->v[f]);
        }
    }
    md_result_free(&r);
    if (!rc) rc = figure_changes_apply(c, changes, n, "<microdata>");
    free(changes);
    return rc;
}
