/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* White-box tests of the HTML report's building blocks
 * (libkpi/kpi-html-private.h): escaping, missing values (never "nan", never
 * a zero), the geometry of the graphics, the badges and the page. What a
 * browser makes of them is tests/html/check-page.py's business. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"

#include "kpi-html-private.h"

/* The number of non-overlapping occurrences of @needle in @haystack. */
static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

/* Asserts that @text shows no non-finite number the way printf would:
 * "nan", "inf" (any case). */
static void
assert_no_nan (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  ck_assert_msg (strstr (lower, "nan") == NULL, "“nan” in %s", text);
  ck_assert_msg (strstr (lower, "inf") == NULL, "“inf” in %s", text);
}

START_TEST (test_escape)
{
  g_autoptr(GString) out = g_string_new ("x");

  kpi_html_escape (out, "<a href=\"q\">Tom & Jerry's</a>");
  ck_assert_str_eq (out->str, "x&lt;a href=&quot;q&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");

  /* NULL appends nothing; UTF-8 passes through untouched. */
  g_string_assign (out, "");
  kpi_html_escape (out, NULL);
  ck_assert_str_eq (out->str, "");
  kpi_html_escape (out, "€ ▲");
  ck_assert_str_eq (out->str, "€ ▲");

  /* What a caller passes reaches every block escaped: a label, a title,
   * an explanation, a table cell. */
  g_string_assign (out, "");
  kpi_svg_bullet (out, 1, 2, 0, 3, NULL, 0, TRUE, "<b>&");
  kpi_html_begin_card (out, "\"card\"");
  kpi_html_quality_badge (out, KPI_QUALITY_WARNING, 0.5, (const char * const[]) { "x < 'y'", NULL });
  kpi_html_table_cell (out, "a>b");
  ck_assert (strchr (out->str, '\'') == NULL);
  ck_assert (strstr (out->str, "<b>") == NULL);
  kpi_test_assert_contains (out->str, "aria-label=\"&lt;b&gt;&amp;: 1, target 2");
  kpi_test_assert_contains (out->str, "<h2>&quot;card&quot;</h2>");
  kpi_test_assert_contains (out->str, "<li>x &lt; &#39;y&#39;</li>");
  kpi_test_assert_contains (out->str, "<td>a&gt;b</td>");
}
END_TEST

START_TEST (test_numbers)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* At most two decimals, no trailing zeros, a point whatever the locale,
   * no "-0"; a non-finite value is the text for missing. */
  kpi_html_append_number (out, 1234.5, NULL);
  g_string_append_c (out, ' ');
  kpi_html_append_number (out, 1.0 / 3.0, NULL);
  g_string_append_c (out, ' ');
  kpi_html_append_number (out, -2.0, NULL);
  g_string_append_c (out, ' ');
  kpi_html_append_number (out, -0.001, NULL);
  g_string_append_c (out, ' ');
  kpi_html_append_number (out, NAN, "no data");
  g_string_append_c (out, ' ');
  kpi_html_append_number (out, -INFINITY, "none");
  g_string_append_c (out, ' ');
  kpi_html_append_number (out, 2e20, NULL);
  ck_assert_str_eq (out->str, "1234.5 0.33 -2 0 no data none 2e+20");
}
END_TEST

