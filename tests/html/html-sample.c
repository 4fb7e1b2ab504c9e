/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* html-sample: writes a page made of every building block of the HTML
 * report (libkpi/kpi-html-private.h), seven cards as a dashboard has them,
 * for tests/html/check-page.py --self-test to open in a real browser.
 *
 * Usage: html-sample OUTPUT.html */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "kpi-html-private.h"

static void
card (GString    *out,
      const char *title,
      const char *figure,
      KpiStatus   status,
      double      value,
      double      target,
      double      upper,
      gboolean    higher_is_better,
      const double *trend,
      gsize       n_trend,
      KpiQuality  quality,
      double      confidence,
      const char * const *why)
{
  const double bands[] = { 0.6 * upper, 0.85 * upper };

  kpi_html_begin_card (out, title);
  g_string_append (out, "<p class=\"kpi-number\">");
  kpi_html_escape (out, figure);
  g_string_append (out, "</p>\n<p>");
  kpi_html_status_badge (out, status);
  g_string_append (out, "</p>\n");
  kpi_svg_bullet (out, value, target, 0, upper, bands, G_N_ELEMENTS (bands), higher_is_better, title);
  g_string_append (out, "\n");
  kpi_svg_sparkline (out, trend, n_trend, -1);
  g_string_append (out, "\n");
  kpi_html_quality_badge (out, quality, confidence, why);
  g_string_append (out, "\n");
  kpi_html_end_card (out);
}

int
main (int   argc,
      char *argv[])
{
  const double revenue[] = { 98, 102, 110, 107, 115, 121, 118, 126, 131, 129, 136, 142 };
  const double sales[] = { 40, 42, 41, 44, 43, 45, 44, 46, 45, 44, 43, 42 };
  const double customers[] = { 30, 28, NAN, 25, 22, NAN, 20, 18, 17, 15, 14, 12 };
  const double margin[] = { 0.31, 0.32, 0.30, 0.33, 0.34, 0.33, 0.35, 0.34, 0.36, 0.35, 0.37, 0.36 };
  const double cac[] = { 95, 90, 92, 88, 85, 87, 84, 80, 82, 79, 78, 76 };
  const double nps[] = { NAN, NAN, NAN };
  const char * const stages[] = { "leads", "qualified", "proposal", "negotiation", "won" };
  const double funnel[] = { 800, 500, 240, 120, 60 };
  const char * const late[] = { "3 reps had not reported by the 5th", NULL };
  const char * const failed[] = { "2 rows restated after the period closed",
                                  "outlier on 2025-02-14 (<Hampel>, 4.2 MADs)", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s OUTPUT.html\n", argv[0]);
      return 2;
    }

  kpi_html_begin_page (out, "Sales dashboard — February 2025", "en");
  g_string_append (out, "<h1>Sales dashboard — February 2025</h1>\n");
  kpi_html_begin_cards (out);
  card (out, "Revenue", "142 k€", KPI_STATUS_ON_TRACK, 142, 135, 180, TRUE,
        revenue, G_N_ELEMENTS (revenue), KPI_QUALITY_GOOD, 0.98, NULL);
  card (out, "Number of sales", "42", KPI_STATUS_AT_RISK, 42, 45, 60, TRUE,
        sales, G_N_ELEMENTS (sales), KPI_QUALITY_WARNING, 0.8, late);
  card (out, "New customers", "12", KPI_STATUS_OFF_TRACK, 12, 25, 40, TRUE,
        customers, G_N_ELEMENTS (customers), KPI_QUALITY_FAILED, 0.4, failed);
  card (out, "Gross margin rate", "36 %", KPI_STATUS_UNKNOWN, 0.36, NAN, 0.5, TRUE,
        margin, G_N_ELEMENTS (margin), KPI_QUALITY_GOOD, 1.0, NULL);
  card (out, "Customer acquisition cost", "76 €", KPI_STATUS_ON_TRACK, 76, 80, 120, FALSE,
        cac, G_N_ELEMENTS (cac), KPI_QUALITY_UNCHECKED, NAN, NULL);
  card (out, "Net promoter score", "no data", KPI_STATUS_UNKNOWN, NAN, 40, 100, TRUE,
        nps, G_N_ELEMENTS (nps), KPI_QUALITY_UNCHECKED, NAN, NULL);

  kpi_html_begin_card (out, "Sales funnel");
  kpi_svg_bars (out, stages, funnel, G_N_ELEMENTS (funnel), "deals");
  g_string_append (out, "\n");
  kpi_html_end_card (out);
  kpi_html_end_cards (out);
  kpi_html_end_page (out);

  if (!g_file_set_contents (argv[1], out->str, out->len, &error))
    {
      fprintf (stderr, "html-sample: %s\n", error->message);
      return 1;
    }
  return 0;
}
