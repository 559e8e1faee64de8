/* Letting policies of the simulation: explicit policies (YAML), the agreements' effective
 * letting policy (almen_case_letting_policy) by year and area status, and the channels,
 * exclusions and applicant pools they come to for each department and dwelling type. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "error_internal.h"
#include "simulate_internal.h"
#include "table_internal.h"

/* ---- Explicit policies ------------------------------------------------------------------- */

void sim_policy_free(sim_policy_def *p)
{
    if (!p) return;
    free(p->name);
    for (int c = 0; c < SIM_NCH; c++) {
        for (size_t i = 0; i < p->n_exclude[c]; i++) free(p->exclude[c][i]);
        free(p->exclude[c]);
    }
    for (size_t i = 0; i < p->n_criteria; i++) free(p->criteria[i]);
    free(p->criteria);
    free(p->source);
    free(p);
}

static int channel_of(const char *name)
{
    for (int c = 0; c < SIM_NCH; c++)
        if (name && !strcmp(name, SIM_CHANNELS[c])) return c;
    return -1;
}

/* A list of non-empty, distinct texts. */
static int text_list(ydoc *d, yaml_node_t *node, const char *path, char ***out, size_t *n)
{
    size_t count;
    TRY(y_check_seq(d, node, path, &count));
    if (count && !(*out = calloc(count, sizeof **out))) return almen_fail_nomem();
    for (size_t i = 0; i < count; i++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, path, i);
        yaml_node_t *item = y_item(d, node, i, path);
        if (!item) return ALMEN_ELIMIT;
        TRY(y_text(d, item, ip, &(*out)[i]));
        *n = i + 1;
        for (size_t j = 0; j < i; j++)
            if (!strcmp((*out)[j], (*out)[i]))
                return y_fail(d, item, ip, ALMEN_EINPUT, "'%.60s' is listed twice", (*out)[i]);
    }
    return ALMEN_OK;
}

static int share_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *kp, size_t i,
                      void *ctx)
{
    (void)i;
    sim_policy_def *p = ctx;
    int c = channel_of(y_scalar(key));
    if (c < 0 || c == CH_WAITING)
        return y_fail(d, key, kp, ALMEN_EINPUT,
                      "unknown channel (municipal, flexible, internal; the waiting list gets "
                      "the rest)");
    TRY(y_number(d, value, kp, &p->share[c]));
    if (!(p->share[c] >= 0 && p->share[c] <= 100))
        return y_fail(d, value, kp, ALMEN_EINPUT, "a share in per cent, 0..100");
    return ALMEN_OK;
}

static int exclude_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *kp, size_t i,
                        void *ctx)
{
    (void)i;
    sim_policy_def *p = ctx;
    int c = channel_of(y_scalar(key));
    if (c < 0)
        return y_fail(d, key, kp, ALMEN_EINPUT,
                      "unknown channel (municipal, flexible, waiting_list, internal)");
    return text_list(d, value, kp, &p->exclude[c], &p->n_exclude[c]);
}