START_TEST (test_no_nan)
{
  const double nan_values[] = { NAN, NAN, NAN };
  const double some[] = { 3, NAN, INFINITY, 5 };
  const char * const stages[] = { "visits", "carts", "orders" };
  const double funnel[] = { NAN, 0, 40 };
  const double bands[] = { NAN, 50 };
  g_autoptr(GString) out = g_string_new (NULL);

  kpi_svg_bullet (out, NAN, NAN, 0, 100, bands, G_N_ELEMENTS (bands), TRUE, "revenue");
  kpi_test_assert_contains (out->str, ">no data</text>");
  kpi_test_assert_contains (out->str, ">no target</text>");
  kpi_test_assert_contains (out->str, "aria-label=\"revenue: no data, no target, scale 0 to 100\"");
  /* No value bar (it would be a bar at 0) and no target tick. */
  ck_assert (strstr (out->str, "kpi-value") == NULL);
  ck_assert (strstr (out->str, "kpi-target") == NULL);

  kpi_svg_bullet (out, INFINITY, 5, NAN, 100, NULL, 0, FALSE, NULL);
  kpi_test_assert_contains (out->str, "no scale");
  kpi_svg_sparkline (out, nan_values, G_N_ELEMENTS (nan_values), 1);
  kpi_test_assert_contains (out->str, "trend of 3 values: no data");
  kpi_svg_sparkline (out, some, G_N_ELEMENTS (some), 1);
  kpi_test_assert_contains (out->str, "trend of 4 values: min 3, max 5, last 5, 2 missing");
  kpi_svg_sparkline (out, NULL, 0, -1);
  kpi_svg_bars (out, stages, funnel, G_N_ELEMENTS (funnel), "orders");
  kpi_test_assert_contains (out->str, "visits: no data; carts: 0 orders · no conversion; "
                                      "orders: 40 orders · no conversion");
  kpi_html_quality_badge (out, KPI_QUALITY_FAILED, NAN, NULL);
  kpi_html_table_number_cell (out, NAN, "€");
  kpi_test_assert_contains (out->str, "<td class=\"kpi-num\">no data</td>");
  assert_no_nan (out->str);
}
END_TEST

START_TEST (test_sparkline_gap)
{
  /* x of value i: 3 + i × (120 − 6) / 4 = 3, 31.5, 60, 88.5, 117;
   * y of v: 28 − 3 − (v − 1) / (5 − 1) × (28 − 6): 1 → 25, 2 → 19.5,
   * 4 → 8.5, 5 → 3. */
  const double values[] = { 1, 2, NAN, 4, 5 };
  const double alone[] = { 1, NAN, 3, NAN, 5 };
  g_autoptr(GString) out = g_string_new (NULL);

  kpi_svg_sparkline (out, values, G_N_ELEMENTS (values), -1);
  /* Two runs, no point at x = 60 (the missing value) and none at the
   * bottom line a zero would be drawn on. */
  ck_assert_uint_eq (count (out->str, "<polyline"), 2);
  kpi_test_assert_contains (out->str, "points=\"3,25 31.5,19.5\"");
  kpi_test_assert_contains (out->str, "points=\"88.5,8.5 117,3\"");
  ck_assert (strstr (out->str, "60,") == NULL);
  /* The last point is marked; the label has the minimum and maximum. */
  kpi_test_assert_contains (out->str, "class=\"kpi-spark-mark\" cx=\"117\" cy=\"3\"");
  kpi_test_assert_contains (out->str, "aria-label=\"trend of 5 values: min 1, max 5, last 5, 1 missing\"");
  kpi_test_assert_contains (out->str, "role=\"img\"");

  /* A highlighted point other than the last. */
  g_string_truncate (out, 0);
  kpi_svg_sparkline (out, values, G_N_ELEMENTS (values), 1);
  kpi_test_assert_contains (out->str, "class=\"kpi-spark-mark\" cx=\"31.5\" cy=\"19.5\"");
  kpi_test_assert_contains (out->str, "marked 2 (value 2)");

  /* Values alone between gaps are dots: a polyline of one point would
   * not show. */
  g_string_truncate (out, 0);
  kpi_svg_sparkline (out, alone, G_N_ELEMENTS (alone), -1);
  ck_assert_uint_eq (count (out->str, "<polyline"), 0);
  ck_assert_uint_eq (count (out->str, "class=\"kpi-spark-dot\""), 3);
  kpi_test_assert_contains (out->str, "<circle class=\"kpi-spark-dot\" cx=\"60\" cy=\"14\"");
}
END_TEST

