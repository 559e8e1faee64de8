/* R typemaps for libalmen, included by almen.i when SWIG runs with -r.
 *
 * Everything here is generic: it matches argument shapes by type and name (see the list in
 * almen.i), never a particular function, so a new module needs only its %include line in
 * almen.i (and Rd docs for its new functions in bindings/r/man).
 *
 *   almen_status f(...)            NULL (invisible); a negative status becomes an R error
 *                                  condition of class c("almen_error", "error", "condition")
 *   almen_status f(..., T **out)   an external pointer of class c("T", "almen_handle") whose
 *                                  C finalizer calls T_free
 *   almen_status f(..., almen_table **out)   a data.frame built in C
 *   almen_status f(..., char **out)          character(1) (freed with almen_free)
 *   almen_status f(..., double/int/size_t *out)   numeric / integer / numeric
 *   (const double *values, size_t n)         an R numeric vector, not copied
 *   (const int32_t *values, size_t n)        an R integer vector, not copied
 *   (const int8_t *values, size_t n)         an R raw vector, not copied
 *   T *, const T *                 an almen handle of class T; NULL only for T_free
 *   const char *                   character(1) in UTF-8; NULL passes C NULL
 *   const char *path               character(1), native encoding, ~ expanded (a file name)
 *
 * R errors longjmp out of the wrapper, so nothing here calls Rf_error while the library owns
 * memory that the wrapper must release: every C-side allocation that could be lost is first
 * parked in an external pointer with a finalizer ("guard") that is created before the library
 * call, so a longjmp at any later point only leaves garbage for the GC. Argument errors go
 * through SWIG_exception_fail, whose fail: path runs the freearg typemaps before Rf_error.
 * A failing status does not longjmp at all: the wrapper returns the condition object and the
 * generated R function signals it with stop() (see scoerceout below).
 */

