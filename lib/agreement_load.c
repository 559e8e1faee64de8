/* Reading agreements from YAML (docs/agreements.md). Everything that can be checked
 * without the case is checked here, with the position of the offending node; references to
 * the case are kept with their positions and checked by agreement_check.c. */
#include <math.h>
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

typedef struct {
    ydoc *d;
    agr_list *l;
} parser;

/* ---- Scalars --------------------------------------------------------------------------- */

static int get(parser *p, yaml_node_t *map, const char *key, yaml_node_t **out)
{
    int failed = 0;
    *out = y_get(p->d, map, key, &failed);
    return failed ? ALMEN_ELIMIT : ALMEN_OK;
}

/* An optional value: *v (NULL when absent) and its field path in kp. */
static int opt_node(parser *p, yaml_node_t *map, const char *path, const char *key,
                    yaml_node_t **v, char *kp)
{
    y_path_key(kp, path, key);
    return get(p, map, key, v);
}

static int text(parser *p, yaml_node_t *node, const char *path, char **out)
{
    char *s;
    TRY(y_text(p->d, node, path, &s));
    *out = agr_pool_strdup(&p->l->pool, s);
    free(s);
    return *out ? ALMEN_OK : ALMEN_ENOMEM;
}

/* An optional text field: *out stays NULL when absent. */
static int opt_text(parser *p, yaml_node_t *map, const char *path, const char *key, char **out)
{
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    TRY(opt_node(p, map, path, key, &v, kp));
    return v ? text(p, v, kp, out) : ALMEN_OK;
}

static int req_text(parser *p, yaml_node_t *map, const char *path, const char *key, char **out)
{
    yaml_node_t *v;
    TRY(y_require(p->d, map, path, key, &v));
    char kp[YAMLX_PATH_MAX];
    y_path_key(kp, path, key);
    return text(p, v, kp, out);
}

static int boolean(parser *p, yaml_node_t *node, const char *path, int *out)
{
    const char *s = y_scalar(node);
    if (s && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (!strcmp(s, "true")) return *out = 1, ALMEN_OK;
        if (!strcmp(s, "false")) return *out = 0, ALMEN_OK;
    }
    return y_fail(p->d, node, path, ALMEN_EINPUT, "expected true or false, found '%.40s'",
                  s ? s : "a collection");
}

static int opt_bool(parser *p, yaml_node_t *map, const char *path, const char *key, int *out)
{
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    TRY(opt_node(p, map, path, key, &v, kp));
    return v ? boolean(p, v, kp, out) : ALMEN_OK;
}

static int date(parser *p, yaml_node_t *node, const char *path, agr_day *out)
{
    const char *s = y_scalar(node);
    if (!s || agr_day_parse(s, out))
        return y_fail(p->d, node, path, ALMEN_EINPUT,
                      "expected a date YYYY-MM-DD (a real calendar date, years 1900-2200), "
                      "found '%.40s'",
                      s ? s : "a collection");
    return ALMEN_OK;
}

static int opt_date(parser *p, yaml_node_t *map, const char *path, const char *key, agr_day *out)
{
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    *out = AGR_NO_DAY;
    TRY(opt_node(p, map, path, key, &v, kp));
    return v ? date(p, v, kp, out) : ALMEN_OK;
}

static int opt_number(parser *p, yaml_node_t *map, const char *path, const char *key, double lo,
                      double hi, int lo_open, double *out)
{
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    *out = NAN;
    TRY(opt_node(p, map, path, key, &v, kp));
    if (!v) return ALMEN_OK;
    TRY(y_number(p->d, v, kp, out));
    if ((lo_open ? !(*out > lo) : !(*out >= lo)) || *out > hi)
        return y_fail(p->d, v, kp, ALMEN_EINPUT, "must be %s %g and at most %g",
                      lo_open ? "greater than" : "at least", lo, hi);
    return ALMEN_OK;
}

/* A reference: the id and where it was written. */
static int ref(parser *p, yaml_node_t *node, const char *path, agr_ref *out)
{
    TRY(text(p, node, path, &out->id));
    out->line = (int)node->start_mark.line + 1;
    out->column = (int)node->start_mark.column + 1;
    out->path = agr_pool_strdup(&p->l->pool, path);
    return out->path ? ALMEN_OK : ALMEN_ENOMEM;
}

/* Reads one item of a list into items[i] (items: the array so far, size bytes each). */
typedef int (*item_reader)(parser *p, yaml_node_t *item, const char *path, void *items,
                           size_t i, void *ctx);

/* Reads a list: checks it is one, allocates its items (zeroed) and reads each with fn;
 * *count grows as items are read. */
