/* The compiled-in agreement templates (data/templates/NAME.yaml) and filling one into a case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "error_internal.h"
#include "table_internal.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

extern const char almen_template_hele_byen_text[];
extern const char almen_template_lille_bydel_text[];
extern const char almen_template_bydel_for_bydel_text[];
extern const char almen_template_naalestik_text[];
extern const char almen_template_strategisk_anvisning_text[];

typedef enum { FILL_MUNICIPALITY, FILL_DISTRICTS, FILL_AREAS, FILL_DEPARTMENTS } fill_level;

static const char *const FILL_NAMES[] = {"municipality", "districts", "areas", "departments"};

typedef struct {
    const char *name, *model, *title;
    fill_level fill;
    const char *description;
    const char *text;
} template_def;

static const template_def TEMPLATES[] = {
    {"hele-byen", "hele-byen", "Hele byen - fremtidssikring fra syd til nord", FILL_MUNICIPALITY,
     "The whole municipality, district after district (Vejle: \"Hele Vejle - fra syd til "
     "nord\"); long period, political direction, cross-administration steering group.",
     almen_template_hele_byen_text},
    {"lille-bydel", "lille-bydel", "Bydelspartnerskab - indefra og udefra", FILL_DISTRICTS,
     "One district, inside-out and outside-in (Herning: \"Lille Herning\"); a partnership board "
     "for the district, renewal, social plan, employment and education.",
     almen_template_lille_bydel_text},
    {"bydel-for-bydel", "bydel-for-bydel", "Boligsocialt samarbejde bydel for bydel",
     FILL_DISTRICTS,
     "District by district (København): one board and a board per district coordinating the "
     "comprehensive social plans funded by Landsbyggefonden.",
     almen_template_bydel_for_bydel_text},
    {"naalestik", "naalestik", "Målrettet fremtidssikring af udvalgte afdelinger",
     FILL_DEPARTMENTS,
     "Targeted pinpricks in named departments (Herlev: \"Nålestik\"); short period, concrete "
     "projects.",
     almen_template_naalestik_text},
    {"strategisk-anvisning", "strategisk-anvisning", "Strategisk anvisnings- og udlejningsaftale",
     FILL_MUNICIPALITY,
     "Strategic allocation and letting agreement (BL): municipal allocation (§59), flexible "
     "letting (§60) by area status, youth dwellings for young homeless people; topics switched "
     "on or off.",
     almen_template_strategisk_anvisning_text},
};
enum { N_TEMPLATES = sizeof TEMPLATES / sizeof TEMPLATES[0] };

static const template_def *find_template(const char *name)
{
    for (size_t i = 0; name && i < N_TEMPLATES; i++)
        if (!strcmp(TEMPLATES[i].name, name)) return &TEMPLATES[i];
    almen_fail(ALMEN_ENOTFOUND,
               "no agreement template '%s' (hele-byen, lille-bydel, bydel-for-bydel, naalestik, "
               "strategisk-anvisning)",
               name ? name : "(null)");
    return NULL;
}

almen_status almen_agreement_templates(almen_table **out)
{
    static const agr_rs_col cols[] = {{"name", ALMEN_COL_STRING},  {"model", ALMEN_COL_STRING},
                                      {"title", ALMEN_COL_STRING}, {"fill", ALMEN_COL_STRING},
                                      {"description", ALMEN_COL_STRING}};
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    agr_rowset rs;
    agr_rs_init(&rs, cols, 5);
    for (size_t i = 0; i < N_TEMPLATES; i++) {
        size_t r = agr_rs_add(&rs);
        agr_rs_str(&rs, r, 0, TEMPLATES[i].name);
        agr_rs_str(&rs, r, 1, TEMPLATES[i].model);
        agr_rs_str(&rs, r, 2, TEMPLATES[i].title);
        agr_rs_str(&rs, r, 3, FILL_NAMES[TEMPLATES[i].fill]);
        agr_rs_str(&rs, r, 4, TEMPLATES[i].description);
    }
    return agr_rs_table(&rs, out);
}

static char *template_source(const template_def *t, char *buf, size_t cap)
{
    snprintf(buf, cap, "<template %s>", t->name);
    return buf;
}

almen_status almen_agreement_template(const char *name, almen_agreements **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    const template_def *t = find_template(name);
    if (!t) return ALMEN_ENOTFOUND;
    char src[64];
    return almen_agreements_load_string(t->text, template_source(t, src, sizeof src), out);
}

almen_status almen_agreement_template_yaml(const char *name, char **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    const template_def *t = find_template(name);
    if (!t) return ALMEN_ENOTFOUND;
    *out = strdup(t->text);
    return *out ? ALMEN_OK : almen_fail_nomem();
}

/* ---- Filling a template into a case ---------------------------------------------------- */

/* Moves every date of the agreement by the whole months and days from its start to start
 * (month arithmetic clamps to the month's end, so 2025-01-01..2028-12-31 moved to
 * 2026-03-15 becomes 2026-03-15..2030-03-14: the same length). */
static void move_dates(agreement *a, agr_day start)
{
    int ys, ms, ds, yt, mt, dt;
    agr_day_to_ymd(start, &ys, &ms, &ds);
    agr_day_to_ymd(a->start, &yt, &mt, &dt);
    int months = (ys * 12 + ms) - (yt * 12 + mt), days = ds - dt;
#define MOVE(x)                                                                          \
    do {                                                                                 \
        if ((x) != AGR_NO_DAY) (x) = agr_day_add_months((x), months) + days;             \
    } while (0)
    MOVE(a->start);
    MOVE(a->end);
    MOVE(a->ext_60b);
    for (size_t i = 0; i < a->n_reviews; i++) MOVE(a->reviews[i]);
    for (size_t i = 0; i < a->n_adoptions; i++) MOVE(a->adoptions[i].date);
    for (size_t i = 0; i < a->n_instr; i++) {
        MOVE(a->instr[i].start);
        MOVE(a->instr[i].end);
    }
#undef MOVE
}

