/* almen_report_options: what the report covers and how it is labelled. */
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "almen/privacy.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"
#include "table_internal.h"

static unsigned all_sections(void) { return (1u << REPORT_N_SECTIONS) - 1; }

almen_status almen_report_options_new(almen_report_options **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is NULL");
    almen_report_options *o = calloc(1, sizeof *o);
    *out = NULL;
    if (!o) return almen_fail_nomem();
    o->min_persons = ALMEN_MIN_PERSONS;
    o->min_households = ALMEN_MIN_HOUSEHOLDS;
    o->sections = all_sections();
    *out = o;
    return ALMEN_OK;
}

void almen_report_options_free(almen_report_options *o)
{
    if (!o) return;
    free(o->title);
    free(o->date);
    free(o->as_of);
    free(o);
}

static int set_text(char **field, const char *value, const char *what)
{
    char *copy = NULL;
    if (value) {
        if (!html_valid_utf8(value)) return almen_fail(ALMEN_EINVAL, "the %s is not valid UTF-8", what);
        copy = strdup(value);
        if (!copy) return almen_fail_nomem();
    }
    free(*field);
    *field = copy;
    return ALMEN_OK;
}

almen_status almen_report_options_set_title(almen_report_options *o, const char *title)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    return set_text(&o->title, title, "title");
}

almen_status almen_report_options_set_date(almen_report_options *o, const char *date)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    return set_text(&o->date, date, "date");
}

almen_status almen_report_options_set_as_of(almen_report_options *o, const char *date)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    agr_day day;
    if (date && agr_day_parse(date, &day))
        return almen_fail(ALMEN_EINVAL, "'%s' is not a date YYYY-MM-DD between 1900 and 2200", date);
    return set_text(&o->as_of, date, "date");
}

almen_status almen_report_options_set_simulation(almen_report_options *o, const almen_simulation *sim)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    o->simulation = sim;
    return ALMEN_OK;
}

almen_status almen_report_options_set_years(almen_report_options *o, int first, int last)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    if (first < 0 || last < 0)
        return almen_fail(ALMEN_EINVAL, "years must be >= 0 (0 for an open end), not %d..%d", first, last);
    if (first && last && first > last)
        return almen_fail(ALMEN_EINVAL, "first year %d is after last year %d", first, last);
    o->first_year = first;
    o->last_year = last;
    return ALMEN_OK;
}

almen_status almen_report_options_set_suppression(almen_report_options *o, int min_persons,
                                                  int min_households)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    if (min_persons < 0 || min_households < 0)
        return almen_fail(ALMEN_EINVAL, "suppression minimums must be >= 0, not %d persons and %d households",
                          min_persons, min_households);
    o->min_persons = min_persons;
    o->min_households = min_households;
    return ALMEN_OK;
}

almen_status almen_report_options_set_sections(almen_report_options *o, const char *sections)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options is NULL");
    if (!sections || !*sections) {
        o->sections = all_sections();
        return ALMEN_OK;
    }
    unsigned bits = 0;
    for (const char *p = sections; *p;) {
        size_t n = strcspn(p, ",");
        size_t i = 0;
        while (i < REPORT_N_SECTIONS &&
               !(strlen(REPORT_SECTIONS[i]->id) == n && !strncmp(REPORT_SECTIONS[i]->id, p, n)))
            i++;
        if (i == REPORT_N_SECTIONS) {
            strbuf known;
            sb_init(&known);
            for (size_t k = 0; k < REPORT_N_SECTIONS; k++)
                sb_printf(&known, "%s%s", k ? ", " : "", REPORT_SECTIONS[k]->id);
            int rc = almen_fail(ALMEN_ENOTFOUND, "unknown report section '%.*s' (known: %s)", (int)n, p,
                                known.data ? known.data : "");
            sb_free(&known);
            return rc;
        }
        bits |= 1u << i;
        p += n;
        if (*p == ',') p++;
    }
    o->sections = bits;
    return ALMEN_OK;
}

almen_status almen_report_sections(almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is NULL");
    *out = NULL;
    almen_table *t = table_new(REPORT_N_SECTIONS);
    if (!t) return almen_error_last_code();
    /* table_add_string gives the new column's index, or -1. */
    int rc = table_add_string(t, "id") < 0 || table_add_string(t, "title") < 0 ||
             table_add_string(t, "description") < 0;
    for (size_t i = 0; i < REPORT_N_SECTIONS && !rc; i++)
        rc = table_set_string(t, 0, i, REPORT_SECTIONS[i]->id) ||
             table_set_string(t, 1, i, REPORT_SECTIONS[i]->title) ||
             table_set_string(t, 2, i, REPORT_SECTIONS[i]->description);
    if (rc) {
        almen_table_free(t);
        return ALMEN_ENOMEM; /* the only way these fail; recorded by the table functions */
    }
    *out = t;
    return ALMEN_OK;
}