static int read_list(parser *p, yaml_node_t *node, const char *path, size_t size, void **items,
                     size_t *count, item_reader fn, void *ctx)
{
    size_t n;
    TRY(y_check_seq(p->d, node, path, &n));
    *count = 0;
    *items = agr_pool_alloc(&p->l->pool, (n + 1) * size);
    if (!*items) return ALMEN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, path, i);
        yaml_node_t *item = y_item(p->d, node, i, path);
        if (!item) return ALMEN_ELIMIT;
        TRY(fn(p, item, ip, *items, i, ctx));
        *count = i + 1;
    }
    return ALMEN_OK;
}

/* An optional list under key of map (absent: no items). */
static int opt_list(parser *p, yaml_node_t *map, const char *path, const char *key, size_t size,
                    void **items, size_t *count, item_reader fn, void *ctx)
{
    yaml_node_t *seq;
    char kp[YAMLX_PATH_MAX];
    TRY(opt_node(p, map, path, key, &seq, kp));
    return seq ? read_list(p, seq, kp, size, items, count, fn, ctx) : ALMEN_OK;
}

/* ctx: a map of the ids read so far (lists name up to every department of a country, so
 * duplicates are found through it rather than by comparing every pair). */
static int ref_item(parser *p, yaml_node_t *item, const char *ip, void *items, size_t i, void *ctx)
{
    agr_ref *v = items;
    TRY(ref(p, item, ip, &v[i]));
    int put = strmap_put(ctx, v[i].id, i);
    if (put < 0) return almen_fail_nomem();
    if (put > 0) return y_fail(p->d, item, ip, ALMEN_EINPUT, "'%s' is listed twice", v[i].id);
    return ALMEN_OK;
}

/* A list of references, ids unique within the list. */
static int refs(parser *p, yaml_node_t *node, const char *path, agr_refs *out)
{
    strmap seen;
    strmap_init(&seen);
    int rc = read_list(p, node, path, sizeof *out->v, (void **)&out->v, &out->n, ref_item, &seen);
    strmap_free(&seen);
    return rc;
}

static int text_item(parser *p, yaml_node_t *item, const char *ip, void *items, size_t i,
                     void *ctx)
{
    (void)ctx;
    return text(p, item, ip, &((char **)items)[i]);
}

/* A list of texts. */
static int texts(parser *p, yaml_node_t *node, const char *path, char ***out, size_t *count)
{
    return read_list(p, node, path, sizeof **out, (void **)out, count, text_item, NULL);
}

/* A list of names from a vocabulary, as bits; each name at most once. */
static int name_bits(parser *p, yaml_node_t *node, const char *path, const char *const *names,
                     int count, const char *what, unsigned *out)
{
    size_t n;
    TRY(y_check_seq(p->d, node, path, &n));
    *out = 0;
    for (size_t i = 0; i < n; i++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, path, i);
        yaml_node_t *item = y_item(p->d, node, i, path);
        if (!item) return ALMEN_ELIMIT;
        const char *s = y_scalar(item);
        int k = -1;
        for (int j = 0; s && j < count; j++)
            if (!strcmp(names[j], s)) k = j;
        if (k < 0) {
            char list[400] = "";
            size_t used = 0;
            for (int j = 0; j < count && used < sizeof list; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                                         names[j]);
            return y_fail(p->d, item, ip, ALMEN_EINPUT, "unknown %s '%.40s' (%s)", what,
                          s ? s : "?", list);
        }
        if (*out & (1u << k))
            return y_fail(p->d, item, ip, ALMEN_EINPUT, "'%s' is listed twice", s);
        *out |= 1u << k;
    }
    if (!n) return y_fail(p->d, node, path, ALMEN_EINPUT, "must name at least one %s", what);
    return ALMEN_OK;
}

/* ---- Parts of an agreement ------------------------------------------------------------- */

static int load_parties(parser *p, yaml_node_t *item, const char *path, agreement *a)
{
    static const char *const keys[] = {"municipality", "organisations", NULL};
    yaml_node_t *m, *v;
    char pp[YAMLX_PATH_MAX], kp[YAMLX_PATH_MAX];
    TRY(y_require(p->d, item, path, "parties", &m));
    y_path_key(pp, path, "parties");
    TRY(y_check_map(p->d, m, pp, keys));
    TRY(get(p, m, "municipality", &v));
    if (v) {
        long code;
        y_path_key(kp, pp, "municipality");
        TRY(y_integer(p->d, v, kp, 101, 999, &code));
        a->municipality = (int)code;
        a->municipality_line = (int)v->start_mark.line + 1;
        a->municipality_column = (int)v->start_mark.column + 1;
    }
    TRY(y_require(p->d, m, pp, "organisations", &v));
    y_path_key(kp, pp, "organisations");
    /* May be empty here (an unfilled template); a case needs at least one. */
    return refs(p, v, kp, &a->organisations);
}

