/* The agreements as tables: a summary per agreement, instruments, themes, governance. */
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "error_internal.h"

static void put_day(agr_rowset *rs, size_t r, size_t col, agr_day day)
{
    char buf[11];
    if (day == AGR_NO_DAY) return;
    agr_day_format(day, buf);
    agr_rs_str(rs, r, col, buf);
}

/* Sets a string cell from a strbuf that was filled for it, and empties the buffer. */
static void put_sb(agr_rowset *rs, size_t r, size_t col, strbuf *sb)
{
    if (sb->failed) rs->failed = 1;
    else if (sb->len) agr_rs_str(rs, r, col, sb->data);
    sb->len = 0;
    if (sb->data) sb->data[0] = '\0';
}

static agr_day council_adoption(const agreement *a)
{
    agr_day first = AGR_NO_DAY;
    for (size_t i = 0; i < a->n_adoptions; i++)
        if (!strcmp(a->adoptions[i].body, "municipal_council") &&
            (first == AGR_NO_DAY || a->adoptions[i].date < first))
            first = a->adoptions[i].date;
    return first;
}

static int summary(const agr_list *l, almen_table **out)
{
    static const agr_rs_col cols[] = {
        {"id", ALMEN_COL_STRING},          {"name", ALMEN_COL_STRING},
        {"model", ALMEN_COL_STRING},       {"organisations", ALMEN_COL_STRING},
        {"geography", ALMEN_COL_STRING},   {"start", ALMEN_COL_STRING},
        {"end", ALMEN_COL_STRING},         {"reviews", ALMEN_COL_STRING},
        {"council_adopted", ALMEN_COL_STRING}, {"themes_on", ALMEN_COL_STRING},
        {"instruments", ALMEN_COL_INT},    {"extension_60b", ALMEN_COL_STRING}};
    agr_rowset rs;
    strbuf sb;
    agr_rs_init(&rs, cols, sizeof cols / sizeof cols[0]);
    sb_init(&sb);
    for (size_t i = 0; i < l->n; i++) {
        const agreement *a = &l->a[i];
        size_t r = agr_rs_add(&rs);
        agr_rs_str(&rs, r, 0, a->id);
        agr_rs_str(&rs, r, 1, a->name);
        agr_rs_str(&rs, r, 2, a->model);
        for (size_t k = 0; k < a->organisations.n; k++)
            sb_printf(&sb, "%s%s", k ? "," : "", a->organisations.v[k].id);
        put_sb(&rs, r, 3, &sb);
        agr_geo_text(&a->geo, &sb);
        put_sb(&rs, r, 4, &sb);
        put_day(&rs, r, 5, a->start);
        put_day(&rs, r, 6, a->end);
        for (size_t k = 0; k < a->n_reviews; k++) {
            char buf[11];
            agr_day_format(a->reviews[k], buf);
            sb_printf(&sb, "%s%s", k ? "," : "", buf);
        }
        put_sb(&rs, r, 7, &sb);
        put_day(&rs, r, 8, council_adoption(a));
        for (int k = 0; k < AGR_THEME_COUNT; k++)
            if (a->themes[k] == 1) sb_printf(&sb, "%s%s", sb.len ? "," : "", AGR_THEME_NAMES[k]);
        for (size_t k = 0; k < a->n_free_themes; k++)
            if (a->free_themes[k].on)
                sb_printf(&sb, "%s%s", sb.len ? "," : "", a->free_themes[k].name);
        put_sb(&rs, r, 9, &sb);
        agr_rs_int(&rs, r, 10, (int32_t)a->n_instr);
        put_day(&rs, r, 11, a->ext_60b);
    }
    sb_free(&sb);
    return agr_rs_table(&rs, out);
}

almen_status almen_agreements_table(const almen_agreements *a, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!a) return almen_fail(ALMEN_EINVAL, "agreements are required");
    return summary(&a->list, out);
}

almen_status almen_case_agreements(const almen_case *c, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    return summary(agr_case_list(c), out);
}

