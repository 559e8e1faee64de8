/* The effective letting policy of departments on a date: the instruments of the agreements
 * in force plus those the law adds by the area's status. */
#include <math.h>
#include <string.h>

#include "agreement_analysis.h"
#include "error_internal.h"

enum {
    C_DEPARTMENT, C_AREA, C_DISTRICT, C_DATE, C_LIST_YEAR, C_AREA_STATUS, C_SOURCE, C_PARAGRAPH,
    C_INSTRUMENT, C_SHARE, C_QUOTA, C_GROUPS, C_CRITERIA, C_DWELLING_TYPES, C_PARAMETERS, C_NOTE,
    N_COLS
};

static const agr_rs_col COLS[N_COLS] = {
    {"department", ALMEN_COL_STRING}, {"area", ALMEN_COL_STRING},
    {"district", ALMEN_COL_STRING},   {"date", ALMEN_COL_STRING},
    {"list_year", ALMEN_COL_INT},     {"area_status", ALMEN_COL_STRING},
    {"source", ALMEN_COL_STRING},     {"paragraph", ALMEN_COL_STRING},
    {"instrument", ALMEN_COL_STRING}, {"share_pct", ALMEN_COL_DOUBLE},
    {"quota_pct", ALMEN_COL_DOUBLE},  {"groups", ALMEN_COL_STRING},
    {"criteria", ALMEN_COL_STRING},   {"dwelling_types", ALMEN_COL_STRING},
    {"parameters", ALMEN_COL_STRING}, {"note", ALMEN_COL_STRING}};

/* Sets a cell from sb and empties it. */
static void cell(agr_rowset *rs, size_t r, size_t col, strbuf *sb)
{
    if (sb->failed) rs->failed = 1;
    else if (sb->len) agr_rs_str(rs, r, col, sb->data);
    sb->len = 0;
}

/* A row with the department's columns filled. */
static size_t dept_row(agr_rowset *rs, const agr_ctx *x, size_t di, const char *day)
{
    const almen_case *c = x->c;
    const department *d = &c->departments[di];
    char buf[96];
    size_t r = agr_rs_add(rs);
    agr_rs_str(rs, r, C_DEPARTMENT, d->id);
    if (d->area != NO_INDEX) agr_rs_str(rs, r, C_AREA, c->areas[d->area].id);
    if (d->district != NO_INDEX) agr_rs_str(rs, r, C_DISTRICT, c->districts[d->district].id);
    agr_rs_str(rs, r, C_DATE, day);
    agr_rs_int(rs, r, C_LIST_YEAR, x->list_year);
    agr_rs_str(rs, r, C_AREA_STATUS, agr_dept_status_text(x, di, buf, sizeof buf));
    return r;
}

static void agreement_rows(agr_rowset *rs, strbuf *sb, const agr_ctx *x, size_t di,
                           const char *day, size_t *count)
{
    for (size_t ai = 0; ai < x->l->n; ai++) {
        const agreement *a = &x->l->a[ai];
        for (size_t k = 0; k < a->n_instr; k++) {
            if (!agr_instr_applies(x, ai, k, di)) continue;
            const agr_instrument *in = &a->instr[k];
            size_t r = dept_row(rs, x, di, day);
            agr_rs_str(rs, r, C_SOURCE, a->id);
            agr_rs_str(rs, r, C_PARAGRAPH, agr_instr_paragraph(in));
            agr_rs_str(rs, r, C_INSTRUMENT, AGR_INSTR_NAMES[in->type]);
            if (in->type == AGR_INSTR_MUNICIPAL_ALLOCATION) agr_rs_dbl(rs, r, C_SHARE, in->share_pct);
            agr_rs_dbl(rs, r, C_QUOTA, in->quota_pct);
            agr_groups_text(in->groups, sb);
            cell(rs, r, C_GROUPS, sb);
            for (size_t q = 0; q < in->n_criteria; q++)
                sb_printf(sb, "%s%s", q ? "," : "", in->criteria[q]);
            cell(rs, r, C_CRITERIA, sb);
            agr_dwelling_types_text(in->dwelling_types, sb);
            cell(rs, r, C_DWELLING_TYPES, sb);
            agr_instr_parameters(in, sb);
            cell(rs, r, C_PARAMETERS, sb);
            agr_rs_str(rs, r, C_NOTE, in->note);
            (*count)++;
        }
    }
}

static void statutory_rows(agr_rowset *rs, strbuf *sb, const agr_ctx *x, size_t di,
                           const char *day, size_t *count)
{
    for (size_t s = 0; s < AGR_N_STATUTORY; s++) {
        if (!agr_statutory_applies(x, s, di)) continue;
        const agr_statutory *st = &AGR_STATUTORY[s];
        size_t r = dept_row(rs, x, di, day);
        agr_rs_str(rs, r, C_SOURCE, "statutory");
        agr_rs_str(rs, r, C_PARAGRAPH, st->paragraph);
        agr_rs_str(rs, r, C_INSTRUMENT, AGR_INSTR_NAMES[st->type]);
        agr_rs_dbl(rs, r, C_QUOTA, st->quota_pct);
        agr_rs_str(rs, r, C_DWELLING_TYPES, "family");
        if (st->groups) {
            agr_groups_text(st->groups, sb);
            cell(rs, r, C_GROUPS, sb);
            sb_puts(sb, "groups=");
            agr_groups_text(st->groups, sb);
        } else {
            sb_puts(sb, "quota_pct=100");
        }
        cell(rs, r, C_PARAMETERS, sb);
        agr_rs_str(rs, r, C_NOTE, st->note);
        (*count)++;
    }
}

almen_status almen_case_letting_policy(const almen_case *c, const char *date,
                                       const char *department, const almen_agreement_options *o,
                                       almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    size_t only = NO_INDEX;
    if (c && department && (only = case_find_department(c, department)) == NO_INDEX)
        return almen_fail(ALMEN_ENOTFOUND, "no department '%s' in the case", department);
    agr_ctx x;
    int rc = agr_ctx_init(&x, c, date, o);
    if (rc) return rc;
    char day[11];
    agr_day_format(x.date, day);
    agr_rowset rs;
    strbuf sb;
    agr_rs_init(&rs, COLS, N_COLS);
    sb_init(&sb);
    for (size_t di = 0; di < c->n_departments; di++) {
        if (only != NO_INDEX && di != only) continue;
        size_t count = 0;
        agreement_rows(&rs, &sb, &x, di, day, &count);
        statutory_rows(&rs, &sb, &x, di, day, &count);
        if (!count) {
            /* Every department appears: "none" says no instrument applies. */
            size_t r = dept_row(&rs, &x, di, day);
            agr_rs_str(&rs, r, C_INSTRUMENT, "none");
        }
    }
    if (sb.failed) rs.failed = 1;
    sb_free(&sb);
    agr_ctx_free(&x);
    return agr_rs_table(&rs, out);
}
