/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of kpi_report_to_html(): a report over small definitions built by
 * hand, its page read as text. What a browser makes of the page is
 * tests/html/test-report-pages' business. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"

#define HOSTILE "<script>alert(1)</script>"

/* Asserts that @html contains @needle; the page is too long for a
 * message: on failure it is written to a file the message names. */
#define assert_has(html, needle) assert_has_at (__LINE__, (html), (needle))

static void
assert_has_at (int         line,
               const char *html,
               const char *needle)
{
  g_autofree char *path = NULL;

  if (strstr (html, needle) != NULL)
    return;
  path = g_build_filename (g_get_tmp_dir (), "test-kpi-report-html.html", NULL);
  g_file_set_contents (path, html, -1, NULL);
  ck_abort_msg ("line %d: the page (written to %s) lacks “%s”", line, path, needle);
}

/* Appends one order to @orders: @day of 2025-@month, its @channel and
 * @amount. */
static void
add_order (KpiDataset *orders,
           int         month,
           int         day,
           const char *channel,
           double      amount)
{
  g_autoptr(GError) error = NULL;
  const char *dimensions[] = { channel };

  ck_assert_msg (kpi_dataset_append_row (orders, kpi_test_utc (2025, month, day, 10, 0),
                                         dimensions, 1, &amount, 1, &error),
                 "%s", error ? error->message : "");
}

static KpiIndicator *
add_indicator (KpiDefinitions *defs,
               const char     *id,
               const char     *formula,
               const char     *title,
               const char     *unit)
{
  g_autoptr(GError) error = NULL;
  KpiIndicator *indicator = kpi_indicator_new (id, formula, &error);

  ck_assert_msg (indicator != NULL, "%s", error ? error->message : "");
  kpi_indicator_set_title (indicator, title);
  kpi_indicator_set_unit (indicator, unit);
  kpi_indicator_set_dataset_name (indicator, "orders");
  kpi_indicator_set_granularity (indicator, KPI_GRANULARITY_MONTH);
  kpi_indicator_set_decimals (indicator, 0);
  ck_assert_msg (kpi_catalog_add (kpi_definitions_get_catalog (defs), indicator, &error),
                 "%s", error ? error->message : "");
  return indicator;
}

/* Definitions with an "orders" dataset (January and February 2025: 100 +
 * 50 then 120 + 60, online + store; and in February one order of 0 in a
 * channel "<fax>" that the channel check does not allow), three
 * indicators (revenue, whose title is hostile; orders; a revenue per
 * mobile order, a division by zero: no mobile order), a constant target of
 * @target for the revenue and a dashboard "sales" of the three, broken
 * down by channel. */
