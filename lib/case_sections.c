/* The registry of optional case-file sections. A module adds its section here. */
#include <stddef.h>

#include "case_sections.h"

const case_section *const CASE_SECTIONS[] = {
    NULL,
};
