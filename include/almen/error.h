/* libalmen: status codes and the per-thread last error.
 *
 * Every fallible function returns an almen_status: 0 on success, a negative
 * ALMEN_E* code on failure. The details of the most recent failure on the calling
 * thread are then available from almen_error_last_*(); they stay until the next
 * failure on that thread or almen_error_clear(). Successful calls do not clear it.
 * A failed call never leaves a half-applied change behind. */
#ifndef ALMEN_ERROR_H
#define ALMEN_ERROR_H

#include "export.h"

ALMEN_BEGIN_DECLS

typedef int almen_status;

enum {
    ALMEN_OK = 0,
    ALMEN_ENOMEM = -1,     /* out of memory */
    ALMEN_EINVAL = -2,     /* a bad argument from the calling program */
    ALMEN_EIO = -3,        /* a file could not be opened, read or written */
    ALMEN_EPARSE = -4,     /* input is not well-formed YAML or CSV */
    ALMEN_EINPUT = -5,     /* well-formed input with invalid content */
    ALMEN_ENOTFOUND = -6,  /* a named object does not exist */
    ALMEN_ERANGE = -7,     /* a number outside its permitted range */
    ALMEN_ECONVERGE = -8,  /* an iterative method did not converge */
    ALMEN_ECANCELLED = -9, /* the caller cancelled the operation */
    ALMEN_ELIMIT = -10,    /* an input exceeded a safety limit (size, depth, aliases) */
    ALMEN_EVERSION = -11   /* a format or ABI version this library does not support */
};

/* A short fixed description of a status code ("out of memory", ...). */
ALMEN_EXTERN const char *almen_strerror(int code);

/* The last failure on this thread. Code 0 and empty strings when there is none.
 * The strings are valid until the next failing call on this thread. */
ALMEN_EXTERN int almen_error_last_code(void);
ALMEN_EXTERN const char *almen_error_last_message(void);
/* The input the error was found in: a file name, "<string>", "<example>", or "". */
ALMEN_EXTERN const char *almen_error_last_source(void);
/* 1-based line and column in that input, or 0 when not applicable. */
ALMEN_EXTERN int almen_error_last_line(void);
ALMEN_EXTERN int almen_error_last_column(void);
/* The field at fault, as a path such as "departments[3].dwellings.family", or "". */
ALMEN_EXTERN const char *almen_error_last_field(void);
/* All of the above in one line: "source:line:column: field: message". */
ALMEN_EXTERN const char *almen_error_last_text(void);
ALMEN_EXTERN void almen_error_clear(void);

/* Frees memory that libalmen handed to the caller (strings, buffers). NULL is fine. */
ALMEN_EXTERN void almen_free(void *ptr);

ALMEN_END_DECLS

#endif
