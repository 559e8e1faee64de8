/* Case files: YAML -> almen_case. The whole file is checked while it is read into a new
 * case; on the first problem that case is freed and nothing is returned. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "case_sections.h"
#include "error_internal.h"
#include "yamlx.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

/* An optional value: *node is NULL when absent or null; fails only on the visit budget. */
static int optional(ydoc *d, yaml_node_t *map, const char *key, yaml_node_t **node)
{
    int failed = 0;
    *node = y_get(d, map, key, &failed);
    return failed ? ALMEN_ELIMIT : ALMEN_OK;
}

/* Allocates count zeroed items for a list section; count 0 leaves *array NULL. */
static int alloc_items(void **array, size_t count, size_t size)
{
    *array = NULL;
    if (!count) return ALMEN_OK;
    *array = calloc(count, size);
    return *array ? ALMEN_OK : almen_fail_nomem();
}

static int load_municipality(ydoc *d, yaml_node_t *root, almen_case *c)
{
    static const char *const keys[] = {"code", "name", "region", NULL};
    yaml_node_t *m, *v;
    TRY(y_require(d, root, "", "municipality", &m));
    TRY(y_check_map(d, m, "municipality", keys));
    long code;
    TRY(y_require(d, m, "municipality", "code", &v));
    TRY(y_integer(d, v, "municipality.code", 101, 999, &code));
    c->code = (int)code;
    TRY(y_require(d, m, "municipality", "name", &v));
    TRY(y_text(d, v, "municipality.name", &c->name));
    TRY(y_require(d, m, "municipality", "region", &v));
    const char *region = region_canonical(y_scalar(v));
    if (!region)
        return y_fail(d, v, "municipality.region", ALMEN_EINPUT,
                      "unknown region '%.40s' (Hovedstaden, Sjælland, Syddanmark, Midtjylland, "
                      "Nordjylland)",
                      y_scalar(v) ? y_scalar(v) : "");
    c->region = strdup(region);
    return c->region ? ALMEN_OK : almen_fail_nomem();
}

/* A list section: node checked as a sequence, *count items. Absent means empty. */
static int section(ydoc *d, yaml_node_t *root, const char *key, yaml_node_t **seq, size_t *count)
{
    *count = 0;
    TRY(optional(d, root, key, seq));
    return *seq ? y_check_seq(d, *seq, key, count) : ALMEN_OK;
}

/* Reads "id" and "name" of a list item and checks the id is new among the first i
 * items (each struct of the array starts with char *id, char *name). */
static int load_id_name(ydoc *d, yaml_node_t *item, const char *path, void *array, size_t i,
                        size_t stride)
{
    char **fields = (char **)((char *)array + i * stride);
    char p[YAMLX_PATH_MAX];
    yaml_node_t *v;
    TRY(y_require(d, item, path, "id", &v));
    y_path_key(p, path, "id");
    TRY(y_text(d, v, p, &fields[0]));
    for (size_t j = 0; j < i; j++) {
        char **other = (char **)((char *)array + j * stride);
        if (strcmp(other[0], fields[0]) == 0)
            return y_fail(d, v, p, ALMEN_EINPUT, "duplicate id '%s'", fields[0]);
    }
    TRY(y_require(d, item, path, "name", &v));
    y_path_key(p, path, "name");
    return y_text(d, v, p, &fields[1]);
}

/* Resolves an optional reference field: *index is NO_INDEX when absent. */
static int load_ref(ydoc *d, yaml_node_t *item, const char *path, const char *key,
                    size_t (*find)(const almen_case *, const char *), const almen_case *c,
                    size_t *index, yaml_node_t **node)
{
    *index = NO_INDEX;
    TRY(optional(d, item, key, node));
    if (!*node) return ALMEN_OK;
    char p[YAMLX_PATH_MAX];
    y_path_key(p, path, key);
    const char *id = y_scalar(*node);
    if (!id) return y_fail(d, *node, p, ALMEN_EINPUT, "expected an id");
    *index = find(c, id);
    if (*index == NO_INDEX) return y_fail(d, *node, p, ALMEN_EINPUT, "unknown %s '%s'", key, id);
    return ALMEN_OK;
}

