/* almen report: the municipality report — HTML for the board, or a text summary. The
 * report itself is the library's (almen_case_report_html / _text); this file only reads
 * the command line. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

#define MAX_AGREEMENTS 8

/* A whole number in [lo, hi] filling all of s. */
static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

/* "2020-2025", "2023" (that year only), "2022-" or "-2024" (open ends). */
static int parse_years(const char *s, int *first, int *last)
{
    const char *dash = strchr(s, '-');
    char buf[32];
    if (!*s || strlen(s) >= sizeof buf) return -1;
    if (!dash) {
        if (parse_int(s, 1, 9999, first)) return -1;
        *last = *first;
        return 0;
    }
    memcpy(buf, s, (size_t)(dash - s));
    buf[dash - s] = '\0';
    *first = *last = 0;
    if (buf[0] && parse_int(buf, 1, 9999, first)) return -1;
    if (dash[1] && parse_int(dash + 1, 1, 9999, last)) return -1;
    return (!buf[0] && !dash[1]) || (*first && *last && *first > *last) ? -1 : 0;
}

typedef struct {
    const char *path, *out;
    int html, text;
    int simulate; /* 1 asked for, 0 default (when the case can), -1 --no-simulate */
    int runs, seed;
    const char *agreements[MAX_AGREEMENTS];
    int n_agreements;
} report_args;

/* Reads the command line into a and the options; returns EXIT_OK or a usage error. */
static int parse_args(int argc, char **argv, report_args *a, almen_report_options *o)
{
    int suppress = 1, min_persons = ALMEN_MIN_PERSONS, min_households = ALMEN_MIN_HOUSEHOLDS;
    for (int i = 1; i < argc; i++) {
        const char *v, *arg = argv[i];
        int m;
        if (!strcmp(arg, "--html")) a->html = 1;
        else if (!strcmp(arg, "--text")) a->text = 1;
        else if (!strcmp(arg, "--no-suppress")) suppress = 0;
        else if (!strcmp(arg, "--simulate")) a->simulate = 1;
        else if (!strcmp(arg, "--no-simulate")) a->simulate = -1;
        else if ((m = cli_option(argc, argv, &i, "--runs", NULL, &v))) {
            if (m < 0 || parse_int(v, 1, 10000000, &a->runs))
                return cli_usage_error("report", "--runs needs a whole number from 1 to 10000000");
        } else if ((m = cli_option(argc, argv, &i, "--seed", NULL, &v))) {
            if (m < 0 || parse_int(v, 0, INT_MAX, &a->seed))
                return cli_usage_error("report", "--seed needs a whole number >= 0");
        } else if ((m = cli_option(argc, argv, &i, "--agreement", NULL, &v))) {
            if (m < 0) return cli_usage_error("report", "--agreement needs an agreement id, all or none");
            if (a->n_agreements == MAX_AGREEMENTS)
                return cli_usage_error("report", "at most %d --agreement variants", MAX_AGREEMENTS);
            a->agreements[a->n_agreements++] = v;
        }
        else if ((m = cli_option(argc, argv, &i, "--output", "-o", &v))) {
            if (m < 0) return cli_usage_error("report", "-o needs a file");
            a->out = v;
        } else if ((m = cli_option(argc, argv, &i, "--min-persons", NULL, &v))) {
            if (m < 0 || parse_int(v, 0, INT_MAX, &min_persons))
                return cli_usage_error("report", "--min-persons needs a whole number >= 0");
        } else if ((m = cli_option(argc, argv, &i, "--min-households", NULL, &v))) {
            if (m < 0 || parse_int(v, 0, INT_MAX, &min_households))
                return cli_usage_error("report", "--min-households needs a whole number >= 0");
        } else if ((m = cli_option(argc, argv, &i, "--years", NULL, &v))) {
            int first, last;
            if (m < 0 || parse_years(v, &first, &last))
                return cli_usage_error("report", "--years needs FIRST-LAST, YEAR, FIRST- or -LAST");
            almen_report_options_set_years(o, first, last);
        } else if ((m = cli_option(argc, argv, &i, "--title", NULL, &v))) {
            if (m < 0) return cli_usage_error("report", "--title needs a text");
            if (almen_report_options_set_title(o, v)) return cli_usage_error("report", "%s", almen_error_last_message());
        } else if ((m = cli_option(argc, argv, &i, "--date", NULL, &v))) {
            if (m < 0) return cli_usage_error("report", "--date needs a text");
            if (almen_report_options_set_date(o, v)) return cli_usage_error("report", "%s", almen_error_last_message());
        } else if ((m = cli_option(argc, argv, &i, "--as-of", NULL, &v))) {
            if (m < 0) return cli_usage_error("report", "--as-of needs a date YYYY-MM-DD");
            if (almen_report_options_set_as_of(o, v)) return cli_usage_error("report", "%s", almen_error_last_message());
        } else if ((m = cli_option(argc, argv, &i, "--sections", NULL, &v))) {
            if (m < 0) return cli_usage_error("report", "--sections needs a list");
            if (almen_report_options_set_sections(o, v))
                return cli_usage_error("report", "%s", almen_error_last_message());
        } else if (arg[0] == '-' && arg[1]) return cli_usage_error("report", "unknown option '%s'", arg);
        else if (a->path) return cli_usage_error("report", "one case file only");
        else a->path = arg;
    }
    if (a->html && a->text) return cli_usage_error("report", "--html or --text, not both");
    if (!suppress) min_persons = min_households = 0;
    almen_report_options_set_suppression(o, min_persons, min_households);
    return EXIT_OK;
}

