/* Rule sets: YAML -> almen_rules (docs/rules-format.md). Every reference inside the rule
 * set (criterion ids, threshold sets, field names, earlier categories) is checked while
 * reading, so the classifier never meets a dangling name. */
#include <ctype.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "fields.h"
#include "numtext.h"
#include "rules_internal.h"
#include "rules_yaml.h"

#define NONE ((size_t)-1)

const char *const RULE_OP_TEXT[] = {">", ">=", "<", "<="};
const char *const RULE_REF_NAMES[REF_COUNT] = {"", "national_convicted_pct",
                                               "regional_average_income"};
static const char *const FORM_NAMES[] = {"share", "share_to_reference", "average_to_reference"};

rule_ref rules_ref_kind(const char *name)
{
    for (int i = 1; i < REF_COUNT; i++)
        if (name && !strcmp(name, RULE_REF_NAMES[i])) return (rule_ref)i;
    return REF_NONE;
}

static void free_rules(almen_rules *r)
{
    for (size_t i = 0; i < r->n_crit; i++) {
        rule_criterion *k = &r->crit[i];
        free(k->id);
        free(k->name);
        free(k->source);
        for (size_t j = 0; j < k->n_th; j++) free(k->th[j].set);
        free(k->th);
    }
    for (size_t i = 0; i < r->n_cat; i++) {
        rule_category *c = &r->cat[i];
        free(c->id);
        free(c->name);
        free(c->source);
        free(c->count_set);
        free(c->of);
        free(c->req);
        free(c->includes);
        free(c->excludes);
        free(c->continues_rules);
        free(c->continues_cat);
    }
    free(r->crit);
    free(r->cat);
    free(r->placement);
    free(r->yaml);
    free(r->id);
    free(r->name);
    free(r->law);
    free(r->list_date);
    free(r);
}

void almen_rules_free(almen_rules *r)
{
    if (r && atomic_fetch_sub(&r->refs, 1) == 1) free_rules(r);
}

almen_rules *rules_ref(const almen_rules *r)
{
    almen_rules *m = (almen_rules *)r; /* the count is the only mutable part */
    atomic_fetch_add(&m->refs, 1);
    return m;
}

size_t rules_find_criterion(const almen_rules *r, const char *id)
{
    for (size_t i = 0; i < r->n_crit; i++)
        if (id && !strcmp(r->crit[i].id, id)) return i;
    return NONE;
}

size_t rules_find_category(const almen_rules *r, const char *id)
{
    for (size_t i = 0; i < r->n_cat; i++)
        if (id && !strcmp(r->cat[i].id, id)) return i;
    return NONE;
}

size_t rules_find_threshold(const rule_criterion *k, const char *set)
{
    for (size_t j = 0; j < k->n_th; j++)
        if (set && !strcmp(k->th[j].set, set)) return j;
    return NONE;
}

/* ---- Reading helpers ------------------------------------------------------------------- */

static int optional(ydoc *d, yaml_node_t *map, const char *key, yaml_node_t **node)
{
    int failed = 0;
    *node = y_get(d, map, key, &failed);
    return failed ? ALMEN_ELIMIT : ALMEN_OK;
}

/* Ids become column names (<criterion>_<set>_met): lower-case letters, digits and '_'
 * (rule-set ids may also hold '-'), starting with a letter. */
static int check_id(ydoc *d, yaml_node_t *node, const char *path, int allow_dash, char **out)
{
    TRY(y_text(d, node, path, out));
    const char *s = *out;
    int ok = islower((unsigned char)s[0]) && strlen(s) <= 40;
    for (const char *p = s; *p && ok; p++)
        ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' ||
             (allow_dash && *p == '-');
    if (ok) return ALMEN_OK;
    free(*out);
    *out = NULL;
    return y_fail(d, node, path, ALMEN_EINPUT,
                  "'%.40s' is not a valid id (lower-case letters, digits and '_'%s, starting "
                  "with a letter, at most 40 characters)",
                  y_scalar(node), allow_dash ? " or '-'" : "");
}

