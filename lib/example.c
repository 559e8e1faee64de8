/* The embedded example municipality, compiled in from data/eksempelby.yaml. */
#include "almen/case.h"

extern const char almen_example_text[];
extern const unsigned long almen_example_text_size;

const char *almen_example_yaml(void) { return almen_example_text; }

almen_status almen_case_load_example(almen_case **out)
{
    return almen_case_load_string(almen_example_text, "<example>", out);
}
