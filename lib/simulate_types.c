/* Household types for the letting simulation: the case file's `household_types` section
 * and the same format given to the options (docs/simulation.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "error_internal.h"
#include "rules_yaml.h"
#include "simulate_internal.h"
#include "yaml_emit.h"

const char *const SIM_CHANNELS[SIM_NCH] = {"municipal", "flexible", "waiting_list", "internal"};
const char *const SIM_DWELLING_TYPES[SIM_DW] = {"family", "youth", "elderly"};

/* The figures a type contributes to besides residents (its persons) and households (1). */
static int composition_field(int f)
{
    return f >= F_RESIDENTS_18_64 && f < FIELD_COUNT;
}

/* Persons-counting fields that cannot exceed the persons of the household. */
static int persons_field(int f)
{
    return f == F_RESIDENTS_18_64 || f == F_RESIDENTS_18PLUS || f == F_RESIDENTS_30_59 ||
           f == F_TAXPAYERS_15_64 || f == F_NONWESTERN;
}

static char *dup(const char *s, int *failed)
{
    if (!s) return NULL;
    char *p = strdup(s);
    if (!p) *failed = 1;
    return p;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

static char **dup_strings(char *const *v, size_t n, int *failed)
{
    if (!n) return NULL;
    char **out = calloc(n, sizeof *out);
    if (!out) {
        *failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) out[i] = dup(v[i], failed);
    return out;
}

void hh_types_free(hh_types *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++) {
        hh_type *t = &h->t[i];
        free(t->id);
        free(t->name);
        free_strings(t->groups, t->n_groups);
        free_strings(t->criteria, t->n_criteria);
    }
    free(h->t);
    for (size_t i = 0; i < h->n_init; i++) {
        free(h->init[i].department);
        free(h->init[i].type);
    }
    free(h->init);
    free(h->source);
    free(h);
}

int hh_types_find(const hh_types *h, const char *id)
{
    for (size_t i = 0; h && id && i < h->n; i++)
        if (!strcmp(h->t[i].id, id)) return (int)i;
    return -1;
}

/* ---- Reading ----------------------------------------------------------------------------- */

/* A list of text items into a new array; names (NULL-terminated, may be NULL) restricts
 * them. Repeated items are an error. */
static int read_list(ydoc *d, yaml_node_t *node, const char *path, const char *const *names,
                     char ***out, size_t *n)
{
    size_t count;
    TRY(y_check_seq(d, node, path, &count));
    if (!count) return ALMEN_OK;
    if (!(*out = calloc(count, sizeof **out))) return almen_fail_nomem();
    for (size_t i = 0; i < count; i++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, path, i);
        yaml_node_t *item = y_item(d, node, i, path);
        if (!item) return ALMEN_ELIMIT;
        char *s = NULL;
        TRY(y_text(d, item, ip, &s));
        (*out)[(*n)++] = s;
        int known = !names;
        for (size_t j = 0; names && names[j] && !known; j++) known = !strcmp(names[j], s);
        if (!known) {
            char list[400] = "";
            for (size_t j = 0; names[j] && strlen(list) + strlen(names[j]) + 3 < sizeof list; j++)
                strcat(strcat(list, j ? ", " : ""), names[j]);
            return y_fail(d, item, ip, ALMEN_EINPUT, "unknown name '%.60s' (%s)", s, list);
        }
        for (size_t j = 0; j + 1 < *n; j++)
            if (!strcmp((*out)[j], s))
                return y_fail(d, item, ip, ALMEN_EINPUT, "'%.60s' is listed twice", s);
    }
    return ALMEN_OK;
}

typedef struct {
    hh_type *t;
} type_ctx;

static int figure_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *kp, size_t i,
                       void *ctx)
{
    (void)i;
    hh_type *t = ((type_ctx *)ctx)->t;
    int f = field_index(y_scalar(key));
    if (f < 0 || !composition_field(f))
        return y_fail(d, key, kp, ALMEN_EINPUT,
                      "not a composition figure (residents_18_64, outside_labour_fte, "
                      "residents_18plus, convicted, residents_30_59, basic_education, "
                      "taxpayers_15_64, income_sum, nonwestern; persons are `persons`)");
    double v;
    TRY(y_number(d, value, kp, &v));
    if (v < 0) return y_fail(d, value, kp, ALMEN_EINPUT, "must be 0 or more");
    t->fig[f] = v;
    return ALMEN_OK;
}

