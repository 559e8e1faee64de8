/* Optional top-level sections of a case file that belong to other modules (references for
 * the statutory criteria, agreements, renovation scenarios, ...). Each module describes its
 * section here once; loading, saving, copying and freeing a case then include it without
 * the core knowing its contents. */
#ifndef ALMEN_CASE_SECTIONS_H
#define ALMEN_CASE_SECTIONS_H

#include "case_internal.h"
#include "strbuf.h"
#include "yamlx.h"

typedef struct {
    const char *key; /* the top-level YAML key */
    /* Reads the section into c (node is the key's value, never NULL). The core has loaded
     * everything else already, so references to departments and areas can be resolved.
     * On error the case is freed by the caller (free below runs), so partial state is fine. */
    int (*load)(ydoc *d, yaml_node_t *node, almen_case *c);
    /* Appends the section ("key:\n  ...") when the case has one; nothing otherwise. */
    void (*save)(strbuf *sb, const almen_case *c);
    /* Deep-copies the section from src into dst (dst has everything else copied). */
    int (*copy)(almen_case *dst, const almen_case *src);
    void (*free)(almen_case *c);
} case_section;

/* NULL-terminated, in the order sections are loaded and saved (lib/case_sections.c). */
extern const case_section *const CASE_SECTIONS[];

#endif
