/* libalmen: version of the headers and of the loaded library. */
#ifndef ALMEN_VERSION_H
#define ALMEN_VERSION_H

#include "export.h"

#define ALMEN_VERSION_MAJOR 0
#define ALMEN_VERSION_MINOR 2
#define ALMEN_VERSION_PATCH 0
#define ALMEN_VERSION_STRING "0.2.0"

/* The ABI generation: the SONAME is libalmen.so.<ALMEN_ABI_VERSION>. It changes only on a
 * deliberate break of the stable API; bindings refuse to run against another. */
#define ALMEN_ABI_VERSION 0

ALMEN_BEGIN_DECLS

/* The version of the library actually loaded, e.g. "0.2.0". Compare with
 * ALMEN_VERSION_STRING to detect a header/library mismatch. */
ALMEN_EXTERN const char *almen_version(void);

/* The ABI generation of the loaded library (ALMEN_ABI_VERSION it was built with). */
ALMEN_EXTERN int almen_abi_version(void);

ALMEN_END_DECLS

#endif
