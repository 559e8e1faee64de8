/* Reference values: the case file's `references` section and lookups with overrides. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "error_internal.h"
#include "references.h"
#include "rules_yaml.h"
#include "table_internal.h"
#include "yaml_emit.h"

static int matches(const ref_entry *e, rule_ref kind, const char *region, int year)
{
    return e->kind == kind && (e->year == 0 || e->year == year) &&
           (!e->region || (region && !strcmp(e->region, region)));
}

double ref_list_get(const ref_list *l, rule_ref kind, const char *region, int year)
{
    for (size_t i = l ? l->n : 0; i-- > 0;)
        if (matches(&l->e[i], kind, region, year)) return l->e[i].value;
    return NAN;
}

static int same_key(const ref_entry *e, rule_ref kind, const char *region, int year)
{
    return e->kind == kind && e->year == year &&
           ((!e->region && !region) || (e->region && region && !strcmp(e->region, region)));
}

int ref_list_set(ref_list *l, rule_ref kind, const char *region, int year, double value)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!same_key(&l->e[i], kind, region, year)) continue;
        if (isnan(value)) {
            memmove(&l->e[i], &l->e[i + 1], (l->n - i - 1) * sizeof *l->e);
            l->n--;
        } else {
            /* Moved to the end: the latest setting wins over wildcards set before it. */
            memmove(&l->e[i], &l->e[i + 1], (l->n - i - 1) * sizeof *l->e);
            l->e[l->n - 1] = (ref_entry){kind, region, year, value};
        }
        return ALMEN_OK;
    }
    if (isnan(value)) return ALMEN_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        ref_entry *p = realloc(l->e, cap * sizeof *p);
        if (!p) return almen_fail_nomem();
        l->e = p;
        l->cap = cap;
    }
    l->e[l->n++] = (ref_entry){kind, region, year, value};
    return ALMEN_OK;
}

int ref_list_copy(ref_list *dst, const ref_list *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src || !src->n) return ALMEN_OK;
    dst->e = malloc(src->n * sizeof *dst->e);
    if (!dst->e) return almen_fail_nomem();
    memcpy(dst->e, src->e, src->n * sizeof *dst->e);
    dst->n = dst->cap = src->n;
    return ALMEN_OK;
}

void ref_list_free(ref_list *l)
{
    if (!l) return;
    free(l->e);
    memset(l, 0, sizeof *l);
}

int ref_check(const char *name, const char **region, int year, int allow_any_year, double value,
              rule_ref *kind)
{
    *kind = rules_ref_kind(name);
    if (*kind == REF_NONE)
        return almen_fail(ALMEN_EINVAL,
                          "unknown reference '%s' (national_convicted_pct, regional_average_income)",
                          name ? name : "(null)");
    if (*kind == REF_NATIONAL_CONVICTED && *region)
        return almen_fail(ALMEN_EINVAL, "national_convicted_pct is national: give no region");
    if (*region) {
        const char *canon = region_canonical(*region);
        if (!canon)
            return almen_fail(ALMEN_EINVAL,
                              "unknown region '%s' (Hovedstaden, Sjælland, Syddanmark, "
                              "Midtjylland, Nordjylland)",
                              *region);
        *region = canon;
    }
    if (!(allow_any_year && year == 0) && (year < 1900 || year > 2200))
        return almen_fail(ALMEN_EINVAL, "year %d is outside 1900..2200%s", year,
                          allow_any_year ? " (0 for every year)" : "");
    if (!isnan(value) && !(isfinite(value) && value > 0))
        return almen_fail(ALMEN_ERANGE, "a reference value must be a finite number > 0");
    return ALMEN_OK;
}

/* ---- The case-file section ------------------------------------------------------------- */

typedef struct {
    rule_ref kind;
    const char *region;
    ref_list *l;
} years_ctx;

/* year: value. */
static int year_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *key_path,
                     size_t i, void *ctx)
{
    (void)i;
    years_ctx *q = ctx;
    long year;
    double v;
    TRY(y_integer(d, key, key_path, 1900, 2200, &year));
    TRY(y_number(d, value, key_path, &v));
    if (!(v > 0)) return y_fail(d, value, key_path, ALMEN_EINPUT, "must be greater than 0");
    if (!isnan(ref_list_get(q->l, q->kind, q->region, (int)year)))
        return y_fail(d, key, key_path, ALMEN_EINPUT, "year %ld given twice", year);
    return ref_list_set(q->l, q->kind, q->region, (int)year, v);
}

static int load_years(ydoc *d, yaml_node_t *node, const char *path, rule_ref kind,
                      const char *region, ref_list *l)
{
    years_ctx q = {kind, region, l};
    return y_each_pair(d, node, path, "year: value", year_pair, &q);
}

/* region: {year: value}. */
static int region_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *key_path,
                       size_t i, void *ctx)
{
    (void)i;
    const char *region = region_canonical(y_scalar(key));
    if (!region)
        return y_fail(d, key, key_path, ALMEN_EINPUT,
                      "unknown region '%.40s' (Hovedstaden, Sjælland, Syddanmark, Midtjylland, "
                      "Nordjylland)",
                      y_scalar(key) ? y_scalar(key) : "?");
    ref_list *l = ctx;
    for (size_t j = 0; j < l->n; j++)
        if (l->e[j].kind == REF_REGIONAL_INCOME && l->e[j].region == region)
            return y_fail(d, key, key_path, ALMEN_EINPUT, "region '%s' given twice", region);
    return load_years(d, value, key_path, REF_REGIONAL_INCOME, region, l);
}

