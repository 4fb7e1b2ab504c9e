/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-stagnation-watch.c: an indicator flat over its recent periods (the
 * average basket of a channel that has not moved for months) */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

/**
 * KpiStagnationWatch:
 *
 * A watch rule (`stagnation`): has an indicator stopped moving (the
 * average basket of a channel flat for months)? The series of the
 * [property@Kpi.StagnationWatch:periods] periods ending at the period (the
 * earlier ones are the period moved back with kpi_calendar_offset(), so a
 * month-to-date period is compared with the same days of the months
 * before) is flat when every value lies within ± the
 * [property@Kpi.StagnationWatch:tolerance] of their mean, relative to the
 * mean, and the Mann–Kendall test of kpi_trend_analyze() finds no trend
 * significant at %KPI_DEFAULT_TREND_SIGNIFICANCE: a slow steady rise
 * inside the band is a trend, not a stagnation (with four periods the
 * test cannot reach that level, so the band alone decides). The alert's
 * value is the largest relative distance from the mean, its threshold
 * the tolerance, its since the start of the first period; its status is
 * %KPI_STATUS_AT_RISK.
 *
 * By group, a missing value, the message: see [class@Kpi.IndicatorWatch]
 * and [class@Kpi.Watch].
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) march = kpi_calendar_parse_period (calendar, "2025-03", NULL);
 * g_autoptr(KpiWatch) watch = kpi_stagnation_watch_new ("flat_channel", "revenue");
 * g_autoptr(GPtrArray) alerts = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_context_add_indicator (context, revenue);
 * // a channel whose revenue stayed within ± 15 % over the three months to March
 * kpi_stagnation_watch_set_periods (KPI_STAGNATION_WATCH (watch), 3);
 * kpi_stagnation_watch_set_tolerance (KPI_STAGNATION_WATCH (watch), 0.15);
 * kpi_indicator_watch_set_group_by (KPI_INDICATOR_WATCH (watch), "channel");
 * alerts = kpi_watch_evaluate (watch, context, march, &error);
 * if (alerts == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < alerts->len; i++)
 *   g_print ("%s\n", kpi_alert_get_message (g_ptr_array_index (alerts, i)));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_indicator(revenue)
 * watch = Kpi.StagnationWatch.new("flat_channel", "revenue")
 * # a channel whose revenue stayed within ± 15 % over the three months to March
 * watch.set_periods(3)
 * watch.set_tolerance(0.15)
 * watch.set_group_by("channel")
 * for alert in watch.evaluate(context, calendar.parse_period("2025-03")):
 *     print(alert.get_message())
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_indicator(revenue);
 * const watch = Kpi.StagnationWatch.new('flat_channel', 'revenue');
 * // a channel whose revenue stayed within ± 15 % over the three months to March
 * watch.set_periods(3);
 * watch.set_tolerance(0.15);
 * watch.set_group_by('channel');
 * for (const alert of watch.evaluate(context, calendar.parse_period('2025-03')))
 *     print(alert.get_message());
 * ```
 *
 * Since: 0.1
 */

struct _KpiStagnationWatch
{
  KpiIndicatorWatch parent_instance;

  guint  periods;
  double tolerance;
};

enum {
  PROP_0,
  PROP_PERIODS,
  PROP_TOLERANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiStagnationWatch, kpi_stagnation_watch, KPI_TYPE_INDICATOR_WATCH)

static const char *
periods_noun (KpiGranularity granularity,
              guint          n)
{
  gboolean one = n == 1;

  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:            return one ? "day" : "days";
    case KPI_GRANULARITY_WEEK:           return one ? "week" : "weeks";
    case KPI_GRANULARITY_MONTH:          return one ? "month" : "months";
    case KPI_GRANULARITY_QUARTER:        return one ? "quarter" : "quarters";
    case KPI_GRANULARITY_YEAR:           return one ? "year" : "years";
    case KPI_GRANULARITY_FISCAL_QUARTER: return one ? "fiscal quarter" : "fiscal quarters";
    case KPI_GRANULARITY_FISCAL_YEAR:    return one ? "fiscal year" : "fiscal years";
    case KPI_GRANULARITY_CUSTOM:
    default:                             return one ? "period" : "periods";
    }
}

/* The periods of the series: @n periods ending at @period. */
static GPtrArray *
series_periods (KpiCalendar     *calendar,
                const KpiPeriod *period,
                guint            n,
                GError         **error)
{
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);

  for (guint i = n; i-- > 0;)
    {
      KpiPeriod *p = i == 0 ? kpi_period_copy (period) : kpi_calendar_offset (calendar, period, -(int) i);

      if (p == NULL)
        {
          g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                       "%u periods before %s are outside the years 1 to 9999",
                       i, kpi_period_get_label (period));
          return NULL;
        }
      g_ptr_array_add (periods, p);
    }
  return g_steal_pointer (&periods);
}


