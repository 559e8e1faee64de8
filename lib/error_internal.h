/* Setting the per-thread last error from inside the library. */
#ifndef ALMEN_ERROR_INTERNAL_H
#define ALMEN_ERROR_INTERNAL_H

#include "almen/error.h"

#if defined(__GNUC__)
#define ALMEN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ALMEN_PRINTF(a, b)
#endif

/* Records an error and returns code, so a caller can `return almen_fail(...)`. */
int almen_fail(int code, const char *fmt, ...) ALMEN_PRINTF(2, 3);
/* The same, with the position in an input: source, 1-based line and column (0 when
 * unknown) and the field path (NULL or "" when none). */
int almen_fail_at(int code, const char *source, int line, int column, const char *field,
                  const char *fmt, ...) ALMEN_PRINTF(6, 7);
int almen_fail_nomem(void);

#endif
