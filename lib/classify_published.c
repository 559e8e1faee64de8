/* Classification from published area-level values (CSV): the values are already averaged
 * as published, so each criterion reads its column for the list year as it is. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"
#include "csv.h"
#include "error_internal.h"
#include "numtext.h"
#include "yamlx.h"

typedef struct {
    size_t unit;
    int year;
    int line;
    double *v; /* per column; NaN when empty */
} pub_row;

typedef struct {
    const char *source;
    char **names; /* header */
    int *name_column;
    size_t n_cols;
    size_t c_area, c_year, c_residents;
    char **units; /* area ids in order of first appearance */
    size_t n_units;
    pub_row *rows; /* sorted by area and year once read */
    size_t n_rows;
    size_t *unit_start; /* rows of area u: unit_start[u] .. unit_start[u + 1] - 1 */
} published;

static void free_published(published *p)
{
    for (size_t j = 0; j < p->n_cols; j++) free(p->names[j]);
    for (size_t u = 0; u < p->n_units; u++) free(p->units[u]);
    for (size_t i = 0; i < p->n_rows; i++) free(p->rows[i].v);
    free(p->names);
    free(p->name_column);
    free(p->units);
    free(p->rows);
    free(p->unit_start);
}

static size_t column(const published *p, const char *name)
{
    for (size_t j = 0; j < p->n_cols; j++)
        if (p->names[j] && !strcmp(p->names[j], name)) return j; /* NULL while reading */
    return (size_t)-1;
}

static int read_header(csv_reader *r, published *p)
{
    int rc = csv_next(r);
    if (rc < 0) return rc;
    if (rc == 0) return almen_fail_at(ALMEN_EINPUT, r->source, 0, 0, NULL, "the CSV input is empty");
    p->n_cols = r->n_fields;
    p->names = calloc(p->n_cols, sizeof *p->names);
    p->name_column = calloc(p->n_cols, sizeof *p->name_column);
    if (!p->names || !p->name_column) return almen_fail_nomem();
    for (size_t j = 0; j < p->n_cols; j++) {
        const csv_field *fd = &r->fields[j];
        if (column(p, fd->text) != (size_t)-1)
            return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, fd->text,
                                 "column '%s' appears twice", fd->text);
        if (!(p->names[j] = strdup(fd->text))) return almen_fail_nomem();
        p->name_column[j] = fd->column;
    }
    static const char *const required[] = {"area", "year", "residents"};
    size_t *slot[] = {&p->c_area, &p->c_year, &p->c_residents};
    for (int i = 0; i < 3; i++) {
        *slot[i] = column(p, required[i]);
        if (*slot[i] == (size_t)-1)
            return almen_fail_at(ALMEN_EINPUT, r->source, 1, 1, required[i],
                                 "the header must name a column '%s'", required[i]);
    }
    return ALMEN_OK;
}

static int add_unit(published *p, const char *id, size_t *out)
{
    for (size_t u = 0; u < p->n_units; u++)
        if (!strcmp(p->units[u], id)) return *out = u, ALMEN_OK;
    char **q = realloc(p->units, (p->n_units + 1) * sizeof *q);
    if (!q) return almen_fail_nomem();
    p->units = q;
    if (!(p->units[p->n_units] = strdup(id))) return almen_fail_nomem();
    *out = p->n_units++;
    return ALMEN_OK;
}

static int read_row(csv_reader *r, published *p, pub_row *row)
{
    row->line = r->row_line;
    if (r->n_fields != p->n_cols)
        return almen_fail_at(ALMEN_EINPUT, r->source, r->row_line, 1, NULL,
                             "expected %zu fields as in the header, found %zu", p->n_cols,
                             r->n_fields);
    if (!(row->v = malloc(p->n_cols * sizeof *row->v))) return almen_fail_nomem();
    for (size_t j = 0; j < p->n_cols; j++) {
        const csv_field *fd = &r->fields[j];
        row->v[j] = NAN;
        if (j == p->c_area) {
            if (!*fd->text)
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, "area",
                                     "the area id is empty");
            int rc = add_unit(p, fd->text, &row->unit);
            if (rc) return rc;
            continue;
        }
        double v;
        if (*fd->text && (!numtext_parse(fd->text, &v) || !isfinite(v) || v < 0))
            return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, p->names[j],
                                 "expected a number >= 0, found '%.40s'", fd->text);
        if (j == p->c_year) {
            if (!*fd->text || v != floor(v) || v < 1900 || v > 2200)
                return almen_fail_at(ALMEN_EINPUT, r->source, fd->line, fd->column, "year",
                                     "expected a list year between 1900 and 2200, found '%.20s'",
                                     fd->text);
            row->year = (int)v;
        }
        if (*fd->text) row->v[j] = v;
    }
    return ALMEN_OK;
}