static int optional_text(ydoc *d, yaml_node_t *map, const char *map_path, const char *key,
                         char **out)
{
    yaml_node_t *v;
    char p[YAMLX_PATH_MAX];
    *out = NULL;
    TRY(optional(d, map, key, &v));
    if (!v) return ALMEN_OK;
    y_path_key(p, map_path, key);
    return y_text(d, v, p, out);
}

static int optional_int(ydoc *d, yaml_node_t *map, const char *map_path, const char *key,
                        long lo, long hi, int *out)
{
    yaml_node_t *v;
    char p[YAMLX_PATH_MAX];
    long x;
    TRY(optional(d, map, key, &v));
    if (!v) return ALMEN_OK;
    y_path_key(p, map_path, key);
    TRY(y_integer(d, v, p, lo, hi, &x));
    *out = (int)x;
    return ALMEN_OK;
}

/* One of words (NULL-terminated) -> its index. */
static int optional_word(ydoc *d, yaml_node_t *map, const char *map_path, const char *key,
                         const char *const *words, int *out)
{
    yaml_node_t *v;
    char p[YAMLX_PATH_MAX];
    TRY(optional(d, map, key, &v));
    if (!v) return ALMEN_OK;
    y_path_key(p, map_path, key);
    const char *s = y_scalar(v);
    for (int i = 0; s && words[i]; i++) {
        if (!strcmp(s, words[i])) {
            *out = i;
            return ALMEN_OK;
        }
    }
    char list[160] = "";
    for (int i = 0; words[i]; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, words[i], sizeof list - strlen(list) - 1);
    }
    return y_fail(d, v, p, ALMEN_EINPUT, "unknown value '%.40s' (%s)", s ? s : "?", list);
}

/* "> 40", ">= 3", "< 55", "<= 10": an operator as the law words the comparison, then a
 * number. The value must be quoted in YAML, since a plain '>' starts a folded block. */
static int parse_threshold(ydoc *d, yaml_node_t *node, const char *path, rule_threshold *t)
{
    const char *s = y_scalar(node);
    if (!s || node->data.scalar.style == YAML_FOLDED_SCALAR_STYLE ||
        node->data.scalar.style == YAML_LITERAL_SCALAR_STYLE)
        return y_fail(d, node, path, ALMEN_EINPUT,
                      "expected a quoted comparison such as \"> 40\", \">= 3\" or \"< 55\"");
    const char *p = s;
    while (*p == ' ') p++;
    int op = -1;
    if (p[0] == '>' && p[1] == '=') op = OP_GE, p += 2;
    else if (p[0] == '<' && p[1] == '=') op = OP_LE, p += 2;
    else if (p[0] == '>') op = OP_GT, p += 1;
    else if (p[0] == '<') op = OP_LT, p += 1;
    if (op < 0 || (*p == '=' || *p == '>' || *p == '<'))
        return y_fail(d, node, path, ALMEN_EINPUT,
                      "bad comparison '%.40s': expected '>', '>=', '<' or '<=' and a number", s);
    while (*p == ' ') p++;
    char num[NUMTEXT_MAX];
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == ' ') n--;
    double v;
    if (n == 0 || n >= sizeof num)
        return y_fail(d, node, path, ALMEN_EINPUT, "bad comparison '%.40s': no number after '%s'",
                      s, RULE_OP_TEXT[op]);
    memcpy(num, p, n);
    num[n] = '\0';
    if (!numtext_parse(num, &v) || !isfinite(v) || v < 0)
        return y_fail(d, node, path, ALMEN_EINPUT,
                      "bad comparison '%.40s': '%s' is not a number >= 0", s, num);
    t->op = (rule_op)op;
    t->value = v;
    return ALMEN_OK;
}

static int field_ref(ydoc *d, yaml_node_t *map, const char *map_path, const char *key, int *out)
{
    yaml_node_t *v;
    char p[YAMLX_PATH_MAX];
    TRY(y_require(d, map, map_path, key, &v));
    y_path_key(p, map_path, key);
    *out = field_index(y_scalar(v));
    if (*out < 0)
        return y_fail(d, v, p, ALMEN_EINPUT,
                      "unknown field '%.40s' (see docs/case-format.md, e.g. outside_labour_fte, "
                      "residents_18_64)",
                      y_scalar(v) ? y_scalar(v) : "?");
    return ALMEN_OK;
}

