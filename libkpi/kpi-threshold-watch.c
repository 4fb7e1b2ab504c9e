/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-threshold-watch.c: an indicator beyond a limit (stock below its
 * critical point) */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

/**
 * KpiThresholdWatch:
 *
 * A watch rule (`threshold`): is an indicator beyond a limit (stock below
 * its critical point, complaints above 50)? The indicator
 * ([property@Kpi.IndicatorWatch:indicator]) is evaluated through the
 * context for the period; the watch alerts when the value is below
 * [property@Kpi.ThresholdWatch:below] or above
 * [property@Kpi.ThresholdWatch:above] (either or both set; the edge itself
 * does not alert). The alert's value is the indicator's, its threshold the
 * limit crossed; its status is %KPI_STATUS_OFF_TRACK.
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
 * g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * // a channel's revenue outside 50 to 180
 * g_autoptr(KpiWatch) watch = kpi_threshold_watch_new ("channel_revenue", "revenue", 50, 180);
 * g_autoptr(GPtrArray) alerts = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_context_add_indicator (context, revenue);
 * kpi_indicator_watch_set_group_by (KPI_INDICATOR_WATCH (watch), "channel");
 * alerts = kpi_watch_evaluate (watch, context, january, &error);
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
 * # a channel's revenue outside 50 to 180
 * watch = Kpi.ThresholdWatch.new("channel_revenue", "revenue", 50, 180)
 * watch.set_group_by("channel")
 * for alert in watch.evaluate(context, calendar.parse_period("2025-01")):
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
 * // a channel's revenue outside 50 to 180
 * const watch = Kpi.ThresholdWatch.new('channel_revenue', 'revenue', 50, 180);
 * watch.set_group_by('channel');
 * for (const alert of watch.evaluate(context, calendar.parse_period('2025-01')))
 *     print(alert.get_message());
 * ```
 *
 * Since: 0.1
 */

struct _KpiThresholdWatch
{
  KpiIndicatorWatch parent_instance;

  double below;        /* NaN: unset */
  double above;        /* NaN: unset */
};

enum {
  PROP_0,
  PROP_BELOW,
  PROP_ABOVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiThresholdWatch, kpi_threshold_watch, KPI_TYPE_INDICATOR_WATCH)


static gboolean
evaluate_alerts (KpiThresholdWatch  *self,
                 KpiContext         *context,
                 const KpiPeriod    *period,
                 GPtrArray          *alerts,
                 GError            **error)
{
  g_autoptr(KpiIndicator) indicator = kpi_indicator_watch_lookup_indicator (KPI_INDICATOR_WATCH (self), context, error);
  g_autoptr(GPtrArray) periods = NULL;
  g_auto(KpiWatchSeries) series = { NULL, };

  if (indicator == NULL)
    return FALSE;
  if (isnan (self->below) && isnan (self->above))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "threshold watch “%s” sets neither “below” nor “above”", kpi_watch_get_id (KPI_WATCH (self)));
      return FALSE;
    }
  if (isinf (self->below) || isinf (self->above))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "threshold watch “%s” has an infinite limit, expected a finite number", kpi_watch_get_id (KPI_WATCH (self)));
      return FALSE;
    }
  if (!kpi_indicator_watch_check_grouping (KPI_INDICATOR_WATCH (self), context, indicator, error))
    return FALSE;
  periods = g_ptr_array_new ();
  g_ptr_array_add (periods, (gpointer) period);
  if (!kpi_indicator_watch_fill_series (KPI_INDICATOR_WATCH (self), context, indicator, periods, &series, error))
    return FALSE;

  for (guint i = 0; i < series.subjects->len; i++)
    {
      const char *subject = g_ptr_array_index (series.subjects, i);
      GArray *row = g_ptr_array_index (series.values, i);
      double x = g_array_index (row, double, 0);
      double limit;
      const char *side;
      g_autofree char *name = NULL;
      GString *message;
      int decimals;

      if (isnan (x))
        {
          g_ptr_array_add (alerts, kpi_indicator_watch_missing_note (KPI_INDICATOR_WATCH (self), indicator, subject,
                                                                      row, periods,
                                                                      "; no verdict on the threshold"));
          continue;
        }
      if (!isnan (self->below) && x < self->below)
        limit = self->below, side = "below";
      else if (!isnan (self->above) && x > self->above)
        limit = self->above, side = "above";
      else
        continue;
      name = kpi_watch_name_of (indicator, subject);
      decimals = kpi_watch_decimals_apart (x, limit, kpi_indicator_get_decimals (indicator));
      message = g_string_new (name);
      g_string_append_c (message, ' ');
      kpi_watch_append_number (message, x, decimals);
      kpi_watch_append_unit (message, indicator);
      g_string_append_printf (message, " is %s ", side);
      kpi_watch_append_number (message, limit, decimals);
      kpi_watch_append_unit (message, indicator);
      g_string_append_printf (message, " in %s", kpi_period_get_label (period));
      g_ptr_array_add (alerts, kpi_watch_alert_take (KPI_WATCH (self), KPI_STATUS_OFF_TRACK, kpi_indicator_get_id (indicator),
                                                     subject, g_string_free (message, FALSE), x, limit,
                                                     KPI_TIME_UNSET));
    }
  return TRUE;
}

