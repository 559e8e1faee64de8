/* almen_case -> canonical YAML. Strings are always double-quoted (no YAML type
 * guessing on reload: an id "0401" or "yes" stays text), numbers round-trip exactly. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "case_sections.h"
#include "error_internal.h"
#include "strbuf.h"
#include "yaml_emit.h"

void yaml_quoted(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        default:
            if (*p < 0x20 || *p == 0x7f) sb_printf(sb, "\\x%02x", *p);
            else sb_putc(sb, (char)*p);
        }
    }
    sb_putc(sb, '"');
}

void yaml_key_text(strbuf *sb, const char *indent, const char *key, const char *value)
{
    sb_printf(sb, "%s%s: ", indent, key);
    yaml_quoted(sb, value);
    sb_putc(sb, '\n');
}

void yaml_key_number(strbuf *sb, const char *indent, const char *key, double value)
{
    sb_printf(sb, "%s%s: ", indent, key);
    sb_number(sb, value);
    sb_putc(sb, '\n');
}

static void emit_id_name(strbuf *sb, const char *id, const char *name)
{
    yaml_key_text(sb, "  - ", "id", id);
    yaml_key_text(sb, "    ", "name", name);
}

static void emit_figures(strbuf *sb, const department *d)
{
    if (!d->n_rows) return;
    sb_puts(sb, "    figures:\n");
    for (size_t r = 0; r < d->n_rows; r++) {
        const figure_row *row = &d->rows[r];
        sb_printf(sb, "      - year: %d\n", row->year);
        for (int f = 0; f < FIELD_COUNT; f++)
            if (!isnan(row->v[f])) yaml_key_number(sb, "        ", FIELDS[f].name, row->v[f]);
    }
}

static void emit_department(strbuf *sb, const almen_case *c, const department *d)
{
    yaml_key_text(sb, "  - ", "organisation", c->organisations[d->organisation].id);
    sb_printf(sb, "    number: %d\n", d->number);
    yaml_key_text(sb, "    ", "name", d->name);
    if (d->area != NO_INDEX) yaml_key_text(sb, "    ", "area", c->areas[d->area].id);
    if (d->explicit_district && d->district != NO_INDEX)
        yaml_key_text(sb, "    ", "district", c->districts[d->district].id);
    sb_printf(sb, "    dwellings:\n      family: %ld\n      youth: %ld\n      elderly: %ld\n",
              (long)d->family, (long)d->youth, (long)d->elderly);
    if (!isnan(d->floor_area)) yaml_key_number(sb, "    ", "floor_area", d->floor_area);
    if (!isnan(d->rent)) yaml_key_number(sb, "    ", "rent", d->rent);
    if (d->year_built != ALMEN_NA_INT) sb_printf(sb, "    year_built: %ld\n", (long)d->year_built);
    emit_figures(sb, d);
}

almen_status almen_case_to_yaml(const almen_case *c, char **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "format: 1\nmunicipality:\n");
    sb_printf(&sb, "  code: %d\n", c->code);
    yaml_key_text(&sb, "  ", "name", c->name);
    yaml_key_text(&sb, "  ", "region", c->region);
    if (c->n_districts) sb_puts(&sb, "districts:\n");
    for (size_t i = 0; i < c->n_districts; i++)
        emit_id_name(&sb, c->districts[i].id, c->districts[i].name);
    if (c->n_areas) sb_puts(&sb, "areas:\n");
    for (size_t i = 0; i < c->n_areas; i++) {
        emit_id_name(&sb, c->areas[i].id, c->areas[i].name);
        if (c->areas[i].district != NO_INDEX)
            yaml_key_text(&sb, "    ", "district", c->districts[c->areas[i].district].id);
    }
    if (c->n_organisations) sb_puts(&sb, "organisations:\n");
    for (size_t i = 0; i < c->n_organisations; i++)
        emit_id_name(&sb, c->organisations[i].id, c->organisations[i].name);
    if (c->n_departments) sb_puts(&sb, "departments:\n");
    for (size_t i = 0; i < c->n_departments; i++) emit_department(&sb, c, &c->departments[i]);
    for (const case_section *const *s = CASE_SECTIONS; *s; s++) (*s)->save(&sb, c);
    return sb_finish(&sb, out);
}

int write_text_file(const char *path, const char *text)
{
    if (!path) return almen_fail(ALMEN_EINVAL, "path is required");
    /* Write beside the target and rename, so a failed save never leaves a truncated file. */
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return almen_fail_nomem();
    snprintf(tmp, n, "%s.tmp~", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int rc = almen_fail_at(ALMEN_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        free(tmp);
        return rc;
    }
    size_t len = strlen(text);
    int ok = fwrite(text, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        int rc = almen_fail_at(ALMEN_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        remove(tmp);
        free(tmp);
        return rc;
    }
    free(tmp);
    return ALMEN_OK;
}

almen_status almen_case_save_file(const almen_case *c, const char *path)
{
    char *text;
    int rc = almen_case_to_yaml(c, &text);
    if (rc) return rc;
    rc = write_text_file(path, text);
    free(text);
    return rc;
}
