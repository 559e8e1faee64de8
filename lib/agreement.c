/* Agreements: memory pool, dates, vocabularies and small text helpers shared by the loader,
 * the writer and the analyses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agreement_internal.h"
#include "error_internal.h"

/* ---- Pool ------------------------------------------------------------------------------ */

static int agr_pool_reserve(agr_pool *pl, size_t extra)
{
    if (pl->n + extra <= pl->cap) return ALMEN_OK;
    size_t cap = pl->cap ? pl->cap : 64;
    while (cap < pl->n + extra) cap *= 2;
    void **p = realloc(pl->p, cap * sizeof *p);
    if (!p) return almen_fail_nomem();
    pl->p = p;
    pl->cap = cap;
    return ALMEN_OK;
}

void *agr_pool_alloc(agr_pool *pl, size_t size)
{
    if (agr_pool_reserve(pl, 1)) return NULL;
    void *m = calloc(1, size ? size : 1);
    if (!m) {
        almen_fail_nomem();
        return NULL;
    }
    pl->p[pl->n++] = m;
    return m;
}

char *agr_pool_strdup(agr_pool *pl, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *m = agr_pool_alloc(pl, n);
    if (m) memcpy(m, s, n);
    return m;
}

void agr_pool_free(agr_pool *pl)
{
    for (size_t i = 0; i < pl->n; i++) free(pl->p[i]);
    free(pl->p);
    memset(pl, 0, sizeof *pl);
}

int agr_pool_merge(agr_pool *dst, agr_pool *src)
{
    if (agr_pool_reserve(dst, src->n)) return ALMEN_ENOMEM;
    /* memcpy must not see a NULL array, even for 0 bytes. */
    if (src->n) memcpy(dst->p + dst->n, src->p, src->n * sizeof *src->p);
    dst->n += src->n;
    free(src->p);
    memset(src, 0, sizeof *src);
    return ALMEN_OK;
}

/* ---- Dates ----------------------------------------------------------------------------- */

/* Days from civil date and back: the proleptic Gregorian calendar counted from
 * 1970-01-01 (H. Hinnant's algorithms), exact for every year the API accepts. */
agr_day agr_day_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (agr_day)(era * 146097 + doe - 719468);
}

void agr_day_to_ymd(agr_day day, int *y, int *m, int *d)
{
    int z = (int)day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : n[m - 1];
}

int agr_day_parse(const char *s, agr_day *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    *out = agr_day_from_ymd(y, m, d);
    return 0;
}

void agr_day_format(agr_day day, char *buf)
{
    int y, m, d;
    agr_day_to_ymd(day, &y, &m, &d);
    /* By hand: the values are in range, but the compiler cannot see that for snprintf. */
    int v[3] = {y, m, d}, width[3] = {4, 2, 2}, pos = 0;
    for (int k = 0; k < 3; k++) {
        if (k) buf[pos++] = '-';
        for (int w = width[k] - 1, x = v[k]; w >= 0; w--, x /= 10) buf[pos + w] = (char)('0' + x % 10);
        pos += width[k];
    }
    buf[pos] = '\0';
}