_Static_assert(offsetof(rule_criterion, source) == 2 * sizeof(char *) &&
                   offsetof(rule_category, source) == 2 * sizeof(char *),
               "load_named reads id, name, source as the first three members");

/* id, name and source of the i-th item of an array whose elements start with
 * char *id, char *name, char *source (rule_criterion, rule_category); the id must be new
 * among the first i. */
static int load_named(ydoc *d, yaml_node_t *item, const char *path, void *array, size_t i,
                      size_t stride, const char *what)
{
    char **f = (char **)((char *)array + i * stride), p[YAMLX_PATH_MAX];
    yaml_node_t *v;
    TRY(y_require(d, item, path, "id", &v));
    y_path_key(p, path, "id");
    free(f[0]); /* a category id read ahead by load_document, now read with its checks */
    f[0] = NULL;
    TRY(check_id(d, v, p, 0, &f[0]));
    for (size_t j = 0; j < i; j++)
        if (!strcmp(*(char **)((char *)array + j * stride), f[0]))
            return y_fail(d, v, p, ALMEN_EINPUT, "duplicate %s id '%s'", what, f[0]);
    TRY(optional_text(d, item, path, "name", &f[1]));
    return optional_text(d, item, path, "source", &f[2]);
}

/* ---- Criteria -------------------------------------------------------------------------- */

/* One threshold set: name: "OP NUMBER". */
static int threshold_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *key_path,
                          size_t j, void *ctx)
{
    rule_criterion *k = ctx;
    TRY(check_id(d, key, key_path, 0, &k->th[j].set));
    k->n_th = j + 1;
    if (rules_find_threshold(k, k->th[j].set) != j)
        return y_fail(d, key, key_path, ALMEN_EINPUT, "duplicate threshold set '%s'", k->th[j].set);
    return parse_threshold(d, value, key_path, &k->th[j]);
}

static int load_criterion(ydoc *d, yaml_node_t *item, const char *path, almen_rules *r, size_t i)
{
    static const char *const keys[] = {"id", "name", "source", "form", "numerator",
                                       "denominator", "reference", "window", "thresholds",
                                       NULL};
    rule_criterion *k = &r->crit[i];
    yaml_node_t *v;
    char p[YAMLX_PATH_MAX];
    TRY(y_check_map(d, item, path, keys));
    TRY(load_named(d, item, path, r->crit, i, sizeof *r->crit, "criterion"));
    int form = -1;
    static const char *const forms[] = {"share", "share_to_reference", "average_to_reference",
                                        NULL};
    TRY(y_require(d, item, path, "form", &v));
    TRY(optional_word(d, item, path, "form", forms, &form));
    k->form = (rule_form)form;
    TRY(field_ref(d, item, path, "numerator", &k->numerator));
    TRY(field_ref(d, item, path, "denominator", &k->denominator));
    y_path_key(p, path, "denominator");
    if (k->numerator == k->denominator)
        return y_fail(d, item, p, ALMEN_EINPUT, "numerator and denominator are the same field");
    if (FIELDS[k->denominator].kind != KIND_COUNT)
        return y_fail(d, item, p, ALMEN_EINPUT,
                      "the denominator must count persons (a count field), not '%s'",
                      FIELDS[k->denominator].name);
    y_path_key(p, path, "numerator");
    if (k->form != FORM_AVERAGE_TO_REF && FIELDS[k->numerator].kind == KIND_AMOUNT)
        return y_fail(d, item, p, ALMEN_EINPUT,
                      "a share counts persons; '%s' is an amount (use form "
                      "average_to_reference)",
                      FIELDS[k->numerator].name);
    TRY(optional(d, item, "reference", &v));
    y_path_key(p, path, "reference");
    if (v) {
        k->ref = rules_ref_kind(y_scalar(v));
        if (k->ref == REF_NONE)
            return y_fail(d, v, p, ALMEN_EINPUT,
                          "unknown reference '%.40s' (national_convicted_pct, "
                          "regional_average_income)",
                          y_scalar(v) ? y_scalar(v) : "?");
        if (k->form == FORM_SHARE)
            return y_fail(d, v, p, ALMEN_EINPUT,
                          "form share compares with an absolute threshold and takes no "
                          "reference");
    } else if (k->form != FORM_SHARE) {
        return y_fail(d, item, p, ALMEN_EINPUT, "form %s needs a reference", FORM_NAMES[k->form]);
    }
    k->window = 1;
    TRY(optional_int(d, item, path, "window", 1, 10, &k->window));

    yaml_node_t *th;
    TRY(y_require(d, item, path, "thresholds", &th));
    y_path_key(p, path, "thresholds");
    size_t n = y_pair_count(th);
    k->th = calloc(n ? n : 1, sizeof *k->th);
    if (!k->th) return almen_fail_nomem();
    TRY(y_each_pair(d, th, p, "threshold sets, e.g. {udsat: \"> 40\"}", threshold_pair, k));
    if (!k->n_th) return y_fail(d, th, p, ALMEN_EINPUT, "at least one threshold set is needed");
    return ALMEN_OK;
}

