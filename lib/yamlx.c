#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "error_internal.h"
#include "numtext.h"
#include "strmap.h"
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

/* The document is composed from libyaml's events here rather than by yaml_parser_load,
 * so that nesting is bounded while parsing: libyaml's scanner does work proportional to
 * the flow depth for every token, so 100,000 nested '[' take minutes, and its composer
 * looks anchors up by a linear search. Nothing we read nests deeper than a few levels. */
typedef struct {
    yaml_parser_t parser;
    ydoc *d;
    strmap anchors;  /* anchor name -> node id; the names are in `names` */
    char **names;
    size_t n_names, cap_names;
    int node[YAMLX_MAX_DEPTH]; /* open collections, outermost first */
    int key[YAMLX_MAX_DEPTH];  /* a mapping's key awaiting its value, or 0 */
    size_t depth;
} composer;

static int at_mark(composer *c, yaml_mark_t m, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int at_mark(composer *c, yaml_mark_t m, int code, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return almen_fail_at(code, c->d->source, (int)m.line + 1, (int)m.column + 1, NULL, "%s", msg);
}

/* libyaml's reader (bad UTF-8, control characters) gives only a byte offset: the line and
 * the column in characters, as libyaml counts them elsewhere, are worked out here. */
static yaml_mark_t mark_of_offset(const char *text, size_t offset)
{
    yaml_mark_t m = {offset, 0, 0};
    size_t i = (offset >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) ? 3 : 0;
    for (; i < offset; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) {
            m.line++;
            m.column = 0;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            m.column++;
        }
    }
    return m;
}

static int parser_error(composer *c, const char *text)
{
    yaml_parser_t *p = &c->parser;
    if (p->error == YAML_MEMORY_ERROR) return almen_fail_nomem();
    if (p->error == YAML_READER_ERROR) {
        yaml_mark_t m = mark_of_offset(text, p->problem_offset);
        if (p->problem_value == 0)
            return at_mark(c, m, ALMEN_EPARSE, "malformed YAML: a NUL byte in the input "
                                               "(binary data, or UTF-16 without a byte-order mark?)");
        return at_mark(c, m, ALMEN_EPARSE, "malformed YAML: %s (0x%02X); the input must be UTF-8",
                       p->problem ? p->problem : "unreadable input", (unsigned)p->problem_value);
    }
    return at_mark(c, p->problem_mark, ALMEN_EPARSE, "malformed YAML: %s%s%s",
                   p->problem ? p->problem : "syntax error", p->context ? " " : "",
                   p->context ? p->context : "");
}

static int add_anchor(composer *c, const yaml_char_t *anchor, int id, yaml_mark_t m)
{
    if (!anchor) return ALMEN_OK;
    size_t earlier;
    if (strmap_get(&c->anchors, (const char *)anchor, &earlier))
        return at_mark(c, m, ALMEN_EPARSE, "malformed YAML: anchor '&%.60s' defined twice",
                       (const char *)anchor);
    if (c->n_names == c->cap_names) {
        size_t cap = c->cap_names ? 2 * c->cap_names : 16;
        char **p = realloc(c->names, cap * sizeof *p);
        if (!p) return almen_fail_nomem();
        c->names = p;
        c->cap_names = cap;
    }
    char *name = strdup((const char *)anchor);
    if (!name) return almen_fail_nomem();
    c->names[c->n_names++] = name;
    return strmap_put(&c->anchors, name, (size_t)id) < 0 ? almen_fail_nomem() : ALMEN_OK;
}

/* Places node id in the open collection (as an item, a key, or the value of the pending
 * key); the first node is the document's root. */
static int attach(composer *c, int id)
{
    if (c->depth == 0) return ALMEN_OK;
    yaml_document_t *doc = &c->d->doc;
    int parent = c->node[c->depth - 1], ok;
    if (doc->nodes.start[parent - 1].type == YAML_SEQUENCE_NODE) {
        ok = yaml_document_append_sequence_item(doc, parent, id);
    } else if (!c->key[c->depth - 1]) {
        c->key[c->depth - 1] = id;
        ok = 1;
    } else {
        ok = yaml_document_append_mapping_pair(doc, parent, c->key[c->depth - 1], id);
        c->key[c->depth - 1] = 0;
    }
    return ok ? ALMEN_OK : almen_fail_nomem();
}

/* A node event: adds the node (scalars and collection starts; aliases name an existing
 * node) and attaches it. */
