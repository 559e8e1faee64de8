#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"

/* One record per thread: two threads never see each other's errors, and there is no
 * global state to lock. */
typedef struct {
    int code;
    int line;
    int column;
    char message[512];
    char source[256];
    char field[160];
    char text[1100];
} last_error;

static _Thread_local last_error tls_error;

static void copy_str(char *dst, size_t cap, const char *src)
{
    if (!src) src = "";
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void compose_text(last_error *e)
{
    char pos[300] = "";
    if (e->source[0] && e->line > 0 && e->column > 0)
        snprintf(pos, sizeof pos, "%s:%d:%d: ", e->source, e->line, e->column);
    else if (e->source[0] && e->line > 0)
        snprintf(pos, sizeof pos, "%s:%d: ", e->source, e->line);
    else if (e->source[0])
        snprintf(pos, sizeof pos, "%s: ", e->source);
    snprintf(e->text, sizeof e->text, "%s%s%s%s", pos, e->field, e->field[0] ? ": " : "",
             e->message);
}

static int set_error(int code, const char *source, int line, int column, const char *field,
                     const char *fmt, va_list ap)
{
    /* Composed apart and then copied: a caller may pass the current record's own strings
     * (re-recording an error with a position: "%s", almen_error_last_message()), which
     * writing in place would overwrite while reading them. */
    last_error composed, *e = &composed;
    e->code = code;
    e->line = line > 0 ? line : 0;
    e->column = column > 0 ? column : 0;
    copy_str(e->source, sizeof e->source, source);
    copy_str(e->field, sizeof e->field, field);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    compose_text(e);
    tls_error = composed;
    return code;
}

int almen_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(code, NULL, 0, 0, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int almen_fail_at(int code, const char *source, int line, int column, const char *field,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(code, source, line, column, field, fmt, ap);
    va_end(ap);
    return code;
}

int almen_fail_nomem(void) { return almen_fail(ALMEN_ENOMEM, "out of memory"); }

const char *almen_strerror(int code)
{
    switch (code) {
    case ALMEN_OK: return "no error";
    case ALMEN_ENOMEM: return "out of memory";
    case ALMEN_EINVAL: return "invalid argument";
    case ALMEN_EIO: return "input/output error";
    case ALMEN_EPARSE: return "malformed input";
    case ALMEN_EINPUT: return "invalid input";
    case ALMEN_ENOTFOUND: return "not found";
    case ALMEN_ERANGE: return "value out of range";
    case ALMEN_ECONVERGE: return "did not converge";
    case ALMEN_ECANCELLED: return "cancelled";
    case ALMEN_ELIMIT: return "input exceeds a safety limit";
    case ALMEN_EVERSION: return "unsupported version";
    default: return "unknown error";
    }
}

int almen_error_last_code(void) { return tls_error.code; }
const char *almen_error_last_message(void) { return tls_error.message; }
const char *almen_error_last_source(void) { return tls_error.source; }
int almen_error_last_line(void) { return tls_error.line; }
int almen_error_last_column(void) { return tls_error.column; }
const char *almen_error_last_field(void) { return tls_error.field; }
const char *almen_error_last_text(void) { return tls_error.text; }

void almen_error_clear(void) { memset(&tls_error, 0, sizeof tls_error); }

void almen_free(void *ptr) { free(ptr); }
