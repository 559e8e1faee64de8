/* cli/progress.c: the bar's drawing, redrawing only on change, and silence off a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "progress.h"

static void bar(void **state)
{
    (void)state;
    char b[PROGRESS_WIDTH + 3];
    /* 30 characters: half is 15 filled; 0.999 fills 29 (a full bar only at the end) */
    progress_bar(0.5, b);
    assert_string_equal(b, "[###############               ]");
    progress_bar(0.999, b);
    assert_string_equal(b, "[############################# ]");
    progress_bar(1, b);
    assert_string_equal(b, "[##############################]");
    progress_bar(2, b);
    assert_string_equal(b, "[##############################]");
    progress_bar(-1, b);
    assert_string_equal(b, "[                              ]");
    progress_bar(NAN, b);
    assert_string_equal(b, "[                              ]");
}

/* What the bar wrote to a temporary file. */
static char *written(FILE *f)
{
    static char buf[4096];
    fflush(f);
    long n = ftell(f);
    rewind(f);
    size_t got = fread(buf, 1, (size_t)n < sizeof buf - 1 ? (size_t)n : sizeof buf - 1, f);
    buf[got] = '\0';
    return buf;
}

static void draws_on_change_only(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    progress p;
    /* 200 steps: 1 step is 5 per mille ("0.5 %"), a second call at 1 draws nothing new */
    progress_start_on(&p, f, "runs", 200, 1);
    progress_update(&p, 1);
    progress_update(&p, 1);
    progress_update(&p, 100);
    progress_finish(&p);
    assert_string_equal(written(f), "\rruns [                              ]   0.0 %"
                                    "\rruns [                              ]   0.5 %"
                                    "\rruns [###############               ]  50.0 %"
                                    "\rruns [##############################] 100.0 %\n");
    /* after finishing, quiet */
    progress_update(&p, 5);
    assert_int_equal(strlen(written(f)), 4 * (6 + 32 + 8) + 1);
    fclose(f);
}

static void quiet_off_a_terminal(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    progress p;
    progress_start(&p, f, "runs", 10); /* a file is no terminal */
    progress_update(&p, 5);
    progress_finish(&p);
    progress_start_on(&p, f, "runs", 10, 0);
    progress_update(&p, 5);
    progress_finish(&p);
    assert_string_equal(written(f), "");
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bar),
        cmocka_unit_test(draws_on_change_only),
        cmocka_unit_test(quiet_off_a_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
