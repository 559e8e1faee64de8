/* The per-thread last error. */
#include <pthread.h>

#include "testutil.h"

static void *fail_in_thread(void *arg)
{
    const char *yaml = arg;
    almen_case *c;
    almen_case_load_string(yaml, "thread.yaml", &c);
    return strdup(almen_error_last_text());
}

static void errors_are_per_thread(void **state)
{
    (void)state;
    almen_error_clear();
    assert_int_equal(almen_error_last_code(), 0);
    assert_string_equal(almen_error_last_text(), "");
    pthread_t a, b;
    pthread_create(&a, NULL, fail_in_thread, (void *)"x: [");
    pthread_create(&b, NULL, fail_in_thread, (void *)"");
    void *ra, *rb;
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    assert_non_null(strstr(ra, "malformed YAML"));
    assert_non_null(strstr(rb, "empty"));
    /* Nothing leaked into this thread. */
    assert_int_equal(almen_error_last_code(), 0);
    free(ra);
    free(rb);
}

static void text_has_every_part(void **state)
{
    (void)state;
    almen_case *c;
    assert_int_equal(almen_case_load_string("municipality: {code: 630, name: V, region: X}\n", "m.yaml", &c),
                     ALMEN_EINPUT);
    assert_int_equal(almen_error_last_code(), ALMEN_EINPUT);
    assert_string_equal(almen_error_last_source(), "m.yaml");
    assert_int_equal(almen_error_last_line(), 1);
    assert_int_equal(almen_error_last_column(), 44);
    assert_string_equal(almen_error_last_field(), "municipality.region");
    assert_string_equal(almen_error_last_text(),
                        "m.yaml:1:44: municipality.region: unknown region 'X' (Hovedstaden, "
                        "Sjælland, Syddanmark, Midtjylland, Nordjylland)");
    /* A later success does not clear it; clear does. */
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    assert_int_equal(almen_error_last_code(), ALMEN_EINPUT);
    almen_case_free(c);
    almen_error_clear();
    assert_int_equal(almen_error_last_code(), 0);
}

static void argument_errors(void **state)
{
    (void)state;
    almen_case *c;
    assert_int_equal(almen_case_load_string(NULL, NULL, &c), ALMEN_EINVAL);
    assert_int_equal(almen_case_load_string("x", NULL, NULL), ALMEN_EINVAL);
    assert_int_equal(almen_case_load_file(NULL, &c), ALMEN_EINVAL);
    assert_int_equal(almen_case_to_yaml(NULL, NULL), ALMEN_EINVAL);
    almen_case_free(NULL);
    almen_table_free(NULL);
    almen_free(NULL);
    assert_string_equal(almen_strerror(ALMEN_ENOMEM), "out of memory");
    assert_string_equal(almen_strerror(12345), "unknown error");
}

static void version(void **state)
{
    (void)state;
    assert_string_equal(almen_version(), ALMEN_VERSION_STRING);
    assert_string_equal(almen_version(), ALMEN_PROJECT_VERSION);
    assert_int_equal(almen_abi_version(), ALMEN_ABI_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(errors_are_per_thread),
        cmocka_unit_test(text_has_every_part),
        cmocka_unit_test(argument_errors),
        cmocka_unit_test(version),
    };
    return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
