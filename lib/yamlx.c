#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "numtext.h"
#include "yamlx.h"

int y_fail(ydoc *d, const yaml_node_t *node, const char *path, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = node ? (int)node->start_mark.line + 1 : 0;
    int col = node ? (int)node->start_mark.column + 1 : 0;
    return almen_fail_at(code, d->source, line, col, path, "%s", msg);
}

static size_t count_nodes(yaml_document_t *doc)
{
    return (size_t)(doc->nodes.top - doc->nodes.start);
}

int ydoc_parse(ydoc *d, const char *text, size_t len, const char *source)
{
    memset(d, 0, sizeof *d);
    d->source = source ? source : "<string>";
    if (len > YAMLX_MAX_INPUT)
        return almen_fail_at(ALMEN_ELIMIT, d->source, 0, 0, NULL,
                             "input of %zu bytes exceeds the limit of %zu bytes", len,
                             YAMLX_MAX_INPUT);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return almen_fail_nomem();
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&parser, &d->doc); /* libyaml: 1 = success */
    if (!ok) {
        int line = (int)parser.problem_mark.line + 1;
        int col = (int)parser.problem_mark.column + 1;
        int code = parser.error == YAML_MEMORY_ERROR ? ALMEN_ENOMEM : ALMEN_EPARSE;
        almen_fail_at(code, d->source, line, col, NULL, "malformed YAML: %s%s%s",
                      parser.problem ? parser.problem : "syntax error",
                      parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return code;
    }
    d->loaded = 1;
    if (!yaml_document_get_root_node(&d->doc)) {
        yaml_parser_delete(&parser);
        ydoc_free(d);
        return almen_fail_at(ALMEN_EINPUT, source ? source : "<string>", 0, 0, NULL,
                             "the input is empty (no YAML document)");
    }
    /* A second document would be silently ignored; refuse it instead. */
    yaml_document_t extra;
    ok = yaml_parser_load(&parser, &extra);
    if (ok) {
        yaml_node_t *root = yaml_document_get_root_node(&extra);
        int line = root ? (int)root->start_mark.line + 1 : 0;
        yaml_document_delete(&extra);
        if (root) {
            yaml_parser_delete(&parser);
            ydoc_free(d);
            return almen_fail_at(ALMEN_EINPUT, source ? source : "<string>", line, 1, NULL,
                                 "more than one YAML document in the input");
        }
    } else {
        int line = (int)parser.problem_mark.line + 1;
        int col = (int)parser.problem_mark.column + 1;
        almen_fail_at(ALMEN_EPARSE, source ? source : "<string>", line, col, NULL,
                      "malformed YAML: %s", parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        ydoc_free(d);
        return ALMEN_EPARSE;
    }
    yaml_parser_delete(&parser);
    d->max_visits = 8 * count_nodes(&d->doc) + 10000;
    return ALMEN_OK;
}

void ydoc_free(ydoc *d)
{
    if (d->loaded) yaml_document_delete(&d->doc);
    d->loaded = 0;
}

yaml_node_t *ydoc_root(ydoc *d) { return yaml_document_get_root_node(&d->doc); }

int ydoc_read_file(const char *path, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!path) return almen_fail(ALMEN_EINVAL, "path is required");
    FILE *f = fopen(path, "rb");
    if (!f) return almen_fail_at(ALMEN_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return almen_fail_nomem();
    }
    for (;;) {
        if (n == cap) {
            if (cap >= YAMLX_MAX_INPUT) {
                free(buf);
                fclose(f);
                return almen_fail_at(ALMEN_ELIMIT, path, 0, 0, NULL,
                                     "file exceeds the limit of %zu bytes", YAMLX_MAX_INPUT);
            }
            char *p = realloc(buf, 2 * cap + 1);
            if (!p) {
                free(buf);
                fclose(f);
                return almen_fail_nomem();
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return almen_fail_at(ALMEN_EIO, path, 0, 0, NULL, "read error");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ALMEN_OK;
}

void y_path_key(char *dst, const char *parent, const char *key)
{
    if (parent && *parent) snprintf(dst, YAMLX_PATH_MAX, "%s.%s", parent, key);
    else snprintf(dst, YAMLX_PATH_MAX, "%s", key);
}

void y_path_index(char *dst, const char *parent, size_t i)
{
    snprintf(dst, YAMLX_PATH_MAX, "%s[%zu]", parent ? parent : "", i);
}

static yaml_node_t *visit(ydoc *d, int index)
{
    if (++d->visits > d->max_visits) return NULL;
    return yaml_document_get_node(&d->doc, index);
}

static int budget_error(ydoc *d, const yaml_node_t *near, const char *path)
{
    return y_fail(d, near, path, ALMEN_ELIMIT,
                  "too many node visits (aliases expand the document beyond %zu nodes)",
                  d->max_visits);
}

int y_is_null(const yaml_node_t *n)
{
    if (!n) return 1;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    const char *v = (const char *)n->data.scalar.value;
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

const char *y_scalar(const yaml_node_t *n)
{
    return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value : NULL;
}

static const char *node_kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_MAPPING_NODE: return "a mapping";
    case YAML_SEQUENCE_NODE: return "a list";
    default: return y_is_null(n) ? "nothing (null)" : "a scalar";
    }
}

int y_check_map(ydoc *d, yaml_node_t *node, const char *path, const char *const *allowed)
{
    if (node->type != YAML_MAPPING_NODE)
        return y_fail(d, node, path, ALMEN_EINPUT, "expected a mapping, found %s", node_kind(node));
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = visit(d, p->key);
        if (!k) return budget_error(d, node, path);
        const char *key = y_scalar(k);
        if (!key) return y_fail(d, k, path, ALMEN_EINPUT, "a key must be a word, not %s",
                                node_kind(k));
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0) known = 1;
        char kp[YAMLX_PATH_MAX];
        y_path_key(kp, path, key);
        if (!known) return y_fail(d, k, kp, ALMEN_EINPUT, "unknown key '%s'", key);
        for (yaml_node_pair_t *q = node->data.mapping.pairs.start; q < p; q++) {
            const char *earlier = y_scalar(yaml_document_get_node(&d->doc, q->key));
            if (earlier && strcmp(earlier, key) == 0)
                return y_fail(d, k, kp, ALMEN_EINPUT, "duplicate key '%s'", key);
        }
    }
    return ALMEN_OK;
}

