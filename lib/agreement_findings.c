/* Findings: the agreements in force on a date checked against the law (docs/agreements.md
 * lists every check with its paragraph and its exact edge). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_analysis.h"
#include "error_internal.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

enum { F_SEVERITY, F_CODE, F_PARAGRAPH, F_AGREEMENT, F_DEPARTMENT, F_AREA, F_DEPARTMENTS,
       F_MESSAGE, F_NCOLS };

static const agr_rs_col COLS[F_NCOLS] = {
    {"severity", ALMEN_COL_STRING},   {"code", ALMEN_COL_STRING},
    {"paragraph", ALMEN_COL_STRING},  {"agreement", ALMEN_COL_STRING},
    {"department", ALMEN_COL_STRING}, {"area", ALMEN_COL_STRING},
    {"departments", ALMEN_COL_STRING}, {"message", ALMEN_COL_STRING}};

typedef struct {
    agr_ctx *x;
    agr_rowset rs;
    strbuf depts; /* the departments of the next finding, comma-separated */
} findings;

static void add(findings *f, const char *severity, const char *code, const char *paragraph,
                const char *agreement, const char *department, const char *area,
                const char *fmt, ...) ALMEN_PRINTF(8, 9);

static void add(findings *f, const char *severity, const char *code, const char *paragraph,
                const char *agreement, const char *department, const char *area,
                const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t r = agr_rs_add(&f->rs);
    agr_rs_str(&f->rs, r, F_SEVERITY, severity);
    agr_rs_str(&f->rs, r, F_CODE, code);
    agr_rs_str(&f->rs, r, F_PARAGRAPH, paragraph && *paragraph ? paragraph : NULL);
    agr_rs_str(&f->rs, r, F_AGREEMENT, agreement);
    agr_rs_str(&f->rs, r, F_DEPARTMENT, department);
    agr_rs_str(&f->rs, r, F_AREA, area);
    if (f->depts.failed) f->rs.failed = 1;
    else if (f->depts.len) agr_rs_str(&f->rs, r, F_DEPARTMENTS, f->depts.data);
    else if (department) agr_rs_str(&f->rs, r, F_DEPARTMENTS, department);
    agr_rs_str(&f->rs, r, F_MESSAGE, msg);
    f->depts.len = 0;
}

static void note_dept(findings *f, const char *id)
{
    sb_printf(&f->depts, "%s%s", f->depts.len ? "," : "", id);
}

static const char *dept_id(const findings *f, size_t di) { return f->x->c->departments[di].id; }

static const char *area_id(const findings *f, size_t di)
{
    size_t a = f->x->c->departments[di].area;
    return a == NO_INDEX ? NULL : f->x->c->areas[a].id;
}

/* ---- The law on the date and the areas ------------------------------------------------- */

static void check_dates_and_status(findings *f)
{
    const agr_ctx *x = f->x;
    const almen_case *c = x->c;
    char from[11];
    agr_day_format(x->o->statutory_from, from);
    if (x->date < x->o->statutory_from) {
        add(f, "info", "statutory_not_modelled", NULL, NULL, NULL, NULL,
            "the statutory letting instruments are added from %s (L 23); the rules before are "
            "not modelled, so none are added on this date",
            from);
        return;
    }
    for (size_t ai = 0; ai < c->n_areas; ai++) {
        if (x->area_bits[ai] != AGR_ST_UNKNOWN) continue;
        for (size_t di = 0; di < c->n_departments; di++)
            if (c->departments[di].area == ai) note_dept(f, dept_id(f, di));
        if (!f->depts.len) continue;
        add(f, "warning", "status_unknown", "§61a", NULL, NULL, c->areas[ai].id,
            "the status of area '%s' on the list of %d is unknown (neither given nor "
            "classifiable: figures or reference values missing); statutory instruments and "
            "area_status conditions are not applied there",
            c->areas[ai].id, x->list_year);
    }
}

/* ---- One agreement --------------------------------------------------------------------- */

