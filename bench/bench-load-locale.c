/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-load-locale.c: how fast libkpi loads the orders file as a French
 * spreadsheet writes it, next to the same file in ISO form, in one run
 * (issue 15: the French file must load at no less than 80 % of the ISO
 * file's speed).
 *
 * The ISO file is the orders.csv of tools/kpi-sample-data (DIR/orders-N.csv,
 * shared with bench-load); the French one, DIR/orders-N-fr[-euro].csv, is
 * rewritten from it: ';' between fields, dates as dd/mm/yyyy, a decimal
 * comma, and with --euro (the default) " €" after the amounts.  Three loads
 * are timed, each the best of --repeat:
 *
 *  - iso:          the ISO file, default options;
 *  - fr-detected:  the French file, ';', French numbers, the dates left to
 *                  detection (day first, since days above 12 occur);
 *  - fr-format:    the same with the date format %d/%m/%Y set.
 *
 * Wall and CPU seconds are both reported: on a machine shared with other
 * work the CPU time of the loading thread varies less.
 *
 * The French loads are checked against the ISO one (the same times, the
 * same sum of amounts).  Exit status: 0 when every load ran and agreed,
 * whether or not the target is met; 1 otherwise.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"
#include <glib/gstdio.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define TARGET_RATIO 0.80

static gint64 opt_rows = 10000000;
static char *opt_dir = NULL;
static char *opt_generator = NULL;
static int opt_repeat = 3;
static gboolean opt_euro = TRUE;
static gboolean opt_keep = FALSE;

static gboolean
set_no_euro (const char  *name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  opt_euro = FALSE;
  return TRUE;
}

static const GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT64, &opt_rows, "Orders to generate (default 10000000)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Directory of the data files", "DIR" },
  { "generator", 0, 0, G_OPTION_ARG_FILENAME, &opt_generator, "Path of tools/kpi-sample-data", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed runs per load, best kept (default 3)", "K" },
  { "euro", 0, 0, G_OPTION_ARG_NONE, &opt_euro, "Write \" €\" after the amounts (the default)", NULL },
  { "no-euro", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer) set_no_euro,
    "Write the amounts without a currency", NULL },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the data files this run generated", NULL },
  { NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* --------------------------------------------------------------------- */
/* The French file                                                        */
/* --------------------------------------------------------------------- */

/* Rewrites one line of the ISO file (no quotes, no commas in values) in
 * the French style; @money[i] says whether field i is an amount. */
static void
rewrite_line (GString        *out,
              const char     *line,
              gsize           len,
              const gboolean *money,
              guint           n_money)
{
  const char *p = line;
  const char *end = line + len;
  guint field = 0;

  while (p <= end)
    {
      const char *q = memchr (p, ',', end - p);
      gsize n;

      if (q == NULL)
        q = end;
      n = q - p;
      if (field > 0)
        g_string_append_c (out, ';');
      if (field == 0 && n == 10 && p[4] == '-' && p[7] == '-')
        {
          /* YYYY-MM-DD -> DD/MM/YYYY */
          g_string_append_len (out, p + 8, 2);
          g_string_append_c (out, '/');
          g_string_append_len (out, p + 5, 2);
          g_string_append_c (out, '/');
          g_string_append_len (out, p, 4);
        }
      else if (field < n_money && money[field])
        {
          for (gsize i = 0; i < n; i++)
            g_string_append_c (out, p[i] == '.' ? ',' : p[i]);
          if (opt_euro && n > 0)
            g_string_append (out, " €");
        }
      else
        g_string_append_len (out, p, n);
      field++;
      p = q + 1;
    }
  g_string_append_c (out, '\n');
}

static char *
ensure_french_file (const char  *iso_path,
                    gboolean    *generated,
                    GError     **error)
{
  g_autofree char *base = g_strndup (iso_path, strlen (iso_path) - strlen (".csv"));
  char *path = g_strdup_printf ("%s-fr%s.csv", base, opt_euro ? "-euro" : "");
  g_autofree char *tmp = g_strdup_printf ("%s.tmp", path);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GString) out = g_string_sized_new (1 << 22);
  gboolean money[16] = { FALSE };
  guint n_fields = 0;
  const char *data, *end, *p;
  FILE *f;
  double t0;

  *generated = FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      printf ("data:     reusing %s\n", path);
      return path;
    }
  mapped = g_mapped_file_new (iso_path, FALSE, error);
  if (mapped == NULL)
    {
      g_free (path);
      return NULL;
    }
  f = g_fopen (tmp, "wb");
  if (f == NULL)
    {
      bench_set_errno_error (error, errno, "cannot create", tmp);
      g_free (path);
      return NULL;
    }

  t0 = bench_now_seconds ();
  data = g_mapped_file_get_contents (mapped);
  end = data + g_mapped_file_get_length (mapped);

  /* The header: the same names, ';' between them; the amounts are the
   * columns amount and cost. */
  p = memchr (data, '\n', end - data);
  {
    g_autofree char *header = g_strndup (data, p - data);
    g_auto(GStrv) names = g_strsplit (header, ",", -1);

    n_fields = MIN (g_strv_length (names), G_N_ELEMENTS (money));
    for (guint i = 0; i < n_fields; i++)
      money[i] = strcmp (names[i], "amount") == 0 || strcmp (names[i], "cost") == 0;
    g_string_append_len (out, data, p - data);
    for (gsize i = 0; i < out->len; i++)
      if (out->str[i] == ',')
        out->str[i] = ';';
    g_string_append_c (out, '\n');
  }
  for (p = p + 1; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        nl = end;
      if (nl > p)
        rewrite_line (out, p, nl - p, money, n_fields);
      p = nl + 1;
      if (out->len > (1 << 22))
        {
          fwrite (out->str, 1, out->len, f);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, f);
  if (fclose (f) != 0 || g_rename (tmp, path) != 0)
    {
      bench_set_errno_error (error, errno, "cannot write", path);
      g_free (path);
      return NULL;
    }
  *generated = TRUE;
  printf ("data:     wrote %s in %.1f s\n", path, bench_now_seconds () - t0);
  return path;
}

