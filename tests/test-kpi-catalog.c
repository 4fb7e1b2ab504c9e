/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiCatalog: loading definitions, the built-in CRM catalogue
 * against values worked out by hand (tests/data/crm-small/README.md),
 * references across datasets, cycles. */

#include <math.h>
#include <glib/gstdio.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

static KpiCalendar *
utc_calendar (void)
{
  /* Far in the future: no period of the fixture is partial. */
  return kpi_test_calendar_at ("2100-01-01T00:00:00Z", 1);
}

static KpiDataset *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (KPI_SRCDIR, "data", "crm-small", name, NULL);
  KpiDataset *dataset = kpi_dataset_new (NULL);
  GError *error = NULL;

  if (!kpi_dataset_load_path (dataset, path, NULL, &error))
    ck_abort_msg ("%s", error->message);
  return dataset;
}

static KpiCatalog *
crm_catalog (void)
{
  static const char * const names[] = { "orders", "opportunities", "marketing", "nps", "complaints" };
  KpiCatalog *catalog = kpi_catalog_new ();
  GError *error = NULL;

  ck_assert (kpi_catalog_load_builtin (catalog, "crm", &error));
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".csv", NULL);
      g_autoptr(KpiDataset) dataset = load_fixture (file);
      kpi_catalog_add_dataset (catalog, names[i], dataset);
    }
  if (!kpi_catalog_check (catalog, &error))
    ck_abort_msg ("%s", error->message);
  return catalog;
}

typedef struct
{
  const char *id;
  double      expected[3];   /* NAN: missing */
  KpiValueFlags missing_flag[3];
} Expected;

#define M NAN
#define DZ KPI_VALUE_FLAG_DIVISION_BY_ZERO
#define ND KPI_VALUE_FLAG_NO_DATA

static const Expected expected[] = {
  { "revenue", { 350, 200, 200 }, { 0 } },
  { "sales_count", { 3, 2, 3 }, { 0 } },
  { "active_customers", { 2, 2, 3 }, { 0 } },
  { "new_customers", { 2, 1, 1 }, { 0 } },
  { "gross_margin", { 110, 70, 80 }, { 0 } },
  { "gross_margin_rate", { 110.0 / 350, 0.35, 0.4 }, { 0 } },
  { "average_basket", { 350.0 / 3, 100, 200.0 / 3 }, { 0 } },
  /* January's previous month is before the data: no retention to tell */
  { "retention_rate", { M, 0.5, 0.5 }, { ND, 0, 0 } },
  { "customer_lifetime_value", { M, 70, 160.0 / 3 }, { ND, 0, 0 } },
  { "marketing_spend", { 300, 150, 0 }, { 0 } },
  { "customer_acquisition_cost", { 150, 150, 0 }, { 0 } },
  /* the answers end in February: March is after the data */
  { "nps", { 0, 200.0 / 3, M }, { 0, 0, ND } },
  { "complaints", { 2, 0, 1 }, { 0 } },
  /* open at the end of January: O1 in proposal 1000 × 0.5, O2 lead 500 ×
   * 0.1; February: O2 qualified 125, O3 lead 200 (O1 won); March: O3 */
  { "weighted_pipeline", { 550, 325, 200 }, { 0 } },
  { "lead_to_qualified", { 0.5, 1, M }, { 0, 0, DZ } },
  { "proposal_to_won", { 0, M, M }, { 0, DZ, DZ } },
};

