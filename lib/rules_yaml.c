#include "rules_yaml.h"

#include "error_internal.h"

size_t y_pair_count(const yaml_node_t *map)
{
    if (!map || map->type != YAML_MAPPING_NODE) return 0;
    return (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

int y_each_pair(ydoc *d, yaml_node_t *map, const char *path, const char *what, y_pair_fn fn,
                void *ctx)
{
    if (map->type != YAML_MAPPING_NODE)
        return y_fail(d, map, path, ALMEN_EINPUT, "expected a mapping of %s", what);
    size_t n = y_pair_count(map);
    for (size_t i = 0; i < n; i++) {
        yaml_node_pair_t *pair = &map->data.mapping.pairs.start[i];
        yaml_node_t *key = yaml_document_get_node(&d->doc, pair->key);
        yaml_node_t *value = yaml_document_get_node(&d->doc, pair->value);
        char kp[YAMLX_PATH_MAX];
        y_path_key(kp, path, y_scalar(key) ? y_scalar(key) : "?");
        int rc = fn(d, key, value, kp, i, ctx);
        if (rc) return rc;
    }
    return ALMEN_OK;
}
