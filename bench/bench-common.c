/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench-common.c: what the benchmarks share: clocks and the generated data
 * file. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bench-common.h"

double
bench_now_seconds (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* CPU time of the whole process (every thread), in seconds */
double
bench_cpu_seconds (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return 0;
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

void
bench_set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *what,
                 const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s %s: %s", what, path, g_strerror (saved_errno));
}

/* --------------------------------------------------------------------- */
/* The data file                                                         */
/* --------------------------------------------------------------------- */

/* Removes a directory and the files directly inside it. */
void
bench_remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
          g_free (path);
        }
      g_dir_close (d);
    }
  g_rmdir (dir);
}

/* Makes sure DIR/orders-ROWS.csv exists: reuses it, or runs the generator
 * into a temporary directory inside DIR and renames its orders.csv, so that
 * an interrupted run never leaves a truncated file under the final name. */
char *
bench_ensure_data_file (const char  *dir,
                  gint64       rows,
                  const char  *generator,
                  gboolean    *generated,
                  GError     **error)
{
  char *name = g_strdup_printf ("orders-%" G_GINT64_FORMAT ".csv", rows);
  char *path = g_build_filename (dir, name, NULL);
  char *tmp_template = g_strdup_printf ("%s.tmp-XXXXXX", name);
  char *tmp_dir = NULL;
  char *tmp_file = NULL;
  char *rows_str = NULL;
  int status;
  double t0 = 0;

  *generated = FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      printf ("data:     reusing %s\n", path);
      goto out;
    }

  if (generator == NULL || *generator == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s does not exist and no --generator was given", path);
      goto fail;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      bench_set_errno_error (error, errno, "cannot create directory", dir);
      goto fail;
    }
  tmp_dir = g_build_filename (dir, tmp_template, NULL);
  if (g_mkdtemp (tmp_dir) == NULL)
    {
      bench_set_errno_error (error, errno, "cannot create directory", tmp_dir);
      goto fail;
    }

  rows_str = g_strdup_printf ("%" G_GINT64_FORMAT, rows);
  {
    const char *argv[] = {
      generator, "--orders", rows_str, "--only", "orders",
      "--output", tmp_dir, "--quiet", NULL
    };

    printf ("data:     generating %s rows with %s ...\n", rows_str, generator);
    t0 = bench_now_seconds ();
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                       NULL, NULL, &status, error) ||
        !g_spawn_check_wait_status (status, error))
      {
        g_prefix_error (error, "%s: ", generator);
        goto fail;
      }
  }

  tmp_file = g_build_filename (tmp_dir, "orders.csv", NULL);
  if (g_rename (tmp_file, path) != 0)
    {
      bench_set_errno_error (error, errno, "cannot rename", tmp_file);
      goto fail;
    }
  *generated = TRUE;
  printf ("data:     wrote %s in %.1f s\n", path, bench_now_seconds () - t0);
  goto out;

fail:
  g_clear_pointer (&path, g_free);
out:
  if (tmp_dir != NULL)
    bench_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (tmp_file);
  g_free (tmp_template);
  g_free (rows_str);
  g_free (name);
  return path;
}

