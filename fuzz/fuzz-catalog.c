/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-catalog.c: the indicator catalogue's JSON (kpi_catalog_load_data).
 *
 * A catalogue that loads is checked (references, cycles), and its first
 * indicators are evaluated for a month in a context that holds the small
 * fixed dataset under the names the crm catalogue reads: each gives a
 * value (missing or finite) or a GError. */

#include "config.h"

#include <math.h>

#include "fuzz-common.h"

/* Evaluating is the slow part: a few indicators are enough. */
#define MAX_EVALUATED 8

KPI_FUZZ_HARNESS (catalog)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiPeriod) month = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) warnings = NULL;
  GError *error = NULL;

  kpi_fuzz_init ();
  if (!kpi_catalog_load_data (catalog, (const char *) data, size, &error))
    {
      kpi_fuzz_expect_error (&error, "the load");
      ids = kpi_catalog_list_ids (catalog);
      kpi_fuzz_assert (ids[0] == NULL, "a failed load left indicators");
      return 0;
    }
  if (!kpi_catalog_check (catalog, &error))
    kpi_fuzz_expect_error (&error, "the check");
  warnings = kpi_catalog_list_warnings (catalog);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    kpi_fuzz_assert (g_utf8_validate (warnings[i], -1, NULL), "a warning is not UTF-8");

  context = kpi_fuzz_new_context ();
  kpi_context_add_catalog (context, catalog);
  month = kpi_calendar_parse_period (kpi_fuzz_calendar (), "2025-02", NULL);
  ids = kpi_catalog_list_ids (catalog);
  for (guint i = 0; ids[i] != NULL && i < MAX_EVALUATED; i++)
    {
      KpiIndicator *indicator = kpi_catalog_lookup (catalog, ids[i]);
      g_autoptr(KpiValue) value = kpi_indicator_evaluate (indicator, context, month, &error);

      if (value == NULL)
        kpi_fuzz_expect_error (&error, "an evaluation");
      else if (!kpi_value_is_missing (value))
        kpi_fuzz_assert (isfinite (kpi_value_get_value (value)), "%s: %g", ids[i], kpi_value_get_value (value));
    }
  return 0;
}