static int adoption_item(parser *p, yaml_node_t *e, const char *ip, void *items, size_t i,
                         void *ctx)
{
    static const char *const keys[] = {"body", "organisation", "date", NULL};
    agr_adoption *ad = &((agr_adoption *)items)[i];
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    (void)ctx;
    TRY(y_check_map(p->d, e, ip, keys));
    TRY(req_text(p, e, ip, "body", &ad->body));
    TRY(y_require(p->d, e, ip, "date", &v));
    y_path_key(kp, ip, "date");
    TRY(date(p, v, kp, &ad->date));
    TRY(get(p, e, "organisation", &v));
    int board = !strcmp(ad->body, "organisation_board");
    y_path_key(kp, ip, "organisation");
    if (board && !v)
        return y_fail(p->d, e, kp, ALMEN_EINPUT,
                      "an organisation_board adoption names the organisation");
    if (!board && v)
        return y_fail(p->d, v, kp, ALMEN_EINPUT,
                      "only an organisation_board adoption names an organisation");
    return v ? ref(p, v, kp, &ad->organisation) : ALMEN_OK;
}

/* A geography mapping (the agreement's, or an instrument's applies_to). */
static int load_geo(parser *p, yaml_node_t *m, const char *path, int allow_municipality,
                    agr_geo *g)
{
    static const char *const keys[] = {"municipality", "districts", "areas", "departments", NULL};
    static const char *const keys_sub[] = {"districts", "areas", "departments", NULL};
    TRY(y_check_map(p->d, m, path, allow_municipality ? keys : keys_sub));
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    g->given = 1;
    if (allow_municipality) {
        TRY(get(p, m, "municipality", &v));
        if (v) {
            y_path_key(kp, path, "municipality");
            TRY(boolean(p, v, kp, &g->municipality));
            if (!g->municipality)
                return y_fail(p->d, v, kp, ALMEN_EINPUT,
                              "write municipality: true or name districts, areas or departments");
            if (m->data.mapping.pairs.top - m->data.mapping.pairs.start > 1)
                return y_fail(p->d, v, kp, ALMEN_EINPUT,
                              "the whole municipality takes no districts, areas or departments");
            return ALMEN_OK;
        }
    }
    static const char *const lists[] = {"districts", "areas", "departments"};
    agr_refs *dst[] = {&g->districts, &g->areas, &g->departments};
    int any = 0;
    for (int i = 0; i < 3; i++) {
        TRY(get(p, m, lists[i], &v));
        if (!v) continue;
        y_path_key(kp, path, lists[i]);
        TRY(refs(p, v, kp, dst[i]));
        any = 1;
    }
    if (!any)
        return y_fail(p->d, m, path, ALMEN_EINPUT, "name %sdistricts, areas or departments",
                      allow_municipality ? "the municipality (municipality: true), " : "");
    return ALMEN_OK;
}

static int board_item(parser *p, yaml_node_t *e, const char *ip, void *items, size_t i,
                      void *ctx)
{
    static const char *const keys[] = {"id", "name", "parent", "district", "per_district",
                                       "members", NULL};
    agr_board *boards = items, *b = &boards[i];
    yaml_node_t **parents = ctx, *v;
    char kp[YAMLX_PATH_MAX];
    TRY(y_check_map(p->d, e, ip, keys));
    TRY(req_text(p, e, ip, "id", &b->id));
    for (size_t j = 0; j < i; j++)
        if (!strcmp(boards[j].id, b->id)) {
            y_path_key(kp, ip, "id");
            return y_fail(p->d, e, kp, ALMEN_EINPUT, "duplicate board id '%s'", b->id);
        }
    TRY(req_text(p, e, ip, "name", &b->name));
    TRY(opt_text(p, e, ip, "parent", &b->parent));
    TRY(get(p, e, "parent", &parents[i]));
    TRY(opt_bool(p, e, ip, "per_district", &b->per_district));
    TRY(get(p, e, "district", &v));
    if (v) {
        y_path_key(kp, ip, "district");
        if (b->per_district)
            return y_fail(p->d, v, kp, ALMEN_EINPUT,
                          "a per_district board gets its districts from the geography");
        TRY(ref(p, v, kp, &b->district));
    }
    TRY(get(p, e, "members", &v));
    if (!v) return ALMEN_OK;
    y_path_key(kp, ip, "members");
    return texts(p, v, kp, &b->members, &b->n_members);
}