%{
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <R_ext/Rdynload.h>

typedef void (*almen_r_free_fn)(void *);

/* Runs the free function stored with an external pointer, once. */
static void almen_r_finalize(SEXP x)
{
    void *p = R_ExternalPtrAddr(x);
    SEXP prot = R_ExternalPtrProtected(x);
    almen_r_free_fn f;
    if (!p)
        return;
    R_ClearExternalPtr(x);
    if (TYPEOF(prot) == RAWSXP && (size_t)XLENGTH(prot) == sizeof f) {
        memcpy(&f, RAW(prot), sizeof f);
        f(p);
    }
}

/* A new external pointer (address NULL until set) that will call f on its address when
 * collected or released. cls, when not NULL, names the handle type: the pointer gets the tag
 * install(cls) and the class c(cls, "almen_handle"). The caller protects the result. */
static SEXP almen_r_guard(almen_r_free_fn f, const char *cls)
{
    SEXP raw, x;
    raw = PROTECT(Rf_allocVector(RAWSXP, sizeof f));
    memcpy(RAW(raw), &f, sizeof f);
    x = PROTECT(R_MakeExternalPtr(NULL, cls ? Rf_install(cls) : R_NilValue, raw));
    R_RegisterCFinalizerEx(x, almen_r_finalize, TRUE);
    if (cls) {
        SEXP klass = PROTECT(Rf_allocVector(STRSXP, 2));
        SET_STRING_ELT(klass, 0, Rf_mkChar(cls));
        SET_STRING_ELT(klass, 1, Rf_mkChar("almen_handle"));
        Rf_setAttrib(x, R_ClassSymbol, klass);
        UNPROTECT(1);
    }
    UNPROTECT(2);
    return x;
}

/* Frees what a guard holds now (instead of at collection). */
static void almen_r_release(SEXP guard)
{
    almen_r_finalize(guard);
}

static int almen_r_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The C pointer behind an almen handle of type cls, or NULL with *why set.
 * In a T_free function the handle is detached from R (its finalizer will not run again) and
 * the pointer returned for the library to free; a freed handle or NULL gives NULL (no-op). */
static void *almen_r_handle_get(SEXP x, const char *cls, const char *wrapper, const char **why)
{
    int is_free = almen_r_ends_with(wrapper, "_free");
    void *p;
    *why = NULL;
    if (is_free && Rf_isNull(x))
        return NULL;
    if (TYPEOF(x) != EXTPTRSXP || R_ExternalPtrTag(x) != Rf_install(cls)) {
        *why = "is not an almen handle of this type";
        return NULL;
    }
    p = R_ExternalPtrAddr(x);
    if (is_free) {
        if (p)
            R_ClearExternalPtr(x);
        return p;
    }
    if (!p)
        *why = "is a freed (or deserialized) handle";
    return p;
}

/* UTF-8 R string from C; NULL becomes NA. */
static SEXP almen_r_mkchar(const char *s)
{
    return s ? Rf_mkCharCE(s, CE_UTF8) : NA_STRING;
}

static SEXP almen_r_string(const char *s)
{
    return Rf_ScalarString(almen_r_mkchar(s));
}

/* The error condition for a failed call, from the per-thread last error. A record whose code
 * is not the returned status is stale (the library failed without recording why, which it
 * should not do): then only the status is reported. */
static SEXP almen_r_error_condition(int status)
{
    static const char *names[] = {"message", "call", "code", "source", "line", "column",
                                  "field", "description"};
    const int n = (int)(sizeof names / sizeof names[0]);
    int current = almen_error_last_code() == status;
    const char *text = current ? almen_error_last_text() : NULL;
    const char *description = current ? almen_error_last_message() : NULL;
    SEXP cond, nms, klass;
    int i;

    if (!text || !*text)
        text = almen_strerror(status);
    if (!description || !*description)
        description = almen_strerror(status);
    cond = PROTECT(Rf_allocVector(VECSXP, n));
    SET_VECTOR_ELT(cond, 0, almen_r_string(text));
    SET_VECTOR_ELT(cond, 1, R_NilValue);
    SET_VECTOR_ELT(cond, 2, Rf_ScalarInteger(status));
    SET_VECTOR_ELT(cond, 3, almen_r_string(current ? almen_error_last_source() : ""));
    SET_VECTOR_ELT(cond, 4, Rf_ScalarInteger(current ? almen_error_last_line() : 0));
    SET_VECTOR_ELT(cond, 5, Rf_ScalarInteger(current ? almen_error_last_column() : 0));
    SET_VECTOR_ELT(cond, 6, almen_r_string(current ? almen_error_last_field() : ""));
    SET_VECTOR_ELT(cond, 7, almen_r_string(description));
    nms = PROTECT(Rf_allocVector(STRSXP, n));
    for (i = 0; i < n; i++)
        SET_STRING_ELT(nms, i, Rf_mkChar(names[i]));
    Rf_setAttrib(cond, R_NamesSymbol, nms);
    klass = PROTECT(Rf_allocVector(STRSXP, 3));
    SET_STRING_ELT(klass, 0, Rf_mkChar("almen_error"));
    SET_STRING_ELT(klass, 1, Rf_mkChar("error"));
    SET_STRING_ELT(klass, 2, Rf_mkChar("condition"));
    Rf_setAttrib(cond, R_ClassSymbol, klass);
    UNPROTECT(3);
    return cond;
}

/* How the converter reads a table: libalmen's accessors, or (in the package's own tests) a
 * stand-in table made of R vectors, so every column type and missing value is exercised even
 * before a library query returns it. */
typedef struct {
    size_t (*nrows)(const void *t);
    size_t (*ncols)(const void *t);
    const char *(*column_name)(const void *t, size_t col);
    int (*column_type)(const void *t, size_t col);
    const double *(*doubles)(const void *t, size_t col);    /* NULL: use get_double */
    const int32_t *(*ints)(const void *t, size_t col);      /* NULL: use get_int */
    double (*get_double)(const void *t, size_t col, size_t row);
    int32_t (*get_int)(const void *t, size_t col, size_t row);
    const char *(*get_string)(const void *t, size_t col, size_t row);
} almen_r_table_reader;

/* A table as a data.frame: DOUBLE -> numeric (NaN -> NA), INT -> integer, BOOL -> logical
 * (ALMEN_NA_INT -> NA), STRING -> character (NULL -> NA), compact row names, no factors.
 * The table stays owned by the caller. */
static SEXP almen_r_table_to_df(const void *t, const almen_r_table_reader *rd)
{
    size_t nrow = rd->nrows(t), ncol = rd->ncols(t), j, i;
    SEXP df, names, rn, klass;

    if (nrow > (size_t)INT_MAX || ncol > (size_t)INT_MAX)
        Rf_error("almen: a table of %lu rows and %lu columns is too large for a data.frame",
                 (unsigned long)nrow, (unsigned long)ncol);
    df = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)ncol));
    names = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)ncol));
    for (j = 0; j < ncol; j++) {
        SEXP col = R_NilValue;
        int type = rd->column_type(t, j);
        SET_STRING_ELT(names, (R_xlen_t)j, almen_r_mkchar(rd->column_name(t, j)));
        switch (type) {
        case ALMEN_COL_DOUBLE: {
            const double *v = rd->doubles(t, j);
            double *d;
            col = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)nrow));
            d = REAL(col);
            for (i = 0; i < nrow; i++) {
                double x = v ? v[i] : rd->get_double(t, j, i);
                d[i] = isnan(x) ? NA_REAL : x;
            }
            break;
        }
        case ALMEN_COL_INT:
        case ALMEN_COL_BOOL: {
            const int32_t *v = rd->ints(t, j);
            int is_bool = type == ALMEN_COL_BOOL;
            int *d;
            col = PROTECT(Rf_allocVector(is_bool ? LGLSXP : INTSXP, (R_xlen_t)nrow));
            d = is_bool ? LOGICAL(col) : INTEGER(col);
            for (i = 0; i < nrow; i++) {
                int32_t x = v ? v[i] : rd->get_int(t, j, i);
                d[i] = x == ALMEN_NA_INT ? NA_INTEGER : is_bool ? (x != 0) : (int)x;
            }
            break;
        }
        case ALMEN_COL_STRING:
        default: /* a type this wrapper does not know yet: its text (NA where none) */
            col = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)nrow));
            for (i = 0; i < nrow; i++)
                SET_STRING_ELT(col, (R_xlen_t)i, almen_r_mkchar(rd->get_string(t, j, i)));
            break;
        }
        SET_VECTOR_ELT(df, (R_xlen_t)j, col);
        UNPROTECT(1);
    }
    Rf_setAttrib(df, R_NamesSymbol, names);
    /* compact row names: c(NA_integer_, -nrow) */
    rn = PROTECT(Rf_allocVector(INTSXP, 2));
    INTEGER(rn)[0] = NA_INTEGER;
    INTEGER(rn)[1] = -(int)nrow;
    Rf_setAttrib(df, R_RowNamesSymbol, rn);
    klass = PROTECT(Rf_mkString("data.frame"));
    Rf_setAttrib(df, R_ClassSymbol, klass);
    UNPROTECT(4);
    return df;
}

