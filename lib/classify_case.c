/* Classification from a case: area indicators from the department counts, as ratios of
 * sums per year, combined over each criterion's window. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "classify_internal.h"
#include "error_internal.h"

typedef struct {
    const almen_case *c;
    int *years; /* distinct data years, ascending */
    size_t n_years;
    int32_t *departments; /* [area * n_years + year]: departments with figures */
    double *sums;         /* [(area * n_years + year) * FIELD_COUNT]; NaN once one lacks it */
} case_data;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int load_case_data(case_data *cd, const almen_case *c)
{
    memset(cd, 0, sizeof *cd);
    cd->c = c;
    size_t total = 0;
    for (size_t i = 0; i < c->n_departments; i++) total += c->departments[i].n_rows;
    cd->years = malloc((total ? total : 1) * sizeof *cd->years);
    if (!cd->years) return almen_fail_nomem();
    for (size_t i = 0; i < c->n_departments; i++)
        for (size_t r = 0; r < c->departments[i].n_rows; r++)
            cd->years[cd->n_years++] = c->departments[i].rows[r].year;
    qsort(cd->years, cd->n_years, sizeof *cd->years, cmp_int);
    size_t m = 0;
    for (size_t i = 0; i < cd->n_years; i++)
        if (!m || cd->years[m - 1] != cd->years[i]) cd->years[m++] = cd->years[i];
    cd->n_years = m;
    size_t cells = (c->n_areas ? c->n_areas : 1) * (m ? m : 1);
    cd->departments = calloc(cells, sizeof *cd->departments);
    cd->sums = calloc(cells * FIELD_COUNT, sizeof *cd->sums);
    if (!cd->departments || !cd->sums) return almen_fail_nomem();
    for (size_t i = 0; i < c->n_departments; i++) {
        const department *d = &c->departments[i];
        if (d->area == NO_INDEX) continue; /* only departments in a housing area count */
        for (size_t r = 0; r < d->n_rows; r++) {
            const int *y = bsearch(&d->rows[r].year, cd->years, m, sizeof *cd->years, cmp_int);
            size_t cell = d->area * m + (size_t)(y - cd->years);
            cd->departments[cell]++;
            for (int f = 0; f < FIELD_COUNT; f++) cd->sums[cell * FIELD_COUNT + f] += d->rows[r].v[f];
        }
    }
    return ALMEN_OK;
}

static void free_case_data(case_data *cd)
{
    free(cd->years);
    free(cd->departments);
    free(cd->sums);
}

/* The area's summed figures for year, or NULL (with a note) when no department of the
 * area has figures that year. */
static const double *area_year(const case_data *cd, size_t area, int year, strbuf *notes)
{
    const int *y = cd->n_years ? bsearch(&year, cd->years, cd->n_years, sizeof *cd->years, cmp_int)
                               : NULL;
    size_t cell = y ? area * cd->n_years + (size_t)(y - cd->years) : 0;
    if (!y || !cd->departments[cell]) {
        char note[32];
        snprintf(note, sizeof note, "figures %d", year);
        notes_add(notes, note);
        return NULL;
    }
    return &cd->sums[cell * FIELD_COUNT];
}

static void note_field(strbuf *notes, int field, int year)
{
    char note[64];
    snprintf(note, sizeof note, "%s %d", FIELDS[field].name, year);
    notes_add(notes, note);
}

static const char *case_unit_id(const classify_source *s, size_t unit)
{
    const case_data *cd = s->data;
    return cd->c->areas[unit].id;
}

static double case_residents(const classify_source *s, size_t unit, int list_year, int year,
                             strbuf *notes)
{
    (void)list_year;
    const double *v = area_year(s->data, unit, year, notes);
    if (v && isnan(v[F_RESIDENTS])) note_field(notes, F_RESIDENTS, year);
    return v ? v[F_RESIDENTS] : NAN;
}

double classify_reference(const classify_source *s, const almen_classify_options *o,
                          rule_ref kind, int year, strbuf *notes)
{
    const char *region = kind == REF_REGIONAL_INCOME ? s->region : NULL;
    double v = ref_list_get(o ? &o->refs : NULL, kind, region, year);
    if (isnan(v) && s->case_refs) v = ref_list_get(s->case_refs, kind, region, year);
    if (isnan(v)) {
        char note[96];
        snprintf(note, sizeof note, "%s%s%s %d", RULE_REF_NAMES[kind], region ? " " : "",
                 region ? region : "", year);
        notes_add(notes, note);
    }
    return v;
}

