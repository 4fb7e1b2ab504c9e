/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-kpi-definitions.c: the definitions file and dashboards' advisories */

#include <math.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <sqlite3.h>

#include "kpi-test.h"

/* A directory with the CRM example's definitions and, as its `data`, the
 * generated sample; removed by the caller. */
static char *
example_dir (void)
{
  const char *data = g_getenv ("KPI_TEST_DATA");
  g_autofree char *source = g_build_filename (KPI_SRCDIR, "..", "examples", "crm", "crm.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *link = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  char *dir;

  ck_assert_msg (data != NULL, "KPI_TEST_DATA is not set");
  dir = g_dir_make_tmp ("kpi-definitions-XXXXXX", &error);
  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (source, &contents, NULL, NULL));
  copy = kpi_test_write_temp (dir, "crm.json", contents, -1);
  link = g_build_filename (dir, "data", NULL);
  ck_assert_int_eq (symlink (data, link), 0);
  return dir;
}

static void
remove_example_dir (const char *dir)
{
  g_autofree char *json = g_build_filename (dir, "crm.json", NULL);
  g_autofree char *link = g_build_filename (dir, "data", NULL);

  g_unlink (json);
  g_unlink (link);
  g_rmdir (dir);
}

static KpiDefinitions *
load_example (char **dir_out)
{
  g_autofree char *dir = example_dir ();
  g_autofree char *path = g_build_filename (dir, "crm.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KpiDefinitions *defs = kpi_definitions_new (NULL);

  if (!kpi_definitions_load_file (defs, file, NULL, &error))
    ck_abort_msg ("%s", error->message);
  *dir_out = g_steal_pointer (&dir);
  return defs;
}

START_TEST (test_example_loads)
{
  g_autofree char *dir = NULL;
  g_autoptr(KpiDefinitions) defs = load_example (&dir);
  g_auto(GStrv) datasets = kpi_definitions_list_dataset_names (defs);
  g_auto(GStrv) benchmarks = kpi_definitions_list_benchmark_names (defs);
  g_auto(GStrv) ids = kpi_catalog_list_ids (kpi_definitions_get_catalog (defs));
  g_autoptr(KpiDashboard) executive = kpi_definitions_lookup_dashboard (defs, "executive");
  g_autoptr(KpiDataset) orders = kpi_definitions_lookup_dataset (defs, "orders");
  g_autoptr(KpiIndicator) revenue = kpi_catalog_dup_indicator (kpi_definitions_get_catalog (defs), "revenue");
  g_autoptr(KpiPeriod) march = NULL;
  g_autoptr(KpiValue) value = NULL;
  g_autoptr(GError) error = NULL;
  KpiDashboardItem *item;

  ck_assert_uint_eq (g_strv_length (datasets), 10);
  ck_assert_str_eq (datasets[0], "orders");
  /* the two built-in benchmarks, then the document's nine */
  ck_assert_uint_eq (g_strv_length (benchmarks), 11);
  ck_assert_str_eq (benchmarks[0], "previous_period");
  ck_assert_str_eq (benchmarks[1], "last_year");
  ck_assert_uint_eq (g_strv_length (ids), 21);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (kpi_definitions_get_checks (defs))), 16);
  ck_assert_uint_eq (g_list_model_get_n_items (kpi_definitions_get_dashboards (defs)), 3);

  ck_assert_ptr_nonnull (executive);
  ck_assert_int_eq (kpi_dashboard_get_dashboard_type (executive), KPI_DASHBOARD_TYPE_STRATEGIC);
  ck_assert_str_eq (kpi_dashboard_get_owner (executive), "Claire Martin");
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (executive)), 7);
  item = kpi_dashboard_lookup_item (executive, "revenue");
  ck_assert_str_eq (kpi_dashboard_item_get_target (item), "revenue_target");
  ck_assert_double_eq (kpi_dashboard_item_get_weight (item), 2);
  ck_assert_str_eq (kpi_dashboard_item_get_perspective (item), "financial");
  /* the executive dashboard's funnel reads the opportunities */
  {
    g_autoptr(KpiDataset) opportunities = kpi_definitions_lookup_dataset (defs, "opportunities");
    KpiFunnel *funnel = kpi_dashboard_get_funnel (executive);

    ck_assert_ptr_nonnull (funnel);
    ck_assert_ptr_eq (kpi_funnel_get_dataset (funnel), opportunities);
    ck_assert_uint_eq (kpi_funnel_get_n_stages (funnel), 5);
    ck_assert_str_eq (kpi_funnel_get_stages (funnel)[4], "won");
  }

  /* the calendar is the document's; the orders are the sample's, whole */
  ck_assert_str_eq (g_time_zone_get_identifier (kpi_calendar_get_time_zone (kpi_definitions_get_calendar (defs))),
                    "Europe/Paris");
  {
    g_autofree char *path = g_build_filename (g_getenv ("KPI_TEST_DATA"), "orders.csv", NULL);
    g_autofree char *text = NULL;
    guint lines = 0;

    ck_assert (g_file_get_contents (path, &text, NULL, NULL));
    for (const char *p = text; *p != '\0'; p++)
      lines += *p == '\n';
    ck_assert_uint_eq (kpi_dataset_get_n_rows (orders), lines - 1);
  }
  march = kpi_calendar_parse_period (kpi_definitions_get_calendar (defs), "2025-03", &error);
  value = kpi_indicator_evaluate (revenue, kpi_definitions_get_context (defs), march, &error);
  ck_assert_msg (value != NULL, "%s", error ? error->message : "");
  ck_assert (!kpi_value_is_missing (value));
  remove_example_dir (dir);
}
END_TEST

/* The example is written as the library writes it: loading and writing it
 * back gives the same bytes, and so does doing it again. */
