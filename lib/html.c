#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "numtext.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when p does not start one:
 * overlong forms, surrogates and code points above U+10FFFF are invalid (RFC 3629). */
static size_t utf8_valid(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;      /* overlong */
        else if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;      /* overlong */
        else if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF) return 0;
    return n;
}

int html_valid_utf8(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_valid(p);
        if (!n) return 0;
        p += n;
    }
    return 1;
}

void html_text(strbuf *sb, const char *s)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* Copy the longest run that needs nothing, then handle one special byte. */
        const unsigned char *run = p;
        size_t n;
        while (*p && *p >= 0x20 && *p < 0x7F && !strchr("&<>\"'", *p)) p++;
        sb_append(sb, (const char *)run, (size_t)(p - run));
        if (!*p) break;
        switch (*p) {
        case '&': sb_puts(sb, "&amp;"); p++; continue;
        case '<': sb_puts(sb, "&lt;"); p++; continue;
        case '>': sb_puts(sb, "&gt;"); p++; continue;
        case '"': sb_puts(sb, "&quot;"); p++; continue;
        case '\'': sb_puts(sb, "&#39;"); p++; continue;
        case '\t': case '\n': case '\r': sb_putc(sb, (char)*p); p++; continue;
        default: break;
        }
        if (*p < 0x20 || *p == 0x7F || !(n = utf8_valid(p))) {
            sb_puts(sb, REPLACEMENT);
            p++;
        } else {
            sb_append(sb, (const char *)p, n);
            p += n;
        }
    }
}

void html_id(strbuf *sb, const char *prefix, const char *id)
{
    sb_puts(sb, prefix);
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            sb_putc(sb, (char)*p);
        else sb_printf(sb, "_%02X", *p);
    }
}

char *html_num(char *buf, double v, int decimals, const char *group)
{
    if (!isfinite(v)) {
        strcpy(buf, "NA");
        return buf;
    }
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    if (fabs(v) >= 1e15) {
        /* Beyond any figure a report shows: the exact shortest form, still locale-free. */
        numtext_format(v, buf);
        return buf;
    }
    /* "%.0f" prints no decimal point, so no locale can change it; the point is placed
     * by hand. Decimals beyond a double's 2^53 integer precision are noise: those are
     * written as zeros. */
    int exact = decimals;
    while (exact > 0 && fabs(v) * pow(10.0, exact) >= 9007199254740992.0) exact--;
    double scaled = round(fabs(v) * pow(10.0, exact));
    char digits[40];
    snprintf(digits, sizeof digits, "%.0f", scaled);
    for (int i = exact; i < decimals; i++) strcat(digits, "0");
    size_t len = strlen(digits);
    char padded[40];
    if (len <= (size_t)decimals) {
        size_t zeros = (size_t)decimals + 1 - len;
        memset(padded, '0', zeros);
        memcpy(padded + zeros, digits, len + 1);
    } else memcpy(padded, digits, len + 1);
    len = strlen(padded);
    size_t int_len = len - (size_t)decimals;
    /* At most 15 integer digits, 4 groups of <= 8 bytes, sign, point, 6 decimals: 56 bytes. */
    size_t glen = group && strlen(group) <= 8 ? strlen(group) : 0;
    char *o = buf;
    if (v < 0 && scaled != 0) *o++ = '-';
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0 && glen) {
            memcpy(o, group, glen);
            o += glen;
        }
        *o++ = padded[i];
    }
    if (decimals) {
        *o++ = '.';
        memcpy(o, padded + int_len, (size_t)decimals);
        o += decimals;
    }
    *o = '\0';
    return buf;
}

void html_put_num(strbuf *sb, double v, int decimals, const char *missing)
{
    char buf[HTML_NUM_MAX];
    if (!isfinite(v)) sb_puts(sb, missing);
    else sb_puts(sb, html_num(buf, v, decimals, HTML_THOUSANDS));
}