static int compose_node(composer *c, yaml_event_t *e)
{
    yaml_document_t *doc = &c->d->doc;
    const yaml_char_t *anchor = NULL, *tag = NULL;
    int id = 0;
    switch (e->type) {
    case YAML_ALIAS_EVENT: {
        size_t target;
        if (!strmap_get(&c->anchors, (const char *)e->data.alias.anchor, &target))
            return at_mark(c, e->start_mark, ALMEN_EPARSE,
                           "malformed YAML: alias '*%.60s' names no earlier anchor",
                           (const char *)e->data.alias.anchor);
        return attach(c, (int)target);
    }
    case YAML_SCALAR_EVENT:
        /* "\0" in a quoted scalar: every reader takes scalars as C strings, which would
         * silently cut the text there ("name\0x" read as the key "name"). */
        if (memchr(e->data.scalar.value, 0, e->data.scalar.length))
            return at_mark(c, e->start_mark, ALMEN_EINPUT,
                           "a NUL character (\\0) in text is not allowed");
        tag = e->data.scalar.tag;
        if (tag && !strcmp((const char *)tag, "!")) tag = NULL; /* non-specific: default */
        anchor = e->data.scalar.anchor;
        id = yaml_document_add_scalar(doc, (yaml_char_t *)tag, e->data.scalar.value,
                                      e->data.scalar.length > INT_MAX ? -1 : (int)e->data.scalar.length,
                                      e->data.scalar.style);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (c->depth == YAMLX_MAX_DEPTH)
            return at_mark(c, e->start_mark, ALMEN_ELIMIT,
                           "nesting deeper than %d levels", YAMLX_MAX_DEPTH);
        if (e->type == YAML_SEQUENCE_START_EVENT) {
            tag = e->data.sequence_start.tag;
            if (tag && !strcmp((const char *)tag, "!")) tag = NULL;
            anchor = e->data.sequence_start.anchor;
            id = yaml_document_add_sequence(doc, (yaml_char_t *)tag, e->data.sequence_start.style);
        } else {
            tag = e->data.mapping_start.tag;
            if (tag && !strcmp((const char *)tag, "!")) tag = NULL;
            anchor = e->data.mapping_start.anchor;
            id = yaml_document_add_mapping(doc, (yaml_char_t *)tag, e->data.mapping_start.style);
        }
        break;
    default:
        return at_mark(c, e->start_mark, ALMEN_EPARSE, "malformed YAML: unexpected event");
    }
    if (!id) return almen_fail_nomem();
    doc->nodes.start[id - 1].start_mark = e->start_mark;
    doc->nodes.start[id - 1].end_mark = e->end_mark;
    int rc = add_anchor(c, anchor, id, e->start_mark);
    if (!rc) rc = attach(c, id);
    if (!rc && e->type != YAML_SCALAR_EVENT) {
        c->node[c->depth] = id;
        c->key[c->depth] = 0;
        c->depth++;
    }
    return rc;
}

/* Reads events up to and including the end of the stream into c->d->doc. */
static int compose(composer *c, const char *text)
{
    int documents = 0, rc = ALMEN_OK;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&c->parser, &e)) return parser_error(c, text);
        yaml_event_type_t type = e.type;
        switch (type) {
        case YAML_STREAM_START_EVENT: break;
        case YAML_DOCUMENT_START_EVENT:
            if (documents++) break; /* refused at its first node, below */
            if (!yaml_document_initialize(&c->d->doc, NULL, NULL, NULL, 1, 1)) {
                rc = almen_fail_nomem();
                break;
            }
            c->d->loaded = 1;
            break;
        case YAML_DOCUMENT_END_EVENT: break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            c->depth--;
            c->d->doc.nodes.start[c->node[c->depth] - 1].end_mark = e.end_mark;
            break;
        case YAML_STREAM_END_EVENT: break;
        default:
            if (documents > 1) {
                /* A second document would be silently ignored; refuse it instead. */
                yaml_mark_t m = e.start_mark;
                m.column = 0;
                rc = at_mark(c, m, ALMEN_EINPUT, "more than one YAML document in the input");
            } else {
                rc = compose_node(c, &e);
            }
            break;
        }
        yaml_event_delete(&e);
        if (rc || type == YAML_STREAM_END_EVENT) return rc;
    }
}

int ydoc_parse(ydoc *d, const char *text, size_t len, const char *source)
{
    memset(d, 0, sizeof *d);
    d->source = source ? source : "<string>";
    if (len > YAMLX_MAX_INPUT)
        return almen_fail_at(ALMEN_ELIMIT, d->source, 0, 0, NULL,
                             "input of %zu bytes exceeds the limit of %zu bytes", len,
                             YAMLX_MAX_INPUT);
    /* libyaml would decode UTF-16 after a byte-order mark, but nothing else we read (CSV)
     * does, and files are meant to be UTF-8: say so rather than half-support it. */
    if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                     ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF)))
        return almen_fail_at(ALMEN_EINPUT, d->source, 1, 1, NULL,
                             "the input is UTF-16 (it starts with a UTF-16 byte-order mark); "
                             "save it as UTF-8");
    composer c;
    memset(&c, 0, sizeof c);
    c.d = d;
    strmap_init(&c.anchors);
    if (!yaml_parser_initialize(&c.parser)) return almen_fail_nomem();
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, len);
    int rc = compose(&c, text);
    yaml_parser_delete(&c.parser);
    for (size_t i = 0; i < c.n_names; i++) free(c.names[i]);
    free(c.names);
    strmap_free(&c.anchors);
    if (rc == ALMEN_OK && !ydoc_root(d))
        rc = almen_fail_at(ALMEN_EINPUT, d->source, 0, 0, NULL,
                           "the input is empty (no YAML document)");
    if (rc) {
        ydoc_free(d);
        return rc;
    }
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
    /* A regular file's size is known: refuse a too large one before reading (or
     * allocating) anything, and read the rest in one go. Pipes and the like grow the
     * buffer below, still bounded by the limit. */
    struct stat st;
    size_t cap = 1 << 16, n = 0;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            return almen_fail_at(ALMEN_EIO, path, 0, 0, NULL, "cannot read: is a directory");
        }
        if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > YAMLX_MAX_INPUT) {
            fclose(f);
            return almen_fail_at(ALMEN_ELIMIT, path, 0, 0, NULL,
                                 "file of %ju bytes exceeds the limit of %zu bytes",
                                 (uintmax_t)st.st_size, YAMLX_MAX_INPUT);
        }
        /* One byte more than the size, so the end is seen without growing. */
        if (S_ISREG(st.st_mode) && (size_t)st.st_size + 1 > cap) cap = (size_t)st.st_size + 1;
    }
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
