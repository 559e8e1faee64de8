/* Python typemaps for the shared interface almen.i.
 *
 * Everything here is keyed on types and argument names, never on function names, so a
 * new public header that uses the shapes listed in almen.i is wrapped by its %include
 * line alone:
 *
 *   almen_status f(...)             raises almen.Error on a negative status, else the
 *                                   status is dropped (None, or the outputs below)
 *   almen_status f(..., T **out)    returns an almen._core.Handle that owns the object
 *                                   and calls T_free(ptr) when collected (T_free must
 *                                   exist; `T **out` is only for such handles)
 *   almen_status f(..., char **out) returns str; the C buffer is freed with almen_free
 *   almen_status f(..., double *out)     returns float (likewise int *out, size_t *out)
 *   (const double *values, size_t n)     any array-like; a C-contiguous native float64
 *                                        numpy array is passed without a copy
 *   (const int32_t *values, size_t n)    likewise for a native int32 array
 *   (const int8_t *values, size_t n)     an int8 or bool numpy array without a copy; other
 *                                        array-likes only where the cast is safe
 *   void T_free(T *)                releases the handle: later use raises ValueError and
 *                                   the garbage collector does not free it again
 *
 * Handles are deliberately not SWIG proxy classes: a proxy needs a per-type %extend
 * destructor, while the owning Handle is generic — the free function is found by name
 * (T ## _free) when the typemap is expanded. Handles hold no references to other
 * objects (the C API copies what it needs), so any collection order is safe.
 */

%{
#define SWIG_FILE_WITH_INIT
#include <string.h>
%}

%include "numpy.i"

%init %{
    import_array();
    if (almen_py_module_init(m) < 0) return NULL;
%}

/* numpy.i instantiates its typemaps for int sizes only; the C API uses size_t. These make
 * the full numpy.i suite (IN_ARRAY1, ARGOUTVIEWM_ARRAY1, ...) available for future
 * shapes with size_t lengths. */
%numpy_typemaps(double, NPY_DOUBLE, size_t)
%numpy_typemaps(int, NPY_INT, size_t)

/* ------------------------------------------------------------------------------------ */
/* Runtime support: the exception class and the owning handle type.                     */