/* Reads one item of a list section into c at index i. */
typedef int (*item_loader)(ydoc *d, yaml_node_t *item, const char *path, almen_case *c, size_t i);

/* A list section: allocates count items of size bytes into *array (count set at once so
 * that freeing a half-read case is safe) and reads each with load_item. */
static int load_list(ydoc *d, yaml_node_t *root, const char *key, almen_case *c, void **array,
                     size_t *count, size_t size, item_loader load_item)
{
    yaml_node_t *seq;
    size_t n;
    TRY(section(d, root, key, &seq, &n));
    TRY(alloc_items(array, n, size));
    *count = n;
    for (size_t i = 0; i < n; i++) {
        char p[YAMLX_PATH_MAX];
        y_path_index(p, key, i);
        yaml_node_t *item = y_item(d, seq, i, p);
        if (!item) return ALMEN_ELIMIT;
        TRY(load_item(d, item, p, c, i));
    }
    return ALMEN_OK;
}

static int load_district(ydoc *d, yaml_node_t *item, const char *path, almen_case *c, size_t i)
{
    static const char *const keys[] = {"id", "name", NULL};
    TRY(y_check_map(d, item, path, keys));
    return load_id_name(d, item, path, c->districts, i, sizeof *c->districts);
}

static int load_area(ydoc *d, yaml_node_t *item, const char *path, almen_case *c, size_t i)
{
    static const char *const keys[] = {"id", "name", "district", NULL};
    yaml_node_t *ref;
    TRY(y_check_map(d, item, path, keys));
    TRY(load_id_name(d, item, path, c->areas, i, sizeof *c->areas));
    return load_ref(d, item, path, "district", case_find_district, c, &c->areas[i].district, &ref);
}

static int load_organisation(ydoc *d, yaml_node_t *item, const char *path, almen_case *c,
                             size_t i)
{
    static const char *const keys[] = {"id", "name", NULL};
    TRY(y_check_map(d, item, path, keys));
    return load_id_name(d, item, path, c->organisations, i, sizeof *c->organisations);
}

static int load_dwellings(ydoc *d, yaml_node_t *dept, const char *path, department *dp)
{
    static const char *const keys[] = {"family", "youth", "elderly", NULL};
    yaml_node_t *m, *v;
    TRY(optional(d, dept, "dwellings", &m));
    if (!m) return ALMEN_OK;
    char mp[YAMLX_PATH_MAX], p[YAMLX_PATH_MAX];
    y_path_key(mp, path, "dwellings");
    TRY(y_check_map(d, m, mp, keys));
    int32_t *slots[] = {&dp->family, &dp->youth, &dp->elderly};
    for (int k = 0; k < 3; k++) {
        TRY(optional(d, m, keys[k], &v));
        if (!v) continue;
        y_path_key(p, mp, keys[k]);
        long n;
        TRY(y_integer(d, v, p, 0, 10000000, &n));
        *slots[k] = (int32_t)n;
    }
    return ALMEN_OK;
}

