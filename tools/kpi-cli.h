/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-cli.h: what the files of the kpi command share */

#pragma once

#include <stdio.h>
#include <libkpi/kpi.h>

/* Exit statuses: 0 done, 1 done but something failed (a check, a
 * number's quality), 2 bad input or usage. */
#define EXIT_USAGE 2

/* Prints "kpi: WHAT: message" on stderr, frees @error; returns EXIT_USAGE. */
int kpi_cli_fail (const char *what,
                  GError     *error);

/* --now, --as-of: a date (midnight in @zone) or an ISO 8601 date and time. */
gboolean kpi_cli_parse_now (const char  *text,
                            GTimeZone   *zone,
                            gint64      *now,
                            GError     **error);

/* Whether @path is a definitions document (a JSON object with datasets,
 * indicators or dashboards) rather than data. */
gboolean kpi_cli_is_definitions (const char *path);

/* Loads a definitions document, with a progress bar on stderr when it
 * takes more than a moment and stderr is a terminal; @now (nullable): the
 * date to take as now. */
KpiDefinitions *kpi_cli_load_definitions (const char  *path,
                                          const char  *now,
                                          GError     **error);

/* The load options of every subcommand that reads a data file itself
 * (kpi eval DATA, kpi check DATA...), as the command line gave them
 * (kpi-cli.c). */
typedef struct
{
  char     *time_column;
  char     *tz;
  char     *delimiter;
  char     *decimal;
  char     *thousands;
  char     *number_style;
  char    **date_formats;    /* FORMAT or COLUMN=FORMAT */
  char    **percent_columns;
  char    **columns;         /* KIND:NAME */
  gboolean  verbose;
} KpiCliLoad;

/* Adds --time, --tz, --delimiter... to @context's main group. */
void            kpi_cli_load_add_options (KpiCliLoad     *load,
                                          GOptionContext *context);
void            kpi_cli_load_clear       (KpiCliLoad     *load);
/* The first load option given ("--tz"), or NULL: a definitions file sets
 * them itself. */
const char     *kpi_cli_load_given       (KpiCliLoad     *load);
/* The options given as load options; an error names the option and says
 * what was expected. */
KpiLoadOptions *kpi_cli_load_options     (KpiCliLoad     *load,
                                          GError        **error);
/* Loads @path into @dataset, and says on stderr what was detected (the
 * delimiter) when stdout is a terminal or --verbose was given. */
gboolean        kpi_cli_load_path        (KpiCliLoad     *load,
                                          KpiDataset     *dataset,
                                          const char     *path,
                                          KpiLoadOptions *options,
                                          GError        **error);
/* When the user did not say how numbers are written: a hint naming a
 * dimension column of @dataset whose values all read as numbers in another
 * country's style, and the --number-style to pass; NULL when none does. */
char           *kpi_cli_number_hint      (KpiCliLoad     *load,
                                          KpiDataset     *dataset,
                                          KpiLoadOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpiCliLoad, kpi_cli_load_clear)

/* The subcommands of kpi-dashboards.c */
int kpi_cli_run_report   (int argc, char **argv);
int kpi_cli_run_validate (int argc, char **argv);
