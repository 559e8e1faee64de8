/* libFuzzer entry point for one target, chosen at compile time (-DFUZZ_TARGET="name"). */
#include <stdlib.h>

#include "targets.h"

#ifndef FUZZ_TARGET
#error "compile with -DFUZZ_TARGET=\"<target name>\""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz_target *target;
    if (!target && !(target = fuzz_target_find(FUZZ_TARGET))) abort();
    target->run(data, size);
    return 0;
}