static void check_adoption(findings *f, const agreement *a)
{
    const agr_ctx *x = f->x;
    int council = 0;
    for (size_t i = 0; i < a->n_adoptions; i++)
        council |= !strcmp(a->adoptions[i].body, "municipal_council") &&
                   a->adoptions[i].date <= x->date;
    if (!council)
        add(f, "info", "not_adopted", NULL, a->id, NULL, NULL,
            "agreement '%s' is not recorded as adopted by the municipal council", a->id);
    strbuf missing;
    sb_init(&missing);
    for (size_t o = 0; o < a->organisations.n; o++) {
        int board = 0;
        for (size_t i = 0; i < a->n_adoptions; i++)
            board |= a->adoptions[i].organisation.id &&
                     !strcmp(a->adoptions[i].organisation.id, a->organisations.v[o].id) &&
                     a->adoptions[i].date <= x->date;
        if (!board) sb_printf(&missing, "%s%s", missing.len ? ", " : "", a->organisations.v[o].id);
    }
    if (missing.len)
        add(f, "info", "not_adopted", NULL, a->id, NULL, NULL,
            "agreement '%s' is not recorded as adopted by the board of organisation %s", a->id,
            missing.data);
    if (missing.failed) f->rs.failed = 1;
    sb_free(&missing);
}

static void check_review(findings *f, const agreement *a)
{
    const agr_ctx *x = f->x;
    agr_day last = a->start;
    const char *what = "started";
    if (a->ext_60b != AGR_NO_DAY && a->ext_60b <= x->date && a->ext_60b > last) {
        last = a->ext_60b;
        what = "was extended to every organisation (§60b)";
    }
    for (size_t i = 0; i < a->n_reviews; i++)
        if (a->reviews[i] <= x->date && a->reviews[i] > last) {
            last = a->reviews[i];
            what = "was last reviewed";
        }
    /* Due on the same calendar day review_years later; overdue from the day after. */
    agr_day due = agr_day_add_months(last, 12 * (int)x->o->review_years);
    if (x->date <= due) return;
    char l[11], d[11];
    agr_day_format(last, l);
    agr_day_format(due, d);
    int decided = a->ext_60b != AGR_NO_DAY && a->ext_60b <= x->date;
    add(f, decided ? "error" : "warning", "review_due", "§60b stk. 2", a->id, NULL, NULL,
        "agreement '%s' %s on %s; a review was due by %s (%g years)%s", a->id, what, l, d,
        x->o->review_years,
        decided ? ": the §60b decision must be reviewed" : "");
}

static const int THEME_OF[AGR_INSTR_COUNT] = {
    AGR_THEME_MUNICIPAL_ALLOCATION, AGR_THEME_MUNICIPAL_ALLOCATION, AGR_THEME_FLEXIBLE_LETTING,
    AGR_THEME_COMBINED_LETTING,     AGR_THEME_COMBINED_LETTING,     -1, -1, -1};

/* The departments instrument k of agreement ai applies to, noted in f->depts; the count. */
static size_t applied(findings *f, size_t ai, size_t k, unsigned org_filter_not_party)
{
    const agr_ctx *x = f->x;
    const agreement *a = &x->l->a[ai];
    size_t n = 0;
    for (size_t di = 0; di < x->c->n_departments; di++) {
        if (!agr_instr_applies(x, ai, k, di)) continue;
        if (org_filter_not_party) {
            const char *org = x->c->organisations[x->c->departments[di].organisation].id;
            int party = 0;
            for (size_t o = 0; o < a->organisations.n; o++)
                party |= !strcmp(a->organisations.v[o].id, org);
            if (party) continue;
        }
        note_dept(f, dept_id(f, di));
        n++;
    }
    return n;
}