/* ---- Categories ------------------------------------------------------------------------ */

/* A criterion id at node, which must have threshold set `set`. */
static int cond_ref(ydoc *d, yaml_node_t *node, const char *path, const almen_rules *r,
                    const char *set, rule_cond *out)
{
    const char *id = y_scalar(node);
    out->crit = rules_find_criterion(r, id);
    if (out->crit == NONE)
        return y_fail(d, node, path, ALMEN_EINPUT, "unknown criterion '%.40s'", id ? id : "?");
    out->th = rules_find_threshold(&r->crit[out->crit], set);
    if (out->th == NONE)
        return y_fail(d, node, path, ALMEN_EINPUT, "criterion '%s' has no threshold set '%s'",
                      r->crit[out->crit].id, set);
    return ALMEN_OK;
}

/* A category id defined above category i (so categories are evaluated in file order). */
static int earlier_category(ydoc *d, yaml_node_t *node, const char *path, const almen_rules *r,
                            size_t i, size_t *out)
{
    const char *id = y_scalar(node);
    *out = NONE;
    for (size_t j = 0; j < i && id; j++)
        if (!strcmp(r->cat[j].id, id)) *out = j;
    if (*out != NONE) return ALMEN_OK;
    for (size_t j = i; j < r->n_cat && id; j++)
        if (r->cat[j].id && !strcmp(r->cat[j].id, id))
            return y_fail(d, node, path, ALMEN_EINPUT,
                          "category '%s' must be defined above the categories that refer to it",
                          id);
    return y_fail(d, node, path, ALMEN_EINPUT, "unknown category '%.40s'", id ? id : "?");
}

static int category_list(ydoc *d, yaml_node_t *map, const char *path, const char *key,
                         const almen_rules *r, size_t i, size_t **out, size_t *n)
{
    yaml_node_t *seq;
    char p[YAMLX_PATH_MAX], ip[YAMLX_PATH_MAX];
    TRY(optional(d, map, key, &seq));
    if (!seq) return ALMEN_OK;
    y_path_key(p, path, key);
    TRY(y_check_seq(d, seq, p, n));
    *out = calloc(*n ? *n : 1, sizeof **out);
    if (!*out) return almen_fail_nomem();
    for (size_t j = 0; j < *n; j++) {
        y_path_index(ip, p, j);
        yaml_node_t *item = y_item(d, seq, j, ip);
        if (!item) return ALMEN_ELIMIT;
        TRY(earlier_category(d, item, ip, r, i, &(*out)[j]));
    }
    return ALMEN_OK;
}

