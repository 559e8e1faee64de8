/* Options of the letting policy, findings and coverage: parameters with their legal source
 * and explicit area statuses. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_analysis.h"
#include "csv.h"
#include "error_internal.h"

/* The numeric parameters: where each lives in the options, its default and legal source. */
typedef struct {
    const char *name;
    size_t offset;
    double deflt, lo, hi;
    int whole;
    const char *paragraph, *description;
} param_def;

#define OFF(f) offsetof(struct almen_agreement_options, f)
static const param_def PARAMS[] = {
    {"allocation_max_pct", OFF(allocation_max_pct), 25, 0, 100, 0, "§59 stk. 1",
     "largest municipal allocation share without a §59 stk. 2 agreement, per cent of vacant "
     "family dwellings (every 4th); a larger share is an error"},
    {"combined_min_residents", OFF(combined_min_residents), 1000, 0, 1e9, 1, "§51b stk. 3 nr. 1",
     "combined letting needs at least this many residents in the departments together"},
    {"combined_min_outside_pct", OFF(combined_min_outside_pct), 40, 0, 100, 0,
     "§51b stk. 3 nr. 2",
     "combined letting needs at least this share of residents 18-64 outside the labour market"},
    {"review_years", OFF(review_years), 4, 1, 50, 1, "§60b stk. 2",
     "years after the start or the last review within which an agreement is reviewed"},
    {"coverage_threshold_pct", OFF(coverage_threshold_pct), 50, 0, 100, 0, "§60b stk. 1",
     "an agreement covering more than this share of the municipality's family dwellings can be "
     "extended to every organisation"},
    {"figures_lag", OFF(figures_lag), 0, 0, 10, 1, "",
     "the §51b check on a date in year Y uses the latest figures of year Y - lag or earlier"},
};
enum { N_PARAMS = sizeof PARAMS / sizeof PARAMS[0] };
#undef OFF

/* L 23 came into force on 30 November 2021 (domain note §3); the statutory instruments added
 * are those of the law since then. */
#define STATUTORY_FROM "2021-11-30"
#define LIST_DATE "12-01"

static double *param_slot(almen_agreement_options *o, const param_def *p)
{
    return (double *)((char *)o + p->offset);
}

static void set_defaults(almen_agreement_options *o)
{
    for (size_t i = 0; i < N_PARAMS; i++) *param_slot(o, &PARAMS[i]) = PARAMS[i].deflt;
    o->list_month = 12;
    o->list_day = 1;
    agr_day_parse(STATUTORY_FROM, &o->statutory_from);
    o->classification = 1;
}

void agr_options_defaults(almen_agreement_options *o)
{
    memset(o, 0, sizeof *o);
    set_defaults(o);
}

almen_status almen_agreement_options_new(almen_agreement_options **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = calloc(1, sizeof **out);
    if (!*out) return almen_fail_nomem();
    set_defaults(*out);
    return ALMEN_OK;
}

void almen_agreement_options_free(almen_agreement_options *o)
{
    if (!o) return;
    for (size_t i = 0; i < o->n_status; i++) free(o->status[i].area);
    free(o->status);
    free(o);
}

almen_status almen_agreement_options_set_parameter(almen_agreement_options *o, const char *name,
                                                   double value)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    for (size_t i = 0; i < N_PARAMS; i++) {
        const param_def *p = &PARAMS[i];
        if (!name || strcmp(p->name, name) != 0) continue;
        if (!isfinite(value) || value < p->lo || value > p->hi || (p->whole && value != floor(value)))
            return almen_fail(ALMEN_ERANGE, "%s must be %s between %g and %g", p->name,
                              p->whole ? "a whole number" : "a number", p->lo, p->hi);
        *param_slot(o, p) = value;
        return ALMEN_OK;
    }
    return almen_fail(ALMEN_EINVAL,
                      "unknown parameter '%s' (allocation_max_pct, combined_min_residents, "
                      "combined_min_outside_pct, review_years, coverage_threshold_pct, "
                      "figures_lag; list_date and statutory_from are text)",
                      name ? name : "(null)");
}

almen_status almen_agreement_options_set_text(almen_agreement_options *o, const char *name,
                                              const char *value)
{
    if (!o || !name || !value) return almen_fail(ALMEN_EINVAL, "options, name and value are required");
    if (!strcmp(name, "list_date")) {
        /* Checked against a leap year so that 02-29 is accepted as a list date. */
        char buf[16];
        agr_day d;
        snprintf(buf, sizeof buf, "2024-%.5s", value);
        if (strlen(value) != 5 || agr_day_parse(buf, &d))
            return almen_fail(ALMEN_EINVAL, "list_date '%.20s' is not MM-DD", value);
        int y, m, dd;
        agr_day_to_ymd(d, &y, &m, &dd);
        o->list_month = m;
        o->list_day = dd;
        return ALMEN_OK;
    }
    if (!strcmp(name, "statutory_from")) return agr_day_argument(value, "statutory_from", &o->statutory_from);
    return almen_fail(ALMEN_EINVAL, "unknown text parameter '%s' (list_date, statutory_from)", name);
}