static int applicant_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *kp,
                          size_t i, void *ctx)
{
    (void)i;
    hh_type *t = ((type_ctx *)ctx)->t;
    int ch = -1;
    for (int c = 0; c < SIM_NCH; c++)
        if (y_scalar(key) && !strcmp(y_scalar(key), SIM_CHANNELS[c])) ch = c;
    if (ch < 0)
        return y_fail(d, key, kp, ALMEN_EINPUT,
                      "unknown channel (municipal, flexible, waiting_list, internal)");
    double v;
    TRY(y_number(d, value, kp, &v));
    if (v < 0) return y_fail(d, value, kp, ALMEN_EINPUT, "a weight must be 0 or more");
    t->applicants[ch] = v;
    return ALMEN_OK;
}

/* Each count of a type must be consistent: parts within their wholes, age groups within
 * the household's persons. */
static int check_type(ydoc *d, yaml_node_t *node, const char *path, const hh_type *t)
{
    for (int f = 0; f < FIELD_COUNT; f++) {
        if (!composition_field(f)) continue;
        int den = FIELDS[f].denominator;
        const char *whole = den >= 0 ? FIELDS[den].name : NULL;
        double limit = den >= 0 ? t->fig[den] : persons_field(f) ? t->fig[F_RESIDENTS] : INFINITY;
        if (den == F_RESIDENTS) whole = "persons";
        if (!whole && persons_field(f)) whole = "persons";
        if (t->fig[f] > limit * (1 + 1e-12))
            return y_fail(d, node, path, ALMEN_EINPUT, "%s (%g) exceeds %s (%g)", FIELDS[f].name,
                          t->fig[f], whole, limit);
    }
    return ALMEN_OK;
}

static int read_type(ydoc *d, yaml_node_t *node, const char *path, hh_types *h, hh_type *t)
{
    static const char *const keys[] = {"id", "name", "persons", "figures", "groups",
                                       "dwelling_types", "turnover_factor", "applicants",
                                       "flexible_criteria", NULL};
    TRY(y_check_map(d, node, path, keys));
    char kp[YAMLX_PATH_MAX];
    yaml_node_t *v;
    int failed = 0;
    for (int c = 0; c < SIM_NCH; c++) t->applicants[c] = NAN;
    t->fig[F_HOUSEHOLDS] = 1;
    t->dwellings = (1u << SIM_DW) - 1;
    t->turnover_factor = 1;

    TRY(y_require(d, node, path, "id", &v));
    y_path_key(kp, path, "id");
    TRY(y_text(d, v, kp, &t->id));
    for (const hh_type *o = h->t; o < t; o++)
        if (!strcmp(o->id, t->id))
            return y_fail(d, v, kp, ALMEN_EINPUT, "household type '%.60s' is defined twice", t->id);
    if ((v = y_get(d, node, "name", &failed))) {
        y_path_key(kp, path, "name");
        TRY(y_text(d, v, kp, &t->name));
    }
    TRY(y_require(d, node, path, "persons", &v));
    y_path_key(kp, path, "persons");
    TRY(y_number(d, v, kp, &t->fig[F_RESIDENTS]));
    if (!(t->fig[F_RESIDENTS] > 0) || t->fig[F_RESIDENTS] > 100)
        return y_fail(d, v, kp, ALMEN_EINPUT, "persons per household must be in (0, 100]");
    type_ctx tc = {t};
    if ((v = y_get(d, node, "figures", &failed))) {
        y_path_key(kp, path, "figures");
        TRY(y_each_pair(d, v, kp, "figure: value", figure_pair, &tc));
    }
    if ((v = y_get(d, node, "groups", &failed))) {
        y_path_key(kp, path, "groups");
        const char *names[AGR_GROUP_COUNT + 1];
        for (int g = 0; g < AGR_GROUP_COUNT; g++) names[g] = AGR_GROUP_NAMES[g];
        names[AGR_GROUP_COUNT] = NULL;
        TRY(read_list(d, v, kp, names, &t->groups, &t->n_groups));
    }
    if ((v = y_get(d, node, "dwelling_types", &failed))) {
        y_path_key(kp, path, "dwelling_types");
        const char *names[] = {"family", "youth", "elderly", NULL};
        char **dw = NULL;
        size_t n = 0;
        int rc = read_list(d, v, kp, names, &dw, &n);
        t->dwellings = 0;
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < SIM_DW; k++)
                if (!strcmp(dw[i], SIM_DWELLING_TYPES[k])) t->dwellings |= 1u << k;
        free_strings(dw, n);
        TRY(rc);
        if (!t->dwellings)
            return y_fail(d, v, kp, ALMEN_EINPUT, "a household type lives in some dwelling type");
    }
    if ((v = y_get(d, node, "turnover_factor", &failed))) {
        y_path_key(kp, path, "turnover_factor");
        TRY(y_number(d, v, kp, &t->turnover_factor));
        if (t->turnover_factor < 0 || t->turnover_factor > 100)
            return y_fail(d, v, kp, ALMEN_EINPUT, "must be in [0, 100]");
    }
    if ((v = y_get(d, node, "applicants", &failed))) {
        y_path_key(kp, path, "applicants");
        TRY(y_each_pair(d, v, kp, "channel: weight", applicant_pair, &tc));
    }
    if ((v = y_get(d, node, "flexible_criteria", &failed))) {
        y_path_key(kp, path, "flexible_criteria");
        TRY(read_list(d, v, kp, NULL, &t->criteria, &t->n_criteria));
    }
    if (failed) return ALMEN_ELIMIT;
    return check_type(d, node, path, t);
}

