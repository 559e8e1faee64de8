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

/* Lines end in LF, CRLF or a lone CR (old Mac spreadsheets' "CSV (Macintosh)"), as in YAML. */
static int at_line_end(const csv_reader *r)
{
    return r->pos >= r->len || r->src[r->pos] == '\n' || r->src[r->pos] == '\r';
}

static void skip_line_end(csv_reader *r)
{
    int cr = r->pos < r->len && r->src[r->pos] == '\r';
    if (cr) r->pos++;
    if (r->pos < r->len && r->src[r->pos] == '\n') r->pos++;
    else if (!cr) return;
    r->line++;
    r->line_start = r->pos;
}

/* The length of the well-formed UTF-8 character at s (n bytes available), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range excludes overlong forms,
                                           surrogates and code points above U+10FFFF */
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) len = 3, lo = s[0] == 0xE0 ? 0xA0 : 0x80, hi = s[0] == 0xED ? 0x9F : 0xBF;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) len = 4, lo = s[0] == 0xF0 ? 0x90 : 0x80, hi = s[0] == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

/* The byte length of the character at `at`, for a NUL byte or a byte >= 0x80; 0 after
 * recording an error. Fields are C strings (a NUL would cut them short silently) and the
 * text reaches error messages and the bindings' strings, so it must be UTF-8. */
static size_t text_char(csv_reader *r, size_t at)
{
    const unsigned char *s = (const unsigned char *)r->src + at;
    size_t len = s[0] ? utf8_len(s, r->len - at) : 0;
    if (len) return len;
    int col = (int)(at - r->line_start) + 1;
    if (!s[0])
        almen_fail_at(ALMEN_EPARSE, r->source, r->line, col, NULL, "a NUL byte in the input");
    else if (at == 0 && r->len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        almen_fail_at(ALMEN_EPARSE, r->source, r->line, col, NULL,
                      "the input is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
    else
        almen_fail_at(ALMEN_EPARSE, r->source, r->line, col, NULL,
                      "invalid UTF-8 (byte 0x%02X); the input must be UTF-8", (unsigned)s[0]);
    return 0;
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
            if (ch == '\n' || (ch == '\r' && (r->pos >= r->len || r->src[r->pos] != '\n'))) {
                r->line++;
                r->line_start = r->pos;
            }
            if (ch == '\0' || (unsigned char)ch >= 0x80) {
                size_t k = text_char(r, r->pos - 1);
                if (!k) return ALMEN_EPARSE;
                sb_append(sb, r->src + r->pos - 1, k);
                r->pos += k - 1;
                continue;
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
        unsigned char b = (unsigned char)r->src[r->pos];
        size_t k = (b == '\0' || b >= 0x80) ? text_char(r, r->pos) : 1;
        if (!k) return ALMEN_EPARSE;
        r->pos += k;
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
