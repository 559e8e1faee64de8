/* Department-year figures from CSV into a loaded case. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "error_internal.h"
#include "figure_change.h"
#include "numtext.h"
#include "yamlx.h"

enum { COL_DEPARTMENT = -2, COL_YEAR = -3 };

typedef struct {
    int *role; /* per column: COL_DEPARTMENT, COL_YEAR or a field index */
    size_t n;
} header;

static int read_header(csv_reader *r, header *h)
{
    int rc = csv_next(r);
    if (rc < 0) return rc;
    if (rc == 0) return almen_fail_at(ALMEN_EINPUT, r->source, 0, 0, NULL, "the CSV input is empty");
    h->n = r->n_fields;
    h->role = malloc(h->n * sizeof *h->role);
    if (!h->role) return almen_fail_nomem();
    int seen_dept = 0, seen_year = 0;
    for (size_t j = 0; j < h->n; j++) {
        const csv_field *fd = &r->fields[j];
        int role;
        if (strcmp(fd->text, "department") == 0) role = COL_DEPARTMENT, seen_dept++;
        else if (strcmp(fd->text, "year") == 0) role = COL_YEAR, seen_year++;
        else role = field_index(fd->text);
        if (role == -1)
            return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, fd->text,
                                 "unknown column '%s' (department, year or a figure field)", fd->text);
        for (size_t k = 0; k < j; k++)
            if (h->role[k] == role)
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, fd->text,
                                     "column '%s' appears twice", fd->text);
        h->role[j] = role;
    }
    if (!seen_dept || !seen_year)
        return almen_fail_at(ALMEN_EINPUT, r->source, 1, 1, seen_dept ? "year" : "department",
                             "the header must name a '%s' column", seen_dept ? "year" : "department");
    return ALMEN_OK;
}

static int read_row(const almen_case *c, const csv_reader *r, const header *h, figure_change *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->line = r->row_line;
    if (r->n_fields != h->n)
        return almen_fail_at(ALMEN_EINPUT, r->source, r->row_line, 1, NULL,
                             "expected %zu fields as in the header, found %zu", h->n, r->n_fields);
    for (size_t j = 0; j < h->n; j++) {
        const csv_field *fd = &r->fields[j];
        if (h->role[j] == COL_DEPARTMENT) {
            ch->department = case_find_department(c, fd->text);
            if (ch->department == NO_INDEX)
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, "department",
                                     "unknown department '%.60s'", fd->text);
        } else if (h->role[j] == COL_YEAR) {
            double y;
            if (!numtext_parse(fd->text, &y) || y != floor(y) || y < 1900 || y > 2200)
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, "year",
                                     "expected a year between 1900 and 2200, found '%.20s'", fd->text);
            ch->year = (int)y;
        } else {
            int f = h->role[j];
            double v = NAN;
            const char *name = FIELDS[f].name;
            if (*fd->text && !numtext_parse(fd->text, &v))
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, name,
                                     "expected a number, found '%.40s'", fd->text);
            if (*fd->text && isnan(v))
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, name,
                                     "value '%s' is not finite", fd->text);
            const char *problem = figure_value_problem(f, v);
            if (problem)
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, name, "%s", problem);
            ch->mask |= 1u << f;
            ch->v[f] = v;
            ch->column[f] = fd->column;
        }
    }
    return ALMEN_OK;
}

static int import_text(almen_case *c, const char *text, size_t len, const char *source)
{
    csv_reader r;
    header h = {NULL, 0};
    figure_change *changes = NULL;
    size_t n = 0, cap = 0;
    csv_open(&r, text, len, source);
    int rc = read_header(&r, &h);
    while (rc == ALMEN_OK) {
        int got = csv_next(&r);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 256;
            figure_change *p = realloc(changes, ncap * sizeof *p);
            if (!p) {
                rc = almen_fail_nomem();
                break;
            }
            changes = p;
            cap = ncap;
        }
        rc = read_row(c, &r, &h, &changes[n]);
        if (rc == ALMEN_OK) n++;
    }
    if (rc == ALMEN_OK) rc = figure_changes_apply(c, changes, n, r.source);
    free(changes);
    free(h.role);
    csv_close(&r);
    return rc;
}

almen_status almen_case_import_csv_string(almen_case *c, const char *csv, const char *source_name)
{
    if (!c || !csv) return almen_fail(ALMEN_EINVAL, "case and csv text are required");
    return import_text(c, csv, strlen(csv), source_name ? source_name : "<string>");
}

almen_status almen_case_import_csv_file(almen_case *c, const char *path)
{
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    char *text;
    size_t len;
    int rc = ydoc_read_file(path, &text, &len);
    if (rc) return rc;
    rc = import_text(c, text, len, path);
    free(text);
    return rc;
}
