/* libalmen: the municipality report — one self-contained HTML file to hand to a board, or
 * a compact text summary.
 *
 * The HTML report is a single file: inline CSS and inline SVG charts, no scripts, nothing
 * fetched from anywhere, readable offline and printable to PDF (A4, print stylesheet).
 * For the municipality, each district and each housing area it shows the key figures and
 * composition shares by year, the trend of every indicator as a chart next to the
 * municipality's, and the departments; as further modules of the library are present it
 * grows more sections (see almen_report_sections). What each section says and how to read
 * it is in docs/report.md.
 *
 * Small cells are suppressed by default (domain note §6, LBF's rule): a unit's composition
 * figures for a year are shown only when it has at least 100 residents and 50 households
 * that year, and a total is suppressed too when subtracting the units shown under it would
 * leave a group below those minimums. Suppressed figures are marked as such, never
 * silently left out.
 *
 * The output depends only on the case and the options: no clock, no locale, no host name,
 * so the same input gives the same bytes (a date is printed only when one is set). */
#ifndef ALMEN_REPORT_H
#define ALMEN_REPORT_H

#include "case.h"
#include "error.h"
#include "export.h"
#include "simulate.h"
#include "table.h"

ALMEN_BEGIN_DECLS

typedef struct almen_report_options almen_report_options;

/* Options start as: the default title, no date, every year with figures, suppression at
 * 100 persons and 50 households, every section. */
ALMEN_EXTERN almen_status almen_report_options_new(almen_report_options **out);
ALMEN_EXTERN void almen_report_options_free(almen_report_options *options);

/* The title on the first page and of the HTML document; NULL restores the default
 * "Social housing in <municipality>". Must be valid UTF-8 (ALMEN_EINVAL otherwise). */
ALMEN_EXTERN almen_status almen_report_options_set_title(almen_report_options *options,
                                                         const char *title);
/* A date line under the title, printed as given (e.g. "1 December 2025"); NULL: none. */
ALMEN_EXTERN almen_status almen_report_options_set_date(almen_report_options *options,
                                                        const char *date);
/* The day the agreements are read on (which are in force, the area statuses, the letting
 * policy): an ISO date "YYYY-MM-DD"; NULL (the default): 1 December of the latest year
 * reported, the day that year's statutory lists are published. */
ALMEN_EXTERN almen_status almen_report_options_set_as_of(almen_report_options *options,
                                                         const char *date);
/* A letting simulation of the same case, run by the caller (almen_simulation_run or _step,
 * so a program can show its own progress): the report adds each area's fan charts and list
 * probabilities and a chapter comparing the variants, over the runs done. The options keep
 * the pointer, not a copy: the simulation must stay alive until the options are freed or
 * set to NULL (the default: no simulation). */
ALMEN_EXTERN almen_status almen_report_options_set_simulation(almen_report_options *options,
                                                              const almen_simulation *simulation);
/* Reports figure years first..last only (0 for an open end; 0, 0 for every year). The
 * latest of them is the year the overview shows. ALMEN_EINVAL when first > last > 0. */
ALMEN_EXTERN almen_status almen_report_options_set_years(almen_report_options *options,
                                                         int first, int last);
/* Small-cell suppression minimums (>= 0): composition figures of a unit-year are shown
 * only with at least min_persons residents and min_households households (and when no
 * smaller group can be worked out by subtraction). 0, 0 turns suppression off — only for
 * internal use of data you may see in full. */
ALMEN_EXTERN almen_status almen_report_options_set_suppression(almen_report_options *options,
                                                               int min_persons,
                                                               int min_households);
/* The sections to include, as a comma-separated list of ids from almen_report_sections
 * (order as listed there, whatever the order given); NULL or "" for every section. An
 * unknown id is ALMEN_ENOTFOUND and changes nothing. */
ALMEN_EXTERN almen_status almen_report_options_set_sections(almen_report_options *options,
                                                            const char *sections);

/* The sections this library can write, in report order: id, title, description. */
ALMEN_EXTERN almen_status almen_report_sections(almen_table **out);

/* The report as one HTML document (UTF-8), freed with almen_free. options may be NULL
 * (the defaults). */
ALMEN_EXTERN almen_status almen_case_report_html(const almen_case *c,
                                                 const almen_report_options *options,
                                                 char **out);
/* The compact text summary (what `almen report` prints on a terminal): per district and
 * housing area the latest year's dwellings, residents and composition shares, suppressed
 * as in the HTML report. Freed with almen_free. */
ALMEN_EXTERN almen_status almen_case_report_text(const almen_case *c,
                                                 const almen_report_options *options,
                                                 char **out);

ALMEN_END_DECLS

#endif
