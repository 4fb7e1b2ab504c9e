/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-demo: loads the generated CRM data and summarises each dataset.
 *
 * Usage: kpi-demo [DIR]   (DIR defaults to ./crm, made by tools/kpi-sample-data)
 */

#include <stdio.h>
#include <stdlib.h>
#include <libkpi/kpi.h>

static const char * const datasets[] = {
  "orders.csv",
  "opportunities.csv",
  "marketing.csv",
  "nps.csv",
  "complaints.csv",
  "budget.csv",
  "targets.csv",
};

static char *
format_day (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
print_columns (KpiDataset   *ds,
               KpiColumnKind kind,
               const char   *label)
{
  g_auto(GStrv) names = kpi_dataset_list_columns (ds, kind);

  printf ("    %-11s", label);
  if (names[0] == NULL)
    printf (" (none)");
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (kind == KPI_COLUMN_DIMENSION)
        {
          gsize n_values;
          kpi_dataset_get_dimension_dictionary (ds, names[i], &n_values);
          printf ("%s %s (%" G_GSIZE_FORMAT " values)", i ? "," : "", names[i], n_values);
        }
      else
        printf ("%s %s", i ? "," : "", names[i]);
    }
  printf ("\n");
}

static gboolean
summarise (const char  *dir,
           const char  *name,
           GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autofree char *first = NULL, *last = NULL;
  gint64 start = g_get_monotonic_time (), min_time, max_time;
  double seconds;

  if (!kpi_dataset_load_path (ds, path, NULL, error))
    return FALSE;
  seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("%s\n", name);
  printf ("    rows        %u (loaded in %.3f s)\n", kpi_dataset_get_n_rows (ds), seconds);
  if (kpi_dataset_get_time_range (ds, &min_time, &max_time))
    {
      first = format_day (min_time);
      last = format_day (max_time);
      printf ("    time span   %s .. %s (%" G_GINT64_FORMAT " days)\n", first, last,
              (max_time - min_time) / (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400)) + 1);
    }
  print_columns (ds, KPI_COLUMN_DIMENSION, "dimensions");
  print_columns (ds, KPI_COLUMN_MEASURE, "measures");
  printf ("\n");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = argc > 1 ? argv[1] : "crm";
  int status = EXIT_SUCCESS;

  printf ("libkpi %s demo: the generated CRM in %s\n\n", KPI_VERSION_S, dir);
  for (gsize i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!summarise (dir, datasets[i], &error))
        {
          fprintf (stderr, "kpi-demo: %s\n", error->message);
          status = EXIT_FAILURE;
        }
    }
  return status;
}