START_TEST (test_example_round_trips)
{
  g_autofree char *dir = NULL;
  g_autoptr(KpiDefinitions) defs = load_example (&dir);
  g_autofree char *source = g_build_filename (KPI_SRCDIR, "..", "examples", "crm", "crm.json", NULL);
  g_autofree char *original = NULL;
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  g_autofree char *saved = g_build_filename (dir, "crm.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (saved);
  g_autoptr(KpiDefinitions) reloaded = kpi_definitions_new (NULL);
  g_autoptr(GError) error = NULL;
  gsize length;

  ck_assert (g_file_get_contents (source, &original, NULL, NULL));
  written = kpi_definitions_to_data (defs, &length);
  ck_assert_uint_eq (length, strlen (written));
  ck_assert_str_eq (written, original);

  ck_assert_msg (kpi_definitions_save_file (defs, file, NULL, &error), "%s", error ? error->message : "");
  ck_assert_msg (kpi_definitions_load_file (reloaded, file, NULL, &error), "%s", error ? error->message : "");
  again = kpi_definitions_to_data (reloaded, NULL);
  ck_assert_str_eq (again, original);
  remove_example_dir (dir);
}
END_TEST

/* A document without datasets, for the error cases. */
static const char small_doc[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"indicators\": [\n"
  "    { \"id\": \"revenue\", \"formula\": \"sum(amount)\", \"dataset\": \"orders\" },\n"
  "    { \"id\": \"orders\", \"formula\": \"count()\", \"dataset\": \"orders\" }\n"
  "  ],\n"
  "  \"benchmarks\": [ { \"name\": \"revenue_target\", \"kind\": \"target\", \"value\": 1000 } ],\n"
  "  \"dashboards\": [\n"
  "    { \"id\": \"a\", \"type\": \"strategic\", \"indicators\": [\"revenue\"] },\n"
  "    { \"id\": \"b\", \"type\": \"budget\", \"indicators\": [\"orders\", \"revenue\", { \"indicator\": \"revenue_x\" }] }\n"
  "  ]\n"
  "}\n";

static char *
load_error (KpiDefinitions *defs,
            const char     *doc,
            int             code)
{
  g_autoptr(GError) error = NULL;

  ck_assert (!kpi_definitions_load_data (defs, doc, -1, NULL, NULL, &error));
  ck_assert_ptr_nonnull (error);
  if (!g_error_matches (error, KPI_DEFINITIONS_ERROR, code))
    ck_abort_msg ("expected code %d, got %s %d: %s", code,
                  g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  return g_strdup (error->message);
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  g_auto(GStrv) parts = g_strsplit (text, old, 2);

  ck_assert_msg (parts[1] != NULL, "“%s” is not in the document", old);
  return g_strconcat (parts[0], new, parts[1], NULL);
}

START_TEST (test_errors_name_the_path)
{
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  struct {
    const char *old, *new;
    int code;
    const char *message;
  } cases[] = {
    { "\"revenue_x\"", "\"revenu\"", KPI_DEFINITIONS_ERROR_INVALID,
      "$.dashboards[1].indicators[2]: unknown indicator “revenu”; did you mean “revenue”?" },
    { "\"type\": \"budget\"", "\"type\": \"budjet\"", KPI_DEFINITIONS_ERROR_INVALID,
      "$.dashboards[1].type: unknown value “budjet”; did you mean “budget”?" },
    { "\"indicators\": [\"revenue\"]", "\"indicators\": [{\"indicator\": \"revenue\", \"target\": \"revenue_targt\"}]",
      KPI_DEFINITIONS_ERROR_INVALID,
      "$.dashboards[0].indicators[0].target: unknown benchmark “revenue_targt”; did you mean “revenue_target”?" },
    { "\"id\": \"a\",", "\"id\": \"a\", \"ownr\": \"x\",", KPI_DEFINITIONS_ERROR_INVALID,
      "$.dashboards[0]: unknown member “ownr”; did you mean “owner”?" },
    { "\"version\": 1", "\"version\": 2", KPI_DEFINITIONS_ERROR_VERSION,
      "$.version: the document is of version 2; this library reads up to 1" },
    { "\"value\": 1000", "\"valeu\": 1000", KPI_DEFINITIONS_ERROR_INVALID,
      "$.benchmarks[0]: unknown member “valeu”; did you mean “value”?" },
    { "\"id\": \"b\"", "\"id\": \"a\"", KPI_DEFINITIONS_ERROR_DUPLICATE,
      "$.dashboards[1].id: a second dashboard with the id “a”" },
    { "\"version\": 1,", "\"version\": 1, \"datasets\": [{\"name\": \"orders\", \"path\": \"/nonexistent/orders.csv\"}],",
      KPI_DEFINITIONS_ERROR_DATA, "$.datasets[0] (dataset “orders”): " },
    { "\"version\": 1,", "\"version\": 1, \"calendar\": {\"time_zone\": \"Mars/Olympus\"},",
      KPI_DEFINITIONS_ERROR_INVALID, "$.calendar.time_zone: unknown time zone “Mars/Olympus”" },
    { "{ \"indicator\": \"revenue_x\" }", "{ \"indicator\": \"revenue_x\" ", KPI_DEFINITIONS_ERROR_INVALID, "10:" },
    /* json-glib reads an unpaired surrogate escape as bytes that are not
     * UTF-8: refused where it is, in any section */
    { "\"type\": \"budget\"", "\"type\": \"budget\", \"title\": \"\\ud800Budget\"", KPI_DEFINITIONS_ERROR_INVALID,
      "$.dashboards[1].title: text that is not UTF-8 (an unpaired surrogate escape such as \\ud800?)" },
    { "\"revenue_target\"", "\"revenue\\ud800_target\"", KPI_DEFINITIONS_ERROR_INVALID,
      "$.benchmarks[0].name: text that is not UTF-8" },
    { "\"id\": \"a\",", "\"id\": \"a\", \"\\ud83dx\": 1,", KPI_DEFINITIONS_ERROR_INVALID,
      "$.dashboards[0]: text that is not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = replace (small_doc, cases[i].old, cases[i].new);
      g_autofree char *message = load_error (defs, doc, cases[i].code);

      if (!g_str_has_prefix (message, cases[i].message))
        ck_abort_msg ("case %u: expected “%s…”, got “%s”", i, cases[i].message, message);
    }
}
END_TEST

/* Found by fuzzing (fuzz/regressions/fuzz-definitions): a nesting deep
 * enough to overflow json-glib's recursion, and a second value json-glib
 * would drop and leak, are refused where they start. */
START_TEST (test_deep_and_trailing)
{
  g_autofree char *brackets = g_strnfill (200000, '[');
  g_autofree char *deep = g_strconcat ("{\"version\": 1, \"indicators\": ", brackets, NULL);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autofree char *message = load_error (defs, deep, KPI_DEFINITIONS_ERROR_INVALID);

  ck_assert_str_eq (message, "1:93: not a JSON document: nesting deeper than 64 levels");
  g_clear_pointer (&message, g_free);
  message = load_error (defs, "{\"version\": 1}\n{}", KPI_DEFINITIONS_ERROR_INVALID);
  ck_assert_str_eq (message, "2:1: not a JSON document: unexpected data after the first value: "
                    "expected the end of the document");
}
END_TEST

/* A failed load leaves what was loaded before. */
START_TEST (test_failed_load_keeps_contents)
{
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autofree char *fixed = replace (small_doc, "{ \"indicator\": \"revenue_x\" }", "\"revenue\"");
  g_autofree char *broken = replace (small_doc, "\"revenue_x\"", "\"nothing\"");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  /* "revenue" twice on one dashboard is refused too */
  message = load_error (defs, fixed, KPI_DEFINITIONS_ERROR_INVALID);
  kpi_test_assert_contains (message, "$.dashboards[1].indicators[2]: dashboard “b” already shows “revenue”");
  g_clear_pointer (&fixed, g_free);
  fixed = replace (small_doc, ", { \"indicator\": \"revenue_x\" }", "");
  ck_assert_msg (kpi_definitions_load_data (defs, fixed, -1, NULL, NULL, &error), "%s",
                 error ? error->message : "");
  before = kpi_definitions_to_data (defs, NULL);
  g_clear_pointer (&message, g_free);
  message = load_error (defs, broken, KPI_DEFINITIONS_ERROR_INVALID);
  after = kpi_definitions_to_data (defs, NULL);
  ck_assert_str_eq (after, before);
  ck_assert_uint_eq (g_list_model_get_n_items (kpi_definitions_get_dashboards (defs)), 2);
}
END_TEST

/* Whatever a byte of the document becomes, the load succeeds or fails with
 * an error, never a crash, and a failure changes nothing. */
START_TEST (test_every_byte_mutated)
{
  g_autofree char *fixed = replace (small_doc, ", { \"indicator\": \"revenue_x\" }", "");
  const char replacements[] = { '"', '{', ']', '0', ',', 'x', ':', '\\', '\0' - 0 + ' ' };
  gsize n = strlen (fixed);
  guint step = kpi_test_under_valgrind () ? 7 : 1;

  for (gsize i = 0; i < n; i += step)
    for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
      {
        g_autofree char *doc = g_strdup (fixed);
        g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
        g_autoptr(GError) error = NULL;

        doc[i] = replacements[r];
        if (!kpi_definitions_load_data (defs, doc, n, NULL, NULL, &error))
          {
            ck_assert_ptr_nonnull (error);
            ck_assert (g_utf8_validate (error->message, -1, NULL));
            ck_assert_uint_eq (g_list_model_get_n_items (kpi_definitions_get_dashboards (defs)), 0);
          }
        else
          {
            /* what loaded writes back and loads again */
            g_autofree char *written = kpi_definitions_to_data (defs, NULL);
            g_autoptr(KpiDefinitions) again = kpi_definitions_new (NULL);
            g_autofree char *rewritten = NULL;

            ck_assert_msg (kpi_definitions_load_data (again, written, -1, NULL, NULL, &error),
                           "byte %" G_GSIZE_FORMAT ": %s\n%s", i, error ? error->message : "", written);
            rewritten = kpi_definitions_to_data (again, NULL);
            ck_assert_str_eq (rewritten, written);
          }
      }
}
END_TEST

static gboolean
has_advisory (GPtrArray       *advisories,
              KpiAdvisoryKind  kind,
              const char      *subject)
{
  for (guint i = 0; i < advisories->len; i++)
    {
      KpiAdvisory *a = g_ptr_array_index (advisories, i);

      if (kpi_advisory_get_kind (a) == kind && g_strcmp0 (kpi_advisory_get_subject (a), subject) == 0)
        return TRUE;
    }
  return FALSE;
}

START_TEST (test_validate)
{
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autofree char *doc = replace (small_doc, ", { \"indicator\": \"revenue_x\" }", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiDashboard) a = NULL;
  g_autoptr(GPtrArray) advisories = NULL;
  g_autoptr(KpiDataset) orders = kpi_dataset_new (NULL);

  ck_assert_msg (kpi_definitions_load_data (defs, doc, -1, NULL, NULL, &error), "%s", error ? error->message : "");
  a = kpi_definitions_lookup_dashboard (defs, "a");
  advisories = kpi_dashboard_validate (a, defs);
  /* one indicator; no target; three kinds missing; no perspective; the
   * dataset “orders” does not exist */
  ck_assert (has_advisory (advisories, KPI_ADVISORY_TOO_FEW_INDICATORS, NULL));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_NO_TARGET, "revenue"));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_UNKNOWN_PERSPECTIVE, "revenue"));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_UNKNOWN_DATASET, "orders"));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_MISSING_KIND, "steering"));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_MISSING_KIND, "context"));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_MISSING_KIND, "impact"));
  ck_assert (!has_advisory (advisories, KPI_ADVISORY_MISSING_KIND, "performance"));
  for (guint i = 0; i < advisories->len; i++)
    ck_assert (g_str_has_prefix (kpi_advisory_get_message (g_ptr_array_index (advisories, i)),
                                 "dashboard “a”: "));
  g_clear_pointer (&advisories, g_ptr_array_unref);

  /* with the dataset (and no check of it), a target, a perspective */
  ck_assert (kpi_dataset_add_column (orders, "amount", KPI_COLUMN_MEASURE, NULL));
  ck_assert (kpi_definitions_add_dataset (defs, "orders", orders, NULL, NULL, &error));
  kpi_dashboard_item_set_target (kpi_dashboard_lookup_item (a, "revenue"), "revenue_target");
  kpi_dashboard_item_set_perspective (kpi_dashboard_lookup_item (a, "revenue"), "financial");
  advisories = kpi_dashboard_validate (a, defs);
  ck_assert (!has_advisory (advisories, KPI_ADVISORY_NO_TARGET, "revenue"));
  ck_assert (!has_advisory (advisories, KPI_ADVISORY_UNKNOWN_DATASET, "orders"));
  ck_assert (!has_advisory (advisories, KPI_ADVISORY_UNKNOWN_PERSPECTIVE, "revenue"));
  ck_assert (has_advisory (advisories, KPI_ADVISORY_UNCHECKED_DATA, "orders"));
  g_clear_pointer (&advisories, g_ptr_array_unref);

  /* ten indicators are a report */
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("extra_%u", i);
      g_autoptr(KpiIndicator) indicator = kpi_indicator_new (id, "count()", NULL);
      g_autoptr(KpiDashboardItem) item = kpi_dashboard_item_new (id);

      kpi_indicator_set_dataset_name (indicator, "orders");
      ck_assert (kpi_catalog_add (kpi_definitions_get_catalog (defs), indicator, NULL));
      ck_assert (kpi_dashboard_add_item (a, item, NULL));
    }
  advisories = kpi_dashboard_validate (a, defs);
  ck_assert (has_advisory (advisories, KPI_ADVISORY_TOO_MANY_INDICATORS, NULL));
  ck_assert (!has_advisory (advisories, KPI_ADVISORY_TOO_FEW_INDICATORS, NULL));
}
END_TEST