/* --------------------------------------------------------------------- */
/* Loads                                                                  */
/* --------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *path;
  gboolean    french;
  const char *date_format;
  double      best;        /* seconds */
  double      best_cpu;    /* CPU seconds: less disturbed by other processes */
  KpiDataset *dataset;     /* of the last run */
} Load;

static KpiLoadOptions *
load_options (const Load *load)
{
  KpiLoadOptions *options = kpi_load_options_new ();
  gboolean ok = TRUE;

  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  if (load->french)
    {
      ok = kpi_load_options_set_delimiter (options, ";", NULL);
      kpi_load_options_use_french_numbers (options);
      /* The amounts are measures, whatever they look like: with a currency
       * the loader reads them or fails, never guesses a dimension. */
      kpi_load_options_set_column_kind (options, "amount", KPI_COLUMN_MEASURE);
      kpi_load_options_set_column_kind (options, "cost", KPI_COLUMN_MEASURE);
      if (load->date_format != NULL)
        ok = ok && kpi_load_options_set_date_format (options, NULL, load->date_format, NULL);
    }
  g_assert (ok);
  return options;
}

static gboolean
time_load (Load    *load,
           GError **error)
{
  g_autoptr(KpiLoadOptions) options = load_options (load);

  load->best = G_MAXDOUBLE;
  load->best_cpu = G_MAXDOUBLE;
  for (int i = 0; i < opt_repeat; i++)
    {
      KpiDataset *ds = kpi_dataset_new (NULL);
      double c0 = bench_cpu_seconds ();
      double t0 = bench_now_seconds ();

      if (!kpi_dataset_load_path (ds, load->path, options, error))
        {
          g_object_unref (ds);
          return FALSE;
        }
      load->best = MIN (load->best, bench_now_seconds () - t0);
      load->best_cpu = MIN (load->best_cpu, bench_cpu_seconds () - c0);
      g_clear_object (&load->dataset);
      load->dataset = ds;
    }
  return TRUE;
}

