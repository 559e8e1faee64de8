/* The registry of optional case-file sections. A module adds its section here. */
#include <stddef.h>

#include "case_sections.h"
#include "references.h"

const case_section *const CASE_SECTIONS[] = {
    &REFERENCES_SECTION,
    NULL,
};