static KpiDefinitions *
make_definitions (double target_value)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at ("2025-03-16T12:00:00Z", 1);
  KpiDefinitions *defs = kpi_definitions_new (calendar);
  g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
  g_autoptr(KpiIndicator) revenue = NULL;
  g_autoptr(KpiIndicator) count = NULL;
  g_autoptr(KpiIndicator) mobile = NULL;
  g_autoptr(KpiBenchmark) target = NULL;
  g_autoptr(KpiCheck) channels = kpi_validity_check_new ("orders", "channel");
  g_autoptr(KpiDashboard) dashboard = kpi_dashboard_new ("sales", KPI_DASHBOARD_TYPE_STRATEGIC);
  g_autoptr(KpiDashboardItem) item_revenue = kpi_dashboard_item_new ("revenue");
  g_autoptr(KpiDashboardItem) item_count = kpi_dashboard_item_new ("orders");
  g_autoptr(KpiDashboardItem) item_mobile = kpi_dashboard_item_new ("mobile_basket");
  const char * const allowed[] = { "online", "store", NULL };
  const char * const breakdowns[] = { "channel", NULL };
  g_autoptr(GError) error = NULL;

  ck_assert (kpi_dataset_add_column (orders, "channel", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (orders, "amount", KPI_COLUMN_MEASURE, &error));
  add_order (orders, 1, 10, "online", 100);
  add_order (orders, 1, 20, "store", 50);
  add_order (orders, 2, 10, "online", 120);
  add_order (orders, 2, 12, "<fax>", 0);
  add_order (orders, 2, 20, "store", 60);
  ck_assert_msg (kpi_definitions_add_dataset (defs, "orders", orders, NULL, NULL, &error),
                 "%s", error ? error->message : "");

  revenue = add_indicator (defs, "revenue", "sum(amount)", HOSTILE, "EUR");
  count = add_indicator (defs, "orders", "count()", "Orders", "count");
  mobile = add_indicator (defs, "mobile_basket", "sum(amount) / count(channel = \"mobile\")",
                          "Mobile basket", "EUR");

  target = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_TARGET, target_value, &error);
  ck_assert_msg (target != NULL, "%s", error ? error->message : "");
  kpi_benchmark_set_name (target, "revenue_target");
  ck_assert_msg (kpi_definitions_add_benchmark (defs, target, &error), "%s", error ? error->message : "");

  kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (channels), allowed);
  kpi_check_set_id (channels, "channels_known");
  ck_assert_msg (kpi_check_suite_add (kpi_definitions_get_checks (defs), channels, &error),
                 "%s", error ? error->message : "");

  kpi_dashboard_set_title (dashboard, "Sales & co");
  kpi_dashboard_set_owner (dashboard, "Ann");
  kpi_dashboard_set_breakdowns (dashboard, breakdowns);
  kpi_dashboard_item_set_target (item_revenue, "revenue_target");
  ck_assert (kpi_dashboard_add_item (dashboard, item_revenue, &error));
  ck_assert (kpi_dashboard_add_item (dashboard, item_count, &error));
  ck_assert (kpi_dashboard_add_item (dashboard, item_mobile, &error));
  ck_assert_msg (kpi_definitions_add_dashboard (defs, dashboard, &error), "%s", error ? error->message : "");
  return defs;
}

/* The page of the "sales" dashboard for @label (NULL: March to date). */
static char *
page_for (KpiDefinitions *defs,
          const char     *label)
{
  g_autoptr(KpiDashboard) dashboard = kpi_definitions_lookup_dashboard (defs, "sales");
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *html;

  if (label != NULL)
    period = kpi_test_parse_period (kpi_definitions_get_calendar (defs), label);
  report = kpi_dashboard_evaluate (dashboard, defs, period, NULL, &error);
  ck_assert_msg (report != NULL, "%s", error ? error->message : "");
  html = kpi_report_to_html (report, &length);
  ck_assert_ptr_nonnull (html);
  ck_assert_uint_eq (length, strlen (html));
  ck_assert (g_utf8_validate (html, -1, NULL));
  return html;
}

