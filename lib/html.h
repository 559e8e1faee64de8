/* Writing HTML (and the SVG inside it) into a strbuf: escaping, fragment ids and numbers
 * formatted the same way whatever the host program's locale is. */
#ifndef ALMEN_HTML_H
#define ALMEN_HTML_H

#include "strbuf.h"

/* Appends s as HTML text or attribute value: & < > " ' become entities, C0 control
 * characters other than tab, LF and CR, DEL, and every byte that is not part of valid UTF-8
 * become U+FFFD, so any input gives well-formed output. NULL appends nothing. */
void html_text(strbuf *sb, const char *s);

/* 1 when s is valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points
 * above U+10FFFF), else 0. */
int html_valid_utf8(const char *s);

/* Appends prefix followed by id made safe for an id attribute and a #fragment: ASCII
 * letters, digits and '-' stay, every other byte becomes "_XX" (upper-case hex), so
 * distinct ids give distinct results. */
void html_id(strbuf *sb, const char *prefix, const char *id);

#define HTML_NUM_MAX 64

/* v rounded half away from zero to `decimals` (0..6) decimals, with a '.' decimal point
 * and, when group is not NULL (at most 8 bytes), group inserted between thousands of the integer part
 * ("1 234 567.8"). Never "-0". Non-finite v gives "NA". Returns buf (HTML_NUM_MAX bytes). */
char *html_num(char *buf, double v, int decimals, const char *group);

/* The narrow no-break space (U+202F) that groups thousands in the report's numbers. */
#define HTML_THOUSANDS "\xe2\x80\xaf"

/* Appends html_num(v, decimals, HTML_THOUSANDS), or `missing` when v is not finite. */
void html_put_num(strbuf *sb, double v, int decimals, const char *missing);

#endif