START_TEST (test_crm_by_hand)
{
  g_autoptr(KpiCatalog) catalog = crm_catalog ();
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiPeriod) mar = kpi_calendar_parse_period (calendar, "2025-03", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KpiIndicator *indicator = kpi_catalog_lookup (catalog, expected[i].id);
      g_autoptr(GPtrArray) values = NULL;
      GError *error = NULL;

      ck_assert_msg (indicator != NULL, "no indicator %s", expected[i].id);
      kpi_context_add_catalog (ctx_calendar, catalog);
      values = kpi_indicator_evaluate_series (indicator, ctx_calendar, jan, mar, &error);
      ck_assert_msg (values != NULL, "%s: %s", expected[i].id, error ? error->message : "");
      ck_assert_uint_eq (values->len, 3);
      for (guint m = 0; m < 3; m++)
        {
          KpiValue *v = g_ptr_array_index (values, m);
          double got;

          if (isnan (expected[i].expected[m]))
            {
              ck_assert_msg (kpi_value_is_missing (v), "%s month %u: expected missing", expected[i].id, m + 1);
              ck_assert_msg ((kpi_value_get_flags (v) & expected[i].missing_flag[m]) != 0,
                             "%s month %u: flags %x", expected[i].id, m + 1, kpi_value_get_flags (v));
            }
          else
            {
              ck_assert_msg (kpi_value_get_number (v, &got), "%s month %u: missing (flags %x)",
                             expected[i].id, m + 1, kpi_value_get_flags (v));
              ck_assert_msg (fabs (got - expected[i].expected[m]) <= 1e-12 * MAX (1, fabs (got)),
                             "%s month %u: expected %.17g, got %.17g", expected[i].id, m + 1,
                             expected[i].expected[m], got);
            }
        }
    }
}
END_TEST

START_TEST (test_breakdown_ratio_of_totals)
{
  g_autoptr(KpiCatalog) catalog = crm_catalog ();
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) q1 = kpi_calendar_parse_period (calendar, "2025-Q1", NULL);
  KpiIndicator *rate = kpi_catalog_lookup (catalog, "gross_margin_rate");
  KpiIndicator *active = kpi_catalog_lookup (catalog, "active_customers");
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(KpiValue) total = NULL;
  GError *error = NULL;

  kpi_context_add_catalog (ctx_calendar, catalog);
  groups = kpi_indicator_evaluate_breakdown (rate, ctx_calendar, q1, "channel", 1, &total, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (groups->len, 2);
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 0)), "mobile");
  ck_assert_double_eq_tol (kpi_value_get_value (g_ptr_array_index (groups, 0)), 0.5, 1e-15);
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 1)), "other");
  /* The ratio of the sums of online and store, not the mean of their ratios. */
  ck_assert_double_eq_tol (kpi_value_get_value (g_ptr_array_index (groups, 1)), 220.0 / 670, 1e-15);
  ck_assert_double_eq_tol (kpi_value_get_value (total), 260.0 / 750, 1e-15);
  g_clear_pointer (&total, kpi_value_unref);
  g_clear_pointer (&groups, g_ptr_array_unref);

  groups = kpi_indicator_evaluate_breakdown (active, ctx_calendar, q1, "channel", 0, &total, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (groups->len, 3);
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (groups, 0)), "online");
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (groups, 0)), 4);
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (groups, 1)), 2);
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (groups, 2)), 1);
  /* Distinct counts are never summed: 4 customers, not 7. */
  ck_assert_double_eq (kpi_value_get_value (total), 4);
}
END_TEST

START_TEST (test_cross_dataset_breakdown)
{
  g_autoptr(KpiCatalog) catalog = crm_catalog ();
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) feb = kpi_calendar_parse_period (calendar, "2025-02", NULL);
  KpiIndicator *cac = kpi_catalog_lookup (catalog, "customer_acquisition_cost");
  g_autoptr(KpiValue) value = NULL;
  GError *error = NULL;

  kpi_context_add_catalog (ctx_calendar, catalog);
  value = kpi_indicator_evaluate (cac, ctx_calendar, feb, &error);
  ck_assert_ptr_null (error);
  ck_assert_double_eq (kpi_value_get_value (value), 150);
}
END_TEST

