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
 * are timed:
 *
 *  - iso:          the ISO file, default options;
 *  - fr-detected:  the French file, ';', French numbers, the dates left to
 *                  detection (day first, since days above 12 occur);
 *  - fr-format:    the same with the date format %d/%m/%Y set.
 *
 * An untimed round first (the page cache, the process's first page
 * faults), then --repeat rounds (default 5), each running every load once
 * in an order that turns from round to round; each dataset is freed before
 * the next load, so that no load pays for memory another one holds.  CPU
 * and wall seconds are reported, best and median: on a machine shared with
 * other work the CPU time of the loading thread varies less, and the
 * target is judged on it (best and median both).
 *
 * Every load is checked against the ISO one: the same number of rows, the
 * same sum of amounts and the same checksum of every column (times, the
 * bits of the measures, dimension codes and dictionaries).  Exit status: 0
 * when every load ran and agreed, whether or not the target is met; 1
 * otherwise.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"
#include <glib/gstdio.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET_RATIO 0.80

static gint64 opt_rows = 10000000;
static char *opt_dir = NULL;
static char *opt_generator = NULL;
static int opt_repeat = 5;
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
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed rounds, each load once a round (default 5)", "K" },
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

/* What a load gave: enough to say that two loads read the same data */
typedef struct
{
  gsize   n_rows;
  guint64 checksum;    /* of every column, see checksum_of */
  double  sum_amount;
} Summary;