static void check_allocation(findings *f, size_t ai, size_t k)
{
    const agr_ctx *x = f->x;
    const agreement *a = &x->l->a[ai];
    const agr_instrument *in = &a->instr[k];
    double max = x->o->allocation_max_pct;
    /* "every n-th" is compared as n * max >= 100 so that every 4th is exactly 25 %. */
    int above = in->every ? (double)in->every * max < 100.0 : in->share_pct > max;
    if (above && !in->stk2) {
        applied(f, ai, k, 0);
        add(f, "error", "allocation_share", "§59 stk. 1", a->id, NULL, NULL,
            "agreement '%s' allocates %.4g %% of vacant dwellings (instrument %zu), more than "
            "%g %% (every 4th), without a §59 stk. 2 agreement (stk2: true)",
            a->id, in->share_pct, k, max);
    }
    if (in->stk2 && applied(f, ai, k, 1))
        add(f, "error", "allocation_party", "§59 stk. 2", a->id, NULL, NULL,
            "agreement '%s' claims a larger share by §59 stk. 2 agreement (instrument %zu) in "
            "departments of organisations that are not parties to it",
            a->id, k);
    f->depts.len = 0;
}

static void check_instrument_theme(findings *f, const agreement *a, size_t k)
{
    int theme = THEME_OF[a->instr[k].type];
    if (theme < 0 || a->themes[theme] != 0) return;
    add(f, "warning", "theme_off", NULL, a->id, NULL, NULL,
        "agreement '%s' has a %s instrument (instrument %zu) while its theme %s is switched off",
        a->id, AGR_INSTR_NAMES[a->instr[k].type], k, AGR_THEME_NAMES[theme]);
}

/* §51b stk. 3: the departments together (those of one housing area; a department outside
 * areas on its own) need >= min residents and >= min % of 18-64 outside the labour market. */
static void check_combined_group(findings *f, const agreement *a, size_t k, const size_t *group,
                                 size_t n)
{
    const agr_ctx *x = f->x;
    const almen_case *c = x->c;
    int y, m, d;
    agr_day_to_ymd(x->date, &y, &m, &d);
    int want = y - (int)x->o->figures_lag, year = 0;
    for (size_t i = 0; i < n; i++) {
        const department *dp = &c->departments[group[i]];
        for (size_t r = 0; r < dp->n_rows; r++)
            if (dp->rows[r].year <= want && dp->rows[r].year > year) year = dp->rows[r].year;
    }
    double residents = 0, adults = 0, outside = 0;
    int known = year > 0;
    for (size_t i = 0; i < n; i++) {
        note_dept(f, dept_id(f, group[i]));
        const figure_row *row = department_row(&c->departments[group[i]], year);
        if (!row) continue;
        residents += row->v[F_RESIDENTS];
        adults += row->v[F_RESIDENTS_18_64];
        outside += row->v[F_OUTSIDE_LABOUR];
    }
    known = known && !isnan(residents) && !isnan(adults) && !isnan(outside) && adults > 0;
    const char *area = area_id(f, group[0]);
    char where[120];
    snprintf(where, sizeof where, "%s%s%s", area ? "the departments of area '" : "department '",
             area ? area : dept_id(f, group[0]), "'");
    if (!known) {
        add(f, "warning", "combined_letting_unknown", "§51b stk. 3", a->id, NULL, area,
            "combined letting (instrument %zu of '%s') cannot be checked in %s: residents, "
            "residents_18_64 or outside_labour_fte missing %s%d",
            k, a->id, where, year ? "for " : "up to ", year ? year : want);
        f->depts.len = 0;
        return;
    }
    size_t mark = f->depts.len;
    double min_res = x->o->combined_min_residents, min_pct = x->o->combined_min_outside_pct;
    /* "mindst" is >=: exactly 1,000 residents and exactly 40 % qualify. The share is compared
     * as 100 * fte >= pct * residents_18_64, exact for these magnitudes. */
    if (residents < min_res)
        add(f, "error", "combined_letting_residents", "§51b stk. 3 nr. 1", a->id, NULL, area,
            "combined letting (instrument %zu of '%s') needs at least %g residents in the "
            "departments together; %s have %g (%d)",
            k, a->id, min_res, where, residents, year);
    f->depts.len = mark;
    if (100.0 * outside < min_pct * adults)
        add(f, "error", "combined_letting_outside", "§51b stk. 3 nr. 2", a->id, NULL, area,
            "combined letting (instrument %zu of '%s') needs at least %g %% of residents 18-64 "
            "outside the labour market; %s have %.2f %% (%g of %g, %d)",
            k, a->id, min_pct, where, 100.0 * outside / adults, outside, adults, year);
    f->depts.len = 0;
}

