/* The generic reader, writer, copier and freer that follow an rv_schema (see
 * renovation_internal.h). The scenario format has some fifty parameters in a dozen
 * structures; describing them once keeps loading, saving, copying and freeing in step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "renovation_internal.h"
#include "yaml_emit.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

#define AT(obj, f, type) ((type *)((char *)(obj) + (f)->off))
#define CAT(obj, f, type) ((const type *)((const char *)(obj) + (f)->off))
#define COUNT(obj, f) ((size_t *)((char *)(obj) + (f)->count_off))
#define CCOUNT(obj, f) ((const size_t *)((const char *)(obj) + (f)->count_off))

static int is_list(rv_kind k) { return k == RK_LIST || k == RK_NUMLIST || k == RK_DEPTLIST; }

/* Whether field f applies to obj (a discriminated schema lets the first field choose). */
static int applies(const rv_schema *s, const rv_field *f, const void *obj)
{
    if (!s->discriminated || !f->mask) return 1;
    int v = *CAT(obj, &s->fields[0], int);
    return v >= 0 && (f->mask >> v & 1u);
}

static int required_here(const rv_schema *s, const rv_field *f, const void *obj)
{
    if (f->required) return 1;
    if (!s->discriminated || !f->required_mask) return 0;
    int v = *CAT(obj, &s->fields[0], int);
    return v >= 0 && (f->required_mask >> v & 1u);
}

static void number_range_text(char *buf, size_t cap, const rv_field *f)
{
    if (isinf(f->hi))
        snprintf(buf, cap, "must be %s %g", f->lo_open ? "greater than" : "at least", f->lo);
    else if (f->lo_open)
        snprintf(buf, cap, "must be greater than %g and at most %g", f->lo, f->hi);
    else
        snprintf(buf, cap, "must be between %g and %g", f->lo, f->hi);
}

static int check_number(ydoc *d, yaml_node_t *v, const char *path, const rv_field *f, double x)
{
    if ((f->lo_open ? x > f->lo : x >= f->lo) && x <= f->hi) return ALMEN_OK;
    char msg[120];
    number_range_text(msg, sizeof msg, f);
    return y_fail(d, v, path, ALMEN_EINPUT, "%s (got %g)", msg, x);
}

static int read_enum(ydoc *d, yaml_node_t *v, const char *path, const char *const *names, int *out)
{
    const char *s = y_scalar(v);
    for (int i = 0; s && names[i]; i++) {
        if (!strcmp(s, names[i])) {
            *out = i;
            return ALMEN_OK;
        }
    }
    char list[200] = "";
    for (int i = 0; names[i]; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
    }
    return y_fail(d, v, path, ALMEN_EINPUT, "unknown value '%.40s' (%s)", s ? s : "?", list);
}

static int read_ref(ydoc *d, yaml_node_t *v, const char *path, const almen_case *c, int area,
                    size_t *out)
{
    const char *id = y_scalar(v);
    if (!id) return y_fail(d, v, path, ALMEN_EINPUT, "expected %s id", area ? "an area" : "a department");
    *out = area ? case_find_area(c, id) : case_find_department(c, id);
    if (*out == NO_INDEX)
        return y_fail(d, v, path, ALMEN_EINPUT, "unknown %s '%.60s'", area ? "area" : "department", id);
    return ALMEN_OK;
}

