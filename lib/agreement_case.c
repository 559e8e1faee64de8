/* Agreements and the case: checking references, the `agreements` section of case files,
 * and the public functions that load, add, remove and write agreements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "error_internal.h"
#include "yamlx.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

static const agr_list EMPTY_LIST;

const agr_list *agr_case_list(const almen_case *c)
{
    return c->agreements ? c->agreements : &EMPTY_LIST;
}

/* ---- Checking against a case ----------------------------------------------------------- */

static int ref_fail(const agr_list *l, const agr_ref *r, const char *fmt, const char *id)
{
    return almen_fail_at(ALMEN_EINPUT, l->source, r->line, r->column, r->path, fmt, id);
}

static int check_refs(const agr_list *l, const agr_refs *r, const almen_case *c,
                      size_t (*find)(const almen_case *, const char *), const char *what)
{
    char fmt[80];
    snprintf(fmt, sizeof fmt, "no %s '%%s' in the case", what);
    for (size_t i = 0; i < r->n; i++)
        if (find(c, r->v[i].id) == NO_INDEX) return ref_fail(l, &r->v[i], fmt, r->v[i].id);
    return ALMEN_OK;
}

/* Organisations are looked up through a map: a national case has ~550 of them, and an
 * agreement with all of them as parties would make a scan quadratic. */
static int check_orgs(const agr_list *l, const agr_refs *r, const strmap *orgs)
{
    size_t k;
    for (size_t i = 0; i < r->n; i++)
        if (!strmap_get(orgs, r->v[i].id, &k))
            return ref_fail(l, &r->v[i], "no organisation '%s' in the case", r->v[i].id);
    return ALMEN_OK;
}

static int check_geo(const agr_list *l, const agr_geo *g, const almen_case *c)
{
    TRY(check_refs(l, &g->districts, c, case_find_district, "district"));
    TRY(check_refs(l, &g->areas, c, case_find_area, "area"));
    return check_refs(l, &g->departments, c, case_find_department, "department");
}

static int geo_empty(const agr_geo *g)
{
    return !g->municipality && !g->districts.n && !g->areas.n && !g->departments.n;
}

static int check_instrument(const agr_list *l, const agreement *a, const agr_instrument *in,
                            const almen_case *c)
{
    char path[YAMLX_PATH_MAX];
    if (!in->scope.given) return ALMEN_OK;
    y_path_key(path, in->path, "applies_to");
    if (geo_empty(&in->scope))
        return almen_fail_at(ALMEN_EINPUT, l->source, in->line, in->column, path,
                             "applies_to names no districts, areas or departments");
    TRY(check_geo(l, &in->scope, c));
    unsigned char *scope = malloc(2 * c->n_departments + 1), *geo = scope + c->n_departments;
    if (!scope) return almen_fail_nomem();
    int rc = agr_geo_map(c, &in->scope, scope);
    if (!rc) rc = agr_geo_map(c, &a->geo, geo);
    for (size_t di = 0; di < c->n_departments && !rc; di++)
        if (scope[di] && !geo[di])
            rc = almen_fail_at(ALMEN_EINPUT, l->source, in->line, in->column, path,
                               "department '%s' is outside the agreement's geography",
                               c->departments[di].id);
    free(scope);
    return rc;
}

static int is_party(const agreement *a, const char *org)
{
    for (size_t i = 0; i < a->organisations.n; i++)
        if (!strcmp(a->organisations.v[i].id, org)) return 1;
    return 0;
}