START_TEST (test_example_validates)
{
  g_autofree char *dir = NULL;
  g_autoptr(KpiDefinitions) defs = load_example (&dir);
  g_autoptr(GPtrArray) advisories = kpi_definitions_validate (defs);

  /* the sample has no context indicator (no external data): said, once */
  ck_assert_uint_eq (advisories->len, 1);
  ck_assert (has_advisory (advisories, KPI_ADVISORY_MISSING_KIND, "context"));
  ck_assert_str_eq (kpi_advisory_get_dashboard_id (g_ptr_array_index (advisories, 0)), "executive");
  remove_example_dir (dir);
}
END_TEST

/* Definitions built in code write what a document would hold. */
START_TEST (test_built_in_code)
{
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiDashboard) board = kpi_dashboard_new ("mine", KPI_DASHBOARD_TYPE_BUDGET);
  g_autoptr(KpiDashboardItem) item = kpi_dashboard_item_new ("revenue");
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  g_autoptr(KpiBenchmark) target = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, 0.1, NULL);
  g_autoptr(KpiDefinitions) again = kpi_definitions_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  const char * const none[] = { NULL };

  ck_assert (kpi_catalog_add (kpi_definitions_get_catalog (defs), revenue, NULL));
  ck_assert (!kpi_definitions_add_benchmark (defs, target, &error));
  ck_assert (g_error_matches (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID));
  g_clear_error (&error);
  kpi_benchmark_set_name (target, "budget_2025");
  ck_assert (kpi_definitions_add_benchmark (defs, target, &error));
  ck_assert (!kpi_definitions_add_benchmark (defs, target, &error));
  ck_assert (g_error_matches (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE));
  g_clear_error (&error);

  kpi_dashboard_item_set_budget (item, "budget_2025");
  kpi_dashboard_item_set_comparisons (item, none);
  ck_assert (!kpi_dashboard_item_set_weight (item, -1, &error));
  g_clear_error (&error);
  /* a weight that is no number is said in words, never as "nan" */
  ck_assert (!kpi_dashboard_item_set_weight (item, NAN, &error));
  ck_assert_str_eq (error->message, "the weight of “revenue” is not a finite number: a weight is 0 or more");
  g_clear_error (&error);
  ck_assert (kpi_dashboard_add_item (board, item, NULL));
  ck_assert (!kpi_dashboard_add_item (board, item, &error));
  ck_assert (g_error_matches (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE));
  g_clear_error (&error);
  kpi_dashboard_set_owner (board, "Me \"quoted\"\n");
  ck_assert (kpi_definitions_add_dashboard (defs, board, NULL));

  text = kpi_definitions_to_data (defs, NULL);
  kpi_test_assert_contains (text, "\"value\": 0.1\n");
  kpi_test_assert_contains (text, "\"owner\": \"Me \\\"quoted\\\"\\n\"");
  kpi_test_assert_contains (text, "\"comparisons\": []");
  ck_assert_msg (kpi_definitions_load_data (again, text, -1, NULL, NULL, &error), "%s\n%s",
                 error ? error->message : "", text);
  text2 = kpi_definitions_to_data (again, NULL);
  ck_assert_str_eq (text2, text);
  ck_assert (kpi_dashboard_remove_item (board, "revenue"));
  ck_assert (!kpi_dashboard_remove_item (board, "revenue"));
}
END_TEST