static int load_count(ydoc *d, yaml_node_t *node, const char *path, almen_rules *r,
                      rule_category *c)
{
    static const char *const keys[] = {"at_least", "thresholds", "of", NULL};
    yaml_node_t *v, *seq;
    char p[YAMLX_PATH_MAX];
    TRY(y_check_map(d, node, path, keys));
    TRY(y_require(d, node, path, "thresholds", &v));
    y_path_key(p, path, "thresholds");
    TRY(check_id(d, v, p, 0, &c->count_set));
    TRY(y_require(d, node, path, "of", &seq));
    y_path_key(p, path, "of");
    TRY(y_check_seq(d, seq, p, &c->n_of));
    if (!c->n_of) return y_fail(d, seq, p, ALMEN_EINPUT, "name at least one criterion");
    c->of = calloc(c->n_of, sizeof *c->of);
    if (!c->of) return almen_fail_nomem();
    for (size_t j = 0; j < c->n_of; j++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, p, j);
        yaml_node_t *item = y_item(d, seq, j, ip);
        if (!item) return ALMEN_ELIMIT;
        TRY(cond_ref(d, item, ip, r, c->count_set, &c->of[j]));
        for (size_t q = 0; q < j; q++)
            if (c->of[q].crit == c->of[j].crit)
                return y_fail(d, item, ip, ALMEN_EINPUT, "criterion '%s' listed twice",
                              r->crit[c->of[j].crit].id);
    }
    long at_least;
    TRY(y_require(d, node, path, "at_least", &v));
    y_path_key(p, path, "at_least");
    TRY(y_integer(d, v, p, 1, (long)c->n_of, &at_least));
    c->at_least = (int)at_least;
    return ALMEN_OK;
}

typedef struct {
    almen_rules *r;
    rule_category *c;
} require_ctx;

/* One required criterion: criterion: threshold set. */
static int require_pair(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *key_path,
                        size_t j, void *ctx)
{
    require_ctx *q = ctx;
    rule_category *c = q->c;
    const char *set = y_scalar(value);
    if (!set || !*set)
        return y_fail(d, value, key_path, ALMEN_EINPUT, "expected the name of a threshold set");
    TRY(cond_ref(d, key, key_path, q->r, set, &c->req[j]));
    c->n_req = j + 1;
    for (size_t i = 0; i < j; i++)
        if (c->req[i].crit == c->req[j].crit)
            return y_fail(d, key, key_path, ALMEN_EINPUT, "criterion '%s' required twice",
                          q->r->crit[c->req[j].crit].id);
    return ALMEN_OK;
}

static int load_require(ydoc *d, yaml_node_t *node, const char *path, almen_rules *r,
                        rule_category *c)
{
    c->req = calloc(y_pair_count(node) + 1, sizeof *c->req);
    if (!c->req) return almen_fail_nomem();
    require_ctx q = {r, c};
    return y_each_pair(d, node, path,
                       "criterion: threshold set, e.g. {nonwestern: parallelsamfund}",
                       require_pair, &q);
}

static int load_category(ydoc *d, yaml_node_t *item, const char *path, almen_rules *r, size_t i)
{
    static const char *const keys[] = {"id", "name", "source", "count", "require", "includes",
                                       "excludes", "history", "continues", NULL};
    rule_category *c = &r->cat[i];
    yaml_node_t *v;
    char p[YAMLX_PATH_MAX];
    c->history_cat = NONE;
    TRY(y_check_map(d, item, path, keys));
    TRY(load_named(d, item, path, r->cat, i, sizeof *r->cat, "category"));
    TRY(optional(d, item, "count", &v));
    if (v) {
        y_path_key(p, path, "count");
        TRY(load_count(d, v, p, r, c));
    }
    TRY(optional(d, item, "require", &v));
    if (v) {
        y_path_key(p, path, "require");
        TRY(load_require(d, v, p, r, c));
    }
    TRY(category_list(d, item, path, "includes", r, i, &c->includes, &c->n_includes));
    TRY(category_list(d, item, path, "excludes", r, i, &c->excludes, &c->n_excludes));
    TRY(optional(d, item, "history", &v));
    if (v) {
        static const char *const hkeys[] = {"category", "years", NULL};
        yaml_node_t *h;
        long years;
        y_path_key(p, path, "history");
        TRY(y_check_map(d, v, p, hkeys));
        char hp[YAMLX_PATH_MAX];
        TRY(y_require(d, v, p, "category", &h));
        y_path_key(hp, p, "category");
        TRY(earlier_category(d, h, hp, r, i, &c->history_cat));
        TRY(y_require(d, v, p, "years", &h));
        y_path_key(hp, p, "years");
        TRY(y_integer(d, h, hp, 1, 30, &years));
        c->history_years = (int)years;
    }
    TRY(optional(d, item, "continues", &v));
    if (v) {
        static const char *const ckeys[] = {"rules", "category", NULL};
        yaml_node_t *h;
        char cp[YAMLX_PATH_MAX];
        y_path_key(p, path, "continues");
        TRY(y_check_map(d, v, p, ckeys));
        TRY(y_require(d, v, p, "rules", &h));
        y_path_key(cp, p, "rules");
        TRY(check_id(d, h, cp, 1, &c->continues_rules));
        TRY(y_require(d, v, p, "category", &h));
        y_path_key(cp, p, "category");
        TRY(check_id(d, h, cp, 0, &c->continues_cat));
    }
    if (!c->at_least && !c->n_req && !c->n_includes && !c->history_years)
        return y_fail(d, item, path, ALMEN_EINPUT,
                      "category '%s' has no condition (count, require, includes or history)",
                      c->id);
    return ALMEN_OK;
}

