/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-test.h: what every Check test program of libkpi shares: one suite
 * per class, one test case per behaviour, the report on stdout for
 * automake's TAP driver (CK_TAP_LOG_FILE_NAME=-) and the exit status. */

#pragma once

#include <check.h>
#include <string.h>
#include <glib.h>
#include <libkpi/kpi.h>

typedef struct {
  const char  *name;    /* the behaviour, as the TAP line shows it */
  const TTest *test;
  int          loops;   /* 0: run once; n: run n times, _i from 0 to n - 1 */
} KpiTestCase;

/* Whether the program runs under valgrind (its preload library is in
 * LD_PRELOAD): exhaustive sweeps take a sample there, while the plain and
 * sanitizer builds run them whole. */
static inline gboolean
kpi_test_under_valgrind (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

  return preload != NULL && strstr (preload, "vgpreload") != NULL;
}

/* Loads @length bytes of @text into a new dataset with @options: the load
 * must fail with @code of KPI_DATASET_ERROR, a valid UTF-8 message, and
 * leave the dataset as it was (no row, only its time column). Returns the
 * message, to free. */
static inline char *
kpi_test_load_error (const char     *text,
                     gsize           length,
                     KpiLoadOptions *options,
                     int             code)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  GError *error = NULL;
  char *message;

  ck_assert (!kpi_dataset_load_data (ds, (const guint8 *) text, length, options, &error));
  ck_assert_ptr_nonnull (error);
  if (!g_error_matches (error, KPI_DATASET_ERROR, code))
    ck_abort_msg ("expected code %d, got %s %d: %s", code,
                  g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 1);
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* Runs @suite and returns main()'s exit status. */
static inline int
kpi_test_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}

/* Runs the suite @name of @cases, each its own test case with a timeout
 * of @timeout seconds (0: Check's default), and returns main()'s exit
 * status. */
static inline int
kpi_test_run (const char        *name,
              const KpiTestCase *cases,
              gsize              n_cases,
              double             timeout)
{
  Suite *suite = suite_create (name);

  for (gsize i = 0; i < n_cases; i++)
    {
      TCase *tc = tcase_create (cases[i].name);

      if (timeout > 0)
        tcase_set_timeout (tc, timeout);
      if (cases[i].loops > 0)
        tcase_add_loop_test (tc, cases[i].test, 0, cases[i].loops);
      else
        tcase_add_test (tc, cases[i].test);
      suite_add_tcase (suite, tc);
    }
  return kpi_test_run_suite (suite);
}