/* libalmen's tables. */
static size_t almen_r_t_nrows(const void *t) { return almen_table_nrows((const almen_table *)t); }
static size_t almen_r_t_ncols(const void *t) { return almen_table_ncols((const almen_table *)t); }
static const char *almen_r_t_name(const void *t, size_t c) { return almen_table_column_name((const almen_table *)t, c); }
static int almen_r_t_type(const void *t, size_t c) { return almen_table_column_type((const almen_table *)t, c); }
static const double *almen_r_t_doubles(const void *t, size_t c) { return almen_table_doubles((const almen_table *)t, c); }
static const int32_t *almen_r_t_ints(const void *t, size_t c) { return almen_table_ints((const almen_table *)t, c); }
static double almen_r_t_get_double(const void *t, size_t c, size_t r) { return almen_table_get_double((const almen_table *)t, c, r); }
static int32_t almen_r_t_get_int(const void *t, size_t c, size_t r) { return almen_table_get_int((const almen_table *)t, c, r); }
static const char *almen_r_t_get_string(const void *t, size_t c, size_t r) { return almen_table_get_string((const almen_table *)t, c, r); }
static const almen_r_table_reader almen_r_table_access = {
    almen_r_t_nrows, almen_r_t_ncols, almen_r_t_name, almen_r_t_type, almen_r_t_doubles,
    almen_r_t_ints, almen_r_t_get_double, almen_r_t_get_int, almen_r_t_get_string};

