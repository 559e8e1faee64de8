/* The fuzz targets: one per loader, shared by the libFuzzer harnesses (fuzz_<name>) and
 * by the regression test that replays tests/data/fuzz-regressions/<name>/ in every build.
 *
 * A target feeds one input to a loader and checks the library's promises on the result;
 * a broken promise calls abort(), which libFuzzer reports as a crash (and the regression
 * test as a failure), exactly like a memory error found by the sanitizers. */
#ifndef ALMEN_FUZZ_TARGETS_H
#define ALMEN_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *name;
    void (*run)(const uint8_t *data, size_t size);
} fuzz_target;

/* NULL-terminated. */
extern const fuzz_target FUZZ_TARGETS[];

const fuzz_target *fuzz_target_find(const char *name);

#endif