/* A dataset read from a table of an SQLite file, relative to the
 * document; its errors name the dataset. */
START_TEST (test_sqlite_dataset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kpi-definitions-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "crm.db", NULL);
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiPeriod) march = NULL;
  g_autoptr(KpiValue) value = NULL;
  g_autofree char *written = NULL;
  g_autofree char *message = NULL;
  const char *doc =
    "{\"version\": 1, \"datasets\": [{\"name\": \"orders\", \"sqlite\": \"crm.db\", \"table\": \"orders\"}],\n"
    " \"indicators\": [{\"id\": \"revenue\", \"dataset\": \"orders\", \"formula\": \"sum(amount)\"}]}";
  sqlite3 *db = NULL;

  ck_assert_int_eq (sqlite3_open (db_path, &db), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (db,
                                  "CREATE TABLE orders (date TEXT, channel TEXT, amount REAL);"
                                  "INSERT INTO orders VALUES ('2025-03-02', 'online', 10.5),"
                                  " ('2025-03-30', 'store', 4), ('2025-04-01', 'store', 100);",
                                  NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (db);

  ck_assert_msg (kpi_definitions_load_data (defs, doc, -1, base, NULL, &error), "%s",
                 error ? error->message : "");
  revenue = kpi_catalog_dup_indicator (kpi_definitions_get_catalog (defs), "revenue");
  march = kpi_calendar_parse_period (kpi_definitions_get_calendar (defs), "2025-03", NULL);
  value = kpi_indicator_evaluate (revenue, kpi_definitions_get_context (defs), march, &error);
  ck_assert_double_eq (kpi_value_get_value (value), 14.5);
  written = kpi_definitions_to_data (defs, NULL);
  kpi_test_assert_contains (written, "\"sqlite\": \"crm.db\",\n      \"table\": \"orders\"");

  /* the wrong table: the dataset and the near miss are named */
  {
    g_autofree char *bad = replace (doc, "\"table\": \"orders\"", "\"table\": \"order\"");
    ck_assert (!kpi_definitions_load_data (defs, bad, -1, base, NULL, &error));
    kpi_test_assert_contains (error->message, "$.datasets[0] (dataset “orders”): ");
    kpi_test_assert_contains (error->message, "did you mean “orders”?");
    g_clear_error (&error);
  }
  {
    g_autofree char *bad = replace (doc, ", \"table\": \"orders\"", "");
    message = load_error (defs, bad, KPI_DEFINITIONS_ERROR_INVALID);
    ck_assert_str_eq (message, "$.datasets[0]: an “sqlite” dataset needs the “table” to read");
  }
  /* what loaded before is still there */
  {
    g_autoptr(KpiDataset) orders = kpi_definitions_lookup_dataset (defs, "orders");
    ck_assert_uint_eq (kpi_dataset_get_n_rows (orders), 3);
  }
  g_unlink (db_path);
  g_rmdir (dir);
}
END_TEST

/* A French spreadsheet's export and a Salesforce-style report, described
 * with the load options of exports: the document is in the form the
 * library writes, and writes back byte for byte. */
static const char exports_doc[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"datasets\": [\n"
  "    {\n"
  "      \"name\": \"ventes\",\n"
  "      \"path\": \"ventes.csv\",\n"
  "      \"time_column\": \"Date\",\n"
  "      \"delimiter\": \"auto\",\n"
  "      \"number_style\": \"french\",\n"
  "      \"date_format\": \"%d/%m/%Y\",\n"
  "      \"percent_columns\": [\"Remise\"]\n"
  "    },\n"
  "    {\n"
  "      \"name\": \"opportunities\",\n"
  "      \"path\": \"report.csv\",\n"
  "      \"time_column\": \"Created Date\",\n"
  "      \"delimiter\": \",\",\n"
  "      \"number_style\": \"english\",\n"
  "      \"date_format\": {\n"
  "        \"Created Date\": \"%m/%d/%Y %I:%M %p\"\n"
  "      },\n"
  "      \"time_zone\": \"America/New_York\"\n"
  "    }\n"
  "  ],\n"
  "  \"indicators\": [\n"
  "    {\n"
  "      \"id\": \"remises\",\n"
  "      \"title\": \"remises\",\n"
  "      \"dataset\": \"ventes\",\n"
  "      \"formula\": \"sum(Montant * Remise)\",\n"
  "      \"unit\": \"count\",\n"
  "      \"direction\": \"higher-is-better\",\n"
  "      \"kind\": \"performance\",\n"
  "      \"granularity\": \"month\"\n"
  "    },\n"
  "    {\n"
  "      \"id\": \"pipeline\",\n"
  "      \"title\": \"pipeline\",\n"
  "      \"dataset\": \"opportunities\",\n"
  "      \"formula\": \"sum(Amount)\",\n"
  "      \"unit\": \"count\",\n"
  "      \"direction\": \"higher-is-better\",\n"
  "      \"kind\": \"performance\",\n"
  "      \"granularity\": \"month\"\n"
  "    }\n"
  "  ],\n"
  "  \"benchmarks\": [],\n"
  "  \"checks\": [],\n"
  "  \"dashboards\": []\n"
  "}\n";

/* A directory with the two exports exports_doc reads; removed by
 * remove_export_files(). */
static char *
write_export_files (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kpi-definitions-XXXXXX", &error);
  g_autofree char *ventes = NULL;
  g_autofree char *report = NULL;

  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  /* a byte order mark, CRLF, `;`, French amounts and percentages */
  ventes = kpi_test_write_temp (dir, "ventes.csv",
                                "\xef\xbb\xbf" "Date;Client;Montant;Remise\r\n"
                                "19/02/2025;Dupont;1 234,56 \xe2\x82\xac;12,5 %\r\n"
                                "03/03/2025;Martin;(2 000,00 \xe2\x82\xac);5 %\r\n", -1);
  /* every field quoted, month first, a 12-hour clock, a currency code */
  report = kpi_test_write_temp (dir, "report.csv",
                                "\"Created Date\",\"Amount\"\n"
                                "\"2/19/2025 2:05 PM\",\"USD 1,234.56\"\n"
                                "\"3/1/2025 11:59 PM\",\"USD 980.00\"\n", -1);
  return dir;
}

static void
remove_export_files (const char *dir)
{
  g_autofree char *ventes = g_build_filename (dir, "ventes.csv", NULL);
  g_autofree char *report = g_build_filename (dir, "report.csv", NULL);

  g_unlink (ventes);
  g_unlink (report);
  g_rmdir (dir);
}

static double
evaluate_in (KpiDefinitions *defs,
             const char     *id,
             const char     *label)
{
  g_autoptr(KpiIndicator) indicator = kpi_catalog_dup_indicator (kpi_definitions_get_catalog (defs), id);
  g_autoptr(KpiPeriod) period = kpi_calendar_parse_period (kpi_definitions_get_calendar (defs), label, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiValue) value = kpi_indicator_evaluate (indicator, kpi_definitions_get_context (defs),
                                                      period, &error);

  ck_assert_msg (value != NULL, "%s", error ? error->message : "");
  return kpi_value_get_value (value);
}

START_TEST (test_export_options_round_trip)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = write_export_files ();
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiDefinitions) again = kpi_definitions_new (NULL);
  g_autofree char *saved = g_build_filename (dir, "exports.json", NULL);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved);
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  ck_assert_msg (kpi_definitions_load_data (defs, exports_doc, -1, base, NULL, &error), "%s",
                 error ? error->message : "");
  /* 1 234,56 × 12,5 % = 154,32; (2 000,00) × 5 % = −100 */
  ck_assert_double_eq_tol (evaluate_in (defs, "remises", "2025-02"), 154.32, 1e-9);
  ck_assert_double_eq_tol (evaluate_in (defs, "remises", "2025-03"), -100, 1e-9);
  /* 11:59 PM on 1 March in New York is 2 March in UTC: March either way */
  ck_assert_double_eq (evaluate_in (defs, "pipeline", "2025-02"), 1234.56);
  ck_assert_double_eq (evaluate_in (defs, "pipeline", "2025-03"), 980);

  written = kpi_definitions_to_data (defs, NULL);
  ck_assert_str_eq (written, exports_doc);
  ck_assert_msg (kpi_definitions_save_file (defs, saved_file, NULL, &error), "%s", error ? error->message : "");
  ck_assert_msg (kpi_definitions_load_file (again, saved_file, NULL, &error), "%s", error ? error->message : "");
  rewritten = kpi_definitions_to_data (again, NULL);
  ck_assert_str_eq (rewritten, exports_doc);

  g_unlink (saved);
  remove_export_files (dir);
}
END_TEST