/* targets "a, b,c" (or NULL: every unit of the level) as references. */
static int fill_refs(agr_list *l, const almen_case *c, fill_level level, const char *targets,
                     agr_refs *out)
{
    size_t (*find)(const almen_case *, const char *) =
        level == FILL_DISTRICTS ? case_find_district
        : level == FILL_AREAS   ? case_find_area
                                : case_find_department;
    size_t cap = level == FILL_DISTRICTS ? c->n_districts
                 : level == FILL_AREAS   ? c->n_areas
                                         : c->n_departments;
    if (targets) cap = strlen(targets) / 2 + 1;
    out->n = 0;
    out->v = agr_pool_alloc(&l->pool, (cap + 1) * sizeof *out->v);
    if (!out->v) return ALMEN_ENOMEM;
    if (!targets) {
        for (size_t i = 0; i < cap; i++) {
            const char *id = level == FILL_DISTRICTS ? c->districts[i].id : c->areas[i].id;
            out->v[out->n].id = agr_pool_strdup(&l->pool, id);
            out->v[out->n].path = "targets";
            if (!out->v[out->n++].id) return ALMEN_ENOMEM;
        }
        return ALMEN_OK;
    }
    const char *p = targets;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        const char *end = e;
        while (end > p && end[-1] == ' ') end--;
        if (end > p) {
            char *id = agr_pool_alloc(&l->pool, (size_t)(end - p) + 1);
            if (!id) return ALMEN_ENOMEM;
            memcpy(id, p, (size_t)(end - p));
            if (find(c, id) == NO_INDEX)
                return almen_fail(ALMEN_EINVAL, "targets: no %.*s '%s' in the case",
                                  (int)strlen(FILL_NAMES[level]) - 1, FILL_NAMES[level], id);
            for (size_t k = 0; k < out->n; k++)
                if (!strcmp(out->v[k].id, id))
                    return almen_fail(ALMEN_EINVAL, "targets: '%s' is named twice", id);
            out->v[out->n].id = id;
            out->v[out->n++].path = "targets";
        }
        p = e;
    }
    if (!out->n) return almen_fail(ALMEN_EINVAL, "targets names no %s", FILL_NAMES[level]);
    return ALMEN_OK;
}

/* The organisations owning departments the geography covers, in the case's order. */
static int fill_parties(agr_list *l, const almen_case *c, agreement *a)
{
    a->organisations.n = 0;
    a->organisations.v = agr_pool_alloc(&l->pool, (c->n_organisations + 1) * sizeof(agr_ref));
    unsigned char *covered = agr_pool_alloc(&l->pool, c->n_departments + 1);
    unsigned char *owns = agr_pool_alloc(&l->pool, c->n_organisations + 1);
    if (!a->organisations.v || !covered || !owns) return ALMEN_ENOMEM;
    TRY(agr_geo_map(c, &a->geo, covered));
    for (size_t i = 0; i < c->n_departments; i++)
        if (covered[i]) owns[c->departments[i].organisation] = 1;
    for (size_t o = 0; o < c->n_organisations; o++) {
        if (!owns[o]) continue;
        agr_ref *r = &a->organisations.v[a->organisations.n++];
        r->id = agr_pool_strdup(&l->pool, c->organisations[o].id);
        r->path = "parties.organisations";
        if (!r->id) return ALMEN_ENOMEM;
    }
    if (!a->organisations.n)
        return almen_fail(ALMEN_EINVAL, "the template's geography covers no departments");
    return ALMEN_OK;
}

static int fill_template(agr_list *l, const almen_case *c, const template_def *t, const char *id,
                         const char *start, const char *targets)
{
    agreement *a = &l->a[0];
    if (id) {
        if (!*id) return almen_fail(ALMEN_EINVAL, "the id must not be empty");
        a->id = agr_pool_strdup(&l->pool, id);
        if (!a->id) return ALMEN_ENOMEM;
    }
    if (start) {
        agr_day s;
        TRY(agr_day_argument(start, "start", &s));
        move_dates(a, s);
    }
    if (t->fill == FILL_MUNICIPALITY) {
        if (targets)
            return almen_fail(ALMEN_EINVAL,
                              "template '%s' covers the whole municipality: give no targets",
                              t->name);
    } else {
        if (t->fill == FILL_DEPARTMENTS && !targets)
            return almen_fail(ALMEN_EINVAL, "template '%s' needs the departments as targets",
                              t->name);
        agr_refs *dst = t->fill == FILL_DISTRICTS ? &a->geo.districts
                        : t->fill == FILL_AREAS   ? &a->geo.areas
                                                  : &a->geo.departments;
        TRY(fill_refs(l, c, t->fill, targets, dst));
    }
    if (!a->organisations.n) TRY(fill_parties(l, c, a));
    return ALMEN_OK;
}

almen_status almen_case_add_template(almen_case *c, const char *name, const char *id,
                                     const char *start, const char *targets)
{
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    const template_def *t = find_template(name);
    if (!t) return ALMEN_ENOTFOUND;
    char src[64];
    agr_list l;
    TRY(agr_parse_text(t->text, strlen(t->text), template_source(t, src, sizeof src), &l));
    int rc = fill_template(&l, c, t, id, start, targets);
    if (!rc) rc = agr_check_against_case(&l, c);
    if (!rc) rc = agr_list_append(c, &l);
    agr_list_free(&l);
    return rc;
}
