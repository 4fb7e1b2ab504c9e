/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-replay.c: every harness's code on kept inputs, without libFuzzer.
 *
 *   fuzz-replay                      each harness on its regressions/ and
 *                                    corpus/ inputs (a make check test,
 *                                    TAP: one line a harness)
 *   fuzz-replay HARNESS FILE...      one harness on the files given (to
 *                                    reproduce a crash in a debugger or
 *                                    under valgrind)
 *
 * Built with the normal compiler (and the sanitizers of a sanitizer build):
 * an input that once crashed a harness must not crash it again. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

typedef int (*Harness) (const uint8_t *data, size_t size);

int kpi_fuzz_csv (const uint8_t *data, size_t size);
int kpi_fuzz_json (const uint8_t *data, size_t size);
int kpi_fuzz_jsonl (const uint8_t *data, size_t size);
int kpi_fuzz_formula (const uint8_t *data, size_t size);
int kpi_fuzz_period_label (const uint8_t *data, size_t size);
int kpi_fuzz_catalog (const uint8_t *data, size_t size);
int kpi_fuzz_definitions (const uint8_t *data, size_t size);
int kpi_fuzz_checks (const uint8_t *data, size_t size);
int kpi_fuzz_sql_rows (const uint8_t *data, size_t size);

static const struct { const char *name; Harness run; } harnesses[] = {
  { "fuzz-csv", kpi_fuzz_csv },
  { "fuzz-json", kpi_fuzz_json },
  { "fuzz-jsonl", kpi_fuzz_jsonl },
  { "fuzz-formula", kpi_fuzz_formula },
  { "fuzz-period-label", kpi_fuzz_period_label },
  { "fuzz-catalog", kpi_fuzz_catalog },
  { "fuzz-definitions", kpi_fuzz_definitions },
  { "fuzz-checks", kpi_fuzz_checks },
  { "fuzz-sql-rows", kpi_fuzz_sql_rows },
};

static void
run_file (Harness     run,
          const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  /* a copy of exactly the input's size, so that the sanitizers see a read
   * past its end as libFuzzer's would */
  {
    g_autofree guint8 *copy = g_memdup2 (contents, length);

    run ((const uint8_t *) copy, length);
  }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Runs @run on every file of @dir (if there is one); returns how many. */
static guint
run_dir (Harness     run,
         const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return 0;
  while ((name = g_dir_read_name (handle)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  /* in order: a failure names the same input every run */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      run_file (run, path);
    }
  return names->len;
}

int
main (int    argc,
      char **argv)
{
  const char *srcdir = g_getenv ("KPI_FUZZ_SRCDIR");

  kpi_fuzz_init ();
  if (argc >= 2)
    {
      for (guint h = 0; h < G_N_ELEMENTS (harnesses); h++)
        if (strcmp (argv[1], harnesses[h].name) == 0)
          {
            for (int i = 2; i < argc; i++)
              if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
                run_dir (harnesses[h].run, argv[i]);
              else
                run_file (harnesses[h].run, argv[i]);
            return 0;
          }
      fprintf (stderr, "usage: %s [HARNESS FILE...]; no harness %s\n", argv[0], argv[1]);
      return 2;
    }

  if (srcdir == NULL)
    srcdir = KPI_FUZZ_SRCDIR;
  printf ("1..%u\n", (guint) G_N_ELEMENTS (harnesses));
  for (guint h = 0; h < G_N_ELEMENTS (harnesses); h++)
    {
      g_autofree char *regressions = g_build_filename (srcdir, "regressions", harnesses[h].name, NULL);
      g_autofree char *corpus = g_build_filename (srcdir, "corpus", harnesses[h].name, NULL);
      guint n_regressions = run_dir (harnesses[h].run, regressions);
      guint n_seeds = run_dir (harnesses[h].run, corpus);

      /* a harness that crashes does not get here: the TAP driver reports
       * the plan short */
      printf ("ok %u - %s: %u regression inputs, %u seeds\n", h + 1, harnesses[h].name,
              n_regressions, n_seeds);
      fflush (stdout);
    }
  return 0;
}