/* A dataset added by code is written with the options it loaded with,
 * those of its columns included, and reads back the same. */
START_TEST (test_added_dataset_writes_its_options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kpi-definitions-XXXXXX", &error);
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiDefinitions) again = kpi_definitions_new (NULL);
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) umsatz = kpi_dataset_new ("Datum");
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  path = kpi_test_write_temp (dir, "umsatz.csv",
                              "Datum;Konto;Umsatz;Quote\n"
                              "19.02.2025;8400;1.234,56;19 %\n"
                              "27.03.2025;8300;12.000,00;7 %\n", -1);
  ck_assert (kpi_load_options_set_time_column (options, "Datum", NULL));
  ck_assert (kpi_load_options_set_number_style (options, "german", NULL));
  ck_assert (kpi_load_options_set_date_format (options, "Datum", "%d.%m.%Y", NULL));
  kpi_load_options_set_percent_column (options, "Quote", TRUE);
  kpi_load_options_set_column_kind (options, "Konto", KPI_COLUMN_DIMENSION);
  ck_assert_msg (kpi_dataset_load_path (umsatz, path, options, &error), "%s", error ? error->message : "");
  ck_assert (kpi_definitions_add_dataset (defs, "umsatz", umsatz, "umsatz.csv", options, &error));

  written = kpi_definitions_to_data (defs, NULL);
  kpi_test_assert_contains (written,
                            "      \"time_column\": \"Datum\",\n"
                            "      \"number_style\": \"german\",\n"
                            "      \"time_zone\": \"UTC\",\n"
                            "      \"date_format\": {\n"
                            "        \"Datum\": \"%d.%m.%Y\"\n"
                            "      },\n"
                            "      \"percent_columns\": [\"Quote\"],\n"
                            "      \"columns\": {\n"
                            "        \"Konto\": \"dimension\"\n"
                            "      }\n");
  ck_assert_msg (kpi_definitions_load_data (again, written, -1, base, NULL, &error), "%s",
                 error ? error->message : "");
  rewritten = kpi_definitions_to_data (again, NULL);
  ck_assert_str_eq (rewritten, written);
  {
    g_autoptr(KpiDataset) loaded = kpi_definitions_lookup_dataset (again, "umsatz");
    double quote;
    KpiColumnKind kind;

    ck_assert (kpi_dataset_lookup_column (loaded, "Konto", NULL, &kind));
    ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);
    ck_assert (kpi_dataset_get_measure_value (loaded, "Quote", 0, &quote));
    ck_assert_double_eq_tol (quote, 0.19, 1e-15);
  }
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