static int cmp_row(const void *a, const void *b)
{
    const pub_row *x = a, *y = b;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Sorts the rows by area and year, refuses a second row for an area-year, and indexes where
 * each area's rows start. */
static int index_rows(published *p)
{
    /* No rows (a header alone) leaves rows NULL, which qsort must not be given. */
    if (p->n_rows > 1) qsort(p->rows, p->n_rows, sizeof *p->rows, cmp_row);
    for (size_t i = 1; i < p->n_rows; i++)
        if (p->rows[i].unit == p->rows[i - 1].unit && p->rows[i].year == p->rows[i - 1].year)
            return almen_fail_at(ALMEN_EINPUT, p->source, p->rows[i].line, 1, "year",
                                 "area '%s' has a row for %d already (line %d)",
                                 p->units[p->rows[i].unit], p->rows[i].year, p->rows[i - 1].line);
    p->unit_start = malloc((p->n_units + 1) * sizeof *p->unit_start);
    if (!p->unit_start) return almen_fail_nomem();
    size_t i = 0;
    for (size_t u = 0; u <= p->n_units; u++) {
        while (i < p->n_rows && p->rows[i].unit < u) i++;
        p->unit_start[u] = i;
    }
    return ALMEN_OK;
}

static int read_published(const char *text, size_t len, const char *source, published *p)
{
    csv_reader r;
    memset(p, 0, sizeof *p);
    p->source = source;
    csv_open(&r, text, len, source);
    int rc = read_header(&r, p);
    size_t cap = 0;
    while (!rc) {
        int got = csv_next(&r);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (p->n_rows == cap) {
            cap = cap ? 2 * cap : 64;
            pub_row *q = realloc(p->rows, cap * sizeof *q);
            if (!q) {
                rc = almen_fail_nomem();
                break;
            }
            p->rows = q;
        }
        memset(&p->rows[p->n_rows], 0, sizeof *p->rows);
        p->n_rows++;
        rc = read_row(&r, p, &p->rows[p->n_rows - 1]);
    }
    csv_close(&r);
    return rc ? rc : index_rows(p);
}

static const pub_row *find_row(const published *p, size_t unit, int year, strbuf *notes)
{
    for (size_t i = p->unit_start[unit]; i < p->unit_start[unit + 1]; i++)
        if (p->rows[i].year == year) return &p->rows[i];
    char note[32];
    snprintf(note, sizeof note, "row %d", year);
    notes_add(notes, note);
    return NULL;
}

/* The columns a criterion reads: primary (the value in the criterion's unit, or for a ratio to a
 * national reference the share itself) and, for that ratio, the share as an alternative. */
static void criterion_columns(const rule_criterion *k, char *primary, char *alternative,
                              size_t cap)
{
    alternative[0] = '\0';
    switch (k->form) {
    case FORM_SHARE: snprintf(primary, cap, "%s_pct", k->id); break;
    case FORM_SHARE_TO_REF:
        snprintf(primary, cap, "%s_ratio", k->id);
        snprintf(alternative, cap, "%s_pct", k->id);
        break;
    default:
        snprintf(primary, cap, "%s_pct_of_%s", k->id,
                 k->ref == REF_REGIONAL_INCOME ? "region" : "national");
        break;
    }
}

static const char *pub_unit_id(const classify_source *s, size_t unit)
{
    const published *p = s->data;
    return p->units[unit];
}

static double pub_residents(const classify_source *s, size_t unit, int list_year, int data_year,
                            strbuf *notes)
{
    (void)data_year; /* published rows are list years */
    const published *p = s->data;
    const pub_row *row = find_row(p, unit, list_year, notes);
    if (row && isnan(row->v[p->c_residents])) notes_add(notes, "residents");
    return row ? row->v[p->c_residents] : NAN;
}

static void pub_criterion(const classify_source *s, size_t unit, int list_year, int data_year,
                          const rule_criterion *k, window_method method,
                          incomplete_mode incomplete, const almen_classify_options *o,
                          strbuf *notes, crit_value *out)
{
    (void)data_year;
    (void)method;
    (void)incomplete;
    const published *p = s->data;
    *out = (crit_value){NAN, NAN, 1.0, NAN, NAN, NAN, NAN, NAN, NAN, ALMEN_NA_INT};
    const pub_row *row = find_row(p, unit, list_year, notes);
    if (!row) return;
    char primary[96], alternative[96];
    criterion_columns(k, primary, alternative, sizeof primary);
    size_t c1 = column(p, primary), c2 = *alternative ? column(p, alternative) : (size_t)-1;
    double v1 = c1 != (size_t)-1 ? row->v[c1] : NAN, v2 = c2 != (size_t)-1 ? row->v[c2] : NAN;
    if (k->form != FORM_SHARE_TO_REF) {
        out->value = out->pct = v1;
        if (isnan(v1)) notes_add(notes, primary);
        return;
    }
    /* A ratio to the national reference: given directly, or as the share divided by the
     * reference; the reference also turns the margin into percentage points. */
    strbuf scratch;
    sb_init(&scratch);
    double ref = classify_reference(s, o, k->ref, list_year, isnan(v1) ? notes : &scratch);
    sb_free(&scratch);
    out->reference = ref;
    out->scale = ref;
    if (!isnan(v1)) {
        out->value = v1;
        out->pct = isnan(v2) ? v1 * ref : v2;
    } else if (!isnan(v2)) {
        out->pct = v2;
        out->value = v2 / ref;
    } else {
        notes_add(notes, c1 != (size_t)-1 ? primary : alternative);
    }
}

/* Every criterion the rows' rule sets count must have its column (unless disabled); every
 * column must be one that some criterion reads. */
static int check_columns(const classify_run *run, const published *p)
{
    for (size_t i = 0; i < run->n_rows; i++) {
        const almen_rules *r = run->rows[i]->rules;
        for (size_t k = 0; r && k < r->n_crit; k++) {
            char primary[96], alternative[96];
            criterion_columns(&r->crit[k], primary, alternative, sizeof primary);
            if (classify_disabled(run->o, r->crit[k].id) || column(p, primary) != (size_t)-1 ||
                (*alternative && column(p, alternative) != (size_t)-1))
                continue;
            return almen_fail_at(ALMEN_EINPUT, p->source, 1, 1, primary,
                                 "no column for criterion '%s' of %s: add '%s'%s%s%s", r->crit[k].id,
                                 r->id, primary, *alternative ? ", or '" : "",
                                 *alternative ? alternative : "",
                                 *alternative ? "' with the national reference" : "");
        }
    }
    for (size_t j = 0; j < p->n_cols; j++) {
        if (j == p->c_area || j == p->c_year || j == p->c_residents) continue;
        int used = 0;
        for (size_t i = 0; i < run->n_rows && !used; i++) {
            const almen_rules *r = run->rows[i]->rules;
            for (size_t k = 0; r && k < r->n_crit && !used; k++) {
                char primary[96], alternative[96];
                criterion_columns(&r->crit[k], primary, alternative, sizeof primary);
                used = !strcmp(p->names[j], primary) || !strcmp(p->names[j], alternative);
            }
        }
        if (!used)
            return almen_fail_at(ALMEN_EINPUT, p->source, 1, p->name_column[j], p->names[j],
                                 "unknown column '%s' (no criterion of the rule sets used reads it)",
                                 p->names[j]);
    }
    return ALMEN_OK;
}

static int classify_text(const char *text, size_t len, const char *source,
                         const almen_classify_options *o, almen_table **out)
{
    published p;
    int rc = read_published(text, len, source, &p);
    classify_source src = {p.n_units, pub_unit_id, pub_residents, pub_criterion, NULL, NULL, &p};
    classify_run run;
    int ready = 0;
    if (!rc) rc = classify_run_init(&run, &src, o), ready = 1;
    for (size_t u = 0; u < p.n_units && !rc; u++) {
        for (size_t i = p.unit_start[u]; i < p.unit_start[u + 1] && !rc; i++) {
            int y = p.rows[i].year;
            if (o && ((o->first_year && y < o->first_year) || (o->last_year && y > o->last_year)))
                continue;
            if (!classify_regime(&run, y))
                rc = almen_fail_at(ALMEN_EINVAL, source, p.rows[i].line, 1, "year",
                                   "no rule set for list year %d (the compiled-in ones start in "
                                   "2010; set rules for it)",
                                   y);
            else rc = classify_add_row(&run, u, y);
        }
    }
    if (!rc) rc = check_columns(&run, &p);
    if (!rc) rc = classify_check_options(&run);
    if (!rc) rc = classify_wide_table(&run, out);
    if (ready) classify_run_free(&run);
    free_published(&p);
    return rc;
}

almen_status almen_classify_published_string(const char *csv, const char *source_name,
                                             const almen_classify_options *options,
                                             almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!csv) return almen_fail(ALMEN_EINVAL, "csv is required");
    return classify_text(csv, strlen(csv), source_name ? source_name : "<string>", options, out);
}

almen_status almen_classify_published_file(const char *path,
                                           const almen_classify_options *options,
                                           almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    char *text;
    size_t len;
    int rc = ydoc_read_file(path, &text, &len);
    if (rc) return rc;
    rc = classify_text(text, len, path, options, out);
    free(text);
    return rc;
}