/* The stand-in: a named list of R vectors with a column type each (tests only). Column j is
 * REALSXP for DOUBLE, INTSXP for INT and BOOL, STRSXP for STRING (NA -> NULL); with direct
 * FALSE the whole-column accessors return NULL, so the per-cell path is taken. */
typedef struct {
    SEXP columns;
    const int *types;
    int direct;
} almen_r_fake_table;

static size_t almen_r_f_nrows(const void *t)
{
    SEXP cols = ((const almen_r_fake_table *)t)->columns;
    return XLENGTH(cols) ? (size_t)XLENGTH(VECTOR_ELT(cols, 0)) : 0;
}
static size_t almen_r_f_ncols(const void *t) { return (size_t)XLENGTH(((const almen_r_fake_table *)t)->columns); }
static const char *almen_r_f_name(const void *t, size_t c)
{
    return CHAR(STRING_ELT(Rf_getAttrib(((const almen_r_fake_table *)t)->columns, R_NamesSymbol), (R_xlen_t)c));
}
static int almen_r_f_type(const void *t, size_t c) { return ((const almen_r_fake_table *)t)->types[c]; }
static const double *almen_r_f_doubles(const void *t, size_t c)
{
    const almen_r_fake_table *f = (const almen_r_fake_table *)t;
    return f->direct ? REAL(VECTOR_ELT(f->columns, (R_xlen_t)c)) : NULL;
}
static const int32_t *almen_r_f_ints(const void *t, size_t c)
{
    const almen_r_fake_table *f = (const almen_r_fake_table *)t;
    return f->direct ? (const int32_t *)INTEGER(VECTOR_ELT(f->columns, (R_xlen_t)c)) : NULL;
}
static double almen_r_f_get_double(const void *t, size_t c, size_t r)
{
    return REAL(VECTOR_ELT(((const almen_r_fake_table *)t)->columns, (R_xlen_t)c))[r];
}
static int32_t almen_r_f_get_int(const void *t, size_t c, size_t r)
{
    return INTEGER(VECTOR_ELT(((const almen_r_fake_table *)t)->columns, (R_xlen_t)c))[r];
}
static const char *almen_r_f_get_string(const void *t, size_t c, size_t r)
{
    SEXP s = STRING_ELT(VECTOR_ELT(((const almen_r_fake_table *)t)->columns, (R_xlen_t)c), (R_xlen_t)r);
    return s == NA_STRING ? NULL : CHAR(s);
}
static const almen_r_table_reader almen_r_fake_access = {
    almen_r_f_nrows, almen_r_f_ncols, almen_r_f_name, almen_r_f_type, almen_r_f_doubles,
    almen_r_f_ints, almen_r_f_get_double, almen_r_f_get_int, almen_r_f_get_string};

static SEXP R_almen_test_table_to_df(SEXP columns, SEXP types, SEXP direct)
{
    static const SEXPTYPE want[] = {NILSXP, REALSXP, INTSXP, INTSXP, STRSXP};
    almen_r_fake_table f;
    R_xlen_t j, n;
    if (TYPEOF(columns) != VECSXP || TYPEOF(types) != INTSXP || XLENGTH(types) != XLENGTH(columns)
        || TYPEOF(Rf_getAttrib(columns, R_NamesSymbol)) != STRSXP)
        Rf_error("R_almen_test_table_to_df: a named list and an integer type per column");
    n = XLENGTH(columns) ? XLENGTH(VECTOR_ELT(columns, 0)) : 0;
    for (j = 0; j < XLENGTH(columns); j++) {
        int type = INTEGER(types)[j];
        if (type < 1 || type > 4 || (SEXPTYPE)TYPEOF(VECTOR_ELT(columns, j)) != want[type]
            || XLENGTH(VECTOR_ELT(columns, j)) != n)
            Rf_error("R_almen_test_table_to_df: column %ld does not match its type", (long)j + 1);
    }
    f.columns = columns;
    f.types = INTEGER(types);
    f.direct = Rf_asLogical(direct) == TRUE;
    return almen_r_table_to_df(&f, &almen_r_fake_access);
}

