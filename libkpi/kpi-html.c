/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-html.c: the building blocks of the HTML report (kpi-html-private.h):
 * escaping, the page and its stylesheet, inline SVG graphics and badges */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-html-private.h"

/* ------------------------------------------------------------------------
 * Text and numbers
 * ------------------------------------------------------------------------ */

void
kpi_html_escape (GString    *out,
                 const char *text)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;

  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* @value with @decimals decimals at most, trailing zeros dropped, in the
 * C locale's notation whatever the locale; "-0" is "0". @value is
 * finite. */
static void
append_fixed (GString *out,
              double   value,
              int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  char *end;

  /* %f of a huge number would not fit the buffer: such numbers keep
   * their magnitude in an exponent. */
  if (fabs (value) >= 1e15)
    {
      g_ascii_formatd (buf, sizeof buf, "%.6g", value);
      g_string_append (out, buf);
      return;
    }
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  if (strchr (buf, '.') != NULL)
    {
      end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  g_string_append (out, strcmp (buf, "-0") == 0 ? "0" : buf);
}

void
kpi_html_append_number (GString    *out,
                        double      value,
                        const char *missing)
{
  g_return_if_fail (out != NULL);

  if (!isfinite (value))
    kpi_html_escape (out, missing);
  else
    append_fixed (out, value, 2);
}

/* A coordinate of an SVG attribute: always finite here. */
static void
append_coord (GString *out,
              double   value)
{
  append_fixed (out, isfinite (value) ? value : 0.0, 2);
}

/* ------------------------------------------------------------------------
 * The page
 * ------------------------------------------------------------------------ */

/* The whole stylesheet: the page needs nothing else. Seven cards fit one
 * 1366×768 screen (four columns, two rows); on paper, A4 with 12 mm
 * margins, three columns, no card split across pages, and the colours
 * printed as they are shown. Every colour beside text has a contrast of
 * at least 4.5:1 with it, and each colour comes with a word. */
static const char stylesheet[] =
  ":root{color-scheme:light;--ink:#1b1b1b;--muted:#555;--line:#d0d0d0;"
  "--ok-bg:#d8f0dd;--ok-ink:#0b5a1d;--risk-bg:#fff0c2;--risk-ink:#6a4a00;"
  "--off-bg:#fbd6d6;--off-ink:#8c1010;--unk-bg:#e8e8e8;--unk-ink:#333}\n"
  "*{box-sizing:border-box}\n"
  "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
  "body{margin:0;padding:12px 16px;font:14px/1.35 system-ui,\"DejaVu Sans\",sans-serif;"
  "color:var(--ink);background:#fff}\n"
  "h1{font-size:20px;margin:0 0 8px}\n"
  "h2{font-size:15px;margin:0 0 4px}\n"
  ".kpi-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px}\n"
  ".kpi-card{border:1px solid var(--line);border-radius:6px;padding:8px 10px;"
  "break-inside:avoid;page-break-inside:avoid;min-width:0}\n"
  ".kpi-card svg{display:block;max-width:100%;height:auto}\n"
  ".kpi-number{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}\n"
  ".kpi-muted{color:var(--muted);font-size:12px}\n"
  ".kpi-status,.kpi-quality>summary{display:inline-block;padding:1px 7px;"
  "border-radius:10px;font-size:12px;font-weight:600;border:1px solid currentColor}\n"
  ".kpi-status-on-track,.kpi-quality-good>summary{background:var(--ok-bg);color:var(--ok-ink)}\n"
  ".kpi-status-at-risk,.kpi-quality-warning>summary{background:var(--risk-bg);color:var(--risk-ink)}\n"
  ".kpi-status-off-track,.kpi-quality-failed>summary{background:var(--off-bg);color:var(--off-ink)}\n"
  ".kpi-status-unknown,.kpi-quality-unchecked>summary{background:var(--unk-bg);color:var(--unk-ink)}\n"
  ".kpi-quality{display:inline-block;font-size:12px}\n"
  ".kpi-quality>summary{cursor:pointer}\n"
  ".kpi-quality ul{margin:4px 0 0;padding-left:18px}\n"
  ".kpi-table{border-collapse:collapse;font-size:13px;margin:6px 0}\n"
  ".kpi-table caption{text-align:left;font-weight:600}\n"
  ".kpi-table th,.kpi-table td{border-bottom:1px solid var(--line);padding:2px 8px;text-align:left}\n"
  ".kpi-table td.kpi-num{text-align:right;font-variant-numeric:tabular-nums}\n"
  /* The report's page (kpi-report-html.c): a compact header, cards
   * whose lines keep to one or two, and wide sections below. */
  ".kpi-header{margin:0 0 8px}\n"
  ".kpi-header h1{margin:0 0 2px}\n"
  ".kpi-meta,.kpi-scores{margin:0 0 2px;font-size:13px}\n"
  ".kpi-card p{margin:2px 0}\n"
  ".kpi-headline{display:flex;align-items:baseline;gap:8px;flex-wrap:wrap}\n"
  ".kpi-trend{display:flex;align-items:center;gap:8px}\n"
  ".kpi-changes{list-style:none;margin:2px 0;padding:0;font-size:12px}\n"
  ".kpi-flags{color:var(--muted)}\n"
  ".kpi-why{font-size:12px;color:var(--muted);display:-webkit-box;-webkit-box-orient:vertical;"
  "-webkit-line-clamp:2;overflow:hidden}\n"
  ".kpi-more{font-size:12px}\n"
  ".kpi-more>summary,.kpi-section>summary{cursor:pointer;color:var(--muted)}\n"
  ".kpi-notes{margin:2px 0;padding-left:18px;font-size:12px}\n"
  ".kpi-wide{border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:10px 0 0}\n"
  ".kpi-section{margin:8px 0 0;font-size:13px}\n"
  "@page{size:A4;margin:12mm}\n"
  "@media print{"
  "body{padding:0;font-size:10pt}"
  ".kpi-cards{grid-template-columns:repeat(3,1fr);gap:6px}"
  ".kpi-card,.kpi-table tr,svg{break-inside:avoid;page-break-inside:avoid}"
  ".kpi-quality>summary{border-width:1px}"
  /* The badge's list is printed: its first lines would repeat it. */
  ".kpi-why{display:none}"
  ".kpi-wide{break-inside:auto}"
  /* What a <details> explains is printed, open or not. */
  "details::details-content{content-visibility:visible;display:block}"
  "}\n";

void
kpi_html_begin_page (GString    *out,
                     const char *title,
                     const char *lang)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  kpi_html_escape (out, lang != NULL ? lang : "en");
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>");
  kpi_html_escape (out, title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, stylesheet);
  g_string_append (out, "</style>\n</head>\n<body>\n");
}