typedef struct {
    hh_types *h;
    const almen_case *c;
    const char *dept;
    size_t first;  /* the department's first entry (a department's entries are together) */
    strmap seen;   /* departments read so far */
} init_ctx;

static int init_type_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *kp,
                          size_t i, void *ctx)
{
    (void)i;
    init_ctx *q = ctx;
    hh_types *h = q->h;
    const char *type = y_scalar(key);
    if (hh_types_find(h, type) < 0)
        return y_fail(d, key, kp, ALMEN_EINPUT, "no household type '%.60s'", type ? type : "?");
    long count;
    TRY(y_integer(d, value, kp, 0, 10000000, &count));
    for (size_t j = q->first; j < h->n_init; j++)
        if (!strcmp(h->init[j].type, type)) return y_fail(d, key, kp, ALMEN_EINPUT, "given twice");
    hh_initial *in = &h->init[h->n_init];
    int failed = 0;
    in->department = dup(q->dept, &failed);
    in->type = dup(type, &failed);
    in->count = (double)count;
    in->line = (int)value->start_mark.line + 1;
    in->column = (int)value->start_mark.column + 1;
    h->n_init++;
    return failed ? almen_fail_nomem() : ALMEN_OK;
}

static int init_dept_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *kp,
                          size_t i, void *ctx)
{
    init_ctx *q = ctx;
    q->dept = y_scalar(key);
    if (!q->dept || !*q->dept) return y_fail(d, key, kp, ALMEN_EINPUT, "a department id");
    if (q->c && case_find_department(q->c, q->dept) == NO_INDEX)
        return y_fail(d, key, kp, ALMEN_EINPUT, "no department '%.60s' in the case", q->dept);
    size_t where;
    if (strmap_get(&q->seen, q->dept, &where))
        return y_fail(d, key, kp, ALMEN_EINPUT, "department '%.60s' given twice", q->dept);
    /* The key's text lives as long as the document, which outlives the map. */
    if (strmap_put(&q->seen, q->dept, i) < 0) return almen_fail_nomem();
    q->first = q->h->n_init;
    size_t more = y_pair_count(value);
    hh_initial *p = realloc(q->h->init, (q->h->n_init + more + 1) * sizeof *p);
    if (!p) return almen_fail_nomem();
    q->h->init = p;
    return y_each_pair(d, value, kp, "household type: count", init_type_pair, q);
}