int y_check_seq(ydoc *d, yaml_node_t *node, const char *path, size_t *count)
{
    if (node->type != YAML_SEQUENCE_NODE)
        return y_fail(d, node, path, ALMEN_EINPUT, "expected a list, found %s", node_kind(node));
    *count = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    return ALMEN_OK;
}

yaml_node_t *y_item(ydoc *d, yaml_node_t *seq, size_t i, const char *path)
{
    yaml_node_t *n = visit(d, seq->data.sequence.items.start[i]);
    if (!n) budget_error(d, seq, path);
    return n;
}

yaml_node_t *y_get(ydoc *d, yaml_node_t *map, const char *key, int *failed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = y_scalar(yaml_document_get_node(&d->doc, p->key));
        if (k && strcmp(k, key) == 0) {
            yaml_node_t *v = visit(d, p->value);
            if (!v) {
                budget_error(d, map, key);
                *failed = 1;
                return NULL;
            }
            return y_is_null(v) ? NULL : v;
        }
    }
    return NULL;
}

int y_require(ydoc *d, yaml_node_t *map, const char *map_path, const char *key, yaml_node_t **out)
{
    int failed = 0;
    *out = y_get(d, map, key, &failed);
    if (failed) return ALMEN_ELIMIT;
    if (*out) return ALMEN_OK;
    char kp[YAMLX_PATH_MAX];
    y_path_key(kp, map_path, key);
    return y_fail(d, map, kp, ALMEN_EINPUT, "required field '%s' is missing", key);
}

int y_text(ydoc *d, yaml_node_t *node, const char *path, char **out)
{
    const char *s = y_scalar(node);
    if (!s) return y_fail(d, node, path, ALMEN_EINPUT, "expected text, found %s", node_kind(node));
    if (!*s) return y_fail(d, node, path, ALMEN_EINPUT, "must not be empty");
    *out = strdup(s);
    return *out ? ALMEN_OK : almen_fail_nomem();
}

int y_number(ydoc *d, yaml_node_t *node, const char *path, double *out)
{
    const char *s = y_scalar(node);
    if (!s) return y_fail(d, node, path, ALMEN_EINPUT, "expected a number, found %s", node_kind(node));
    double v;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !numtext_parse(s, &v))
        return y_fail(d, node, path, ALMEN_EINPUT, "expected a number, found '%.40s'", s);
    if (!isfinite(v))
        return y_fail(d, node, path, ALMEN_EINPUT, "value '%s' is not finite", s);
    *out = v;
    return ALMEN_OK;
}

int y_integer(ydoc *d, yaml_node_t *node, const char *path, long lo, long hi, long *out)
{
    double v;
    int rc = y_number(d, node, path, &v);
    if (rc) return rc;
    if (v != floor(v)) return y_fail(d, node, path, ALMEN_EINPUT, "expected a whole number");
    if (v < (double)lo || v > (double)hi)
        return y_fail(d, node, path, ALMEN_EINPUT, "must be between %ld and %ld", lo, hi);
    *out = (long)v;
    return ALMEN_OK;
}
