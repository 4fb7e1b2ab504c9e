/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of the asynchronous evaluations, as a dashboard uses them: a
 * series, a breakdown and a comparison series computed in a worker thread,
 * the callback in the caller's thread-default main context, the same
 * results as the synchronous calls, errors and cancellation through the
 * _finish functions. */

#include <math.h>
#include <check.h>
#include <gio/gio.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

static const char orders_csv[] =
  "date,customer,channel,amount\n"
  "2025-01-05,C1,online,100\n"
  "2025-01-10,C2,store,200\n"
  "2025-01-20,C1,,50\n"
  "2025-02-03,C3,online,80\n"
  "2025-02-14,C2,store,120\n"
  "2025-03-01,C3,store,60\n"
  "2025-03-15,C4,online,40\n";

typedef struct {
  KpiCalendar  *calendar;
  KpiContext   *context;
  KpiDataset   *dataset;
  KpiIndicator *revenue;
  KpiPeriod    *january;
  KpiPeriod    *march;
  KpiPeriod    *q1;
} Fixture;

static void
fixture_init (Fixture *f)
{
  GError *error = NULL;

  f->calendar = kpi_test_calendar_at ("2026-01-01T00:00:00Z", 1);
  f->context = kpi_context_new (f->calendar);
  f->dataset = kpi_test_load (orders_csv, NULL);
  kpi_context_add_dataset (f->context, "orders", f->dataset);
  f->revenue = kpi_indicator_new ("revenue", "sum(amount)", &error);
  ck_assert_ptr_null (error);
  kpi_indicator_set_dataset_name (f->revenue, "orders");
  f->january = kpi_test_parse_period (f->calendar, "2025-01");
  f->march = kpi_test_parse_period (f->calendar, "2025-03");
  f->q1 = kpi_test_parse_period (f->calendar, "2025-Q1");
}

static void
fixture_clear (Fixture *f)
{
  g_clear_pointer (&f->january, kpi_period_free);
  g_clear_pointer (&f->march, kpi_period_free);
  g_clear_pointer (&f->q1, kpi_period_free);
  g_clear_object (&f->revenue);
  g_clear_object (&f->dataset);
  g_clear_object (&f->context);
  g_clear_object (&f->calendar);
}

/* Where a callback ran, and what it received. */
typedef struct {
  GAsyncResult *result;
  GThread      *thread;
  GMainContext *context;
} Done;

static void
on_done (GObject      *source G_GNUC_UNUSED,
         GAsyncResult *result,
         gpointer      data)
{
  Done *done = data;

  done->result = g_object_ref (result);
  done->thread = g_thread_self ();
  done->context = g_main_context_ref_thread_default ();
}

/* Iterates the thread-default main context until @done has its result. */
static void
wait_for (Done *done)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  while (done->result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_unref (context);
}

static void
done_clear (Done *done)
{
  g_clear_object (&done->result);
  g_clear_pointer (&done->context, g_main_context_unref);
}

