/* Section "departments": the departments of each housing area — and, under a district or
 * the municipality, those outside any area — with their dwellings, floor area, rent and
 * residents. Every department is listed exactly once. No composition figures: those are
 * only shown for areas and above. */
#include <math.h>
#include <string.h>

#include "case_internal.h"
#include "html.h"
#include "report_internal.h"

/* Is d listed under u? Areas list their own; a district those of its own outside any
 * area; the municipality those outside any district and area. */
static int listed_under(const department *d, const report_unit *u)
{
    switch (u->level) {
    case UNIT_AREA: return d->area == u->index;
    case UNIT_DISTRICT: return d->area == NO_INDEX && d->district == u->index;
    default: return d->area == NO_INDEX && d->district == NO_INDEX;
    }
}

static void put_count(strbuf *sb, double v)
{
    sb_puts(sb, "<td>");
    html_put_num(sb, v, 0, "\xe2\x80\x93");
    sb_puts(sb, "</td>");
}

static int departments_unit(report *r, void *state, const report_unit *u, strbuf *sb)
{
    (void)state;
    const almen_case *c = r->c;
    int year = r->n_years ? r->years[r->n_years - 1] : 0;
    size_t n = 0;
    double fam = 0, youth = 0, eld = 0, floor = 0, rent_floor = 0, rent_basis = 0, residents = 0;
    for (size_t i = 0; i < c->n_departments; i++) {
        const department *d = &c->departments[i];
        if (!listed_under(d, u)) continue;
        if (!n++) {
            sb_printf(sb, "<table class=\"departments\">\n<caption>%s</caption>\n<thead><tr>"
                          "<th scope=\"col\">Department</th><th scope=\"col\" class=\"text\">Name</th>"
                          "<th scope=\"col\" class=\"text\">Organisation</th><th scope=\"col\">Family</th>"
                          "<th scope=\"col\">Youth</th><th scope=\"col\">Elderly</th>"
                          "<th scope=\"col\">Floor m\xc2\xb2</th><th scope=\"col\" title=\"kr per m\xc2\xb2 a year\">Rent kr/m\xc2\xb2</th>"
                          "<th scope=\"col\">Built</th>",
                      u->level == UNIT_AREA ? "Departments" : "Departments outside the housing areas");
            if (year) sb_printf(sb, "<th scope=\"col\">Residents %d</th>", year);
            sb_puts(sb, "</tr></thead>\n<tbody>\n");
        }
        sb_puts(sb, "<tr><td>");
        html_text(sb, d->id);
        sb_puts(sb, "</td><td class=\"text\">");
        html_text(sb, d->name);
        sb_puts(sb, "</td><td class=\"text\">");
        html_text(sb, c->organisations[d->organisation].name);
        sb_puts(sb, "</td>");
        put_count(sb, d->family);
        put_count(sb, d->youth);
        put_count(sb, d->elderly);
        put_count(sb, d->floor_area);
        put_count(sb, d->rent);
        if (d->year_built == ALMEN_NA_INT) sb_puts(sb, "<td>\xe2\x80\x93</td>");
        else sb_printf(sb, "<td>%d</td>", (int)d->year_built); /* a year: no thousands space */
        fam += d->family;
        youth += d->youth;
        eld += d->elderly;
        floor += d->floor_area; /* NaN when any is not given: no total then */
        if (isfinite(d->rent) && isfinite(d->floor_area)) {
            rent_floor += d->rent * d->floor_area;
            rent_basis += d->floor_area;
        }
        if (year) {
            const figure_row *fr = department_row(d, year);
            double v = fr ? fr->v[F_RESIDENTS] : NAN;
            residents += v;
            put_count(sb, v);
        }
        sb_puts(sb, "</tr>\n");
    }
    if (!n) return 0;
    sb_printf(sb, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"3\">%zu department%s</th>", n, n == 1 ? "" : "s");
    put_count(sb, fam);
    put_count(sb, youth);
    put_count(sb, eld);
    put_count(sb, floor);
    /* The floor-area weighted mean: what the average square metre costs. */
    put_count(sb, rent_basis > 0 ? rent_floor / rent_basis : NAN);
    sb_puts(sb, "<td></td>");
    if (year) put_count(sb, residents);
    sb_puts(sb, "</tr></tfoot>\n</table>\n");
    return 0;
}

const report_section REPORT_DEPARTMENTS = {
    .id = "departments",
    .title = "Departments",
    .description = "the departments of each housing area and those outside the areas: dwellings, floor area, rent",
    .unit = departments_unit,
    .notes = "<p><em>Departments</em> lists each department (afdeling) once: under its housing "
             "area, or under its district or the municipality when it belongs to no area. Rent is "
             "the yearly rent per m\xc2\xb2 as given in the case; the total row gives the mean "
             "weighted by floor area, what the average square metre costs. Residents are those of "
             "the latest year reported; no composition figures are shown for single "
             "departments.</p>\n",
};
