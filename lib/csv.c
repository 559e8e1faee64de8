#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "error_internal.h"
#include "strbuf.h"

void csv_open(csv_reader *r, const char *text, size_t len, const char *source)
{
    memset(r, 0, sizeof *r);
    r->src = text;
    r->len = len;
    r->source = source ? source : "<string>";
    r->line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    r->line_start = 0;
}

static void clear_fields(csv_reader *r)
{
    for (size_t i = 0; i < r->n_fields; i++) free(r->fields[i].text);
    r->n_fields = 0;
}

void csv_close(csv_reader *r)
{
    clear_fields(r);
    free(r->fields);
    r->fields = NULL;
    r->cap_fields = 0;
}

static int push_field(csv_reader *r, strbuf *sb, int line, int column)
{
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? 2 * r->cap_fields : 16;
        csv_field *p = realloc(r->fields, cap * sizeof *p);
        if (!p) return almen_fail_nomem();
        r->fields = p;
        r->cap_fields = cap;
    }
    char *text;
    if (!sb->data) sb_puts(sb, "");
    if (sb_finish(sb, &text)) return ALMEN_ENOMEM;
    r->fields[r->n_fields++] = (csv_field){text, line, column};
    return ALMEN_OK;
}

static int at_line_end(const csv_reader *r)
{
    return r->pos >= r->len || r->src[r->pos] == '\n' ||
           (r->src[r->pos] == '\r' && r->pos + 1 < r->len && r->src[r->pos + 1] == '\n');
}

static void skip_line_end(csv_reader *r)
{
    if (r->pos < r->len && r->src[r->pos] == '\r') r->pos++;
    if (r->pos < r->len && r->src[r->pos] == '\n') {
        r->pos++;
        r->line++;
        r->line_start = r->pos;
    }
}

/* One field starting at r->pos; leaves r->pos on the separator or line end. */
static int read_field(csv_reader *r, strbuf *sb)
{
    if (r->pos < r->len && r->src[r->pos] == '"') {
        int open_line = r->line, open_col = (int)(r->pos - r->line_start) + 1;
        r->pos++;
        for (;;) {
            if (r->pos >= r->len)
                return almen_fail_at(ALMEN_EPARSE, r->source, open_line, open_col, NULL,
                                     "unterminated quoted field");
            char ch = r->src[r->pos++];
            if (ch == '"') {
                if (r->pos < r->len && r->src[r->pos] == '"') {
                    sb_putc(sb, '"');
                    r->pos++;
                    continue;
                }
                break;
            }
            if (ch == '\n') {
                r->line++;
                r->line_start = r->pos;
            }
            sb_putc(sb, ch);
        }
        if (!(r->pos >= r->len || r->src[r->pos] == ',' || at_line_end(r)))
            return almen_fail_at(ALMEN_EPARSE, r->source, r->line,
                                 (int)(r->pos - r->line_start) + 1, NULL,
                                 "unexpected text after a closing quote");
        return ALMEN_OK;
    }
    size_t start = r->pos;
    while (r->pos < r->len && r->src[r->pos] != ',' && !at_line_end(r)) {
        if (r->src[r->pos] == '"')
            return almen_fail_at(ALMEN_EPARSE, r->source, r->line,
                                 (int)(r->pos - r->line_start) + 1, NULL,
                                 "a quote inside an unquoted field");
        if (r->src[r->pos] == '\0')
            return almen_fail_at(ALMEN_EPARSE, r->source, r->line,
                                 (int)(r->pos - r->line_start) + 1, NULL, "a NUL byte in the input");
        r->pos++;
    }
    sb_append(sb, r->src + start, r->pos - start);
    return ALMEN_OK;
}

int csv_next(csv_reader *r)
{
    clear_fields(r);
    /* Blank lines carry no row. */
    while (r->pos < r->len && at_line_end(r)) skip_line_end(r);
    if (r->pos >= r->len) return 0;
    r->row_line = r->line;
    for (;;) {
        strbuf sb;
        sb_init(&sb);
        int line = r->line, column = (int)(r->pos - r->line_start) + 1;
        int rc = read_field(r, &sb);
        if (rc == ALMEN_OK) rc = push_field(r, &sb, line, column);
        if (rc) {
            sb_free(&sb);
            clear_fields(r);
            return rc;
        }
        if (r->pos < r->len && r->src[r->pos] == ',') {
            r->pos++;
            continue;
        }
        skip_line_end(r);
        return 1;
    }
}