/* ---- The document ---------------------------------------------------------------------- */

static int load_list(ydoc *d, yaml_node_t *root, const char *key, size_t *n, void **items,
                     size_t size)
{
    yaml_node_t *seq;
    TRY(y_require(d, root, "", key, &seq));
    TRY(y_check_seq(d, seq, key, n));
    if (!*n) return y_fail(d, seq, key, ALMEN_EINPUT, "at least one entry is needed");
    *items = calloc(*n, size);
    return *items ? ALMEN_OK : almen_fail_nomem();
}

static int load_placement(ydoc *d, yaml_node_t *root, almen_rules *r)
{
    yaml_node_t *seq;
    size_t n;
    TRY(y_require(d, root, "", "placement", &seq));
    TRY(y_check_seq(d, seq, "placement", &n));
    r->placement = calloc(n ? n : 1, sizeof *r->placement);
    if (!r->placement) return almen_fail_nomem();
    for (size_t j = 0; j < n; j++) {
        char ip[YAMLX_PATH_MAX];
        y_path_index(ip, "placement", j);
        yaml_node_t *item = y_item(d, seq, j, ip);
        if (!item) return ALMEN_ELIMIT;
        size_t k = rules_find_category(r, y_scalar(item));
        if (k == NONE)
            return y_fail(d, item, ip, ALMEN_EINPUT, "unknown category '%.40s'",
                          y_scalar(item) ? y_scalar(item) : "?");
        for (size_t q = 0; q < j; q++)
            if (r->placement[q] == k)
                return y_fail(d, item, ip, ALMEN_EINPUT, "category '%s' listed twice",
                              r->cat[k].id);
        r->placement[j] = k;
        r->cat[k].rank = (int)j;
        r->n_placement = j + 1;
    }
    if (n != r->n_cat)
        for (size_t k = 0; k < r->n_cat; k++) {
            int listed = 0;
            for (size_t q = 0; q < n; q++) listed |= r->placement[q] == k;
            if (!listed)
                return y_fail(d, seq, "placement", ALMEN_EINPUT,
                              "category '%s' is missing (list every category, most severe "
                              "first)",
                              r->cat[k].id);
        }
    return ALMEN_OK;
}

