/* A string -> index map (open addressing) for id lookups: a national case has ~7,000
 * departments and CSV imports look each row's department up. Keys are borrowed: they
 * must outlive the map. */
#ifndef ALMEN_STRMAP_H
#define ALMEN_STRMAP_H

#include <stddef.h>

typedef struct {
    const char **keys;
    size_t *values;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
/* 0 on success, 1 when key is already present (value left as it was), -1 out of memory. */
int strmap_put(strmap *m, const char *key, size_t value);
/* 1 and *value when found, else 0. */
int strmap_get(const strmap *m, const char *key, size_t *value);

#endif
