/* almen simulate: the letting simulation of a case, the variants side by side. */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CMD "simulate"

/* The simulation a Ctrl-C cancels (almen_simulation_cancel is an atomic store, safe in a
 * signal handler); the runs done so far are reported. */
static almen_simulation *volatile running;

static void on_interrupt(int sig)
{
    (void)sig;
    if (running) almen_simulation_cancel(running);
}

/* A progress bar on standard error, drawn only on a terminal and only when the shown per
 * cent changes. */
typedef struct {
    int on;
    int shown;
} bar;

static int draw(size_t done, size_t total, void *user)
{
    bar *b = user;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
    if (!b->on || pct == b->shown) return 0;
    b->shown = pct;
    char line[41];
    int filled = pct * 40 / 100;
    memset(line, '#', (size_t)filled);
    memset(line + filled, '.', (size_t)(40 - filled));
    line[40] = '\0';
    fprintf(stderr, "\rsimulating [%s] %3d %% (%zu/%zu runs)", line, pct, done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
    return 0;
}

static const char *const TABLES[] = {"compare", "leaving", "status", "indicators", "composition",
                                     "inflow", "initial", "fit", "policy", "run_values", NULL};

static almen_status table_of(const almen_simulation *s, const char *name, almen_table **out)
{
    if (!strcmp(name, "compare")) return almen_simulation_compare(s, out);
    if (!strcmp(name, "leaving")) return almen_simulation_leaving(s, out);
    if (!strcmp(name, "status")) return almen_simulation_status(s, out);
    if (!strcmp(name, "indicators")) return almen_simulation_indicators(s, out);
    if (!strcmp(name, "composition")) return almen_simulation_composition(s, out);
    if (!strcmp(name, "inflow")) return almen_simulation_inflow(s, out);
    if (!strcmp(name, "initial")) return almen_simulation_initial(s, out);
    if (!strcmp(name, "fit")) return almen_simulation_fit(s, out);
    if (!strcmp(name, "policy")) return almen_simulation_policy(s, out);
    return almen_simulation_run_values(s, out);
}

static int write_named(FILE *f, const almen_simulation *s, const char *name, const char *format)
{
    almen_table *t = NULL;
    if (table_of(s, name, &t)) return cli_error();
    int rc = cli_write_table(f, t, format);
    almen_table_free(t);
    return rc;
}

/* The areas' residents and criteria in the last year: mean and the quantiles. */
static int write_final_areas(FILE *f, const almen_simulation *s, int last)
{
    almen_table *t = NULL;
    if (almen_simulation_indicators(s, &t)) return cli_error();
    size_t ncols = almen_table_ncols(t);
    fprintf(f, "%-14s %-14s %-28s %14s", "variant", "area", "indicator", "mean");
    for (size_t c = 8; c + 1 < ncols; c++) fprintf(f, " %12s", almen_table_column_name(t, c));
    fputc('\n', f);
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *ind = almen_table_get_string(t, 4, r);
        if (strcmp(almen_table_get_string(t, 1, r), "area") || almen_table_get_int(t, 3, r) != last)
            continue;
        /* The statutory view: residents (eligibility) and the criteria. */
        if (strcmp(ind, "residents") && strcmp(ind, "criteria_met") && strncmp(ind, "criterion_", 10))
            continue;
        fprintf(f, "%-14s %-14s %-28s %14.4g", almen_table_get_string(t, 0, r),
                almen_table_get_string(t, 2, r), almen_table_get_string(t, 4, r),
                almen_table_get_double(t, 5, r));
        for (size_t c = 8; c + 1 < ncols; c++) fprintf(f, " %12.4g", almen_table_get_double(t, c, r));
        fputc('\n', f);
    }
    almen_table_free(t);
    return EXIT_OK;
}

static int report(FILE *f, const almen_simulation *s, const char *only, const char *format,
                  const char *name, int base, int years)
{
    if (only || !strcmp(format, "csv")) return write_named(f, s, only ? only : "compare", format);
    fprintf(f, "Letting simulation of %s, %zu runs, lettings %d-%d\n\n", name,
            almen_simulation_runs_done(s), base, base + years - 1);
    fputs("Probability of being on a statutory list (list year; one column per variant)\n\n", f);
    int rc = write_named(f, s, "compare", "table");
    fputs("\nAreas on a list in the base year: the first list year off every list\n\n", f);
    if (!rc) rc = write_named(f, s, "leaving", "table");
    fprintf(f, "\nAreas in %d (criteria as the classification compares them)\n\n", base + years);
    if (!rc) rc = write_final_areas(f, s, base + years);
    return rc;
}

/* NAME=NUMBER for --set. */
static int set_parameter(almen_simulation_options *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *end = NULL;
    double v = eq ? strtod(eq + 1, &end) : NAN;
    if (!eq || eq == arg || !end || *end || end == eq + 1)
        return cli_usage_error(CMD, "--set needs NAME=NUMBER, not '%s'", arg);
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
    return almen_simulation_options_set_parameter(o, name, v) ? cli_error() : EXIT_OK;
}

/* A whole number option within [lo, hi]. */
static int whole(const char *opt, const char *v, double lo, double hi, double *out)
{
    char *end = NULL;
    double x = strtod(v, &end);
    if (!*v || *end || x != floor(x) || x < lo || x > hi)
        return cli_usage_error(CMD, "%s needs a whole number %.0f..%.0f, not '%s'", opt, lo, hi, v);
    *out = x;
    return EXIT_OK;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (int ch; (ch = fgetc(f)) != EOF;) {
        if (n + 1 >= cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 4096))) break;
        buf[n++] = (char)ch;
    }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