static int check_combined(findings *f, size_t ai, size_t k)
{
    const agr_ctx *x = f->x;
    const almen_case *c = x->c;
    /* Departments grouped by area in one pass: first[a] is where area a's group starts in
     * group[], filled in file order. Departments outside areas form groups of one. */
    size_t na = c->n_areas, nd = c->n_departments;
    size_t *group = malloc((nd + 1) * sizeof *group), *count = calloc(na + 1, sizeof *count);
    size_t *first = malloc((na + 1) * sizeof *first);
    if (!group || !count || !first) {
        free(group);
        free(count);
        free(first);
        return almen_fail_nomem();
    }
    for (size_t di = 0; di < nd; di++)
        if (c->departments[di].area != NO_INDEX && agr_instr_applies(x, ai, k, di))
            count[c->departments[di].area]++;
    size_t pos = 0;
    for (size_t a = 0; a < na; a++) first[a] = pos, pos += count[a], count[a] = 0;
    for (size_t di = 0; di < nd; di++)
        if (c->departments[di].area != NO_INDEX && agr_instr_applies(x, ai, k, di))
            group[first[c->departments[di].area] + count[c->departments[di].area]++] = di;
    /* Areas in the order of their first department, as a reader would expect. */
    for (size_t di = 0; di < nd; di++) {
        size_t a = c->departments[di].area;
        if (a != NO_INDEX && count[a] && group[first[a]] == di)
            check_combined_group(f, &x->l->a[ai], k, group + first[a], count[a]);
        else if (a == NO_INDEX && agr_instr_applies(x, ai, k, di))
            check_combined_group(f, &x->l->a[ai], k, &di, 1);
    }
    free(group);
    free(count);
    free(first);
    return ALMEN_OK;
}

/* §60b stk. 1: more than the threshold of the municipality's family dwellings. */
static void check_coverage(findings *f, size_t ai)
{
    const agr_ctx *x = f->x;
    const almen_case *c = x->c;
    const agreement *a = &x->l->a[ai];
    int kind = 0; /* an agreement on §59 stk. 2 allocation or §60 letting */
    for (size_t k = 0; k < a->n_instr; k++)
        kind |= (a->instr[k].type == AGR_INSTR_MUNICIPAL_ALLOCATION && a->instr[k].stk2) ||
                a->instr[k].type == AGR_INSTR_FLEXIBLE_LETTING;
    double covered = 0, total = 0;
    for (size_t di = 0; di < c->n_departments; di++) {
        total += c->departments[di].family;
        if (agr_covers(x, ai, di)) covered += c->departments[di].family;
    }
    double t = x->o->coverage_threshold_pct;
    int decided = a->ext_60b != AGR_NO_DAY && a->ext_60b <= x->date;
    if (decided && !kind)
        add(f, "error", "extension_no_instrument", "§60b stk. 1", a->id, NULL, NULL,
            "agreement '%s' is extended to every organisation (§60b), but it has neither a §59 "
            "stk. 2 allocation nor flexible letting (§60) to extend",
            a->id);
    if (!kind || total <= 0) return;
    /* "mere end 50 pct.": strictly more; exact in integers. */
    int above = 100.0 * covered > t * total;
    double pct = 100.0 * covered / total;
    if (above && !decided)
        add(f, "info", "coverage_extendable", "§60b stk. 1", a->id, NULL, NULL,
            "agreement '%s' covers %.2f %% of the municipality's family dwellings (%g of %g), "
            "more than %g %%: the council can decide that every organisation uses it",
            a->id, pct, covered, total, t);
    if (!above && decided && !a->ext_permission)
        add(f, "error", "extension_lapsed", "§60b stk. 2", a->id, NULL, NULL,
            "agreement '%s' covers only %.2f %% of the municipality's family dwellings (%g of "
            "%g), not more than %g %%: the §60b decision lapses (unless the minister permits, "
            "stk. 3)",
            a->id, pct, covered, total, t);
}