%{
typedef void (*almen_py_free_fn)(void *);

static PyObject *almen_py_error = NULL; /* almen.Error */

/* Raises almen.Error for status code, with the details of the thread's last error. */
static void almen_py_raise(int code)
{
    const char *text, *message, *source, *field;
    int line = 0, column = 0;
    PyObject *args = NULL, *exc = NULL;

    if (almen_error_last_code() == code) {
        text = almen_error_last_text();
        message = almen_error_last_message();
        source = almen_error_last_source();
        field = almen_error_last_field();
        line = almen_error_last_line();
        column = almen_error_last_column();
    } else {
        /* A status without a matching record: report the code's description. */
        text = message = almen_strerror(code);
        source = field = "";
    }
    if (!text || !*text) text = almen_strerror(code);

    args = Py_BuildValue("(N)", PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace"));
    if (!args) return;
    exc = PyObject_Call(almen_py_error, args, NULL);
    Py_DECREF(args);
    if (!exc) return;
#define ALMEN_PY_SETATTR(name, value)                                                   \
    do {                                                                                \
        PyObject *v_ = (value);                                                         \
        if (!v_ || PyObject_SetAttrString(exc, name, v_) < 0) {                         \
            Py_XDECREF(v_);                                                             \
            Py_DECREF(exc);                                                             \
            return;                                                                     \
        }                                                                               \
        Py_DECREF(v_);                                                                  \
    } while (0)
#define ALMEN_PY_STR(s) PyUnicode_DecodeUTF8((s) ? (s) : "", (Py_ssize_t)strlen((s) ? (s) : ""), "replace")
    ALMEN_PY_SETATTR("code", PyLong_FromLong(code));
    ALMEN_PY_SETATTR("message", ALMEN_PY_STR(message));
    ALMEN_PY_SETATTR("source", ALMEN_PY_STR(source));
    ALMEN_PY_SETATTR("line", PyLong_FromLong(line));
    ALMEN_PY_SETATTR("column", PyLong_FromLong(column));
    ALMEN_PY_SETATTR("field", ALMEN_PY_STR(field));
#undef ALMEN_PY_STR
#undef ALMEN_PY_SETATTR
    PyErr_SetObject(almen_py_error, exc);
    Py_DECREF(exc);
}

/* An owned libalmen object: the pointer, its SWIG type and the function that frees it. */
typedef struct {
    PyObject_HEAD
    void *ptr;
    almen_py_free_fn free;
    swig_type_info *ty;
} almen_py_handle;

static PyTypeObject almen_py_handle_type;

/* The C type a descriptor stands for, without the pointer: "almen_case". Returns buf. */
static const char *almen_py_type_name(swig_type_info *ty, char *buf, size_t cap)
{
    const char *s = ty ? (ty->str ? ty->str : ty->name) : "object";
    size_t n = strcspn(s, "|");
    if (strncmp(s, "struct ", 7) == 0 && n > 7) {
        s += 7;
        n -= 7;
    }
    while (n > 0 && (s[n - 1] == '*' || s[n - 1] == ' ')) n--;
    if (n >= cap) n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}
#define ALMEN_PY_TYPE_NAME(ty, buf) almen_py_type_name((ty), (buf), sizeof(buf))

static PyObject *almen_py_handle_new(void *ptr, swig_type_info *ty, almen_py_free_fn free_fn)
{
    almen_py_handle *h;
    if (!ptr) Py_RETURN_NONE;
    h = PyObject_New(almen_py_handle, &almen_py_handle_type);
    if (!h) {
        free_fn(ptr); /* never leak what the caller now owns */
        return NULL;
    }
    h->ptr = ptr;
    h->free = free_fn;
    h->ty = ty;
    return (PyObject *)h;
}

static void almen_py_handle_release(almen_py_handle *h)
{
    void *p = h->ptr;
    h->ptr = NULL; /* first, so a re-entrant call cannot free twice */
    if (p && h->free) h->free(p);
}

static void almen_py_handle_dealloc(PyObject *self)
{
    almen_py_handle_release((almen_py_handle *)self);
    PyObject_Free(self);
}

static PyObject *almen_py_handle_free(PyObject *self, PyObject *unused)
{
    (void)unused;
    almen_py_handle_release((almen_py_handle *)self);
    Py_RETURN_NONE;
}

static PyObject *almen_py_handle_repr(PyObject *self)
{
    almen_py_handle *h = (almen_py_handle *)self;
    char name[128];
    ALMEN_PY_TYPE_NAME(h->ty, name);
    if (!h->ptr) return PyUnicode_FromFormat("<almen._core.Handle: freed %s>", name);
    return PyUnicode_FromFormat("<almen._core.Handle: %s at %p>", name, h->ptr);
}

static int almen_py_handle_bool(PyObject *self)
{
    return ((almen_py_handle *)self)->ptr != NULL;
}

static PyObject *almen_py_handle_get_type(PyObject *self, void *unused)
{
    char name[128];
    (void)unused;
    return PyUnicode_FromString(ALMEN_PY_TYPE_NAME(((almen_py_handle *)self)->ty, name));
}

static PyObject *almen_py_handle_get_address(PyObject *self, void *unused)
{
    (void)unused;
    return PyLong_FromVoidPtr(((almen_py_handle *)self)->ptr);
}

static PyMethodDef almen_py_handle_methods[] = {
    {"free", almen_py_handle_free, METH_NOARGS,
     "Free the object now. Idempotent; later use of the handle raises ValueError."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef almen_py_handle_getset[] = {
    {"type", almen_py_handle_get_type, NULL, "The C type, e.g. 'almen_case'.", NULL},
    {"address", almen_py_handle_get_address, NULL, "The C address (0 once freed).", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyNumberMethods almen_py_handle_number = {0};

/* Converts a handle argument. consume: the callee frees the object (a T_free function):
 * the handle gives up its pointer so neither a later call nor the collector sees it. */
static int almen_py_get_ptr(PyObject *obj, swig_type_info *ty, void **out, int consume,
                            const char *func, int argnum)
{
    char want[128], have[128];
    if (Py_TYPE(obj) == &almen_py_handle_type) {
        almen_py_handle *h = (almen_py_handle *)obj;
        if (h->ty != ty && !SWIG_TypeCheckStruct(h->ty, ty)) {
            PyErr_Format(PyExc_TypeError, "%s() argument %d: expected %s, got a %s handle",
                         func, argnum, ALMEN_PY_TYPE_NAME(ty, want),
                         ALMEN_PY_TYPE_NAME(h->ty, have));
            return -1;
        }
        if (!h->ptr) {
            if (consume) {
                *out = NULL;
                return 0;
            }
            PyErr_Format(PyExc_ValueError, "%s() argument %d: this %s has been freed", func,
                         argnum, ALMEN_PY_TYPE_NAME(h->ty, have));
            return -1;
        }
        *out = h->ptr;
        if (consume) h->ptr = NULL;
        return 0;
    }
    if (obj == Py_None) {
        if (consume) {
            *out = NULL;
            return 0;
        }
        PyErr_Format(PyExc_TypeError, "%s() argument %d: expected %s, got None", func, argnum,
                     ALMEN_PY_TYPE_NAME(ty, want));
        return -1;
    }
    /* Plain SWIG pointers (e.g. returned by a function, not owned). */
    if (SWIG_IsOK(SWIG_ConvertPtr(obj, out, ty, 0))) return 0;
    PyErr_Format(PyExc_TypeError, "%s() argument %d: expected %s, got %s", func, argnum,
                 ALMEN_PY_TYPE_NAME(ty, want), Py_TYPE(obj)->tp_name);
    return -1;
}

static int almen_py_name_is_free(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, "_free") == 0;
}

/* Appends an output to a wrapper's result; obj NULL means a Python error is set. */
static PyObject *almen_py_append(PyObject *result, PyObject *obj)
{
    if (!obj) {
        Py_XDECREF(result);
        return NULL;
    }
    return SWIG_Python_AppendOutput(result, obj);
}

static int almen_py_module_init(PyObject *m)
{
    almen_py_handle_type.tp_name = "almen._core.Handle";
    almen_py_handle_type.tp_basicsize = sizeof(almen_py_handle);
    almen_py_handle_type.tp_flags = Py_TPFLAGS_DEFAULT;
    almen_py_handle_type.tp_doc =
        "An object owned by Python (a case, a table, ...), freed by its _free function when "
        "collected or by .free().";
    almen_py_handle_type.tp_dealloc = almen_py_handle_dealloc;
    almen_py_handle_type.tp_repr = almen_py_handle_repr;
    almen_py_handle_type.tp_methods = almen_py_handle_methods;
    almen_py_handle_type.tp_getset = almen_py_handle_getset;
    almen_py_handle_number.nb_bool = almen_py_handle_bool;
    almen_py_handle_type.tp_as_number = &almen_py_handle_number;
    if (PyType_Ready(&almen_py_handle_type) < 0) return -1;
    Py_INCREF(&almen_py_handle_type);
    if (PyModule_AddObject(m, "Handle", (PyObject *)&almen_py_handle_type) < 0) {
        Py_DECREF(&almen_py_handle_type);
        return -1;
    }

    almen_py_error = PyErr_NewExceptionWithDoc(
        "almen.Error",
        "An error reported by libalmen. str(e) is the library's text "
        "('source:line:column: field: message'); attributes: code (negative ALMEN_E* "
        "status), message, source, line, column (1-based, 0 when not applicable), field.",
        PyExc_RuntimeError, NULL);
    if (!almen_py_error) return -1;
    Py_INCREF(almen_py_error);
    if (PyModule_AddObject(m, "Error", almen_py_error) < 0) {
        Py_DECREF(almen_py_error);
        return -1;
    }
    /* The ABI generation of the headers this wrapper was compiled against; the package
     * compares it with almen_abi_version() of the library actually loaded. */
    if (PyModule_AddIntConstant(m, "COMPILED_ABI_VERSION", ALMEN_ABI_VERSION) < 0) return -1;
    if (PyModule_AddStringConstant(m, "COMPILED_VERSION", ALMEN_VERSION_STRING) < 0) return -1;
    return 0;
}
%}

/* ------------------------------------------------------------------------------------ */
/* Status returns.                                                                      */

%typemap(out) almen_status {
    if ($1 < 0) {
        almen_py_raise((int)$1);
        SWIG_fail;
    }
    $result = SWIG_Py_Void();
}

/* ------------------------------------------------------------------------------------ */
/* Handles in and out.                                                                  */

/* T_free is found by pasting: T ## _free. */
%{
#define ALMEN_PY_FREE_OF(T) ((almen_py_free_fn)T##_free)
%}

%typemap(in, numinputs=0, noblock=1) SWIGTYPE **out ($*1_ltype temp = NULL) {
    $1 = &temp;
}
%typemap(argout, noblock=1) SWIGTYPE **out {
    $result = almen_py_append($result, almen_py_handle_new((void *)*$1, $*1_descriptor,
                                                           ALMEN_PY_FREE_OF($1_basetype)));
    if (!$result) SWIG_fail;
}

%typemap(in, noblock=1) SWIGTYPE * {
    if (almen_py_get_ptr($input, $1_descriptor, (void **)&$1,
                         almen_py_name_is_free("$symname"), "$symname", $argnum) < 0)
        SWIG_fail;
}

/* ------------------------------------------------------------------------------------ */
/* Scalar and string outputs.                                                           */

%typemap(in, numinputs=0, noblock=1) char **out (char *temp = NULL) {
    $1 = &temp;
}
%typemap(argout, noblock=1) char **out {
    {
        PyObject *s_ = *$1 ? PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)strlen(*$1), "surrogateescape")
                           : SWIG_Py_Void();
        almen_free(*$1);
        *$1 = NULL;
        $result = almen_py_append($result, s_);
        if (!$result) SWIG_fail;
    }
}

%typemap(in, numinputs=0, noblock=1) double *out (double temp = 0), int *out (int temp = 0),
    size_t *out (size_t temp = 0) {
    $1 = &temp;
}
%typemap(argout, noblock=1) double *out {
    $result = almen_py_append($result, PyFloat_FromDouble(*$1));
    if (!$result) SWIG_fail;
}
%typemap(argout, noblock=1) int *out {
    $result = almen_py_append($result, PyLong_FromLong((long)*$1));
    if (!$result) SWIG_fail;
}
%typemap(argout, noblock=1) size_t *out {
    $result = almen_py_append($result, PyLong_FromSize_t(*$1));
    if (!$result) SWIG_fail;
}

/* ------------------------------------------------------------------------------------ */
/* Arrays in.                                                                           */

/* numpy.i's IN_ARRAY1 would pass a non-native byte order array unswapped (it compares
 * type numbers only); PyArray_FROMANY with NPY_ARRAY_IN_ARRAY returns the argument
 * itself when it is an aligned, C-contiguous, native float64 array and converts
 * everything else (other dtypes, lists, strided views) into a new array. */
%typemap(in, noblock=1) (const double *values, size_t n) (PyArrayObject *array = NULL) {
    array = (PyArrayObject *)PyArray_FROMANY($input, NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
    if (!array) SWIG_fail;
    $1 = ($1_ltype)PyArray_DATA(array);
    $2 = ($2_ltype)PyArray_DIM(array, 0);
}
%typemap(freearg, noblock=1) (const double *values, size_t n) {
    Py_XDECREF(array$argnum);
}
%typemap(in, noblock=1) (const int *values, size_t n) (PyArrayObject *array = NULL) {
    array = (PyArrayObject *)PyArray_FROMANY($input, NPY_INT, 1, 1,
                                             NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
    if (!array) SWIG_fail;
    $1 = ($1_ltype)PyArray_DATA(array);
    $2 = ($2_ltype)PyArray_DIM(array, 0);
}
%typemap(freearg, noblock=1) (const int *values, size_t n) {
    Py_XDECREF(array$argnum);
}
/* int32_t is int here, but multi-argument typemaps match the spelled type only. */
%apply (const int *values, size_t n) { (const int32_t *values, size_t n) };
/* int8 arrays (e.g. 0/1 flags): an aligned, C-contiguous int8 or bool array (a bool is one
 * byte holding 0 or 1) is passed as it is, without a copy; anything else is converted only
 * where the cast is safe (no FORCECAST: an int64 256 must be an error, not a silent 0). */
%typemap(in, noblock=1) (const int8_t *values, size_t n) (PyArrayObject *array = NULL) {
    if (PyArray_Check($input) && PyArray_NDIM((PyArrayObject *)$input) == 1 &&
        PyArray_ISCARRAY_RO((PyArrayObject *)$input) &&
        (PyArray_TYPE((PyArrayObject *)$input) == NPY_INT8 ||
         PyArray_TYPE((PyArrayObject *)$input) == NPY_BOOL)) {
        Py_INCREF($input);
        array = (PyArrayObject *)$input;
    } else {
        array = (PyArrayObject *)PyArray_FROMANY($input, NPY_INT8, 1, 1, NPY_ARRAY_IN_ARRAY);
        if (!array) SWIG_fail;
    }
    $1 = ($1_ltype)PyArray_DATA(array);
    $2 = ($2_ltype)PyArray_DIM(array, 0);
}
%typemap(freearg, noblock=1) (const int8_t *values, size_t n) {
    Py_XDECREF(array$argnum);
}

/* ------------------------------------------------------------------------------------ */
/* Helpers for the pure-Python layer (not part of the C API).                           */

%{
/* Column col of a table as a new object: float64 (DOUBLE) or int32 (INT, BOOL; the NA
 * marker kept) numpy arrays copied whole, or a list of str/None (STRING). */
static PyObject *almen_py_table_column(const almen_table *t, size_t col)
{
    size_t nrows = almen_table_nrows(t);
    npy_intp dims[1];
    int type = almen_table_column_type(t, col);
    PyObject *arr;

    dims[0] = (npy_intp)nrows;
    switch (type) {
    case ALMEN_COL_DOUBLE: {
        const double *d = almen_table_doubles(t, col);
        arr = PyArray_SimpleNew(1, dims, NPY_FLOAT64);
        if (arr && nrows) memcpy(PyArray_DATA((PyArrayObject *)arr), d, nrows * sizeof *d);
        return arr;
    }
    case ALMEN_COL_INT:
    case ALMEN_COL_BOOL: {
        const int32_t *d = almen_table_ints(t, col);
        arr = PyArray_SimpleNew(1, dims, NPY_INT32);
        if (arr && nrows) memcpy(PyArray_DATA((PyArrayObject *)arr), d, nrows * sizeof *d);
        return arr;
    }
    case ALMEN_COL_STRING: {
        PyObject *list = PyList_New((Py_ssize_t)nrows);
        size_t i;
        if (!list) return NULL;
        for (i = 0; i < nrows; i++) {
            const char *s = almen_table_get_string(t, col, i);
            PyObject *o = s ? PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "surrogateescape")
                            : SWIG_Py_Void();
            if (!o) {
                Py_DECREF(list);
                return NULL;
            }
            PyList_SET_ITEM(list, (Py_ssize_t)i, o);
        }
        return list;
    }
    default:
        return PyErr_Format(PyExc_IndexError, "table has no column %zu", col);
    }
}
%}

%rename(_table_column) almen_py_table_column;
PyObject *almen_py_table_column(const almen_table *table, size_t col);
