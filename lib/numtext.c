#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numtext.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) { c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0); }

static locale_t the_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

static const struct {
    const char *text;
    double value;
} special_numbers[] = {
    {"inf", INFINITY},   {"+inf", INFINITY},   {"-inf", -INFINITY}, {".inf", INFINITY},
    {".Inf", INFINITY},  {".INF", INFINITY},   {"-.inf", -INFINITY}, {"-.Inf", -INFINITY},
    {"-.INF", -INFINITY}, {"nan", NAN},        {"NaN", NAN},        {".nan", NAN},
    {".NaN", NAN},       {".NAN", NAN},
    /* YAML's float syntax allows a sign on .inf too. */
    {"+.inf", INFINITY}, {"+.Inf", INFINITY}, {"+.INF", INFINITY},
};

int numtext_parse(const char *s, double *out)
{
    if (!s || !*s) return 0;
    for (size_t i = 0; i < sizeof special_numbers / sizeof special_numbers[0]; i++) {
        if (strcmp(s, special_numbers[i].text) == 0) {
            *out = special_numbers[i].value;
            return 1;
        }
    }
    /* Only the characters of a decimal literal: rejects hex floats, blanks and words
     * that strtod would otherwise accept. */
    if (s[strspn(s, "0123456789+-.eE")] != '\0') return 0;
    locale_t loc = the_c_locale();
    char *end = NULL;
    double v = loc ? strtod_l(s, &end, loc) : strtod(s, &end);
    if (end == s || *end != '\0') return 0;
    *out = v;
    return 1;
}

void numtext_format(double v, char *buf)
{
    if (isnan(v)) {
        strcpy(buf, ".nan");
        return;
    }
    if (isinf(v)) {
        strcpy(buf, v > 0 ? ".inf" : "-.inf");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, NUMTEXT_MAX, "%.0f", v);
        if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
        return;
    }
    locale_t loc = the_c_locale();
    locale_t old = loc ? uselocale(loc) : (locale_t)0;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, NUMTEXT_MAX, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    if (loc) uselocale(old);
}
