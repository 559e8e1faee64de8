/* A growable string for writers (YAML, CSV, reports). Once an allocation fails the
 * buffer stays failed and every later append is a no-op, so writers check once at the end. */
#ifndef ALMEN_STRBUF_H
#define ALMEN_STRBUF_H

#include <stddef.h>

#include "error_internal.h"

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_append(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_putc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) ALMEN_PRINTF(2, 3);
/* Appends a number that reads back to exactly the same double, in the C locale. */
void sb_number(strbuf *sb, double v);
/* Hands the text to the caller (NUL-terminated) or fails with ALMEN_ENOMEM. */
int sb_finish(strbuf *sb, char **out);

#endif