void
kpi_html_end_page (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "</body>\n</html>\n");
}

void
kpi_html_begin_cards (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "<div class=\"kpi-cards\">\n");
}

void
kpi_html_end_cards (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "</div>\n");
}

void
kpi_html_begin_card (GString    *out,
                     const char *title)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "<section class=\"kpi-card\">\n<h2>");
  kpi_html_escape (out, title);
  g_string_append (out, "</h2>\n");
}

void
kpi_html_end_card (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "</section>\n");
}

/* ------------------------------------------------------------------------
 * SVG
 * ------------------------------------------------------------------------ */

/* <svg …> with its viewBox, its intrinsic size, role="img", the
 * aria-label and the same text as its <title>. */
static void
svg_begin (GString    *out,
           const char *klass,
           double      width,
           double      height,
           const char *label)
{
  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" viewBox=\"0 0 ", klass);
  append_coord (out, width);
  g_string_append_c (out, ' ');
  append_coord (out, height);
  g_string_append (out, "\" width=\"");
  append_coord (out, width);
  g_string_append (out, "\" height=\"");
  append_coord (out, height);
  g_string_append (out, "\" role=\"img\" aria-label=\"");
  kpi_html_escape (out, label);
  g_string_append (out, "\"><title>");
  kpi_html_escape (out, label);
  g_string_append (out, "</title>");
}