static int load_document(ydoc *d, almen_rules *r)
{
    static const char *const keys[] = {"format", "id", "name", "law", "in_force", "list_date",
                                       "min_residents", "data_lag", "window_method",
                                       "incomplete_window", "criteria", "categories",
                                       "placement", "criteria_met", NULL};
    static const char *const methods[] = {"mean_of_ratios", "ratio_of_sums", NULL};
    static const char *const modes[] = {"unknown", "available", NULL};
    yaml_node_t *root = ydoc_root(d), *v;
    char p[YAMLX_PATH_MAX];
    TRY(y_check_map(d, root, "", keys));
    TRY(optional(d, root, "format", &v));
    if (v && strcmp(y_scalar(v) ? y_scalar(v) : "", "1") != 0)
        return y_fail(d, v, "format", ALMEN_EVERSION,
                      "unsupported rule-set format '%.20s' (this library reads format 1)",
                      y_scalar(v) ? y_scalar(v) : "?");
    TRY(y_require(d, root, "", "id", &v));
    TRY(check_id(d, v, "id", 1, &r->id));
    TRY(optional_text(d, root, "", "name", &r->name));
    TRY(optional_text(d, root, "", "law", &r->law));
    TRY(optional_text(d, root, "", "list_date", &r->list_date));
    TRY(optional(d, root, "in_force", &v));
    if (v) {
        static const char *const fkeys[] = {"from", "to", NULL};
        TRY(y_check_map(d, v, "in_force", fkeys));
        TRY(optional_int(d, v, "in_force", "from", 1900, 2200, &r->first_year));
        TRY(optional_int(d, v, "in_force", "to", 1900, 2200, &r->last_year));
        if (r->first_year && r->last_year && r->last_year < r->first_year)
            return y_fail(d, v, "in_force.to", ALMEN_EINPUT, "'to' is before 'from'");
    }
    TRY(y_require(d, root, "", "min_residents", &v));
    TRY(optional_int(d, root, "", "min_residents", 0, 1000000, &r->min_residents));
    TRY(optional_int(d, root, "", "data_lag", 0, 10, &r->data_lag));
    int m = WIN_MEAN_OF_RATIOS, inc = INCOMPLETE_UNKNOWN;
    TRY(optional_word(d, root, "", "window_method", methods, &m));
    TRY(optional_word(d, root, "", "incomplete_window", modes, &inc));
    r->method = (window_method)m;
    r->incomplete = (incomplete_mode)inc;

    yaml_node_t *seq;
    TRY(load_list(d, root, "criteria", &r->n_crit, (void **)&r->crit, sizeof *r->crit));
    TRY(y_require(d, root, "", "criteria", &seq));
    size_t n = r->n_crit;
    r->n_crit = 0; /* grows as criteria are read, so lookups see only those above */
    for (size_t i = 0; i < n; i++) {
        y_path_index(p, "criteria", i);
        yaml_node_t *item = y_item(d, seq, i, p);
        if (!item) return ALMEN_ELIMIT;
        r->n_crit = i + 1;
        TRY(load_criterion(d, item, p, r, i));
    }
    TRY(load_list(d, root, "categories", &r->n_cat, (void **)&r->cat, sizeof *r->cat));
    TRY(y_require(d, root, "", "categories", &seq));
    /* Ids are read first so that a reference to a category defined below gets a precise
     * message. */
    for (size_t i = 0; i < r->n_cat; i++) {
        yaml_node_t *item = y_item(d, seq, i, "categories");
        if (!item) return ALMEN_ELIMIT;
        if (item->type == YAML_MAPPING_NODE) {
            int failed = 0;
            yaml_node_t *id = y_get(d, item, "id", &failed);
            if (failed) return ALMEN_ELIMIT;
            if (id && y_scalar(id) && !(r->cat[i].id = strdup(y_scalar(id))))
                return almen_fail_nomem();
        }
    }
    for (size_t i = 0; i < r->n_cat; i++) {
        y_path_index(p, "categories", i);
        yaml_node_t *item = y_item(d, seq, i, p);
        if (!item) return ALMEN_ELIMIT;
        TRY(load_category(d, item, p, r, i));
    }
    TRY(load_placement(d, root, r));
    r->counted = NONE;
    TRY(optional(d, root, "criteria_met", &v));
    if (v) {
        r->counted = rules_find_category(r, y_scalar(v));
        if (r->counted == NONE || !r->cat[r->counted].at_least)
            return y_fail(d, v, "criteria_met", ALMEN_EINPUT,
                          "'%.40s' is not a category with a count", y_scalar(v) ? y_scalar(v) : "?");
    } else {
        for (size_t i = 0; i < r->n_cat && r->counted == NONE; i++)
            if (r->cat[i].at_least) r->counted = i;
    }
    return ALMEN_OK;
}

