/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report-pages: writes the HTML pages of the CRM example's three
 * dashboards (examples/crm/crm.json over the generated sample), for
 * tests/html/test-report-pages to open in a real browser.
 *
 * The calendar's now is 2025-09-18 at noon, Paris time: the September
 * scorecard to date (and week 2025-W38 for project Apollo, whose
 * indicators are weekly), with the end-of-quarter concentration of the
 * sample (R03's orders pushed into 2025-09-26 .. 30, which the checks see
 * in the whole file) among the findings.
 *
 * Usage: report-pages OUTPUT-DIRECTORY
 * (KPI_TEST_DATA: the generated sample's directory; KPI_SRCDIR: tests/) */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kpi.h"

static const char * const dashboards[] = { "executive", "finance", "apollo" };

/* A directory with a copy of crm.json and a "data" link to the sample, as
 * the example's definitions expect. */
static char *
example_dir (GError **error)
{
  const char *data = g_getenv ("KPI_TEST_DATA");
  const char *srcdir = g_getenv ("KPI_SRCDIR");
  g_autofree char *source = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;
  g_autofree char *link = NULL;
  gsize length;
  char *dir;

  if (data == NULL || srcdir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "KPI_TEST_DATA or KPI_SRCDIR is not set");
      return NULL;
    }
  source = g_build_filename (srcdir, "..", "examples", "crm", "crm.json", NULL);
  if (!g_file_get_contents (source, &contents, &length, error))
    return NULL;
  dir = g_dir_make_tmp ("kpi-report-pages-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  json = g_build_filename (dir, "crm.json", NULL);
  link = g_build_filename (dir, "data", NULL);
  if (!g_file_set_contents (json, contents, length, error))
    return dir;
  if (symlink (data, link) != 0)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot link %s: %s", link, g_strerror (errno));
  return dir;
}

static void
remove_example_dir (const char *dir)
{
  g_autofree char *json = g_build_filename (dir, "crm.json", NULL);
  g_autofree char *link = g_build_filename (dir, "data", NULL);

  g_unlink (json);
  g_unlink (link);
  g_rmdir (dir);
}

static gboolean
write_pages (const char  *dir,
             const char  *output,
             GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "crm.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KpiDefinitions) definitions = kpi_definitions_new (NULL);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = NULL;

  if (!kpi_definitions_load_file (definitions, file, NULL, error))
    return FALSE;
  if (paris == NULL)
    paris = g_time_zone_new_utc ();
  now = g_date_time_new (paris, 2025, 9, 18, 12, 0, 0);
  kpi_calendar_set_now (kpi_definitions_get_calendar (definitions),
                        g_date_time_to_unix (now) * G_USEC_PER_SEC);
  if (g_mkdir_with_parents (output, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s: %s",
                   output, g_strerror (errno));
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (dashboards); i++)
    {
      g_autoptr(KpiDashboard) dashboard = kpi_definitions_lookup_dashboard (definitions, dashboards[i]);
      g_autoptr(KpiReport) report = NULL;
      g_autofree char *html = NULL;
      g_autofree char *name = g_strconcat (dashboards[i], ".html", NULL);
      g_autofree char *page = g_build_filename (output, name, NULL);
      gsize length;

      if (dashboard == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no dashboard “%s”", dashboards[i]);
          return FALSE;
        }
      report = kpi_dashboard_evaluate (dashboard, definitions, NULL, NULL, error);
      if (report == NULL)
        return FALSE;
      html = kpi_report_to_html (report, &length);
      if (!g_file_set_contents (page, html, length, error))
        return FALSE;
      printf ("%s\n", page);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean ok;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s OUTPUT-DIRECTORY\n", argv[0]);
      return 2;
    }
  dir = example_dir (&error);
  ok = error == NULL && write_pages (dir, argv[1], &error);
  if (dir != NULL)
    remove_example_dir (dir);
  if (!ok)
    {
      fprintf (stderr, "report-pages: %s\n", error->message);
      return 1;
    }
  return 0;
}