static void
svg_rect (GString    *out,
          const char *klass,
          double      x,
          double      y,
          double      width,
          double      height,
          const char *fill)
{
  g_string_append_printf (out, "<rect class=\"%s\" x=\"", klass);
  append_coord (out, x);
  g_string_append (out, "\" y=\"");
  append_coord (out, y);
  g_string_append (out, "\" width=\"");
  append_coord (out, MAX (width, 0.0));
  g_string_append (out, "\" height=\"");
  append_coord (out, MAX (height, 0.0));
  g_string_append_printf (out, "\" fill=\"%s\"/>", fill);
}

/* A <text> at (@x, @y), its escaped @text, anchored at "start", "middle"
 * or "end". */
static void
svg_text (GString    *out,
          const char *klass,
          double      x,
          double      y,
          const char *anchor,
          const char *text)
{
  g_string_append_printf (out, "<text class=\"%s\" x=\"", klass);
  append_coord (out, x);
  g_string_append (out, "\" y=\"");
  append_coord (out, y);
  g_string_append_printf (out, "\" text-anchor=\"%s\" font-size=\"11\" "
                               "font-family=\"system-ui, 'DejaVu Sans', sans-serif\" fill=\"#1b1b1b\">",
                          anchor);
  kpi_html_escape (out, text);
  g_string_append (out, "</text>");
}

static double
bullet_x (double value,
          double lower,
          double upper)
{
  double v = CLAMP (value, lower, upper);

  return KPI_SVG_BULLET_X0 + (v - lower) / (upper - lower) * KPI_SVG_BULLET_PLOT_WIDTH;
}

void
kpi_svg_bullet (GString      *out,
                double        value,
                double        target,
                double        lower,
                double        upper,
                const double *bands,
                gsize         n_bands,
                gboolean      higher_is_better,
                const char   *label)
{
  const double h = KPI_SVG_BULLET_HEIGHT;
  gboolean has_scale = isfinite (lower) && isfinite (upper) && upper > lower;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (out != NULL);
  g_return_if_fail (bands != NULL || n_bands == 0);

  if (label != NULL && *label != '\0')
    g_string_append_printf (text, "%s: ", label);
  kpi_html_append_number (text, value, "no data");
  if (isfinite (target))
    {
      g_string_append (text, ", target ");
      kpi_html_append_number (text, target, NULL);
    }
  else
    g_string_append (text, ", no target");
  if (has_scale)
    {
      g_string_append (text, ", scale ");
      kpi_html_append_number (text, lower, NULL);
      g_string_append (text, " to ");
      kpi_html_append_number (text, upper, NULL);
      if (isfinite (value) && (value < lower || value > upper))
        g_string_append (text, " (the value is beyond the scale)");
    }
  else
    g_string_append (text, ", no scale");

  svg_begin (out, "kpi-bullet", KPI_SVG_BULLET_WIDTH, h, text->str);

  if (!has_scale)
    {
      svg_text (out, "kpi-bullet-missing", KPI_SVG_BULLET_WIDTH / 2, h / 2 + 4, "middle", "no scale");
      g_string_append (out, "</svg>");
      return;
    }

  /* The qualitative ranges, n_bands + 1 of them from lower to upper,
   * shaded from dark grey (the worst) to light grey (the best), as in
   * Stephen Few's design; boundaries out of order or out of the scale are
   * held to it, a missing one is skipped. */
  {
    gsize n_ranges = n_bands + 1;
    double from = lower;
    gsize drawn = 0;

    for (gsize i = 0; i <= n_bands; i++)
      {
        double to = i < n_bands ? bands[i] : upper;
        gsize badness;
        int grey;
        char fill[8];

        if (!isfinite (to))
          continue;
        to = CLAMP (to, from, upper);
        badness = higher_is_better ? n_ranges - 1 - drawn : drawn;
        grey = n_ranges > 1 ? 232 - (int) (badness * 80 / (n_ranges - 1)) : 220;
        g_snprintf (fill, sizeof fill, "#%02x%02x%02x", grey, grey, grey);
        svg_rect (out, "kpi-bullet-band", bullet_x (from, lower, upper), 0,
                  bullet_x (to, lower, upper) - bullet_x (from, lower, upper), h, fill);
        from = to;
        drawn++;
      }
    /* Skipped boundaries: the last range reaches the upper end. */
    if (from < upper)
      svg_rect (out, "kpi-bullet-band", bullet_x (from, lower, upper), 0,
                bullet_x (upper, lower, upper) - bullet_x (from, lower, upper), h, "#e8e8e8");
  }

  /* The value: a bar from zero (or the nearest end of the scale) to it. */
  if (isfinite (value))
    {
      double x0 = bullet_x (CLAMP (0.0, lower, upper), lower, upper);
      double x1 = bullet_x (value, lower, upper);

      svg_rect (out, "kpi-value", MIN (x0, x1), h / 3, MAX (fabs (x1 - x0), 1.0), h / 3, "#1b1b1b");
    }
  else
    svg_text (out, "kpi-bullet-missing", KPI_SVG_BULLET_X0 + 4, h / 2 + 4, "start", "no data");

  /* The target: a vertical tick across the middle of the bands. */
  if (isfinite (target))
    {
      double x = bullet_x (target, lower, upper);

      g_string_append (out, "<line class=\"kpi-target\" x1=\"");
      append_coord (out, x);
      g_string_append (out, "\" x2=\"");
      append_coord (out, x);
      g_string_append (out, "\" y1=\"");
      append_coord (out, h * 0.18);
      g_string_append (out, "\" y2=\"");
      append_coord (out, h * 0.82);
      g_string_append (out, "\" stroke=\"#000\" stroke-width=\"2.5\"/>");
    }
  else
    svg_text (out, "kpi-bullet-missing", KPI_SVG_BULLET_X0 + KPI_SVG_BULLET_PLOT_WIDTH - 4,
              h / 2 + 4, "end", "no target");

  g_string_append (out, "</svg>");
}