static void almen_r_free_table(void *p) { almen_table_free((almen_table *)p); }
static void almen_r_free_string(void *p) { almen_free(p); }

/* The ABI generation this wrapper was compiled against (checked by .onLoad). */
static int R_almen_abi_compiled(void) { return ALMEN_ABI_VERSION; }
%}

/* The wrapper's own ABI generation, compared with almen_abi_version() by .onLoad. Its R name
 * does not start with almen_, so NAMESPACE's exportPattern keeps it internal. */
int R_almen_abi_compiled(void);
/* The table converter on a stand-in table of R vectors (the package's tests). */
%typemap(scoercein) SEXP "";
SEXP R_almen_test_table_to_df(SEXP columns, SEXP types, SEXP direct);

/* Registered routines only: .Call never searches the DLL's symbol table by name. */
%insert("sinitroutine") %{
R_useDynamicSymbols(dll, FALSE);
%}

/* ---- not for R ------------------------------------------------------------------------- */

/* Raw memory is freed by the wrappers themselves. */
%ignore almen_free;
/* Tables reach R as data.frames; their accessors take a handle R never holds. */
%rename("$ignore", regextarget=1) "^almen_table_";
/* Enums would become S4 enumeration classes whose values SWIG's R code fetches from the DLL
 * while the package is being built; the constants are documented in the C headers and R
 * needs none of them (an enum-typed argument or result is a plain integer). */
%rename("$ignore", %$isenum) "";
%rename("$ignore", %$isenumitem) "";
%typemap(scoercein) enum SWIGTYPE "$input = as.integer($input);";
%typemap(scoerceout) enum SWIGTYPE "";

/* ---- status ---------------------------------------------------------------------------- */

%typemap(out) almen_status %{
  if ($1 < 0) {
    r_ans = almen_r_error_condition($1);
    Rf_protect(r_ans);
    r_nprotect++;
  } else {
    r_ans = R_NilValue;
  }
%}
%typemap(rtype) almen_status "NULL";
/* The condition comes back as the value; stop() it from R, with the R call as its call. */
%typemap(scoerceout) almen_status %{
  if (inherits($result, "almen_error")) {
    $result$call <- sys.call();
    stop($result);
  }
  if (is.null($result)) return(invisible(NULL));
%}

/* void functions (the _free functions, almen_error_clear) return NULL invisibly. */
%typemap(scoerceout) void %{
  return(invisible($result));
%}

/* ---- strings in and out ---------------------------------------------------------------- */

%typemap(in) const char *, char * {
  if (Rf_isNull($input)) {
    $1 = NULL;
  } else if (!Rf_isString($input) || XLENGTH($input) != 1 || STRING_ELT($input, 0) == NA_STRING) {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a single string (or NULL)");
  } else {
    $1 = ($1_ltype)Rf_translateCharUTF8(STRING_ELT($input, 0));
  }
}
/* File names go to fopen() as the native bytes (as R's own file functions do), with ~ expanded. */
%typemap(in) const char *path {
  if (!Rf_isString($input) || XLENGTH($input) != 1 || STRING_ELT($input, 0) == NA_STRING) {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a single file name");
  }
  {
    /* R_ExpandFileName returns a static buffer: copy it (R_alloc, released on return). */
    const char *expanded = R_ExpandFileName(Rf_translateChar(STRING_ELT($input, 0)));
    char *copy = R_alloc(strlen(expanded) + 1, 1);
    strcpy(copy, expanded);
    $1 = ($1_ltype)copy;
  }
}
%typemap(scoercein) const char *, char * %{
  if (!is.null($input) && !is.character($input)) $input = as.character($input);
%}
%typemap(freearg) const char *, char * "";
%typemap(out) const char *, char * %{
  r_ans = almen_r_string($1);
%}

/* ---- numbers in ----------------------------------------------------------------------- */