START_TEST (test_bullet_geometry)
{
  /* The scale 0 to 200 spans x = 4 to 4 + 232 = 236. The target 150 is at
   * 4 + 150 / 200 × 232 = 178; the value 120 a bar from x = 4 to
   * 4 + 0.6 × 232 = 143.2 (width 139.2); the bands end at 80 (x = 96.8)
   * and 160 (x = 189.6). */
  const double bands[] = { 80, 160 };
  g_autoptr(GString) out = g_string_new (NULL);

  kpi_svg_bullet (out, 120, 150, 0, 200, bands, G_N_ELEMENTS (bands), TRUE, "orders");
  kpi_test_assert_contains (out->str, "<line class=\"kpi-target\" x1=\"178\" x2=\"178\"");
  kpi_test_assert_contains (out->str, "<rect class=\"kpi-value\" x=\"4\" y=\"10.67\" width=\"139.2\"");
  ck_assert_uint_eq (count (out->str, "class=\"kpi-bullet-band\""), 3);
  /* Higher is better: the darkest range is the lowest. */
  kpi_test_assert_contains (out->str, "x=\"4\" y=\"0\" width=\"92.8\" height=\"32\" fill=\"#989898\"");
  kpi_test_assert_contains (out->str, "x=\"96.8\" y=\"0\" width=\"92.8\" height=\"32\" fill=\"#c0c0c0\"");
  kpi_test_assert_contains (out->str, "x=\"189.6\" y=\"0\" width=\"46.4\" height=\"32\" fill=\"#e8e8e8\"");
  kpi_test_assert_contains (out->str, "aria-label=\"orders: 120, target 150, scale 0 to 200\"");
  kpi_test_assert_contains (out->str, "<title>orders: 120, target 150, scale 0 to 200</title>");

  /* Lower is better: the darkest is the highest. A target beyond the
   * scale is held at its end (x = 236), and the label says the value is
   * beyond it. */
  g_string_truncate (out, 0);
  kpi_svg_bullet (out, 250, 300, 0, 200, bands, G_N_ELEMENTS (bands), FALSE, NULL);
  kpi_test_assert_contains (out->str, "x=\"4\" y=\"0\" width=\"92.8\" height=\"32\" fill=\"#e8e8e8\"");
  kpi_test_assert_contains (out->str, "x=\"189.6\" y=\"0\" width=\"46.4\" height=\"32\" fill=\"#989898\"");
  kpi_test_assert_contains (out->str, "x1=\"236\" x2=\"236\"");
  kpi_test_assert_contains (out->str, "(the value is beyond the scale)");

  /* A scale below zero: the bar runs from 0 leftwards to the value:
   * x(0) = 4 + 100 / 200 × 232 = 120, x(−50) = 62. */
  g_string_truncate (out, 0);
  kpi_svg_bullet (out, -50, 20, -100, 100, NULL, 0, TRUE, NULL);
  kpi_test_assert_contains (out->str, "<rect class=\"kpi-value\" x=\"62\" y=\"10.67\" width=\"58\"");
}
END_TEST

START_TEST (test_bars)
{
  /* visits 800 (the longest bar, 296), carts 500 (185; 62.5 % of 800),
   * orders 100 (37; 20 % of 500). */
  const char * const stages[] = { "visits", "carts", "<orders>" };
  const double counts[] = { 800, 500, 100 };
  g_autoptr(GString) out = g_string_new (NULL);

  kpi_svg_bars (out, stages, counts, G_N_ELEMENTS (counts), NULL);
  ck_assert_uint_eq (count (out->str, "class=\"kpi-bar\""), 3);
  kpi_test_assert_contains (out->str, "width=\"296\"");
  kpi_test_assert_contains (out->str, "width=\"185\"");
  kpi_test_assert_contains (out->str, "width=\"37\"");
  kpi_test_assert_contains (out->str, ">visits: 800</text>");
  kpi_test_assert_contains (out->str, ">carts: 500 · 62.5 % of previous</text>");
  kpi_test_assert_contains (out->str, ">&lt;orders&gt;: 100 · 20 % of previous</text>");
  kpi_test_assert_contains (out->str, "aria-label=\"visits: 800; carts: 500 · 62.5 % of previous; "
                                      "&lt;orders&gt;: 100 · 20 % of previous\"");
}
END_TEST

