/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-html-private.h: the building blocks of the HTML report: escaping, the
 * page with its embedded stylesheet, inline SVG graphics (bullet graph,
 * sparkline, horizontal bars) and the status and quality badges. Each
 * function appends to a GString; what it writes needs no network, no
 * script and no external resource, reads without colour (words and
 * shapes beside the colours) and prints on A4.
 *
 * Numbers in SVG coordinates and in text are written with g_ascii_formatd
 * (the same in every locale); a NaN or an infinity is never written as a
 * number: it becomes "no data" (or "no target", "no scale"), or a gap.
 *
 * Not installed, not scanned. */

#pragma once

#include <glib.h>

#include "kpi-comparison.h"
#include "kpi-value.h"

G_BEGIN_DECLS

/* The bullet graph's geometry, in SVG user units (the viewBox): the
 * plotted scale runs from x = KPI_SVG_BULLET_X0 (lower) to
 * KPI_SVG_BULLET_X0 + KPI_SVG_BULLET_PLOT_WIDTH (upper). */
#define KPI_SVG_BULLET_WIDTH      240.0
#define KPI_SVG_BULLET_HEIGHT     32.0
#define KPI_SVG_BULLET_X0         4.0
#define KPI_SVG_BULLET_PLOT_WIDTH 232.0

/* The sparkline's geometry: the n values spread from x = 2 to
 * KPI_SVG_SPARK_WIDTH − 2, the lowest at the bottom. */
#define KPI_SVG_SPARK_WIDTH  120.0
#define KPI_SVG_SPARK_HEIGHT 28.0

/* Appends @text with &, <, >, " and ' replaced by character references:
 * safe in element content and in a quoted attribute. NULL appends
 * nothing. */
void kpi_html_escape        (GString    *out,
                             const char *text);

/* Appends @value for a person to read, locale-independent: at most two
 * decimals, no trailing zeros ("1234.5", "0.33", "-2"); @missing (for
 * example "no data") for a NaN or an infinity. */
void kpi_html_append_number (GString    *out,
                             double      value,
                             const char *missing);

/* The start of a page: doctype, <html lang>, meta charset and viewport,
 * the escaped @title, the embedded stylesheet, and <body>. @lang NULL is
 * "en". */
void kpi_html_begin_page    (GString    *out,
                             const char *title,
                             const char *lang);
/* Closes what kpi_html_begin_page() opened. */
void kpi_html_end_page      (GString    *out);

/* Opens and closes the grid of cards (<div class="kpi-cards">) and one
 * card (<section class="kpi-card"> with an <h2> of the escaped @title). */
void kpi_html_begin_cards   (GString    *out);
void kpi_html_end_cards     (GString    *out);
void kpi_html_begin_card    (GString    *out,
                             const char *title);
void kpi_html_end_card      (GString    *out);

/* A Stephen Few bullet graph: the qualitative bands (grey, darkest for
 * the worst), the value as a dark bar, the target as a vertical tick,
 * over the scale @lower to @upper. @bands are the @n_bands boundaries
 * between the ranges, ascending, in the value's unit (n_bands + 1 ranges
 * from @lower to @upper); with @higher_is_better the lowest range is the
 * worst, otherwise the highest. A value or target outside the scale is
 * drawn at its edge; a NaN value is written "no data", a NaN target "no
 * target", never drawn as 0. The <svg> has role="img", an aria-label and
 * a <title> with @label and the numbers. */
void kpi_svg_bullet         (GString      *out,
                             double        value,
                             double        target,
                             double        lower,
                             double        upper,
                             const double *bands,
                             gsize         n_bands,
                             gboolean      higher_is_better,
                             const char   *label);

/* A sparkline of the @n @values: one polyline per run of values, a gap
 * where a value is missing (NaN), a dot for a value alone between gaps;
 * the point @highlight (or, when @highlight is negative or missing, the
 * last value present) is marked. The aria-label gives the count, the
 * minimum, the maximum, the marked value and how many are missing. */
void kpi_svg_sparkline      (GString      *out,
                             const double *values,
                             gsize         n,
                             gssize        highlight);

/* Horizontal bars, one per stage of a funnel, on the scale of the largest
 * value: each bar has its label, its count (with @unit when not NULL)
 * and, from the second on, its conversion from the previous stage
 * ("62.5 % of previous"; "no conversion" when the previous stage is 0 or
 * missing). A NaN value is written "no data" and has no bar. */
void kpi_svg_bars           (GString            *out,
                             const char * const *labels,
                             const double       *values,
                             gsize               n,
                             const char         *unit);

/* The status word of kpi_status_to_string() with a shape (● on track,
 * ▲ at risk, ■ off track, ? unknown) and a class for its colour
 * (kpi-status-on-track, …): it reads without colour. */
void kpi_html_status_badge  (GString   *out,
                             KpiStatus  status);

/* The quality of a value ("good", "warning", "failed", "not checked")
 * with its @confidence (0 to 1, as a percentage; NaN: not shown) in the
 * <summary> of a <details> that lists the NULL-terminated @explanations
 * (may be NULL): readable without script. */
void kpi_html_quality_badge (GString            *out,
                             KpiQuality          quality,
                             double              confidence,
                             const char * const *explanations);

/* A table: kpi_html_table_begin() with the @n_columns escaped @headers
 * and an optional @caption, rows of cells, kpi_html_table_end(). A cell
 * holds escaped text; a number cell is right-aligned and written with
 * kpi_html_append_number() ("no data" for NaN). */
void kpi_html_table_begin       (GString            *out,
                                 const char         *caption,
                                 const char * const *headers,
                                 gsize               n_columns);
void kpi_html_table_row_begin   (GString            *out);
void kpi_html_table_cell        (GString            *out,
                                 const char         *text);
void kpi_html_table_number_cell (GString            *out,
                                 double              value,
                                 const char         *unit);
void kpi_html_table_row_end     (GString            *out);
void kpi_html_table_end         (GString            *out);

G_END_DECLS