void
kpi_svg_sparkline (GString      *out,
                   const double *values,
                   gsize         n,
                   gssize        highlight)
{
  const double w = KPI_SVG_SPARK_WIDTH, h = KPI_SVG_SPARK_HEIGHT;
  double min = INFINITY, max = -INFINITY;
  gsize present = 0, mark = G_MAXSIZE;
  gboolean in_run = FALSE;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (out != NULL);
  g_return_if_fail (values != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        min = MIN (min, values[i]);
        max = MAX (max, values[i]);
        present++;
        mark = i;
      }
  if (highlight >= 0 && (gsize) highlight < n && isfinite (values[highlight]))
    mark = highlight;

  if (present == 0)
    {
      g_string_append_printf (text, "trend of %" G_GSIZE_FORMAT " values: no data", n);
      svg_begin (out, "kpi-sparkline", w, h, text->str);
      svg_text (out, "kpi-spark-missing", w / 2, h / 2 + 4, "middle", "no data");
      g_string_append (out, "</svg>");
      return;
    }

  g_string_append_printf (text, "trend of %" G_GSIZE_FORMAT " values: min ", n);
  kpi_html_append_number (text, min, NULL);
  g_string_append (text, ", max ");
  kpi_html_append_number (text, max, NULL);
  g_string_append (text, mark == n - 1 ? ", last " : ", marked ");
  kpi_html_append_number (text, values[mark], NULL);
  if (mark != n - 1)
    g_string_append_printf (text, " (value %" G_GSIZE_FORMAT ")", mark + 1);
  if (present < n)
    g_string_append_printf (text, ", %" G_GSIZE_FORMAT " missing", n - present);
  svg_begin (out, "kpi-sparkline", w, h, text->str);

#define SPARK_X(i) (n > 1 ? 3.0 + (double) (i) * (w - 6.0) / (double) (n - 1) : w / 2)
#define SPARK_Y(v) (max > min ? h - 3.0 - ((v) - min) / (max - min) * (h - 6.0) : h / 2)

  /* One polyline per run of values present: a missing value is a gap. A
   * value alone between gaps would be an invisible polyline: a dot. */
  for (gsize i = 0; i < n; i++)
    {
      gboolean here = isfinite (values[i]);
      gboolean next = i + 1 < n && isfinite (values[i + 1]);

      if (!here)
        {
          in_run = FALSE;
          continue;
        }
      if (!in_run && !next)
        {
          g_string_append (out, "<circle class=\"kpi-spark-dot\" cx=\"");
          append_coord (out, SPARK_X (i));
          g_string_append (out, "\" cy=\"");
          append_coord (out, SPARK_Y (values[i]));
          g_string_append (out, "\" r=\"1.2\" fill=\"#1b1b1b\"/>");
          continue;
        }
      if (!in_run)
        {
          g_string_append (out, "<polyline class=\"kpi-spark-line\" fill=\"none\" stroke=\"#1b1b1b\" "
                                "stroke-width=\"1.5\" stroke-linejoin=\"round\" points=\"");
          in_run = TRUE;
        }
      else
        g_string_append_c (out, ' ');
      append_coord (out, SPARK_X (i));
      g_string_append_c (out, ',');
      append_coord (out, SPARK_Y (values[i]));
      if (!next)
        {
          g_string_append (out, "\"/>");
          in_run = FALSE;
        }
    }

  g_string_append (out, "<circle class=\"kpi-spark-mark\" cx=\"");
  append_coord (out, SPARK_X (mark));
  g_string_append (out, "\" cy=\"");
  append_coord (out, SPARK_Y (values[mark]));
  g_string_append (out, "\" r=\"2.5\" fill=\"#b3261e\"/>");
  g_string_append (out, "</svg>");

#undef SPARK_X
#undef SPARK_Y
}