static almen_status load_text(const char *text, size_t len, const char *source,
                              almen_rules **out)
{
    ydoc d;
    *out = NULL;
    int rc = ydoc_parse(&d, text, len, source);
    if (rc) return rc;
    almen_rules *r = calloc(1, sizeof *r);
    if (!r) {
        ydoc_free(&d);
        return almen_fail_nomem();
    }
    atomic_init(&r->refs, 1);
    rc = load_document(&d, r);
    ydoc_free(&d);
    if (!rc) {
        r->yaml = malloc(len + 1);
        if (!r->yaml) rc = almen_fail_nomem();
        else {
            memcpy(r->yaml, text, len);
            r->yaml[len] = '\0';
        }
    }
    if (!rc && !r->name && !(r->name = strdup(r->id))) rc = almen_fail_nomem();
    if (rc) {
        free_rules(r);
        return rc;
    }
    *out = r;
    return ALMEN_OK;
}

almen_status almen_rules_load_string(const char *yaml, const char *source_name,
                                     almen_rules **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!yaml) return almen_fail(ALMEN_EINVAL, "yaml is required");
    return load_text(yaml, strlen(yaml), source_name ? source_name : "<string>", out);
}

almen_status almen_rules_load_file(const char *path, almen_rules **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    char *text;
    size_t len;
    int rc = ydoc_read_file(path, &text, &len);
    if (rc) return rc;
    rc = load_text(text, len, path, out);
    free(text);
    return rc;
}

const char *almen_rules_id(const almen_rules *r) { return r ? r->id : NULL; }
const char *almen_rules_yaml(const almen_rules *r) { return r ? r->yaml : NULL; }

/* ---- The compiled-in rule sets --------------------------------------------------------- */

extern const char almen_rules_dk_2010_text[];
extern const char almen_rules_dk_2013_text[];
extern const char almen_rules_dk_2018_text[];
extern const char almen_rules_dk_2021_text[];

static const struct {
    const char *id;
    const char *text;
} BUILTIN[] = {
    {"dk-2010", almen_rules_dk_2010_text},
    {"dk-2013", almen_rules_dk_2013_text},
    {"dk-2018", almen_rules_dk_2018_text},
    {"dk-2021", almen_rules_dk_2021_text},
};
enum { N_BUILTIN = sizeof BUILTIN / sizeof BUILTIN[0] };

almen_status almen_rules_builtin(const char *id, almen_rules **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    for (size_t i = 0; i < N_BUILTIN; i++) {
        if (id && !strcmp(id, BUILTIN[i].id)) {
            char source[32];
            snprintf(source, sizeof source, "<%s>", BUILTIN[i].id);
            return load_text(BUILTIN[i].text, strlen(BUILTIN[i].text), source, out);
        }
    }
    return almen_fail(ALMEN_ENOTFOUND,
                      "no compiled-in rule set '%s' (dk-2010, dk-2013, dk-2018, dk-2021)",
                      id ? id : "(null)");
}

almen_rules **rules_builtin_all(size_t *n)
{
    almen_rules **all = calloc(N_BUILTIN, sizeof *all);
    if (!all) {
        almen_fail_nomem();
        return NULL;
    }
    for (size_t i = 0; i < N_BUILTIN; i++) {
        if (almen_rules_builtin(BUILTIN[i].id, &all[i])) {
            for (size_t j = 0; j < i; j++) almen_rules_free(all[j]);
            free(all);
            return NULL;
        }
    }
    *n = N_BUILTIN;
    return all;
}

static void free_all(almen_rules **all, size_t n)
{
    for (size_t i = 0; i < n; i++) almen_rules_free(all[i]);
    free(all);
}

almen_status almen_rules_for_year(int year, char **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    size_t n;
    almen_rules **all = rules_builtin_all(&n);
    if (!all) return almen_error_last_code();
    const char *found = NULL;
    for (size_t i = 0; i < n; i++)
        if (all[i]->first_year && year >= all[i]->first_year &&
            (!all[i]->last_year || year <= all[i]->last_year))
            found = all[i]->id;
    int rc = ALMEN_OK;
    if (!found) rc = almen_fail(ALMEN_ENOTFOUND, "no compiled-in rule set for list year %d "
                                                 "(the first is dk-2010 for 2010)", year);
    else if (!(*out = strdup(found))) rc = almen_fail_nomem();
    free_all(all, n);
    return rc;
}