START_TEST (test_series_async)
{
  Fixture f = { 0 };
  Done done = { 0 };
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GPtrArray) values = NULL;
  GError *error = NULL;

  fixture_init (&f);
  sync = kpi_indicator_evaluate_series (f.revenue, f.context, f.january, f.march, &error);
  ck_assert_ptr_null (error);

  kpi_indicator_evaluate_series_async (f.revenue, f.context, f.january, f.march, NULL, on_done, &done);
  /* never called before the main loop runs, even when the work is quick */
  ck_assert_ptr_null (done.result);
  wait_for (&done);
  ck_assert_ptr_eq (done.thread, g_thread_self ());
  values = kpi_indicator_evaluate_series_finish (f.revenue, done.result, &error);
  ck_assert_ptr_null (error);

  /* 350, 200, 100, as the synchronous call says */
  ck_assert_uint_eq (values->len, 3);
  ck_assert_uint_eq (sync->len, 3);
  for (guint i = 0; i < 3; i++)
    {
      KpiValue *a = g_ptr_array_index (values, i), *s = g_ptr_array_index (sync, i);

      ck_assert (kpi_value_get_value (a) == kpi_value_get_value (s));
      ck_assert_uint_eq (kpi_value_get_sample_size (a), kpi_value_get_sample_size (s));
      ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (a)),
                        kpi_period_get_label (kpi_value_get_period (s)));
    }
  ck_assert (kpi_value_get_value (g_ptr_array_index (values, 0)) == 350);
  ck_assert (kpi_value_get_value (g_ptr_array_index (values, 1)) == 200);
  ck_assert (kpi_value_get_value (g_ptr_array_index (values, 2)) == 100);
  done_clear (&done);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_breakdown_async)
{
  Fixture f = { 0 };
  Done done = { 0 };
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(KpiValue) total = NULL;
  GError *error = NULL;

  fixture_init (&f);
  kpi_indicator_evaluate_breakdown_async (f.revenue, f.context, f.q1, "channel", 1, NULL, on_done, &done);
  wait_for (&done);
  groups = kpi_indicator_evaluate_breakdown_finish (f.revenue, done.result, &total, &error);
  ck_assert_ptr_null (error);

  /* store 380 (the top one); the others, online 220 and the rows without
   * a channel 50, taken together: 270; in all 650 */
  ck_assert_uint_eq (groups->len, 2);
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 0)), "store");
  ck_assert_int_eq (kpi_value_get_group_kind (g_ptr_array_index (groups, 0)), KPI_GROUP_KIND_VALUE);
  ck_assert (kpi_value_get_value (g_ptr_array_index (groups, 0)) == 380);
  ck_assert_int_eq (kpi_value_get_group_kind (g_ptr_array_index (groups, 1)), KPI_GROUP_KIND_OTHER);
  ck_assert (kpi_value_get_value (g_ptr_array_index (groups, 1)) == 270);
  ck_assert (kpi_value_get_value (total) == 650);
  done_clear (&done);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_compare_series_async)
{
  Fixture f = { 0 };
  Done done = { 0 };
  g_autoptr(KpiBenchmark) previous = NULL;
  g_autoptr(GPtrArray) comparisons = NULL;
  GError *error = NULL;
  KpiComparison *february;

  fixture_init (&f);
  previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, &error);
  ck_assert_ptr_null (error);
  kpi_benchmark_compare_series_async (previous, f.revenue, f.context, f.january, f.march, NULL,
                                      on_done, &done);
  wait_for (&done);
  comparisons = kpi_benchmark_compare_series_finish (previous, done.result, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (comparisons->len, 3);

  /* February 200 against January 350: −150, −42.86 % */
  february = g_ptr_array_index (comparisons, 1);
  ck_assert (kpi_value_get_value (kpi_comparison_get_actual (february)) == 200);
  ck_assert (kpi_value_get_value (kpi_comparison_get_reference (february)) == 350);
  ck_assert_double_eq_tol (kpi_comparison_get_relative_change (february), -150.0 / 350, 1e-12);
  /* January has no month before the data: no reference */
  ck_assert (kpi_value_is_missing (kpi_comparison_get_reference (g_ptr_array_index (comparisons, 0))));
  done_clear (&done);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_errors_arrive_in_finish)
{
  Fixture f = { 0 };
  Done done = { 0 };
  g_autoptr(KpiIndicator) typo = kpi_indicator_new ("typo", "sum(amout)", NULL);
  g_autoptr(KpiIndicator) lost = kpi_indicator_new ("lost", "sum(amount)", NULL);
  GPtrArray *values;
  GError *error = NULL;

  fixture_init (&f);
  kpi_indicator_set_dataset_name (typo, "orders");
  kpi_indicator_evaluate_series_async (typo, f.context, f.january, f.march, NULL, on_done, &done);
  wait_for (&done);
  values = kpi_indicator_evaluate_series_finish (typo, done.result, &error);
  ck_assert_ptr_null (values);
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD));
  ck_assert (strstr (error->message, "amount") != NULL);
  g_clear_error (&error);
  done_clear (&done);

  /* a dataset the context does not have */
  kpi_indicator_set_dataset_name (lost, "ordres");
  kpi_indicator_evaluate_breakdown_async (lost, f.context, f.q1, "channel", 0, NULL, on_done, &done);
  wait_for (&done);
  values = kpi_indicator_evaluate_breakdown_finish (lost, done.result, NULL, &error);
  ck_assert_ptr_null (values);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_DATASET));
  g_clear_error (&error);
  done_clear (&done);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_cancelled_before)
{
  Fixture f = { 0 };
  Done done = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  GPtrArray *values;
  GError *error = NULL;

  fixture_init (&f);
  g_cancellable_cancel (cancellable);

  kpi_indicator_evaluate_series_async (f.revenue, f.context, f.january, f.march, cancellable,
                                       on_done, &done);
  wait_for (&done);
  values = kpi_indicator_evaluate_series_finish (f.revenue, done.result, &error);
  ck_assert_ptr_null (values);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  done_clear (&done);

  kpi_indicator_evaluate_breakdown_async (f.revenue, f.context, f.q1, "channel", 0, cancellable,
                                          on_done, &done);
  wait_for (&done);
  values = kpi_indicator_evaluate_breakdown_finish (f.revenue, done.result, NULL, &error);
  ck_assert_ptr_null (values);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  done_clear (&done);

  kpi_benchmark_compare_series_async (previous, f.revenue, f.context, f.january, f.march,
                                      cancellable, on_done, &done);
  wait_for (&done);
  values = kpi_benchmark_compare_series_finish (previous, done.result, &error);
  ck_assert_ptr_null (values);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  done_clear (&done);
  fixture_clear (&f);
}
END_TEST