static int read_policy(ydoc *d, yaml_node_t *root, sim_policy_def *p)
{
    static const char *const keys[] = {"name", "dwelling_types", "channels", "exclude",
                                       "flexible_criteria", NULL};
    TRY(y_check_map(d, root, "", keys));
    yaml_node_t *v;
    int failed = 0;
    p->line = (int)root->start_mark.line + 1;
    p->column = (int)root->start_mark.column + 1;
    TRY(y_require(d, root, "", "name", &v));
    TRY(y_text(d, v, "name", &p->name));
    p->dwellings = (1u << SIM_DW) - 1;
    if ((v = y_get(d, root, "dwelling_types", &failed))) {
        char **dw = NULL;
        size_t n = 0;
        int rc = text_list(d, v, "dwelling_types", &dw, &n);
        p->dwellings = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            int k = 0;
            while (k < SIM_DW && strcmp(dw[i], SIM_DWELLING_TYPES[k])) k++;
            if (k == SIM_DW)
                rc = y_fail(d, y_item(d, v, i, "dwelling_types"), "dwelling_types", ALMEN_EINPUT,
                            "unknown dwelling type '%.40s' (family, youth, elderly)", dw[i]);
            else p->dwellings |= 1u << k;
        }
        for (size_t i = 0; i < n; i++) free(dw[i]);
        free(dw);
        TRY(rc);
        if (!p->dwellings) return y_fail(d, v, "dwelling_types", ALMEN_EINPUT, "empty");
    }
    p->share[CH_INTERNAL] = NAN; /* not given: the parameter internal_pct */
    if ((v = y_get(d, root, "channels", &failed))) {
        TRY(y_each_pair(d, v, "channels", "channel: per cent", share_pair, p));
        double sum = p->share[CH_MUNICIPAL] + p->share[CH_FLEXIBLE] +
                     (isnan(p->share[CH_INTERNAL]) ? 0 : p->share[CH_INTERNAL]);
        if (sum > 100 + 1e-9)
            return y_fail(d, v, "channels", ALMEN_EINPUT,
                          "the channels' shares add up to %g %%, more than 100 %%", sum);
    }
    if ((v = y_get(d, root, "exclude", &failed)))
        TRY(y_each_pair(d, v, "exclude", "channel: [groups or household types]", exclude_pair, p));
    if ((v = y_get(d, root, "flexible_criteria", &failed)))
        TRY(text_list(d, v, "flexible_criteria", &p->criteria, &p->n_criteria));
    return failed ? ALMEN_ELIMIT : ALMEN_OK;
}

int sim_policy_parse(const char *yaml, const char *source, sim_policy_def **out)
{
    *out = NULL;
    if (!yaml) return almen_fail(ALMEN_EINVAL, "yaml is required");
    sim_policy_def *p = calloc(1, sizeof *p);
    if (!p) return almen_fail_nomem();
    ydoc d;
    int rc = ydoc_parse(&d, yaml, strlen(yaml), source);
    yaml_node_t *root = rc ? NULL : ydoc_root(&d);
    if (!rc && !root) rc = almen_fail_at(ALMEN_EINPUT, d.source, 1, 1, NULL, "empty document");
    if (!rc) rc = read_policy(&d, root, p);
    if (!rc && !(p->source = strdup(d.source))) rc = almen_fail_nomem();
    ydoc_free(&d);
    if (rc) {
        sim_policy_free(p);
        return rc;
    }
    *out = p;
    return ALMEN_OK;
}

/* ---- From names to household types ------------------------------------------------------- */

/* The types that belong to group `name` or are called `name`; -1 as mask when neither a
 * group nor a type has that name. */
static int names_mask(const hh_types *h, char *const *names, size_t n, uint64_t *mask,
                      const char **unknown)
{
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (size_t k = 0; k < h->n; k++) {
            const hh_type *t = &h->t[k];
            int hit = !strcmp(t->id, names[i]);
            for (size_t g = 0; g < t->n_groups && !hit; g++) hit = !strcmp(t->groups[g], names[i]);
            if (hit) *mask |= (uint64_t)1 << k;
            found |= hit;
        }
        for (int g = 0; g < AGR_GROUP_COUNT && !found; g++) found = !strcmp(AGR_GROUP_NAMES[g], names[i]);
        if (!found) {
            *unknown = names[i];
            return -1;
        }
    }
    return 0;
}

/* Types meeting any of the criteria (none given: any type with some criterion). */
static uint64_t qualifying(const hh_types *h, char *const *criteria, size_t n)
{
    uint64_t mask = 0;
    for (size_t k = 0; k < h->n; k++) {
        const hh_type *t = &h->t[k];
        int q = !n && t->n_criteria;
        for (size_t i = 0; i < n && !q; i++)
            for (size_t j = 0; j < t->n_criteria && !q; j++) q = !strcmp(criteria[i], t->criteria[j]);
        if (q) mask |= (uint64_t)1 << k;
    }
    return mask;
}

/* ---- Pools ------------------------------------------------------------------------------- */

/* Whose weights a pool uses. */
enum { W_MUNICIPAL, W_FLEXIBLE, W_WAITING, W_INTERNAL, W_COMPOSITION };

typedef struct {
    almen_simulation *s;
    const hh_types *h;
    int weights_of[SIM_NCH]; /* W_* per channel */
    uint64_t lives_in[SIM_DW];
    int *pool_kind;          /* per pool: W_* (to find pools again) */
    size_t cap;
} pool_ctx;