static int read_list(ydoc *d, yaml_node_t *v, const char *path, const rv_field *f, void *obj,
                     const almen_case *c)
{
    size_t n;
    TRY(y_check_seq(d, v, path, &n));
    /* A list of numbers is never empty (an empty list of bands would say nothing). */
    if ((f->required || f->kind == RK_NUMLIST) && !n)
        return y_fail(d, v, path, ALMEN_EINPUT, "needs at least one item");
    size_t size = f->kind == RK_LIST ? f->sub->size
                  : f->kind == RK_NUMLIST ? sizeof(double) : sizeof(size_t);
    void *items = n ? calloc(n, size) : NULL;
    if (n && !items) return almen_fail_nomem();
    *AT(obj, f, void *) = items;
    *COUNT(obj, f) = n; /* items are zeroed: releasing a partly read list is safe */
    for (size_t i = 0; i < n; i++) {
        char p[YAMLX_PATH_MAX];
        y_path_index(p, path, i);
        yaml_node_t *item = y_item(d, v, i, p);
        if (!item) return ALMEN_ELIMIT;
        if (f->kind == RK_LIST) {
            TRY(rv_read(d, item, p, f->sub, (char *)items + i * size, c));
        } else if (f->kind == RK_NUMLIST) {
            double *x = (double *)items + i;
            TRY(y_number(d, item, p, x));
            TRY(check_number(d, item, p, f, *x));
        } else {
            size_t *dep = (size_t *)items + i;
            TRY(read_ref(d, item, p, c, 0, dep));
            for (size_t j = 0; j < i; j++)
                if (((size_t *)items)[j] == *dep)
                    return y_fail(d, item, p, ALMEN_EINPUT, "department '%s' is listed twice",
                                  c->departments[*dep].id);
        }
    }
    return ALMEN_OK;
}

int rv_read_value(ydoc *d, yaml_node_t *v, const char *path, const rv_field *f, void *obj,
                  const almen_case *c)
{
    switch (f->kind) {
    case RK_NUM: {
        double x;
        TRY(y_number(d, v, path, &x));
        TRY(check_number(d, v, path, f, x));
        *AT(obj, f, double) = x;
        return ALMEN_OK;
    }
    case RK_INT: {
        long x;
        TRY(y_integer(d, v, path, (long)f->lo, (long)f->hi, &x));
        *AT(obj, f, int) = (int)x;
        return ALMEN_OK;
    }
    case RK_BOOL: {
        const char *s = y_scalar(v);
        int plain = v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (plain && s && !strcmp(s, "true")) *AT(obj, f, int) = 1;
        else if (plain && s && !strcmp(s, "false")) *AT(obj, f, int) = 0;
        else return y_fail(d, v, path, ALMEN_EINPUT, "expected true or false");
        return ALMEN_OK;
    }
    case RK_TEXT: return y_text(d, v, path, AT(obj, f, char *));
    case RK_ENUM: return read_enum(d, v, path, f->names, AT(obj, f, int));
    case RK_DEPT: return read_ref(d, v, path, c, 0, AT(obj, f, size_t));
    case RK_AREA: return read_ref(d, v, path, c, 1, AT(obj, f, size_t));
    case RK_MAP: return rv_read(d, v, path, f->sub, AT(obj, f, void), c);
    default: return read_list(d, v, path, f, obj, c);
    }
}

/* The value a field has when absent. */
static int set_default(const rv_field *f, void *obj)
{
    switch (f->kind) {
    case RK_NUM: *AT(obj, f, double) = f->def; break;
    case RK_INT: *AT(obj, f, int) = isnan(f->def) ? ALMEN_NA_INT : (int)f->def; break;
    case RK_BOOL:
    case RK_ENUM: *AT(obj, f, int) = isnan(f->def) ? -1 : (int)f->def; break;
    case RK_TEXT: *AT(obj, f, char *) = NULL; break;
    case RK_DEPT:
    case RK_AREA: *AT(obj, f, size_t) = NO_INDEX; break;
    case RK_MAP: return rv_defaults(f->sub, AT(obj, f, void));
    case RK_NUMLIST:
        if (f->def_n) {
            double *x = malloc(f->def_n * sizeof *x);
            if (!x) return almen_fail_nomem();
            memcpy(x, f->def_list, f->def_n * sizeof *x);
            *AT(obj, f, double *) = x;
            *COUNT(obj, f) = f->def_n;
        }
        break;
    default: break; /* empty lists */
    }
    return ALMEN_OK;
}

int rv_defaults(const rv_schema *s, void *obj)
{
    for (size_t i = 0; i < s->n; i++) TRY(set_default(&s->fields[i], obj));
    return ALMEN_OK;
}

