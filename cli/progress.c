#include <string.h>
#include <unistd.h>

#include "progress.h"

void progress_bar(double fraction, char *buf)
{
    if (!(fraction > 0)) fraction = 0;
    if (fraction > 1) fraction = 1;
    /* Whole characters only: a bar is full only at 100 %. */
    int filled = (int)(fraction * PROGRESS_WIDTH);
    buf[0] = '[';
    memset(buf + 1, '#', (size_t)filled);
    memset(buf + 1 + filled, ' ', (size_t)(PROGRESS_WIDTH - filled));
    buf[PROGRESS_WIDTH + 1] = ']';
    buf[PROGRESS_WIDTH + 2] = '\0';
}

void progress_start_on(progress *p, FILE *f, const char *label, double total, int enabled)
{
    p->f = enabled ? f : NULL;
    p->label = label;
    p->total = total > 0 ? total : 0;
    p->shown = -1;
    progress_update(p, 0);
}

void progress_start(progress *p, FILE *f, const char *label, double total)
{
    progress_start_on(p, f, label, total, f && isatty(fileno(f)));
}

void progress_update(progress *p, double done)
{
    if (!p->f) return;
    double fraction = p->total > 0 ? done / p->total : 1;
    if (!(fraction > 0)) fraction = 0;
    if (fraction > 1) fraction = 1;
    int permille = (int)(fraction * 1000);
    if (permille == p->shown) return;
    p->shown = permille;
    char bar[PROGRESS_WIDTH + 3];
    progress_bar(fraction, bar);
    /* \r returns to the line's start; the bar has a fixed width, so nothing is left over. */
    fprintf(p->f, "\r%s %s %3d.%d %%", p->label, bar, permille / 10, permille % 10);
    fflush(p->f);
}

void progress_finish(progress *p)
{
    if (!p->f) return;
    progress_update(p, p->total);
    fputc('\n', p->f);
    fflush(p->f);
    p->f = NULL;
}