static gboolean
evaluate_alerts (KpiStagnationWatch  *self,
                 KpiContext          *context,
                 const KpiPeriod     *period,
                 GPtrArray           *alerts,
                 GError             **error)
{
  g_autoptr(KpiIndicator) indicator = kpi_indicator_watch_lookup_indicator (KPI_INDICATOR_WATCH (self), context, error);
  g_autoptr(GPtrArray) periods = NULL;
  g_auto(KpiWatchSeries) series = { NULL, };

  if (indicator == NULL)
    return FALSE;
  if (self->periods < 3)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "stagnation watch “%s” looks at %u periods, expected at least 3",
                   kpi_watch_get_id (KPI_WATCH (self)), self->periods);
      return FALSE;
    }
  if (self->periods > 1000)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "stagnation watch “%s” looks at %u periods, expected at most 1000",
                   kpi_watch_get_id (KPI_WATCH (self)), self->periods);
      return FALSE;
    }
  if (!(self->tolerance >= 0) || isinf (self->tolerance))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "stagnation watch “%s” has a tolerance of %g, expected a finite number of at least 0",
                   kpi_watch_get_id (KPI_WATCH (self)), self->tolerance);
      return FALSE;
    }
  if (!kpi_indicator_watch_check_grouping (KPI_INDICATOR_WATCH (self), context, indicator, error))
    return FALSE;
  periods = series_periods (kpi_context_get_calendar (context), period, self->periods, error);
  if (periods == NULL || !kpi_indicator_watch_fill_series (KPI_INDICATOR_WATCH (self), context, indicator, periods, &series, error))
    return FALSE;

  for (guint i = 0; i < series.subjects->len; i++)
    {
      const char *subject = g_ptr_array_index (series.subjects, i);
      GArray *row = g_ptr_array_index (series.values, i);
      const double *v = (const double *) row->data;
      double sum = 0, mean, spread = 0, lo = INFINITY, hi = -INFINITY;
      gboolean missing = FALSE;
      g_autoptr(KpiTrend) trend = NULL;
      g_autofree char *name = NULL;
      GString *message;
      int decimals;

      for (guint j = 0; j < row->len; j++)
        {
          missing |= isnan (v[j]);
          sum += v[j];
          lo = MIN (lo, v[j]);
          hi = MAX (hi, v[j]);
        }
      if (missing)
        {
          {
              g_autofree char *no_verdict =
                g_strdup_printf ("; no verdict on stagnation over %s to %s",
                                 kpi_period_get_label (g_ptr_array_index (periods, 0)),
                                 kpi_period_get_label (g_ptr_array_index (periods, periods->len - 1)));

              g_ptr_array_add (alerts, kpi_indicator_watch_missing_note (KPI_INDICATOR_WATCH (self), indicator,
                                                                          subject, row, periods, no_verdict));
            }
          continue;
        }
      mean = sum / row->len;
      for (guint j = 0; j < row->len; j++)
        spread = MAX (spread, fabs (v[j] - mean));
      /* relative to the level; around a mean of 0 only a series that does
       * not move at all is flat */
      spread = mean != 0 ? spread / fabs (mean) : (spread == 0 ? 0 : INFINITY);
      if (!(spread <= self->tolerance))
        continue;
      trend = kpi_trend_analyze (v, row->len, NAN, NAN, error);
      if (trend == NULL)
        return FALSE;
      if (kpi_trend_get_p_value (trend) < KPI_DEFAULT_TREND_SIGNIFICANCE)
        continue;

      name = kpi_watch_name_of (indicator, subject);
      decimals = MAX (kpi_indicator_get_decimals (indicator), 0);
      message = g_string_new (name);
      g_string_append_printf (message, " flat for %u %s, %s to %s: ", row->len,
                              periods_noun (kpi_period_get_granularity (period), row->len),
                              kpi_period_get_label (g_ptr_array_index (periods, 0)),
                              kpi_period_get_label (period));
      kpi_watch_append_number (message, lo, decimals);
      g_string_append (message, " to ");
      kpi_watch_append_number (message, hi, decimals);
      kpi_watch_append_unit (message, indicator);
      g_string_append (message, " (±");
      kpi_watch_append_number (message, 100 * spread, 1);
      g_string_append (message, " %)");
      g_ptr_array_add (alerts, kpi_watch_alert_take (KPI_WATCH (self), KPI_STATUS_AT_RISK, kpi_indicator_get_id (indicator),
                                                     subject, g_string_free (message, FALSE), spread,
                                                     self->tolerance,
                                                     kpi_period_get_start (g_ptr_array_index (periods, 0))));
    }
  return TRUE;
}

static GPtrArray *
kpi_stagnation_watch_evaluate (KpiWatch         *watch,
                               KpiContext       *context,
                               const KpiPeriod  *period,
                               GError          **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);

  if (!evaluate_alerts (KPI_STAGNATION_WATCH (watch), context, period, alerts, error))
    return NULL;
  return g_steal_pointer (&alerts);
}

