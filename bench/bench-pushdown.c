/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-pushdown.c: the seven indicators of the crm catalogue, month by
 * month over the last 24 months of N generated orders, three ways in the
 * same run:
 *
 *  1. pushed down: the orders in a PostgreSQL table (loaded with COPY), a
 *     dataset attached to it (no rows read), each indicator one SQL query;
 *  2. fetched: the same table's rows loaded into the dataset
 *     (kpi_dataset_fetch(), timed apart), then evaluated in memory;
 *  3. in memory from the CSV (loading timed apart).
 *
 * The values of the three are compared month by month (1e-9 relative: the
 * database sums in its own order). The server is the tests' own
 * (tests/pg-server.sh, started in a temporary directory and stopped at the
 * end) unless --pg names one.
 *
 * Run by `make -C _build/bench run-bench-pushdown` (BENCH_ROWS=1000000 for
 * a smaller run). Exit status 0 when every step ran, 1 when one failed, 77
 * when there is no PostgreSQL to run against.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gint64 opt_rows = 10000000;
static char *opt_dir = NULL;
static char *opt_generator = NULL;
static char *opt_pg = NULL;
static char *opt_pg_server = NULL;
static int opt_repeat = 3;

static const GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT64, &opt_rows, "Orders to generate (default 10000000)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Directory of the data files orders-N.csv", "DIR" },
  { "generator", 0, 0, G_OPTION_ARG_FILENAME, &opt_generator, "Path of tools/kpi-sample-data", "PATH" },
  { "pg", 0, 0, G_OPTION_ARG_STRING, &opt_pg, "A PostgreSQL connection string (default: a server of its own)", "CONNINFO" },
  { "pg-server", 0, 0, G_OPTION_ARG_FILENAME, &opt_pg_server, "Path of tests/pg-server.sh", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed rounds of each way, best kept (default 3)", "K" },
  { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const char *ids[] = {
  "revenue", "sales_count", "active_customers", "new_customers",
  "gross_margin_rate", "average_basket", "retention_rate",
};
#define N_IDS G_N_ELEMENTS (ids)

typedef struct
{
  double  wall[N_IDS];          /* best of the rounds, per indicator */
  double  total;                /* best round of the seven */
  double  first;                /* the first round: no cache of the
                                 * dataset's (ordinals, values) filled yet */
  double  values[N_IDS][24];
} Way;

static gboolean
run_way (const char   *name,
         KpiDataset   *ds,
         KpiCalendar  *calendar,
         KpiPeriod    *first,
         KpiPeriod    *last,
         Way          *way,
         GError      **error)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiContext) context = kpi_context_new (calendar);

  if (!kpi_catalog_load_builtin (catalog, "crm", error))
    return FALSE;
  kpi_catalog_add_dataset (catalog, "orders", ds);
  kpi_context_add_catalog (context, catalog);
  for (guint q = 0; q < N_IDS; q++)
    way->wall[q] = INFINITY;
  way->total = INFINITY;
  for (int r = 0; r < opt_repeat; r++)
    {
      double round = 0;

      for (guint q = 0; q < N_IDS; q++)
        {
          KpiIndicator *indicator = kpi_catalog_lookup (catalog, ids[q]);
          double t0 = bench_now_seconds (), t;
          g_autoptr(GPtrArray) values = NULL;

          if (indicator == NULL)
            {
              g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND,
                           "the crm catalogue has no indicator %s", ids[q]);
              return FALSE;
            }
          values = kpi_indicator_evaluate_series (indicator, context, first, last, error);
          if (values == NULL)
            return FALSE;
          t = bench_now_seconds () - t0;
          round += t;
          way->wall[q] = MIN (way->wall[q], t);
          for (guint i = 0; i < values->len && i < 24; i++)
            way->values[q][i] = kpi_value_get_value (g_ptr_array_index (values, i));
        }
      way->total = MIN (way->total, round);
      if (r == 0)
        way->first = round;
    }
  printf ("  %-28s first %9.3f s, best of %d %9.3f s\n", name, way->first, opt_repeat, way->total);
  return TRUE;
}

static guint
compare_ways (const char *what, const Way *a, const Way *b)
{
  guint bad = 0;

  for (guint q = 0; q < N_IDS; q++)
    for (guint i = 0; i < 24; i++)
      {
        double x = a->values[q][i], y = b->values[q][i];
        gboolean same = isnan (x) ? isnan (y) : !isnan (y) && fabs (x - y) <= 1e-9 * MAX (fabs (x), fabs (y));

        if (!same && bad++ < 5)
          printf ("  ✘ %s, %s month %u: %.17g against %.17g\n", what, ids[q], i + 1, x, y);
      }
  if (bad == 0)
    printf ("  ✔ %s: the 7 × 24 values agree\n", what);
  return bad;
}

