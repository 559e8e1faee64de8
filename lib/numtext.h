/* Numbers as text, independent of the host program's locale (a program embedding
 * libalmen may well run under da_DK, where strtod expects a decimal comma). */
#ifndef ALMEN_NUMTEXT_H
#define ALMEN_NUMTEXT_H

#define NUMTEXT_MAX 40

/* Parses the whole of s (no surrounding blanks) as a decimal number. Returns 1 and sets
 * *out on success; 0 when s is not a number. Infinities and NaN are parsed (callers
 * reject them with their own message); hex floats are not numbers here. */
int numtext_parse(const char *s, double *out);
/* Shortest text ("%.15g" to "%.17g") that reads back as exactly v; integers without
 * exponent up to 1e15. buf holds NUMTEXT_MAX bytes. */
void numtext_format(double v, char *buf);

#endif
