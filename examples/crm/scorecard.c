/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The CRM example's September 2025 scorecard with its breakdowns, in C,
 * built against the installed library:
 *   cc scorecard.c $(pkg-config --cflags --libs libkpi-1.0) -o scorecard
 *   ./scorecard DEFINITIONS.json [PERIOD] */

#include <stdio.h>
#include <libkpi/kpi.h>

int
main (int argc, char **argv)
{
  g_autoptr(KpiDefinitions) definitions = kpi_definitions_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(KpiDashboard) executive = NULL;
  g_autoptr(KpiReport) report = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DEFINITIONS.json [PERIOD]\n", argv[0]);
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!kpi_definitions_load_file (definitions, file, NULL, &error) ||
      (period = kpi_calendar_parse_period (kpi_definitions_get_calendar (definitions),
                                           argc > 2 ? argv[2] : "2025-09", &error)) == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  executive = kpi_definitions_lookup_dashboard (definitions, "executive");
  report = kpi_dashboard_evaluate (executive, definitions, period, NULL, &error);
  if (report == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  text = kpi_report_to_text (report, KPI_TEXT_NONE);
  fputs (text, stdout);

  return 0;
}
