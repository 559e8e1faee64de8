/* libalmen: symbol export and C++ linkage. */
#ifndef ALMEN_EXPORT_H
#define ALMEN_EXPORT_H

/* The library is built with -fvisibility=hidden; only names marked ALMEN_EXTERN
 * reach the dynamic symbol table (and the version script admits only almen_*). */
#if defined(_WIN32) && defined(ALMEN_BUILDING)
#define ALMEN_EXTERN __declspec(dllexport)
#elif defined(ALMEN_BUILDING) && (defined(__GNUC__) || defined(__clang__))
#define ALMEN_EXTERN __attribute__((visibility("default")))
#else
#define ALMEN_EXTERN
#endif

#ifdef __cplusplus
#define ALMEN_BEGIN_DECLS extern "C" {
#define ALMEN_END_DECLS }
#else
#define ALMEN_BEGIN_DECLS
#define ALMEN_END_DECLS
#endif

#endif
