/* Reading CSV (RFC 4180): quoted fields with doubled quotes and embedded separators and
 * line breaks, LF or CRLF line ends, an optional UTF-8 byte-order mark. Each field
 * carries its line and column for error messages. */
#ifndef ALMEN_CSV_H
#define ALMEN_CSV_H

#include <stddef.h>

typedef struct {
    char *text; /* NUL-terminated field, owned by the reader */
    int line;
    int column;
} csv_field;

typedef struct {
    const char *src;
    size_t len;
    size_t pos;
    const char *source;
    int line;
    size_t line_start;
    csv_field *fields;
    size_t n_fields;
    size_t cap_fields;
    int row_line; /* line the current row starts on */
} csv_reader;

void csv_open(csv_reader *r, const char *text, size_t len, const char *source);
/* Reads the next non-blank row into r->fields. Returns 1 for a row, 0 at the end,
 * or a negative status (ALMEN_EPARSE with position, ALMEN_ENOMEM). */
int csv_next(csv_reader *r);
void csv_close(csv_reader *r);

#endif