static int any_weight(const hh_types *h, int ch)
{
    for (size_t k = 0; k < h->n; k++)
        if (h->t[k].applicants[ch] > 0) return 1;
    return 0;
}

/* The pool of weights `kind` over the types in allowed; its index, or -1 when no type in
 * allowed has weight (-2 on failure, error recorded). */
static int32_t intern_pool(pool_ctx *x, int kind, uint64_t allowed)
{
    almen_simulation *s = x->s;
    double w[SIM_MAX_TYPES] = {0};
    double total = 0;
    for (size_t k = 0; k < x->h->n; k++) {
        if (!(allowed >> k & 1)) continue;
        w[k] = kind == W_COMPOSITION ? 1 : x->h->t[k].applicants[kind];
        if (!(w[k] > 0)) w[k] = 0;
        total += w[k];
    }
    if (!(total > 0)) return -1;
    for (size_t i = 0; i < s->n_pools; i++)
        if (x->pool_kind[i] == kind && s->pools[i].allowed == allowed) return (int32_t)i;
    if (s->n_pools == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 16;
        sim_pool *p = realloc(s->pools, cap * sizeof *p);
        int *q = p ? realloc(x->pool_kind, cap * sizeof *q) : NULL;
        if (p) s->pools = p;
        if (!p || !q) return almen_fail_nomem(), -2;
        x->pool_kind = q;
        x->cap = cap;
    }
    sim_pool *p = &s->pools[s->n_pools];
    memset(p, 0, sizeof *p);
    p->dynamic = kind == W_COMPOSITION;
    p->allowed = allowed;
    p->fallback = -1;
    rng_prepare(w, (int)x->h->n, p->cond, p->log_q, p->cum);
    x->pool_kind[s->n_pools] = kind;
    return (int32_t)s->n_pools++;
}

/* The channels of one department's dwellings of type t: shares (fractions adding up to 1),
 * the types each channel turns away, flexible letting's qualifying types. */
typedef struct {
    double share[SIM_NCH];
    uint64_t excluded[SIM_NCH];
    uint64_t flexible_ok;
} channels;

static int fill_letting(pool_ctx *x, size_t d, int t, const channels *ch, sim_letting *out)
{
    const almen_simulation *s = x->s;
    memset(out, 0, sizeof *out);
    for (int c = 0; c < SIM_NCH; c++) out->pool[c] = -1;
    if (!s->dw_max[d * SIM_DW + (size_t)t]) return ALMEN_OK; /* nothing to let, ever */
    uint64_t lives = x->lives_in[t];
    int32_t waiting = intern_pool(x, W_WAITING, lives & ~ch->excluded[CH_WAITING]);
    int32_t open = intern_pool(x, W_WAITING, lives);
    if (waiting < -1 || open < -1) return ALMEN_ENOMEM;
    if (open < 0)
        return almen_fail(ALMEN_EINVAL,
                          "no household type that can live in %s dwellings has a waiting_list "
                          "applicant weight (department %s)",
                          SIM_DWELLING_TYPES[t], s->dept_id[d]);
    for (int c = 0; c < SIM_NCH; c++) {
        out->share[c] = ch->share[c];
        out->excluded[c] = ch->excluded[c];
        out->pool[c] = -1;
        if (!(ch->share[c] > 0)) continue;
        uint64_t allowed = lives & ~ch->excluded[c];
        if (c == CH_FLEXIBLE) allowed &= ch->flexible_ok;
        int32_t p = intern_pool(x, x->weights_of[c], allowed);
        if (p < -1) return ALMEN_ENOMEM;
        /* No applicant left: the vacancy goes to the waiting list under its own rules, and
         * when those leave no one either, to the unrestricted waiting list (a dwelling is
         * always let in the end). */
        if (p < 0) {
            out->fallback[c] = 1;
            p = waiting >= 0 ? waiting : open;
        } else if (s->pools[p].dynamic && s->pools[p].fallback < 0) {
            x->s->pools[p].fallback = waiting >= 0 ? waiting : open;
        }
        out->pool[c] = p;
    }
    rng_prepare(out->share, SIM_NCH, out->cond, out->log_q, out->cum);
    return ALMEN_OK;
}

