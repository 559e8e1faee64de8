/* The classifier's internals: options, the evaluation of one area and list year, and the
 * sources of indicator values (a case's department counts, or published area values).
 * Never installed. */
#ifndef ALMEN_CLASSIFY_INTERNAL_H
#define ALMEN_CLASSIFY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "references.h"
#include "rules_internal.h"
#include "strbuf.h"

typedef struct {
    almen_rules *rules;
    int first, last; /* 0: open */
} rule_assign;

typedef struct {
    char *criterion;
    char *set; /* NULL: every set */
    double value;
} threshold_override;

struct almen_classify_options {
    rule_assign *assign;
    size_t n_assign;
    int first_year, last_year; /* 0: open */
    char **disabled;
    size_t n_disabled;
    threshold_override *th;
    size_t n_th;
    ref_list refs;
    int method;     /* window_method, or -1: the rule set's */
    int incomplete; /* incomplete_mode, or -1 */
    int data_lag;   /* or -1 */
};

/* A criterion's indicator for one area and list year, before thresholds. NaN = unknown. */
typedef struct {
    double value;    /* in the criterion's unit: per cent, or a multiple of the reference */
    double pct;      /* the compared percentage (the share, or the per cent of the reference) */
    double scale;    /* threshold -> percentage: the reference for share_to_reference, else 1 */
    double slope_pp; /* percentage points one person's status change moves pct, or NaN */
    double up_cap, down_cap; /* how many persons can change upwards / downwards */
    double numerator, denominator, reference;
    int window_years;
} crit_value;

typedef struct {
    double threshold;
    double threshold_pct;
    int32_t met;
    double margin_pp;
    int32_t persons;
} crit_test;

/* Where indicator values come from. */
typedef struct classify_source classify_source;
struct classify_source {
    size_t n_units;
    const char *(*unit_id)(const classify_source *s, size_t unit);
    /* Residents of the unit counted for list_year, from data_year (NaN when unknown; a note
     * added). */
    double (*residents)(const classify_source *s, size_t unit, int list_year, int data_year,
                        strbuf *notes);
    /* The criterion's value for list_year, computed from data_year and the years before it
     * that its window needs. */
    void (*criterion)(const classify_source *s, size_t unit, int list_year, int data_year,
                      const rule_criterion *k, window_method method, incomplete_mode incomplete,
                      const almen_classify_options *o, strbuf *notes, crit_value *out);
    /* The region for regional references (NULL: none known). */
    const char *region;
    /* The case's references (NULL: none); the options' override them. */
    const ref_list *case_refs;
    const void *data;
};

/* One evaluated area-year. */
typedef struct {
    int year;
    int data_year;
    const almen_rules *rules; /* NULL: no rule set in force */
    double residents;
    int32_t eligible;
    crit_value *cv; /* per criterion */
    crit_test *ct;  /* per criterion and threshold set, flattened (see th_base) */
    size_t *th_base;
    int32_t *cat, *list; /* per category: statutory test, on the list */
    int32_t criteria_met, criteria_unknown;
    const char *placement; /* a category id, "none", or NULL (unknown) */
    strbuf notes;          /* what was missing ("figures 2019; ..."), empty when nothing */
    /* Categories are evaluated in file order and only as far as needed: a year looked at by
     * a consecutive-year category needs only the category it continues, and evaluating all
     * of that year's categories would look further back again, year after year. */
    size_t n_cat_done;
    int finished; /* lists, counts and placement done (an output row) */
} year_eval;

typedef struct {
    year_eval **e;
    size_t n, cap;
} eval_memo;

/* One classification call: the options, the source, the compiled-in rule sets (loaded once
 * per call), the evaluations made so far (a memo per unit, since consecutive-year
 * categories look back at earlier years) and the output rows. */
typedef struct {
    const classify_source *src;
    const almen_classify_options *o;
    almen_rules **builtin;
    size_t n_builtin;
    eval_memo *memo; /* per unit */
    year_eval **rows;
    size_t *row_unit;
    size_t n_rows, cap_rows;
} classify_run;

int classify_run_init(classify_run *run, const classify_source *src,
                      const almen_classify_options *o);
void classify_run_free(classify_run *run);
/* The rule set in force for list year: the options' assignment, else the compiled-in rule
 * set whose in_force years hold it; NULL when none. */
const almen_rules *classify_regime(const classify_run *run, int year);
/* The data lag for list years under r (the options' or the rule set's). */
int classify_lag(const classify_run *run, const almen_rules *r);
/* The list years to classify from the data years (ascending) and the options: the years
 * first..last when both are given, else those whose data year (list year - lag) has data,
 * within first or last when one is given. *out is freed by the caller. */
int classify_list_years(const classify_run *run, const int *data_years, size_t n_data,
                        int **out, size_t *n_out);
/* A reference value for year: the options' override, else the case's; NaN with a note. */
double classify_reference(const classify_source *s, const almen_classify_options *o,
                          rule_ref kind, int year, strbuf *notes);
/* Adds the output row of unit for list year (evaluated, memoised). */
int classify_add_row(classify_run *run, size_t unit, int year);
/* True when the options switch criterion off. */
int classify_disabled(const almen_classify_options *o, const char *criterion);
/* Checks disabled and overridden criteria against the rule sets of the output rows. */
int classify_check_options(const classify_run *run);

/* Tables from a finished run. */
int classify_wide_table(const classify_run *run, almen_table **out);
int classify_long_table(const classify_run *run, almen_table **out);

/* Appends "what" to the notes unless already there ("; "-separated). */
void notes_add(strbuf *notes, const char *what);

/* The comparison of the law, with equality decided to a relative 1e-9 (binary rounding of
 * decimal inputs only; one person in a million is 1e-6). */
int rule_compare(double value, rule_op op, double threshold);
int rule_equal(double a, double b);

#endif
