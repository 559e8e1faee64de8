/* Rule sets as the classifier sees them. Never installed. */
#ifndef ALMEN_RULES_INTERNAL_H
#define ALMEN_RULES_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>

#include "almen/classify.h"

typedef enum { OP_GT, OP_GE, OP_LT, OP_LE } rule_op;

/* share: 100 * num / den (per cent);
 * share_to_reference: (100 * num / den) / reference per cent (a multiple);
 * average_to_reference: 100 * (num / den) / reference (per cent of the reference). */
typedef enum { FORM_SHARE, FORM_SHARE_TO_REF, FORM_AVERAGE_TO_REF } rule_form;

typedef enum { REF_NONE, REF_NATIONAL_CONVICTED, REF_REGIONAL_INCOME, REF_COUNT } rule_ref;

typedef enum { WIN_MEAN_OF_RATIOS, WIN_RATIO_OF_SUMS } window_method;
typedef enum { INCOMPLETE_UNKNOWN, INCOMPLETE_AVAILABLE } incomplete_mode;

typedef struct {
    char *set;
    rule_op op;
    double value;
} rule_threshold;

/* Criteria and categories start with id, name, source (rules.c reads them alike). */
typedef struct {
    char *id;
    char *name;
    char *source;
    rule_form form;
    int numerator, denominator; /* field indices (fields.h) */
    rule_ref ref;
    int window; /* years */
    rule_threshold *th;
    size_t n_th;
} rule_criterion;

/* One test: criterion index and threshold index within it. */
typedef struct {
    size_t crit;
    size_t th;
} rule_cond;

typedef struct {
    char *id;
    char *name;
    char *source;
    int at_least; /* 0: no count condition */
    char *count_set;
    rule_cond *of;
    size_t n_of;
    rule_cond *req;
    size_t n_req;
    size_t *includes; /* category indices, all before this one */
    size_t n_includes;
    size_t *excludes;
    size_t n_excludes;
    int history_years; /* 0: none */
    size_t history_cat;
    char *continues_rules, *continues_cat; /* NULL when none */
    int rank; /* placement position, 0 = most severe */
} rule_category;

struct almen_rules {
    atomic_int refs; /* options hold references to the rule sets they use */
    char *yaml;
    char *id;
    char *name;
    char *law;
    char *list_date;
    int first_year, last_year; /* 0 when open */
    int min_residents;
    int data_lag;
    window_method method;
    incomplete_mode incomplete;
    rule_criterion *crit;
    size_t n_crit;
    rule_category *cat;
    size_t n_cat;
    size_t *placement; /* category indices, most severe first */
    size_t n_placement;
    size_t counted; /* the category whose count is reported as criteria_met, or (size_t)-1 */
};

extern const char *const RULE_OP_TEXT[];
extern const char *const RULE_REF_NAMES[REF_COUNT];

/* A new reference to r (released with almen_rules_free). */
almen_rules *rules_ref(const almen_rules *r);
/* Index of the criterion / category named id, or (size_t)-1. */
size_t rules_find_criterion(const almen_rules *r, const char *id);
size_t rules_find_category(const almen_rules *r, const char *id);
/* Index of the threshold set named set in criterion k, or (size_t)-1. */
size_t rules_find_threshold(const rule_criterion *k, const char *set);
/* The reference named name ("national_convicted_pct", ...), or REF_NONE. */
rule_ref rules_ref_kind(const char *name);

/* All compiled-in rule sets, loaded (each a new reference); n set. NULL on error. */
almen_rules **rules_builtin_all(size_t *n);

#endif