typedef struct
{
  const char *name;
  const char *path;
  gboolean    french;
  const char *date_format;
  double     *wall;        /* seconds of each timed run */
  double     *cpu;         /* CPU seconds: less disturbed by other processes */
  int         n_runs;
  Summary     summary;     /* of the first load */
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

static guint64
hash_bytes (guint64     h,
            const void *data,
            gsize       len)
{
  const guint8 *p = data;

  /* FNV-1a, 64 bits */
  for (gsize i = 0; i < len; i++)
    h = (h ^ p[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return h;
}

static guint64
hash_words (guint64        h,
            const guint64 *words,
            gsize          n)
{
  for (gsize i = 0; i < n; i++)
    h = (h ^ words[i]) * G_GUINT64_CONSTANT (0x100000001b3) + (h >> 29);
  return h;
}

/* A checksum of the dataset's values, column by column in header order:
 * the times, the bits of the measures, the codes of the dimensions and
 * their dictionaries.  The ISO and French files hold the same values in
 * the same order, and a correctly rounded parse reads "94.53" and "94,53 €"
 * as the same double: the checksums must be equal. */
static guint64
checksum_of (KpiDataset *ds)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  guint n_columns = kpi_dataset_get_n_columns (ds);
  gsize n = 0;
  const gint64 *times = kpi_dataset_get_times (ds, &n);

  h = hash_words (h, (const guint64 *) times, n);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *name = kpi_dataset_get_column_name (ds, i);

      h = hash_bytes (h, name, strlen (name) + 1);
      switch (kpi_dataset_get_column_kind (ds, i))
        {
        case KPI_COLUMN_MEASURE:
          {
            const double *values = kpi_dataset_get_measure (ds, name, &n);

            h = hash_words (h, (const guint64 *) values, n);
          }
          break;
        case KPI_COLUMN_DIMENSION:
          {
            const guint32 *codes = kpi_dataset_get_dimension_codes (ds, name, &n);
            const char * const *dict = kpi_dataset_get_dimension_dictionary (ds, name, &n);

            h = hash_bytes (h, codes, kpi_dataset_get_n_rows (ds) * sizeof *codes);
            for (gsize k = 0; k < n; k++)
              h = hash_bytes (h, dict[k], strlen (dict[k]) + 1);
          }
          break;
        case KPI_COLUMN_TIME:
        default:
          break;
        }
    }
  return h;
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

/* One load into a fresh dataset, freed before returning: every load
 * starts with the same memory in use, whatever the order of the runs. */
static gboolean
run_load (Load     *load,
          gboolean  timed,
          Summary  *summary,
          GError  **error)
{
  g_autoptr(KpiLoadOptions) options = load_options (load);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  double c0 = bench_cpu_seconds ();
  double t0 = bench_now_seconds ();

  if (!kpi_dataset_load_path (ds, load->path, options, error))
    return FALSE;
  if (timed)
    {
      load->wall[load->n_runs] = bench_now_seconds () - t0;
      load->cpu[load->n_runs] = bench_cpu_seconds () - c0;
      load->n_runs++;
    }
  summary->n_rows = kpi_dataset_get_n_rows (ds);
  summary->checksum = checksum_of (ds);
  summary->sum_amount = sum_of (ds, "amount");
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
min_of (const double *values,
        int           n)
{
  double m = G_MAXDOUBLE;

  for (int i = 0; i < n; i++)
    m = MIN (m, values[i]);
  return m;
}

static double
median_of (const double *values,
           int           n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof *values);

  qsort (sorted, n, sizeof *sorted, compare_doubles);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* The same rows, times, amounts and every other value as the ISO load */
static gboolean
check_same (const Load     *load,
            const Summary  *summary,
            const Load     *iso,
            GError        **error)
{
  if (summary->n_rows != iso->summary.n_rows)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: %" G_GSIZE_FORMAT " rows, the ISO file %" G_GSIZE_FORMAT,
                   load->name, summary->n_rows, iso->summary.n_rows);
      return FALSE;
    }
  if (summary->sum_amount != iso->summary.sum_amount)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: the amounts add up to %.17g, the ISO file's to %.17g",
                   load->name, summary->sum_amount, iso->summary.sum_amount);
      return FALSE;
    }
  if (summary->checksum != iso->summary.checksum)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: checksum %016" G_GINT64_MODIFIER "x, the ISO file's %016"
                   G_GINT64_MODIFIER "x", load->name, summary->checksum,
                   iso->summary.checksum);
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
    { "iso", NULL, FALSE, NULL, NULL, NULL, 0, { 0 } },
    { "fr-detected", NULL, TRUE, NULL, NULL, NULL, 0, { 0 } },
    { "fr-format", NULL, TRUE, "%d/%m/%Y", NULL, NULL, 0, { 0 } },
  };
  const guint n_loads = G_N_ELEMENTS (loads);
  double worst_best = 1, worst_median = 1, worst_wall = 1, worst_wall_median = 1;
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
  for (guint i = 0; i < n_loads; i++)
    {
      loads[i].wall = g_new0 (double, opt_repeat);
      loads[i].cpu = g_new0 (double, opt_repeat);
    }

  printf ("rows:     %" G_GINT64_FORMAT " orders; French file %s the € suffix; "
          "%d rounds after one untimed\n", opt_rows, opt_euro ? "with" : "without", opt_repeat);

  /* An untimed round reads the files into the page cache, pays the
   * process's first faults, and gives each load's summary, which every
   * later run must match.  Then the timed rounds, each load once a round,
   * the order turning from round to round so that no load always runs
   * after the same one. */
  for (int round = -1; round < opt_repeat && status == 0; round++)
    for (guint k = 0; k < n_loads && status == 0; k++)
      {
        Load *load = &loads[round < 0 ? k : (k + round) % n_loads];
        Summary summary;

        if (!run_load (load, round >= 0, &summary, &error) ||
            (round < 0 && load != &loads[0] && !check_same (load, &summary, &loads[0], &error)) ||
            (round >= 0 && !check_same (load, &summary, load, &error)))
          {
            printf ("%-12s FAILED: %s\n", load->name, error->message);
            g_clear_error (&error);
            status = 1;
            break;
          }
        if (round < 0)
          load->summary = summary;
      }

  if (status == 0)
    {
      const Load *iso = &loads[0];
      double iso_cpu = min_of (iso->cpu, iso->n_runs), iso_cpu_median = median_of (iso->cpu, iso->n_runs);
      double iso_wall = min_of (iso->wall, iso->n_runs), iso_wall_median = median_of (iso->wall, iso->n_runs);

      printf ("%-12s %9s %16s %14s\n", "load", "rows", "checksum", "sum of amount");
      for (guint i = 0; i < n_loads; i++)
        printf ("%-12s %9" G_GSIZE_FORMAT " %016" G_GINT64_MODIFIER "x %14.2f\n", loads[i].name,
                loads[i].summary.n_rows, loads[i].summary.checksum, loads[i].summary.sum_amount);
      printf ("\n%-12s %8s %8s %10s %7s   %8s %8s %10s %7s %7s\n", "", "cpu s", "median",
              "rows/s", "vs iso", "wall s", "median", "rows/s", "vs iso", "median");
      for (guint i = 0; i < n_loads; i++)
        {
          const Load *load = &loads[i];
          double cpu = min_of (load->cpu, load->n_runs), cpu_median = median_of (load->cpu, load->n_runs);
          double wall = min_of (load->wall, load->n_runs), wall_median = median_of (load->wall, load->n_runs);

          printf ("%-12s %8.3f %8.3f %10.0f %6.1f%%   %8.3f %8.3f %10.0f %6.1f%% %6.1f%%\n",
                  load->name, cpu, cpu_median, load->summary.n_rows / cpu, 100 * iso_cpu / cpu,
                  wall, wall_median, load->summary.n_rows / wall, 100 * iso_wall / wall,
                  100 * iso_wall_median / wall_median);
          if (i > 0)
            {
              worst_best = MIN (worst_best, iso_cpu / cpu);
              worst_median = MIN (worst_median, iso_cpu_median / cpu_median);
              worst_wall = MIN (worst_wall, iso_wall / wall);
              worst_wall_median = MIN (worst_wall_median, iso_wall_median / wall_median);
            }
        }
      /* The target is judged on CPU time, best and median: the loader is
       * single-threaded, and on a shared machine the wall time also counts
       * the time it waited for a CPU. */
      printf ("\ntarget:   French loads at >= %.0f%% of the ISO speed (CPU time): %s "
              "(slower French load: %.1f%% best, %.1f%% median; wall %.1f%% best, "
              "%.1f%% median)\n", TARGET_RATIO * 100,
              worst_best >= TARGET_RATIO && worst_median >= TARGET_RATIO ? "met" : "NOT met",
              worst_best * 100, worst_median * 100, worst_wall * 100, worst_wall_median * 100);
    }

  for (guint i = 0; i < n_loads; i++)
    {
      g_free (loads[i].wall);
      g_free (loads[i].cpu);
    }
  if (!opt_keep)
    {
      if (fr_generated)
        g_unlink (fr_path);
      if (iso_generated)
        g_unlink (iso_path);
    }
  return status;
}
