/* The almen command-line program: shared pieces of the subcommands. */
#ifndef ALMEN_CLI_H
#define ALMEN_CLI_H

#include <stdio.h>

#include "almen/almen.h"

/* Exit codes (documented in `almen --help` and docs/cli.md). */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_BAD_INPUT = 2, EXIT_USAGE = 64, EXIT_INTERNAL = 70 };

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage; /* full --help text */
} cli_command;

/* Prints the library's last error as "almen: source:line:column: field: message" and
 * returns the exit code that fits it. */
int cli_error(void);
int cli_usage_error(const char *command, const char *fmt, ...);
/* True when argv[i] is -h or --help. */
int cli_is_help(const char *arg);
/* Loads path, or the embedded example when path is NULL. */
int cli_load(const char *path, almen_case **out);
/* Writes a table as CSV or as aligned text ("table"). */
int cli_write_table(FILE *f, const almen_table *t, const char *format);
/* Opens -o's file, or stdout for NULL / "-". */
FILE *cli_open_output(const char *path);
int cli_close_output(FILE *f, const char *path);

int cmd_validate(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_query(int argc, char **argv); /* aggregate, departments, figures */
int cmd_fields(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_renovate(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_agreements(int argc, char **argv);
int cmd_mix(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

extern const cli_command CLI_COMMANDS[];



/* Matches argv[*i] against an option taking a value ("--name VALUE" or "--name=VALUE",
 * or the short form when given). Returns 1 and sets *value when it matched (advancing *i
 * past a separate value), -1 when the value is missing, 0 when not this option. */
int cli_option(int argc, char **argv, int *i, const char *name, const char *short_name,
               const char **value);
#endif
