/* The registry of optional case-file sections. A module adds its section here. */
#include <stddef.h>

#include "case_sections.h"
#include "agreement_internal.h"
#include "renovation_internal.h"
#include "references.h"
#include "simulate_internal.h"

const case_section *const CASE_SECTIONS[] = {
    &REFERENCES_SECTION,
    &RENOVATION_SECTION,
    &AGREEMENTS_SECTION,
    &HOUSEHOLD_TYPES_SECTION,
    NULL,
};