int hh_types_read(ydoc *d, yaml_node_t *node, const almen_case *c, hh_types **out)
{
    static const char *const keys[] = {"types", "initial", NULL};
    *out = NULL;
    hh_types *h = calloc(1, sizeof *h);
    if (!h) return almen_fail_nomem();
    int rc = y_check_map(d, node, "household_types", keys);
    yaml_node_t *types = NULL, *init = NULL;
    int failed = 0;
    size_t n = 0;
    if (!rc) rc = y_require(d, node, "household_types", "types", &types);
    if (!rc) rc = y_check_seq(d, types, "household_types.types", &n);
    if (!rc && !n)
        rc = y_fail(d, types, "household_types.types", ALMEN_EINPUT,
                    "at least one household type is needed");
    if (!rc && n > SIM_MAX_TYPES)
        rc = y_fail(d, types, "household_types.types", ALMEN_ELIMIT,
                    "at most %d household types", SIM_MAX_TYPES);
    if (!rc && !(h->t = calloc(n, sizeof *h->t))) rc = almen_fail_nomem();
    for (size_t i = 0; i < n && !rc; i++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, "household_types.types", i);
        yaml_node_t *item = y_item(d, types, i, "household_types.types");
        if (!item) rc = ALMEN_ELIMIT;
        else {
            h->n++;
            rc = read_type(d, item, ip, h, &h->t[i]);
        }
    }
    if (!rc && (init = y_get(d, node, "initial", &failed))) {
        init_ctx q = {h, c, NULL, 0, {0}};
        strmap_init(&q.seen);
        rc = y_each_pair(d, init, "household_types.initial", "department: {type: count}",
                         init_dept_pair, &q);
        strmap_free(&q.seen);
    }
    if (!rc && failed) rc = ALMEN_ELIMIT;
    if (!rc && !(h->source = strdup(d->source))) rc = almen_fail_nomem();
    if (rc) {
        hh_types_free(h);
        return rc;
    }
    *out = h;
    return ALMEN_OK;
}

int hh_types_parse(const char *yaml, const char *source, hh_types **out)
{
    *out = NULL;
    if (!yaml) return almen_fail(ALMEN_EINVAL, "yaml is required");
    ydoc d;
    int rc = ydoc_parse(&d, yaml, strlen(yaml), source);
    yaml_node_t *root = rc ? NULL : ydoc_root(&d);
    /* `household_types:` with its value, or the value alone (a mapping with `types`). */
    if (!rc && root && root->type == YAML_MAPPING_NODE) {
        int failed = 0;
        yaml_node_t *inner = y_get(&d, root, "household_types", &failed);
        if (inner) {
            static const char *const keys[] = {"household_types", NULL};
            rc = y_check_map(&d, root, "", keys);
            root = inner;
        }
        if (failed) rc = ALMEN_ELIMIT;
    }
    if (!rc) rc = root ? hh_types_read(&d, root, NULL, out)
                       : almen_fail_at(ALMEN_EINPUT, d.source, 1, 1, NULL, "empty document");
    ydoc_free(&d);
    return rc;
}

int hh_types_check_initial(const hh_types *h, const almen_case *c)
{
    for (size_t i = 0; i < h->n_init; i++) {
        const hh_initial *in = &h->init[i];
        size_t di = case_find_department(c, in->department);
        if (di == NO_INDEX)
            return almen_fail_at(ALMEN_EINPUT, h->source, in->line, in->column,
                                 "household_types.initial", "no department '%s' in the case",
                                 in->department);
        /* A department's entries are together (as read and copied): its first checks the
         * total. */
        if (i && !strcmp(h->init[i - 1].department, in->department)) continue;
        double total = 0;
        for (size_t j = i; j < h->n_init && !strcmp(h->init[j].department, in->department); j++)
            total += h->init[j].count;
        const department *dp = &c->departments[di];
        int32_t dw = dp->family + dp->youth + dp->elderly;
        if (total != dw)
            return almen_fail_at(ALMEN_EINPUT, h->source, in->line, in->column,
                                 "household_types.initial",
                                 "the households of department '%s' add up to %.0f, but it has "
                                 "%d dwellings (every dwelling holds one household)",
                                 in->department, total, (int)dw);
    }
    return ALMEN_OK;
}

/* ---- Copying and saving ------------------------------------------------------------------ */