/* The load options of exports: an error names the JSON path. */
START_TEST (test_export_options_errors)
{
  g_autofree char *dir = write_export_files ();
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  struct {
    const char *old, *new;
    const char *message;
  } cases[] = {
    { "\"number_style\": \"french\"", "\"number_style\": \"klingon\"",
      "$.datasets[0].number_style: “klingon” is not a number style" },
    { "\"number_style\": \"french\"", "\"number_style\": 2",
      "$.datasets[0].number_style: expected a non-empty string, found " },
    { "\"date_format\": \"%d/%m/%Y\"", "\"date_format\": [\"%d/%m/%Y\"]",
      "$.datasets[0].date_format: expected a format such as \"%d/%m/%Y\", or an object" },
    { "\"date_format\": \"%d/%m/%Y\"", "\"date_format\": \"%d/%Q/%Y\"",
      "$.datasets[0].date_format: " },
    { "\"Created Date\": \"%m/%d/%Y %I:%M %p\"", "\"Created Date\": \"%m/%d\"",
      "$.datasets[1].date_format.Created Date: " },
    { "\"Created Date\": \"%m/%d/%Y %I:%M %p\"", "\"Created Date\": 3",
      "$.datasets[1].date_format.Created Date: expected a non-empty string" },
    { "\"percent_columns\": [\"Remise\"]", "\"percent_columns\": \"Remise\"",
      "$.datasets[0].percent_columns: expected an array of strings" },
    { "\"percent_columns\": [\"Remise\"]", "\"percent_columns\": [\"\"]",
      "$.datasets[0].percent_columns[0]: expected a non-empty string" },
    { "\"delimiter\": \"auto\"", "\"delimiter\": \"automatic\"",
      "$.datasets[0].delimiter: “automatic” is not a CSV delimiter" },
    { "\"number_style\": \"french\"", "\"number_styl\": \"french\"",
      "$.datasets[0]: unknown member “number_styl”; did you mean “number_style”?" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = replace (exports_doc, cases[i].old, cases[i].new);
      g_autoptr(GError) error = NULL;

      ck_assert (!kpi_definitions_load_data (defs, doc, -1, base, NULL, &error));
      if (!g_error_matches (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID) ||
          !g_str_has_prefix (error->message, cases[i].message))
        ck_abort_msg ("case %u: expected “%s…”, got “%s”", i, cases[i].message, error->message);
    }
  remove_export_files (dir);
}
END_TEST

/* A dataset from a "database": the rows of a table or a query loaded, or
 * with "pushdown" the dataset attached to them; written back as given. */
static const char database_doc[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"datasets\": [\n"
  "    {\n"
  "      \"name\": \"orders\",\n"
  "      \"database\": \"sqlite:crm.db\",\n"
  "      \"table\": \"orders\"\n"
  "    },\n"
  "    {\n"
  "      \"name\": \"store_orders\",\n"
  "      \"database\": \"sqlite:crm.db\",\n"
  "      \"query\": \"SELECT date, amount FROM orders WHERE channel = 'store'\"\n"
  "    },\n"
  "    {\n"
  "      \"name\": \"remote_orders\",\n"
  "      \"database\": \"sqlite:crm.db\",\n"
  "      \"table\": \"orders\",\n"
  "      \"pushdown\": true,\n"
  "      \"columns\": {\n"
  "        \"channel\": \"dimension\"\n"
  "      }\n"
  "    }\n"
  "  ],\n"
  "  \"indicators\": [\n"
  "    {\n"
  "      \"id\": \"store_revenue\",\n"
  "      \"title\": \"store_revenue\",\n"
  "      \"dataset\": \"store_orders\",\n"
  "      \"formula\": \"sum(amount)\",\n"
  "      \"unit\": \"count\",\n"
  "      \"direction\": \"higher-is-better\",\n"
  "      \"kind\": \"performance\",\n"
  "      \"granularity\": \"month\"\n"
  "    }\n"
  "  ],\n"
  "  \"benchmarks\": [],\n"
  "  \"checks\": [],\n"
  "  \"dashboards\": []\n"
  "}\n";

START_TEST (test_database_dataset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kpi-definitions-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "crm.db", NULL);
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiDataset) orders = NULL;
  g_autoptr(KpiDataset) remote = NULL;
  g_autofree char *written = NULL;
  sqlite3 *db = NULL;
  struct {
    const char *old, *new;
    int code;
    const char *message;
  } cases[] = {
    { "\"table\": \"orders\"\n    },", "\"table\": \"orders\", \"query\": \"SELECT 1\"\n    },",
      KPI_DEFINITIONS_ERROR_INVALID, "$.datasets[0]: a “database” dataset reads a “table” or a “query”: give one of them" },
    { "\"database\": \"sqlite:crm.db\",\n      \"table\": \"orders\"\n    },",
      "\"database\": \"sqlite:crm.db\"\n    },",
      KPI_DEFINITIONS_ERROR_INVALID, "$.datasets[0]: a “database” dataset reads a “table” or a “query”" },
    { "\"database\": \"sqlite:crm.db\",\n      \"table\": \"orders\"\n    },",
      "\"path\": \"orders.csv\", \"database\": \"sqlite:crm.db\",\n      \"table\": \"orders\"\n    },",
      KPI_DEFINITIONS_ERROR_INVALID, "$.datasets[0]: a dataset is read from a “path” (a CSV or JSON file), " },
    { "\"pushdown\": true", "\"pushdown\": \"yes\"",
      KPI_DEFINITIONS_ERROR_INVALID, "$.datasets[2].pushdown: expected true or false, found a string" },
    { "\"database\": \"sqlite:crm.db\",\n      \"table\": \"orders\",\n      \"pushdown\"",
      "\"sqlite\": \"crm.db\",\n      \"table\": \"orders\",\n      \"pushdown\"",
      KPI_DEFINITIONS_ERROR_INVALID, "$.datasets[2].pushdown: only a “database” dataset" },
    { "\"database\": \"sqlite:crm.db\",\n      \"query\"", "\"sqlite\": \"crm.db\",\n      \"query\"",
      KPI_DEFINITIONS_ERROR_INVALID, "$.datasets[1]: an “sqlite” dataset needs the “table” to read" },
    { "\"table\": \"orders\"\n    },", "\"table\": \"order\"\n    },",
      KPI_DEFINITIONS_ERROR_DATA, "$.datasets[0] (dataset “orders”): " },
    { "\"database\": \"sqlite:crm.db\",\n      \"table\": \"orders\"\n    },",
      "\"database\": \"sqlite:nowhere.db\",\n      \"table\": \"orders\"\n    },",
      KPI_DEFINITIONS_ERROR_DATA, "$.datasets[0] (dataset “orders”): " },
  };

  ck_assert_int_eq (sqlite3_open (db_path, &db), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (db,
                                  "CREATE TABLE orders (date TEXT, channel TEXT, amount REAL);"
                                  "INSERT INTO orders VALUES ('2025-03-02', 'online', 10.5),"
                                  " ('2025-03-30', 'store', 4), ('2025-04-01', 'store', 100);",
                                  NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (db);

  ck_assert_msg (kpi_definitions_load_data (defs, database_doc, -1, base, NULL, &error), "%s",
                 error ? error->message : "");
  /* the table's rows, in memory */
  orders = kpi_definitions_lookup_dataset (defs, "orders");
  ck_assert_uint_eq (kpi_dataset_get_n_rows (orders), 3);
  ck_assert_ptr_null (kpi_dataset_get_database (orders));
  /* the query's: the store's orders, 4 in March and 100 in April */
  ck_assert_double_eq (evaluate_in (defs, "store_revenue", "2025-03"), 4);
  ck_assert_double_eq (evaluate_in (defs, "store_revenue", "2025-04"), 100);
  /* attached: no rows in memory, the database kept */
  remote = kpi_definitions_lookup_dataset (defs, "remote_orders");
  ck_assert_uint_eq (kpi_dataset_get_n_rows (remote), 0);
  ck_assert_ptr_nonnull (kpi_dataset_get_database (remote));

  written = kpi_definitions_to_data (defs, NULL);
  ck_assert_str_eq (written, database_doc);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = replace (database_doc, cases[i].old, cases[i].new);
      g_autoptr(GError) local_error = NULL;

      ck_assert (!kpi_definitions_load_data (defs, doc, -1, base, NULL, &local_error));
      if (!g_error_matches (local_error, KPI_DEFINITIONS_ERROR, cases[i].code) ||
          !g_str_has_prefix (local_error->message, cases[i].message))
        ck_abort_msg ("case %u: expected “%s…”, got “%s”", i, cases[i].message, local_error->message);
    }
  /* what loaded before is still there */
  g_clear_pointer (&written, g_free);
  written = kpi_definitions_to_data (defs, NULL);
  ck_assert_str_eq (written, database_doc);

  g_clear_object (&remote);
  g_clear_object (&defs);
  g_unlink (db_path);
  g_rmdir (dir);
}
END_TEST

/* A dashboard's funnel: its dataset resolved by name, its basis, written
 * back; its errors at its JSON path. */
START_TEST (test_funnel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kpi-funnel-XXXXXX", &error);
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autofree char *csv = kpi_test_write_temp (dir, "deals.csv",
                                              "date,deal,stage,amount\n"
                                              "2025-03-01,d1,lead,10\n"
                                              "2025-03-02,d1,won,10\n"
                                              "2025-03-03,d2,lead,5\n", -1);
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiDefinitions) again = kpi_definitions_new (NULL);
  g_autoptr(KpiDashboard) board = NULL;
  g_autoptr(KpiDataset) deals = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  KpiFunnel *funnel;
  const char *doc =
    "{\"version\": 1, \"datasets\": [{\"name\": \"deals\", \"path\": \"deals.csv\"}],\n"
    " \"indicators\": [{\"id\": \"revenue\", \"dataset\": \"deals\", \"formula\": \"sum(amount)\"}],\n"
    " \"dashboards\": [{\"id\": \"sales\", \"type\": \"strategic\", \"indicators\": [\"revenue\"],\n"
    "   \"funnel\": {\"dataset\": \"deals\", \"entity\": \"deal\", \"stage\": \"stage\",\n"
    "              \"stages\": [\"lead\", \"won\"], \"basis\": \"period\"}}]}";
  struct {
    const char *old, *new;
    const char *message;
  } cases[] = {
    { "\"dataset\": \"deals\", \"entity\"", "\"dataset\": \"deal\", \"entity\"",
      "$.dashboards[0].funnel.dataset: unknown dataset “deal”; did you mean “deals”?" },
    { "\"stage\": \"stage\"", "\"stage\": \"amount\"",
      "$.dashboards[0].funnel: the stage column “amount” must be a dimension, but it is a measure" },
    { "\"entity\": \"deal\"", "\"entity\": \"dael\"",
      "$.dashboards[0].funnel: the entity column “dael” is not a column of the dataset" },
    { "\"basis\": \"period\"", "\"basis\": \"cohrt\"",
      "$.dashboards[0].funnel.basis: unknown value “cohrt”; did you mean “cohort”?" },
    { "\"basis\": \"period\"", "\"bassis\": \"period\"",
      "$.dashboards[0].funnel: unknown member “bassis”; did you mean “basis”?" },
    { "\"stages\": [\"lead\", \"won\"], ", "",
      "$.dashboards[0].funnel: the member “stages” is missing" },
    { "\"stages\": [\"lead\", \"won\"]", "\"stages\": [\"lead\", \"lead\"]",
      "$.dashboards[0].funnel: the stage “lead” is listed twice" },
    { "\"funnel\": {", "\"funnel\": [{",
      "$.dashboards[0].funnel: expected an object" },
  };

  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  ck_assert_msg (kpi_definitions_load_data (defs, doc, -1, base, NULL, &error), "%s",
                 error ? error->message : "");
  board = kpi_definitions_lookup_dashboard (defs, "sales");
  funnel = kpi_dashboard_get_funnel (board);
  ck_assert_ptr_nonnull (funnel);
  deals = kpi_definitions_lookup_dataset (defs, "deals");
  ck_assert_ptr_eq (kpi_funnel_get_dataset (funnel), deals);
  ck_assert_str_eq (kpi_funnel_get_entity_column (funnel), "deal");
  ck_assert_uint_eq (kpi_funnel_get_n_stages (funnel), 2);
  ck_assert_int_eq (kpi_dashboard_get_funnel_basis (board), KPI_FUNNEL_BASIS_PERIOD);

  written = kpi_definitions_to_data (defs, NULL);
  kpi_test_assert_contains (written,
                            "      \"funnel\": {\n"
                            "        \"dataset\": \"deals\",\n"
                            "        \"entity\": \"deal\",\n"
                            "        \"stage\": \"stage\",\n"
                            "        \"stages\": [\"lead\", \"won\"],\n"
                            "        \"basis\": \"period\"\n"
                            "      }\n");
  ck_assert_msg (kpi_definitions_load_data (again, written, -1, base, NULL, &error), "%s",
                 error ? error->message : "");
  rewritten = kpi_definitions_to_data (again, NULL);
  ck_assert_str_eq (rewritten, written);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = replace (doc, cases[i].old, cases[i].new);
      g_autoptr(KpiDefinitions) other = kpi_definitions_new (NULL);
      g_autoptr(GError) local_error = NULL;

      if (i + 1 == G_N_ELEMENTS (cases))
        {
          g_autofree char *closed = replace (bad, "\"period\"}}", "\"period\"}]}");
          g_free (bad);
          bad = g_steal_pointer (&closed);
        }
      ck_assert (!kpi_definitions_load_data (other, bad, -1, base, NULL, &local_error));
      ck_assert (g_error_matches (local_error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID));
      if (!g_str_has_prefix (local_error->message, cases[i].message))
        ck_abort_msg ("case %u: expected “%s…”, got “%s”", i, cases[i].message, local_error->message);
    }
  g_unlink (csv);
  g_rmdir (dir);
}
END_TEST