int rv_read(ydoc *d, yaml_node_t *node, const char *path, const rv_schema *s, void *obj,
            const almen_case *c)
{
    const char *keys[64];
    size_t nk = 0;
    if (s->discriminated) {
        /* The discriminator first: it decides which other keys belong here. */
        const rv_field *f0 = &s->fields[0];
        yaml_node_t *v;
        char p[YAMLX_PATH_MAX];
        keys[0] = NULL;
        if (node->type != YAML_MAPPING_NODE) return y_check_map(d, node, path, keys);
        TRY(y_require(d, node, path, f0->key, &v));
        y_path_key(p, path, f0->key);
        TRY(rv_read_value(d, v, p, f0, obj, c));
    }
    for (size_t i = 0; i < s->n && nk < 63; i++)
        if (applies(s, &s->fields[i], obj)) keys[nk++] = s->fields[i].key;
    keys[nk] = NULL;
    TRY(y_check_map(d, node, path, keys));
    for (size_t i = s->discriminated ? 1 : 0; i < s->n; i++) {
        const rv_field *f = &s->fields[i];
        if (!applies(s, f, obj)) continue; /* members may be shared between kinds */
        char p[YAMLX_PATH_MAX];
        y_path_key(p, path, f->key);
        int failed = 0;
        yaml_node_t *v = y_get(d, node, f->key, &failed);
        if (failed) return ALMEN_ELIMIT;
        if (v) {
            TRY(rv_read_value(d, v, p, f, obj, c));
        } else if (required_here(s, f, obj)) {
            return y_fail(d, node, p, ALMEN_EINPUT, "required field '%s' is missing", f->key);
        } else {
            TRY(set_default(f, obj));
        }
    }
    return ALMEN_OK;
}

/* ---- writing ---------------------------------------------------------------------------- */

static int is_set(const rv_field *f, const void *obj)
{
    switch (f->kind) {
    case RK_NUM: return !isnan(*CAT(obj, f, double));
    case RK_INT: return *CAT(obj, f, int) != ALMEN_NA_INT;
    case RK_BOOL:
    case RK_ENUM: return *CAT(obj, f, int) >= 0;
    case RK_TEXT: return *CAT(obj, f, char *) != NULL;
    case RK_DEPT:
    case RK_AREA: return *CAT(obj, f, size_t) != NO_INDEX;
    case RK_MAP:
        /* A mapping whose required fields are unset was absent (e.g. no capital injection):
         * writing its defaults alone would not load back. */
        for (size_t i = 0; i < f->sub->n; i++)
            if (f->sub->fields[i].required && !is_set(&f->sub->fields[i], CAT(obj, f, void)))
                return 0;
        return 1;
    default: return 1;
    }
}

static void write_value(strbuf *sb, const char *indent, const rv_field *f, const void *obj,
                        const almen_case *c)
{
    char deeper[64];
    snprintf(deeper, sizeof deeper, "%s  ", indent);
    if (f->kind != RK_MAP && !(f->kind == RK_LIST && *CCOUNT(obj, f))) sb_putc(sb, ' ');
    switch (f->kind) {
    case RK_NUM: sb_number(sb, *CAT(obj, f, double)); break;
    case RK_INT: sb_printf(sb, "%d", *CAT(obj, f, int)); break;
    case RK_BOOL: sb_puts(sb, *CAT(obj, f, int) ? "true" : "false"); break;
    case RK_TEXT: yaml_quoted(sb, *CAT(obj, f, char *)); break;
    case RK_ENUM: yaml_quoted(sb, f->names[*CAT(obj, f, int)]); break;
    case RK_DEPT: yaml_quoted(sb, c->departments[*CAT(obj, f, size_t)].id); break;
    case RK_AREA: yaml_quoted(sb, c->areas[*CAT(obj, f, size_t)].id); break;
    case RK_MAP:
        sb_putc(sb, '\n');
        rv_write(sb, deeper, deeper, f->sub, CAT(obj, f, void), c);
        return;
    case RK_LIST: {
        size_t n = *CCOUNT(obj, f);
        const char *items = *CAT(obj, f, char *);
        if (!n) {
            sb_puts(sb, "[]");
            break;
        }
        char first[64], rest[64];
        snprintf(first, sizeof first, "%s  - ", indent);
        snprintf(rest, sizeof rest, "%s    ", indent);
        sb_putc(sb, '\n');
        for (size_t i = 0; i < n; i++) rv_write(sb, first, rest, f->sub, items + i * f->sub->size, c);
        return;
    }
    default: {
        size_t n = *CCOUNT(obj, f);
        sb_putc(sb, '[');
        for (size_t i = 0; i < n; i++) {
            if (i) sb_puts(sb, ", ");
            if (f->kind == RK_NUMLIST) sb_number(sb, (*CAT(obj, f, double *))[i]);
            else yaml_quoted(sb, c->departments[(*CAT(obj, f, size_t *))[i]].id);
        }
        sb_putc(sb, ']');
    }
    }
    sb_putc(sb, '\n');
}