static int section_load(ydoc *d, yaml_node_t *node, almen_case *c)
{
    static const char *const keys[] = {"national_convicted_pct", "regional_average_income",
                                       NULL};
    TRY(y_check_map(d, node, "references", keys));
    c->references = calloc(1, sizeof *c->references);
    if (!c->references) return almen_fail_nomem();
    int failed = 0;
    yaml_node_t *v = y_get(d, node, "national_convicted_pct", &failed);
    if (failed) return ALMEN_ELIMIT;
    if (v)
        TRY(load_years(d, v, "references.national_convicted_pct", REF_NATIONAL_CONVICTED, NULL,
                       c->references));
    v = y_get(d, node, "regional_average_income", &failed);
    if (failed) return ALMEN_ELIMIT;
    if (v)
        TRY(y_each_pair(d, v, "references.regional_average_income", "region: {year: value}",
                        region_pair, c->references));
    return ALMEN_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    const ref_entry *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    int r = strcmp(x->region ? x->region : "", y->region ? y->region : "");
    if (r) return r;
    return (x->year > y->year) - (x->year < y->year);
}

/* The entries sorted by kind, region and year (the canonical order of the file and the
 * table); NULL with *n = 0 when there are none. */
static ref_entry *sorted(const ref_list *l, size_t *n)
{
    *n = 0;
    if (!l || !l->n) return NULL;
    ref_entry *e = malloc(l->n * sizeof *e);
    if (!e) return NULL;
    memcpy(e, l->e, l->n * sizeof *e);
    qsort(e, l->n, sizeof *e, cmp_entry);
    *n = l->n;
    return e;
}

static void section_save(strbuf *sb, const almen_case *c)
{
    size_t n;
    ref_entry *e = sorted(c->references, &n);
    if (c->references && c->references->n && !e) {
        sb->failed = 1; /* out of memory: the saver reports it */
        return;
    }
    if (!n) return;
    sb_puts(sb, "references:\n");
    rule_ref kind = REF_NONE;
    const char *region = NULL;
    for (size_t i = 0; i < n; i++) {
        if (e[i].kind != kind) {
            kind = e[i].kind;
            region = NULL;
            sb_printf(sb, "  %s:\n", RULE_REF_NAMES[kind]);
        }
        if (e[i].region && e[i].region != region) {
            region = e[i].region;
            sb_puts(sb, "    ");
            yaml_quoted(sb, region);
            sb_puts(sb, ":\n");
        }
        sb_printf(sb, "%s%d: ", e[i].region ? "      " : "    ", e[i].year);
        sb_number(sb, e[i].value);
        sb_putc(sb, '\n');
    }
    free(e);
}

static int section_copy(almen_case *dst, const almen_case *src)
{
    if (!src->references) return ALMEN_OK;
    dst->references = malloc(sizeof *dst->references);
    if (!dst->references) return almen_fail_nomem();
    return ref_list_copy(dst->references, src->references);
}

static void section_free(almen_case *c)
{
    ref_list_free(c->references);
    free(c->references);
    c->references = NULL;
}

const case_section REFERENCES_SECTION = {"references", section_load, section_save, section_copy,
                                         section_free};

/* ---- Public functions ------------------------------------------------------------------ */

almen_status almen_case_set_reference(almen_case *c, const char *name, const char *region,
                                      int year, double value)
{
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    rule_ref kind;
    if (!region && rules_ref_kind(name) == REF_REGIONAL_INCOME) region = c->region;
    TRY(ref_check(name, &region, year, 0, value, &kind));
    if (!c->references && isnan(value)) return ALMEN_OK;
    if (!c->references && !(c->references = calloc(1, sizeof *c->references)))
        return almen_fail_nomem();
    return ref_list_set(c->references, kind, region, year, value);
}

almen_status almen_case_references(const almen_case *c, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    size_t n;
    ref_entry *e = sorted(c->references, &n);
    if (c->references && c->references->n && !e) return almen_fail_nomem();
    almen_table *t = table_new(n);
    int ok = t != NULL;
    int c_ref = ok ? table_add_string(t, "reference") : -1;
    int c_region = ok ? table_add_string(t, "region") : -1;
    int32_t *year = ok ? table_add_int(t, "year") : NULL;
    double *value = ok ? table_add_double(t, "value") : NULL;
    ok = ok && c_ref >= 0 && c_region >= 0 && year && value;
    for (size_t i = 0; i < n && ok; i++) {
        ok = table_set_string(t, (size_t)c_ref, i, RULE_REF_NAMES[e[i].kind]) == ALMEN_OK &&
             (!e[i].region || table_set_string(t, (size_t)c_region, i, e[i].region) == ALMEN_OK);
        year[i] = e[i].year;
        value[i] = e[i].value;
    }
    free(e);
    if (!ok) {
        almen_table_free(t);
        return ALMEN_ENOMEM;
    }
    *out = t;
    return ALMEN_OK;
}