static int load_figure_row(ydoc *d, yaml_node_t *item, const char *path, department *dp)
{
    /* Allowed keys: "year" and every field name. */
    const char *keys[FIELD_COUNT + 2];
    keys[0] = "year";
    for (int f = 0; f < FIELD_COUNT; f++) keys[f + 1] = FIELDS[f].name;
    keys[FIELD_COUNT + 1] = NULL;
    TRY(y_check_map(d, item, path, keys));

    char p[YAMLX_PATH_MAX];
    yaml_node_t *v, *nodes[FIELD_COUNT];
    long year;
    TRY(y_require(d, item, path, "year", &v));
    y_path_key(p, path, "year");
    TRY(y_integer(d, v, p, 1900, 2200, &year));
    if (department_row(dp, (int)year))
        return y_fail(d, v, p, ALMEN_EINPUT, "duplicate year %ld", year);

    figure_row row;
    row.year = (int)year;
    for (int f = 0; f < FIELD_COUNT; f++) {
        row.v[f] = NAN;
        TRY(optional(d, item, FIELDS[f].name, &nodes[f]));
        if (!nodes[f]) continue;
        y_path_key(p, path, FIELDS[f].name);
        TRY(y_number(d, nodes[f], p, &row.v[f]));
        const char *problem = figure_value_problem(f, row.v[f]);
        if (problem) return y_fail(d, nodes[f], p, ALMEN_EINPUT, "%s", problem);
    }
    int bad = figure_row_inconsistent(&row);
    if (bad >= 0) {
        int den = FIELDS[bad].denominator;
        y_path_key(p, path, FIELDS[bad].name);
        return y_fail(d, nodes[bad], p, ALMEN_EINPUT, "%s (%g) exceeds %s (%g)", FIELDS[bad].name,
                      row.v[bad], FIELDS[den].name, row.v[den]);
    }
    figure_row *slot = department_row_add(dp, row.year);
    if (!slot) return ALMEN_ENOMEM;
    *slot = row;
    return ALMEN_OK;
}

static int load_figures(ydoc *d, yaml_node_t *dept, const char *path, department *dp)
{
    yaml_node_t *seq;
    size_t n;
    char fp[YAMLX_PATH_MAX], p[YAMLX_PATH_MAX];
    TRY(optional(d, dept, "figures", &seq));
    if (!seq) return ALMEN_OK;
    y_path_key(fp, path, "figures");
    TRY(y_check_seq(d, seq, fp, &n));
    for (size_t i = 0; i < n; i++) {
        y_path_index(p, fp, i);
        yaml_node_t *item = y_item(d, seq, i, p);
        if (!item) return ALMEN_ELIMIT;
        TRY(load_figure_row(d, item, p, dp));
    }
    return ALMEN_OK;
}

static int load_department(ydoc *d, yaml_node_t *item, const char *path, almen_case *c,
                           size_t i)
{
    static const char *const keys[] = {"organisation", "number",     "name", "area",
                                       "district",     "dwellings",  "floor_area",
                                       "rent",         "year_built", "figures", NULL};
    department *dp = &c->departments[i];
    dp->rent = NAN;
    dp->floor_area = NAN;
    dp->year_built = ALMEN_NA_INT;
    TRY(y_check_map(d, item, path, keys));

    char p[YAMLX_PATH_MAX];
    yaml_node_t *v, *org_node, *area_node, *district_node;
    TRY(y_require(d, item, path, "organisation", &org_node));
    TRY(load_ref(d, item, path, "organisation", case_find_organisation, c, &dp->organisation,
                 &org_node));
    long number;
    TRY(y_require(d, item, path, "number", &v));
    y_path_key(p, path, "number");
    TRY(y_integer(d, v, p, 0, 999999, &number));
    dp->number = (int)number;
    char id[160];
    snprintf(id, sizeof id, "%s-%ld", c->organisations[dp->organisation].id, number);
    for (size_t j = 0; j < i; j++)
        if (strcmp(c->departments[j].id, id) == 0)
            return y_fail(d, v, p, ALMEN_EINPUT, "duplicate department '%s'", id);
    if (!(dp->id = strdup(id))) return almen_fail_nomem();

    TRY(y_require(d, item, path, "name", &v));
    y_path_key(p, path, "name");
    TRY(y_text(d, v, p, &dp->name));

    TRY(load_ref(d, item, path, "area", case_find_area, c, &dp->area, &area_node));
    TRY(load_ref(d, item, path, "district", case_find_district, c, &dp->district, &district_node));
    dp->explicit_district = district_node != NULL;
    if (dp->area != NO_INDEX) {
        size_t area_district = c->areas[dp->area].district;
        if (dp->district == NO_INDEX) {
            dp->district = area_district;
        } else if (area_district != NO_INDEX && area_district != dp->district) {
            y_path_key(p, path, "district");
            return y_fail(d, district_node, p, ALMEN_EINPUT,
                          "district '%s' conflicts with area '%s', which is in district '%s'",
                          c->districts[dp->district].id, c->areas[dp->area].id,
                          c->districts[area_district].id);
        }
    }

    TRY(load_dwellings(d, item, path, dp));
    TRY(optional(d, item, "floor_area", &v));
    if (v) {
        y_path_key(p, path, "floor_area");
        TRY(y_number(d, v, p, &dp->floor_area));
        if (dp->floor_area <= 0) return y_fail(d, v, p, ALMEN_EINPUT, "must be positive");
    }
    TRY(optional(d, item, "rent", &v));
    if (v) {
        y_path_key(p, path, "rent");
        TRY(y_number(d, v, p, &dp->rent));
        if (dp->rent < 0) return y_fail(d, v, p, ALMEN_EINPUT, "value is negative");
    }
    TRY(optional(d, item, "year_built", &v));
    if (v) {
        long y;
        y_path_key(p, path, "year_built");
        TRY(y_integer(d, v, p, 1500, 2200, &y));
        dp->year_built = (int32_t)y;
    }
    return load_figures(d, item, path, dp);
}

