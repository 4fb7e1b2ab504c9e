/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-demo: loads the generated CRM data, summarises each dataset, then
 * prints the dashboards a sales team would look at on 1 October 2025: the
 * month of September against its targets and against last year, with the
 * trend of the last six months, and the budget of the year with where it
 * will land, the candidates a backtest chose it from, and how good each
 * was in hindsight. Last, whether the numbers can be trusted: the checks
 * of the crm catalogue over the whole export, read the day after it, and
 * the months of 2025 each finding taints.
 *
 * Usage: kpi-demo [DIR]   (DIR defaults to ./crm, made by tools/kpi-sample-data)
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libkpi/kpi.h>

static const char * const datasets[] = {
  "orders.csv",
  "opportunities.csv",
  "marketing.csv",
  "nps.csv",
  "complaints.csv",
  "budget.csv",
  "targets.csv",
  "project_tasks.csv",
};

static char *
format_day (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
print_columns (KpiDataset   *ds,
               KpiColumnKind kind,
               const char   *label)
{
  g_auto(GStrv) names = kpi_dataset_list_columns (ds, kind);

  printf ("    %-11s", label);
  if (names[0] == NULL)
    printf (" (none)");
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (kind == KPI_COLUMN_DIMENSION)
        {
          gsize n_values;
          kpi_dataset_get_dimension_dictionary (ds, names[i], &n_values);
          printf ("%s %s (%" G_GSIZE_FORMAT " values)", i ? "," : "", names[i], n_values);
        }
      else
        printf ("%s %s", i ? "," : "", names[i]);
    }
  printf ("\n");
}

static gboolean
summarise (KpiCatalog  *catalog,
           const char  *dir,
           const char  *name,
           GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autofree char *first = NULL, *last = NULL;
  gint64 start = g_get_monotonic_time (), min_time, max_time;
  double seconds;

  if (!kpi_dataset_load_path (ds, path, NULL, error))
    return FALSE;
  seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("%s\n", name);
  printf ("    rows        %u (loaded in %.3f s)\n", kpi_dataset_get_n_rows (ds), seconds);
  if (kpi_dataset_get_time_range (ds, &min_time, &max_time))
    {
      first = format_day (min_time);
      last = format_day (max_time);
      printf ("    time span   %s .. %s (%" G_GINT64_FORMAT " days)\n", first, last,
              (max_time - min_time) / (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400)) + 1);
    }
  print_columns (ds, KPI_COLUMN_DIMENSION, "dimensions");
  print_columns (ds, KPI_COLUMN_MEASURE, "measures");
  printf ("\n");

  {
    /* Indicators name their dataset without the extension ("orders"). */
    g_autofree char *dataset_name = g_strndup (name, strlen (name) - strlen (".csv"));
    kpi_catalog_add_dataset (catalog, dataset_name, ds);
  }
  return TRUE;
}

/* The month the dashboards are about, and the day they are read. */
#define DEMO_MONTH "2025-09"
#define DEMO_TODAY "2025-10-01T08:00:00Z"

/* The dashboard's seven indicators; those with a row in targets.csv are
 * judged against it, every one against the same month last year. */
static const struct {
  const char *id;
  gboolean    has_target;
} dashboard[] = {
  { "revenue", TRUE },
  { "new_customers", TRUE },
  { "gross_margin_rate", TRUE },
  { "average_basket", FALSE },
  { "customer_acquisition_cost", FALSE },
  { "nps", TRUE },
  { "complaints", TRUE },
};

static char *
format_number (KpiIndicator *indicator,
               KpiValue     *value)
{
  if (value == NULL)
    return g_strdup ("—");
  return kpi_value_format (value, kpi_indicator_get_decimals (indicator));
}

static char *
format_flags (KpiComparisonFlags flags)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (KPI_TYPE_COMPARISON_FLAGS);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (flags & klass->values[i].value) == klass->values[i].value)
      g_string_append_printf (out, "%s%s", out->len ? "," : "", klass->values[i].value_nick);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* printf pads by bytes; the figures have multi-byte characters (U+2212
 * MINUS SIGN, narrow spaces), so cells are padded by characters. */
static void
print_cell (const char *text,
            int         width)
{
  int n = (int) g_utf8_strlen (text, -1);
  int pad = abs (width) > n ? abs (width) - n : 0;

  if (width > 0)
    printf (" %*s%s", pad, "", text);
  else
    printf (" %s%*s", text, pad, "");
}

