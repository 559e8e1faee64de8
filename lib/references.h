/* Reference values for the relative criteria (national share convicted, regional average
 * income): the case file's `references` section and the options' overrides. Never
 * installed. */
#ifndef ALMEN_REFERENCES_H
#define ALMEN_REFERENCES_H

#include <stddef.h>

#include "case_sections.h"
#include "rules_internal.h"

/* One value. region: a canonical region name (static text from region_canonical), NULL for
 * national references or, in the options, for every region; year 0 (options only) for
 * every year. */
typedef struct {
    rule_ref kind;
    const char *region;
    int year;
    double value;
} ref_entry;

typedef struct ref_list {
    ref_entry *e;
    size_t n, cap;
} ref_list;

/* The value for kind, region and year: the last matching entry wins, an entry with region
 * NULL or year 0 matching any. NaN when none matches. */
double ref_list_get(const ref_list *l, rule_ref kind, const char *region, int year);
/* Sets (replacing an entry with the same kind, region and year) or, for NaN, removes. */
int ref_list_set(ref_list *l, rule_ref kind, const char *region, int year, double value);
int ref_list_copy(ref_list *dst, const ref_list *src);
void ref_list_free(ref_list *l);
/* Checks a reference name, region and value for the public setters; region is replaced by
 * its canonical name. national references take no region. */
int ref_check(const char *name, const char **region, int year, int allow_any_year, double value,
              rule_ref *kind);

extern const case_section REFERENCES_SECTION;

#endif
