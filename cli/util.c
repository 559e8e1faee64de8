#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_error(void)
{
    fprintf(stderr, "almen: %s\n", almen_error_last_text());
    switch (almen_error_last_code()) {
    case ALMEN_EPARSE:
    case ALMEN_EINPUT:
    case ALMEN_EIO:
    case ALMEN_ENOTFOUND:
    case ALMEN_ERANGE:
    case ALMEN_ELIMIT:
    case ALMEN_EVERSION:
    case ALMEN_EINVAL: return EXIT_BAD_INPUT;
    default: return EXIT_INTERNAL;
    }
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "almen %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'almen %s --help'.\n", command);
    return EXIT_USAGE;
}

int cli_is_help(const char *arg) { return !strcmp(arg, "-h") || !strcmp(arg, "--help"); }

int cli_load(const char *path, almen_case **out)
{
    int rc = path ? almen_case_load_file(path, out) : almen_case_load_example(out);
    return rc ? cli_error() : EXIT_OK;
}

FILE *cli_open_output(const char *path)
{
    if (!path || !strcmp(path, "-")) return stdout;
    FILE *f = fopen(path, "w");
    if (!f) fprintf(stderr, "almen: %s: cannot write: %s\n", path, strerror(errno));
    return f;
}

int cli_close_output(FILE *f, const char *path)
{
    if (f == stdout) return fflush(stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
    if (fclose(f) != 0) {
        fprintf(stderr, "almen: %s: write failed: %s\n", path, strerror(errno));
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

static void format_cell(const almen_table *t, size_t col, size_t row, char *buf, size_t cap)
{
    int type = almen_table_column_type(t, col);
    if (type == ALMEN_COL_STRING) {
        const char *s = almen_table_get_string(t, col, row);
        snprintf(buf, cap, "%s", s ? s : "NA");
    } else if (type == ALMEN_COL_DOUBLE) {
        double v = almen_table_get_double(t, col, row);
        if (isnan(v)) snprintf(buf, cap, "NA");
        else if (v == floor(v) && fabs(v) < 1e12) snprintf(buf, cap, "%.0f", v);
        else snprintf(buf, cap, "%.2f", v);
    } else {
        int32_t v = almen_table_get_int(t, col, row);
        if (v == ALMEN_NA_INT) snprintf(buf, cap, "NA");
        else snprintf(buf, cap, "%ld", (long)v);
    }
}

/* Display width of UTF-8 text: code points, not bytes (names hold æ, ø, å). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void write_aligned(FILE *f, const almen_table *t)
{
    size_t nc = almen_table_ncols(t), nr = almen_table_nrows(t);
    size_t *width = calloc(nc ? nc : 1, sizeof *width);
    if (!width) return;
    char buf[128];
    for (size_t j = 0; j < nc; j++) {
        width[j] = text_width(almen_table_column_name(t, j));
        for (size_t i = 0; i < nr; i++) {
            format_cell(t, j, i, buf, sizeof buf);
            if (text_width(buf) > width[j]) width[j] = text_width(buf);
        }
    }
    for (size_t i = 0; i <= nr; i++) {
        for (size_t j = 0; j < nc; j++) {
            const char *s = buf;
            if (i == 0) s = almen_table_column_name(t, j);
            else format_cell(t, j, i - 1, buf, sizeof buf);
            int right = i > 0 && almen_table_column_type(t, j) != ALMEN_COL_STRING;
            size_t pad = width[j] - text_width(s);
            if (right) fprintf(f, "%*s%s", (int)pad, "", s);
            else fprintf(f, "%s%*s", s, (int)pad, "");
            fputs(j + 1 < nc ? "  " : "\n", f);
        }
    }
    free(width);
}

int cli_write_table(FILE *f, const almen_table *t, const char *format)
{
    if (format && !strcmp(format, "table")) {
        write_aligned(f, t);
        return EXIT_OK;
    }
    char *csv;
    if (almen_table_to_csv(t, &csv)) return cli_error();
    fputs(csv, f);
    almen_free(csv);
    return EXIT_OK;
}

int cli_option(int argc, char **argv, int *i, const char *name, const char *short_name,
               const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (!strncmp(arg, name, n) && arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (strcmp(arg, name) != 0 && !(short_name && !strcmp(arg, short_name))) return 0;
    if (*i + 1 >= argc) return -1;
    *value = argv[++*i];
    return 1;
}
