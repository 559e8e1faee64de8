/* Writing agreements as canonical YAML (the layout of docs/agreements.md), read back by
 * agreement_load.c to the same agreements. */
#include <math.h>
#include <string.h>

#include "agreement_internal.h"
#include "yaml_emit.h"

static void put_date(strbuf *sb, const char *indent, const char *key, agr_day day)
{
    char buf[11];
    if (day == AGR_NO_DAY) return;
    agr_day_format(day, buf);
    sb_printf(sb, "%s%s: %s\n", indent, key, buf);
}

static void put_text(strbuf *sb, const char *indent, const char *key, const char *value)
{
    if (value) yaml_key_text(sb, indent, key, value);
}

static void put_refs(strbuf *sb, const char *indent, const char *key, const agr_refs *r)
{
    sb_printf(sb, "%s%s: [", indent, key);
    for (size_t i = 0; i < r->n; i++) {
        if (i) sb_puts(sb, ", ");
        yaml_quoted(sb, r->v[i].id);
    }
    sb_puts(sb, "]\n");
}

static void put_texts(strbuf *sb, const char *indent, const char *key, char *const *v, size_t n)
{
    sb_printf(sb, "%s%s: [", indent, key);
    for (size_t i = 0; i < n; i++) {
        if (i) sb_puts(sb, ", ");
        yaml_quoted(sb, v[i]);
    }
    sb_puts(sb, "]\n");
}

/* A bit set as a flow list of names. */
static void put_names(strbuf *sb, const char *indent, const char *key, unsigned bits,
                      const char *const *names, int count)
{
    sb_printf(sb, "%s%s: [", indent, key);
    int first = 1;
    for (int i = 0; i < count; i++) {
        if (!(bits & (1u << i))) continue;
        sb_printf(sb, "%s%s", first ? "" : ", ", names[i]);
        first = 0;
    }
    sb_puts(sb, "]\n");
}

static void put_geo(strbuf *sb, const char *indent, const agr_geo *g)
{
    if (g->municipality) {
        sb_printf(sb, "%smunicipality: true\n", indent);
        return;
    }
    /* An unfilled template keeps its empty lists so that it reads back the same. */
    if (g->districts.n || (!g->areas.n && !g->departments.n))
        put_refs(sb, indent, "districts", &g->districts);
    if (g->areas.n) put_refs(sb, indent, "areas", &g->areas);
    if (g->departments.n) put_refs(sb, indent, "departments", &g->departments);
}

static void write_instrument(strbuf *sb, const agr_instrument *in)
{
    static const char *const dw[] = {"family", "youth", "elderly"};
    static const char *const st[] = {"udsat", "parallelsamfund", "omdannelsesomraade",
                                     "forebyggelsesomraade", "none"};
    const char *ind = "        ";
    sb_printf(sb, "      - type: %s\n", AGR_INSTR_NAMES[in->type]);
    switch (in->type) {
    case AGR_INSTR_MUNICIPAL_ALLOCATION:
        if (in->every) sb_printf(sb, "%severy: %d\n", ind, in->every);
        else yaml_key_number(sb, ind, "share_pct", in->share_pct);
        sb_printf(sb, "%sstk2: %s\n", ind, in->stk2 ? "true" : "false");
        put_names(sb, ind, "dwelling_types", in->dwelling_types, dw, 3);
        break;
    case AGR_INSTR_ALLOCATION_BAN:
        sb_printf(sb, "%sstk: %d\n", ind, in->stk);
        put_names(sb, ind, "groups", in->groups, AGR_GROUP_NAMES, AGR_GROUP_COUNT);
        break;
    case AGR_INSTR_COMBINED_LETTING:
    case AGR_INSTR_MANDATORY_REJECTION:
        put_names(sb, ind, "groups", in->groups, AGR_GROUP_NAMES, AGR_GROUP_COUNT);
        break;
    case AGR_INSTR_FLEXIBLE_LETTING:
        put_texts(sb, ind, "criteria", in->criteria, in->n_criteria);
        if (!isnan(in->quota_pct)) yaml_key_number(sb, ind, "quota_pct", in->quota_pct);
        break;
    case AGR_INSTR_TARGET_GROUP_DWELLINGS:
        put_names(sb, ind, "dwelling_types", in->dwelling_types, dw, 3);
        put_text(sb, ind, "target_group", in->target_group);
        if (in->count >= 0) sb_printf(sb, "%scount: %ld\n", ind, (long)in->count);
        put_text(sb, ind, "dispensation", in->dispensation);
        break;
    case AGR_INSTR_FUNDED_INITIATIVE:
        put_text(sb, ind, "name", in->name);
        if (!isnan(in->amount)) yaml_key_number(sb, ind, "amount", in->amount);
        put_text(sb, ind, "funder", in->funder);
        put_date(sb, ind, "start", in->start);
        put_date(sb, ind, "end", in->end);
        break;
    default:
        put_text(sb, ind, "description", in->description);
        break;
    }
    if (in->type >= AGR_INSTR_TARGET_GROUP_DWELLINGS) put_text(sb, ind, "paragraph", in->paragraph);
    if (in->area_status) put_names(sb, ind, "area_status", (unsigned)in->area_status, st, 5);
    if (in->scope.given) {
        sb_printf(sb, "%sapplies_to:\n", ind);
        put_geo(sb, "          ", &in->scope);
    }
    put_text(sb, ind, "note", in->note);
}

