/* YAML mappings whose keys are free names rather than a fixed set (threshold sets and
 * criteria in rule sets; years and regions in the references section). Never installed. */
#ifndef ALMEN_RULES_YAML_H
#define ALMEN_RULES_YAML_H

#include <stddef.h>

#include "yamlx.h"

/* Returns a failing status at once (every reader here stops at the first problem). */
#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

/* Called for the i-th pair with its key path ("path.key"); a non-zero return stops. */
typedef int (*y_pair_fn)(ydoc *d, yaml_node_t *key, yaml_node_t *value, const char *key_path,
                         size_t i, void *ctx);

/* The number of pairs of a mapping node (0 for other nodes). */
size_t y_pair_count(const yaml_node_t *map);
/* Checks map is a mapping ("expected a mapping of <what>" otherwise) and calls fn for each
 * pair in order. Each key and value node is handed over once, so aliases cannot multiply
 * the work beyond what fn itself reads. */
int y_each_pair(ydoc *d, yaml_node_t *map, const char *path, const char *what, y_pair_fn fn,
                void *ctx);

#endif
