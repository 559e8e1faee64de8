#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void strmap_init(strmap *m) { memset(m, 0, sizeof *m); }

void strmap_free(strmap *m)
{
    free(m->keys);
    free(m->values);
    strmap_init(m);
}

static size_t slot_of(const strmap *m, const char *key)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & (m->cap - 1);
    return i;
}

static int grow(strmap *m)
{
    size_t cap = m->cap ? 2 * m->cap : 16;
    strmap bigger = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(size_t)), cap, 0};
    if (!bigger.keys || !bigger.values) {
        free(bigger.keys);
        free(bigger.values);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t s = slot_of(&bigger, m->keys[i]);
        bigger.keys[s] = m->keys[i];
        bigger.values[s] = m->values[i];
        bigger.count++;
    }
    strmap_free(m);
    *m = bigger;
    return 0;
}

int strmap_put(strmap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return -1;
    size_t s = slot_of(m, key);
    if (m->keys[s]) return 1;
    m->keys[s] = key;
    m->values[s] = value;
    m->count++;
    return 0;
}

int strmap_get(const strmap *m, const char *key, size_t *value)
{
    if (!m->cap || !key) return 0;
    size_t s = slot_of(m, key);
    if (!m->keys[s]) return 0;
    *value = m->values[s];
    return 1;
}