static int check_agreement(findings *f, size_t ai)
{
    const agreement *a = &f->x->l->a[ai];
    check_adoption(f, a);
    check_review(f, a);
    for (size_t k = 0; k < a->n_instr; k++) {
        check_instrument_theme(f, a, k);
        if (a->instr[k].type == AGR_INSTR_MUNICIPAL_ALLOCATION) check_allocation(f, ai, k);
        if (a->instr[k].type == AGR_INSTR_COMBINED_LETTING) TRY(check_combined(f, ai, k));
    }
    check_coverage(f, ai);
    return ALMEN_OK;
}

/* ---- Per department: the statutory requirements ---------------------------------------- */

/* An agreement about letting: its theme says so, or it has letting instruments. Only such an
 * agreement is at fault when obligatory flexible letting has no criteria. */
static int about_letting(const agreement *a)
{
    if (a->themes[AGR_THEME_FLEXIBLE_LETTING] == 1 || a->themes[AGR_THEME_MUNICIPAL_ALLOCATION] == 1)
        return 1;
    for (size_t k = 0; k < a->n_instr; k++)
        if (a->instr[k].type <= AGR_INSTR_MANDATORY_REJECTION) return 1;
    return 0;
}

static void check_statutory(findings *f, size_t di)
{
    const agr_ctx *x = f->x;
    int bits = agr_dept_status(x, di);
    if (x->date < x->o->statutory_from || bits == AGR_ST_UNKNOWN || !x->c->departments[di].family)
        return;
    char st[96];
    agr_status_text(bits, st, sizeof st);
    int obligatory = (bits & (AGR_ST_UDSAT | AGR_ST_FOREBYG)) != 0, flexible = 0;
    const char *letting = NULL; /* a letting agreement covering the department */
    for (size_t ai = 0; ai < x->l->n; ai++) {
        const agreement *a = &x->l->a[ai];
        if (!letting && agr_covers(x, ai, di) && about_letting(a)) letting = a->id;
        for (size_t k = 0; k < a->n_instr; k++) {
            if (!agr_instr_applies(x, ai, k, di)) continue;
            const agr_instrument *in = &a->instr[k];
            if (in->type == AGR_INSTR_FLEXIBLE_LETTING) {
                flexible = 1;
                if (obligatory && !isnan(in->quota_pct) && in->quota_pct < 100)
                    add(f, "error", "flexible_letting_quota", "§60", a->id, dept_id(f, di),
                        area_id(f, di),
                        "department '%s' is in an area on the list (%s): flexible letting is "
                        "obligatory for all lettings except municipal allocation, but agreement "
                        "'%s' sets a quota of %g %% (instrument %zu)",
                        dept_id(f, di), st, a->id, in->quota_pct, k);
            }
            if (in->type != AGR_INSTR_ALLOCATION_BAN) continue;
            unsigned need = (bits & AGR_ST_UDSAT) ? AGR_GROUPS_59_6
                            : (bits & AGR_ST_FOREBYG) ? AGR_GROUPS_59_7 : 0;
            unsigned missing = need & ~in->groups;
            if (in->stk == 7 && (bits & AGR_ST_UDSAT))
                add(f, "warning", "allocation_ban_paragraph", "§59 stk. 6", a->id, dept_id(f, di),
                    area_id(f, di),
                    "agreement '%s' restates the §59 stk. 7 ban (instrument %zu) for department "
                    "'%s', but the area is udsat (%s): §59 stk. 6 applies",
                    a->id, k, dept_id(f, di), st);
            if (missing) {
                strbuf g;
                sb_init(&g);
                agr_groups_text(missing, &g);
                add(f, "error", "allocation_ban_groups",
                    (bits & AGR_ST_UDSAT) ? "§59 stk. 6" : "§59 stk. 7", a->id, dept_id(f, di),
                    area_id(f, di),
                    "agreement '%s' bans fewer groups (instrument %zu) than the law does in "
                    "department '%s' (%s); missing: %s",
                    a->id, k, dept_id(f, di), st, g.data ? g.data : "");
                if (g.failed) f->rs.failed = 1;
                sb_free(&g);
            }
        }
    }
    if (obligatory && !flexible && letting)
        add(f, "error", "flexible_letting_missing", "§60", letting, dept_id(f, di),
            area_id(f, di),
            "department '%s' is in an area on the list (%s): flexible letting is obligatory, "
            "but the letting agreement '%s' covering it sets no criteria for it",
            dept_id(f, di), st, letting);
    else if (obligatory && !flexible)
        add(f, "warning", "flexible_letting_missing", "§60", NULL, dept_id(f, di), area_id(f, di),
            "department '%s' is in an area on the list (%s): flexible letting is obligatory, "
            "but no letting agreement in force sets its criteria",
            dept_id(f, di), st);
}

