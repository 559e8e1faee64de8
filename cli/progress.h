/* A progress bar on standard error for long runs (the letting simulation): drawn only when
 * its stream is a terminal, so piped and redirected runs stay quiet and logs stay clean.
 *
 *   progress p;
 *   progress_start(&p, stderr, "simulating", n);      // quiet unless stderr is a TTY
 *   for (...) progress_update(&p, done);
 *   progress_finish(&p);
 */
#ifndef ALMEN_CLI_PROGRESS_H
#define ALMEN_CLI_PROGRESS_H

#include <stdio.h>

#define PROGRESS_WIDTH 30 /* characters of the bar */

typedef struct {
    FILE *f;           /* NULL: quiet */
    const char *label;
    double total;
    int shown;         /* the permille last drawn, -1 before the first */
} progress;

/* Starts a bar over total steps on f, drawn when f is a terminal. */
void progress_start(progress *p, FILE *f, const char *label, double total);
/* The same, drawn when enabled is non-zero whatever f is (for tests and --progress). */
void progress_start_on(progress *p, FILE *f, const char *label, double total, int enabled);
/* Redraws the bar for done steps (clamped to 0..total), only when the shown per mille
 * changes, so calling it for every step costs nothing. */
void progress_update(progress *p, double done);
/* Draws 100 % and ends the line (nothing when quiet). */
void progress_finish(progress *p);
/* The bar for fraction (0..1) into buf (PROGRESS_WIDTH + 3 bytes): "[#####      ]". */
void progress_bar(double fraction, char *buf);

#endif