agr_day agr_day_add_months(agr_day day, int months)
{
    int y, m, d;
    agr_day_to_ymd(day, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (d > days_in_month(y, m)) d = days_in_month(y, m);
    return agr_day_from_ymd(y, m, d);
}

agr_day agr_day_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return agr_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int agr_day_argument(const char *text, const char *what, agr_day *out)
{
    if (!text) {
        *out = agr_day_today();
        return ALMEN_OK;
    }
    if (agr_day_parse(text, out))
        return almen_fail(ALMEN_EINVAL,
                          "%s '%.40s' is not a date YYYY-MM-DD (a real calendar date, years "
                          "1900-2200)",
                          what, text);
    return ALMEN_OK;
}

/* ---- Vocabularies ---------------------------------------------------------------------- */

const char *const AGR_THEME_NAMES[AGR_THEME_COUNT] = {
    "municipal_allocation", "flexible_letting", "combined_letting", "future_proofing",
    "social_plan",          "employment_education", "new_build",    "homelessness",
    "evictions",            "mental_health",    "governance_dialogue"};

const char *const AGR_INSTR_NAMES[AGR_INSTR_COUNT] = {
    "municipal_allocation", "allocation_ban",          "flexible_letting", "combined_letting",
    "mandatory_rejection",  "target_group_dwellings", "funded_initiative", "other"};

const char *const AGR_GROUP_NAMES[AGR_GROUP_COUNT] = {
    "released_prison",    "released_youth_institution", "lease_terminated",
    "non_eu_citizen",     "social_assistance_6m",       "disability_pension",
    "unemployment_sickness_6m", "self_support_6m",      "social_assistance"};

int agr_status_bits(const char *category)
{
    static const struct {
        const char *name;
        int bits;
    } map[] = {
        {"none", 0},
        {"udsat", AGR_ST_UDSAT},
        {"parallelsamfund", AGR_ST_UDSAT | AGR_ST_PARALLEL},
        {"omdannelsesomraade", AGR_ST_UDSAT | AGR_ST_PARALLEL | AGR_ST_OMDANNELSE},
        {"forebyggelsesomraade", AGR_ST_FOREBYG},
        /* L 23 (2021) renamed ghettoområde to parallelsamfund and hårdt ghettoområde to
         * omdannelsesområde; since L 38 (2018) a ghetto area is an udsat area too. */
        {"ghetto", AGR_ST_UDSAT | AGR_ST_PARALLEL},
        {"haardt_ghetto", AGR_ST_UDSAT | AGR_ST_PARALLEL | AGR_ST_OMDANNELSE},
    };
    for (size_t i = 0; category && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].name, category)) return map[i].bits;
    return -1;
}

void agr_status_text(int bits, char *buf, size_t cap)
{
    static const char *const names[] = {"udsat", "parallelsamfund", "omdannelsesomraade",
                                        "forebyggelsesomraade"};
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < 4; i++) {
        if (!(bits & (1 << i))) continue;
        int n = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", names[i]);
        if (n < 0 || (size_t)n >= cap - used) break;
        used += (size_t)n;
    }
    if (!used) snprintf(buf, cap, "none");
}

/* ---- Text helpers ---------------------------------------------------------------------- */

static void refs_text(strbuf *sb, const char *label, const agr_refs *r, int *first)
{
    if (!r->n) return;
    sb_printf(sb, "%s%s: ", *first ? "" : "; ", label);
    for (size_t i = 0; i < r->n; i++) sb_printf(sb, "%s%s", i ? ", " : "", r->v[i].id);
    *first = 0;
}

void agr_geo_text(const agr_geo *g, strbuf *sb)
{
    if (g->municipality) {
        sb_puts(sb, "municipality");
        return;
    }
    int first = 1;
    refs_text(sb, "districts", &g->districts, &first);
    refs_text(sb, "areas", &g->areas, &first);
    refs_text(sb, "departments", &g->departments, &first);
    if (first) sb_puts(sb, "(unfilled)");
}

static int refs_has(const agr_refs *r, const char *id)
{
    for (size_t i = 0; id && i < r->n; i++)
        if (!strcmp(r->v[i].id, id)) return 1;
    return 0;
}

int agr_geo_covers(const almen_case *c, const agr_geo *g, size_t di)
{
    if (g->municipality) return 1;
    const department *d = &c->departments[di];
    if (refs_has(&g->departments, d->id)) return 1;
    if (d->area != NO_INDEX && refs_has(&g->areas, c->areas[d->area].id)) return 1;
    return d->district != NO_INDEX && refs_has(&g->districts, c->districts[d->district].id);
}

int agr_geo_map(const almen_case *c, const agr_geo *g, unsigned char *out)
{
    memset(out, g->municipality ? 1 : 0, c->n_departments);
    if (g->municipality) return ALMEN_OK;
    unsigned char *areas = calloc(c->n_areas + 1, 1), *districts = calloc(c->n_districts + 1, 1);
    if (!areas || !districts) {
        free(areas);
        free(districts);
        return almen_fail_nomem();
    }
    size_t k;
    for (size_t i = 0; i < g->areas.n; i++)
        if ((k = case_find_area(c, g->areas.v[i].id)) != NO_INDEX) areas[k] = 1;
    for (size_t i = 0; i < g->districts.n; i++)
        if ((k = case_find_district(c, g->districts.v[i].id)) != NO_INDEX) districts[k] = 1;
    for (size_t i = 0; i < g->departments.n; i++)
        if ((k = case_find_department(c, g->departments.v[i].id)) != NO_INDEX) out[k] = 1;
    for (size_t di = 0; di < c->n_departments; di++) {
        const department *d = &c->departments[di];
        out[di] |= (d->area != NO_INDEX && areas[d->area]) ||
                   (d->district != NO_INDEX && districts[d->district]);
    }
    free(areas);
    free(districts);
    return ALMEN_OK;
}

