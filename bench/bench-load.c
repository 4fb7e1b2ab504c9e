/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-load.c: how fast libkpi loads a large CSV file and how much memory
 * the loaded dataset takes, next to two other contenders reading the same
 * file from the page cache:
 *
 *  - a plain read(2) of the file in 1 MiB chunks, counting newlines: the
 *    floor for any loader;
 *  - the sqlite3 command-line shell importing the file into an in-memory
 *    database (`.mode csv`, `.import`).
 *
 * The data is the orders.csv of tools/kpi-sample-data, generated once into
 * DIR/orders-N.csv.  Run by `make bench`; see bench/README.md.
 *
 * Exit status: 0 when every step ran, whether or not the targets are met;
 * 1 when something failed to run.
 */

#include <libkpi/kpi.h>

#include "bench-common.h"
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define READ_CHUNK (1 << 20)

#define TARGET_MB_PER_S    300.0
#define TARGET_MEMORY_RATIO  1.5

/* Command line */
static gint64 opt_rows = 10000000;
static char *opt_dir = NULL;
static char *opt_generator = NULL;
static char *opt_sqlite3 = NULL;
static int opt_repeat = 3;
static gboolean opt_keep = FALSE;

static const GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT64, &opt_rows, "Orders to generate (default 10000000)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Directory of the data file orders-N.csv", "DIR" },
  { "generator", 0, 0, G_OPTION_ARG_FILENAME, &opt_generator, "Path of tools/kpi-sample-data", "PATH" },
  { "sqlite3", 0, 0, G_OPTION_ARG_FILENAME, &opt_sqlite3, "Path of the sqlite3 shell; empty: skip SQLite", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed runs per contender, best kept (default 3)", "K" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the data file when this run generated it", NULL },
  { NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* What the forked child of measure_memory() sends back. */
typedef struct {
  gboolean ok;
  gint64   rss_before;     /* bytes */
  gint64   rss_after;      /* bytes, dataset alive, the rest freed */
  guint64  memory_size;    /* kpi_dataset_get_memory_size() */
  guint64  raw_bytes;      /* see raw_column_bytes() */
  guint64  n_rows;
  char     error[512];
} MemoryReport;

/* CPU time of the child processes waited for so far, in seconds */
static double
children_cpu_seconds (void)
{
  struct rusage ru;

  if (getrusage (RUSAGE_CHILDREN, &ru) != 0)
    return 0;
  return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6 +
         (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

static double
mb_per_s (goffset bytes, double seconds)
{
  return (double) bytes / seconds / 1e6;
}

/* --------------------------------------------------------------------- */
/* Plain read                                                            */
/* --------------------------------------------------------------------- */

/* Reads the whole file in 1 MiB chunks and counts its newlines, so that
 * every byte is touched and the reads cannot be optimised away. */
static gboolean
read_whole_file (const char  *path,
                 guint64     *n_newlines,
                 GError     **error)
{
  char *buffer;
  guint64 count = 0;
  gboolean ok = TRUE;
  int fd;

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    {
      bench_set_errno_error (error, errno, "cannot open", path);
      return FALSE;
    }

  buffer = g_malloc (READ_CHUNK);
  for (;;)
    {
      ssize_t n = read (fd, buffer, READ_CHUNK);
      const char *p, *end;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          bench_set_errno_error (error, errno, "cannot read", path);
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      end = buffer + n;
      for (p = buffer; (p = memchr (p, '\n', end - p)) != NULL; p++)
        count++;
    }
  g_free (buffer);
  close (fd);

  *n_newlines = count;
  return ok;
}

/* Warms the page cache with one untimed read, then keeps the best of
 * @repeat timed reads. */
static gboolean
time_plain_read (const char  *path,
                 int          repeat,
                 double      *best,
                 double      *best_cpu,
                 guint64     *n_newlines,
                 GError     **error)
{
  if (!read_whole_file (path, n_newlines, error))
    return FALSE;

  *best = G_MAXDOUBLE;
  *best_cpu = G_MAXDOUBLE;
  for (int i = 0; i < repeat; i++)
    {
      double c0 = bench_cpu_seconds ();
      double t0 = bench_now_seconds ();

      if (!read_whole_file (path, n_newlines, error))
        return FALSE;
      *best = MIN (*best, bench_now_seconds () - t0);
      *best_cpu = MIN (*best_cpu, bench_cpu_seconds () - c0);
    }
  return TRUE;
}

/* --------------------------------------------------------------------- */
/* libkpi                                                                */
/* --------------------------------------------------------------------- */

/* The best of @repeat loads, each into a fresh dataset; @best_cpu is the
 * CPU time of that run (more than @best if the loader used several threads,
 * less if other processes took the CPU), @min_cpu the lowest CPU time of
 * all the runs (user + system, this thread being the only one working).
 * The dataset of the last load is returned in @dataset for the report. */
static gboolean
time_libkpi (const char   *path,
             int           repeat,
             double       *best,
             double       *best_cpu,
             double       *min_cpu,
             KpiDataset  **dataset,
             GError      **error)
{
  *best = G_MAXDOUBLE;
  *best_cpu = 0;
  *min_cpu = G_MAXDOUBLE;
  *dataset = NULL;
  for (int i = 0; i < repeat; i++)
    {
      KpiDataset *ds = kpi_dataset_new (NULL);
      double c0 = bench_cpu_seconds ();
      double t0 = bench_now_seconds ();
      double t, c;

      if (!kpi_dataset_load_path (ds, path, NULL, error))
        {
          g_object_unref (ds);
          g_clear_object (dataset);
          return FALSE;
        }
      t = bench_now_seconds () - t0;
      c = bench_cpu_seconds () - c0;
      if (t < *best)
        {
          *best = t;
          *best_cpu = c;
        }
      *min_cpu = MIN (*min_cpu, c);
      printf ("libkpi:   run %d: %.3f s, CPU %.3f s\n", i + 1, t, c);

      /* Free the previous dataset only now, outside the timed region. */
      g_clear_object (dataset);
      *dataset = ds;
    }
  return TRUE;
}

static const char *
kind_name (KpiColumnKind kind)
{
  switch (kind)
    {
    case KPI_COLUMN_TIME:
      return "time";
    case KPI_COLUMN_DIMENSION:
      return "dimension";
    case KPI_COLUMN_MEASURE:
      return "measure";
    default:
      return "?";
    }
}

static void
print_columns (KpiDataset *ds)
{
  guint n = kpi_dataset_get_n_columns (ds);

  printf ("columns:  %u:", n);
  for (guint i = 0; i < n; i++)
    printf (" %s (%s)%s", kpi_dataset_get_column_name (ds, i),
            kind_name (kpi_dataset_get_column_kind (ds, i)),
            i + 1 < n ? "," : "\n");
}

/* The bytes of the columns in their most compact plain form: 8 per row for
 * the time column, 8 per row per measure, 4 per row per dimension code, plus
 * the bytes of the dictionary strings (without terminators). */
static guint64
raw_column_bytes (KpiDataset *ds)
{
  guint64 rows = kpi_dataset_get_n_rows (ds);
  guint64 bytes = 8 * rows;
  char **measures = kpi_dataset_list_columns (ds, KPI_COLUMN_MEASURE);
  char **dimensions = kpi_dataset_list_columns (ds, KPI_COLUMN_DIMENSION);

  bytes += 8 * rows * g_strv_length (measures);
  for (char **d = dimensions; *d != NULL; d++)
    {
      gsize n_values = 0;
      const char * const *dict =
        kpi_dataset_get_dimension_dictionary (ds, *d, &n_values);

      bytes += 4 * rows;
      for (gsize i = 0; dict != NULL && i < n_values; i++)
        bytes += strlen (dict[i]);
    }
  g_strfreev (measures);
  g_strfreev (dimensions);
  return bytes;
}

/* --------------------------------------------------------------------- */
/* Memory                                                                */
/* --------------------------------------------------------------------- */

/* VmRSS of this process in bytes, or -1. */
static gint64
read_vm_rss (void)
{
  char *status = NULL;
  gint64 rss = -1;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  if (line != NULL)
    rss = g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10) * 1024;
  g_free (status);
  return rss;
}

/* Gives freed heap memory back to the system, so that RSS counts only what
 * is still allocated. */
static void
trim_heap (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

static gboolean
write_all (int         fd,
           const void *data,
           gsize       size)
{
  const char *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

/* In the forked child: load the file once, measure, report on @fd. */
G_GNUC_NORETURN static void
memory_child (const char *path,
              int         fd)
{
  static const char warm_up_csv[] = "date,region,amount\n2024-01-01,north,1.5\n";
  MemoryReport report = { 0 };
  KpiLoadOptions *options;
  KpiDataset *ds;
  GError *error = NULL;

  /* Pay the one-time costs (type registration, GIO's VFS, time zone
   * caches) before the first measure, so that they are not counted. */
  options = kpi_load_options_new ();
  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  ds = kpi_dataset_new (NULL);
  kpi_dataset_load_data (ds, (const guint8 *) warm_up_csv, strlen (warm_up_csv),
                         options, NULL);
  g_object_unref (ds);
  g_object_unref (options);
  g_object_unref (g_file_new_for_path (path));

  trim_heap ();
  report.rss_before = read_vm_rss ();

  ds = kpi_dataset_new (NULL);
  if (kpi_dataset_load_path (ds, path, NULL, &error))
    {
      trim_heap ();
      report.rss_after = read_vm_rss ();
      report.memory_size = kpi_dataset_get_memory_size (ds);
      report.raw_bytes = raw_column_bytes (ds);
      report.n_rows = kpi_dataset_get_n_rows (ds);
      report.ok = report.rss_before >= 0 && report.rss_after >= 0;
      if (!report.ok)
        g_strlcpy (report.error, "cannot read VmRSS from /proc/self/status",
                   sizeof report.error);
    }
  else
    {
      g_strlcpy (report.error, error->message, sizeof report.error);
      g_error_free (error);
    }

  _exit (write_all (fd, &report, sizeof report) ? 0 : 1);
}

/* Loads the file in a forked child, so that whatever the parent has
 * allocated (or freed but kept in its heap) does not count. */
static gboolean
measure_memory (const char    *path,
                MemoryReport  *report,
                GError       **error)
{
  int fds[2];
  pid_t pid;
  gsize got = 0;
  int status = 0;

  if (pipe (fds) != 0)
    {
      bench_set_errno_error (error, errno, "cannot create a pipe for", path);
      return FALSE;
    }

  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid < 0)
    {
      bench_set_errno_error (error, errno, "cannot fork to load", path);
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  if (pid == 0)
    {
      close (fds[0]);
      memory_child (path, fds[1]);
    }

  close (fds[1]);
  memset (report, 0, sizeof *report);
  while (got < sizeof *report)
    {
      ssize_t n = read (fds[0], (char *) report + got, sizeof *report - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;

  if (got != sizeof *report)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the memory measure of %s died (wait status %d)", path, status);
      return FALSE;
    }
  if (!report->ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "memory measure: %s",
                   report->error);
      return FALSE;
    }
  return TRUE;
}

/* --------------------------------------------------------------------- */
/* SQLite                                                                */
/* --------------------------------------------------------------------- */

/* Times `sqlite3 :memory: -cmd '.mode csv' -cmd '.import FILE orders'
 * 'select count(*) from orders'`, best of @repeat, with the CPU time of that
 * run in @best_cpu; @count gets what the query printed. */
static gboolean
time_sqlite (const char  *sqlite3,
             const char  *path,
             int          repeat,
             double      *best,
             double      *best_cpu,
             char       **count,
             GError     **error)
{
  char *import;
  gboolean ok = TRUE;

  /* The shell takes a single-quoted argument literally. */
  if (strchr (path, '\'') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   "cannot pass %s to .import: it contains a quote", path);
      return FALSE;
    }
  import = g_strdup_printf (".import '%s' orders", path);

  *best = G_MAXDOUBLE;
  *best_cpu = 0;
  *count = NULL;
  for (int i = 0; ok && i < repeat; i++)
    {
      const char *argv[] = {
        sqlite3, ":memory:", "-cmd", ".mode csv", "-cmd", import,
        "select count(*) from orders", NULL
      };
      char *out = NULL;
      int status;
      double c0 = children_cpu_seconds ();
      double t0 = bench_now_seconds ();
      double t, c;

      ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, NULL, &status, error) &&
           g_spawn_check_wait_status (status, error);
      t = bench_now_seconds () - t0;
      c = children_cpu_seconds () - c0;
      if (!ok)
        g_prefix_error (error, "%s: ", sqlite3);
      else if (t < *best)
        {
          *best = t;
          *best_cpu = c;
          g_free (*count);
          *count = g_strdup (g_strstrip (out));
        }
      g_free (out);
    }
  g_free (import);
  if (!ok)
    g_clear_pointer (count, g_free);
  return ok;
}

/* --------------------------------------------------------------------- */
/* Report                                                                */
/* --------------------------------------------------------------------- */

/* One contender: wall seconds and MB/s, CPU seconds and MB/s, and the
 * CPU time over libkpi's */
static void
print_row (const char *contender,
           double      seconds,
           double      cpu_seconds,
           goffset     bytes,
           double      libkpi_cpu_seconds)
{
  if (seconds < 0)
    {
      printf ("  %-12s %10s %10s %10s %10s %14s\n", contender, "-", "-", "-", "-", "-");
      return;
    }
  printf ("  %-12s %10.3f %10.1f %10.3f %10.1f", contender, seconds,
          mb_per_s (bytes, seconds), cpu_seconds, mb_per_s (bytes, cpu_seconds));
  if (libkpi_cpu_seconds > 0)
    printf (" %13.2f×\n", cpu_seconds / libkpi_cpu_seconds);
  else
    printf (" %14s\n", "-");
}

static const char *
pass_miss (gboolean pass)
{
  return pass ? "PASS" : "MISS";
}

int
main (int    argc,
      char **argv)
{
  GOptionContext *context;
  GError *error = NULL;
  char *path = NULL;
  gboolean generated = FALSE;
  GStatBuf st;
  goffset bytes;
  guint64 n_newlines = 0;
  double plain_s = -1, plain_cpu_s = 0, libkpi_s = -1, libkpi_cpu_s = 0;
  double libkpi_min_cpu_s = 0;
  double sqlite_s = -1, sqlite_cpu_s = 0;
  KpiDataset *ds = NULL;
  guint libkpi_rows = 0;
  MemoryReport mem = { 0 };
  gboolean have_memory = FALSE;
  char *sqlite_count = NULL;
  const char *sqlite_note = NULL;
  int sqlite_runs;
  int failures = 0;

  /* Localised messages, but always a decimal point in the figures. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  /* Progress lines show up at once even through a pipe (make). */
  setvbuf (stdout, NULL, _IOLBF, 0);

  context = g_option_context_new ("- time libkpi's CSV loader against read(2) and SQLite");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 2;
    }
  g_option_context_free (context);
  if (opt_rows < 1000 || opt_repeat < 1 || opt_dir == NULL)
    {
      g_printerr ("bench-load: needs --dir, --rows >= 1000 and --repeat >= 1\n");
      return 2;
    }

  /* The data file */
  path = bench_ensure_data_file (opt_dir, opt_rows, opt_generator, &generated, &error);
  if (path == NULL)
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }
  if (g_stat (path, &st) != 0)
    {
      g_printerr ("bench-load: cannot stat %s: %s\n", path, g_strerror (errno));
      return 1;
    }
  bytes = st.st_size;
  printf ("file:     %s, %.1f MB\n", path, bytes / 1e6);

  /* Plain read, which also warms the page cache for the others */
  if (time_plain_read (path, opt_repeat, &plain_s, &plain_cpu_s, &n_newlines, &error))
    printf ("read(2):  %.3f s (CPU %.3f s), %.1f MB/s, %" G_GUINT64_FORMAT " lines (best of %d)\n",
            plain_s, plain_cpu_s, mb_per_s (bytes, plain_s), n_newlines, opt_repeat);
  else
    {
      g_printerr ("bench-load: plain read: %s\n", error->message);
      g_clear_error (&error);
      plain_s = -1;
      failures++;
    }

  /* Memory, measured before the timed loads: the child is forked from a
   * parent that has not loaded anything yet */
  have_memory = measure_memory (path, &mem, &error);
  if (!have_memory)
    {
      g_printerr ("bench-load: %s\n", error->message);
      g_clear_error (&error);
      failures++;
    }

  /* libkpi */
  if (time_libkpi (path, opt_repeat, &libkpi_s, &libkpi_cpu_s, &libkpi_min_cpu_s,
                   &ds, &error))
    {
      printf ("libkpi:   %.3f s (CPU %.3f s), %.1f MB/s, %u rows (best of %d)\n",
              libkpi_s, libkpi_cpu_s, mb_per_s (bytes, libkpi_s),
              kpi_dataset_get_n_rows (ds), opt_repeat);
      printf ("          lowest CPU time %.3f s, %.1f MB/s of CPU time\n",
              libkpi_min_cpu_s, mb_per_s (bytes, libkpi_min_cpu_s));
      if (libkpi_cpu_s > 1.1 * libkpi_s)
        printf ("note:     the load used more than one CPU\n");
      else if (libkpi_cpu_s < 0.9 * libkpi_s)
        printf ("note:     the load waited for the CPU: other processes were running\n");
      print_columns (ds);
      libkpi_rows = kpi_dataset_get_n_rows (ds);
      /* Give the memory back before SQLite runs */
      g_clear_object (&ds);
    }
  else
    {
      g_printerr ("bench-load: libkpi: %s\n", error->message);
      g_clear_error (&error);
      libkpi_s = -1;
      libkpi_min_cpu_s = -1;
      failures++;
    }

  if (have_memory)
    {
      double rows = (double) MAX (mem.n_rows, 1);
      double rss = (double) (mem.rss_after - mem.rss_before);
      double raw = (double) MAX (mem.raw_bytes, 1);

      printf ("memory:   raw columns      %6.1f B/row\n", raw / rows);
      printf ("          RSS              %6.1f B/row  %.2f× raw\n",
              rss / rows, rss / raw);
      printf ("          library estimate %6.1f B/row  %.2f× raw\n",
              (double) mem.memory_size / rows, (double) mem.memory_size / raw);
    }

  /* SQLite */
  sqlite_runs = opt_rows <= 1000000 ? opt_repeat : 1;
  if (opt_sqlite3 == NULL || *opt_sqlite3 == '\0')
    {
      sqlite_note = "sqlite3 skipped: --sqlite3 is empty";
      printf ("sqlite3:  skipped: --sqlite3 is empty (configure found no sqlite3 shell?)\n");
    }
  else if (time_sqlite (opt_sqlite3, path, sqlite_runs, &sqlite_s, &sqlite_cpu_s,
                        &sqlite_count, &error))
    {
      printf ("sqlite3:  %.3f s (CPU %.3f s), %.1f MB/s, count(*) = %s (best of %d)\n",
              sqlite_s, sqlite_cpu_s, mb_per_s (bytes, sqlite_s), sqlite_count,
              sqlite_runs);
      if (sqlite_cpu_s < 0.9 * sqlite_s)
        printf ("note:     the import waited for the CPU: other processes were running\n");
      if (libkpi_s > 0 && g_ascii_strtoull (sqlite_count, NULL, 10) != libkpi_rows)
        printf ("note:     SQLite counted %s rows, libkpi %u\n",
                sqlite_count, libkpi_rows);
    }
  else
    {
      g_printerr ("bench-load: sqlite3: %s\n", error->message);
      g_clear_error (&error);
      sqlite_s = -1;
      failures++;
    }

  /* Summary */
  printf ("\n%" G_GINT64_FORMAT " orders, %.1f MB, page cache warm, best of %d",
          opt_rows, bytes / 1e6, opt_repeat);
  if (sqlite_s >= 0 && sqlite_runs != opt_repeat)
    printf (" (SQLite: best of %d)", sqlite_runs);
  printf ("\n");
  printf ("  %-12s %10s %10s %10s %10s %14s\n", "contender", "wall s", "wall MB/s",
          "CPU s", "CPU MB/s", "CPU/libkpi");
  print_row ("read(2)", plain_s, plain_cpu_s, bytes, libkpi_min_cpu_s);
  print_row ("libkpi", libkpi_s, libkpi_min_cpu_s, bytes, libkpi_min_cpu_s);
  print_row ("sqlite3", sqlite_s, sqlite_cpu_s, bytes, libkpi_min_cpu_s);
  if (sqlite_note != NULL)
    printf ("  (%s)\n", sqlite_note);

  printf ("\ntarget: libkpi ≥ %.0f MB/s single-threaded; memory ≤ %.1f× raw columns\n",
          TARGET_MB_PER_S, TARGET_MEMORY_RATIO);
  if (libkpi_s > 0)
    {
      printf ("  speed (wall)     %7.1f MB/s  %s\n", mb_per_s (bytes, libkpi_s),
              pass_miss (mb_per_s (bytes, libkpi_s) >= TARGET_MB_PER_S));
      printf ("  speed (CPU time) %7.1f MB/s  %s\n", mb_per_s (bytes, libkpi_min_cpu_s),
              pass_miss (mb_per_s (bytes, libkpi_min_cpu_s) >= TARGET_MB_PER_S));
    }
  else
    printf ("  speed            not measured\n");
  if (have_memory)
    {
      double raw = (double) MAX (mem.raw_bytes, 1);
      double rss_ratio = (double) (mem.rss_after - mem.rss_before) / raw;
      double est_ratio = (double) mem.memory_size / raw;

      printf ("  memory (RSS)     %7.2f×      %s\n", rss_ratio,
              pass_miss (rss_ratio <= TARGET_MEMORY_RATIO));
      printf ("  memory (library) %7.2f×      %s\n", est_ratio,
              pass_miss (est_ratio <= TARGET_MEMORY_RATIO));
    }
  else
    printf ("  memory           not measured\n");

  if (generated && !opt_keep)
    g_unlink (path);

  g_free (sqlite_count);
  g_free (path);
  return failures > 0 ? 1 : 0;
}
