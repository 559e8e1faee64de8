/* The one SWIG interface for every language. Language-specific typemaps live in
 * python.i and r.i; this file lists the public headers. A new module adds its header
 * here (and nothing else, as long as its functions use the shapes the typemaps know):
 *
 *   almen_status f(...)                 status: raises the library's error, else nothing
 *   almen_status f(..., T **out)        returns the new handle (owned, freed by GC with
 *                                       T_free, which must exist: void T_free(T *))
 *   almen_status f(..., almen_table **out)   returns a DataFrame / data.frame
 *                                       (Python: a table handle; the package converts)
 *   almen_status f(..., char **out)     returns a string (freed with almen_free)
 *   almen_status f(..., double *out)    returns a number (likewise int, size_t)
 *   (const double *values, size_t n)    a numpy array / R numeric vector, not copied
 */
%module almen

%{
#include "almen/almen.h"
%}

/* int32_t and friends are plain integers in every language, not opaque pointers. */
%include <stdint.i>

#define ALMEN_EXTERN
#define ALMEN_BEGIN_DECLS
#define ALMEN_END_DECLS

#if defined(SWIGPYTHON)
%include "python.i"
#elif defined(SWIGR)
%include "r.i"
#endif

%include "almen/version.h"
%include "almen/error.h"
%include "almen/table.h"
%include "almen/case.h"
%include "almen/agreements.h"
%include "almen/classify.h"
%include "almen/finance.h"
%include "almen/renovation.h"
%include "almen/microdata.h"
%include "almen/privacy.h"
%include "almen/mix.h"
%include "almen/simulate.h"
%include "almen/report.h"