int hh_types_copy(const hh_types *src, hh_types **out)
{
    *out = NULL;
    if (!src) return ALMEN_OK;
    int failed = 0;
    hh_types *h = calloc(1, sizeof *h);
    if (!h) return almen_fail_nomem();
    h->t = calloc(src->n ? src->n : 1, sizeof *h->t);
    h->init = calloc(src->n_init ? src->n_init : 1, sizeof *h->init);
    h->source = dup(src->source, &failed);
    if (!h->t || !h->init) failed = 1;
    for (size_t i = 0; i < src->n && !failed; i++) {
        const hh_type *s = &src->t[i];
        hh_type *t = &h->t[i];
        *t = *s;
        t->id = dup(s->id, &failed);
        t->name = dup(s->name, &failed);
        t->groups = dup_strings(s->groups, s->n_groups, &failed);
        t->criteria = dup_strings(s->criteria, s->n_criteria, &failed);
        h->n++;
    }
    for (size_t i = 0; i < src->n_init && !failed; i++) {
        h->init[i] = src->init[i];
        h->init[i].department = dup(src->init[i].department, &failed);
        h->init[i].type = dup(src->init[i].type, &failed);
        h->n_init++;
    }
    if (failed) {
        hh_types_free(h);
        return almen_fail_nomem();
    }
    *out = h;
    return ALMEN_OK;
}

static void save_list(strbuf *sb, const char *key, char *const *v, size_t n)
{
    if (!n) return;
    sb_printf(sb, "      %s: [", key);
    for (size_t i = 0; i < n; i++) {
        if (i) sb_puts(sb, ", ");
        yaml_quoted(sb, v[i]);
    }
    sb_puts(sb, "]\n");
}

static void section_save(strbuf *sb, const almen_case *c)
{
    const hh_types *h = c->household_types;
    if (!h) return;
    sb_puts(sb, "household_types:\n  types:\n");
    for (size_t i = 0; i < h->n; i++) {
        const hh_type *t = &h->t[i];
        sb_puts(sb, "    - id: ");
        yaml_quoted(sb, t->id);
        sb_putc(sb, '\n');
        if (t->name) yaml_key_text(sb, "      ", "name", t->name);
        yaml_key_number(sb, "      ", "persons", t->fig[F_RESIDENTS]);
        sb_puts(sb, "      figures:\n");
        for (int f = 0; f < FIELD_COUNT; f++)
            if (composition_field(f)) yaml_key_number(sb, "        ", FIELDS[f].name, t->fig[f]);
        save_list(sb, "groups", t->groups, t->n_groups);
        if (t->dwellings != (1u << SIM_DW) - 1) {
            const char *dw[SIM_DW];
            size_t n = 0;
            for (int k = 0; k < SIM_DW; k++)
                if (t->dwellings & (1u << k)) dw[n++] = SIM_DWELLING_TYPES[k];
            save_list(sb, "dwelling_types", (char *const *)dw, n);
        }
        if (t->turnover_factor != 1) yaml_key_number(sb, "      ", "turnover_factor", t->turnover_factor);
        int any = 0;
        for (int ch = 0; ch < SIM_NCH; ch++) any |= !isnan(t->applicants[ch]);
        if (any) {
            sb_puts(sb, "      applicants:\n");
            for (int ch = 0; ch < SIM_NCH; ch++)
                if (!isnan(t->applicants[ch]))
                    yaml_key_number(sb, "        ", SIM_CHANNELS[ch], t->applicants[ch]);
        }
        save_list(sb, "flexible_criteria", t->criteria, t->n_criteria);
    }
    if (!h->n_init) return;
    sb_puts(sb, "  initial:\n");
    for (size_t i = 0; i < h->n_init; i++) {
        const hh_initial *in = &h->init[i];
        if (!i || strcmp(h->init[i - 1].department, in->department)) {
            sb_puts(sb, "    ");
            yaml_quoted(sb, in->department);
            sb_puts(sb, ":\n");
        }
        sb_puts(sb, "      ");
        yaml_quoted(sb, in->type);
        sb_printf(sb, ": %.0f\n", in->count);
    }
}

static int section_load(ydoc *d, yaml_node_t *node, almen_case *c)
{
    TRY(hh_types_read(d, node, c, &c->household_types));
    return hh_types_check_initial(c->household_types, c);
}

static int section_copy(almen_case *dst, const almen_case *src)
{
    return hh_types_copy(src->household_types, &dst->household_types);
}

static void section_free(almen_case *c)
{
    hh_types_free(c->household_types);
    c->household_types = NULL;
}

const case_section HOUSEHOLD_TYPES_SECTION = {"household_types", section_load, section_save,
                                              section_copy, section_free};