static int check_agreement(const agr_list *l, const agreement *a, const almen_case *c,
                           const strmap *orgs)
{
    char path[YAMLX_PATH_MAX];
    if (a->municipality && a->municipality != c->code) {
        y_path_key(path, a->path, "parties.municipality");
        return almen_fail_at(ALMEN_EINPUT, l->source, a->municipality_line,
                             a->municipality_column, path,
                             "municipality %d is not the case's (%d)", a->municipality, c->code);
    }
    if (!a->organisations.n) {
        y_path_key(path, a->path, "parties.organisations");
        return almen_fail_at(ALMEN_EINPUT, l->source, a->line, a->column, path,
                             "an agreement needs at least one organisation (fill in the "
                             "template)");
    }
    TRY(check_orgs(l, &a->organisations, orgs));
    for (size_t i = 0; i < a->n_adoptions; i++) {
        const agr_ref *r = &a->adoptions[i].organisation;
        if (!r->id) continue;
        size_t k;
        if (!strmap_get(orgs, r->id, &k))
            return ref_fail(l, r, "no organisation '%s' in the case", r->id);
        if (!is_party(a, r->id))
            return ref_fail(l, r, "organisation '%s' is not a party to the agreement", r->id);
    }
    if (geo_empty(&a->geo)) {
        y_path_key(path, a->path, "geography");
        return almen_fail_at(ALMEN_EINPUT, l->source, a->line, a->column, path,
                             "the geography names no districts, areas or departments (fill in "
                             "the template)");
    }
    TRY(check_geo(l, &a->geo, c));
    for (size_t i = 0; i < a->n_boards; i++) {
        const agr_ref *r = &a->boards[i].district;
        if (r->id && case_find_district(c, r->id) == NO_INDEX)
            return ref_fail(l, r, "no district '%s' in the case", r->id);
    }
    for (size_t i = 0; i < a->n_instr; i++) TRY(check_instrument(l, a, &a->instr[i], c));
    const agr_list *have = agr_case_list(c);
    for (size_t i = 0; i < have->n; i++)
        if (!strcmp(have->a[i].id, a->id)) {
            y_path_key(path, a->path, "id");
            return almen_fail_at(ALMEN_EINPUT, l->source, a->line, a->column, path,
                                 "the case already has an agreement '%s'", a->id);
        }
    return ALMEN_OK;
}

int agr_check_against_case(const agr_list *l, const almen_case *c)
{
    strmap orgs;
    strmap_init(&orgs);
    int rc = ALMEN_OK;
    for (size_t o = 0; o < c->n_organisations && !rc; o++)
        if (strmap_put(&orgs, c->organisations[o].id, o) < 0) rc = almen_fail_nomem();
    for (size_t i = 0; i < l->n && !rc; i++) rc = check_agreement(l, &l->a[i], c, &orgs);
    strmap_free(&orgs);
    return rc;
}

int agr_list_append(almen_case *c, agr_list *l)
{
    if (!c->agreements) {
        c->agreements = calloc(1, sizeof *c->agreements);
        if (!c->agreements) return almen_fail_nomem();
    }
    agr_list *dst = c->agreements;
    agreement *a = agr_pool_alloc(&dst->pool, (dst->n + l->n + 1) * sizeof *a);
    if (!a) return ALMEN_ENOMEM;
    if (dst->n) memcpy(a, dst->a, dst->n * sizeof *a);
    if (l->n) memcpy(a + dst->n, l->a, l->n * sizeof *a);
    if (agr_pool_merge(&dst->pool, &l->pool)) return ALMEN_ENOMEM;
    dst->a = a;
    dst->n += l->n;
    l->a = NULL;
    l->n = 0;
    return ALMEN_OK;
}

/* ---- The case-file section ------------------------------------------------------------- */

static int section_load(ydoc *d, yaml_node_t *node, almen_case *c)
{
    agr_list l;
    memset(&l, 0, sizeof l);
    int rc = agr_parse_list(d, node, "agreements", &l);
    if (!rc) rc = agr_check_against_case(&l, c);
    if (!rc) rc = agr_list_append(c, &l);
    agr_list_free(&l);
    return rc;
}

static void section_save(strbuf *sb, const almen_case *c)
{
    const agr_list *l = agr_case_list(c);
    if (l->n) agr_write_yaml(sb, l->a, l->n);
}

/* A deep copy through the canonical text: the writer and the reader are tested to round-trip,
 * and one code path is easier to keep right than a field-by-field copy. */
static int copy_list(const agr_list *src, agr_list *dst)
{
    strbuf sb;
    sb_init(&sb);
    agr_write_yaml(&sb, src->a, src->n);
    char *text;
    TRY(sb_finish(&sb, &text));
    int rc = agr_parse_text(text, strlen(text), "<copy>", dst);
    free(text);
    return rc;
}

