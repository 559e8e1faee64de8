/* The department-year figure fields and the shares derived from them. One table drives
 * the YAML and CSV readers, the writer, validation and aggregation, so a new field is
 * one line here. */
#ifndef ALMEN_FIELDS_H
#define ALMEN_FIELDS_H

enum {
    F_RESIDENTS,
    F_HOUSEHOLDS,
    F_VACANCIES,
    F_MOVE_OUTS,
    F_LETTINGS,
    F_EVICTIONS,
    F_RESIDENTS_18_64,
    F_OUTSIDE_LABOUR,
    F_RESIDENTS_18PLUS,
    F_CONVICTED,
    F_RESIDENTS_30_59,
    F_BASIC_EDUCATION,
    F_TAXPAYERS_15_64,
    F_INCOME_SUM,
    F_NONWESTERN,
    FIELD_COUNT
};

typedef enum { KIND_COUNT, KIND_FTE, KIND_AMOUNT } field_kind;

typedef struct {
    const char *name;
    field_kind kind;  /* counts must be whole numbers; fte and amounts need not */
    int denominator;  /* the field this one is a part of (value <= it), or -1 */
    const char *description;
} field_def;

extern const field_def FIELDS[FIELD_COUNT];

/* A share derived as 100 * sum(numerator) / sum(denominator), or, with scale 1, a plain
 * ratio of sums (average income). */
typedef struct {
    const char *name;
    int numerator;
    int denominator;
    double scale;
    const char *description;
} share_def;

enum { SHARE_COUNT = 5 };
extern const share_def SHARES[SHARE_COUNT];

/* Index of the field called name, or -1. */
int field_index(const char *name);

#endif