START_TEST (test_badges)
{
  const struct { KpiStatus status; const char *expected; } statuses[] = {
    { KPI_STATUS_ON_TRACK, "<span class=\"kpi-status kpi-status-on-track\"><span aria-hidden=\"true\">●</span> on track</span>" },
    { KPI_STATUS_AT_RISK, "<span class=\"kpi-status kpi-status-at-risk\"><span aria-hidden=\"true\">▲</span> at risk</span>" },
    { KPI_STATUS_OFF_TRACK, "<span class=\"kpi-status kpi-status-off-track\"><span aria-hidden=\"true\">■</span> off track</span>" },
    { KPI_STATUS_UNKNOWN, "<span class=\"kpi-status kpi-status-unknown\"><span aria-hidden=\"true\">?</span> unknown</span>" },
  };
  const char * const why[] = { "2 late rows", "outlier on 2025-02-14", NULL };
  g_autoptr(GString) out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_string_truncate (out, 0);
      kpi_html_status_badge (out, statuses[i].status);
      ck_assert_str_eq (out->str, statuses[i].expected);
    }

  /* The word, the confidence as a percentage (0.724 → 72 %) and the
   * explanations in a <details> that needs no script. */
  g_string_truncate (out, 0);
  kpi_html_quality_badge (out, KPI_QUALITY_WARNING, 0.724, why);
  ck_assert_str_eq (out->str,
                    "<details class=\"kpi-quality kpi-quality-warning\"><summary>"
                    "<span aria-hidden=\"true\">!</span> data quality: warning, confidence 72 %</summary>"
                    "<ul><li>2 late rows</li><li>outlier on 2025-02-14</li></ul></details>");
  g_string_truncate (out, 0);
  kpi_html_quality_badge (out, KPI_QUALITY_GOOD, 1.0, NULL);
  kpi_test_assert_contains (out->str, "data quality: good, confidence 100 %</summary><p>");
}
END_TEST

START_TEST (test_page)
{
  const char * const headers[] = { "indicator", "value" };
  g_autoptr(GString) out = g_string_new (NULL);

  kpi_html_begin_page (out, "Sales & margin", NULL);
  kpi_html_table_begin (out, "figures", headers, G_N_ELEMENTS (headers));
  kpi_html_table_row_begin (out);
  kpi_html_table_cell (out, "revenue");
  kpi_html_table_number_cell (out, 1200.5, "€");
  kpi_html_table_row_end (out);
  kpi_html_table_end (out);
  kpi_html_end_page (out);

  ck_assert (g_str_has_prefix (out->str, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
  ck_assert (g_str_has_suffix (out->str, "</body>\n</html>\n"));
  kpi_test_assert_contains (out->str, "<title>Sales &amp; margin</title>");
  kpi_test_assert_contains (out->str, "<meta name=\"viewport\"");
  kpi_test_assert_contains (out->str, "@page{size:A4;margin:12mm}");
  kpi_test_assert_contains (out->str, "print-color-adjust:exact");
  kpi_test_assert_contains (out->str, "break-inside:avoid");
  kpi_test_assert_contains (out->str, "<td class=\"kpi-num\">1200.5 €</td>");
  /* Nothing the page would fetch. */
  ck_assert (strstr (out->str, "src=") == NULL);
  ck_assert (strstr (out->str, "href") == NULL);
  ck_assert (strstr (out->str, "url(") == NULL);
  ck_assert (strstr (out->str, "@import") == NULL);
  ck_assert (strstr (out->str, "<script") == NULL);

  g_string_truncate (out, 0);
  kpi_html_begin_page (out, NULL, "fr");
  kpi_test_assert_contains (out->str, "<html lang=\"fr\">");
  kpi_test_assert_contains (out->str, "<title></title>");
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "escape", test_escape },
    { "numbers", test_numbers },
    { "no-nan", test_no_nan },
    { "sparkline-gap", test_sparkline_gap },
    { "bullet-geometry", test_bullet_geometry },
    { "bars", test_bars },
    { "badges", test_badges },
    { "page", test_page },
  };

  return kpi_test_run ("html", cases, G_N_ELEMENTS (cases), 30);
}
