/* almen report: the municipality report — HTML for the board, or a text summary. The
 * report itself is the library's (almen_case_report_html / _text); this file only reads
 * the command line. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

int cmd_report(int argc, char **argv)
{
    report_args a = {0};
    almen_report_options *o = NULL;
    if (almen_report_options_new(&o)) return cli_error();
    int rc = parse_args(argc, argv, &a, o);
    almen_case *c = NULL;
    if (!rc) rc = cli_load(a.path, &c);
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
    almen_case_free(c);
    almen_report_options_free(o);
    return rc;
}