static int load_boards(parser *p, yaml_node_t *seq, const char *sp, agreement *a)
{
    /* The parent nodes, for the position of an error found once every board is known. */
    size_t n = seq->type == YAML_SEQUENCE_NODE
                   ? (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start)
                   : 0;
    yaml_node_t **parents = calloc(n + 1, sizeof *parents);
    if (!parents) return almen_fail_nomem();
    int rc = read_list(p, seq, sp, sizeof *a->boards, (void **)&a->boards, &a->n_boards,
                       board_item, parents);
    /* Parents name boards of the same agreement, and the boards form a tree. */
    for (size_t i = 0; i < a->n_boards && !rc; i++) {
        const char *parent = a->boards[i].parent;
        size_t steps = 0;
        char ip[YAMLX_PATH_MAX], kp[YAMLX_PATH_MAX];
        y_path_index(ip, sp, i);
        y_path_key(kp, ip, "parent");
        while (parent && !rc) {
            size_t j = 0;
            while (j < a->n_boards && strcmp(a->boards[j].id, parent)) j++;
            if (j == a->n_boards)
                rc = y_fail(p->d, parents[i], kp, ALMEN_EINPUT, "no board '%s' in this agreement",
                            parent);
            else if (j == i || ++steps > a->n_boards)
                rc = y_fail(p->d, parents[i], kp, ALMEN_EINPUT,
                            "boards form a cycle through '%s'", a->boards[i].id);
            else parent = a->boards[j].parent;
        }
    }
    free(parents);
    return rc;
}

static int role_item(parser *p, yaml_node_t *e, const char *ip, void *items, size_t i, void *ctx)
{
    static const char *const keys[] = {"role", "body", "responsibility", NULL};
    agr_role *r = &((agr_role *)items)[i];
    (void)ctx;
    TRY(y_check_map(p->d, e, ip, keys));
    TRY(req_text(p, e, ip, "role", &r->role));
    TRY(req_text(p, e, ip, "body", &r->body));
    return opt_text(p, e, ip, "responsibility", &r->responsibility);
}

static int load_governance(parser *p, yaml_node_t *item, const char *path, agreement *a)
{
    static const char *const keys[] = {"roles", "boards", NULL};
    yaml_node_t *m, *v;
    char gp[YAMLX_PATH_MAX], kp[YAMLX_PATH_MAX];
    TRY(get(p, item, "governance", &m));
    if (!m) return ALMEN_OK;
    y_path_key(gp, path, "governance");
    TRY(y_check_map(p->d, m, gp, keys));
    TRY(opt_list(p, m, gp, "roles", sizeof *a->roles, (void **)&a->roles, &a->n_roles,
                 role_item, NULL));
    TRY(get(p, m, "boards", &v));
    if (v) {
        y_path_key(kp, gp, "boards");
        TRY(load_boards(p, v, kp, a));
    }
    return ALMEN_OK;
}

static int cmp_day(const void *x, const void *y)
{
    agr_day a = *(const agr_day *)x, b = *(const agr_day *)y;
    return (a > b) - (a < b);
}

static int review_item(parser *p, yaml_node_t *e, const char *ip, void *items, size_t i,
                       void *ctx)
{
    agr_day *reviews = items, start = *(const agr_day *)ctx;
    TRY(date(p, e, ip, &reviews[i]));
    if (reviews[i] < start) return y_fail(p->d, e, ip, ALMEN_EINPUT, "a review before the start");
    for (size_t j = 0; j < i; j++)
        if (reviews[j] == reviews[i])
            return y_fail(p->d, e, ip, ALMEN_EINPUT, "the same review date twice");
    return ALMEN_OK;
}

static int load_period(parser *p, yaml_node_t *item, const char *path, agreement *a)
{
    static const char *const keys[] = {"start", "end", "reviews", NULL};
    yaml_node_t *m, *v;
    char pp[YAMLX_PATH_MAX], kp[YAMLX_PATH_MAX];
    TRY(y_require(p->d, item, path, "period", &m));
    y_path_key(pp, path, "period");
    TRY(y_check_map(p->d, m, pp, keys));
    TRY(y_require(p->d, m, pp, "start", &v));
    y_path_key(kp, pp, "start");
    TRY(date(p, v, kp, &a->start));
    TRY(opt_date(p, m, pp, "end", &a->end));
    if (a->end != AGR_NO_DAY && a->end < a->start) {
        TRY(get(p, m, "end", &v));
        y_path_key(kp, pp, "end");
        return y_fail(p->d, v, kp, ALMEN_EINPUT, "the end is before the start");
    }
    TRY(opt_list(p, m, pp, "reviews", sizeof *a->reviews, (void **)&a->reviews, &a->n_reviews,
                 review_item, &a->start));
    /* Without reviews the list is NULL, which qsort must not be given. */
    if (a->n_reviews > 1) qsort(a->reviews, a->n_reviews, sizeof *a->reviews, cmp_day);
    return ALMEN_OK;
}