static int load_sections(ydoc *d, yaml_node_t *root, almen_case *c)
{
    for (const case_section *const *s = CASE_SECTIONS; *s; s++) {
        yaml_node_t *v;
        TRY(optional(d, root, (*s)->key, &v));
        if (v) TRY((*s)->load(d, v, c));
    }
    return ALMEN_OK;
}

static int load_document(ydoc *d, almen_case *c)
{
    static const char *const core_keys[] = {"format", "municipality", "districts", "areas",
                                            "organisations", "departments"};
    enum { N_CORE = sizeof core_keys / sizeof core_keys[0], MAX_KEYS = N_CORE + 32 };
    const char *keys[MAX_KEYS + 1];
    size_t n = 0;
    for (; n < N_CORE; n++) keys[n] = core_keys[n];
    for (const case_section *const *s = CASE_SECTIONS; *s && n < MAX_KEYS; s++) keys[n++] = (*s)->key;
    keys[n] = NULL;
    yaml_node_t *root = ydoc_root(d), *v;
    TRY(y_check_map(d, root, "", keys));
    TRY(optional(d, root, "format", &v));
    if (v) {
        const char *s = y_scalar(v);
        if (!s || strcmp(s, "1") != 0)
            return y_fail(d, v, "format", ALMEN_EVERSION,
                          "unsupported case format '%.20s' (this library reads format 1)",
                          s ? s : "?");
    }
    TRY(load_municipality(d, root, c));
    TRY(load_list(d, root, "districts", c, (void **)&c->districts, &c->n_districts,
                  sizeof *c->districts, load_district));
    TRY(load_list(d, root, "areas", c, (void **)&c->areas, &c->n_areas, sizeof *c->areas,
                  load_area));
    TRY(load_list(d, root, "organisations", c, (void **)&c->organisations, &c->n_organisations,
                  sizeof *c->organisations, load_organisation));
    TRY(load_list(d, root, "departments", c, (void **)&c->departments, &c->n_departments,
                  sizeof *c->departments, load_department));
    TRY(case_index_departments(c));
    return load_sections(d, root, c);
}

static almen_status load_text(const char *text, size_t len, const char *source, almen_case **out)
{
    ydoc d;
    int rc = ydoc_parse(&d, text, len, source);
    if (rc) return rc;
    almen_case *c = case_alloc();
    if (!c) {
        ydoc_free(&d);
        return ALMEN_ENOMEM;
    }
    rc = load_document(&d, c);
    ydoc_free(&d);
    if (rc) {
        almen_case_free(c);
        return rc;
    }
    *out = c;
    return ALMEN_OK;
}

almen_status almen_case_load_string(const char *yaml, const char *source_name, almen_case **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!yaml) return almen_fail(ALMEN_EINVAL, "yaml text is required");
    return load_text(yaml, strlen(yaml), source_name ? source_name : "<string>", out);
}

almen_status almen_case_load_file(const char *path, almen_case **out)
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