/* A long evaluation (distinct counts of the 365 days of a million rows)
 * cancelled from the caller's main loop just after it starts: it stops
 * with G_IO_ERROR_CANCELLED at the next chunk of rows, long before it
 * would end. */
static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

START_TEST (test_cancelled_while_running)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_in ("UTC", 1);
  g_autoptr(KpiContext) context = kpi_context_new (calendar);
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (NULL);
  g_autoptr(KpiIndicator) customers = kpi_indicator_new ("customers", "count_distinct(customer)", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiPeriod) first = NULL, last = NULL;
  guint n_rows = kpi_test_under_valgrind () ? 20000 : 1000000;
  g_autofree gint64 *times = g_new (gint64, n_rows);
  g_autofree const char **dimensions = g_new (const char *, n_rows);
  g_auto(GStrv) names = g_new0 (char *, 5001);
  Done done = { 0 };
  GPtrArray *values;
  GError *error = NULL;
  gint64 start = G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC;   /* 2025-01-01 */

  for (guint i = 0; i < 5000; i++)
    names[i] = g_strdup_printf ("C%u", i);
  for (guint i = 0; i < n_rows; i++)
    {
      times[i] = start + (gint64) i * (365 * 24 * 3600 / (gint64) n_rows) * G_USEC_PER_SEC;
      dimensions[i] = names[(i * 7919u) % 5000];
    }
  ck_assert (kpi_dataset_add_column (dataset, "customer", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_append_rows (dataset, times, n_rows, dimensions, n_rows, NULL, 0, &error));
  ck_assert_ptr_null (error);
  kpi_indicator_set_dataset (customers, dataset);
  kpi_indicator_set_granularity (customers, KPI_GRANULARITY_DAY);
  first = kpi_test_parse_period (calendar, "2025-01-01");
  last = kpi_test_parse_period (calendar, "2025-12-31");

  kpi_indicator_evaluate_series_async (customers, context, first, last, cancellable, on_done, &done);
  g_idle_add (cancel_now, cancellable);
  wait_for (&done);
  values = kpi_indicator_evaluate_series_finish (customers, done.result, &error);
  /* the idle runs at once, in the first iteration; the evaluation of 365
   * days of distinct counts cannot be over by then on any machine this
   * test runs on, but a result would still have to be whole */
  if (values != NULL)
    {
      ck_assert_uint_eq (values->len, 365);
      g_ptr_array_unref (values);
    }
  else
    {
      ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      g_clear_error (&error);
    }
  done_clear (&done);
}
END_TEST