void agr_groups_text(unsigned groups, strbuf *sb)
{
    int first = 1;
    for (int i = 0; i < AGR_GROUP_COUNT; i++) {
        if (!(groups & (1u << i))) continue;
        sb_printf(sb, "%s%s", first ? "" : ",", AGR_GROUP_NAMES[i]);
        first = 0;
    }
}

void agr_dwelling_types_text(unsigned types, strbuf *sb)
{
    static const char *const names[] = {"family", "youth", "elderly"};
    int first = 1;
    for (int i = 0; i < 3; i++) {
        if (!(types & (1u << i))) continue;
        sb_printf(sb, "%s%s", first ? "" : ",", names[i]);
        first = 0;
    }
}

const char *agr_instr_paragraph(const agr_instrument *in)
{
    switch (in->type) {
    case AGR_INSTR_MUNICIPAL_ALLOCATION: return in->stk2 ? "§59 stk. 2" : "§59 stk. 1";
    case AGR_INSTR_ALLOCATION_BAN: return in->stk == 7 ? "§59 stk. 7" : "§59 stk. 6";
    case AGR_INSTR_FLEXIBLE_LETTING: return "§60";
    case AGR_INSTR_COMBINED_LETTING: return "§51b";
    case AGR_INSTR_MANDATORY_REJECTION: return "§51c";
    default: return in->paragraph;
    }
}

static void put_number(strbuf *sb, const char *sep, const char *key, double v)
{
    sb_printf(sb, "%s%s=", sep, key);
    sb_number(sb, v);
}

void agr_instr_parameters(const agr_instrument *in, strbuf *sb)
{
    size_t start = sb->len;
#define SEP (sb->len > start ? "; " : "")
    switch (in->type) {
    case AGR_INSTR_MUNICIPAL_ALLOCATION:
        if (in->every) sb_printf(sb, "every=%d", in->every);
        put_number(sb, SEP, "share_pct", in->share_pct);
        sb_printf(sb, "; stk2=%s; dwelling_types=", in->stk2 ? "true" : "false");
        agr_dwelling_types_text(in->dwelling_types, sb);
        break;
    case AGR_INSTR_ALLOCATION_BAN:
    case AGR_INSTR_COMBINED_LETTING:
    case AGR_INSTR_MANDATORY_REJECTION:
        if (in->type == AGR_INSTR_ALLOCATION_BAN) sb_printf(sb, "stk=%d; ", in->stk);
        sb_puts(sb, "groups=");
        agr_groups_text(in->groups, sb);
        break;
    case AGR_INSTR_FLEXIBLE_LETTING:
        sb_puts(sb, "criteria=");
        for (size_t i = 0; i < in->n_criteria; i++)
            sb_printf(sb, "%s%s", i ? "," : "", in->criteria[i]);
        if (!isnan(in->quota_pct)) put_number(sb, "; ", "quota_pct", in->quota_pct);
        break;
    case AGR_INSTR_TARGET_GROUP_DWELLINGS:
        sb_puts(sb, "dwelling_types=");
        agr_dwelling_types_text(in->dwelling_types, sb);
        sb_printf(sb, "; target_group=%s", in->target_group);
        if (in->count >= 0) sb_printf(sb, "; count=%ld", (long)in->count);
        if (in->dispensation) sb_printf(sb, "; dispensation=%s", in->dispensation);
        break;
    case AGR_INSTR_FUNDED_INITIATIVE: {
        char a[11], b[11];
        sb_printf(sb, "name=%s", in->name);
        if (!isnan(in->amount)) put_number(sb, "; ", "amount", in->amount);
        if (in->funder) sb_printf(sb, "; funder=%s", in->funder);
        if (in->start != AGR_NO_DAY) {
            agr_day_format(in->start, a);
            sb_printf(sb, "; start=%s", a);
        }
        if (in->end != AGR_NO_DAY) {
            agr_day_format(in->end, b);
            sb_printf(sb, "; end=%s", b);
        }
        break;
    }
    default:
        sb_printf(sb, "description=%s", in->description);
        break;
    }
#undef SEP
}