/* Shares from the municipal share m, flexible quota q (of the lettings outside municipal
 * allocation and internal moves) and internal share i, all fractions. */
static void split(double m, double q, double i, channels *ch)
{
    m = fmin(fmax(m, 0), 1);
    i = fmin(i, 1 - m);
    ch->share[CH_MUNICIPAL] = m;
    ch->share[CH_INTERNAL] = i;
    ch->share[CH_FLEXIBLE] = q * (1 - m - i);
    ch->share[CH_WAITING] = fmax(0, 1 - m - i - ch->share[CH_FLEXIBLE]);
}

static int explicit_channels(const almen_simulation *s, const hh_types *h,
                             const sim_policy_def *p, int t, channels *ch)
{
    memset(ch, 0, sizeof *ch);
    double internal = isnan(p->share[CH_INTERNAL]) ? s->param[SP_INTERNAL_PCT] : p->share[CH_INTERNAL];
    if (p->dwellings >> t & 1) {
        ch->share[CH_MUNICIPAL] = p->share[CH_MUNICIPAL] / 100;
        ch->share[CH_FLEXIBLE] = p->share[CH_FLEXIBLE] / 100;
        ch->share[CH_INTERNAL] = internal / 100;
        ch->share[CH_WAITING] = fmax(0, 1 - ch->share[CH_MUNICIPAL] - ch->share[CH_FLEXIBLE] -
                                            ch->share[CH_INTERNAL]);
        for (int c = 0; c < SIM_NCH; c++) {
            const char *unknown = NULL;
            if (names_mask(h, p->exclude[c], p->n_exclude[c], &ch->excluded[c], &unknown))
                return almen_fail_at(ALMEN_EINVAL, p->source, p->line, p->column, "exclude",
                                     "'%s' is neither an applicant group nor a household type",
                                     unknown);
        }
        ch->flexible_ok = qualifying(h, p->criteria, p->n_criteria);
    } else {
        split(0, 0, internal / 100, ch);
    }
    return ALMEN_OK;
}

/* ---- The agreements' policy -------------------------------------------------------------- */

/* Whether a policy row's dwelling_types (NULL: family, as the letting rules concern family
 * dwellings) include type t. */
static int row_covers(const char *types, int t)
{
    if (!types) return t == 0;
    size_t n = strlen(SIM_DWELLING_TYPES[t]);
    for (const char *p = types; (p = strstr(p, SIM_DWELLING_TYPES[t])); p += n)
        if ((p == types || p[-1] == ',') && (p[n] == '\0' || p[n] == ',')) return 1;
    return 0;
}

