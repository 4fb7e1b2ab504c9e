/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report-html.c: a report as a self-contained HTML page, made of the
 * building blocks of kpi-html-private.h */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-html-private.h"
#include "kpi-report-private.h"

/* ------------------------------------------------------------------------ */
/* Words and numbers */

static const char *
enum_nick (GType type,
           int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v != NULL ? v->value_nick : "unknown";

  g_type_class_unref (klass);   /* the library's enum classes stay */
  return nick;
}

/* A day in the report's time zone (2025-09-18), or NULL when unset. */
static char *
format_day (KpiReport *report,
            gint64     time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == KPI_TIME_UNSET)
    return NULL;
  utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, kpi_report_get_time_zone (report));
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d") : NULL;
}

/* The policy a row is judged by: its item's, else its indicator's. */
static KpiComparisonPolicy *
row_policy (KpiReportRow *row)
{
  KpiComparisonPolicy *policy = kpi_dashboard_item_get_policy (kpi_report_row_get_item (row));

  return policy != NULL ? policy : kpi_indicator_get_policy (kpi_report_row_get_indicator (row));
}

/* A rate written as a fraction (0.352) reads as a percent (35.2 %). */
static gboolean
is_fraction (KpiIndicator *indicator)
{
  KpiComparisonPolicy *policy = kpi_indicator_get_policy (indicator);

  return policy != NULL && kpi_comparison_policy_get_rate_scale (policy) == KPI_RATE_SCALE_FRACTION;
}

/* Units that are the name of what is counted rather than a unit a number
 * is written with: "37", not "37 count". */
static gboolean
unit_is_silent (const char *unit)
{
  static const char * const silent[] = { "", "count", "ratio", "score", "number", NULL };

  return unit == NULL || g_strv_contains (silent, unit);
}

/* @x (finite) with @decimals decimals, in the C locale's notation. */
static void
append_fixed (GString *out,
              double   x,
              int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 9));
  g_ascii_formatd (buf, sizeof buf, format, x);
  g_string_append (out, strcmp (buf, "-0") == 0 ? "0" : buf);
}

/* A figure of @indicator's for a person: @x in its unit with its
 * decimals ("57356 EUR", "35.2 %", "37"), "no data" when not finite. */
static void
append_figure (GString      *out,
               KpiIndicator *indicator,
               double        x)
{
  const char *unit = kpi_indicator_get_unit (indicator);
  int decimals = kpi_indicator_get_decimals (indicator);

  if (!isfinite (x))
    {
      g_string_append (out, "no data");
      return;
    }
  if (decimals < 0)
    decimals = 2;
  if (is_fraction (indicator))
    {
      append_fixed (out, 100.0 * x, MAX (decimals - 2, 0));
      g_string_append (out, " %");
      return;
    }
  append_fixed (out, x, decimals);
  if (!unit_is_silent (unit))
    {
      g_string_append_c (out, ' ');
      kpi_html_escape (out, unit);
    }
}

/* A figure without its unit, for a table whose headers say it: a
 * fraction still reads as a percent. */
static void
append_bare_figure (GString      *out,
                    KpiIndicator *indicator,
                    double        x)
{
  int decimals = kpi_indicator_get_decimals (indicator);

  if (!isfinite (x))
    g_string_append (out, "no data");
  else if (is_fraction (indicator))
    append_figure (out, indicator, x);
  else
    append_fixed (out, x, decimals < 0 ? 2 : decimals);
}

/* The value of a row as kpi_value_format() writes it, in its unit. */
static void
append_value (GString      *out,
              KpiIndicator *indicator,
              KpiValue     *value)
{
  const char *unit = kpi_indicator_get_unit (indicator);
  g_autofree char *text = NULL;
  double x;

  if (value == NULL || !kpi_value_get_number (value, &x))
    {
      g_string_append (out, "no data");
      return;
    }
  if (is_fraction (indicator))
    {
      append_figure (out, indicator, x);
      return;
    }
  text = kpi_value_format (value, kpi_indicator_get_decimals (indicator) < 0
                                  ? 2 : kpi_indicator_get_decimals (indicator));
  kpi_html_escape (out, text);
  if (!unit_is_silent (unit))
    {
      g_string_append_c (out, ' ');
      kpi_html_escape (out, unit);
    }
}

static double
value_number (KpiValue *value)
{
  double x;

  return value != NULL && kpi_value_get_number (value, &x) ? x : NAN;
}

/* A score from −1 to +1 ("+0.25", "−0.18", "no score"). */
static void
append_score (GString *out,
              double   score)
{
  if (!isfinite (score))
    {
      g_string_append (out, "no score");
      return;
    }
  g_string_append (out, score < 0 ? "−" : "+");
  append_fixed (out, fabs (score), 2);
}