static int load_extension(parser *p, yaml_node_t *item, const char *path, agreement *a)
{
    static const char *const keys[] = {"decided", "ministerial_permission", NULL};
    yaml_node_t *m, *v;
    char ep[YAMLX_PATH_MAX], kp[YAMLX_PATH_MAX];
    a->ext_60b = AGR_NO_DAY;
    TRY(get(p, item, "extension_60b", &m));
    if (!m) return ALMEN_OK;
    y_path_key(ep, path, "extension_60b");
    TRY(y_check_map(p->d, m, ep, keys));
    TRY(y_require(p->d, m, ep, "decided", &v));
    y_path_key(kp, ep, "decided");
    TRY(date(p, v, kp, &a->ext_60b));
    return opt_bool(p, m, ep, "ministerial_permission", &a->ext_permission);
}

static int load_themes(parser *p, yaml_node_t *item, const char *path, agreement *a)
{
    const char *keys[AGR_THEME_COUNT + 2];
    for (int i = 0; i < AGR_THEME_COUNT; i++) keys[i] = AGR_THEME_NAMES[i];
    keys[AGR_THEME_COUNT] = "other";
    keys[AGR_THEME_COUNT + 1] = NULL;
    memset(a->themes, -1, sizeof a->themes);
    yaml_node_t *m, *v;
    char tp[YAMLX_PATH_MAX], kp[YAMLX_PATH_MAX];
    TRY(get(p, item, "themes", &m));
    if (!m) return ALMEN_OK;
    y_path_key(tp, path, "themes");
    TRY(y_check_map(p->d, m, tp, keys));
    for (int i = 0; i < AGR_THEME_COUNT; i++) {
        TRY(get(p, m, AGR_THEME_NAMES[i], &v));
        if (!v) continue;
        int on;
        y_path_key(kp, tp, AGR_THEME_NAMES[i]);
        TRY(boolean(p, v, kp, &on));
        a->themes[i] = (signed char)on;
    }
    TRY(get(p, m, "other", &v));
    if (!v) return ALMEN_OK;
    y_path_key(kp, tp, "other");
    if (v->type != YAML_MAPPING_NODE)
        return y_fail(p->d, v, kp, ALMEN_EINPUT, "expected a mapping of theme: true or false");
    size_t n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    a->free_themes = agr_pool_alloc(&p->l->pool, (n + 1) * sizeof *a->free_themes);
    if (!a->free_themes) return ALMEN_ENOMEM;
    for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
        yaml_node_t *k = yaml_document_get_node(&p->d->doc, q->key);
        yaml_node_t *val = yaml_document_get_node(&p->d->doc, q->value);
        char np[YAMLX_PATH_MAX];
        y_path_key(np, kp, y_scalar(k) ? y_scalar(k) : "?");
        agr_free_theme *t = &a->free_themes[a->n_free_themes];
        TRY(text(p, k, np, &t->name));
        if (!strcmp(t->name, "any"))
            return y_fail(p->d, k, np, ALMEN_EINPUT,
                          "'any' names every agreement in coverage tables: choose another name");
        for (int i = 0; i < AGR_THEME_COUNT; i++)
            if (!strcmp(AGR_THEME_NAMES[i], t->name))
                return y_fail(p->d, k, np, ALMEN_EINPUT,
                              "'%s' is a fixed theme: write it directly under themes", t->name);
        for (size_t j = 0; j < a->n_free_themes; j++)
            if (!strcmp(a->free_themes[j].name, t->name))
                return y_fail(p->d, k, np, ALMEN_EINPUT, "duplicate theme '%s'", t->name);
        TRY(boolean(p, val, np, &t->on));
        a->n_free_themes++;
    }
    return ALMEN_OK;
}

/* ---- Instruments ----------------------------------------------------------------------- */

/* The keys each instrument type takes besides the common ones. */
static const char *const *instr_keys(instr_type t)
{
    static const char *const alloc[] = {"share_pct", "every", "stk2", "dwelling_types", NULL};
    static const char *const ban[] = {"stk", "groups", NULL};
    static const char *const flex[] = {"criteria", "quota_pct", NULL};
    static const char *const groups[] = {"groups", NULL};
    static const char *const target[] = {"dwelling_types", "target_group", "count",
                                         "dispensation", "paragraph", NULL};
    static const char *const funded[] = {"name", "amount", "funder", "start", "end", "paragraph",
                                         NULL};
    static const char *const other[] = {"description", "paragraph", NULL};
    switch (t) {
    case AGR_INSTR_MUNICIPAL_ALLOCATION: return alloc;
    case AGR_INSTR_ALLOCATION_BAN: return ban;
    case AGR_INSTR_FLEXIBLE_LETTING: return flex;
    case AGR_INSTR_COMBINED_LETTING:
    case AGR_INSTR_MANDATORY_REJECTION: return groups;
    case AGR_INSTR_TARGET_GROUP_DWELLINGS: return target;
    case AGR_INSTR_FUNDED_INITIATIVE: return funded;
    default: return other;
    }
}