/* The checks run once for as long as nothing they read changes. */
START_TEST (test_check_results_kept)
{
  g_autofree char *dir = NULL;
  g_autoptr(KpiDefinitions) defs = load_example (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = kpi_definitions_run_checks (defs, NULL, &error);
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GPtrArray) fourth = NULL;
  g_autoptr(KpiDataset) marketing = kpi_definitions_lookup_dataset (defs, "marketing");
  KpiCalendar *calendar = kpi_definitions_get_calendar (defs);
  const char *dims[] = { "online", "always-on" };
  double spend = 10;

  ck_assert_msg (first != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (first->len, 16);
  second = kpi_definitions_run_checks (defs, NULL, &error);
  for (guint i = 0; i < first->len; i++)
    ck_assert_ptr_eq (g_ptr_array_index (first, i), g_ptr_array_index (second, i));

  /* a row more: run again */
  ck_assert (kpi_dataset_append_row (marketing, kpi_test_utc (2025, 12, 31, 0, 0), dims, 2, &spend, 1, &error));
  third = kpi_definitions_run_checks (defs, NULL, &error);
  ck_assert_ptr_ne (g_ptr_array_index (third, 0), g_ptr_array_index (second, 0));

  /* another now: run again */
  kpi_calendar_set_now (calendar, kpi_test_utc (2026, 1, 10, 0, 0));
  fourth = kpi_definitions_run_checks (defs, NULL, &error);
  ck_assert_ptr_ne (g_ptr_array_index (fourth, 0), g_ptr_array_index (third, 0));
  remove_example_dir (dir);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "example-loads", test_example_loads },
    { "example-round-trips", test_example_round_trips },
    { "example-validates", test_example_validates },
    { "errors-name-the-path", test_errors_name_the_path },
    { "failed-load-keeps-contents", test_failed_load_keeps_contents },
    { "every-byte-mutated", test_every_byte_mutated },
    { "deep-and-trailing", test_deep_and_trailing },
    { "validate", test_validate },
    { "built-in-code", test_built_in_code },
    { "sqlite-dataset", test_sqlite_dataset },
    { "export-options-round-trip", test_export_options_round_trip },
    { "added-dataset-writes-its-options", test_added_dataset_writes_its_options },
    { "export-options-errors", test_export_options_errors },
    { "database-dataset", test_database_dataset },
    { "check-results-kept", test_check_results_kept },
    { "funnel", test_funnel },
  };

  return kpi_test_run ("definitions", cases, G_N_ELEMENTS (cases), 120);
}
