/* The HTML and SVG writers of the report: escaping, numbers, nice axes and chart geometry,
 * with every expected value worked out by hand in the comments. */
#include "testutil.h"

#include "html.h"
#include "svg.h"

/* The strbuf's text (owned by the caller's strbuf). */
static const char *text_of(strbuf *sb) { return sb->data ? sb->data : ""; }

static void expect_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) fail_msg("missing %s in:\n%s", needle, hay);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* ---- numbers -------------------------------------------------------------------------- */

static void numbers(void **state)
{
    (void)state;
    char b[HTML_NUM_MAX];
    assert_string_equal(html_num(b, 1234567.891, 2, ","), "1,234,567.89");
    /* 0.125 and 0.25 are exact in binary: half away from zero gives 0.13 and 0.3 (printf's
     * round-half-even would give 0.12 and 0.2). */
    assert_string_equal(html_num(b, 0.125, 2, NULL), "0.13");
    assert_string_equal(html_num(b, 0.25, 1, NULL), "0.3");
    assert_string_equal(html_num(b, -1.5, 0, NULL), "-2");
    /* Rounds to zero: no "-0.00". */
    assert_string_equal(html_num(b, -0.004, 2, NULL), "0.00");
    assert_string_equal(html_num(b, -0.0, 0, NULL), "0");
    /* Rounding carries into a new group. */
    assert_string_equal(html_num(b, 999.5, 0, " "), "1 000");
    assert_string_equal(html_num(b, 100, 0, ","), "100");
    assert_string_equal(html_num(b, -1000.4, 0, ","), "-1,000");
    assert_string_equal(html_num(b, 123456, 0, ","), "123,456");
    assert_string_equal(html_num(b, 5, 3, NULL), "5.000");
    assert_string_equal(html_num(b, 0.007, 1, NULL), "0.0");
    assert_string_equal(html_num(b, 0.05, 3, NULL), "0.050");
    assert_string_equal(html_num(b, NAN, 1, NULL), "NA");
    assert_string_equal(html_num(b, -INFINITY, 1, NULL), "NA");
    /* decimals outside 0..6 are clamped */
    assert_string_equal(html_num(b, 1.23456789, 9, NULL), "1.234568");
    assert_string_equal(html_num(b, 2.5, -3, NULL), "3");
    /* The largest numbers a report would not show fall back to the exact shortest form. */
    assert_string_equal(html_num(b, 1e15, 0, ","), "1e+15");
    /* The widest formatted number fits the buffer: 15 digits, 4 groups of 8 bytes, 6 decimals. */
    assert_string_equal(html_num(b, -999999999999999.0, 6, "12345678"),
                        "-99912345678999123456789991234567899912345678999.000000");
    /* A group separator over 8 bytes is not used. */
    assert_string_equal(html_num(b, 1234, 0, "123456789"), "1234");
    /* The report's own separator is U+202F. */
    strbuf sb;
    sb_init(&sb);
    html_put_num(&sb, 4250, 0, "-");
    html_put_num(&sb, NAN, 0, "<missing>");
    assert_string_equal(text_of(&sb), "4\xe2\x80\xaf" "250<missing>");
    sb_free(&sb);
}

/* ---- escaping ------------------------------------------------------------------------- */

static void escape(const char *in, const char *want)
{
    strbuf sb;
    sb_init(&sb);
    html_text(&sb, in);
    assert_string_equal(text_of(&sb), want);
    sb_free(&sb);
}

#define FFFD "\xef\xbf\xbd"

