/* A small SVG line-chart writer for the report: axes with ticks at nice numbers, grid
 * lines, threshold lines, one path per series (gaps where values are missing) and point
 * markers with their value as a tooltip. Output is inline SVG for an HTML page: no
 * scripts, no external references, the same bytes for the same input.
 *
 * Geometry (all in pixels, origin top left):
 *   plot area  x from SVG_MARGIN_LEFT to width - SVG_MARGIN_RIGHT,
 *              y from SVG_MARGIN_TOP to height - SVG_MARGIN_BOTTOM
 *   x values   placed linearly between the plot's left and right edges inset by
 *              SVG_INSET: the first x at left + SVG_INSET, the last at right - SVG_INSET;
 *              a single x (or all equal) in the middle
 *   y values   linearly from the axis' lo (bottom edge) to hi (top edge)
 * Coordinates are written with one decimal. */
#ifndef ALMEN_SVG_H
#define ALMEN_SVG_H

#include <stddef.h>

#include "strbuf.h"

#define SVG_MARGIN_LEFT 46
#define SVG_MARGIN_RIGHT 10
#define SVG_MARGIN_TOP 12
#define SVG_MARGIN_BOTTOM 22
#define SVG_INSET 10
/* Roughly the least vertical distance between y ticks. */
#define SVG_TICK_SPACING 24
/* Likewise between x ticks. */
#define SVG_XTICK_SPACING 30

/* An axis with ticks at nice numbers: lo, lo + step, ..., hi. */
typedef struct {
    double lo, hi, step;
    int ticks;    /* (hi - lo) / step + 1 */
    int decimals; /* the decimals that print every tick exactly (0 for steps >= 1) */
} svg_axis;

/* The axis over [min, max] (finite, min <= max) with at most max_intervals (>= 1)
 * intervals: the smallest step of the form {1, 2, 5} x 10^k, and not below min_step
 * (0: no lower bound), for which lo = floor(min / step) * step and
 * hi = ceil(max / step) * step are at most max_intervals steps apart. When min == max
 * the range is first widened to [min, min + 1] (min == 0) or [min, min + |min| / 10].
 * Returns 0, or -1 for non-finite or reversed bounds or max_intervals < 1. */
int svg_axis_nice(double min, double max, int max_intervals, double min_step, svg_axis *out);

typedef struct {
    const char *key;  /* identifies the series: data-series="key", class "s-key" */
    const char *name; /* used in the point tooltips ("name 2023: 37.9 %") */
    const double *y;  /* one value per x of the chart; NaN: no point, the line breaks */
    int reference;    /* a comparison line: class "reference", no point markers */
    const double *lower, *upper; /* NULL, or a band around the line (a fan chart): filled
                                    between them where both are finite, under the line */
} svg_series;

typedef struct {
    double value;
    const char *key;   /* class "t-key" */
    const char *label; /* written above the line at its right end */
} svg_threshold;

typedef struct {
    int width, height;  /* pixels; at least 120 x 80 */
    const char *title;  /* the accessible name (<title>) */
    const double *x;    /* n x values, strictly ascending (years) */
    size_t n;
    double x_min_step;  /* least x tick step (1 for years) */
    const svg_series *series;
    size_t n_series;
    const svg_threshold *thresholds;
    size_t n_thresholds;
    int y_from_zero;    /* the y axis includes 0 */
    int value_decimals; /* decimals of the values in tooltips */
    const char *unit;   /* appended to tooltip values, e.g. " %" (may be NULL) */
    double y_top;       /* when not 0, the y axis includes it too (100 for probabilities) */
} svg_chart;

/* Appends the chart as one <svg> element. The y axis spans every finite value of every
 * series and band and every threshold (and 0 with y_from_zero, y_top when set). A band is
 * one closed path (class "band") per run of years where it is known: along the upper
 * values left to right, then back along the lower ones. A chart without any finite value
 * gets its axes' frame and the text "no data". Returns 0, or -1 for an invalid chart
 * (size too small, x not ascending or not finite, n == 0). */
int svg_line_chart(strbuf *sb, const svg_chart *chart);

#endif