/* ---- Conflicts between instruments on the same department ------------------------------ */

static int same_criteria(const agr_instrument *p, const agr_instrument *q)
{
    if (p->n_criteria != q->n_criteria) return 0;
    for (size_t i = 0; i < p->n_criteria; i++) {
        int found = 0;
        for (size_t j = 0; j < q->n_criteria && !found; j++)
            found = !strcmp(p->criteria[i], q->criteria[j]);
        if (!found) return 0;
    }
    return 1;
}

/* Do two instruments that apply to the same department contradict each other? */
static int conflicting(const agr_instrument *p, const agr_instrument *q)
{
    if (p->type != q->type) return 0;
    switch (p->type) {
    case AGR_INSTR_MUNICIPAL_ALLOCATION:
        /* Different dwelling types are different dwellings: no conflict. */
        return (p->dwelling_types & q->dwelling_types) &&
               (p->share_pct != q->share_pct || p->stk2 != q->stk2);
    case AGR_INSTR_ALLOCATION_BAN: return p->stk == q->stk && p->groups != q->groups;
    case AGR_INSTR_FLEXIBLE_LETTING:
        return !same_criteria(p, q) ||
               !((isnan(p->quota_pct) && isnan(q->quota_pct)) || p->quota_pct == q->quota_pct);
    case AGR_INSTR_COMBINED_LETTING: return p->groups != q->groups;
    default: return 0; /* dwellings, funding and the rest add up */
    }
}

typedef struct {
    size_t a1, k1, a2, k2;
    strbuf depts;
} conflict;

typedef struct {
    conflict *v;
    size_t n, cap;
} conflicts;

/* Notes department id under the conflict of the two instruments (created when new). */
static int note_conflict(conflicts *cs, size_t a1, size_t k1, size_t a2, size_t k2,
                         const char *id)
{
    size_t i = 0;
    while (i < cs->n && !(cs->v[i].a1 == a1 && cs->v[i].k1 == k1 && cs->v[i].a2 == a2 &&
                          cs->v[i].k2 == k2))
        i++;
    if (i == cs->n) {
        if (cs->n == cs->cap) {
            size_t cap = cs->cap ? 2 * cs->cap : 8;
            conflict *v = realloc(cs->v, cap * sizeof *v);
            if (!v) return almen_fail_nomem();
            cs->v = v;
            cs->cap = cap;
        }
        cs->v[i] = (conflict){a1, k1, a2, k2, {0}};
        sb_init(&cs->v[i].depts);
        cs->n++;
    }
    sb_printf(&cs->v[i].depts, "%s%s", cs->v[i].depts.len ? "," : "", id);
    return ALMEN_OK;
}

