/* Reading YAML documents strictly, with positions for every error. Shared by every
 * loader (cases, rule sets, agreements, scenarios), so they all report errors alike:
 * "source:line:column: field.path: message". */
#ifndef ALMEN_YAMLX_H
#define ALMEN_YAMLX_H

#include <stddef.h>
#include <yaml.h>

/* Largest YAML input accepted, in bytes. */
#define YAMLX_MAX_INPUT ((size_t)256 << 20)
/* Deepest nesting of lists and mappings accepted (ALMEN_ELIMIT beyond). */
#define YAMLX_MAX_DEPTH 64
/* Field paths longer than this are truncated in messages. */
#define YAMLX_PATH_MAX 192

typedef struct {
    yaml_document_t doc;
    int loaded;
    const char *source;
    /* Node visits are counted: aliases let a tiny file name the same node exponentially
     * often ("billion laughs"), and the budget stops that early. */
    size_t visits;
    size_t max_visits;
} ydoc;

/* Parses exactly one YAML document from text (len bytes). Errors: ALMEN_EPARSE with
 * libyaml's position, ALMEN_EINPUT for an empty input, ALMEN_ELIMIT when too large. */
int ydoc_parse(ydoc *d, const char *text, size_t len, const char *source);
void ydoc_free(ydoc *d);
yaml_node_t *ydoc_root(ydoc *d);

/* Reads a whole file for parsing; *out is freed with free(). ALMEN_EIO / ALMEN_ELIMIT. */
int ydoc_read_file(const char *path, char **out, size_t *len);

/* Records an error positioned at node (which may be NULL). Returns code. */
int y_fail(ydoc *d, const yaml_node_t *node, const char *path, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Path helpers: dst = parent + "." + key, or parent + "[i]". */
void y_path_key(char *dst, const char *parent, const char *key);
void y_path_index(char *dst, const char *parent, size_t i);

int y_is_null(const yaml_node_t *node);

/* Checks node is a mapping whose keys are all plain scalars from allowed
 * (NULL-terminated), each at most once. */
int y_check_map(ydoc *d, yaml_node_t *node, const char *path, const char *const *allowed);
/* Checks node is a sequence; *count receives its length. */
int y_check_seq(ydoc *d, yaml_node_t *node, const char *path, size_t *count);
/* The i-th item of a sequence checked with y_check_seq (NULL when the visit budget is
 * exhausted, with the error recorded). */
yaml_node_t *y_item(ydoc *d, yaml_node_t *seq, size_t i, const char *path);

/* The value under key in a mapping, or NULL when absent. A null value counts as absent
 * (so `rent: ~` means not given). *failed is set when the visit budget ran out. */
yaml_node_t *y_get(ydoc *d, yaml_node_t *map, const char *key, int *failed);
/* The same, but a missing key is an error positioned at the mapping. */
int y_require(ydoc *d, yaml_node_t *map, const char *map_path, const char *key,
              yaml_node_t **out);

/* Scalars. Text: any scalar (a plain number is read as its text), non-empty.
 * Numbers: plain scalars only, finite. Integers: whole numbers within [lo, hi]. */
int y_text(ydoc *d, yaml_node_t *node, const char *path, char **out);
int y_number(ydoc *d, yaml_node_t *node, const char *path, double *out);
int y_integer(ydoc *d, yaml_node_t *node, const char *path, long lo, long hi, long *out);
/* The scalar's text (NUL-terminated by libyaml), or NULL for non-scalars. */
const char *y_scalar(const yaml_node_t *node);

#endif
