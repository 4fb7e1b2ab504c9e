/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store-writer.h: what kpi-store-writer records, call after call, so
 * that the crash test of test-kpi-store knows what each call it was told
 * was committed must have left in the store.
 *
 * Run R, call I (from 1) records, in one transaction:
 *   I % 3 == 1: KPI_STORE_WRITER_GROUPS values of the indicator "run-R",
 *               day I (from 2025-01-01), groups g00, g01...; the value of
 *               group G is kpi_store_writer_value (R, I, G);
 *   I % 3 == 2: KPI_STORE_WRITER_GROUPS fingerprints of the dataset
 *               "run-R": "cI-gG=R:I:G";
 *   I % 3 == 0: KPI_STORE_WRITER_RESULTS check results of the check
 *               "run-R", message "I:K", evaluated at µs I × 1000 + K + 1,
 *               with day I in their scope.
 * Each call is recorded at µs I. */

#pragma once

#include <glib.h>
#include <libkpi/kpi.h>

#include "kpi-formula-private.h"   /* kpi_value_set_group */

#define KPI_STORE_WRITER_GROUPS 16
#define KPI_STORE_WRITER_RESULTS 3

static inline double
kpi_store_writer_value (guint run,
                        guint call,
                        guint group)
{
  return run * 1e7 + call * 100.0 + group;
}

/* The day of @call: 2025-01-01 plus @call days, in UTC. */
static inline KpiPeriod *
kpi_store_writer_day (KpiCalendar *utc,
                      guint        call)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (2025, 1, 1, 12, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (first, (int) call);

  return kpi_calendar_period_at (utc, g_date_time_to_unix (day) * G_USEC_PER_SEC,
                                 KPI_GRANULARITY_DAY);
}

static inline char *
kpi_store_writer_group (guint group)
{
  return g_strdup_printf ("g%02u", group);
}

/* Makes call @call of run @run; FALSE with @error set when it fails. */
static inline gboolean
kpi_store_writer_call (KpiStore     *store,
                       KpiCalendar  *utc,
                       guint         run,
                       guint         call,
                       GError      **error)
{
  g_autofree char *name = g_strdup_printf ("run-%u", run);
  g_autoptr(KpiPeriod) day = kpi_store_writer_day (utc, call);

  if (call % 3 == 1)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);

      for (guint g = 0; g < KPI_STORE_WRITER_GROUPS; g++)
        {
          g_autofree char *group = kpi_store_writer_group (g);
          KpiValue *value = kpi_value_new (day, kpi_store_writer_value (run, call, g), g + 1, 0);

          kpi_value_set_group (value, KPI_GROUP_KIND_VALUE, group);
          g_ptr_array_add (values, value);
        }
      return kpi_store_record_values (store, name, (KpiValue * const *) values->pdata, values->len,
                                      call, error);
    }
  if (call % 3 == 2)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) entries = NULL;

      for (guint g = 0; g < KPI_STORE_WRITER_GROUPS; g++)
        {
          g_autofree char *entry = g_strdup_printf ("c%u-g%02u=%u:%u:%u", call, g, run, call, g);

          g_strv_builder_add (builder, entry);
        }
      entries = g_strv_builder_end (builder);
      return kpi_store_record_fingerprints (store, name, (const char * const *) entries, call, error);
    }
  {
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint k = 0; k < KPI_STORE_WRITER_RESULTS; k++)
      {
        g_autofree char *message = g_strdup_printf ("%u:%u", call, k);
        KpiCheckResult *result = kpi_check_result_new (KPI_CHECK_STATUS_FAIL, message);
        const char * const keys[] = { name, NULL };

        kpi_check_result_set_check_id (result, name);
        kpi_check_result_set_dataset_name (result, name);
        kpi_check_result_set_evaluated_at (result, (gint64) call * 1000 + k + 1);
        kpi_check_result_add_affected (result, day, NULL, NULL);
        kpi_check_result_add_sample (result, call, keys);
        g_ptr_array_add (results, result);
      }
    return kpi_store_record_results (store, (KpiCheckResult * const *) results->pdata, results->len,
                                     error);
  }
}