static gboolean
pg_ok (PGconn *conn, PGresult *res, ExecStatusType want, GError **error)
{
  gboolean ok = PQresultStatus (res) == want;

  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "PostgreSQL: %s", PQerrorMessage (conn));
  PQclear (res);
  return ok;
}

/* The orders of the CSV into the table orders: its columns as the dataset
 * loaded from it has them, the time a date */
static gboolean
load_pg (PGconn      *conn,
         const char  *csv,
         KpiDataset  *ds,
         GError     **error)
{
  g_auto(GStrv) dims = kpi_dataset_list_columns (ds, KPI_COLUMN_DIMENSION);
  g_auto(GStrv) measures = kpi_dataset_list_columns (ds, KPI_COLUMN_MEASURE);
  g_autoptr(GString) sql = g_string_new ("DROP TABLE IF EXISTS orders; CREATE TABLE orders (");
  g_autofree char *header = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  char *nl;
  g_auto(GStrv) names = NULL;

  if (!g_file_get_contents (csv, &contents, &length, error))
    return FALSE;
  nl = strchr (contents, '\n');
  header = g_strndup (contents, nl != NULL ? (gsize) (nl - contents) : length);
  g_strchomp (header);
  names = g_strsplit (header, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *type = "text";

      if (g_strcmp0 (names[i], kpi_dataset_get_time_column (ds)) == 0)
        type = strlen (contents) > 0 && nl != NULL && strchr (nl + 1, 'T') != NULL &&
               strchr (nl + 1, 'T') < strchr (nl + 1, '\n') ? "timestamptz" : "date";
      else if (g_strv_contains ((const char * const *) measures, names[i]))
        type = "double precision";
      g_string_append_printf (sql, "%s\"%s\" %s", i > 0 ? ", " : "", names[i], type);
    }
  g_string_append (sql, ")");
  (void) dims;
  if (!pg_ok (conn, PQexec (conn, sql->str), PGRES_COMMAND_OK, error))
    return FALSE;
  if (!pg_ok (conn, PQexec (conn, "COPY orders FROM STDIN WITH (FORMAT csv, HEADER true)"),
              PGRES_COPY_IN, error))
    return FALSE;
  for (gsize off = 0; off < length; off += 1 << 20)
    if (PQputCopyData (conn, contents + off, (int) MIN ((gsize) 1 << 20, length - off)) != 1)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "PostgreSQL: %s", PQerrorMessage (conn));
        return FALSE;
      }
  if (PQputCopyEnd (conn, NULL) != 1 ||
      !pg_ok (conn, PQgetResult (conn), PGRES_COMMAND_OK, error))
    return FALSE;
  return pg_ok (conn, PQexec (conn, "ANALYZE orders"), PGRES_COMMAND_OK, error);
}

static char *
start_server (const char *dir, GError **error)
{
  const char *argv[] = { "/bin/sh", opt_pg_server, "start", dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pg-server.sh start: %s", err);
      return NULL;
    }
  g_strstrip (out);
  /* the connection string is its last line */
  return g_strdup (strrchr (out, '\n') != NULL ? strrchr (out, '\n') + 1 : out);
}