static void escaping(void **state)
{
    (void)state;
    escape("a<b & \"c\" 'd'>", "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    escape("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    escape("Vesterg\xc3\xa5rden \xc3\xa6\xc3\xb8", "Vesterg\xc3\xa5rden \xc3\xa6\xc3\xb8");
    escape("tab\tline\nret\r", "tab\tline\nret\r");
    /* C0 controls and DEL become U+FFFD */
    escape("a\x01" "b\x7f", "a" FFFD "b" FFFD);
    /* a byte that starts nothing */
    escape("\xff", FFFD);
    /* overlong '/' (C0 AF): C0 never starts a sequence, AF is a lone continuation */
    escape("\xc0\xaf", FFFD FFFD);
    /* overlong 3-byte form of '/' (E0 80 AF): E0 needs A0..BF next */
    escape("\xe0\x80\xaf", FFFD FFFD FFFD);
    /* a UTF-16 surrogate (ED A0 80): ED needs 80..9F next */
    escape("\xed\xa0\x80", FFFD FFFD FFFD);
    /* above U+10FFFF (F4 90 80 80) */
    escape("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
    /* the highest code point U+10FFFF and a 4-byte emoji stay */
    escape("\xf4\x8f\xbf\xbf\xf0\x9f\x8f\xa0", "\xf4\x8f\xbf\xbf\xf0\x9f\x8f\xa0");
    /* truncated at the end: E2 82 then NUL */
    escape("x\xe2\x82", "x" FFFD FFFD);
    escape("", "");
    strbuf sb;
    sb_init(&sb);
    html_text(&sb, NULL);
    assert_int_equal(sb.len, 0);
    sb_free(&sb);

    assert_true(html_valid_utf8("Lindelunden \xc3\xa6"));
    assert_true(html_valid_utf8(""));
    assert_false(html_valid_utf8("\xc3"));
    assert_false(html_valid_utf8("\xed\xa0\x80"));
    assert_false(html_valid_utf8("a\xff"));
}

static void ids(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    html_id(&sb, "area-", "engparken");
    sb_putc(&sb, '|');
    /* space 20, '/' 2F, 'ø' C3 B8 */
    html_id(&sb, "", "a b/\xc3\xb8");
    sb_putc(&sb, '|');
    /* '_' itself is escaped, so "a_20" and "a " cannot collide */
    html_id(&sb, "", "a_20");
    sb_putc(&sb, '|');
    html_id(&sb, "", "a ");
    sb_putc(&sb, '|');
    html_id(&sb, "x", NULL);
    assert_string_equal(text_of(&sb), "area-engparken|a_20b_2F_C3_B8|a_5F20|a_20|x");
    sb_free(&sb);
}

/* ---- axes ----------------------------------------------------------------------------- */

static void axis_is(double min, double max, int intervals, double min_step, double lo, double hi,
                    double step, int ticks, int decimals)
{
    svg_axis a;
    assert_int_equal(svg_axis_nice(min, max, intervals, min_step, &a), 0);
    assert_close(a.lo, lo);
    assert_close(a.hi, hi);
    assert_close(a.step, step);
    assert_int_equal(a.ticks, ticks);
    assert_int_equal(a.decimals, decimals);
}

static void nice_axes(void **state)
{
    (void)state;
    /* [0, 41.4], 4 intervals: raw 10.35; 10 < 10.35 <= 20; 0..ceil(2.07)=3 steps. */
    axis_is(0, 41.4, 4, 0, 0, 60, 20, 4, 0);
    /* [14.26, 15.44]: raw 0.295 -> 0.5; floor(28.52)=28 .. ceil(30.88)=31: 14.0..15.5. */
    axis_is(14.26, 15.44, 4, 0, 14, 15.5, 0.5, 4, 1);
    /* [1, 9]: raw 2 -> step 2 gives 0..10 = 5 intervals > 4, so the next step 5: 0..10. */
    axis_is(1, 9, 4, 0, 0, 10, 5, 3, 0);
    /* equal ends widen to [0.3, 0.33]: raw 0.0075 -> 0.01; 30..33 steps, and lo is exactly
     * the double 0.3 (30 * 0.01 would not be). */
    axis_is(0.3, 0.3, 4, 0, 0.3, 0.33, 0.01, 4, 2);
    svg_axis a;
    svg_axis_nice(0.3, 0.3, 4, 0, &a);
    assert_true(a.lo == 0.3);
    /* [0, 0] widens to [0, 1]: raw 0.25 -> 0.5. */
    axis_is(0, 0, 4, 0, 0, 1, 0.5, 3, 1);
    /* straddling zero needs two intervals even when one is asked for: raw 5 -> 5 gives
     * -1..2 = 3 steps, 10 gives -10..10. */
    axis_is(-3, 7, 1, 0, -10, 10, 10, 3, 0);
    /* years: raw 0.5 is raised to the least step 1. */
    axis_is(2020, 2025, 10, 1, 2020, 2025, 1, 6, 0);
    /* income: raw 63492.5 -> 1e5 (5e4 < raw); 0..ceil(2.5397)=3. */
    axis_is(0, 253970, 4, 0, 0, 300000, 100000, 4, 0);
    /* the step exactly at raw is taken: [0, 40] in 4 -> 10. */
    axis_is(0, 40, 4, 0, 0, 40, 10, 5, 0);
    /* negative range */
    axis_is(-9, -1, 4, 0, -10, 0, 5, 3, 0);
    assert_int_equal(svg_axis_nice(NAN, 1, 4, 0, &a), -1);
    assert_int_equal(svg_axis_nice(0, INFINITY, 4, 0, &a), -1);
    assert_int_equal(svg_axis_nice(2, 1, 4, 0, &a), -1);
    assert_int_equal(svg_axis_nice(0, 1, 0, 0, &a), -1);
    assert_int_equal(svg_axis_nice(0, 1, 4, -1, &a), -1);
    /* a span that overflows */
    assert_int_equal(svg_axis_nice(-1e308, 1e308, 1, 0, &a), -1);
}

/* ---- charts --------------------------------------------------------------------------- */

/* 200 x 100: plot x 46..190, y 12..78; points from x 56 to 180.
 * x 2020, 2021, 2022 -> 56, 118, 180.
 * y: values 10, NaN, 30, reference 20, threshold 25, from zero: range 0..30; at most
 * (78 - 12) / 24 = 2 intervals; raw 15 -> step 20 -> axis 0..40.
 * py(v) = 78 - v / 40 * 66: py(0) = 78, py(10) = 61.5, py(20) = 45, py(25) = 36.75 -> "36.8"
 * (half away from zero), py(30) = 28.5, py(40) = 12.
 * x ticks: at most (180 - 56) / 30 = 4 intervals; raw 0.5 -> least step 1: every year. */
static void chart_geometry(void **state)
{
    (void)state;
    double x[3] = {2020, 2021, 2022};
    double own[3] = {10, NAN, 30}, ref[3] = {20, 20, 20};
    svg_series series[2] = {{.key = "municipality", .name = "Town", .y = ref, .reference = 1},
                            {.key = "unit", .name = "Area <A>", .y = own}};
    svg_threshold thr = {25, "udsat", "limit > 25"};
    svg_chart c = {.width = 200, .height = 100, .title = "A<B & C", .x = x, .n = 3, .x_min_step = 1,
        .series = series, .n_series = 2, .thresholds = &thr, .n_thresholds = 1, .y_from_zero = 1,
        .value_decimals = 1, .unit = " %"};
    strbuf sb;
    sb_init(&sb);
    assert_int_equal(svg_line_chart(&sb, &c), 0);
    const char *s = text_of(&sb);
    expect_contains(s, "viewBox=\"0 0 200 100\" width=\"200\" height=\"100\"");
    expect_contains(s, "<title>A&lt;B &amp; C</title>");
    /* grid: one line per y tick, across the plot */
    expect_contains(s, "<g class=\"grid\"><line x1=\"46.0\" y1=\"78.0\" x2=\"190.0\" y2=\"78.0\"/>"
                       "<line x1=\"46.0\" y1=\"45.0\" x2=\"190.0\" y2=\"45.0\"/>"
                       "<line x1=\"46.0\" y1=\"12.0\" x2=\"190.0\" y2=\"12.0\"/></g>");
    /* y labels right-aligned 5 px left of the plot, 3.5 px below their line */
    expect_contains(s, "<text x=\"41.0\" y=\"81.5\" text-anchor=\"end\">0</text>");
    expect_contains(s, "<text x=\"41.0\" y=\"48.5\" text-anchor=\"end\">20</text>");
    expect_contains(s, "<text x=\"41.0\" y=\"15.5\" text-anchor=\"end\">40</text>");
    /* x axis line and a label per year, 14 px below the plot */
    expect_contains(s, "<line x1=\"46.0\" y1=\"78.0\" x2=\"190.0\" y2=\"78.0\"/>");
    expect_contains(s, "<text x=\"56.0\" y=\"92.0\" text-anchor=\"middle\">2020</text>");
    expect_contains(s, "<text x=\"118.0\" y=\"92.0\" text-anchor=\"middle\">2021</text>");
    expect_contains(s, "<text x=\"180.0\" y=\"92.0\" text-anchor=\"middle\">2022</text>");
    assert_int_equal(count(s, "text-anchor=\"middle\""), 3);
    /* the threshold: dashed by class, its label at the right end 3 px above */
    expect_contains(s, "<g class=\"threshold t-udsat\" data-value=\"25\">"
                       "<line x1=\"46.0\" y1=\"36.8\" x2=\"190.0\" y2=\"36.8\"/>"
                       "<text x=\"188.0\" y=\"33.8\" text-anchor=\"end\">limit &gt; 25</text></g>");
    /* the reference: one unbroken path, no markers */
    expect_contains(s, "<g class=\"series s-municipality reference\" data-series=\"municipality\">"
                       "<path fill=\"none\" d=\"M56.0 45.0 L118.0 45.0 L180.0 45.0\"/></g>");
    /* the unit: the missing middle year breaks the line (a new M), a marker per value */
    expect_contains(s, "<g class=\"series s-unit\" data-series=\"unit\"><path fill=\"none\" "
                       "d=\"M56.0 61.5 M180.0 28.5\"/>"
                       "<circle cx=\"56.0\" cy=\"61.5\" r=\"2.5\"><title>Area &lt;A&gt; 2020: 10.0 %</title></circle>"
                       "<circle cx=\"180.0\" cy=\"28.5\" r=\"2.5\"><title>Area &lt;A&gt; 2022: 30.0 %</title></circle></g>");
    assert_int_equal(count(s, "<circle"), 2);
    assert_int_equal(count(s, "<path"), 2);
    assert_null(strstr(s, "no data"));
    assert_int_equal(count(s, "<svg"), 1);
    assert_int_equal(count(s, "</svg>"), 1);
    /* the same input gives the same bytes */
    strbuf again;
    sb_init(&again);
    svg_line_chart(&again, &c);
    assert_string_equal(text_of(&again), s);
    sb_free(&again);
    sb_free(&sb);
}

/* One year: the point sits in the middle, (56 + 180) / 2 = 118, with one x label.
 * 5 from zero in at most 2 intervals: raw 2.5 -> 5: axis 0..5, py(5) = 12. */
static void chart_single_year(void **state)
{
    (void)state;
    double x[1] = {2025}, y[1] = {5};
    svg_series s1 = {.key = "unit", .name = "U", .y = y};
    svg_chart c = {.width = 200, .height = 100, .title = "t", .x = x, .n = 1, .x_min_step = 1,
        .series = &s1, .n_series = 1, .y_from_zero = 1};
    strbuf sb;
    sb_init(&sb);
    assert_int_equal(svg_line_chart(&sb, &c), 0);
    const char *s = text_of(&sb);
    expect_contains(s, "d=\"M118.0 12.0\"");
    expect_contains(s, "<circle cx=\"118.0\" cy=\"12.0\" r=\"2.5\"><title>U 2025: 5</title></circle>");
    expect_contains(s, "<text x=\"118.0\" y=\"92.0\" text-anchor=\"middle\">2025</text>");
    assert_int_equal(count(s, "text-anchor=\"middle\""), 1);
    sb_free(&sb);
}

/* Many years: 2003..2025 in at most 4 intervals: raw 5.5 -> 10; ticks at the multiples of 10
 * inside the range: 2010 and 2020. px(x) = 56 + (x - 2003) / 22 * 124. */
static void chart_many_years(void **state)
{
    (void)state;
    double x[23], y[23];
    for (int i = 0; i < 23; i++) {
        x[i] = 2003 + i;
        y[i] = i;
    }
    svg_series s1 = {.key = "unit", .name = "U", .y = y};
    svg_chart c = {.width = 200, .height = 100, .title = "t", .x = x, .n = 23, .x_min_step = 1,
        .series = &s1, .n_series = 1, .y_from_zero = 1};
    strbuf sb;
    sb_init(&sb);
    assert_int_equal(svg_line_chart(&sb, &c), 0);
    const char *s = text_of(&sb);
    /* 56 + 7/22*124 = 95.4545 -> 95.5; 56 + 17/22*124 = 151.8181 -> 151.8 */
    expect_contains(s, "<text x=\"95.5\" y=\"92.0\" text-anchor=\"middle\">2010</text>");
    expect_contains(s, "<text x=\"151.8\" y=\"92.0\" text-anchor=\"middle\">2020</text>");
    assert_int_equal(count(s, "text-anchor=\"middle\""), 2);
    assert_int_equal(count(s, "<circle"), 23);
    assert_int_equal(count(s, " L"), 22);
    sb_free(&sb);
}

/* A fan: y 10, 20, NaN with band 5..15, 15..25, NaN. From zero, 0..25 in at most 2
 * intervals: raw 12.5 -> 20 -> axis 0..40; py(v) = 78 - v / 40 * 66: py(5) = 69.75,
 * py(15) = 53.25, py(25) = 36.75 (".x5" rounds away from zero). The band runs forward
 * along the upper values and back along the lower ones, over the first two years only.
 * y_top 100 stretches another chart's axis: 0..100 by 50. */
static void chart_band_and_top(void **state)
{
    (void)state;
    double x[3] = {2020, 2021, 2022}, y[3] = {10, 20, NAN}, lo[3] = {5, 15, NAN}, hi[3] = {15, 25, NAN};
    svg_series s1 = {.key = "v0", .name = "Median", .y = y, .lower = lo, .upper = hi};
    svg_chart c = {.width = 200, .height = 100, .title = "t", .x = x, .n = 3, .x_min_step = 1,
        .series = &s1, .n_series = 1, .y_from_zero = 1, .value_decimals = 1};
    strbuf sb;
    sb_init(&sb);
    assert_int_equal(svg_line_chart(&sb, &c), 0);
    const char *s = text_of(&sb);
    expect_contains(s, "<g class=\"series s-v0\" data-series=\"v0\"><path class=\"band\" "
                       "d=\"M56.0 53.3 L118.0 36.8 L118.0 53.3 L56.0 69.8 Z\"/><path fill=\"none\" "
                       "d=\"M56.0 61.5 L118.0 45.0\"/>");
    assert_int_equal(count(s, "class=\"band\""), 1);
    sb_free(&sb);

    double p[2] = {0.2, 0.5};
    svg_series s2 = {.key = "v0", .name = "p", .y = p};
    svg_chart top = {.width = 200, .height = 100, .title = "t", .x = x, .n = 2, .x_min_step = 1,
        .series = &s2, .n_series = 1, .y_from_zero = 1, .y_top = 100};
    sb_init(&sb);
    assert_int_equal(svg_line_chart(&sb, &top), 0);
    expect_contains(text_of(&sb), "<text x=\"41.0\" y=\"15.5\" text-anchor=\"end\">100</text>");
    expect_contains(text_of(&sb), ">50</text>");
    sb_free(&sb);
}

static void chart_no_data_and_errors(void **state)
{
    (void)state;
    double x[2] = {2020, 2021}, y[2] = {NAN, NAN};
    svg_series s1 = {.key = "unit", .name = "U", .y = y};
    svg_chart c = {.width = 200, .height = 100, .title = "t", .x = x, .n = 2, .x_min_step = 1,
        .series = &s1, .n_series = 1, .y_from_zero = 1};
    strbuf sb;
    sb_init(&sb);
    assert_int_equal(svg_line_chart(&sb, &c), 0);
    expect_contains(text_of(&sb), ">no data</text>");
    assert_null(strstr(text_of(&sb), "<path"));
    /* the frame still stands: [0, 0] widened to 0..1 by 0.5 */
    expect_contains(text_of(&sb), ">0.5</text>");
    sb_free(&sb);

    svg_chart bad = c;
    bad.width = 119;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    bad = c;
    bad.height = 79;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    bad = c;
    bad.n = 0;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    double down[2] = {2021, 2020}, same[2] = {2020, 2020}, inf[2] = {2020, INFINITY};
    bad = c;
    bad.x = down;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    bad.x = same;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    bad.x = inf;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    svg_threshold nan_t = {NAN, "k", "l"};
    bad = c;
    bad.thresholds = &nan_t;
    bad.n_thresholds = 1;
    assert_int_equal(svg_line_chart(&sb, &bad), -1);
    /* nothing was written by the refused charts */
    assert_int_equal(sb.len, 0);
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers),          cmocka_unit_test(escaping),
        cmocka_unit_test(ids),              cmocka_unit_test(nice_axes),
        cmocka_unit_test(chart_geometry),   cmocka_unit_test(chart_single_year),
        cmocka_unit_test(chart_many_years), cmocka_unit_test(chart_no_data_and_errors),
        cmocka_unit_test(chart_band_and_top),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