static void area_status_text(int cond, strbuf *sb)
{
    static const char *const names[] = {"udsat", "parallelsamfund", "omdannelsesomraade",
                                        "forebyggelsesomraade", "none"};
    for (int k = 0; k < 5; k++)
        if (cond & (1 << k)) sb_printf(sb, "%s%s", sb->len ? "," : "", names[k]);
}

almen_status almen_case_agreement_instruments(const almen_case *c, almen_table **out)
{
    static const agr_rs_col cols[] = {
        {"agreement", ALMEN_COL_STRING}, {"index", ALMEN_COL_INT},
        {"instrument", ALMEN_COL_STRING}, {"paragraph", ALMEN_COL_STRING},
        {"share_pct", ALMEN_COL_DOUBLE}, {"quota_pct", ALMEN_COL_DOUBLE},
        {"groups", ALMEN_COL_STRING},    {"criteria", ALMEN_COL_STRING},
        {"dwelling_types", ALMEN_COL_STRING}, {"area_status", ALMEN_COL_STRING},
        {"applies_to", ALMEN_COL_STRING}, {"parameters", ALMEN_COL_STRING},
        {"note", ALMEN_COL_STRING}};
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    const agr_list *l = agr_case_list(c);
    agr_rowset rs;
    strbuf sb;
    agr_rs_init(&rs, cols, sizeof cols / sizeof cols[0]);
    sb_init(&sb);
    for (size_t i = 0; i < l->n; i++) {
        for (size_t k = 0; k < l->a[i].n_instr; k++) {
            const agr_instrument *in = &l->a[i].instr[k];
            size_t r = agr_rs_add(&rs);
            agr_rs_str(&rs, r, 0, l->a[i].id);
            agr_rs_int(&rs, r, 1, (int32_t)k);
            agr_rs_str(&rs, r, 2, AGR_INSTR_NAMES[in->type]);
            agr_rs_str(&rs, r, 3, agr_instr_paragraph(in));
            if (in->type == AGR_INSTR_MUNICIPAL_ALLOCATION) agr_rs_dbl(&rs, r, 4, in->share_pct);
            agr_rs_dbl(&rs, r, 5, in->quota_pct);
            agr_groups_text(in->groups, &sb);
            put_sb(&rs, r, 6, &sb);
            for (size_t q = 0; q < in->n_criteria; q++)
                sb_printf(&sb, "%s%s", q ? "," : "", in->criteria[q]);
            put_sb(&rs, r, 7, &sb);
            agr_dwelling_types_text(in->dwelling_types, &sb);
            put_sb(&rs, r, 8, &sb);
            area_status_text(in->area_status, &sb);
            put_sb(&rs, r, 9, &sb);
            if (in->scope.given) agr_geo_text(&in->scope, &sb);
            put_sb(&rs, r, 10, &sb);
            agr_instr_parameters(in, &sb);
            put_sb(&rs, r, 11, &sb);
            agr_rs_str(&rs, r, 12, in->note);
        }
    }
    sb_free(&sb);
    return agr_rs_table(&rs, out);
}

almen_status almen_case_agreement_themes(const almen_case *c, almen_table **out)
{
    static const agr_rs_col cols[] = {
        {"agreement", ALMEN_COL_STRING}, {"theme", ALMEN_COL_STRING}, {"on", ALMEN_COL_BOOL}};
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    const agr_list *l = agr_case_list(c);
    agr_rowset rs;
    agr_rs_init(&rs, cols, 3);
    for (size_t i = 0; i < l->n; i++) {
        const agreement *a = &l->a[i];
        for (int k = 0; k < AGR_THEME_COUNT; k++) {
            size_t r = agr_rs_add(&rs);
            agr_rs_str(&rs, r, 0, a->id);
            agr_rs_str(&rs, r, 1, AGR_THEME_NAMES[k]);
            if (a->themes[k] >= 0) agr_rs_int(&rs, r, 2, a->themes[k]);
        }
        for (size_t k = 0; k < a->n_free_themes; k++) {
            size_t r = agr_rs_add(&rs);
            agr_rs_str(&rs, r, 0, a->id);
            agr_rs_str(&rs, r, 1, a->free_themes[k].name);
            agr_rs_int(&rs, r, 2, a->free_themes[k].on);
        }
    }
    return agr_rs_table(&rs, out);
}