/* Splits a comma-separated cell into the names list (pointers into buf). */
static size_t split_names(const char *cell, char *buf, size_t cap, char **names, size_t max)
{
    size_t n = 0;
    if (!cell) return 0;
    snprintf(buf, cap, "%s", cell);
    for (char *p = buf; *p && n < max;) {
        names[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma) break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

typedef struct {
    size_t dept, instrument, share, quota, groups, criteria, dwelling_types;
} policy_cols;

static int policy_columns(const almen_table *t, policy_cols *c)
{
    const char *names[] = {"department", "instrument", "share_pct", "quota_pct", "groups",
                           "criteria", "dwelling_types"};
    size_t *cols[] = {&c->dept, &c->instrument, &c->share, &c->quota, &c->groups, &c->criteria,
                      &c->dwelling_types};
    for (int i = 0; i < 7; i++)
        if (almen_table_column_index(t, names[i], cols[i]))
            return almen_fail(ALMEN_EINVAL, "the letting policy table has no column %s", names[i]);
    return ALMEN_OK;
}

/* The channels of department d, dwelling type t from the policy rows [r0, r1). */
static int agreement_channels(const almen_simulation *s, const hh_types *h, const almen_table *tb,
                              const policy_cols *pc, size_t r0, size_t r1, int t, channels *ch)
{
    memset(ch, 0, sizeof *ch);
    double m = 0, q = 0;
    char *criteria[64] = {0};
    size_t n_criteria = 0;
    int flexible = 0, any_criteria_free = 0;
    char buf[1024], *names[64];
    for (size_t r = r0; r < r1; r++) {
        const char *instr = almen_table_get_string(tb, pc->instrument, r);
        if (!instr || !row_covers(almen_table_get_string(tb, pc->dwelling_types, r), t)) continue;
        int ban = !strcmp(instr, "allocation_ban");
        int reject = !strcmp(instr, "combined_letting") || !strcmp(instr, "mandatory_rejection");
        if (!strcmp(instr, "municipal_allocation")) {
            double v = almen_table_get_double(tb, pc->share, r);
            if (v / 100 > m) m = v / 100; /* instruments on the same right do not add up */
        } else if (!strcmp(instr, "flexible_letting")) {
            double v = almen_table_get_double(tb, pc->quota, r);
            v = isnan(v) ? 1 : v / 100; /* without a quota applicants meeting it go first */
            if (v > q) q = v;
            flexible = 1;
            const char *cell = almen_table_get_string(tb, pc->criteria, r);
            if (!cell) any_criteria_free = 1;
            size_t k = split_names(cell, buf, sizeof buf, names, 64);
            for (size_t i = 0; i < k && n_criteria < 64; i++) {
                criteria[n_criteria] = strdup(names[i]);
                if (!criteria[n_criteria]) {
                    for (size_t j = 0; j < n_criteria; j++) free(criteria[j]);
                    return almen_fail_nomem();
                }
                n_criteria++;
            }
        } else if (ban || reject) {
            size_t k = split_names(almen_table_get_string(tb, pc->groups, r), buf, sizeof buf,
                                   names, 64);
            uint64_t mask;
            const char *unknown = NULL;
            names_mask(h, names, k, &mask, &unknown); /* the module's groups: always known */
            if (ban) ch->excluded[CH_MUNICIPAL] |= mask;
            else ch->excluded[CH_WAITING] |= mask, ch->excluded[CH_FLEXIBLE] |= mask;
        }
    }
    split(m, flexible ? q : 0, s->param[SP_INTERNAL_PCT] / 100, ch);
    /* A statutory flexible letting names no criteria: any criterion qualifies then. */
    ch->flexible_ok = qualifying(h, criteria, any_criteria_free ? 0 : n_criteria);
    for (size_t j = 0; j < n_criteria; j++) free(criteria[j]);
    return ALMEN_OK;
}

/* A copy of the case with only the variant's agreements: "all" keeps them, "none" drops
 * them, an id keeps that one (ALMEN_EINVAL when the case has no such agreement). */
static int variant_case(const almen_case *c, const char *which, almen_case **out)
{
    TRY(almen_case_copy(c, out));
    if (!strcmp(which, "all")) return ALMEN_OK;
    almen_table *ids = NULL;
    int rc = almen_case_agreements(*out, &ids);
    int found = 0;
    for (size_t r = 0; !rc && r < almen_table_nrows(ids); r++) {
        const char *id = almen_table_get_string(ids, 0, r);
        if (!strcmp(id, which)) found = 1;
        else rc = almen_case_remove_agreement(*out, id);
    }
    almen_table_free(ids);
    if (!rc && !found && strcmp(which, "none"))
        rc = almen_fail(ALMEN_EINVAL, "the case has no agreement '%s' (its ids, \"all\" or "
                                      "\"none\")",
                        which);
    if (rc) {
        almen_case_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The policy table of the whole case on the 1st of `month` in year, every area given
 * status `status` for the list years year - 1 and year (whichever is in force then). */
static int policy_table(const almen_simulation *s, const almen_case *vc, int year, int month,
                        const char *status, almen_table **out)
{
    almen_agreement_options *ao = NULL;
    TRY(almen_agreement_options_new(&ao));
    int rc = almen_agreement_options_set_classification(ao, 0);
    for (size_t a = 0; a < s->n_area && !rc; a++) {
        rc = almen_agreement_options_set_status(ao, s->area_id[a], year - 1, status);
        if (!rc) rc = almen_agreement_options_set_status(ao, s->area_id[a], year, status);
    }
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-01", year, month);
    if (!rc) rc = almen_case_letting_policy(vc, date, NULL, ao, out);
    almen_agreement_options_free(ao);
    return rc;
}

static sim_letting *letting_at(almen_simulation *s, size_t v, int y, size_t st, size_t d, int t)
{
    return &s->letting[((((v * (size_t)s->years + (size_t)y) * s->n_status + st) * s->n_dept + d) *
                        SIM_DW) + (size_t)t];
}

static int agreement_variant(almen_simulation *s, pool_ctx *x, const almen_case *c, size_t v,
                             const char *which)
{
    almen_case *vc = NULL;
    TRY(variant_case(c, which, &vc));
    int rc = ALMEN_OK;
    for (int y = 0; y < s->years && !rc; y++) {
        for (size_t st = 0; st < s->n_status && !rc; st++) {
            almen_table *tb = NULL;
            policy_cols pc;
            rc = policy_table(s, vc, s->base + y, (int)s->param[SP_POLICY_MONTH],
                              s->status_name[st], &tb);
            if (!rc) rc = policy_columns(tb, &pc);
            /* Rows come department by department in file order, as the case lists them. */
            size_t r = 0, nrows = rc ? 0 : almen_table_nrows(tb);
            for (size_t d = 0; d < s->n_dept && !rc; d++) {
                size_t r0 = r;
                while (r < nrows && !strcmp(almen_table_get_string(tb, pc.dept, r), s->dept_id[d])) r++;
                for (int t = 0; t < SIM_DW && !rc; t++) {
                    channels ch;
                    rc = agreement_channels(s, x->h, tb, &pc, r0, r, t, &ch);
                    if (!rc) rc = fill_letting(x, d, t, &ch, letting_at(s, v, y, st, d, t));
                }
            }
            almen_table_free(tb);
        }
    }
    almen_case_free(vc);
    return rc;
}

static int explicit_variant(almen_simulation *s, pool_ctx *x, size_t v, const sim_policy_def *p)
{
    for (size_t d = 0; d < s->n_dept; d++) {
        for (int t = 0; t < SIM_DW; t++) {
            channels ch;
            TRY(explicit_channels(s, x->h, p, t, &ch));
            sim_letting *first = letting_at(s, v, 0, 0, d, t);
            TRY(fill_letting(x, d, t, &ch, first));
            /* The same every year and in every status. */
            for (int y = 0; y < s->years; y++)
                for (size_t st = 0; st < s->n_status; st++)
                    if (y || st) *letting_at(s, v, y, st, d, t) = *first;
        }
    }
    return ALMEN_OK;
}

int sim_setup_policies(almen_simulation *s, const almen_case *c, const hh_types *h,
                       const almen_simulation_options *o)
{
    static const char *const all = "all";
    s->n_var = o->n_var ? o->n_var : 1;
    s->var_name = calloc(s->n_var, sizeof *s->var_name);
    size_t cells = s->n_var * (size_t)s->years * s->n_status * s->n_dept * SIM_DW;
    s->letting = calloc(cells ? cells : 1, sizeof *s->letting);
    if (!s->var_name || !s->letting) return almen_fail_nomem();
    pool_ctx x = {s, h, {W_MUNICIPAL, W_FLEXIBLE, W_WAITING, W_INTERNAL}, {0}, NULL, 0};
    /* Channels whose weights no type gives borrow the waiting list's (the internal channel:
     * the department's own households). */
    if (!any_weight(h, CH_MUNICIPAL)) x.weights_of[CH_MUNICIPAL] = W_WAITING;
    if (!any_weight(h, CH_FLEXIBLE)) x.weights_of[CH_FLEXIBLE] = W_WAITING;
    if (!any_weight(h, CH_INTERNAL)) x.weights_of[CH_INTERNAL] = W_COMPOSITION;
    for (int t = 0; t < SIM_DW; t++)
        for (size_t k = 0; k < h->n; k++)
            if (h->t[k].dwellings >> t & 1) x.lives_in[t] |= (uint64_t)1 << k;
    int rc = ALMEN_OK;
    for (size_t v = 0; v < s->n_var && !rc; v++) {
        const sim_variant_def *vd = o->n_var ? &o->var[v] : NULL;
        const char *name = vd ? (vd->agreement ? vd->agreement : vd->policy->name) : all;
        if (!(s->var_name[v] = strdup(name))) rc = almen_fail_nomem();
        else if (vd && vd->policy) rc = explicit_variant(s, &x, v, vd->policy);
        else rc = agreement_variant(s, &x, c, v, name);
    }
    free(x.pool_kind);
    return rc;
}