static gboolean
print_scorecard (KpiCatalog   *catalog,
                 KpiContext   *context,
                 GError      **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  g_autoptr(KpiPeriod) month = kpi_calendar_parse_period (calendar, DEMO_MONTH, error);
  g_autoptr(KpiPeriod) six_ago = NULL;
  g_autoptr(KpiBenchmark) last_year = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_LAST_YEAR, NULL);
  KpiDataset *targets = kpi_catalog_get_dataset (catalog, "targets");

  if (month == NULL)
    return FALSE;
  six_ago = kpi_calendar_offset (calendar, month, -5);

  printf ("Scorecard for %s (read on %.10s)\n\n", DEMO_MONTH, DEMO_TODAY);
  printf ("  %-26s %12s %12s  %-9s %10s  %-13s %s\n", "indicator", "actual", "target",
          "status", "vs LY", "6-month trend", "flags");
  for (gsize i = 0; i < G_N_ELEMENTS (dashboard); i++)
    {
      KpiIndicator *indicator = kpi_catalog_lookup (catalog, dashboard[i].id);
      g_autoptr(KpiComparison) vs_target = NULL;
      g_autoptr(KpiComparison) vs_last_year = NULL;
      g_autoptr(GPtrArray) series = NULL;
      g_autoptr(KpiTrend) trend = NULL;
      g_autofree char *actual = NULL, *target = NULL, *change = NULL, *flags = NULL;
      KpiComparisonFlags all_flags;

      if (dashboard[i].has_target)
        {
          g_autofree char *formula = g_strdup_printf ("sum(target where indicator = \"%s\")",
                                                      dashboard[i].id);
          g_autoptr(KpiBenchmark) objective = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_TARGET,
                                                                       targets, formula, error);
          if (objective == NULL)
            return FALSE;
          kpi_benchmark_set_source_name (objective, "targets.csv");
          vs_target = kpi_benchmark_compare (objective, indicator, context, month, error);
          if (vs_target == NULL)
            return FALSE;
        }
      vs_last_year = kpi_benchmark_compare (last_year, indicator, context, month, error);
      series = kpi_indicator_evaluate_series (indicator, context, six_ago, month, error);
      if (vs_last_year == NULL || series == NULL)
        return FALSE;
      trend = kpi_trend_analyze_values (series, NAN, NAN, error);   /* the defaults */
      if (trend == NULL)
        return FALSE;

      actual = format_number (indicator, kpi_comparison_get_actual (vs_last_year));
      target = vs_target ? format_number (indicator, kpi_comparison_get_reference (vs_target))
                         : g_strdup ("—");
      change = kpi_comparison_format_change (vs_last_year, 1);
      all_flags = kpi_comparison_get_flags (vs_last_year) |
                  (vs_target ? kpi_comparison_get_flags (vs_target) : 0);
      flags = format_flags (all_flags);
      printf (" ");
      print_cell (kpi_indicator_get_title (indicator), -26);
      print_cell (actual, 12);
      print_cell (target, 12);
      printf (" ");
      print_cell (vs_target ? kpi_status_to_string (kpi_comparison_get_status (vs_target)) : "—", -9);
      print_cell (change, 10);
      printf (" ");
      print_cell (kpi_trend_direction_to_string (kpi_trend_get_direction (trend)), -13);
      printf (" %s\n", flags);
    }
  printf ("\n");
  return TRUE;
}