START_TEST (test_load_errors)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  GError *error = NULL;
  const char *bad_direction =
    "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\"},"
    " {\"id\": \"b\", \"formula\": \"count()\", \"direction\": \"upwards\"}]}";
  const char *duplicate =
    "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\"},"
    " {\"id\": \"a\", \"formula\": \"sum(x)\"}]}";
  const char *bad_formula = "{\"indicators\": [{\"id\": \"a\", \"formula\": \"sum(x\"}]}";

  ck_assert (!kpi_catalog_load_data (catalog, bad_direction, -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
  ck_assert_ptr_nonnull (strstr (error->message, "$.indicators[1].direction"));
  ck_assert_ptr_nonnull (strstr (error->message, "higher-is-better"));
  g_clear_error (&error);
  /* Nothing was added, not even the valid first indicator. */
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (catalog)), 0);

  ck_assert (!kpi_catalog_load_data (catalog, duplicate, -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_DUPLICATE_ID));
  g_clear_error (&error);

  ck_assert (!kpi_catalog_load_data (catalog, bad_formula, -1, &error));
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX));
  ck_assert_ptr_nonnull (strstr (error->message, "$.indicators[0].formula"));
  g_clear_error (&error);

  /* KPI_MAX_DECIMALS decimals are taken, one more is refused */
  ck_assert (!kpi_catalog_load_data (catalog, "{\"indicators\": [{\"id\": \"a\", "
                                     "\"formula\": \"count()\", \"decimals\": 16}]}", -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
  ck_assert_str_eq (error->message,
                    "$.indicators[0].decimals: expected a whole number from 0 to 15");
  g_clear_error (&error);
  {
    g_autoptr(KpiCatalog) fifteen = kpi_catalog_new ();

    ck_assert (kpi_catalog_load_data (fifteen, "{\"indicators\": [{\"id\": \"a\", "
                                      "\"formula\": \"count()\", \"decimals\": 15}]}", -1, &error));
    ck_assert_int_eq (kpi_indicator_get_decimals (kpi_catalog_lookup (fifteen, "a")),
                      KPI_MAX_DECIMALS);
  }

  ck_assert (!kpi_catalog_load_data (catalog, "[1, 2", -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
  g_clear_error (&error);

  ck_assert (!kpi_catalog_load_builtin (catalog, "nope", &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND));
  g_clear_error (&error);
}
END_TEST

/* Found by fuzzing (fuzz/regressions/fuzz-catalog): json-glib recurses
 * once a nesting level without a limit, so that a deep enough nesting
 * overflowed the stack (here about 100 000 levels), and it parses a second
 * value after the first, drops it and leaks it. Both are refused where
 * they start. */
START_TEST (test_load_deep_and_trailing)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autofree char *brackets = g_strnfill (200000, '[');
  g_autofree char *deep = g_strconcat ("{\"indicators\": ", brackets, NULL);
  GError *error = NULL;

  ck_assert (!kpi_catalog_load_data (catalog, deep, -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
  /* the 65th level is refused: the object is the first, its array the
   * second at column 16, the 65th at 16 + 63 */
  ck_assert_str_eq (error->message, "1:79: not a JSON document: nesting deeper than 64 levels");
  g_clear_error (&error);

  ck_assert (!kpi_catalog_load_data (catalog, "{\"indicators\": []}\n{\"indicators\": [1]}", -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
  ck_assert_str_eq (error->message, "2:1: not a JSON document: unexpected data after the first value: "
                    "expected the end of the document");
  g_clear_error (&error);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (catalog)), 0);
}
END_TEST

/* Issue 16: what json-glib decodes from a broken \u escape is not UTF-8.
 * The messages stay valid UTF-8, and a bad member is reported at its own
 * path as a catalogue error (an id is not a formula). */
START_TEST (test_load_errors_utf8)
{
  static const struct { const char *json, *expected; } cases[] = {
    { "{\"\\ud8t\"\"", "1:9: not a JSON document: unexpected string constant" },
    { "{\"indicators\":[{\"id\":\"\\ud800x\",\"formula\":\"1\"}]}", "$.indicators[0].id: " },
    { "{\"indicators\":[{\"id\":\"1abc\",\"formula\":\"1\"}]}",
      "$.indicators[0].id: “1abc” is not an indicator id" },
    { "{\"indicators\":[{\"id\":\"a b\",\"formula\":\"1\"}]}", "$.indicators[0].id: “a b”" },
    { "{\"indicators\":[{\"id\":\"a\",\"formula\":\"1\",\"title\":\"\\ud800t\"}]}",
      "$.indicators[0].title: " },
    { "{\"indicators\":[{\"id\":\"a\",\"formula\":\"1\"},{\"id\":\"b\",\"formula\":\"1\",\"dataset\":\"\\ud800y\"}]}",
      "$.indicators[1].dataset: " },
    { "{\"indicators\":[{\"id\":\"a\",\"formula\":\"1\",\"kind\":\"\\ud800z\"}]}",
      "$.indicators[0].kind: " },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
      GError *error = NULL;

      ck_assert (!kpi_catalog_load_data (catalog, cases[i].json, -1, &error));
      ck_assert_msg (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID),
                     "%s: %s %d", cases[i].json, g_quark_to_string (error->domain), error->code);
      ck_assert_msg (g_utf8_validate (error->message, -1, NULL), "%s: invalid UTF-8", cases[i].json);
      ck_assert_msg (g_str_has_prefix (error->message, cases[i].expected), "%s", error->message);
      ck_assert_msg (strstr (error->message, "formula") == NULL, "%s", error->message);
      ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (catalog)), 0);
      g_clear_error (&error);
    }

  /* The same broken escape in a file: the file's name first, then the
   * same valid text. */
  {
    g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
    g_autofree char *dir = g_dir_make_tmp ("kpi-catalog-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) directory = g_file_new_for_path (dir);
    GError *error = NULL;

    ck_assert (g_file_set_contents (path, "{\"\\ud8t\"\"", -1, NULL));
    ck_assert (!kpi_catalog_load_file (catalog, file, NULL, &error));
    ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
    ck_assert (g_utf8_validate (error->message, -1, NULL));
    /* the position in the file's own format: name, line, column */
    ck_assert_msg (strstr (error->message, "broken.json:1:9: not a JSON document: unexpected string constant") != NULL,
                   "%s", error->message);
    g_clear_error (&error);

    /* A directory says so. */
    ck_assert (!kpi_catalog_load_file (catalog, directory, NULL, &error));
    ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY), "%s", error->message);
    ck_assert_msg (strstr (error->message, "is a directory") != NULL, "%s", error->message);
    g_clear_error (&error);

    g_unlink (path);
    g_rmdir (dir);
  }
}
END_TEST