void rv_write(strbuf *sb, const char *first, const char *indent, const rv_schema *s,
              const void *obj, const almen_case *c)
{
    int wrote = 0;
    for (size_t i = 0; i < s->n; i++) {
        const rv_field *f = &s->fields[i];
        if (!applies(s, f, obj) || !is_set(f, obj)) continue;
        sb_printf(sb, "%s%s:", wrote++ ? indent : first, f->key);
        write_value(sb, indent, f, obj, c);
    }
    if (!wrote) sb_printf(sb, "%s{}\n", first);
}

/* ---- copying and freeing ----------------------------------------------------------------- */

void rv_release(const rv_schema *s, void *obj)
{
    for (size_t i = 0; i < s->n; i++) {
        const rv_field *f = &s->fields[i];
        if (f->kind == RK_TEXT) {
            free(*AT(obj, f, char *));
            *AT(obj, f, char *) = NULL;
        } else if (f->kind == RK_MAP) {
            rv_release(f->sub, AT(obj, f, void));
        } else if (is_list(f->kind)) {
            char *items = *AT(obj, f, char *);
            if (f->kind == RK_LIST)
                for (size_t k = 0; k < *COUNT(obj, f); k++) rv_release(f->sub, items + k * f->sub->size);
            free(items);
            *AT(obj, f, char *) = NULL;
            *COUNT(obj, f) = 0;
        }
    }
}

/* Clears dst's owned pointers (after a shallow copy) so that a failure part-way leaves
 * something rv_release can free. */
static void detach(const rv_schema *s, void *obj)
{
    for (size_t i = 0; i < s->n; i++) {
        const rv_field *f = &s->fields[i];
        if (f->kind == RK_TEXT) *AT(obj, f, char *) = NULL;
        else if (f->kind == RK_MAP) detach(f->sub, AT(obj, f, void));
        else if (is_list(f->kind)) {
            *AT(obj, f, char *) = NULL;
            *COUNT(obj, f) = 0;
        }
    }
}

static int copy_fields(const rv_schema *s, void *dst, const void *src)
{
    for (size_t i = 0; i < s->n; i++) {
        const rv_field *f = &s->fields[i];
        if (f->kind == RK_TEXT) {
            const char *t = *CAT(src, f, char *);
            if (t && !(*AT(dst, f, char *) = strdup(t))) return almen_fail_nomem();
        } else if (f->kind == RK_MAP) {
            TRY(copy_fields(f->sub, AT(dst, f, void), CAT(src, f, void)));
        } else if (is_list(f->kind)) {
            size_t n = *CCOUNT(src, f);
            size_t size = f->kind == RK_LIST ? f->sub->size
                          : f->kind == RK_NUMLIST ? sizeof(double) : sizeof(size_t);
            if (!n) continue;
            char *items = malloc(n * size);
            if (!items) return almen_fail_nomem();
            memcpy(items, *CAT(src, f, char *), n * size);
            if (f->kind == RK_LIST)
                for (size_t k = 0; k < n; k++) detach(f->sub, items + k * size);
            *AT(dst, f, char *) = items;
            *COUNT(dst, f) = n;
            if (f->kind == RK_LIST)
                for (size_t k = 0; k < n; k++)
                    TRY(copy_fields(f->sub, items + k * size, *CAT(src, f, char *) + k * size));
        }
    }
    return ALMEN_OK;
}

int rv_copy(const rv_schema *s, void *dst, const void *src)
{
    memcpy(dst, src, s->size);
    detach(s, dst);
    int rc = copy_fields(s, dst, src);
    if (rc) rv_release(s, dst);
    return rc;
}