almen_status almen_agreement_parameters(almen_table **out)
{
    static const agr_rs_col cols[] = {{"name", ALMEN_COL_STRING},      {"kind", ALMEN_COL_STRING},
                                      {"default", ALMEN_COL_STRING},   {"paragraph", ALMEN_COL_STRING},
                                      {"description", ALMEN_COL_STRING}};
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    agr_rowset rs;
    agr_rs_init(&rs, cols, 5);
    for (size_t i = 0; i < N_PARAMS; i++) {
        char buf[32];
        size_t r = agr_rs_add(&rs);
        snprintf(buf, sizeof buf, "%g", PARAMS[i].deflt);
        agr_rs_str(&rs, r, 0, PARAMS[i].name);
        agr_rs_str(&rs, r, 1, "number");
        agr_rs_str(&rs, r, 2, buf);
        agr_rs_str(&rs, r, 3, PARAMS[i].paragraph);
        agr_rs_str(&rs, r, 4, PARAMS[i].description);
    }
    static const char *const text[][4] = {
        {"list_date", LIST_DATE, "§61a stk. 5",
         "the day (MM-DD) the statutory lists are published; the list of year Y applies from "
         "that day until the day before the next list"},
        {"statutory_from", STATUTORY_FROM, "L 23 (2021)",
         "statutory instruments (§59 stk. 6-7, §60, §51c) are added on dates from this day; "
         "the letting rules before L 23 are not modelled"}};
    for (size_t i = 0; i < 2; i++) {
        size_t r = agr_rs_add(&rs);
        agr_rs_str(&rs, r, 0, text[i][0]);
        agr_rs_str(&rs, r, 1, "text");
        agr_rs_str(&rs, r, 2, text[i][1]);
        agr_rs_str(&rs, r, 3, text[i][2]);
        agr_rs_str(&rs, r, 4, text[i][3]);
    }
    return agr_rs_table(&rs, out);
}

almen_status almen_agreement_options_set_classification(almen_agreement_options *o, int use)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    if (use != 0 && use != 1) return almen_fail(ALMEN_EINVAL, "use must be 0 or 1");
    o->classification = use;
    return ALMEN_OK;
}

/* ---- Explicit statuses ----------------------------------------------------------------- */

static agr_status_entry *find_status(const almen_agreement_options *o, const char *area, int year)
{
    for (size_t i = 0; i < o->n_status; i++)
        if (o->status[i].year == year && !strcmp(o->status[i].area, area)) return &o->status[i];
    return NULL;
}

int agr_options_status(const almen_agreement_options *o, const char *area, int year, int *bits)
{
    const agr_status_entry *e = o ? find_status(o, area, year) : NULL;
    if (e) *bits = e->bits;
    return e != NULL;
}

static int reserve_status(almen_agreement_options *o, size_t extra)
{
    if (o->n_status + extra <= o->cap_status) return ALMEN_OK;
    size_t cap = o->cap_status ? o->cap_status : 16;
    while (cap < o->n_status + extra) cap *= 2;
    agr_status_entry *p = realloc(o->status, cap * sizeof *p);
    if (!p) return almen_fail_nomem();
    o->status = p;
    o->cap_status = cap;
    return ALMEN_OK;
}

/* Checks one status; *bits -1 for "unknown" (remove). */
static int check_status(const char *area, int year, const char *category, int *bits)
{
    if (!area || !*area) return almen_fail(ALMEN_EINVAL, "an area id is required");
    if (year < 1900 || year > 2200)
        return almen_fail(ALMEN_EINVAL, "list year %d is outside 1900..2200", year);
    if (category && !strcmp(category, "unknown")) {
        *bits = -1;
        return ALMEN_OK;
    }
    *bits = agr_status_bits(category);
    if (*bits < 0)
        return almen_fail(ALMEN_EINVAL,
                          "unknown category '%s' (none, udsat, parallelsamfund, "
                          "omdannelsesomraade, forebyggelsesomraade, ghetto, haardt_ghetto, "
                          "unknown)",
                          category ? category : "(null)");
    return ALMEN_OK;
}

/* Applies a checked status; room for one more entry has been reserved and *area is a copy
 * the options take over (or free), so applying cannot fail. */