static int check_conflicts(findings *f)
{
    const agr_ctx *x = f->x;
    const agr_list *l = x->l;
    conflicts list = {NULL, 0, 0};
    size_t total = l->n ? x->instr_base[l->n - 1] + l->a[l->n - 1].n_instr : 0;
    /* The instruments applying to one department as (agreement, index) pairs: pairs are
     * compared among these few, not among all instruments of the case. */
    size_t(*here)[2] = malloc((total + 1) * sizeof *here);
    int rc = here ? ALMEN_OK : almen_fail_nomem();
    for (size_t di = 0; di < x->c->n_departments && !rc; di++) {
        size_t m = 0;
        for (size_t ai = 0; ai < l->n; ai++)
            for (size_t k = 0; k < l->a[ai].n_instr; k++)
                if (agr_instr_applies(x, ai, k, di)) here[m][0] = ai, here[m++][1] = k;
        for (size_t p = 0; p < m && !rc; p++)
            for (size_t q = p + 1; q < m && !rc; q++)
                if (conflicting(&l->a[here[p][0]].instr[here[p][1]],
                                &l->a[here[q][0]].instr[here[q][1]]))
                    rc = note_conflict(&list, here[p][0], here[p][1], here[q][0], here[q][1],
                                       dept_id(f, di));
    }
    conflict *cs = list.v;
    size_t n = list.n;
    free(here);
    strbuf p1, p2;
    sb_init(&p1);
    sb_init(&p2);
    for (size_t i = 0; i < n; i++) {
        const agreement *a1 = &l->a[cs[i].a1], *a2 = &l->a[cs[i].a2];
        const agr_instrument *in1 = &a1->instr[cs[i].k1], *in2 = &a2->instr[cs[i].k2];
        p1.len = p2.len = 0;
        agr_instr_parameters(in1, &p1);
        agr_instr_parameters(in2, &p2);
        if (cs[i].depts.failed || p1.failed || p2.failed) f->rs.failed = 1;
        else {
            sb_puts(&f->depts, cs[i].depts.data);
            if (a1 == a2)
                add(f, "error", "conflict", agr_instr_paragraph(in1), a1->id, NULL, NULL,
                    "agreement '%s' sets %s twice for the same departments with different "
                    "parameters: instrument %zu (%s) and instrument %zu (%s)",
                    a1->id, AGR_INSTR_NAMES[in1->type], cs[i].k1, p1.data, cs[i].k2, p2.data);
            else
                add(f, "error", "conflict", agr_instr_paragraph(in1), a1->id, NULL, NULL,
                    "agreements '%s' (instrument %zu: %s) and '%s' (instrument %zu: %s) both "
                    "set %s for the same departments with different parameters",
                    a1->id, cs[i].k1, p1.data, a2->id, cs[i].k2, p2.data,
                    AGR_INSTR_NAMES[in1->type]);
        }
        sb_free(&cs[i].depts);
    }
    sb_free(&p1);
    sb_free(&p2);
    free(cs);
    return rc;
}

/* ---- Public ---------------------------------------------------------------------------- */

static int run(agr_ctx *x, almen_table **out)
{
    findings f;
    f.x = x;
    agr_rs_init(&f.rs, COLS, F_NCOLS);
    sb_init(&f.depts);
    check_dates_and_status(&f);
    int rc = ALMEN_OK;
    for (size_t ai = 0; ai < x->l->n && !rc; ai++)
        if (x->in_force[ai]) rc = check_agreement(&f, ai);
    for (size_t di = 0; di < x->c->n_departments && !rc; di++) check_statutory(&f, di);
    if (!rc) rc = check_conflicts(&f);
    if (f.depts.failed) f.rs.failed = 1;
    sb_free(&f.depts);
    if (rc) {
        agr_rs_free(&f.rs);
        return rc;
    }
    return agr_rs_table(&f.rs, out);
}

almen_status almen_case_agreement_findings(const almen_case *c, const char *date,
                                           const almen_agreement_options *o, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    agr_ctx x;
    TRY(agr_ctx_init(&x, c, date, o));
    int rc = run(&x, out);
    agr_ctx_free(&x);
    return rc;
}

almen_status almen_case_agreement_errors(const almen_case *c, const char *date,
                                         const almen_agreement_options *o, size_t *out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = 0;
    almen_table *t;
    TRY(almen_case_agreement_findings(c, date, o, &t));
    for (size_t r = 0; r < almen_table_nrows(t); r++)
        *out += !strcmp(almen_table_get_string(t, F_SEVERITY, r), "error");
    almen_table_free(t);
    return ALMEN_OK;
}