/* The districts a geography reaches: marks[k] for district k. */
static void geo_districts(const almen_case *c, const agr_geo *g, char *marks)
{
    for (size_t k = 0; k < c->n_districts; k++)
        marks[k] = (char)(g->municipality != 0);
    for (size_t k = 0; k < g->districts.n; k++) {
        size_t di = case_find_district(c, g->districts.v[k].id);
        if (di != NO_INDEX) marks[di] = 1;
    }
    for (size_t i = 0; i < c->n_departments; i++)
        if (c->departments[i].district != NO_INDEX && agr_geo_covers(c, g, i))
            marks[c->departments[i].district] = 1;
}

static void board_row(agr_rowset *rs, strbuf *sb, const agreement *a, const agr_board *b,
                      const char *id, const char *name, const char *district)
{
    size_t r = agr_rs_add(rs);
    agr_rs_str(rs, r, 0, a->id);
    agr_rs_str(rs, r, 1, "board");
    agr_rs_str(rs, r, 2, id);
    agr_rs_str(rs, r, 3, name);
    agr_rs_str(rs, r, 5, b->parent);
    agr_rs_str(rs, r, 6, district);
    for (size_t m = 0; m < b->n_members; m++) sb_printf(sb, "%s%s", m ? "," : "", b->members[m]);
    put_sb(rs, r, 7, sb);
}

almen_status almen_case_agreement_governance(const almen_case *c, almen_table **out)
{
    static const agr_rs_col cols[] = {
        {"agreement", ALMEN_COL_STRING}, {"kind", ALMEN_COL_STRING},
        {"id", ALMEN_COL_STRING},        {"name", ALMEN_COL_STRING},
        {"role", ALMEN_COL_STRING},      {"parent", ALMEN_COL_STRING},
        {"district", ALMEN_COL_STRING},  {"members", ALMEN_COL_STRING}};
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    const agr_list *l = agr_case_list(c);
    char *marks = calloc(c->n_districts + 1, 1);
    if (!marks) return almen_fail_nomem();
    agr_rowset rs;
    strbuf sb;
    agr_rs_init(&rs, cols, sizeof cols / sizeof cols[0]);
    sb_init(&sb);
    for (size_t i = 0; i < l->n; i++) {
        const agreement *a = &l->a[i];
        for (size_t k = 0; k < a->n_roles; k++) {
            size_t r = agr_rs_add(&rs);
            agr_rs_str(&rs, r, 0, a->id);
            agr_rs_str(&rs, r, 1, "role");
            agr_rs_str(&rs, r, 3, a->roles[k].body);
            agr_rs_str(&rs, r, 4, a->roles[k].role);
            agr_rs_str(&rs, r, 7, a->roles[k].responsibility);
        }
        for (size_t k = 0; k < a->n_boards; k++) {
            const agr_board *b = &a->boards[k];
            if (!b->per_district) {
                board_row(&rs, &sb, a, b, b->id, b->name, b->district.id);
                continue;
            }
            /* One board per district the agreement reaches (seed 004: a board per bydel). */
            geo_districts(c, &a->geo, marks);
            for (size_t di = 0; di < c->n_districts; di++) {
                if (!marks[di]) continue;
                strbuf id, name;
                sb_init(&id);
                sb_init(&name);
                sb_printf(&id, "%s-%s", b->id, c->districts[di].id);
                sb_printf(&name, "%s %s", b->name, c->districts[di].name);
                if (id.failed || name.failed) rs.failed = 1;
                else board_row(&rs, &sb, a, b, id.data, name.data, c->districts[di].id);
                sb_free(&id);
                sb_free(&name);
            }
        }
    }
    sb_free(&sb);
    free(marks);
    return agr_rs_table(&rs, out);
}
