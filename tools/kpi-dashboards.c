/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dashboards.c: the kpi command's definitions files: kpi validate,
 * kpi report, and loading a document with a progress bar.
 *
 *   kpi validate DEFINITIONS.json
 *   kpi report DEFINITIONS.json [--dashboard ID] [--period LABEL] [--as-of DATE]
 *              [--format text|json|csv|html] [-o FILE]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "kpi-cli.h"

gboolean
kpi_cli_is_definitions (const char *path)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *head = NULL;
  JsonNode *root;
  JsonObject *object;
  FILE *f;
  int c;

  if (!g_str_has_suffix (path, ".json") || (f = fopen (path, "rb")) == NULL)
    return FALSE;
  /* data in JSON is an array or JSON Lines: a document is one object */
  do
    c = fgetc (f);
  while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
  fclose (f);
  if (c != '{')
    return FALSE;
  parser = json_parser_new ();
  if (!json_parser_load_from_mapped_file (parser, path, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;   /* let the loader say what is wrong with it */
  object = json_node_get_object (root);
  return json_object_has_member (object, "datasets") || json_object_has_member (object, "dashboards") ||
         json_object_has_member (object, "version");
}

typedef struct
{
  gint64   started;
  gint64   delay;     /* µs before the bar shows */
  gboolean shown;
} Bar;

static void
on_load_progress (KpiDefinitions *definitions,
                  const char     *dataset,
                  guint64         done,
                  guint64         total,
                  gpointer        user_data)
{
  Bar *bar = user_data;
  const int width = 30;
  int filled;

  /* only when it takes more than a moment */
  if (g_get_monotonic_time () - bar->started < bar->delay || total == 0)
    return;
  filled = (int) (width * (double) MIN (done, total) / (double) total);
  fprintf (stderr, "\r\033[Kloading %-16.16s [", dataset);
  for (int i = 0; i < width; i++)
    fputc (i < filled ? '#' : '.', stderr);
  fprintf (stderr, "] %3d %%", (int) (100.0 * MIN (done, total) / total));
  fflush (stderr);
  bar->shown = TRUE;
}

KpiDefinitions *
kpi_cli_load_definitions (const char  *path,
                          const char  *now,
                          GError     **error)
{
  g_autoptr(KpiDefinitions) definitions = kpi_definitions_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  Bar bar = { g_get_monotonic_time (), G_USEC_PER_SEC / 2, FALSE };
  const char *delay = g_getenv ("KPI_PROGRESS_DELAY_MS");
  gboolean loaded;

  /* the moment before the bar shows: half a second, or what the tests set */
  if (delay != NULL)
    bar.delay = g_ascii_strtoll (delay, NULL, 10) * 1000;
  if (isatty (STDERR_FILENO))
    g_signal_connect (definitions, "load-progress", G_CALLBACK (on_load_progress), &bar);
  loaded = kpi_definitions_load_file (definitions, file, NULL, error);
  if (bar.shown)
    fprintf (stderr, "\r\033[K");
  if (!loaded)
    return NULL;
  if (now != NULL)
    {
      KpiCalendar *calendar = kpi_definitions_get_calendar (definitions);
      gint64 t;

      if (!kpi_cli_parse_now (now, kpi_calendar_get_time_zone (calendar), &t, error))
        return NULL;
      kpi_calendar_set_now (calendar, t);
    }
  return g_steal_pointer (&definitions);
}

/* kpi validate: the advisories of every dashboard, one per line; 0 when
 * there is none, 1 when there are, 2 when the document does not load. */
int
kpi_cli_run_validate (int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("DEFINITIONS.json - load a definitions file and say what its dashboards lack");
  g_autoptr(KpiDefinitions) definitions = NULL;
  g_autoptr(GPtrArray) advisories = NULL;
  GError *error = NULL;
  guint n;

  g_option_context_set_summary (context,
    "Loads the document and its datasets (any error names the JSON path), then validates each\n"
    "dashboard: 5 to 9 indicators, the four kinds on a strategic dashboard, targets for\n"
    "performance indicators, a quality check on every dataset read, names that resolve.\n"
    "Exit status: 0 when there is nothing to say, 1 when there are advisories, 2 when the\n"
    "document does not load.\n"
    "Example: kpi validate examples/crm/crm.json");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kpi_cli_fail (NULL, error);
  if (argc != 2)
    {
      fprintf (stderr, "kpi: validate needs DEFINITIONS.json (see kpi validate --help)\n");
      return EXIT_USAGE;
    }
  definitions = kpi_cli_load_definitions (argv[1], NULL, &error);
  if (definitions == NULL)
    return kpi_cli_fail (NULL, error);

  advisories = kpi_definitions_validate (definitions);
  n = g_list_model_get_n_items (kpi_definitions_get_dashboards (definitions));
  for (guint i = 0; i < advisories->len; i++)
    printf ("%s\n", kpi_advisory_get_message (g_ptr_array_index (advisories, i)));
  printf ("%u dashboard%s, %u advisor%s\n", n, n == 1 ? "" : "s",
          advisories->len, advisories->len == 1 ? "y" : "ies");
  return advisories->len == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* kpi report: a dashboard evaluated for a period, written as text, JSON,
 * CSV or HTML; 0 when written, 1 when written but a number on it failed a
 * quality check, 2 on bad input. */
int
kpi_cli_run_report (int argc, char **argv)
{
  g_autofree char *dashboard_id = NULL;
  g_autofree char *period_label = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "dashboard", 0, 0, G_OPTION_ARG_STRING, &dashboard_id,
      "The dashboard to report (default: the document's first)", "ID" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period_label,
      "The period (2025-09, 2025-Q3, 2025-W38...; default: the current one, to date)", "LABEL" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      "The date (and time) to take as now: what is to date, open or overdue (default: the clock)", "DATE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv or html", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE rather than the standard output", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("DEFINITIONS.json - evaluate a dashboard for a period");
  g_autoptr(KpiDefinitions) definitions = NULL;
  g_autoptr(KpiDashboard) dashboard = NULL;
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(KpiReport) report = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  GError *error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Loads the definitions and their datasets, runs their checks and evaluates the dashboard:\n"
    "each indicator's value with its target, its changes against the previous period and last\n"
    "year, its trend, breakdowns and quality. A period not over is shown to date, like for like.\n"
    "Exit status: 0 when the report is written, 1 when it is written but a number on it failed\n"
    "a quality check, 2 on bad input.\n"
    "Example: kpi report crm.json --dashboard executive --period 2025-09 --format html -o sept.html");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kpi_cli_fail (NULL, error);
  if (argc != 2)
    {
      fprintf (stderr, "kpi: report needs DEFINITIONS.json (see kpi report --help)\n");
      return EXIT_USAGE;
    }
  if (format != NULL && !g_strv_contains ((const char * const[]) { "text", "json", "csv", "html", NULL }, format))
    {
      fprintf (stderr, "kpi: --format “%s”: expected text, json, csv or html\n", format);
      return EXIT_USAGE;
    }

  definitions = kpi_cli_load_definitions (argv[1], as_of, &error);
  if (definitions == NULL)
    return kpi_cli_fail (as_of != NULL && g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE)
                         ? "--as-of" : NULL, error);
  if (dashboard_id != NULL)
    dashboard = kpi_definitions_lookup_dashboard (definitions, dashboard_id);
  else if (g_list_model_get_n_items (kpi_definitions_get_dashboards (definitions)) > 0)
    dashboard = g_list_model_get_item (kpi_definitions_get_dashboards (definitions), 0);
  if (dashboard == NULL)
    {
      GListModel *all = kpi_definitions_get_dashboards (definitions);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        {
          g_autoptr(KpiDashboard) d = g_list_model_get_item (all, i);
          g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", kpi_dashboard_get_id (d));
        }
      if (dashboard_id != NULL)
        fprintf (stderr, "kpi: --dashboard “%s”: %s has no such dashboard (it has: %s)\n",
                 dashboard_id, argv[1], ids->len > 0 ? ids->str : "none");
      else
        fprintf (stderr, "kpi: %s has no dashboard\n", argv[1]);
      return EXIT_USAGE;
    }
  if (period_label != NULL)
    {
      period = kpi_calendar_parse_period (kpi_definitions_get_calendar (definitions), period_label, &error);
      if (period == NULL)
        return kpi_cli_fail ("--period", error);
    }

  report = kpi_dashboard_evaluate (dashboard, definitions, period, NULL, &error);
  if (report == NULL)
    return kpi_cli_fail (NULL, error);

  if (format == NULL || g_str_equal (format, "text"))
    {
      gboolean colour = output == NULL && isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL;

      text = kpi_report_to_text (report, colour ? KPI_TEXT_COLOR : KPI_TEXT_NONE);
      length = strlen (text);
    }
  else if (g_str_equal (format, "json"))
    text = kpi_report_to_json (report, &length);
  else if (g_str_equal (format, "csv"))
    text = kpi_report_to_csv (report, &length);
  else
    text = kpi_report_to_html (report, &length);

  if (output != NULL)
    {
      if (!g_file_set_contents (output, text, length, &error))
        return kpi_cli_fail ("--output", error);
    }
  else
    fwrite (text, 1, length, stdout);
  return kpi_report_get_quality (report) == KPI_QUALITY_FAILED ? EXIT_FAILURE : EXIT_SUCCESS;
}