static void apply_status(almen_agreement_options *o, char **area, int year, int bits)
{
    agr_status_entry *e = find_status(o, *area, year);
    if (bits < 0 || e) {
        free(*area);
        if (bits < 0 && e) {
            free(e->area);
            *e = o->status[--o->n_status];
        } else if (e) {
            e->bits = bits ? (e->bits | bits) : 0;
        }
    } else {
        o->status[o->n_status++] = (agr_status_entry){*area, year, bits};
    }
    *area = NULL;
}

almen_status almen_agreement_options_set_status(almen_agreement_options *o, const char *area,
                                                int year, const char *category)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    int bits;
    int rc = check_status(area, year, category, &bits);
    if (!rc) rc = reserve_status(o, 1);
    char *copy = rc ? NULL : strdup(area);
    if (!rc && !copy) rc = almen_fail_nomem();
    if (!rc) apply_status(o, &copy, year, bits);
    return rc;
}

typedef struct {
    char *area;
    int year;
    int bits;
} status_row;

static int csv_header(csv_reader *r, int col[3])
{
    static const char *const names[] = {"area", "year", "category"};
    int got = csv_next(r);
    if (got < 0) return got;
    if (got == 0) return almen_fail_at(ALMEN_EINPUT, r->source, 1, 1, NULL, "the CSV is empty");
    col[0] = col[1] = col[2] = -1;
    for (size_t j = 0; j < r->n_fields; j++) {
        const csv_field *f = &r->fields[j];
        int k = 0;
        while (k < 3 && strcmp(names[k], f->text)) k++;
        if (k == 3)
            return almen_fail_at(ALMEN_EINPUT, r->source, f->line, f->column, f->text,
                                 "unknown column '%s' (area, year, category)", f->text);
        if (col[k] >= 0)
            return almen_fail_at(ALMEN_EINPUT, r->source, f->line, f->column, f->text,
                                 "column '%s' given twice", f->text);
        col[k] = (int)j;
    }
    for (int k = 0; k < 3; k++)
        if (col[k] < 0)
            return almen_fail_at(ALMEN_EINPUT, r->source, r->row_line, 1, names[k],
                                 "the header lacks the column '%s'", names[k]);
    return ALMEN_OK;
}

static int csv_row(const csv_reader *r, const int col[3], status_row *row)
{
    if (r->n_fields != 3)
        return almen_fail_at(ALMEN_EINPUT, r->source, r->row_line, 1, NULL,
                             "expected 3 fields, found %zu", r->n_fields);
    const csv_field *area = &r->fields[col[0]], *year = &r->fields[col[1]],
                    *cat = &r->fields[col[2]];
    if (!*area->text)
        return almen_fail_at(ALMEN_EINPUT, r->source, area->line, area->column, "area",
                             "the area is empty");
    char *end;
    long y = strtol(year->text, &end, 10);
    if (!*year->text || *end || y < 1900 || y > 2200)
        return almen_fail_at(ALMEN_EINPUT, r->source, year->line, year->column, "year",
                             "'%.20s' is not a list year (1900..2200)", year->text);
    if (check_status(area->text, (int)y, cat->text, &row->bits)) {
        /* Re-record the argument error with the position in the CSV. */
        return almen_fail_at(ALMEN_EINPUT, r->source, cat->line, cat->column, "category", "%s",
                             almen_error_last_message());
    }
    row->year = (int)y;
    row->area = strdup(area->text);
    return row->area ? ALMEN_OK : almen_fail_nomem();
}

almen_status almen_agreement_options_set_status_csv(almen_agreement_options *o, const char *csv,
                                                    const char *source_name)
{
    if (!o || !csv) return almen_fail(ALMEN_EINVAL, "options and CSV text are required");
    csv_reader r;
    csv_open(&r, csv, strlen(csv), source_name ? source_name : "<string>");
    int col[3];
    status_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc = csv_header(&r, col);
    while (!rc) {
        int got = csv_next(&r);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            status_row *p = realloc(rows, nc * sizeof *p);
            if (!p) {
                rc = almen_fail_nomem();
                break;
            }
            rows = p;
            cap = nc;
        }
        rc = csv_row(&r, col, &rows[n]);
        if (!rc) n++;
    }
    csv_close(&r);
    /* All or nothing: room for every row is made before the first is applied. */
    if (!rc) rc = reserve_status(o, n);
    for (size_t i = 0; i < n && !rc; i++) apply_status(o, &rows[i].area, rows[i].year, rows[i].bits);
    for (size_t i = 0; i < n; i++) free(rows[i].area);
    free(rows);
    return rc;
}