static void
kpi_stagnation_watch_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KpiStagnationWatch *self = KPI_STAGNATION_WATCH (object);

  switch (prop_id)
    {
    case PROP_PERIODS:    g_value_set_uint (value, self->periods); break;
    case PROP_TOLERANCE:  g_value_set_double (value, self->tolerance); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_stagnation_watch_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KpiStagnationWatch *self = KPI_STAGNATION_WATCH (object);

  switch (prop_id)
    {
    case PROP_PERIODS:    kpi_stagnation_watch_set_periods (self, g_value_get_uint (value)); break;
    case PROP_TOLERANCE:  kpi_stagnation_watch_set_tolerance (self, g_value_get_double (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_stagnation_watch_class_init (KpiStagnationWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiWatchClass *watch_class = KPI_WATCH_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kpi_stagnation_watch_get_property;
  object_class->set_property = kpi_stagnation_watch_set_property;
  watch_class->evaluate = kpi_stagnation_watch_evaluate;

  /**
   * KpiStagnationWatch:periods:
   *
   * How many periods, ending at the one evaluated, a stagnation watch
   * looks at: at least 3 (evaluating with fewer is an error);
   * %KPI_STAGNATION_WATCH_DEFAULT_PERIODS (4) by default.
   *
   * Since: 0.1
   */
  properties[PROP_PERIODS] =
    g_param_spec_uint ("periods", NULL, NULL, 0, G_MAXUINT, KPI_STAGNATION_WATCH_DEFAULT_PERIODS, rw);

  /**
   * KpiStagnationWatch:tolerance:
   *
   * The relative distance from their mean within which the values of a
   * stagnation watch are called flat (0.02 for ± 2 %, the default,
   * %KPI_STAGNATION_WATCH_DEFAULT_TOLERANCE); at least 0.
   *
   * Since: 0.1
   */
  properties[PROP_TOLERANCE] =
    kpi_param_spec_nan_double ("tolerance", KPI_STAGNATION_WATCH_DEFAULT_TOLERANCE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_stagnation_watch_init (KpiStagnationWatch *self)
{
  self->periods = KPI_STAGNATION_WATCH_DEFAULT_PERIODS;
  self->tolerance = KPI_STAGNATION_WATCH_DEFAULT_TOLERANCE;
}

/**
 * kpi_stagnation_watch_new:
 * @id: the watch's id
 * @indicator: the id of the indicator to watch
 *
 * Makes a stagnation watch over the last
 * %KPI_STAGNATION_WATCH_DEFAULT_PERIODS periods with a tolerance of
 * %KPI_STAGNATION_WATCH_DEFAULT_TOLERANCE; set
 * [property@Kpi.IndicatorWatch:group-by] to watch the indicator by group.
 *
 * Returns: (transfer full): the new watch
 *
 * Since: 0.1
 */
KpiWatch *
kpi_stagnation_watch_new (const char *id,
                          const char *indicator)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  return g_object_new (KPI_TYPE_STAGNATION_WATCH, "id", id, "indicator", indicator, NULL);
}

/**
 * kpi_stagnation_watch_get_periods:
 * @self: a StagnationWatch
 *
 * Gets [property@Kpi.StagnationWatch:periods].
 *
 * Returns: the number of periods
 *
 * Since: 0.1
 */
guint
kpi_stagnation_watch_get_periods (KpiStagnationWatch *self)
{
  g_return_val_if_fail (KPI_IS_STAGNATION_WATCH (self), 0);
  return self->periods;
}

/**
 * kpi_stagnation_watch_set_periods:
 * @self: a StagnationWatch
 * @periods: the number of periods
 *
 * Sets [property@Kpi.StagnationWatch:periods]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_stagnation_watch_set_periods (KpiStagnationWatch *self,
                                  guint               periods)
{
  g_return_if_fail (KPI_IS_STAGNATION_WATCH (self));

  if (self->periods == periods)
    return;
  self->periods = periods;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIODS]);
}

/**
 * kpi_stagnation_watch_get_tolerance:
 * @self: a StagnationWatch
 *
 * Gets [property@Kpi.StagnationWatch:tolerance].
 *
 * Returns: the relative tolerance
 *
 * Since: 0.1
 */
double
kpi_stagnation_watch_get_tolerance (KpiStagnationWatch *self)
{
  g_return_val_if_fail (KPI_IS_STAGNATION_WATCH (self), NAN);
  return self->tolerance;
}

/**
 * kpi_stagnation_watch_set_tolerance:
 * @self: a StagnationWatch
 * @tolerance: the relative tolerance
 *
 * Sets [property@Kpi.StagnationWatch:tolerance]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_stagnation_watch_set_tolerance (KpiStagnationWatch *self,
                                    double              tolerance)
{
  g_return_if_fail (KPI_IS_STAGNATION_WATCH (self));

  if (self->tolerance == tolerance || (isnan (self->tolerance) && isnan (tolerance)))
    return;
  self->tolerance = tolerance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOLERANCE]);
}

