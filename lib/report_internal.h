/* The report's inside: the options, the units it walks (municipality, districts, areas),
 * their figures by year with the suppression decided once, and the sections.
 *
 * A section is one file (lib/report_<id>.c) with a report_section: hooks for the
 * municipal overview, for each unit's block, for the text summary and a note for "About
 * the figures". The driver (report.c) writes the document around them; a section whose
 * capability has nothing to say for a case writes nothing. */
#ifndef ALMEN_REPORT_INTERNAL_H
#define ALMEN_REPORT_INTERNAL_H

#include <stddef.h>

#include "almen/case.h"
#include "almen/report.h"
#include "almen/simulate.h"
#include "strbuf.h"
#include "svg.h"

struct almen_report_options {
    char *title; /* NULL: the default */
    char *date;  /* NULL: none */
    int first_year, last_year; /* 0: open */
    int min_persons, min_households;
    char *as_of;       /* ISO date for the agreements; NULL: 1 December of the latest year */
    const almen_simulation *simulation; /* borrowed; NULL: none */
    unsigned sections; /* bit i: REPORT_SECTIONS[i] is included */
};

typedef enum { UNIT_MUNICIPALITY, UNIT_DISTRICT, UNIT_AREA, UNIT_LEVELS } unit_level;

#define NO_ROW ((size_t)-1)

typedef struct {
    unit_level level;
    const char *id;   /* owned by the case */
    const char *name; /* owned by the case */
    size_t index;     /* into the case's districts or areas (0 for the municipality) */
    size_t parent;    /* index into report.units of the unit it is shown under; NO_ROW */
    size_t *row;      /* per report year: its row in the level's aggregate, or NO_ROW */
    unsigned char *suppressed; /* per report year: composition not shown */
} report_unit;

/* One composition indicator: a share column of the aggregate tables. */
typedef struct {
    const char *column;     /* "outside_labour_pct" */
    const char *label;      /* "Outside labour market and education" */
    const char *short_label; /* "Outside labour" (table headers) */
    const char *population; /* "per cent of residents 18–64" */
    const char *unit;       /* " %" or " kr" */
    int decimals;
} report_indicator;

extern const report_indicator REPORT_INDICATORS[];
extern const size_t REPORT_N_INDICATORS;

typedef struct report report;
typedef struct report_classification report_classification;

typedef struct {
    const char *id;
    const char *title;
    const char *description;
    /* Each hook may be NULL; each returns 0 or an ALMEN_E* status (error recorded). */
    int (*prepare)(report *r, void **state);
    void (*release)(void *state);
    int (*overview)(report *r, void *state, strbuf *sb);
    int (*unit)(report *r, void *state, const report_unit *u, strbuf *sb);
    int (*text)(report *r, void *state, strbuf *sb);
    /* A numbered chapter of its own after the units (title: the section's), listed in
     * the contents; nothing written: no chapter. */
    int (*chapter)(report *r, void *state, strbuf *sb);
    const char *notes; /* HTML for "About the figures", or NULL */
} report_section;

extern const report_section *const REPORT_SECTIONS[];
extern const size_t REPORT_N_SECTIONS;

struct report {
    const almen_case *c;
    const almen_report_options *opt;
    char as_of[16]; /* the agreements' date: the option or 1 December of the latest year; "" */
    int *years; /* the years reported, ascending */
    size_t n_years;
    almen_table *agg[UNIT_LEVELS]; /* almen_case_aggregate per level */
    report_classification *classification; /* report_classify.c, computed when first asked */
    report_unit *units;            /* municipality, then per district its areas, then
                                      areas outside any district */
    size_t n_units;
};

/* Builds the report's units and figures (report_units.c). */
int report_open(report *r, const almen_case *c, const almen_report_options *opt);
void report_close(report *r);

/* A figure of unit u in report year yi from the unit's aggregate (NaN when the unit has no
 * row that year or the value is missing). Composition columns are not masked: callers
 * check u->suppressed. */
double report_value(const report *r, const report_unit *u, size_t yi, const char *column);
/* The latest report year in which u has a row, as an index into r->years; NO_ROW. */
size_t report_latest(const report *r, const report_unit *u);
/* The municipality's unit (always units[0]). */
#define REPORT_MUNICIPALITY(r) (&(r)->units[0])

/* The statutory classification of the report's years (report_classify.c), computed on the
 * first call; NULL only when out of memory. */
const report_classification *report_classify(report *r);
void report_classification_free(report_classification *k);

#define REPORT_LABEL_MAX 96
/* The statutory thresholds of the latest list year for an indicator column, as chart lines
 * into out (at most max), their labels in labels. 0 without a classification. */
size_t report_thresholds(report *r, const char *column, svg_threshold *out, size_t max,
                         char labels[][REPORT_LABEL_MAX]);

/* A column of report_put_table: the table's column, its heading (HTML), and for numbers
 * the decimals (-1: a whole number without grouping, such as a year) and a suffix (" %",
 * " kr"; NULL: none). */
typedef struct {
    const char *column;
    const char *label;
    int decimals;
    const char *suffix;
} report_column;

/* The rows of t that keep accepts (keep NULL: all) as an HTML table of class cls: strings
 * escaped (the first column as row headings), bools yes/no, numbers without the locale,
 * missing values as an en dash. Nothing when no row is kept. */
void report_put_table(strbuf *sb, const char *cls, const char *caption, const almen_table *t,
                      const report_column *cols, size_t n,
                      int (*keep)(const almen_table *t, size_t row, const void *arg), const void *arg);

/* Appends label padded with spaces to width code points (names hold æ, ø and å), or cut. */
void report_text_label(strbuf *sb, const char *label, int width);

/* "fewer than 100 persons or 50 households" for the notes and marks. */
void report_put_rule(const report *r, strbuf *sb);
/* A suppressed cell or figure: a marked span that says why in its tooltip. */
void report_put_suppressed(const report *r, strbuf *sb);
/* The unit's id attribute and #fragment: "area-engparken". */
void report_put_anchor(const report_unit *u, strbuf *sb);
/* The unit's display name: "Eksempelby as a whole", "District Nord", "Engparken". */
void report_put_unit_title(const report *r, const report_unit *u, strbuf *sb);

#endif