/* Runs the letting simulation for the report: asked for (--simulate), or by default when
 * the case has household types (a case without them is no error then). The variants are
 * those given, else every agreement together and the law alone when the case has
 * agreements. A progress bar on standard error when it is a terminal. */
static int simulate(const almen_case *c, const report_args *a, almen_simulation **out)
{
    *out = NULL;
    if (a->simulate < 0) return EXIT_OK;
    almen_simulation_options *so = NULL;
    almen_simulation *sim = NULL;
    int rc = almen_simulation_options_new(&so);
    if (!rc) rc = almen_simulation_options_set_runs(so, (size_t)(a->runs ? a->runs : 1000));
    if (!rc) rc = almen_simulation_options_set_seed(so, a->seed ? a->seed : 1);
    for (int i = 0; i < a->n_agreements && !rc; i++) rc = almen_simulation_options_add_agreement(so, a->agreements[i]);
    if (!rc && !a->n_agreements && almen_case_agreement_count(c) > 0) {
        rc = almen_simulation_options_add_agreement(so, "all");
        if (!rc) rc = almen_simulation_options_add_agreement(so, "none");
    }
    if (!rc) rc = almen_simulation_new(c, so, &sim);
    almen_simulation_options_free(so);
    if (rc == ALMEN_ENOTFOUND && !a->simulate) return EXIT_OK; /* no household types */
    if (rc) return cli_error();
    size_t total = almen_simulation_runs_total(sim), done = 0, slice = total / 100 ? total / 100 : 1;
    progress bar;
    progress_start(&bar, stderr, "simulating", (double)total);
    while (done < total && !rc) {
        rc = almen_simulation_step(sim, slice, &done);
        progress_update(&bar, (double)done);
    }
    progress_finish(&bar);
    if (rc) {
        almen_simulation_free(sim);
        return cli_error();
    }
    *out = sim;
    return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    report_args a = {0};
    almen_simulation *sim = NULL;
    almen_report_options *o = NULL;
    if (almen_report_options_new(&o)) return cli_error();
    int rc = parse_args(argc, argv, &a, o);
    almen_case *c = NULL;
    if (!rc) rc = cli_load(a.path, &c);
    if (!rc) rc = simulate(c, &a, &sim);
    if (!rc) almen_report_options_set_simulation(o, sim);
    /* HTML when asked for, or when writing to a file (-o) unless --text. */
    int html = a.html || (a.out && strcmp(a.out, "-") && !a.text);
    char *report = NULL;
    if (!rc && (html ? almen_case_report_html(c, o, &report) : almen_case_report_text(c, o, &report)))
        rc = cli_error();
    if (!rc) {
        FILE *f = cli_open_output(a.out);
        if (!f) rc = EXIT_BAD_INPUT;
        else {
            fputs(report, f);
            rc = cli_close_output(f, a.out);
        }
    }
    almen_free(report);
    almen_report_options_free(o);
    almen_simulation_free(sim);
    almen_case_free(c);
    return rc;
}