static int section_copy(almen_case *dst, const almen_case *src)
{
    if (!src->agreements || !src->agreements->n) return ALMEN_OK;
    agr_list l;
    TRY(copy_list(src->agreements, &l));
    int rc = agr_list_append(dst, &l);
    agr_list_free(&l);
    return rc;
}

static void section_free(almen_case *c)
{
    if (!c->agreements) return;
    agr_list_free(c->agreements);
    free(c->agreements);
    c->agreements = NULL;
}

const case_section AGREEMENTS_SECTION = {"agreements", section_load, section_save, section_copy,
                                         section_free};

/* ---- Standalone agreements ------------------------------------------------------------- */

static almen_status load_text(const char *text, size_t len, const char *source,
                              almen_agreements **out)
{
    almen_agreements *a = calloc(1, sizeof *a);
    if (!a) return almen_fail_nomem();
    a->text = malloc(len + 1);
    if (!a->text) {
        free(a);
        return almen_fail_nomem();
    }
    memcpy(a->text, text, len);
    a->text[len] = '\0';
    a->len = len;
    int rc = agr_parse_text(text, len, source, &a->list);
    if (rc) {
        free(a->text);
        free(a);
        return rc;
    }
    *out = a;
    return ALMEN_OK;
}

almen_status almen_agreements_load_string(const char *yaml, const char *source_name,
                                          almen_agreements **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!yaml) return almen_fail(ALMEN_EINVAL, "yaml text is required");
    return load_text(yaml, strlen(yaml), source_name ? source_name : "<string>", out);
}

almen_status almen_agreements_load_file(const char *path, almen_agreements **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    char *text;
    size_t len;
    TRY(ydoc_read_file(path, &text, &len));
    int rc = load_text(text, len, path, out);
    free(text);
    return rc;
}

void almen_agreements_free(almen_agreements *a)
{
    if (!a) return;
    agr_list_free(&a->list);
    free(a->text);
    free(a);
}

size_t almen_agreements_count(const almen_agreements *a) { return a ? a->list.n : 0; }

static almen_status list_yaml(const agr_list *l, char **out)
{
    strbuf sb;
    sb_init(&sb);
    agr_write_yaml(&sb, l->a, l->n);
    return sb_finish(&sb, out);
}

almen_status almen_agreements_to_yaml(const almen_agreements *a, char **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!a) return almen_fail(ALMEN_EINVAL, "agreements are required");
    return list_yaml(&a->list, out);
}

/* ---- Agreements in a case -------------------------------------------------------------- */

almen_status almen_case_add_agreements(almen_case *c, const almen_agreements *a)
{
    if (!c || !a) return almen_fail(ALMEN_EINVAL, "a case and agreements are required");
    /* Parsed again from the text it was read from: a private copy with the positions of
     * the original, so errors found against the case point into the caller's file. */
    agr_list l;
    TRY(agr_parse_text(a->text, a->len, a->list.source, &l));
    int rc = agr_check_against_case(&l, c);
    if (!rc) rc = agr_list_append(c, &l);
    agr_list_free(&l);
    return rc;
}

almen_status almen_case_remove_agreement(almen_case *c, const char *id)
{
    if (!c || !id) return almen_fail(ALMEN_EINVAL, "a case and an agreement id are required");
    agr_list *l = c->agreements;
    for (size_t i = 0; l && i < l->n; i++) {
        if (strcmp(l->a[i].id, id) != 0) continue;
        memmove(&l->a[i], &l->a[i + 1], (l->n - i - 1) * sizeof *l->a);
        l->n--;
        return ALMEN_OK;
    }
    return almen_fail(ALMEN_ENOTFOUND, "no agreement '%s' in the case", id);
}

size_t almen_case_agreement_count(const almen_case *c) { return c ? agr_case_list(c)->n : 0; }

almen_status almen_case_agreements_yaml(const almen_case *c, char **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    return list_yaml(agr_case_list(c), out);
}