/* Exactly one value; R's coercion rules (integer, logical or double; NA stays NA). */
%typemap(in) int, int32_t {
  if (XLENGTH($input) != 1 || !(Rf_isNumeric($input) || Rf_isLogical($input))) {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a single number");
  }
  $1 = ($1_ltype)Rf_asInteger($input);
}
%typemap(in) double {
  if (XLENGTH($input) != 1 || !(Rf_isNumeric($input) || Rf_isLogical($input))) {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a single number");
  }
  $1 = Rf_asReal($input);
}
%typemap(in) size_t {
  double v_ = (XLENGTH($input) == 1 && (Rf_isNumeric($input) || Rf_isLogical($input))) ? Rf_asReal($input) : -1;
  if (ISNAN(v_) || v_ < 0 || v_ != floor(v_) || v_ > 9007199254740992.0) {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a single count (a whole number >= 0)");
  }
  $1 = (size_t)v_;
}
%typemap(scoercein) int, int32_t, double, size_t "";
/* The C side checks the length; no R-side "using only the first element" warning first. */
%typemap(scheck) int, long, int32_t, double, size_t, unsigned int "";

/* ---- handles in ------------------------------------------------------------------------ */

%typemap(in) SWIGTYPE * (const char *why = NULL) {
  $1 = ($1_ltype)almen_r_handle_get($input, "$1_basetype", "$symname", &why);
  if (why) {
    SWIG_Error(SWIG_TypeError, "argument '$1_name' of $symname %s (expected an $1_basetype)", why);
    SWIG_fail;
  }
}
%typemap(scoercein) SWIGTYPE * "";
%typemap(rtype) SWIGTYPE * "$1_basetype";

/* ---- outputs ---------------------------------------------------------------------------- */

/* A new handle: the guard is made before the call and is the returned object. */
%typemap(in, numinputs=0) SWIGTYPE **out ($*1_ltype temp = NULL, SEXP guard = R_NilValue) {
  guard = Rf_protect(almen_r_guard((almen_r_free_fn)$1_basetype_free, "$1_basetype"));
  r_nprotect++;
  $1 = &temp;
}
/* SWIG collects argouts in a list; each shape below replaces it with its one value. With a
 * failing status the value is the error condition again (the last error is still current). */
%typemap(argout) SWIGTYPE **out {
  if (result < 0) {
    r_ans = almen_r_error_condition(result);
  } else {
    R_SetExternalPtrAddr(guard$argnum, temp$argnum);
    r_ans = guard$argnum;
  }
}

/* A table: parked in a guard while it is converted, then freed. */
%typemap(in, numinputs=0) almen_table **out (almen_table *temp = NULL, SEXP guard = R_NilValue) {
  guard = Rf_protect(almen_r_guard(almen_r_free_table, NULL));
  r_nprotect++;
  $1 = &temp;
}
%typemap(argout) almen_table **out {
  if (result < 0) {
    r_ans = almen_r_error_condition(result);
  } else {
    R_SetExternalPtrAddr(guard$argnum, temp$argnum);
    r_ans = almen_r_table_to_df(temp$argnum, &almen_r_table_access);
    almen_r_release(guard$argnum);
  }
}

/* A string the caller frees with almen_free. */
%typemap(in, numinputs=0) char **out (char *temp = NULL, SEXP guard = R_NilValue) {
  guard = Rf_protect(almen_r_guard(almen_r_free_string, NULL));
  r_nprotect++;
  $1 = &temp;
}
%typemap(argout) char **out {
  if (result < 0) {
    r_ans = almen_r_error_condition(result);
  } else {
    R_SetExternalPtrAddr(guard$argnum, temp$argnum);
    r_ans = almen_r_string(temp$argnum);
    almen_r_release(guard$argnum);
  }
}