static void
stop_server (const char *dir)
{
  const char *argv[] = { "/bin/sh", opt_pg_server, "stop", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new ("- formulas pushed down to PostgreSQL");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiDataset) csv_ds = NULL;
  g_autoptr(KpiDataset) remote = NULL;
  g_autoptr(KpiDatabase) db = NULL;
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autofree char *path = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(KpiLoadOptions) load = kpi_load_options_new ();
  PGconn *conn = NULL;
  Way *pushed = g_new0 (Way, 1), *fetched = g_new0 (Way, 1), *memory = g_new0 (Way, 1);
  double t0, csv_load, copy_time, attach_time, fetch_time;
  gint64 min_time, max_time;
  gboolean generated;
  guint bad = 0;
  int status = 1;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    goto out;
  if (opt_dir == NULL)
    opt_dir = g_strdup ("data");

  printf ("bench-pushdown: the 7 crm catalogue indicators by month over 24 months, %" G_GINT64_FORMAT
          " orders\n", opt_rows);
  path = bench_ensure_data_file (opt_dir, opt_rows, opt_generator, &generated, &error);
  if (path == NULL)
    goto out;

  /* The CSV in memory */
  t0 = bench_now_seconds ();
  csv_ds = kpi_dataset_new ("date");
  if (!kpi_dataset_load_path (csv_ds, path, load, &error))
    goto out;
  csv_load = bench_now_seconds () - t0;
  if (!kpi_dataset_get_time_range (csv_ds, &min_time, &max_time))
    goto out;
  last = kpi_calendar_period_at (calendar, max_time, KPI_GRANULARITY_MONTH);
  first = kpi_calendar_offset (calendar, last, -23);

  /* The server */
  if (opt_pg != NULL)
    conninfo = g_strdup (opt_pg);
  else
    {
      if (opt_pg_server == NULL)
        {
          printf ("no --pg and no --pg-server: skipped\n");
          status = 77;
          goto out;
        }
      server_dir = g_dir_make_tmp ("kpi-bench-pg-XXXXXX", &error);
      if (server_dir == NULL)
        goto out;
      conninfo = start_server (server_dir, &error);
      if (conninfo == NULL)
        {
          printf ("no PostgreSQL server: %s\n", error->message);
          g_clear_error (&error);
          status = 77;
          goto out;
        }
    }
  printf ("server:   %s\n", conninfo);
  conn = PQconnectdb (conninfo);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "PostgreSQL: %s", PQerrorMessage (conn));
      goto out;
    }
  t0 = bench_now_seconds ();
  if (!load_pg (conn, path, csv_ds, &error))
    goto out;
  copy_time = bench_now_seconds () - t0;

  db = kpi_database_open (conninfo, NULL, &error);
  if (db == NULL)
    goto out;
  t0 = bench_now_seconds ();
  remote = kpi_dataset_new ("date");
  if (!kpi_dataset_attach_table (remote, db, "orders", load, NULL, &error))
    goto out;
  attach_time = bench_now_seconds () - t0;

  printf ("\nloading:\n");
  printf ("  CSV into memory              %9.3f s\n", csv_load);
  printf ("  CSV into PostgreSQL (COPY)   %9.3f s\n", copy_time);
  printf ("  attach (columns, dictionaries, time range) %9.3f s\n", attach_time);
  printf ("\nthe 7 indicators, %s to %s:\n", kpi_period_get_label (first), kpi_period_get_label (last));
  if (!run_way ("pushed down to PostgreSQL", remote, calendar, first, last, pushed, &error))
    goto out;

  t0 = bench_now_seconds ();
  if (!kpi_dataset_fetch (remote, NULL, &error))
    goto out;
  fetch_time = bench_now_seconds () - t0;
  if (!run_way ("fetched, in memory", remote, calendar, first, last, fetched, &error) ||
      !run_way ("from the CSV, in memory", csv_ds, calendar, first, last, memory, &error))
    goto out;
  printf ("  (fetching the rows: %.3f s)\n", fetch_time);

  printf ("\nper indicator (best, ms):   pushed   fetched    memory\n");
  for (guint q = 0; q < N_IDS; q++)
    printf ("  %-22s %9.1f %9.1f %9.1f\n", ids[q], pushed->wall[q] * 1e3, fetched->wall[q] * 1e3,
            memory->wall[q] * 1e3);
  printf ("\nratios:\n");
  printf ("  pushed down / in memory, first rounds   %8.1f×\n", pushed->first / memory->first);
  printf ("  pushed down / in memory, best rounds    %8.1f×\n", pushed->total / memory->total);
  printf ("  pushed down / (fetch + first in memory) %8.2f×\n", pushed->first / (fetch_time + fetched->first));
  printf ("  fetched in memory / CSV in memory       %8.2f×\n", fetched->total / memory->total);
  printf ("  fetch / CSV load                        %8.2f×\n", fetch_time / csv_load);

  printf ("\nsame numbers:\n");
  bad += compare_ways ("pushed down against the CSV in memory", pushed, memory);
  bad += compare_ways ("fetched against the CSV in memory", fetched, memory);
  status = bad == 0 ? 0 : 1;

out:
  if (error != NULL)
    fprintf (stderr, "bench-pushdown: %s\n", error->message);
  if (conn != NULL)
    PQfinish (conn);
  if (db != NULL)
    kpi_database_close (db);
  if (server_dir != NULL)
    {
      stop_server (server_dir);
      bench_remove_dir (server_dir);
    }
  g_free (pushed);
  g_free (fetched);
  g_free (memory);
  return status;
}
