/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-test.h: what every Check test program of libkpi shares: one suite
 * per class, one test case per behaviour, the report on stdout for
 * automake's TAP driver (CK_TAP_LOG_FILE_NAME=-) and the exit status; and
 * the helpers that more than one test program uses (a helper that only
 * one program uses stays in that program). */

#pragma once

#include <check.h>
#include <math.h>
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

/* ------------------------------------------------------------------------
 * Assertions. They are macros so that a failure names the caller's line.
 * ------------------------------------------------------------------------ */

static inline void
kpi_test_assert_close_at (const char *file,
                          int         line,
                          const char *expression,
                          double      x,
                          double      expected,
                          double      tolerance,
                          gboolean    relative)
{
  double allowed = relative ? tolerance * MAX (1.0, fabs (expected)) : tolerance;

  ck_assert_msg (fabs (x - expected) <= allowed, "%s:%d: %s is %.17g, expected %.17g (within %g)",
                 file, line, expression, x, expected, allowed);
}

/* Asserts |@x − @expected| <= @tolerance (NaN is never close). */
#define kpi_test_assert_close(x, expected, tolerance) \
  kpi_test_assert_close_at (__FILE__, __LINE__, #x, (x), (expected), (tolerance), FALSE)

/* Asserts |@x − @expected| <= @tolerance × max (1, |@expected|): relative
 * to large expected values, absolute below 1 (NaN is never close). */
#define kpi_test_assert_close_rel(x, expected, tolerance) \
  kpi_test_assert_close_at (__FILE__, __LINE__, #x, (x), (expected), (tolerance), TRUE)

static inline void
kpi_test_assert_contains_at (const char *file,
                             int         line,
                             const char *haystack,
                             const char *needle)
{
  ck_assert_msg (haystack != NULL && strstr (haystack, needle) != NULL,
                 "%s:%d: “%s” lacks “%s”", file, line, haystack ? haystack : "(null)", needle);
}

/* Asserts that the string @haystack contains @needle. */
#define kpi_test_assert_contains(haystack, needle) \
  kpi_test_assert_contains_at (__FILE__, __LINE__, (haystack), (needle))

/* ------------------------------------------------------------------------
 * Instants, time zones, calendars and periods
 * ------------------------------------------------------------------------ */

/* The instant @year-@month-@day @hour:@minute UTC, in microseconds since
 * the epoch (as the library takes instants), from GDateTime: an engine
 * independent of the library's. */
static inline gint64
kpi_test_utc (int year,
              int month,
              int day,
              int hour,
              int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  ck_assert_msg (dt != NULL, "no UTC time %d-%d-%d %d:%d", year, month, day, hour, minute);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* The time zone @identifier (an IANA name), which must be installed. */
static inline GTimeZone *
kpi_test_time_zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  ck_assert_msg (tz != NULL, "time zone %s is not installed", identifier);
  return tz;
}

/* A calendar in the time zone @identifier whose fiscal year starts in
 * @fiscal_year_start_month; its "now" is the real time. */
static inline KpiCalendar *
kpi_test_calendar_in (const char *identifier,
                      guint       fiscal_year_start_month)
{
  g_autoptr(GTimeZone) tz = kpi_test_time_zone (identifier);
  g_autoptr(GError) error = NULL;
  KpiCalendar *calendar = kpi_calendar_new (tz, fiscal_year_start_month, &error);

  ck_assert_msg (calendar != NULL, "%s", error ? error->message : "");
  return calendar;
}

/* A UTC calendar whose fiscal year starts in @fiscal_year_start_month and
 * whose "now" is @now, an ISO 8601 instant ("2025-06-01T00:00:00Z"). */
static inline KpiCalendar *
kpi_test_calendar_at (const char *now,
                      guint       fiscal_year_start_month)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (now, utc);
  g_autoptr(GError) error = NULL;
  KpiCalendar *calendar = kpi_calendar_new (utc, fiscal_year_start_month, &error);

  ck_assert_msg (dt != NULL, "not an ISO 8601 instant: %s", now);
  ck_assert_msg (calendar != NULL, "%s", error ? error->message : "");
  kpi_calendar_set_now (calendar, g_date_time_to_unix (dt) * G_USEC_PER_SEC
                                  + g_date_time_get_microsecond (dt));
  return calendar;
}

/* The period @label of @calendar, which must parse. */
static inline KpiPeriod *
kpi_test_parse_period (KpiCalendar *calendar,
                       const char  *label)
{
  GError *error = NULL;
  KpiPeriod *period = kpi_calendar_parse_period (calendar, label, &error);

  ck_assert_msg (error == NULL, "“%s”: %s", label, error ? error->message : "");
  ck_assert_msg (period != NULL, "“%s”: no period", label);
  return period;
}

/* ------------------------------------------------------------------------
 * Datasets
 * ------------------------------------------------------------------------ */

/* Loads @length bytes of @text into @dataset (kpi_dataset_load_data() on
 * a string). */
static inline gboolean
kpi_test_load_text (KpiDataset      *dataset,
                    const char      *text,
                    gsize            length,
                    KpiLoadOptions  *options,
                    GError         **error)
{
  return kpi_dataset_load_data (dataset, (const guint8 *) text, length, options, error);
}

/* A new dataset (time column "date") loaded from the NUL-terminated @text
 * with @options (%NULL: the defaults, CSV); the load must succeed. */
static inline KpiDataset *
kpi_test_load (const char     *text,
               KpiLoadOptions *options)
{
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  if (!kpi_test_load_text (dataset, text, strlen (text), options, &error))
    ck_abort_msg ("load failed: %s", error ? error->message : "no error set");
  ck_assert_ptr_null (error);
  return dataset;
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

  ck_assert (!kpi_test_load_text (ds, text, length, options, &error));
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

/* Writes @length bytes of @contents (-1: up to the NUL) to the file @name
 * in the directory @dir; returns its path, to free. */
static inline char *
kpi_test_write_temp (const char *dir,
                     const char *name,
                     const char *contents,
                     gssize      length)
{
  char *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;

  if (!g_file_set_contents (path, contents, length, &error))
    ck_abort_msg ("%s", error->message);
  return path;
}

/* What a handler of KpiDataset::load-progress saw (kpi_test_on_progress()). */
typedef struct {
  guint         count;            /* reports */
  guint64       last_done;        /* the last report's bytes done */
  guint64       total;            /* and total */
  gboolean      monotonic;        /* set it to TRUE: whether done never went back
                                   * nor beyond the total */
  GCancellable *cancel_at_first;  /* if not %NULL, cancelled at the first report */
} KpiTestProgress;

/* A handler of KpiDataset::load-progress that logs the reports in the
 * KpiTestProgress @user_data. */
static inline void
kpi_test_on_progress (KpiDataset *dataset,
                      guint64     done,
                      guint64     total,
                      gpointer    user_data)
{
  KpiTestProgress *log = user_data;

  (void) dataset;
  if (done < log->last_done || done > total)
    log->monotonic = FALSE;
  log->count++;
  log->last_done = done;
  log->total = total;
  if (log->cancel_at_first != NULL)
    g_cancellable_cancel (log->cancel_at_first);
}

/* ------------------------------------------------------------------------
 * Objects
 * ------------------------------------------------------------------------ */

/* A handler of GObject::notify that counts the notifications in the guint
 * @counter. */
static inline void
kpi_test_count_notify (GObject    *object,
                       GParamSpec *pspec,
                       gpointer    counter)
{
  (void) object;
  (void) pspec;
  (*(guint *) counter)++;
}

/* ------------------------------------------------------------------------
 * The run
 * ------------------------------------------------------------------------ */

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