/* Issue 16: `@a + @b` where neither resolves: the first error wins, and
 * GLib is not asked to set a GError over another (which, under
 * G_DEBUG=fatal-warnings, aborts). */
START_TEST (test_two_unknown_references)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiDataset) orders = load_fixture ("orders.csv");
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiPeriod) mar = kpi_calendar_parse_period (calendar, "2025-03", NULL);
  g_autoptr(KpiIndicator) loose = kpi_indicator_new ("loose", "@a + @b * prev(@c)", NULL);
  g_autoptr(KpiValue) value = NULL;
  g_autoptr(GPtrArray) series = NULL;
  const char *json =
    "{\"indicators\": ["
    " {\"id\": \"both\", \"dataset\": \"orders\", \"formula\": \"@a + @b\"},"
    " {\"id\": \"many\", \"dataset\": \"orders\", \"formula\": \"@a + @b - @c / prev(@d) + sum(amount)\"}]}";
  GError *error = NULL;

  kpi_catalog_add_dataset (catalog, "orders", orders);
  ck_assert (kpi_catalog_load_data (catalog, json, -1, &error));

  kpi_context_add_catalog (ctx_calendar, catalog);
  value = kpi_indicator_evaluate (kpi_catalog_lookup (catalog, "both"), ctx_calendar, jan, &error);
  ck_assert_ptr_null (value);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
  ck_assert_msg (strstr (error->message, "“@a”") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, "“@b”") == NULL, "%s", error->message);
  g_clear_error (&error);

  series = kpi_indicator_evaluate_series (kpi_catalog_lookup (catalog, "many"), ctx_calendar, jan, mar, &error);
  ck_assert_ptr_null (series);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
  ck_assert_msg (strstr (error->message, "“@a”") != NULL, "%s", error->message);
  g_clear_error (&error);

  /* Outside any catalog, the same. */
  kpi_indicator_set_dataset (loose, orders);
  value = kpi_indicator_evaluate (loose, ctx_calendar, jan, &error);
  ck_assert_ptr_null (value);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
  ck_assert_msg (strstr (error->message, "“@a”") != NULL, "%s", error->message);
  g_clear_error (&error);
}
END_TEST

