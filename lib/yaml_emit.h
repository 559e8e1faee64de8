/* Writing YAML by hand (a fixed canonical layout is simpler and more predictable than
 * libyaml's emitter), shared by every saver. */
#ifndef ALMEN_YAML_EMIT_H
#define ALMEN_YAML_EMIT_H

#include "strbuf.h"

/* A double-quoted YAML string with escapes. */
void yaml_quoted(strbuf *sb, const char *s);
/* indent + "key: " + quoted value or number + newline. */
void yaml_key_text(strbuf *sb, const char *indent, const char *key, const char *value);
void yaml_key_number(strbuf *sb, const char *indent, const char *key, double value);
/* Writes text to path through a temporary file and rename (never a truncated file). */
int write_text_file(const char *path, const char *text);

#endif