/* No number is written as printf writes a NaN or an infinity. */
static void
assert_no_nan (const char *html)
{
  g_autoptr(GRegex) nan = g_regex_new ("\\b(nan|inf|infinity)\\b", G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  ck_assert_msg (!g_regex_match (nan, html, 0, &match), "“%s” in the page",
                 g_match_info_fetch (match, 0));
}

/* The page needs nothing else: no script, no resource but the SVG
 * namespace (a name, never fetched). */
static void
assert_self_contained (const char *html)
{
  g_autofree char *lower = g_ascii_strdown (html, -1);
  g_auto(GStrv) parts = g_strsplit (lower, "xmlns=\"http://www.w3.org/2000/svg\"", -1);
  g_autofree char *rest = g_strjoinv ("", parts);

  ck_assert_msg (strstr (lower, "<script") == NULL, "a <script> in the page");
  ck_assert_msg (strstr (rest, "http") == NULL, "a resource in the page: %s", strstr (rest, "http"));
  ck_assert (strstr (lower, " src=") == NULL);
  ck_assert (strstr (lower, " href=") == NULL);
  ck_assert (strstr (lower, "url(") == NULL);
  ck_assert (strstr (lower, "@import") == NULL);
}

START_TEST (test_page_of_a_period)
{
  g_autoptr(KpiDefinitions) defs = make_definitions (150);
  g_autofree char *html = page_for (defs, "2025-02");

  /* The header: the title escaped, the owner, the period, over. */
  assert_has (html, "<h1>Sales &amp; co</h1>");
  assert_has (html, "Ann · strategic dashboard · <strong>2025-02</strong>");
  ck_assert (strstr (html, "to date") == NULL);
  /* February's revenue, 120 + 0 + 60 = 180 EUR, against 150: 180 / 150
   * = 120 % attained, on track (from 100 %). */
  assert_has (html, "<span class=\"kpi-number\">180 EUR</span>");
  assert_has (html, "target 150 EUR, 120.0 % attained");
  assert_has (html, "kpi-status-on-track");
  assert_has (html, "</span> on track</span>");
  /* Against January (150): +20.0 %. */
  assert_has (html, "vs previous period <strong>+20.0 %</strong>");
  /* Three orders, no unit written for a count; no target: said. */
  assert_has (html, "<span class=\"kpi-number\">3</span>");
  assert_has (html, "no target</span>");
  /* The mobile basket divides by zero: no data, and why, never "nan". */
  assert_has (html, "<span class=\"kpi-number\">no data</span>");
  assert_has (html, "a division by zero");
  assert_no_nan (html);
  /* The breakdown by channel: online 120 EUR, store 60 EUR. */
  assert_has (html, "<caption>by channel</caption>");
  assert_has (html, "<td>online</td><td class=\"kpi-num\">120 EUR");
  assert_has (html, "<td>store</td><td class=\"kpi-num\">60 EUR");
  assert_self_contained (html);
}
END_TEST

START_TEST (test_status_words)
{
  /* 180 against 400: 45 % attained, below the 90 % of at risk. */
  g_autoptr(KpiDefinitions) defs = make_definitions (400);
  g_autofree char *html = page_for (defs, "2025-02");

  assert_has (html, "target 400 EUR, 45.0 % attained");
  assert_has (html, "kpi-status-off-track");
  assert_has (html, "</span> off track</span>");
  ck_assert (strstr (html, "class=\"kpi-status kpi-status-on-track\"") == NULL);
}
END_TEST

START_TEST (test_hostile_title)
{
  g_autoptr(KpiDefinitions) defs = make_definitions (150);
  g_autofree char *html = page_for (defs, "2025-02");

  /* The indicator's title is text wherever it is written: the card's
   * heading, the bullet graph's label and title. */
  ck_assert (strstr (html, HOSTILE) == NULL);
  assert_has (html, "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>");
  assert_has (html, "aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt;: 180");
  assert_self_contained (html);
}
END_TEST

START_TEST (test_findings_explain)
{
  g_autoptr(KpiDefinitions) defs = make_definitions (150);
  g_autofree char *html = page_for (defs, "2025-02");

  /* The channel check finds "<fax>": the revenue's quality badge says
   * failed and lists the finding, escaped; the page's closing list has
   * it with the check's id. */
  assert_has (html, "data quality: failed");
  assert_has (html, "&lt;fax&gt;");
  ck_assert (strstr (html, "<fax>") == NULL);
  assert_has (html, "<strong>fail</strong> channels_known: ");
  assert_has (html, "<p class=\"kpi-why\">");
}
END_TEST

START_TEST (test_to_date)
{
  g_autoptr(KpiDefinitions) defs = make_definitions (150);
  g_autofree char *html = page_for (defs, NULL);

  /* March to date, as of the calendar's now: no order yet, so no data,
   * and never "nan" for the comparisons' changes or the projection. */
  assert_has (html, "<strong>2025-03</strong> to date (as of 2025-03-16)");
  assert_has (html, "<title>Sales &amp; co — 2025-03 to date</title>");
  assert_has (html, "to date, compared like for like");
  assert_no_nan (html);
  assert_self_contained (html);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "page-of-a-period", test_page_of_a_period },
    { "status-words", test_status_words },
    { "hostile-title", test_hostile_title },
    { "findings-explain", test_findings_explain },
    { "to-date", test_to_date },
  };

  return kpi_test_run ("report-html", cases, G_N_ELEMENTS (cases), 30);
}