/* The bars' geometry: each row has its label and figures on one line and
 * its bar below, BARS_LENGTH long for the largest value, so that the text
 * keeps its size in a card as narrow as the bars. */
#define BARS_WIDTH  300.0
#define BARS_X0     2.0
#define BARS_LENGTH 296.0
#define BARS_ROW    30.0
#define BARS_TEXT   11.0
#define BARS_TOP    14.0
#define BARS_BAR    11.0

/* What a funnel's bar @i says: its count (with @unit) and, from the
 * second on, its conversion from the previous stage. */
static void
bars_figures (GString      *out,
              const double *values,
              gsize         i,
              const char   *unit)
{
  kpi_html_append_number (out, values[i], "no data");
  if (isfinite (values[i]) && unit != NULL)
    g_string_append_printf (out, " %s", unit);
  if (i == 0)
    return;
  if (isfinite (values[i]) && isfinite (values[i - 1]) && values[i - 1] != 0.0)
    {
      g_string_append (out, " · ");
      kpi_html_append_number (out, 100.0 * values[i] / values[i - 1], NULL);
      g_string_append (out, " % of previous");
    }
  else
    g_string_append (out, " · no conversion");
}

void
kpi_svg_bars (GString            *out,
              const char * const *labels,
              const double       *values,
              gsize               n,
              const char         *unit)
{
  double max = 0.0;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) figures = g_string_new (NULL);

  g_return_if_fail (out != NULL);
  g_return_if_fail ((labels != NULL && values != NULL) || n == 0);

  if (n == 0)
    {
      svg_begin (out, "kpi-bars", BARS_WIDTH, BARS_ROW, "no data");
      svg_text (out, "kpi-bars-missing", BARS_WIDTH / 2, BARS_ROW / 2 + 4, "middle", "no data");
      g_string_append (out, "</svg>");
      return;
    }

  /* The aria-label says everything the bars show. */
  for (gsize i = 0; i < n; i++)
    {
      if (isfinite (values[i]))
        max = MAX (max, values[i]);
      g_string_append_printf (text, "%s%s: ", i > 0 ? "; " : "", labels[i] != NULL ? labels[i] : "");
      bars_figures (text, values, i, unit);
    }
  svg_begin (out, "kpi-bars", BARS_WIDTH, n * BARS_ROW, text->str);

  for (gsize i = 0; i < n; i++)
    {
      double y = i * BARS_ROW;

      g_string_truncate (figures, 0);
      g_string_append_printf (figures, "%s: ", labels[i] != NULL ? labels[i] : "");
      bars_figures (figures, values, i, unit);
      svg_text (out, "kpi-bars-label", BARS_X0, y + BARS_TEXT, "start", figures->str);
      if (isfinite (values[i]) && max > 0.0)
        svg_rect (out, "kpi-bar", BARS_X0, y + BARS_TOP,
                  MAX (values[i], 0.0) / max * BARS_LENGTH, BARS_BAR, "#4a5a6a");
    }
  g_string_append (out, "</svg>");
}

