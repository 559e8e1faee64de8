/* almen — the command-line program over libalmen. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("almen %s (libalmen %s, ABI %d)\n", ALMEN_VERSION_STRING, almen_version(), almen_abi_version());
    return EXIT_OK;
}

/* Small-cell suppression on exports (docs/privacy.md). */
#define SUPPRESS_HELP                                                                            \
    "Composition figures of units below --min-persons (default 100) residents or\n"              \
    "--min-households (default 50) households are left empty and the column 'suppressed' is 1\n" \
    "(LBF's rule); a minimum of 0 switches its half off, --no-suppress shows everything.\n"

const cli_command CLI_COMMANDS[] = {
    {"report", cmd_report, "the municipality at a glance (default: the embedded example)",
     "usage: almen report [CASE.yaml] [-o FILE] [--html | --text] [--title TEXT] [--date TEXT]\n"
     "                    [--years FIRST-LAST] [--as-of DATE] [--sections LIST]\n"
     "                    [--no-suppress | --min-persons N --min-households N]\n"
     "                    [--simulate | --no-simulate] [--runs N] [--seed S] [--agreement NAME]...\n"
     "The municipality report. Without CASE the embedded synthetic example Eksempelby.\n"
     "With -o FILE: one self-contained HTML file for the board (inline CSS and SVG charts, no\n"
     "scripts, printable to PDF): per district and housing area the statutory classification\n"
     "with every criterion's margin, the key figures by year, the trend of every indicator,\n"
     "the departments and their letting rules, and the letting simulation's fan charts and list\n"
     "probabilities; then the agreements (findings, coverage), the renovation scenarios side by\n"
     "side, the mix indices and the simulation's variants. Otherwise a compact text summary on\n"
     "standard output (--html writes the HTML there instead).\n"
     "  -o, --output FILE     write to FILE (HTML unless --text)\n"
     "  --html, --text        the HTML report or the text summary, wherever it goes\n"
     "  --title TEXT          the report's title (default: Social housing in <municipality>)\n"
     "  --date TEXT           a date line under the title (default: none, so runs compare)\n"
     "  --years FIRST-LAST    only these figure years (also YEAR, FIRST- or -LAST)\n"
     "  --as-of DATE          the day the agreements are read on (default: 1 December of the\n"
     "                        latest year, when its statutory lists are published)\n"
     "  --sections LIST       comma-separated: overview, classification, figures, trends,\n"
     "                        simulation, departments, agreements, renovation, mix\n"
     "  --simulate            run the letting simulation (default: when the case has household\n"
     "                        types; a progress bar on a terminal); --no-simulate: never\n"
     "  --runs N, --seed S    its runs (default 1000) and seed (default 1)\n"
     "  --agreement NAME      a variant (an agreement id, all or none; repeat to compare);\n"
     "                        default: all and none when the case has agreements\n"
     "Composition figures of units below --min-persons (default 100) residents or\n"
     "--min-households (default 50) households, and of totals that would reveal such a unit by\n"
     "subtraction, are suppressed and marked; --no-suppress shows everything (not for\n"
     "publication). What each section shows and how to read it: docs/report.md.\n"},
    {"validate", cmd_validate, "check case files strictly",
     "usage: almen validate CASE.yaml...\n"
     "Loads each file with every check the library makes and reports 'ok' or the first problem\n"
     "as file:line:column: field: message on standard error. Exit 2 if any file is invalid.\n"},
    {"convert", cmd_convert, "normalise a case file, merge or export figures as CSV",
     "usage: almen convert [CASE.yaml] [--figures FIGURES.csv] [--export-figures OUT.csv] [-o OUT.yaml]\n"
     "Loads CASE (default: the example), merges department-year figures from FIGURES.csv\n"
     "(all rows or none), and writes the case as canonical YAML to OUT.yaml or standard output.\n"
     "--export-figures writes the department-year figures as CSV (then YAML only with -o).\n"},
    {"aggregate", cmd_query, "figures summed to areas, districts, organisations or the municipality",
     "usage: almen aggregate [CASE.yaml] [--level LEVEL] [--format csv|table] [-o FILE]\n"
     "                       [--no-suppress | --min-persons N --min-households N]\n"
     "LEVEL is department, area (default), district, organisation or municipality. One row per\n"
     "unit and year: summed figures and shares as ratio of sums.\n"
     SUPPRESS_HELP},
    {"departments", cmd_query, "list departments",
     "usage: almen departments [CASE.yaml] [--area ID | --district ID | --organisation ID |\n"
     "                         --department ID] [--format csv|table] [-o FILE]\n"},
    {"figures", cmd_query, "department-year figures",
     "usage: almen figures [CASE.yaml] [--area ID | --district ID | --organisation ID |\n"
     "                     --department ID] [--format csv|table] [-o FILE]\n"
     "                     [--no-suppress | --min-persons N --min-households N]\n"
     SUPPRESS_HELP},
    {"agreements", cmd_agreements, "agreements: findings against the law and the letting policy",
     "usage: almen agreements [CASE.yaml] [--date YYYY-MM-DD] [--format table|csv] [options]\n"
     "Checks the agreements of the case (its `agreements` section; without CASE the embedded\n"
     "example) that are in force on the date against the law, and prints the findings and the\n"
     "effective letting policy of every department: the agreements' instruments and those the\n"
     "law adds by the status of the department's area on the statutory lists.\n"
     "  --date DATE          the day (default: today); the list of 1 December applies until the\n"
     "                       next\n"
     "  --status FILE.csv    area statuses (columns area, year, category); areas and years\n"
     "                       without one are classified from the case's figures\n"
     "  --no-classification  leave area-years without a given status unknown\n"
     "  --list-date MM-DD    the day the lists are published (default 12-01)\n"
     "  --set NAME=NUMBER    a parameter, e.g. combined_min_residents=1000 (docs/agreements.md)\n"
     "  --department ID     the policy of one department only\n"
     "  --only WHAT          findings or policy (one clean CSV table)\n"
     "  --format FORMAT      table (default) or csv (findings, a blank line, the policy)\n"
     "  -o, --output FILE    write to FILE instead of standard output\n"
     "Exit 1 when a finding has severity error, 2 for bad input, 64 for a usage error.\n"},
    {"classify", cmd_classify, "the statutory lists (udsat, parallelsamfund, ...) per area and year",
     "usage: almen classify [--rules ID|FILE] [--national-convicted-pct X] [options]\n"
     "                      [FILE.csv | CASE.yaml] [-o OUT.csv]\n"
     "Classifies housing areas by the statutory lists (docs/classification.md) and writes CSV.\n"
     "Input: FILE.csv holds published area values, one row per area and list year, already\n"
     "averaged: area, year, residents and as the rules need nonwestern_pct,\n"
     "outside_labour_pct, convicted_pct (share of residents 18+) or convicted_ratio (multiple\n"
     "of the national average), basic_education_pct, income_pct_of_region. Any other name is\n"
     "a case file, classified from its department counts and references; none: the example.\n"
     "Output: area, year, rules, criteria_met, one 0/1 column per category (its statutory\n"
     "test; empty when unknown), placement (the most severe list, 'none', or empty when\n"
     "unknown), and per criterion and threshold set <criterion>_<set>_met (0/1/empty) and\n"
     "<criterion>_<set>_margin (percentage points from the threshold, positive when met).\n"
     "  --rules ID|FILE                 a rule set for every year (dk-2010, dk-2013, dk-2018,\n"
     "                                  dk-2021 or a YAML file); default: the one in force\n"
     "  --national-convicted-pct X      national share of residents 18+ convicted, per cent\n"
     "                                  (needed when the CSV gives convicted_pct)\n"
     "  --regional-income KR            the region's average income of the reference group\n"
     "  --from YEAR, --to YEAR          list years to classify\n"
     "  --disable CRITERION             what-if: switch a criterion off (e.g. nonwestern)\n"
     "  --threshold CRITERION[.SET]=X   what-if: another threshold (e.g. outside_labour.udsat=38)\n"
     "  --pool                          pool counts over 2-year windows (ratio_of_sums)\n"
     "  -o, --output FILE               write to FILE instead of standard output\n"
     "Errors name file:line:column; exit 2 for bad input, 64 for a usage error.\n"},
    {"renovate", cmd_renovate, "renovation scenarios and their financing side by side",
     "usage: almen renovate [CASE.yaml] [--scenario ID] [--format table|csv|yaml] [-o FILE]\n"
     "Runs the case's renovation scenarios (its `scenarios` section; without CASE the embedded\n"
     "example) and prints them side by side: costs, financing, the first-year payments, each\n"
     "payer's net present value, rents before and after with the flags of the law (a ballot\n"
     "may be demanded above a 15 % increase; municipal approval is needed above 5 %), dwellings\n"
     "under the rent bands, and the family-dwelling share of the section 168a count.\n"
     "  --scenario ID       only this scenario\n"
     "  --format FORMAT     table (default: the comparison, rents by department and the family\n"
     "                      share), csv (the comparison only) or yaml (all three, per scenario)\n"
     "  -o, --output FILE   write to FILE instead of standard output\n"
     "The format and every default: docs/renovation.md.\n"},
    {"simulate", cmd_simulate, "letting simulation: what an agreement does to the areas, year by year",
     "usage: almen simulate [CASE.yaml] [--agreement NAME]... [--policy FILE.yaml]... [--years N]\n"
     "                      [--runs R] [--seed S] [--threads T] [options]\n"
     "Simulates the lettings of the case (its `household_types` section; without CASE the\n"
     "embedded example) year by year: move-outs, each vacancy let through municipal allocation,\n"
     "flexible letting, the waiting list or an internal move as the letting policy says, the\n"
     "areas classified again every year. Prints, per variant, the probability of each area being\n"
     "on a statutory list, when the listed areas leave the lists, and the areas' criteria in the\n"
     "last year (mean and quantiles over the runs). A progress bar on a terminal; Ctrl-C stops\n"
     "and reports the runs done (exit 130).\n"
     "  --agreement NAME     a variant: an agreement id (it alone, with the law), none (the law\n"
     "                       alone) or all (every agreement; the default); repeat to compare\n"
     "  --policy FILE        a variant with an explicit letting policy (docs/simulation.md)\n"
     "  --years N            years simulated (default 10)\n"
     "  --base-year Y        the starting year (default: the latest year with figures)\n"
     "  --runs R             Monte Carlo runs (default 1000)\n"
     "  --seed S             the seed (default 1); the same seed gives the same results\n"
     "  --threads T          worker threads (default 0: every processor)\n"
     "  --scenario ID        use the dwellings of the case's renovation scenario ID year by year\n"
     "  --set NAME=NUMBER    a parameter, e.g. turnover_family=0.12 (docs/simulation.md)\n"
     "  --only TABLE         one table: compare, leaving, status, indicators, composition,\n"
     "                       inflow, initial, fit, policy, run_values\n"
     "  --format FORMAT      table (default) or csv (the comparison, or the --only table)\n"
     "  --quiet              no progress bar\n"
     "  -o, --output FILE    write to FILE instead of standard output\n"
     "Exit 2 for bad input, 64 for a usage error, 130 when interrupted.\n"},
    {"fields", cmd_fields, "the figure fields and derived shares",
     "usage: almen fields [--format csv|table]\n"},
    {"mix", cmd_mix, "segregation and mix indices of the departments (M, H, D, isolation)",
     "usage: almen mix [CASE.yaml] [--grouping G] [--year Y] [--higher LEVEL] [--table T]\n"
     "                 [--replicates R] [--seed S] [--level L] [--format table|csv] [-o FILE]\n"
     "The department x group table of one year (without CASE the embedded example) and its\n"
     "indices: mutual information M with its split between and within the higher units,\n"
     "Theil's H, dissimilarity D, isolation and exposure, local values per unit.\n"
     "  --grouping G        origin (non-western vs other residents, default), work (outside\n"
     "                      the labour market vs other 18-64), schooling (basic education only\n"
     "                      vs other 30-59), conviction, or a figure field with a denominator\n"
     "  --year Y            the year of the figures (default: the latest)\n"
     "  --higher LEVEL      district (default), area, organisation or none\n"
     "  --table T           summary (default), groups, pairs, units, higher, or inference\n"
     "                      (bootstrap intervals and p-values against random allocation)\n"
     "  --replicates R, --seed S, --level L   for inference (1000, 1, 0.95)\n"
     "  --format F          csv (default, full precision) or table (aligned, rounded)\n"
     "  -o, --output FILE   write to FILE instead of standard output\n"
     "Definitions and sources: docs/mix.md.\n"},
    {"version", cmd_version, "print the version", "usage: almen version\n"},
    {NULL, NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: almen COMMAND [ARGS]   (almen COMMAND --help for more)\n\n"
               "Analysis of Danish social housing (almene boliger) for municipalities, housing\n"
               "organisations and researchers.\n\nCommands:\n");
    for (const cli_command *c = CLI_COMMANDS; c->name; c++) fprintf(f, "  %-12s %s\n", c->name, c->summary);
    fprintf(f, "\nExit codes: 0 ok, 1 findings, 2 bad input (errors as file:line:column: field:\n"
               "message on standard error), 64 usage error, 70 internal error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) return cmd_version(0, NULL);
    if (strcmp(ALMEN_VERSION_STRING, almen_version()) != 0)
        fprintf(stderr, "almen: warning: built for libalmen %s but running with %s\n",
                ALMEN_VERSION_STRING, almen_version());
    for (const cli_command *c = CLI_COMMANDS; c->name; c++) {
        if (strcmp(c->name, argv[1]) != 0) continue;
        for (int i = 2; i < argc; i++) {
            if (cli_is_help(argv[i])) {
                fputs(c->usage, stdout);
                return EXIT_OK;
            }
        }
        return c->run(argc - 1, argv + 1);
    }
    fprintf(stderr, "almen: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