/* A name that does not exist gets its near miss. */
START_TEST (test_near_miss_suggestions)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiDataset) orders = load_fixture ("orders.csv");
  g_autoptr(KpiDataset) marketing = load_fixture ("marketing.csv");
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiValue) value = NULL;
  const char *json =
    "{\"indicators\": ["
    " {\"id\": \"cac\", \"dataset\": \"marketting\", \"formula\": \"sum(spend)\"},"
    " {\"id\": \"new_customers\", \"dataset\": \"orders\", \"formula\": \"new(customer)\"},"
    " {\"id\": \"per_customer\", \"dataset\": \"orders\", \"formula\": \"sum(amount) / @new_customer\"},"
    " {\"id\": \"far\", \"dataset\": \"nothing_like_it\", \"formula\": \"count()\"}]}";
  GError *error = NULL;

  kpi_catalog_add_dataset (catalog, "orders", orders);
  kpi_catalog_add_dataset (catalog, "marketing", marketing);
  ck_assert (kpi_catalog_load_data (catalog, json, -1, &error));

  ck_assert (!kpi_catalog_check (catalog, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_DATASET));
  ck_assert_str_eq (error->message,
                    "indicator “cac” reads dataset “marketting”, which the catalog does not "
                    "have; did you mean “marketing”?");
  g_clear_error (&error);

  kpi_context_add_catalog (ctx_calendar, catalog);
  value = kpi_indicator_evaluate (kpi_catalog_lookup (catalog, "per_customer"), ctx_calendar, jan, &error);
  ck_assert_ptr_null (value);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
  ck_assert_msg (g_str_has_suffix (error->message, "; did you mean “@new_customers”?"), "%s", error->message);
  g_clear_error (&error);

  /* No suggestion when nothing is close. */
  value = kpi_indicator_evaluate (kpi_catalog_lookup (catalog, "far"), ctx_calendar, jan, &error);
  ck_assert_ptr_null (value);
  ck_assert_str_eq (error->message,
                    "indicator “far” reads dataset “nothing_like_it”, which the context does not have");
  g_clear_error (&error);

  ck_assert (kpi_catalog_remove (catalog, "cac"));
  ck_assert (kpi_catalog_remove (catalog, "far"));
  ck_assert (!kpi_catalog_check (catalog, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_INDICATOR));
  ck_assert_str_eq (error->message,
                    "indicator “per_customer” refers to “@new_customer”, which the catalog does not have; "
                    "did you mean “@new_customers”?");
  g_clear_error (&error);

  /* Nicknames and built-in catalogs too. */
  ck_assert (!kpi_catalog_load_data (catalog,
                                     "{\"indicators\": [{\"id\": \"z\", \"formula\": \"1\", "
                                     "\"direction\": \"lower-is-beter\"}]}", -1, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
  ck_assert_str_eq (error->message, "$.indicators[0].direction: unknown value “lower-is-beter”; "
                                    "did you mean “lower-is-better”?");
  g_clear_error (&error);
  ck_assert (!kpi_catalog_load_builtin (catalog, "crn", &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND));
  ck_assert_str_eq (error->message, "no built-in catalog “crn”; did you mean “crm”?");
  g_clear_error (&error);
  ck_assert (!kpi_catalog_load_builtin (catalog, "sales\xff", &error));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_msg (strstr (error->message, "expected one of “crm”") != NULL, "%s", error->message);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_cycles_and_unknown_references)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiDataset) orders = load_fixture ("orders.csv");
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiContext) ctx_calendar = kpi_context_new (calendar);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (calendar, "2025-01", NULL);
  g_autoptr(KpiValue) value = NULL;
  const char *cyclic =
    "{\"indicators\": ["
    " {\"id\": \"a\", \"dataset\": \"orders\", \"formula\": \"@b + 1\"},"
    " {\"id\": \"b\", \"dataset\": \"orders\", \"formula\": \"@c * 2\"},"
    " {\"id\": \"c\", \"dataset\": \"orders\", \"formula\": \"@a - sum(amount)\"},"
    " {\"id\": \"d\", \"dataset\": \"orders\", \"formula\": \"@nope\"}]}";
  GError *error = NULL;

  kpi_catalog_add_dataset (catalog, "orders", orders);
  ck_assert (kpi_catalog_load_data (catalog, cyclic, -1, &error));
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (catalog)), 4);

  kpi_context_add_catalog (ctx_calendar, catalog);
  value = kpi_indicator_evaluate (kpi_catalog_lookup (catalog, "a"), ctx_calendar, jan, &error);
  ck_assert_ptr_null (value);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_CYCLE));
  ck_assert_ptr_nonnull (strstr (error->message, "@a → @b → @c → @a"));
  g_clear_error (&error);

  value = kpi_indicator_evaluate (kpi_catalog_lookup (catalog, "d"), ctx_calendar, jan, &error);
  ck_assert_ptr_null (value);
  ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
  ck_assert_ptr_nonnull (strstr (error->message, "@nope"));
  g_clear_error (&error);

  ck_assert (!kpi_catalog_check (catalog, &error));
  ck_assert (error->domain == KPI_CATALOG_ERROR);
  g_clear_error (&error);

  ck_assert (kpi_catalog_remove (catalog, "d"));
  ck_assert (!kpi_catalog_remove (catalog, "d"));
  ck_assert (!kpi_catalog_check (catalog, &error));
  ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_CYCLE));
  ck_assert_ptr_nonnull (strstr (error->message, "@a → @b → @c → @a"));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_list_model)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_auto(GStrv) builtins = kpi_catalog_list_builtins ();
  g_autoptr(KpiIndicator) first = NULL;

  ck_assert (g_strv_contains ((const char * const *) builtins, "crm"));
  ck_assert (kpi_catalog_load_builtin (catalog, "crm", NULL));
  ck_assert_uint_eq (g_list_model_get_item_type (G_LIST_MODEL (catalog)), KPI_TYPE_INDICATOR);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (catalog)), G_N_ELEMENTS (expected));
  first = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
  ck_assert_str_eq (kpi_indicator_get_id (first), "revenue");
  ck_assert_str_eq (kpi_indicator_get_unit (first), "EUR");
  ck_assert_int_eq (kpi_comparison_policy_get_direction (kpi_indicator_get_policy (kpi_catalog_lookup (catalog, "complaints"))),
                    KPI_DIRECTION_LOWER_IS_BETTER);
  ck_assert_int_eq (kpi_indicator_get_kind (kpi_catalog_lookup (catalog, "nps")),
                    KPI_INDICATOR_KIND_IMPACT);
}
END_TEST