/* The callback runs in the thread-default main context of the call, here
 * one pushed in a thread of its own, not the global default context. */
typedef struct {
  Fixture      *fixture;
  Done          done;
  GMainContext *pushed;
  GPtrArray    *values;
} InThread;

static gpointer
call_from_thread (gpointer data)
{
  InThread *in = data;

  in->pushed = g_main_context_new ();
  g_main_context_push_thread_default (in->pushed);
  kpi_indicator_evaluate_series_async (in->fixture->revenue, in->fixture->context,
                                       in->fixture->january, in->fixture->march, NULL,
                                       on_done, &in->done);
  wait_for (&in->done);
  in->values = kpi_indicator_evaluate_series_finish (in->fixture->revenue, in->done.result, NULL);
  g_main_context_pop_thread_default (in->pushed);
  return g_thread_self ();
}

START_TEST (test_callback_in_the_callers_context)
{
  Fixture f = { 0 };
  InThread in = { &f, { 0 }, NULL, NULL };
  GThread *thread;
  GThread *caller;

  fixture_init (&f);
  thread = g_thread_new ("caller", call_from_thread, &in);
  caller = g_thread_join (thread);
  ck_assert_ptr_eq (in.done.thread, caller);
  ck_assert_ptr_eq (in.done.context, in.pushed);
  ck_assert_ptr_ne (in.done.context, g_main_context_default ());
  ck_assert_ptr_nonnull (in.values);
  ck_assert_uint_eq (in.values->len, 3);
  g_ptr_array_unref (in.values);
  g_main_context_unref (in.pushed);
  done_clear (&in.done);
  fixture_clear (&f);
}
END_TEST

/* Several at once, as a dashboard starts its tiles: each gets its own
 * result. */
START_TEST (test_several_at_once)
{
  Fixture f = { 0 };
  Done done[8] = { { 0 } };
  g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
  GError *error = NULL;
  guint n_done = 0;

  fixture_init (&f);
  for (guint i = 0; i < 8; i++)
    {
      if (i % 2 == 0)
        kpi_indicator_evaluate_series_async (f.revenue, f.context, f.january, f.march, NULL,
                                             on_done, &done[i]);
      else
        kpi_benchmark_compare_series_async (previous, f.revenue, f.context, f.january, f.march,
                                            NULL, on_done, &done[i]);
    }
  while (n_done < 8)
    {
      g_main_context_iteration (NULL, TRUE);
      n_done = 0;
      for (guint i = 0; i < 8; i++)
        n_done += done[i].result != NULL;
    }
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GPtrArray) results = i % 2 == 0
        ? kpi_indicator_evaluate_series_finish (f.revenue, done[i].result, &error)
        : kpi_benchmark_compare_series_finish (previous, done[i].result, &error);

      ck_assert_ptr_null (error);
      ck_assert_uint_eq (results->len, 3);
      if (i % 2 == 0)
        ck_assert (kpi_value_get_value (g_ptr_array_index (results, 2)) == 100);
      else
        ck_assert (kpi_value_get_value (kpi_comparison_get_reference (g_ptr_array_index (results, 2))) == 200);
      done_clear (&done[i]);
    }
  fixture_clear (&f);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "series-async", test_series_async },
    { "breakdown-async", test_breakdown_async },
    { "compare-series-async", test_compare_series_async },
    { "errors-arrive-in-finish", test_errors_arrive_in_finish },
    { "cancelled-before", test_cancelled_before },
    { "cancelled-while-running", test_cancelled_while_running },
    { "callback-in-the-callers-context", test_callback_in_the_callers_context },
    { "several-at-once", test_several_at_once },
  };

  return kpi_test_run ("async", cases, G_N_ELEMENTS (cases), 120);
}