int cmd_simulate(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *only = NULL, *format = "table";
    double years = 10, base = 0, runs = 1000, seed = 1, threads = 0;
    int quiet = 0, rc = EXIT_OK;
    almen_simulation_options *o = NULL;
    if (almen_simulation_options_new(&o)) return cli_error();
    for (int i = 1; i < argc && !rc; i++) {
        const char *v = NULL;
        int m = 0;
        if ((m = cli_option(argc, argv, &i, "--agreement", NULL, &v)) > 0) {
            if (almen_simulation_options_add_agreement(o, v)) rc = cli_error();
        } else if (!m && (m = cli_option(argc, argv, &i, "--policy", NULL, &v)) > 0) {
            char *text = read_file(v);
            if (!text) rc = cli_usage_error(CMD, "cannot read policy file '%s'", v);
            else if (almen_simulation_options_add_policy(o, text, v)) rc = cli_error();
            free(text);
        } else if (!m && (m = cli_option(argc, argv, &i, "--years", NULL, &v)) > 0) {
            rc = whole("--years", v, 1, 100, &years);
        } else if (!m && (m = cli_option(argc, argv, &i, "--base-year", NULL, &v)) > 0) {
            rc = whole("--base-year", v, 1900, 2200, &base);
        } else if (!m && (m = cli_option(argc, argv, &i, "--runs", NULL, &v)) > 0) {
            rc = whole("--runs", v, 1, 1e9, &runs);
        } else if (!m && (m = cli_option(argc, argv, &i, "--seed", NULL, &v)) > 0) {
            rc = whole("--seed", v, 0, 9007199254740992.0, &seed);
        } else if (!m && (m = cli_option(argc, argv, &i, "--threads", NULL, &v)) > 0) {
            rc = whole("--threads", v, 0, 256, &threads);
        } else if (!m && (m = cli_option(argc, argv, &i, "--scenario", NULL, &v)) > 0) {
            if (almen_simulation_options_set_scenario(o, v)) rc = cli_error();
        } else if (!m && (m = cli_option(argc, argv, &i, "--set", NULL, &v)) > 0) {
            rc = set_parameter(o, v);
        } else if (!m && (m = cli_option(argc, argv, &i, "--only", NULL, &v)) > 0) {
            int known = 0;
            for (int t = 0; TABLES[t] && !known; t++) known = !strcmp(TABLES[t], v);
            if (!known) rc = cli_usage_error(CMD, "unknown table '%s' for --only", v);
            only = v;
        } else if (!m && (m = cli_option(argc, argv, &i, "--format", NULL, &v)) > 0) {
            if (strcmp(v, "table") && strcmp(v, "csv"))
                rc = cli_usage_error(CMD, "unknown format '%s' (table or csv)", v);
            format = v;
        } else if (!m && (m = cli_option(argc, argv, &i, "--output", "-o", &v)) > 0) {
            out = v;
        } else if (!m && !strcmp(argv[i], "--quiet")) {
            quiet = 1;
        } else if (m < 0) {
            rc = cli_usage_error(CMD, "%s needs a value", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            rc = cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        } else if (path) {
            rc = cli_usage_error(CMD, "one case file only");
        } else {
            path = argv[i];
        }
    }
    if (!rc && (almen_simulation_options_set_years(o, (int)base, (int)years) ||
                almen_simulation_options_set_runs(o, (size_t)runs) ||
                almen_simulation_options_set_seed(o, seed) ||
                almen_simulation_options_set_threads(o, (int)threads)))
        rc = cli_error();
    almen_case *c = NULL;
    if (!rc) rc = cli_load(path, &c);
    almen_simulation *s = NULL;
    if (!rc && almen_simulation_new(c, o, &s)) rc = cli_error();
    int cancelled = 0;
    if (!rc) {
        bar b = {!quiet && isatty(STDERR_FILENO), -1};
        running = s;
        void (*old)(int) = signal(SIGINT, on_interrupt);
        almen_status st = almen_simulation_run(s, draw, &b);
        signal(SIGINT, old);
        running = NULL;
        if (b.on && b.shown != 100) fputc('\n', stderr);
        if (st == ALMEN_ECANCELLED) {
            cancelled = 1;
            fprintf(stderr, "almen simulate: interrupted after %zu of %zu runs; the results "
                            "below cover those\n",
                    almen_simulation_runs_done(s), almen_simulation_runs_total(s));
        } else if (st) {
            rc = cli_error();
        }
    }
    if (!rc) {
        FILE *f = cli_open_output(out);
        if (!f) rc = EXIT_BAD_INPUT;
        else {
            int base_year = 0;
            almen_table *st = NULL;
            if (!almen_simulation_status(s, &st) && almen_table_nrows(st))
                base_year = almen_table_get_int(st, 2, 0);
            almen_table_free(st);
            rc = report(f, s, only, format, almen_case_municipality_name(c), base_year, (int)years);
            int crc = cli_close_output(f, out);
            if (!rc) rc = crc;
        }
    }
    almen_simulation_free(s);
    almen_case_free(c);
    almen_simulation_options_free(o);
    return rc ? rc : cancelled ? 130 : EXIT_OK;
}
