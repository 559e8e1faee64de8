/* Internal building blocks: numbers as text, the id map, tables, the CSV reader. */
#define _GNU_SOURCE
#include <locale.h>

#include "testutil.h"

#include "csv.h"
#include "numtext.h"
#include "strmap.h"
#include "table_internal.h"

static void numbers_round_trip(void **state)
{
    (void)state;
    const double values[] = {0, 1, -1, 0.1, 0.30000000000000004, 1e-300, 123456789.125, 1e15, 1e16,
                             2.5e-7, 899, 52800000};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char buf[NUMTEXT_MAX];
        double back;
        numtext_format(values[i], buf);
        assert_true(numtext_parse(buf, &back));
        if (back != values[i]) fail_msg("%.17g -> %s -> %.17g", values[i], buf, back);
    }
    char buf[NUMTEXT_MAX];
    numtext_format(899, buf);
    assert_string_equal(buf, "899");
    numtext_format(0.1, buf);
    assert_string_equal(buf, "0.1");
    numtext_format(-0.0, buf);
    assert_string_equal(buf, "0");
    double v;
    assert_false(numtext_parse("0x10", &v));
    assert_false(numtext_parse(" 1", &v));
    assert_false(numtext_parse("1,5", &v));
    assert_false(numtext_parse("", &v));
    assert_true(numtext_parse(".inf", &v) && isinf(v) && v > 0);
    assert_true(numtext_parse("-.inf", &v) && isinf(v) && v < 0);
    assert_true(numtext_parse(".nan", &v) && isnan(v));
}

static void numbers_ignore_the_locale(void **state)
{
    (void)state;
    /* A host program running under a locale with a decimal comma must not change how
     * files are read or written. */
    const char *names[] = {"da_DK.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"};
    locale_t loc = (locale_t)0;
    for (size_t i = 0; i < 3 && !loc; i++) loc = newlocale(LC_NUMERIC_MASK, names[i], (locale_t)0);
    if (!loc) skip();
    locale_t old = uselocale(loc);
    char buf[NUMTEXT_MAX];
    double v;
    numtext_format(2.5, buf);
    assert_string_equal(buf, "2.5");
    assert_true(numtext_parse("2.5", &v));
    assert_true(v == 2.5);
    uselocale(old);
    freelocale(loc);
}

static void id_map(void **state)
{
    (void)state;
    strmap m;
    strmap_init(&m);
    char keys[2000][16];
    for (size_t i = 0; i < 2000; i++) {
        snprintf(keys[i], sizeof keys[i], "401-%zu", i);
        assert_int_equal(strmap_put(&m, keys[i], i), 0);
    }
    assert_int_equal(strmap_put(&m, "401-7", 99), 1);
    size_t v;
    for (size_t i = 0; i < 2000; i++) {
        assert_true(strmap_get(&m, keys[i], &v));
        assert_int_equal(v, i);
    }
    assert_false(strmap_get(&m, "401-2000", &v));
    strmap_free(&m);
    assert_false(strmap_get(&m, "401-1", &v));
}

static void table_csv(void **state)
{
    (void)state;
    almen_table *t = table_new(2);
    int s = table_add_string(t, "name");
    double *d = table_add_double(t, "x");
    int32_t *n = table_add_int(t, "n");
    int32_t *b = table_add_bool(t, "ok");
    table_set_string(t, (size_t)s, 0, "a,\"b\"");
    d[0] = 0.5;
    n[1] = -3;
    b[0] = 1;
    char *csv;
    assert_int_equal(almen_table_to_csv(t, &csv), ALMEN_OK);
    assert_string_equal(csv, "name,x,n,ok\n\"a,\"\"b\"\"\",0.5,,1\n,,-3,\n");
    almen_free(csv);
    assert_int_equal(almen_table_column_type(t, 3), ALMEN_COL_BOOL);
    assert_int_equal(almen_table_column_type(t, 9), 0);
    assert_null(almen_table_doubles(t, 0));
    assert_non_null(almen_table_doubles(t, 1));
    assert_true(isnan(almen_table_get_double(t, 1, 1)));
    assert_int_equal(almen_table_get_int(t, 2, 0), ALMEN_NA_INT);
    assert_true(isnan(almen_table_get_double(t, 2, 0)));
    assert_null(almen_table_get_string(t, 0, 1));
    assert_null(almen_table_get_string(t, 1, 0));
    size_t col;
    assert_int_equal(almen_table_column_index(t, "zz", &col), ALMEN_ENOTFOUND);
    almen_table_free(t);
}

static void csv_rows(void **state)
{
    (void)state;
    const char *text = "a,\"b\nc\",\"d\"\"e\"\r\n\r\n,x\n";
    csv_reader r;
    csv_open(&r, text, strlen(text), "t.csv");
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.n_fields, 3);
    assert_string_equal(r.fields[1].text, "b\nc");
    assert_string_equal(r.fields[2].text, "d\"e");
    assert_int_equal(r.fields[2].line, 2);
    assert_int_equal(r.fields[2].column, 4);
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.row_line, 4);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(r.fields[0].text, "");
    assert_int_equal(csv_next(&r), 0);
    csv_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_round_trip),
        cmocka_unit_test(numbers_ignore_the_locale),
        cmocka_unit_test(id_map),
        cmocka_unit_test(table_csv),
        cmocka_unit_test(csv_rows),
    };
    return cmocka_run_group_tests_name("internals", tests, NULL, NULL);
}