static void write_governance(strbuf *sb, const agreement *a)
{
    if (!a->n_roles && !a->n_boards) return;
    sb_puts(sb, "    governance:\n");
    if (a->n_roles) sb_puts(sb, "      roles:\n");
    for (size_t i = 0; i < a->n_roles; i++) {
        yaml_key_text(sb, "        - ", "role", a->roles[i].role);
        yaml_key_text(sb, "          ", "body", a->roles[i].body);
        put_text(sb, "          ", "responsibility", a->roles[i].responsibility);
    }
    if (a->n_boards) sb_puts(sb, "      boards:\n");
    for (size_t i = 0; i < a->n_boards; i++) {
        const agr_board *b = &a->boards[i];
        yaml_key_text(sb, "        - ", "id", b->id);
        yaml_key_text(sb, "          ", "name", b->name);
        put_text(sb, "          ", "parent", b->parent);
        put_text(sb, "          ", "district", b->district.id);
        if (b->per_district) sb_puts(sb, "          per_district: true\n");
        if (b->n_members) put_texts(sb, "          ", "members", b->members, b->n_members);
    }
}

static void write_themes(strbuf *sb, const agreement *a)
{
    int any = a->n_free_themes > 0;
    for (int i = 0; i < AGR_THEME_COUNT; i++) any |= a->themes[i] >= 0;
    if (!any) return;
    sb_puts(sb, "    themes:\n");
    for (int i = 0; i < AGR_THEME_COUNT; i++)
        if (a->themes[i] >= 0)
            sb_printf(sb, "      %s: %s\n", AGR_THEME_NAMES[i], a->themes[i] ? "true" : "false");
    if (a->n_free_themes) sb_puts(sb, "      other:\n");
    for (size_t i = 0; i < a->n_free_themes; i++) {
        sb_puts(sb, "        ");
        yaml_quoted(sb, a->free_themes[i].name);
        sb_printf(sb, ": %s\n", a->free_themes[i].on ? "true" : "false");
    }
}

static void write_agreement(strbuf *sb, const agreement *a)
{
    yaml_key_text(sb, "  - ", "id", a->id);
    yaml_key_text(sb, "    ", "name", a->name);
    put_text(sb, "    ", "model", a->model);
    sb_puts(sb, "    parties:\n");
    if (a->municipality) sb_printf(sb, "      municipality: %d\n", a->municipality);
    put_refs(sb, "      ", "organisations", &a->organisations);
    if (a->n_adoptions) sb_puts(sb, "    adoption:\n");
    for (size_t i = 0; i < a->n_adoptions; i++) {
        yaml_key_text(sb, "      - ", "body", a->adoptions[i].body);
        put_text(sb, "        ", "organisation", a->adoptions[i].organisation.id);
        put_date(sb, "        ", "date", a->adoptions[i].date);
    }
    sb_puts(sb, "    geography:\n");
    put_geo(sb, "      ", &a->geo);
    write_governance(sb, a);
    sb_puts(sb, "    period:\n");
    put_date(sb, "      ", "start", a->start);
    put_date(sb, "      ", "end", a->end);
    if (a->n_reviews) {
        sb_puts(sb, "      reviews: [");
        for (size_t i = 0; i < a->n_reviews; i++) {
            char buf[11];
            agr_day_format(a->reviews[i], buf);
            sb_printf(sb, "%s%s", i ? ", " : "", buf);
        }
        sb_puts(sb, "]\n");
    }
    if (a->ext_60b != AGR_NO_DAY) {
        sb_puts(sb, "    extension_60b:\n");
        put_date(sb, "      ", "decided", a->ext_60b);
        if (a->ext_permission) sb_puts(sb, "      ministerial_permission: true\n");
    }
    write_themes(sb, a);
    if (a->n_instr) sb_puts(sb, "    instruments:\n");
    for (size_t i = 0; i < a->n_instr; i++) write_instrument(sb, &a->instr[i]);
}

void agr_write_yaml(strbuf *sb, const agreement *a, size_t n)
{
    if (!n) {
        sb_puts(sb, "agreements: []\n");
        return;
    }
    sb_puts(sb, "agreements:\n");
    for (size_t i = 0; i < n; i++) write_agreement(sb, &a[i]);
}