static gboolean
print_budget (KpiCatalog   *catalog,
              KpiContext   *context,
              GError      **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  KpiIndicator *revenue = kpi_catalog_lookup (catalog, "revenue");
  g_autoptr(KpiBenchmark) budget = NULL;
  g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", error);
  g_autoptr(KpiPeriod) month = kpi_calendar_parse_period (calendar, DEMO_MONTH, error);
  g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", error);
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(KpiLanding) landing = NULL;
  g_autoptr(KpiCalendar) hindsight = NULL;
  g_autoptr(KpiContext) in_hindsight = NULL;
  g_autoptr(KpiValue) actual_year = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *to_go = NULL;
  KpiComparison *vs_budget;
  double made;

  if (january == NULL || month == NULL || year == NULL)
    return FALSE;
  budget = kpi_table_benchmark_new (KPI_BENCHMARK_KIND_BUDGET,
                                    kpi_catalog_get_dataset (catalog, "budget"),
                                    "sum(revenue)", error);
  if (budget == NULL)
    return FALSE;
  kpi_benchmark_set_source_name (budget, "budget.csv");

  months = kpi_benchmark_compare_series (budget, revenue, context, january, month, error);
  if (months == NULL)
    return FALSE;
  printf ("Revenue against budget, 2025\n\n");
  printf ("  %-8s %12s %12s %12s %9s  %s\n", "month", "actual", "budget", "variance", "change", "status");
  for (guint i = 0; i < months->len; i++)
    {
      KpiComparison *c = g_ptr_array_index (months, i);
      g_autofree char *actual = format_number (revenue, kpi_comparison_get_actual (c));
      g_autofree char *reference = format_number (revenue, kpi_comparison_get_reference (c));
      g_autofree char *change = kpi_comparison_format_change (c, 1);

      g_autofree char *variance = g_strdup_printf ("%+.0f", kpi_comparison_get_delta (c));

      printf (" ");
      print_cell (kpi_period_get_label (kpi_value_get_period (kpi_comparison_get_actual (c))), -8);
      print_cell (actual, 12);
      print_cell (reference, 12);
      print_cell (variance, 12);
      print_cell (change, 9);
      printf ("  %s\n", kpi_status_to_string (kpi_comparison_get_status (c)));
    }

  landing = kpi_landing_compute (revenue, context, year, budget, NULL, error);
  if (landing == NULL)
    return FALSE;
  vs_budget = kpi_landing_get_comparison (landing);
  to_go = kpi_comparison_format_remaining (vs_budget, kpi_indicator_get_unit (revenue), 0);
  printf ("\n  2025 lands at %.0f (95 %% interval %.0f .. %.0f) against a budget of %.0f: %s, %s\n",
          kpi_landing_get_value (landing), kpi_landing_get_lower (landing),
          kpi_landing_get_upper (landing), kpi_landing_get_budget (landing),
          kpi_status_to_string (kpi_comparison_get_status (vs_budget)), to_go);
  printf ("  (%s)\n", kpi_comparison_get_provenance (vs_budget));

  /* The generated data goes on to December: hindsight says how good the
   * landing was, and how good the other candidates would have been. */
  hindsight = kpi_calendar_new (kpi_calendar_get_time_zone (calendar), 1, NULL);
  kpi_calendar_set_now (hindsight, kpi_period_get_end (year));
  in_hindsight = kpi_context_new (hindsight);
  kpi_context_add_catalog (in_hindsight, catalog);
  actual_year = kpi_indicator_evaluate (revenue, in_hindsight, year, error);
  if (actual_year == NULL)
    return FALSE;
  made = kpi_value_get_value (actual_year);

  candidates = kpi_landing_get_candidates (landing);
  printf ("\n  How each candidate would have done (backtest: mean absolute error of the\n"
          "  %u-month total over %u origins), and how far off it lands:\n\n",
          kpi_landing_get_n_forecast_periods (landing),
          kpi_landing_get_n_backtest_origins (landing));
  printf ("     %-17s %12s %15s %12s\n", "method", "lands at", "backtest error", "in hindsight");
  for (guint i = 0; i < candidates->len; i++)
    {
      KpiLandingCandidate *c = g_ptr_array_index (candidates, i);
      KpiLandingMethod method = kpi_landing_candidate_get_method (c);
      g_autofree char *backtest_error = isnan (kpi_landing_candidate_get_backtest_error (c))
        ? g_strdup ("—")
        : g_strdup_printf ("%.0f", kpi_landing_candidate_get_backtest_error (c));
      g_autofree char *off = g_strdup_printf ("%+.1f %%", 100 * (kpi_landing_candidate_get_value (c) - made) /
                                                          fabs (made));

      printf ("  %s ", method == kpi_landing_get_method (landing) ? "→" : " ");
      print_cell (kpi_landing_method_to_string (method), -17);
      printf (" %12.0f", kpi_landing_candidate_get_value (c));
      print_cell (backtest_error, 15);
      print_cell (off, 12);
      printf ("\n");
    }

  printf ("\n  In hindsight (the data goes on to December) 2025 made %.0f: the landing was %+.1f %% off.\n\n",
          made, 100 * (kpi_landing_get_value (landing) - made) / fabs (made));
  return TRUE;
}