/* ------------------------------------------------------------------------
 * Badges
 * ------------------------------------------------------------------------ */

void
kpi_html_status_badge (GString   *out,
                       KpiStatus  status)
{
  const char *klass, *shape;

  g_return_if_fail (out != NULL);

  switch (status)
    {
    case KPI_STATUS_ON_TRACK: klass = "on-track"; shape = "●"; break;
    case KPI_STATUS_AT_RISK: klass = "at-risk"; shape = "▲"; break;
    case KPI_STATUS_OFF_TRACK: klass = "off-track"; shape = "■"; break;
    case KPI_STATUS_UNKNOWN:
    default: klass = "unknown"; shape = "?"; break;
    }
  g_string_append_printf (out, "<span class=\"kpi-status kpi-status-%s\">"
                               "<span aria-hidden=\"true\">%s</span> ", klass, shape);
  kpi_html_escape (out, kpi_status_to_string (status));
  g_string_append (out, "</span>");
}

void
kpi_html_quality_badge (GString            *out,
                        KpiQuality          quality,
                        double              confidence,
                        const char * const *explanations)
{
  const char *klass, *word, *shape;

  g_return_if_fail (out != NULL);

  switch (quality)
    {
    case KPI_QUALITY_GOOD: klass = "good"; word = "good"; shape = "✓"; break;
    case KPI_QUALITY_WARNING: klass = "warning"; word = "warning"; shape = "!"; break;
    case KPI_QUALITY_FAILED: klass = "failed"; word = "failed"; shape = "✗"; break;
    case KPI_QUALITY_UNCHECKED:
    default: klass = "unchecked"; word = "not checked"; shape = "–"; break;
    }
  g_string_append_printf (out, "<details class=\"kpi-quality kpi-quality-%s\"><summary>"
                               "<span aria-hidden=\"true\">%s</span> data quality: %s",
                          klass, shape, word);
  if (isfinite (confidence))
    {
      g_string_append (out, ", confidence ");
      append_fixed (out, 100.0 * CLAMP (confidence, 0.0, 1.0), 0);
      g_string_append (out, " %");
    }
  g_string_append (out, "</summary>");
  if (explanations != NULL && explanations[0] != NULL)
    {
      g_string_append (out, "<ul>");
      for (gsize i = 0; explanations[i] != NULL; i++)
        {
          g_string_append (out, "<li>");
          kpi_html_escape (out, explanations[i]);
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul>");
    }
  else
    g_string_append_printf (out, "<p>%s</p>",
                            quality == KPI_QUALITY_UNCHECKED ? "No check looked at this value."
                                                             : "No finding affects this value.");
  g_string_append (out, "</details>");
}

/* ------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------ */

void
kpi_html_table_begin (GString            *out,
                      const char         *caption,
                      const char * const *headers,
                      gsize               n_columns)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (headers != NULL || n_columns == 0);

  g_string_append (out, "<table class=\"kpi-table\">");
  if (caption != NULL)
    {
      g_string_append (out, "<caption>");
      kpi_html_escape (out, caption);
      g_string_append (out, "</caption>");
    }
  if (n_columns > 0)
    {
      g_string_append (out, "<thead><tr>");
      for (gsize i = 0; i < n_columns; i++)
        {
          g_string_append (out, "<th scope=\"col\">");
          kpi_html_escape (out, headers[i]);
          g_string_append (out, "</th>");
        }
      g_string_append (out, "</tr></thead>");
    }
  g_string_append (out, "<tbody>\n");
}

void
kpi_html_table_row_begin (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "<tr>");
}

void
kpi_html_table_cell (GString    *out,
                     const char *text)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "<td>");
  kpi_html_escape (out, text);
  g_string_append (out, "</td>");
}

void
kpi_html_table_number_cell (GString    *out,
                            double      value,
                            const char *unit)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "<td class=\"kpi-num\">");
  kpi_html_append_number (out, value, "no data");
  if (isfinite (value) && unit != NULL)
    {
      g_string_append_c (out, ' ');
      kpi_html_escape (out, unit);
    }
  g_string_append (out, "</td>");
}

void
kpi_html_table_row_end (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "</tr>\n");
}

void
kpi_html_table_end (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "</tbody></table>\n");
}