START_TEST (test_comparison_settings)
{
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiCatalog) crm = kpi_catalog_new ();
  const char *json =
    "{\"indicators\": ["
    " {\"id\": \"conversion\", \"formula\": \"count(won) / count()\", \"rate\": true,"
    "  \"tolerance\": {\"on_track\": 0.95, \"at_risk\": 0.8}},"
    " {\"id\": \"revenue\", \"formula\": \"sum(amount)\", \"small_base\": 1000,"
    "  \"tolerance\": {\"at_risk\": 0.85}},"
    " {\"id\": \"plain\", \"formula\": \"sum(amount)\", \"rate\": false, \"small_base\": 0}]}";
  static const struct { const char *json, *path; } bad[] = {
    { "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\", \"rate\": \"yes\"}]}",
      "$.indicators[0].rate" },
    { "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\", \"tolerance\": 0.9}]}",
      "$.indicators[0].tolerance" },
    { "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\"},"
      " {\"id\": \"b\", \"formula\": \"count()\", \"tolerance\": {\"on_track\": 0}}]}",
      "$.indicators[1].tolerance.on_track" },
    { "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\", \"tolerance\": {\"at_risk\": \"high\"}}]}",
      "$.indicators[0].tolerance.at_risk" },
    { "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\", \"tolerance\": {\"on_track\": 0.9, \"at_risk\": 0.95}}]}",
      "$.indicators[0].tolerance" },
    { "{\"indicators\": [{\"id\": \"a\", \"formula\": \"count()\", \"small_base\": -5}]}",
      "$.indicators[0].small_base" },
  };
  KpiIndicator *ind;
  GError *error = NULL;

  ck_assert (kpi_catalog_load_data (catalog, json, -1, &error));
  ind = kpi_catalog_lookup (catalog, "conversion");
  ck_assert (kpi_comparison_policy_is_rate (kpi_indicator_get_policy (ind)));
  ck_assert (kpi_comparison_policy_get_on_track_threshold (kpi_indicator_get_policy (ind)) == 0.95);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (kpi_indicator_get_policy (ind)) == 0.8);
  ck_assert (isnan (kpi_comparison_policy_get_small_base (kpi_indicator_get_policy (ind))));
  ind = kpi_catalog_lookup (catalog, "revenue");
  ck_assert (!kpi_comparison_policy_is_rate (kpi_indicator_get_policy (ind)));
  /* a member left out keeps its default */
  ck_assert (kpi_comparison_policy_get_on_track_threshold (kpi_indicator_get_policy (ind)) == 1.0);
  ck_assert (kpi_comparison_policy_get_at_risk_threshold (kpi_indicator_get_policy (ind)) == 0.85);
  ck_assert (kpi_comparison_policy_get_small_base (kpi_indicator_get_policy (ind)) == 1000);
  ind = kpi_catalog_lookup (catalog, "plain");
  ck_assert (!kpi_comparison_policy_is_rate (kpi_indicator_get_policy (ind)));
  ck_assert (kpi_comparison_policy_get_small_base (kpi_indicator_get_policy (ind)) == 0);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KpiCatalog) c = kpi_catalog_new ();

      ck_assert (!kpi_catalog_load_data (c, bad[i].json, -1, &error));
      ck_assert (g_error_matches (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID));
      ck_assert_msg (strstr (error->message, bad[i].path) != NULL, "%s", error->message);
      g_clear_error (&error);
      ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (c)), 0);
    }

  /* the built-in rates are compared in points */
  ck_assert (kpi_catalog_load_builtin (crm, "crm", NULL));
  ck_assert (kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "gross_margin_rate"))));
  ck_assert (kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "lead_to_qualified"))));
  ck_assert (kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "proposal_to_won"))));
  ck_assert (kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "retention_rate"))));
  ck_assert (kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "nps"))));
  ck_assert (!kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "revenue"))));
  ck_assert (!kpi_comparison_policy_is_rate (kpi_indicator_get_policy (kpi_catalog_lookup (crm, "average_basket"))));
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "crm-by-hand", test_crm_by_hand },
    { "breakdown-ratio-of-totals", test_breakdown_ratio_of_totals },
    { "cross-dataset-reference", test_cross_dataset_breakdown },
    { "load-errors", test_load_errors },
    { "load-errors-utf8", test_load_errors_utf8 },
    { "load-deep-and-trailing", test_load_deep_and_trailing },
    { "two-unknown-references", test_two_unknown_references },
    { "near-miss-suggestions", test_near_miss_suggestions },
    { "cycles-and-unknown-references", test_cycles_and_unknown_references },
    { "list-model", test_list_model },
    { "comparison-settings", test_comparison_settings },
  };

  return kpi_test_run ("catalog", cases, G_N_ELEMENTS (cases), 0);
}