/* The data-quality checks the crm catalogue declares, over the export as
 * it is on the day after its last day, and revenue month by month with
 * what they say of each month. */
static gboolean
print_quality (KpiCatalog   *catalog,
               const char   *dir,
               GError      **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(KpiCalendar) calendar = kpi_calendar_new (utc, 1, NULL);
  g_autoptr(GDateTime) day_after = g_date_time_new_from_iso8601 ("2026-01-01T08:00:00Z", NULL);
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
  g_autoptr(KpiDataset) snapshot = kpi_dataset_new (NULL);
  g_autofree char *snapshot_path = g_build_filename (dir, "orders_as_of_2025-07-05.csv", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiPeriod) first = NULL, last = NULL;
  static const char * const status_names[] = { "pass", "WARN", "FAIL", "ERROR", "n/a" };

  kpi_calendar_set_now (calendar, g_date_time_to_unix (day_after) * G_USEC_PER_SEC);
  context = kpi_context_new (calendar);
  kpi_context_add_catalog (context, catalog);
  /* the export of 5 July, to tell whether June was rewritten since */
  if (!kpi_dataset_load_path (snapshot, snapshot_path, NULL, error))
    return FALSE;
  kpi_context_add_dataset (context, "orders_as_of", snapshot);

  printf ("Can we trust the numbers? The checks of the crm catalogue, on 1 January 2026\n\n");
  if (!kpi_check_suite_load_builtin (suite, "crm", calendar, error))
    return FALSE;
  results = kpi_check_suite_run (suite, context, NULL, error);
  if (results == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      KpiCheckResult *r = g_ptr_array_index (results, i);

      printf ("  %-5s %-24s %s\n", status_names[kpi_check_result_get_status (r)],
              kpi_check_result_get_check_id (r), kpi_check_result_get_message (r));
    }

  printf ("\n  Revenue in 2025, and what the findings say of each month\n\n");
  printf ("  %-8s %12s  %-8s %10s  %s\n", "month", "revenue", "quality", "confidence", "findings");
  revenue = kpi_context_lookup_indicator (context, "revenue");
  first = kpi_calendar_parse_period (calendar, "2025-01", error);
  last = kpi_calendar_parse_period (calendar, "2025-12", error);
  if (first == NULL || last == NULL)
    return FALSE;
  values = kpi_check_suite_evaluate_series (suite, revenue, context, first, last, error);
  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *v = g_ptr_array_index (values, i);
      GPtrArray *findings = kpi_value_get_findings (v);
      g_autofree char *number = kpi_value_format (v, 0);
      g_autoptr(GString) ids = g_string_new (NULL);
      static const char * const quality_names[] = { "—", "good", "warning", "FAILED" };

      for (guint f = 0; findings != NULL && f < findings->len; f++)
        g_string_append_printf (ids, "%s%s", f ? ", " : "",
                                kpi_check_result_get_check_id (g_ptr_array_index (findings, f)));
      printf ("  %-8s %12s  %-8s %10.2f  %s\n", kpi_period_get_label (kpi_value_get_period (v)), number,
              quality_names[kpi_value_get_quality (v)], kpi_value_get_confidence (v), ids->str);
    }
  printf ("\n");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = argc > 1 ? argv[1] : "crm";
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(KpiCalendar) calendar = kpi_calendar_new (utc, 1, NULL);
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_from_iso8601 (DEMO_TODAY, NULL);
  g_autoptr(GError) error = NULL;

  printf ("libkpi %s demo: the generated CRM in %s\n\n", KPI_VERSION_S, dir);
  for (gsize i = 0; i < G_N_ELEMENTS (datasets); i++)
    if (!summarise (catalog, dir, datasets[i], &error))
      goto fail;

  if (!kpi_catalog_load_builtin (catalog, "crm", &error))
    goto fail;
  kpi_calendar_set_now (calendar, g_date_time_to_unix (today) * G_USEC_PER_SEC);
  context = kpi_context_new (calendar);
  kpi_context_add_catalog (context, catalog);
  if (!print_scorecard (catalog, context, &error) ||
      !print_budget (catalog, context, &error) ||
      !print_quality (catalog, dir, &error))
    goto fail;
  return EXIT_SUCCESS;

fail:
  fprintf (stderr, "kpi-demo: %s\n", error->message);
  return EXIT_FAILURE;
}