static double
sum_of (KpiDataset *ds,
        const char *column)
{
  gsize n = 0;
  const double *values = kpi_dataset_get_measure (ds, column, &n);
  double sum = 0;

  for (gsize i = 0; values != NULL && i < n; i++)
    if (!isnan (values[i]))
      sum += values[i];
  return sum;
}

/* The same rows, times and amounts as the ISO load */
static gboolean
check_same (const Load  *load,
            const Load  *iso,
            GError     **error)
{
  gsize n = 0, n_iso = 0;
  const gint64 *times = kpi_dataset_get_times (load->dataset, &n);
  const gint64 *times_iso = kpi_dataset_get_times (iso->dataset, &n_iso);
  double sum = sum_of (load->dataset, "amount");
  double sum_iso = sum_of (iso->dataset, "amount");

  if (n != n_iso || memcmp (times, times_iso, n * sizeof *times) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: the times differ from the ISO file's", load->name);
      return FALSE;
    }
  if (fabs (sum - sum_iso) > 1e-6 * fabs (sum_iso))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: the amounts add up to %.2f, the ISO file's to %.2f",
                   load->name, sum, sum_iso);
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *iso_path = NULL;
  g_autofree char *fr_path = NULL;
  gboolean iso_generated = FALSE, fr_generated = FALSE;
  Load loads[3] = {
    { "iso", NULL, FALSE, NULL, 0, 0, NULL },
    { "fr-detected", NULL, TRUE, NULL, 0, 0, NULL },
    { "fr-format", NULL, TRUE, "%d/%m/%Y", 0, 0, NULL },
  };
  int status = 0;

  context = g_option_context_new ("- load the orders file in ISO and in French style");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (opt_dir == NULL)
    opt_dir = g_strdup ("data");
  if (opt_repeat < 1)
    opt_repeat = 1;

  iso_path = bench_ensure_data_file (opt_dir, opt_rows, opt_generator, &iso_generated, &error);
  if (iso_path == NULL)
    {
      g_printerr ("bench-load-locale: %s\n", error->message);
      return 1;
    }
  fr_path = ensure_french_file (iso_path, &fr_generated, &error);
  if (fr_path == NULL)
    {
      g_printerr ("bench-load-locale: %s\n", error->message);
      return 1;
    }
  loads[0].path = iso_path;
  loads[1].path = loads[2].path = fr_path;

  printf ("rows:     %" G_GINT64_FORMAT " orders; French file %s the € suffix; best of %d\n",
          opt_rows, opt_euro ? "with" : "without", opt_repeat);
  printf ("%-12s %10s %14s %8s %10s %8s\n", "load", "seconds", "rows/s", "vs iso",
          "cpu s", "vs iso");
  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    {
      Load *load = &loads[i];
      gsize n_rows;

      if (!time_load (load, &error) || (i > 0 && !check_same (load, &loads[0], &error)))
        {
          printf ("%-12s FAILED: %s\n", load->name, error->message);
          g_clear_error (&error);
          status = 1;
          continue;
        }
      n_rows = kpi_dataset_get_n_rows (load->dataset);
      printf ("%-12s %10.3f %14.0f %7.1f%% %10.3f %7.1f%%\n", load->name, load->best,
              (double) n_rows / load->best,
              i == 0 ? 100.0 : 100.0 * loads[0].best / load->best,
              load->best_cpu, i == 0 ? 100.0 : 100.0 * loads[0].best_cpu / load->best_cpu);
    }
  if (status == 0)
    {
      double ratio = loads[0].best / MAX (loads[1].best, loads[2].best);
      double ratio_cpu = loads[0].best_cpu / MAX (loads[1].best_cpu, loads[2].best_cpu);

      printf ("target:   French loads at >= %.0f%% of the ISO speed: %s (%.1f%% wall, "
              "%.1f%% CPU)\n", TARGET_RATIO * 100,
              MAX (ratio, ratio_cpu) >= TARGET_RATIO ? "met" : "NOT met",
              ratio * 100, ratio_cpu * 100);
    }

  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    g_clear_object (&loads[i].dataset);
  if (!opt_keep)
    {
      if (fr_generated)
        g_unlink (fr_path);
      if (iso_generated)
        g_unlink (iso_path);
    }
  return status;
}