static GPtrArray *
kpi_threshold_watch_evaluate (KpiWatch         *watch,
                              KpiContext       *context,
                              const KpiPeriod  *period,
                              GError          **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);

  if (!evaluate_alerts (KPI_THRESHOLD_WATCH (watch), context, period, alerts, error))
    return NULL;
  return g_steal_pointer (&alerts);
}

static void
kpi_threshold_watch_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KpiThresholdWatch *self = KPI_THRESHOLD_WATCH (object);

  switch (prop_id)
    {
    case PROP_BELOW:      g_value_set_double (value, self->below); break;
    case PROP_ABOVE:      g_value_set_double (value, self->above); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_threshold_watch_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KpiThresholdWatch *self = KPI_THRESHOLD_WATCH (object);

  switch (prop_id)
    {
    case PROP_BELOW:      kpi_threshold_watch_set_below (self, g_value_get_double (value)); break;
    case PROP_ABOVE:      kpi_threshold_watch_set_above (self, g_value_get_double (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_threshold_watch_class_init (KpiThresholdWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiWatchClass *watch_class = KPI_WATCH_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kpi_threshold_watch_get_property;
  object_class->set_property = kpi_threshold_watch_set_property;
  watch_class->evaluate = kpi_threshold_watch_evaluate;

  /**
   * KpiThresholdWatch:below:
   *
   * A threshold watch alerts when the value is below this; NaN (the
   * default) for no lower limit.
   *
   * Since: 0.1
   */
  properties[PROP_BELOW] = kpi_param_spec_nan_double ("below", NAN, rw);

  /**
   * KpiThresholdWatch:above:
   *
   * A threshold watch alerts when the value is above this; NaN (the
   * default) for no upper limit.
   *
   * Since: 0.1
   */
  properties[PROP_ABOVE] = kpi_param_spec_nan_double ("above", NAN, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_threshold_watch_init (KpiThresholdWatch *self)
{
  self->below = NAN;
  self->above = NAN;
}

/**
 * kpi_threshold_watch_new:
 * @id: the watch's id
 * @indicator: the id of the indicator to watch
 * @below: alert when the value is below this; NaN for no lower limit
 * @above: alert when the value is above this; NaN for no upper limit
 *
 * Makes a threshold watch; set [property@Kpi.IndicatorWatch:group-by] to
 * watch the indicator by group.
 *
 * Returns: (transfer full): the new watch
 *
 * Since: 0.1
 */
KpiWatch *
kpi_threshold_watch_new (const char *id,
                         const char *indicator,
                         double      below,
                         double      above)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  return g_object_new (KPI_TYPE_THRESHOLD_WATCH, "id", id, "indicator", indicator,
                       "below", below, "above", above, NULL);
}

/**
 * kpi_threshold_watch_get_below:
 * @self: a ThresholdWatch
 *
 * Gets [property@Kpi.ThresholdWatch:below].
 *
 * Returns: the lower limit, NaN for none
 *
 * Since: 0.1
 */
double
kpi_threshold_watch_get_below (KpiThresholdWatch *self)
{
  g_return_val_if_fail (KPI_IS_THRESHOLD_WATCH (self), NAN);
  return self->below;
}

/**
 * kpi_threshold_watch_set_below:
 * @self: a ThresholdWatch
 * @below: the lower limit, NaN for none
 *
 * Sets [property@Kpi.ThresholdWatch:below]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_threshold_watch_set_below (KpiThresholdWatch *self,
                               double             below)
{
  g_return_if_fail (KPI_IS_THRESHOLD_WATCH (self));

  if (self->below == below || (isnan (self->below) && isnan (below)))
    return;
  self->below = below;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BELOW]);
}

/**
 * kpi_threshold_watch_get_above:
 * @self: a ThresholdWatch
 *
 * Gets [property@Kpi.ThresholdWatch:above].
 *
 * Returns: the upper limit, NaN for none
 *
 * Since: 0.1
 */
double
kpi_threshold_watch_get_above (KpiThresholdWatch *self)
{
  g_return_val_if_fail (KPI_IS_THRESHOLD_WATCH (self), NAN);
  return self->above;
}

/**
 * kpi_threshold_watch_set_above:
 * @self: a ThresholdWatch
 * @above: the upper limit, NaN for none
 *
 * Sets [property@Kpi.ThresholdWatch:above]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_threshold_watch_set_above (KpiThresholdWatch *self,
                               double             above)
{
  g_return_if_fail (KPI_IS_THRESHOLD_WATCH (self));

  if (self->above == above || (isnan (self->above) && isnan (above)))
    return;
  self->above = above;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABOVE]);
}