/* The window's years data_year - window + 1 .. data_year, each as a ratio of the area's
 * sums; combined as the mean of the yearly ratios or as the ratio of the pooled sums. A
 * person's status change is counted in the latest year only. */
static void case_criterion(const classify_source *s, size_t unit, int list_year, int data_year,
                           const rule_criterion *k, window_method method,
                           incomplete_mode incomplete, const almen_classify_options *o,
                           strbuf *notes, crit_value *out)
{
    (void)list_year;
    const case_data *cd = s->data;
    double sum_n = 0, sum_d = 0, sum_ratio = 0, sum_ref = 0;
    double last_n = NAN, last_d = NAN, last_ref = NAN;
    int used = 0, lacking = 0;
    for (int y = data_year - k->window + 1; y <= data_year; y++) {
        const double *v = area_year(cd, unit, y, notes);
        double n = v ? v[k->numerator] : NAN, d = v ? v[k->denominator] : NAN;
        double ref = 1.0;
        if (v && isnan(n)) note_field(notes, k->numerator, y);
        if (v && isnan(d)) note_field(notes, k->denominator, y);
        if (k->ref != REF_NONE) ref = classify_reference(s, o, k->ref, y, notes);
        if (isnan(n) || isnan(d) || isnan(ref) || !(d > 0)) {
            if (v && d == 0) note_field(notes, k->denominator, y); /* no one to count */
            lacking++;
            continue;
        }
        used++;
        sum_n += n;
        sum_d += d;
        sum_ratio += n / d;
        sum_ref += ref;
        if (y == data_year) last_n = n, last_d = d, last_ref = ref;
    }
    *out = (crit_value){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
    out->window_years = used;
    if (!used || (lacking && incomplete == INCOMPLETE_UNKNOWN)) return;
    int pooled = method == WIN_RATIO_OF_SUMS;
    double ratio = pooled ? sum_n / sum_d : sum_ratio / used;
    double ref = k->ref != REF_NONE ? sum_ref / used : NAN;
    /* Percentage points per person in the latest year: 1/(used * d) of the mean, or 1/Σd
     * of the pool; for an average, one person gaining one reference income. */
    double per_person = pooled ? 1.0 / sum_d : 1.0 / (used * last_d);
    out->numerator = sum_n;
    out->denominator = sum_d;
    out->reference = ref;
    switch (k->form) {
    case FORM_SHARE:
        out->value = out->pct = 100.0 * ratio;
        out->scale = 1.0;
        out->slope_pp = 100.0 * per_person;
        break;
    case FORM_SHARE_TO_REF:
        out->pct = 100.0 * ratio;
        out->value = out->pct / ref;
        out->scale = ref;
        out->slope_pp = 100.0 * per_person;
        break;
    default:
        out->value = out->pct = 100.0 * ratio / ref;
        out->scale = 1.0;
        out->slope_pp = 100.0 * per_person * last_ref / ref;
        break;
    }
    if (isnan(last_d)) { /* the latest year is not in the window's data: no person margin */
        out->slope_pp = NAN;
        return;
    }
    if (k->form == FORM_AVERAGE_TO_REF) {
        out->up_cap = last_d;
        out->down_cap = floor(last_n / last_ref);
    } else {
        out->up_cap = last_d - last_n;
        out->down_cap = last_n;
    }
}

static int run_case(const almen_case *c, const almen_classify_options *o, int long_form,
                    almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    case_data cd;
    int rc = load_case_data(&cd, c);
    classify_source src = {c->n_areas, case_unit_id, case_residents, case_criterion, c->region,
                           c->references, &cd};
    classify_run run;
    int run_ready = 0;
    int *years = NULL;
    size_t n_years = 0;
    if (!rc) rc = classify_run_init(&run, &src, o), run_ready = 1;
    if (!rc) rc = classify_list_years(&run, cd.years, cd.n_years, &years, &n_years);
    for (size_t u = 0; u < c->n_areas && !rc; u++)
        for (size_t i = 0; i < n_years && !rc; i++) rc = classify_add_row(&run, u, years[i]);
    if (!rc) rc = classify_check_options(&run);
    if (!rc) rc = long_form ? classify_long_table(&run, out) : classify_wide_table(&run, out);
    free(years);
    if (run_ready) classify_run_free(&run);
    free_case_data(&cd);
    return rc;
}

almen_status almen_case_classify(const almen_case *c, const almen_classify_options *options,
                                 almen_table **out)
{
    return run_case(c, options, 0, out);
}

almen_status almen_case_classify_criteria(const almen_case *c,
                                          const almen_classify_options *options,
                                          almen_table **out)
{
    return run_case(c, options, 1, out);
}