static int check_instr_keys(parser *p, yaml_node_t *e, const char *ip, instr_type t)
{
    static const char *const common[] = {"type", "applies_to", "area_status", "note", NULL};
    const char *keys[16];
    size_t n = 0;
    for (const char *const *k = common; *k; k++) keys[n++] = *k;
    for (const char *const *k = instr_keys(t); *k; k++) keys[n++] = *k;
    keys[n] = NULL;
    return y_check_map(p->d, e, ip, keys);
}

static int load_groups(parser *p, yaml_node_t *e, const char *ip, unsigned allowed,
                       unsigned deflt, const char *law, unsigned *out)
{
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    *out = deflt;
    TRY(get(p, e, "groups", &v));
    if (!v) return ALMEN_OK;
    y_path_key(kp, ip, "groups");
    TRY(name_bits(p, v, kp, AGR_GROUP_NAMES, AGR_GROUP_COUNT, "group", out));
    unsigned bad = *out & ~allowed;
    for (int i = 0; bad && i < AGR_GROUP_COUNT; i++)
        if (bad & (1u << i))
            return y_fail(p->d, v, kp, ALMEN_EINPUT, "group '%s' is not one of %s", AGR_GROUP_NAMES[i],
                          law);
    return ALMEN_OK;
}

static int load_dwelling_types(parser *p, yaml_node_t *e, const char *ip, unsigned deflt,
                               unsigned *out)
{
    static const char *const names[] = {"family", "youth", "elderly"};
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    *out = deflt;
    TRY(get(p, e, "dwelling_types", &v));
    if (!v) {
        if (deflt) return ALMEN_OK;
        y_path_key(kp, ip, "dwelling_types");
        return y_fail(p->d, e, kp, ALMEN_EINPUT, "required field 'dwelling_types' is missing");
    }
    y_path_key(kp, ip, "dwelling_types");
    return name_bits(p, v, kp, names, 3, "dwelling type", out);
}

static int load_allocation(parser *p, yaml_node_t *e, const char *ip, agr_instrument *in)
{
    yaml_node_t *share, *every;
    char kp[YAMLX_PATH_MAX];
    TRY(get(p, e, "share_pct", &share));
    TRY(get(p, e, "every", &every));
    if (!share == !every)
        return y_fail(p->d, e, ip, ALMEN_EINPUT,
                      "give either share_pct (per cent of vacant dwellings) or every (every "
                      "n-th vacant dwelling)");
    if (share) TRY(opt_number(p, e, ip, "share_pct", 0, 100, 1, &in->share_pct));
    if (every) {
        long n;
        y_path_key(kp, ip, "every");
        TRY(y_integer(p->d, every, kp, 1, 1000, &n));
        in->every = (int)n;
        in->share_pct = 100.0 / (double)n;
    }
    TRY(opt_bool(p, e, ip, "stk2", &in->stk2));
    return load_dwelling_types(p, e, ip, AGR_DW_FAMILY, &in->dwelling_types);
}

