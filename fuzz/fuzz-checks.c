/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-checks.c: the data-quality checks file (kpi_check_suite_load_data).
 *
 * A suite that loads is run against the small fixed dataset, under the
 * names the crm catalogue's checks read: the run gives one result a
 * check, each with a message in UTF-8, or fails with a GError. A failed
 * load leaves the suite empty. */

#include "config.h"

#include "fuzz-common.h"

KPI_FUZZ_HARNESS (checks)
{
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  kpi_fuzz_init ();
  if (!kpi_check_suite_load_data (suite, (const char *) data, size, kpi_fuzz_calendar (), &error))
    {
      kpi_fuzz_expect_error (&error, "the load");
      kpi_fuzz_assert (g_list_model_get_n_items (G_LIST_MODEL (suite)) == 0, "a failed load left checks");
      return 0;
    }

  context = kpi_fuzz_new_context ();
  results = kpi_check_suite_run (suite, context, NULL, &error);
  if (results == NULL)
    {
      kpi_fuzz_expect_error (&error, "the run");
      return 0;
    }
  for (guint i = 0; i < results->len; i++)
    {
      const char *message = kpi_check_result_get_message (g_ptr_array_index (results, i));

      kpi_fuzz_assert (message == NULL || g_utf8_validate (message, -1, NULL), "result %u: not UTF-8", i);
    }
  return 0;
}