/* Why a value must be read with care, in words, each after ", ". */
static void
append_value_flags (GString       *out,
                    KpiValueFlags  flags)
{
  static const struct { KpiValueFlags flag; const char *words; } words[] = {
    { KPI_VALUE_FLAG_NO_DATA, "no data for the period" },
    { KPI_VALUE_FLAG_DIVISION_BY_ZERO, "a division by zero" },
    { KPI_VALUE_FLAG_LOW_SAMPLE, "too few rows to be reliable" },
    { KPI_VALUE_FLAG_MISSING_INPUT, "an input of the formula is missing" },
    { KPI_VALUE_FLAG_OVERFLOW, "too large to compute" },
    { KPI_VALUE_FLAG_UNKNOWN_VALUE, "compares with a value the data never has" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (flags & words[i].flag)
      g_string_append_printf (out, ", %s", words[i].words);
}

/* The why-flags of a comparison, in words, each after ", ". */
static void
append_comparison_flags (GString            *out,
                         KpiComparisonFlags  flags)
{
  static const struct { KpiComparisonFlags flag; const char *words; } words[] = {
    { KPI_COMPARISON_FLAG_NO_ACTUAL, "no value" },
    { KPI_COMPARISON_FLAG_NO_REFERENCE, "no reference" },
    { KPI_COMPARISON_FLAG_ZERO_BASE, "zero base: no percent change" },
    { KPI_COMPARISON_FLAG_SMALL_BASE, "small base: the percent means little" },
    { KPI_COMPARISON_FLAG_SIGN_CHANGE, "sign change" },
    { KPI_COMPARISON_FLAG_PARTIAL_PERIOD, "partial period, like for like" },
    { KPI_COMPARISON_FLAG_LOW_SAMPLE, "small sample" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (flags & words[i].flag)
      g_string_append_printf (out, ", %s", words[i].words);
}

static const char *
kind_words (KpiBenchmarkKind kind)
{
  switch (kind)
    {
    case KPI_BENCHMARK_KIND_TARGET: return "vs target";
    case KPI_BENCHMARK_KIND_BUDGET: return "vs budget";
    case KPI_BENCHMARK_KIND_FORECAST: return "vs forecast";
    case KPI_BENCHMARK_KIND_PREVIOUS_PERIOD: return "vs previous period";
    case KPI_BENCHMARK_KIND_LAST_YEAR: return "vs last year";
    case KPI_BENCHMARK_KIND_PEER: return "vs peer";
    case KPI_BENCHMARK_KIND_PLAN: return "vs plan";
    default: return "vs reference";
    }
}

/* ------------------------------------------------------------------------ */
/* The header */

static void
write_header (GString          *out,
              KpiReport        *self)
{
  KpiDashboard *dashboard = kpi_report_get_dashboard (self);
  const KpiPeriod *period = kpi_report_get_period (self);
  const char *owner = kpi_dashboard_get_owner (dashboard);
  const char *role = kpi_dashboard_get_role (dashboard);
  const char *title = kpi_dashboard_get_title (dashboard);
  GPtrArray *results = kpi_report_get_check_results (self);
  g_autoptr(GPtrArray) why = g_ptr_array_new ();
  g_autofree char *as_of = format_day (self, kpi_report_get_as_of (self));
  g_autofree char *data_as_of = format_day (self, kpi_report_get_data_as_of (self));
  g_auto(GStrv) perspectives = kpi_report_list_perspectives (self);
  g_autofree char *explanation = NULL;
  guint n_findings = 0;

  g_string_append (out, "<header class=\"kpi-header\">\n<h1>");
  kpi_html_escape (out, title != NULL ? title : kpi_dashboard_get_id (dashboard));
  /* A <div>: the quality badge is a <details>, which a <p> cannot hold. */
  g_string_append (out, "</h1>\n<div class=\"kpi-meta\">");
  if (owner != NULL || role != NULL)
    {
      kpi_html_escape (out, owner);
      if (owner != NULL && role != NULL)
        g_string_append (out, ", ");
      kpi_html_escape (out, role);
      g_string_append (out, " · ");
    }
  g_string_append_printf (out, "%s dashboard · <strong>",
                          enum_nick (KPI_TYPE_DASHBOARD_TYPE, kpi_dashboard_get_dashboard_type (dashboard)));
  kpi_html_escape (out, kpi_period_get_label (period));
  g_string_append (out, "</strong>");
  if (kpi_period_is_partial (period))
    {
      g_string_append (out, " to date");
      if (as_of != NULL)
        g_string_append_printf (out, " (as of %s)", as_of);
    }
  g_string_append (out, " · data as of ");
  g_string_append (out, data_as_of != NULL ? data_as_of : "unknown");
  g_string_append (out, " ");
  /* The findings themselves are listed at the end of the page: the
   * badge says how many and where. */
  for (guint i = 0; results != NULL && i < results->len; i++)
    if (kpi_check_result_get_status (g_ptr_array_index (results, i)) != KPI_CHECK_STATUS_PASS)
      n_findings++;
  if (n_findings > 0)
    {
      explanation = g_strdup_printf ("%u of the %u checks found something: see “Data quality” "
                                     "at the end of the page", n_findings, results->len);
      g_ptr_array_add (why, explanation);
    }
  g_ptr_array_add (why, NULL);
  kpi_html_quality_badge (out, kpi_report_get_quality (self), kpi_report_get_confidence (self),
                          (const char * const *) why->pdata);
  g_string_append (out, "</div>\n");

  /* The scorecard's scores: each perspective with how many of its rows
   * are scored and how many are not (missing, not counted as 0). */
  if (perspectives[0] != NULL || isfinite (kpi_report_get_score (self)))
    {
      g_string_append (out, "<p class=\"kpi-scores\">Overall score <strong>");
      append_score (out, kpi_report_get_score (self));
      g_string_append (out, "</strong> (−1 to +1)");
      for (guint i = 0; perspectives[i] != NULL; i++)
        {
          guint n_scored = 0, n_missing = 0;
          double score = kpi_report_get_perspective_score (self, perspectives[i], &n_scored, &n_missing);

          g_string_append (out, " · ");
          kpi_html_escape (out, perspectives[i]);
          g_string_append (out, " <strong>");
          append_score (out, score);
          g_string_append_printf (out, "</strong> (%u scored", n_scored);
          if (n_missing > 0)
            g_string_append_printf (out, ", %u without a score", n_missing);
          g_string_append (out, ")");
        }
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</header>\n");
}

/* ------------------------------------------------------------------------ */
/* A card */

/* The bullet graph of a row against its target: the bands are where the
 * status changes, the policy's thresholds applied to the target. */
static void
write_bullet (GString       *out,
              KpiReportRow  *row,
              KpiComparison *target)
{
  KpiComparisonPolicy *policy = row_policy (row);
  KpiDirection direction = kpi_comparison_get_direction (target);
  double value = value_number (kpi_report_row_get_value (row));
  double reference = value_number (kpi_comparison_get_reference (target));
  double on_track = policy != NULL ? kpi_comparison_policy_get_on_track_threshold (policy)
                                   : KPI_DEFAULT_ON_TRACK_THRESHOLD;
  double at_risk = policy != NULL ? kpi_comparison_policy_get_at_risk_threshold (policy)
                                  : KPI_DEFAULT_AT_RISK_THRESHOLD;
  double bands[2];
  gsize n_bands = 0;
  double lower = 0.0, upper = 0.0;

  /* Attainment is actual / target when higher is better (on track from
   * on_track × target), target / actual when lower is better (on track up
   * to target / on_track). A target that is not positive has no bands. */
  if (isfinite (reference) && reference > 0 && on_track > 0 && at_risk > 0)
    {
      if (direction == KPI_DIRECTION_HIGHER_IS_BETTER)
        {
          bands[0] = at_risk * reference;
          bands[1] = on_track * reference;
          n_bands = 2;
        }
      else if (direction == KPI_DIRECTION_LOWER_IS_BETTER)
        {
          bands[0] = reference / on_track;
          bands[1] = reference / at_risk;
          n_bands = 2;
        }
    }

  /* The scale: from 0 (or below, for a negative value) to a little beyond
   * the largest of the value, the target and the bands. */
  if (isfinite (value))
    {
      lower = MIN (lower, value);
      upper = MAX (upper, value);
    }
  if (isfinite (reference))
    {
      lower = MIN (lower, reference);
      upper = MAX (upper, reference);
    }
  for (gsize i = 0; i < n_bands; i++)
    upper = MAX (upper, bands[i]);
  upper += 0.15 * (upper - lower);
  if (!(upper > lower))
    upper = lower + 1.0;

  kpi_svg_bullet (out, value, reference, lower, upper, bands, n_bands,
                  direction != KPI_DIRECTION_LOWER_IS_BETTER, kpi_report_row_get_title (row));
  g_string_append_c (out, '\n');
}

static void
write_sparkline (GString      *out,
                 KpiReportRow *row)
{
  GPtrArray *sparkline = kpi_report_row_get_sparkline (row);
  KpiTrend *trend = kpi_report_row_get_trend (row);
  g_autofree double *values = g_new (double, MAX (sparkline->len, 1));

  for (guint i = 0; i < sparkline->len; i++)
    values[i] = value_number (g_ptr_array_index (sparkline, i));
  g_string_append (out, "<div class=\"kpi-trend\">");
  kpi_svg_sparkline (out, values, sparkline->len, -1);
  g_string_append (out, "<span class=\"kpi-muted\">");
  if (sparkline->len > 0)
    {
      const KpiPeriod *first = kpi_value_get_period (g_ptr_array_index (sparkline, 0));

      g_string_append (out, "since ");
      kpi_html_escape (out, kpi_period_get_label (first));
    }
  if (trend != NULL)
    {
      g_string_append (out, sparkline->len > 0 ? ", " : "");
      kpi_html_escape (out, kpi_trend_direction_to_string (kpi_trend_get_direction (trend)));
    }
  g_string_append (out, "</span></div>\n");
}

/* The changes against each comparison with their why-flags; that a
 * period not over is compared like for like is said once, in the card's
 * line above. */
static void
write_changes (GString      *out,
               KpiReportRow *row)
{
  GPtrArray *comparisons = kpi_report_row_get_comparisons (row);

  if (comparisons->len == 0)
    return;
  g_string_append (out, "<ul class=\"kpi-changes\">");
  for (guint i = 0; i < comparisons->len; i++)
    {
      KpiComparison *c = g_ptr_array_index (comparisons, i);
      /* One decimal of a percent or a point, whatever the value's. */
      g_autofree char *change = kpi_comparison_format_change (c, 1);
      g_autoptr(GString) flags = g_string_new (NULL);

      g_string_append (out, "<li>");
      kpi_html_escape (out, kind_words (kpi_comparison_get_kind (c)));
      g_string_append (out, " <strong>");
      kpi_html_escape (out, change);
      g_string_append (out, "</strong>");
      append_comparison_flags (flags, kpi_comparison_get_flags (c) & ~KPI_COMPARISON_FLAG_PARTIAL_PERIOD);
      if (flags->len > 0)
        {
          g_string_append (out, " <span class=\"kpi-flags\">(");
          kpi_html_escape (out, flags->str + 2);
          g_string_append (out, ")</span>");
        }
      g_string_append (out, "</li>");
    }
  g_string_append (out, "</ul>\n");
}

/* The breakdowns, folded on a screen (a card stays small) and unfolded
 * on paper by the stylesheet's print rules. */
static void
write_breakdowns (GString      *out,
                  KpiReportRow *row)
{
  KpiIndicator *indicator = kpi_report_row_get_indicator (row);
  g_auto(GStrv) dimensions = kpi_report_row_list_breakdowns (row);
  g_autofree char *joined = NULL;

  if (dimensions[0] == NULL)
    return;
  joined = g_strjoinv (", ", dimensions);
  g_string_append (out, "<details class=\"kpi-more\"><summary>by ");
  kpi_html_escape (out, joined);
  g_string_append (out, "</summary>");
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      GPtrArray *groups = kpi_report_row_get_breakdown (row, dimensions[i]);
      const char *headers[] = { dimensions[i], "value" };
      g_autofree char *caption = g_strconcat ("by ", dimensions[i], NULL);

      kpi_html_table_begin (out, caption, headers, G_N_ELEMENTS (headers));
      for (guint j = 0; groups != NULL && j < groups->len; j++)
        {
          KpiValue *v = g_ptr_array_index (groups, j);
          const char *group = kpi_value_get_group (v);

          kpi_html_table_row_begin (out);
          switch (kpi_value_get_group_kind (v))
            {
            case KPI_GROUP_KIND_OTHER: group = "others"; break;
            case KPI_GROUP_KIND_MISSING: group = "(missing)"; break;
            case KPI_GROUP_KIND_NONE:
            case KPI_GROUP_KIND_VALUE:
            default: break;
            }
          kpi_html_table_cell (out, group);
          g_string_append (out, "<td class=\"kpi-num\">");
          append_value (out, indicator, v);
          /* A group's quality when it is not the row's. */
          if (kpi_value_get_quality (v) != kpi_report_row_get_quality (row)
              && kpi_value_get_quality (v) != KPI_QUALITY_UNCHECKED)
            g_string_append_printf (out, " <span class=\"kpi-flags\">(quality: %s)</span>",
                                    enum_nick (KPI_TYPE_QUALITY, kpi_value_get_quality (v)));
          g_string_append (out, "</td>");
          kpi_html_table_row_end (out);
        }
      kpi_html_table_end (out);
    }
  g_string_append (out, "</details>\n");
}

static void
write_card (GString      *out,
            KpiReport    *report,
            KpiReportRow *row)
{
  KpiIndicator *indicator = kpi_report_row_get_indicator (row);
  KpiValue *value = kpi_report_row_get_value (row);
  KpiComparison *target = kpi_report_row_get_target (row);
  GPtrArray *findings = kpi_value_get_findings (value);
  const char * const *notes = kpi_report_row_get_notes (row);
  double projection = kpi_report_row_get_projection (row);
  g_autoptr(GPtrArray) why = g_ptr_array_new ();
  g_autoptr(GString) flags = g_string_new (NULL);

  kpi_html_begin_card (out, kpi_report_row_get_title (row));

  /* The value, its status (in colour, with a shape and in words) */
  g_string_append (out, "<p class=\"kpi-headline\"><span class=\"kpi-number\">");
  append_value (out, indicator, value);
  g_string_append (out, "</span> ");
  if (target != NULL)
    kpi_html_status_badge (out, kpi_report_row_get_status (row));
  else
    g_string_append (out, "<span class=\"kpi-status kpi-status-unknown\">no target</span>");
  g_string_append (out, "</p>\n");
  append_value_flags (flags, kpi_value_get_flags (value));
  if (kpi_period_is_partial (kpi_value_get_period (value)))
    g_string_append (out, "<p class=\"kpi-muted\">to date, compared like for like");
  else
    g_string_append (out, "<p class=\"kpi-muted\">period over");
  kpi_html_escape (out, flags->str);

  /* against the target, and the period's projected end */
  if (target != NULL)
    {
      double attainment = kpi_comparison_get_attainment (target);

      g_string_append (out, " · target ");
      append_figure (out, indicator, value_number (kpi_comparison_get_reference (target)));
      if (isfinite (attainment))
        {
          g_string_append (out, ", ");
          append_fixed (out, 100.0 * attainment, 1);
          g_string_append (out, " % attained");
        }
    }
  if (isfinite (projection))
    {
      g_string_append (out, " · projected end ");
      append_figure (out, indicator, projection);
    }
  g_string_append (out, "</p>\n");
  if (target != NULL)
    write_bullet (out, row, target);

  write_sparkline (out, row);
  write_changes (out, row);

  /* The quality: the badge explains, and the first words of why show
   * without opening it. */
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    g_ptr_array_add (why, (gpointer) kpi_check_result_get_message (g_ptr_array_index (findings, i)));
  g_ptr_array_add (why, NULL);
  kpi_html_quality_badge (out, kpi_report_row_get_quality (row), kpi_report_row_get_confidence (row),
                          (const char * const *) why->pdata);
  g_string_append_c (out, '\n');
  if (why->len > 1)
    {
      g_string_append (out, "<p class=\"kpi-why\">");
      for (guint i = 0; i + 1 < why->len; i++)
        {
          if (i > 0)
            g_string_append (out, " · ");
          kpi_html_escape (out, g_ptr_array_index (why, i));
        }
      g_string_append (out, "</p>\n");
    }

  write_breakdowns (out, row);

  /* The report's notes on the row (a breakdown skipped, a value that
   * could not be computed). NULL is an empty list too, as above. */
  if (notes != NULL && notes[0] != NULL)
    {
      g_string_append (out, "<ul class=\"kpi-notes\">");
      for (guint i = 0; notes[i] != NULL; i++)
        {
          g_string_append (out, "<li>");
          kpi_html_escape (out, notes[i]);
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul>\n");
    }
  (void) report;
  kpi_html_end_card (out);
}

/* ------------------------------------------------------------------------ */
/* Funnel, budget, project and findings */

/* The dashboard's funnel: one bar per stage with its count and its
 * conversion from the previous stage (the bars write it). */
static void
write_funnel (GString         *out,
              KpiFunnelResult *funnel)
{
  guint n = kpi_funnel_result_get_n_stages (funnel);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree double *counts = g_new0 (double, MAX (n, 1));
  double overall;

  for (guint i = 0; i < n; i++)
    {
      labels[i] = kpi_funnel_result_get_stage_name (funnel, i);
      counts[i] = kpi_funnel_result_get_stage_count (funnel, i);
    }
  g_string_append (out, "<section class=\"kpi-wide kpi-funnel\">\n<h2>Funnel</h2>\n<p class=\"kpi-muted\">");
  g_string_append (out, kpi_funnel_result_get_basis (funnel) == KPI_FUNNEL_BASIS_PERIOD
                        ? "The stages reached in the period"
                        : "The entities that entered in the period, followed through their stages");
  if (kpi_funnel_result_get_overall_conversion (funnel, &overall))
    {
      g_string_append (out, "; from first to last stage, ");
      append_fixed (out, 100.0 * overall, 1);
      g_string_append (out, " %");
    }
  g_string_append (out, ".</p>\n");
  kpi_svg_bars (out, labels, counts, n, NULL);
  g_string_append (out, "\n</section>\n");
}

static void
write_budget (GString         *out,
              const KpiPeriod *report_period,
              KpiReportRow    *row)
{
  KpiIndicator *indicator = kpi_report_row_get_indicator (row);
  GPtrArray *lines = kpi_report_row_get_budget_lines (row);
  KpiLanding *landing = kpi_report_row_get_landing (row);
  const char *unit = kpi_indicator_get_unit (indicator);
  g_autofree char *in_unit = unit_is_silent (unit) || is_fraction (indicator)
                             ? g_strdup ("") : g_strdup_printf (" (%s)", unit);
  g_autofree char *h_budget = g_strconcat ("budget", in_unit, NULL);
  g_autofree char *h_actual = g_strconcat ("actual", in_unit, NULL);
  g_autofree char *h_variance = g_strconcat ("variance", in_unit, NULL);
  const char *headers[] = {
    "month", h_budget, h_actual, h_variance, "variance %", "YTD budget", "YTD actual", "YTD variance", "closure"
  };

  if ((lines == NULL || lines->len == 0) && landing == NULL)
    return;
  g_string_append (out, "<section class=\"kpi-wide\">\n<h2>");
  kpi_html_escape (out, kpi_report_row_get_title (row));
  g_string_append (out, ": budget and landing</h2>\n");
  if (lines != NULL && lines->len > 0)
    {
      kpi_html_table_begin (out, NULL, headers, G_N_ELEMENTS (headers));
      for (guint i = 0; i < lines->len; i++)
        {
          KpiBudgetLine *line = g_ptr_array_index (lines, i);
          double relative = kpi_budget_line_get_relative_variance (line);
          const double figures[] = {
            kpi_budget_line_get_budget (line), kpi_budget_line_get_actual (line),
            kpi_budget_line_get_variance (line),
          };
          const double ytd[] = {
            kpi_budget_line_get_ytd_budget (line), kpi_budget_line_get_ytd_actual (line),
            kpi_budget_line_get_ytd_variance (line),
          };

          const KpiPeriod *month = kpi_budget_line_get_period (line);

          kpi_html_table_row_begin (out);
          /* A month not over is labelled by its start and end: say the
           * report's period, to date. */
          if (kpi_period_is_partial (month))
            {
              g_string_append (out, "<td>");
              kpi_html_escape (out, kpi_period_get_label (report_period));
              g_string_append (out, " to date</td>");
            }
          else
            kpi_html_table_cell (out, kpi_period_get_label (month));
          for (gsize k = 0; k < G_N_ELEMENTS (figures); k++)
            {
              g_string_append (out, "<td class=\"kpi-num\">");
              append_bare_figure (out, indicator, figures[k]);
              g_string_append (out, "</td>");
            }
          g_string_append (out, "<td class=\"kpi-num\">");
          if (isfinite (relative))
            {
              g_string_append (out, relative > 0 ? "+" : relative < 0 ? "−" : "");
              append_fixed (out, 100.0 * fabs (relative), 1);
              g_string_append (out, " %");
            }
          else
            g_string_append (out, "no data");
          g_string_append (out, "</td>");
          for (gsize k = 0; k < G_N_ELEMENTS (ytd); k++)
            {
              g_string_append (out, "<td class=\"kpi-num\">");
              append_bare_figure (out, indicator, ytd[k]);
              g_string_append (out, "</td>");
            }
          kpi_html_table_cell (out, enum_nick (KPI_TYPE_CLOSURE, kpi_budget_line_get_closure (line)));
          kpi_html_table_row_end (out);
        }
      kpi_html_table_end (out);
    }
  if (landing != NULL)
    {
      g_string_append (out, "<p class=\"kpi-landing\">Year-end landing ");
      kpi_html_escape (out, kpi_period_get_label (kpi_landing_get_period (landing)));
      g_string_append (out, ": <strong>");
      append_figure (out, indicator, kpi_landing_get_value (landing));
      g_string_append (out, "</strong>");
      if (isfinite (kpi_landing_get_lower (landing)) && isfinite (kpi_landing_get_upper (landing)))
        {
          g_string_append (out, ", likely between ");
          append_figure (out, indicator, kpi_landing_get_lower (landing));
          g_string_append (out, " and ");
          append_figure (out, indicator, kpi_landing_get_upper (landing));
        }
      g_string_append (out, "; budget ");
      append_figure (out, indicator, kpi_landing_get_budget (landing));
      g_string_append (out, "; actual to date ");
      append_figure (out, indicator, kpi_landing_get_actual_to_date (landing));
      g_string_append (out, ". Method: ");
      kpi_html_escape (out, kpi_landing_method_to_string (kpi_landing_get_method (landing)));
      if (kpi_landing_get_description (landing) != NULL)
        {
          g_string_append (out, " — ");
          kpi_html_escape (out, kpi_landing_get_description (landing));
        }
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</section>\n");
}

/* A schedule variance in words: negative is late ("21 days late", "3
 * days early", "on time"). */
static void
append_days (GString *out,
             double   days)
{
  double n = fabs (round (days));

  if (!isfinite (days))
    {
      g_string_append (out, "no data");
      return;
    }
  if (n == 0)
    {
      g_string_append (out, "on time");
      return;
    }
  append_fixed (out, n, 0);
  g_string_append (out, n == 1 ? " day" : " days");
  g_string_append (out, days < 0 ? " late" : " early");
}

static void
write_project (GString          *out,
               KpiReport        *report,
               KpiProjectStatus *project)
{
  GPtrArray *milestones = kpi_project_status_get_milestones (project);
  GPtrArray *biases = kpi_project_status_get_estimate_bias (project);
  static const char * const milestone_headers[] = {
    "milestone", "planned", "reached or forecast", "variance", "planned %", "done %"
  };
  static const char * const bias_headers[] = {
    "team", "tracking signal", "mean error (h)", "estimates", "verdict"
  };
  g_autofree char *as_of = format_day (report, kpi_project_status_get_as_of (project));

  g_string_append (out, "<section class=\"kpi-wide\">\n<h2>Project ");
  kpi_html_escape (out, kpi_project_status_get_project (project));
  g_string_append (out, ": progress against the plan</h2>\n<p>");
  kpi_html_escape (out, kpi_project_status_get_summary (project));
  g_string_append (out, "</p>\n<p class=\"kpi-muted\">");
  kpi_html_append_number (out, kpi_project_status_get_actual_percent (project), "no data");
  g_string_append (out, " % done against ");
  kpi_html_append_number (out, kpi_project_status_get_planned_percent (project), "no data");
  g_string_append (out, " % planned; by the earned schedule, ");
  append_days (out, kpi_project_status_get_schedule_variance_days (project));
  if (as_of != NULL)
    g_string_append_printf (out, " (as of %s)", as_of);
  g_string_append (out, "</p>\n");

  kpi_html_table_begin (out, "Milestones",
                        milestone_headers, G_N_ELEMENTS (milestone_headers));
  for (guint i = 0; milestones != NULL && i < milestones->len; i++)
    {
      KpiMilestoneStatus *m = g_ptr_array_index (milestones, i);
      gboolean done = kpi_milestone_status_is_done (m);
      g_autofree char *planned = format_day (report, kpi_milestone_status_get_planned_date (m));
      g_autofree char *when = format_day (report, done ? kpi_milestone_status_get_actual_date (m)
                                                       : kpi_milestone_status_get_forecast_date (m));
      g_autofree char *reached = NULL;

      reached = when == NULL ? g_strdup (done ? "reached" : "no forecast")
                             : g_strdup_printf (done ? "%s (reached)" : "%s (forecast)", when);
      kpi_html_table_row_begin (out);
      kpi_html_table_cell (out, kpi_milestone_status_get_name (m));
      kpi_html_table_cell (out, planned != NULL ? planned : "no date");
      kpi_html_table_cell (out, reached);
      g_string_append (out, "<td class=\"kpi-num\">");
      append_days (out, kpi_milestone_status_get_variance_days (m));
      g_string_append (out, "</td>");
      kpi_html_table_number_cell (out, kpi_milestone_status_get_planned_percent (m), "%");
      kpi_html_table_number_cell (out, kpi_milestone_status_get_actual_percent (m), "%");
      kpi_html_table_row_end (out);
    }
  kpi_html_table_end (out);

  if (biases != NULL && biases->len > 0)
    {
      kpi_html_table_begin (out, "The teams' remaining-work estimates (a tracking signal beyond ±6 is biased)",
                            bias_headers, G_N_ELEMENTS (bias_headers));
      for (guint i = 0; i < biases->len; i++)
        {
          KpiEstimateBias *b = g_ptr_array_index (biases, i);
          double signal = kpi_estimate_bias_get_tracking_signal (b);
          const char *verdict = !kpi_estimate_bias_is_biased (b) ? "no bias"
                                : signal > 0 ? "biased: remaining work under-estimated"
                                : "biased: remaining work over-estimated";
          char count[32];

          g_snprintf (count, sizeof count, "%u", kpi_estimate_bias_get_n_estimates (b));
          kpi_html_table_row_begin (out);
          kpi_html_table_cell (out, kpi_estimate_bias_get_team (b));
          kpi_html_table_number_cell (out, signal, NULL);
          kpi_html_table_number_cell (out, kpi_estimate_bias_get_mean_error (b), NULL);
          g_string_append_printf (out, "<td class=\"kpi-num\">%s</td>", count);
          kpi_html_table_cell (out, verdict);
          kpi_html_table_row_end (out);
        }
      kpi_html_table_end (out);
    }
  g_string_append (out, "</section>\n");
}

/* The checks that did not pass, folded on a screen. */
static void
write_findings (GString   *out,
                KpiReport *self)
{
  GPtrArray *results = kpi_report_get_check_results (self);
  guint n = 0;

  for (guint i = 0; results != NULL && i < results->len; i++)
    if (kpi_check_result_get_status (g_ptr_array_index (results, i)) != KPI_CHECK_STATUS_PASS)
      n++;
  g_string_append (out, "<details class=\"kpi-section\"><summary>");
  if (n == 0)
    g_string_append_printf (out, "Data quality: %u checks, no finding</summary>"
                                 "<p>Every check passed.</p>",
                            results != NULL ? results->len : 0);
  else
    g_string_append_printf (out, "Data quality: %u finding%s of %u check%s</summary><ul>",
                            n, n == 1 ? "" : "s", results->len, results->len == 1 ? "" : "s");
  for (guint i = 0; n > 0 && i < results->len; i++)
    {
      KpiCheckResult *result = g_ptr_array_index (results, i);
      KpiCheckStatus status = kpi_check_result_get_status (result);

      if (status == KPI_CHECK_STATUS_PASS)
        continue;
      g_string_append (out, "<li><strong>");
      kpi_html_escape (out, enum_nick (KPI_TYPE_CHECK_STATUS, status));
      g_string_append (out, "</strong> ");
      kpi_html_escape (out, kpi_check_result_get_check_id (result));
      g_string_append (out, ": ");
      kpi_html_escape (out, kpi_check_result_get_message (result));
      g_string_append (out, "</li>");
    }
  if (n > 0)
    g_string_append (out, "</ul>");
  g_string_append (out, "</details>\n");
}

/* ------------------------------------------------------------------------ */

/* The watch rules' alerts, each with its status in colour and words. */
static void
write_alerts (GString   *out,
              KpiReport *self)
{
  GPtrArray *alerts = kpi_report_get_alerts (self);

  if (alerts == NULL || alerts->len == 0)
    return;
  g_string_append (out, "<section class=\"alerts\"><h2>Alerts</h2><ul>");
  for (guint i = 0; i < alerts->len; i++)
    {
      KpiAlert *alert = g_ptr_array_index (alerts, i);

      g_string_append (out, "<li>");
      kpi_html_status_badge (out, kpi_alert_get_status (alert));
      g_string_append_c (out, ' ');
      kpi_html_escape (out, kpi_alert_get_message (alert));
      g_string_append (out, "</li>");
    }
  g_string_append (out, "</ul></section>\n");
}

/**
 * kpi_report_to_html:
 * @self: a report
 * @length: (out) (optional): the length of the page, in bytes
 *
 * Writes the report as a self-contained HTML page for a person to open:
 * its only stylesheet is embedded, its charts are inline SVG, it has no
 * script and requests nothing, so it reads offline and in a mail, and it
 * prints on A4 (three cards a row, no card split across pages, the folded
 * parts unfolded).
 *
 * The page has a header (the dashboard's title, owner and role, its type,
 * the period, "to date" with the day it was made when the period is not
 * over, how recent the data is, the overall quality and confidence with
 * the findings of the checks, and for a scorecard the overall score and
 * each perspective's with how many of its rows have no score), then one
 * card per row: its value in its unit, its status in colour, with a shape
 * and in words (or "no target"), the target and the attainment, the
 * projected end of a period not over, a bullet graph against the target
 * whose bands are the policy's thresholds, a sparkline of the recent
 * periods with the trend, the changes against each comparison with their
 * why-flags in words (small base, no reference, partial period…), the
 * quality with the findings that make the value suspect, the breakdowns
 * (folded on a screen) and the row's notes. After the cards, a dashboard
 * with a funnel ([method@Kpi.Report.get_funnel]) has a "Funnel" section:
 * one bar per stage with its count and its conversion from the previous
 * stage. A budget dashboard adds each
 * budgeted row's months (budget, actual, variance, year to date) and its
 * year-end landing with its interval and method; an operational dashboard,
 * its project's progress ([method@Kpi.Report.get_project_status]):
 * milestones planned and reached or forecast, and each team's estimate
 * bias. The watch rules' alerts and the failed checks close the page. A missing number reads "no data", never `nan`.
 *
 * Every text from the definitions (titles, units, groups, messages) is
 * escaped.
 *
 * Returns: (transfer full): the page, UTF-8
 *
 * Since: 0.1
 */
char *
kpi_report_to_html (KpiReport *self,
                    gsize     *length)
{
  KpiProjectStatus *project;
  KpiDashboard *dashboard;
  GString *out;
  g_autofree char *page_title = NULL;
  guint n;

  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);

  dashboard = kpi_report_get_dashboard (self);
  project = kpi_report_get_project_status (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  page_title = g_strdup_printf ("%s — %s%s",
                                kpi_dashboard_get_title (dashboard) != NULL
                                ? kpi_dashboard_get_title (dashboard) : kpi_dashboard_get_id (dashboard),
                                kpi_period_get_label (kpi_report_get_period (self)),
                                kpi_period_is_partial (kpi_report_get_period (self)) ? " to date" : "");
  out = g_string_new (NULL);
  kpi_html_begin_page (out, page_title, "en");
  write_header (out, self);

  kpi_html_begin_cards (out);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);

      write_card (out, self, row);
    }
  kpi_html_end_cards (out);

  if (kpi_report_get_funnel (self) != NULL)
    write_funnel (out, kpi_report_get_funnel (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (self), i);

      write_budget (out, kpi_report_get_period (self), row);
    }
  if (project != NULL)
    write_project (out, self, project);
  write_alerts (out, self);
  write_findings (out, self);

  kpi_html_end_page (out);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