static int load_instr_details(parser *p, yaml_node_t *e, const char *ip, agr_instrument *in)
{
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    switch (in->type) {
    case AGR_INSTR_MUNICIPAL_ALLOCATION: return load_allocation(p, e, ip, in);
    case AGR_INSTR_ALLOCATION_BAN: {
        long stk;
        TRY(y_require(p->d, e, ip, "stk", &v));
        y_path_key(kp, ip, "stk");
        TRY(y_integer(p->d, v, kp, 6, 7, &stk));
        in->stk = (int)stk;
        unsigned all = stk == 6 ? AGR_GROUPS_59_6 : AGR_GROUPS_59_7;
        return load_groups(p, e, ip, all, all, stk == 6 ? "§59 stk. 6" : "§59 stk. 7",
                           &in->groups);
    }
    case AGR_INSTR_FLEXIBLE_LETTING:
        TRY(y_require(p->d, e, ip, "criteria", &v));
        y_path_key(kp, ip, "criteria");
        TRY(texts(p, v, kp, &in->criteria, &in->n_criteria));
        if (!in->n_criteria)
            return y_fail(p->d, v, kp, ALMEN_EINPUT, "flexible letting needs its criteria");
        return opt_number(p, e, ip, "quota_pct", 0, 100, 1, &in->quota_pct);
    case AGR_INSTR_COMBINED_LETTING:
        TRY(load_groups(p, e, ip, AGR_GROUPS_51B, 1u << AGR_GROUP_SOCIAL_ASSISTANCE_6M,
                        "§51b stk. 1 (social_assistance_6m, disability_pension, "
                        "unemployment_sickness_6m)",
                        &in->groups));
        if (!(in->groups & (1u << AGR_GROUP_SOCIAL_ASSISTANCE_6M))) {
            TRY(get(p, e, "groups", &v));
            y_path_key(kp, ip, "groups");
            /* §51b stk. 1, 2. pkt. adds its groups "ud over" those of 1. pkt. */
            return y_fail(p->d, v, kp, ALMEN_EINPUT,
                          "§51b stk. 1: the further groups come in addition to "
                          "social_assistance_6m, which must be listed");
        }
        return ALMEN_OK;
    case AGR_INSTR_MANDATORY_REJECTION:
        return load_groups(p, e, ip, AGR_GROUPS_51C, AGR_GROUPS_51C, "§51c (social_assistance)",
                           &in->groups);
    case AGR_INSTR_TARGET_GROUP_DWELLINGS: {
        double count;
        TRY(load_dwelling_types(p, e, ip, 0, &in->dwelling_types));
        TRY(req_text(p, e, ip, "target_group", &in->target_group));
        TRY(opt_number(p, e, ip, "count", 0, 1e6, 0, &count));
        if (!isnan(count) && count != floor(count)) {
            TRY(get(p, e, "count", &v));
            y_path_key(kp, ip, "count");
            return y_fail(p->d, v, kp, ALMEN_EINPUT, "expected a whole number");
        }
        in->count = isnan(count) ? -1 : (int32_t)count;
        TRY(opt_text(p, e, ip, "dispensation", &in->dispensation));
        return opt_text(p, e, ip, "paragraph", &in->paragraph);
    }
    case AGR_INSTR_FUNDED_INITIATIVE:
        TRY(req_text(p, e, ip, "name", &in->name));
        TRY(opt_number(p, e, ip, "amount", 0, 1e13, 0, &in->amount));
        TRY(opt_text(p, e, ip, "funder", &in->funder));
        TRY(opt_date(p, e, ip, "start", &in->start));
        TRY(opt_date(p, e, ip, "end", &in->end));
        if (in->start != AGR_NO_DAY && in->end != AGR_NO_DAY && in->end < in->start) {
            TRY(get(p, e, "end", &v));
            y_path_key(kp, ip, "end");
            return y_fail(p->d, v, kp, ALMEN_EINPUT, "the end is before the start");
        }
        return opt_text(p, e, ip, "paragraph", &in->paragraph);
    default:
        TRY(req_text(p, e, ip, "description", &in->description));
        return opt_text(p, e, ip, "paragraph", &in->paragraph);
    }
}

static int load_area_status(parser *p, yaml_node_t *e, const char *ip, agr_instrument *in)
{
    static const char *const names[] = {"udsat", "parallelsamfund", "omdannelsesomraade",
                                        "forebyggelsesomraade", "none"};
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    TRY(get(p, e, "area_status", &v));
    if (!v) return ALMEN_OK;
    y_path_key(kp, ip, "area_status");
    unsigned bits;
    TRY(name_bits(p, v, kp, names, 5, "area status", &bits));
    /* The names are the status bits in order, "none" last (AGR_ST_NONE_BIT). */
    in->area_status = (int)bits;
    return ALMEN_OK;
}

static int instrument_item(parser *p, yaml_node_t *e, const char *ip, void *items, size_t i,
                           void *ctx)
{
    agr_instrument *in = &((agr_instrument *)items)[i];
    (void)ctx;
    yaml_node_t *v;
    char kp[YAMLX_PATH_MAX];
    if (e->type != YAML_MAPPING_NODE)
        return y_fail(p->d, e, ip, ALMEN_EINPUT, "expected a mapping (an instrument)");
    TRY(y_require(p->d, e, ip, "type", &v));
    y_path_key(kp, ip, "type");
    const char *t = y_scalar(v);
    int type = -1;
    for (int i = 0; t && i < AGR_INSTR_COUNT; i++)
        if (!strcmp(AGR_INSTR_NAMES[i], t)) type = i;
    if (type < 0)
        return y_fail(p->d, v, kp, ALMEN_EINPUT,
                      "unknown instrument '%.40s' (municipal_allocation, allocation_ban, "
                      "flexible_letting, combined_letting, mandatory_rejection, "
                      "target_group_dwellings, funded_initiative, other)",
                      t ? t : "?");
    in->type = (instr_type)type;
    in->quota_pct = NAN;
    in->amount = NAN;
    in->count = -1;
    in->start = in->end = AGR_NO_DAY;
    in->line = (int)e->start_mark.line + 1;
    in->column = (int)e->start_mark.column + 1;
    in->path = agr_pool_strdup(&p->l->pool, ip);
    if (!in->path) return ALMEN_ENOMEM;
    TRY(check_instr_keys(p, e, ip, in->type));
    TRY(load_instr_details(p, e, ip, in));
    TRY(load_area_status(p, e, ip, in));
    TRY(opt_text(p, e, ip, "note", &in->note));
    TRY(get(p, e, "applies_to", &v));
    if (v) {
        y_path_key(kp, ip, "applies_to");
        TRY(load_geo(p, v, kp, 0, &in->scope));
    }
    return ALMEN_OK;
}