/* Numbers: a missing double (NaN) is NA; size_t may exceed an R integer, so it is numeric. */
%typemap(in, numinputs=0) double *out (double temp = 0), int *out (int temp = 0),
                          size_t *out (size_t temp = 0) {
  $1 = &temp;
}
%typemap(argout) double *out {
  r_ans = result < 0 ? almen_r_error_condition(result)
                     : Rf_ScalarReal(isnan(temp$argnum) ? NA_REAL : temp$argnum);
}
%typemap(argout) int *out {
  r_ans = result < 0 ? almen_r_error_condition(result) : Rf_ScalarInteger(temp$argnum);
}
%typemap(argout) size_t *out {
  r_ans = result < 0 ? almen_r_error_condition(result) : Rf_ScalarReal((double)temp$argnum);
}
%typemap(freearg) double *out, int *out, size_t *out "";
%typemap(scoerceout) SWIGTYPE **out, double *out, int *out, size_t *out "";

/* size_t results are counts: numeric, like R's own lengths beyond 2^31. */
%typemap(out) size_t %{ r_ans = Rf_ScalarReal((double)$1); %}
%typemap(rtype) size_t "numeric";

/* ---- arrays in -------------------------------------------------------------------------- */

/* A numeric vector, read in place (no copy); integer and logical vectors are coerced (NA
 * becomes NA_real_, i.e. NaN, "missing" to the library). */
%typemap(in) (const double *values, size_t n) {
  if (TYPEOF($input) == REALSXP) {
    $1 = REAL($input);
  } else if ((TYPEOF($input) == INTSXP && !Rf_isFactor($input)) || TYPEOF($input) == LGLSXP) {
    SEXP coerced = Rf_protect(Rf_coerceVector($input, REALSXP));
    r_nprotect++;
    $1 = REAL(coerced);
  } else {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a numeric vector");
  }
  $2 = (size_t)XLENGTH($input);
}
%typemap(scoercein) (const double *values, size_t n) "";
%typemap(rtype) (const double *values, size_t n) "numeric";

/* An integer vector, read in place (R's int is int32_t; NA_integer_ is ALMEN_NA_INT); logical
 * vectors too. A double vector is converted when every value is whole and in range (NA and
 * NaN become NA), so that 1:3 and c(1, 2, 3) both work; anything else is an error. */
%typemap(in) (const int32_t *values, size_t n), (const int *values, size_t n) {
  if (TYPEOF($input) == INTSXP && !Rf_isFactor($input)) {
    $1 = ($1_ltype)INTEGER($input);
  } else if (TYPEOF($input) == LGLSXP) {
    $1 = ($1_ltype)LOGICAL($input);
  } else if (TYPEOF($input) == REALSXP) {
    R_xlen_t i, len = XLENGTH($input);
    const double *d = REAL($input);
    SEXP converted = Rf_protect(Rf_allocVector(INTSXP, len));
    int *v = INTEGER(converted);
    r_nprotect++;
    for (i = 0; i < len; i++) {
      if (ISNAN(d[i])) {
        v[i] = NA_INTEGER;
      } else if (d[i] != floor(d[i]) || d[i] <= (double)INT32_MIN || d[i] > (double)INT32_MAX) {
        SWIG_Error(SWIG_ValueError, "argument '$1_name' of $symname: element %ld (%g) is not a whole number in the int32 range", (long)(i + 1), d[i]);
        SWIG_fail;
      } else {
        v[i] = (int)d[i];
      }
    }
    $1 = ($1_ltype)v;
  } else {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be an integer vector");
  }
  $2 = (size_t)XLENGTH($input);
}
%typemap(scoercein) (const int32_t *values, size_t n), (const int *values, size_t n) "";
%typemap(rtype) (const int32_t *values, size_t n), (const int *values, size_t n) "integer";

/* An int8 array: a raw vector, read in place (as.raw(c(0, 1)) for 0/1 flags). R has no other
 * one-byte type; logical and integer vectors go to the int32 shape above instead. */
%typemap(in) (const int8_t *values, size_t n) {
  if (TYPEOF($input) != RAWSXP) {
    SWIG_exception_fail(SWIG_TypeError, "argument '$1_name' of $symname must be a raw vector");
  }
  $1 = ($1_ltype)RAW($input);
  $2 = (size_t)XLENGTH($input);
}
%typemap(scoercein) (const int8_t *values, size_t n) "";
%typemap(rtype) (const int8_t *values, size_t n) "raw";