/* ---- Agreements ------------------------------------------------------------------------ */

static int load_agreement(parser *p, yaml_node_t *item, const char *path, agreement *a)
{
    static const char *const keys[] = {"id",         "name",      "model",  "parties",
                                       "adoption",   "geography", "governance", "period",
                                       "extension_60b", "themes", "instruments", NULL};
    TRY(y_check_map(p->d, item, path, keys));
    a->line = (int)item->start_mark.line + 1;
    a->column = (int)item->start_mark.column + 1;
    a->path = agr_pool_strdup(&p->l->pool, path);
    if (!a->path) return ALMEN_ENOMEM;
    TRY(req_text(p, item, path, "id", &a->id));
    TRY(req_text(p, item, path, "name", &a->name));
    TRY(opt_text(p, item, path, "model", &a->model));
    TRY(load_parties(p, item, path, a));
    TRY(opt_list(p, item, path, "adoption", sizeof *a->adoptions, (void **)&a->adoptions,
                 &a->n_adoptions, adoption_item, NULL));
    yaml_node_t *g;
    char gp[YAMLX_PATH_MAX];
    TRY(y_require(p->d, item, path, "geography", &g));
    y_path_key(gp, path, "geography");
    TRY(load_geo(p, g, gp, 1, &a->geo));
    TRY(load_governance(p, item, path, a));
    TRY(load_period(p, item, path, a));
    TRY(load_extension(p, item, path, a));
    TRY(load_themes(p, item, path, a));
    return opt_list(p, item, path, "instruments", sizeof *a->instr, (void **)&a->instr,
                    &a->n_instr, instrument_item, NULL);
}

static int agreement_item(parser *p, yaml_node_t *item, const char *ip, void *items, size_t i,
                          void *ctx)
{
    agreement *list = items, *a = &list[i];
    (void)ctx;
    a->end = AGR_NO_DAY;
    TRY(load_agreement(p, item, ip, a));
    for (size_t j = 0; j < i; j++)
        if (!strcmp(list[j].id, a->id)) {
            char kp[YAMLX_PATH_MAX];
            yaml_node_t *idn;
            TRY(get(p, item, "id", &idn));
            y_path_key(kp, ip, "id");
            return y_fail(p->d, idn, kp, ALMEN_EINPUT, "duplicate agreement id '%s'", a->id);
        }
    return ALMEN_OK;
}

int agr_parse_list(ydoc *d, yaml_node_t *node, const char *path, agr_list *l)
{
    parser p = {d, l};
    l->source = agr_pool_strdup(&l->pool, d->source);
    if (!l->source) return ALMEN_ENOMEM;
    return read_list(&p, node, path, sizeof *l->a, (void **)&l->a, &l->n, agreement_item, NULL);
}

static int parse_document(ydoc *d, agr_list *l)
{
    static const char *const keys[] = {"format", "agreements", NULL};
    yaml_node_t *root = ydoc_root(d), *v;
    if (root->type == YAML_SEQUENCE_NODE) return agr_parse_list(d, root, "agreements", l);
    TRY(y_check_map(d, root, "", keys));
    int failed = 0;
    v = y_get(d, root, "format", &failed);
    if (failed) return ALMEN_ELIMIT;
    if (v && (!y_scalar(v) || strcmp(y_scalar(v), "1") != 0))
        return y_fail(d, v, "format", ALMEN_EVERSION,
                      "unsupported format '%.20s' (this library reads format 1)",
                      y_scalar(v) ? y_scalar(v) : "?");
    TRY(y_require(d, root, "", "agreements", &v));
    return agr_parse_list(d, v, "agreements", l);
}

int agr_parse_text(const char *text, size_t len, const char *source, agr_list *l)
{
    ydoc d;
    memset(l, 0, sizeof *l);
    int rc = ydoc_parse(&d, text, len, source);
    if (rc) return rc;
    rc = parse_document(&d, l);
    ydoc_free(&d);
    if (rc) agr_list_free(l);
    return rc;
}

void agr_list_free(agr_list *l)
{
    if (!l) return;
    agr_pool_free(&l->pool);
    l->a = NULL;
    l->n = 0;
    l->source = NULL;
}
