/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator-watch.c: a watch rule over an indicator, as a whole or by
 * group, the abstract class of the threshold and stagnation watches, and
 * the series they look at */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

/**
 * KpiIndicatorWatch:
 *
 * A watch rule that follows an indicator
 * ([property@Kpi.IndicatorWatch:indicator]), resolved through the context
 * it is evaluated with: the abstract class of [class@Kpi.ThresholdWatch]
 * and [class@Kpi.StagnationWatch].
 *
 * ## Groups
 *
 * An indicator watch with [property@Kpi.IndicatorWatch:group-by] (a
 * dimension of the indicator's dataset) watches the indicator's breakdown
 * by that dimension: one group when [property@Kpi.IndicatorWatch:group]
 * names it (channel = online), every group the period has otherwise, each
 * alert with its group as subject.
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
 * g_autoptr(KpiWatch) watch = kpi_threshold_watch_new ("online_revenue", "revenue", 150, 1000);
 * KpiIndicatorWatch *indicator_watch = KPI_INDICATOR_WATCH (watch);
 * g_autoptr(GPtrArray) alerts = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_context_add_indicator (context, revenue);
 * // the online channel's revenue only
 * kpi_indicator_watch_set_group_by (indicator_watch, "channel");
 * kpi_indicator_watch_set_group (indicator_watch, "online");
 * alerts = kpi_watch_evaluate (watch, context, march, &error);
 * if (alerts == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s by %s = %s: %u alert(s)\n", kpi_indicator_watch_get_indicator (indicator_watch),
 *          kpi_indicator_watch_get_group_by (indicator_watch),
 *          kpi_indicator_watch_get_group (indicator_watch), alerts->len);
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
 * watch = Kpi.ThresholdWatch.new("online_revenue", "revenue", 150, 1000)
 * # the online channel's revenue only
 * watch.set_group_by("channel")
 * watch.set_group("online")
 * alerts = watch.evaluate(context, calendar.parse_period("2025-03"))
 * print(f"{watch.get_indicator()} by {watch.get_group_by()} = {watch.get_group()}: {len(alerts)} alert(s)")
 * for alert in alerts:
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
 * const watch = Kpi.ThresholdWatch.new('online_revenue', 'revenue', 150, 1000);
 * // the online channel's revenue only
 * watch.set_group_by('channel');
 * watch.set_group('online');
 * const alerts = watch.evaluate(context, calendar.parse_period('2025-03'));
 * print(`${watch.get_indicator()} by ${watch.get_group_by()} = ${watch.get_group()}: ${alerts.length} alert(s)`);
 * for (const alert of alerts)
 *     print(alert.get_message());
 * ```
 *
 * Since: 0.1
 */

typedef struct
{
  char *indicator;
  char *group_by;
  char *group;
} KpiIndicatorWatchPrivate;

enum {
  PROP_0,
  PROP_INDICATOR,
  PROP_GROUP_BY,
  PROP_GROUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KpiIndicatorWatch, kpi_indicator_watch, KPI_TYPE_WATCH)

static void
kpi_indicator_watch_finalize (GObject *object)
{
  KpiIndicatorWatchPrivate *priv = kpi_indicator_watch_get_instance_private (KPI_INDICATOR_WATCH (object));

  g_free (priv->indicator);
  g_free (priv->group_by);
  g_free (priv->group);

  G_OBJECT_CLASS (kpi_indicator_watch_parent_class)->finalize (object);
}

static void
kpi_indicator_watch_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KpiIndicatorWatchPrivate *priv = kpi_indicator_watch_get_instance_private (KPI_INDICATOR_WATCH (object));

  switch (prop_id)
    {
    case PROP_INDICATOR: g_value_set_string (value, priv->indicator); break;
    case PROP_GROUP_BY:  g_value_set_string (value, priv->group_by); break;
    case PROP_GROUP:     g_value_set_string (value, priv->group); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_indicator_watch_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KpiIndicatorWatch *self = KPI_INDICATOR_WATCH (object);

  switch (prop_id)
    {
    case PROP_INDICATOR: kpi_indicator_watch_set_indicator (self, g_value_get_string (value)); break;
    case PROP_GROUP_BY:  kpi_indicator_watch_set_group_by (self, g_value_get_string (value)); break;
    case PROP_GROUP:     kpi_indicator_watch_set_group (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_indicator_watch_class_init (KpiIndicatorWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_indicator_watch_finalize;
  object_class->get_property = kpi_indicator_watch_get_property;
  object_class->set_property = kpi_indicator_watch_set_property;

  /**
   * KpiIndicatorWatch:indicator:
   *
   * The id of the indicator the watch follows, resolved through the
   * context it is evaluated with.
   *
   * Since: 0.1
   */
  properties[PROP_INDICATOR] = g_param_spec_string ("indicator", NULL, NULL, NULL, rw);

  /**
   * KpiIndicatorWatch:group-by:
   *
   * A dimension of the indicator's dataset to watch the indicator's
   * breakdown by (`channel`), or %NULL to watch the indicator as a whole.
   *
   * Since: 0.1
   */
  properties[PROP_GROUP_BY] = g_param_spec_string ("group-by", NULL, NULL, NULL, rw);

  /**
   * KpiIndicatorWatch:group:
   *
   * The one group of [property@Kpi.IndicatorWatch:group-by] to watch
   * (`online`), or %NULL to watch every group.
   *
   * Since: 0.1
   */
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_indicator_watch_init (KpiIndicatorWatch *self)
{
}

/**
 * kpi_indicator_watch_get_indicator:
 * @self: a IndicatorWatch
 *
 * Gets [property@Kpi.IndicatorWatch:indicator].
 *
 * Returns: (nullable): the indicator's id, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_indicator_watch_get_indicator (KpiIndicatorWatch *self)
{
  KpiIndicatorWatchPrivate *priv;

  g_return_val_if_fail (KPI_IS_INDICATOR_WATCH (self), NULL);
  priv = kpi_indicator_watch_get_instance_private (self);
  return priv->indicator;
}

/**
 * kpi_indicator_watch_set_indicator:
 * @self: a IndicatorWatch
 * @indicator: (nullable): the indicator's id, or %NULL
 *
 * Sets [property@Kpi.IndicatorWatch:indicator].
 *
 * Since: 0.1
 */
void
kpi_indicator_watch_set_indicator (KpiIndicatorWatch *self,
                                   const char        *indicator)
{
  KpiIndicatorWatchPrivate *priv;

  g_return_if_fail (KPI_IS_INDICATOR_WATCH (self));
  priv = kpi_indicator_watch_get_instance_private (self);

  if (kpi_set_str (&priv->indicator, indicator))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR]);
}

/**
 * kpi_indicator_watch_get_group_by:
 * @self: a IndicatorWatch
 *
 * Gets [property@Kpi.IndicatorWatch:group-by].
 *
 * Returns: (nullable): the dimension, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_indicator_watch_get_group_by (KpiIndicatorWatch *self)
{
  KpiIndicatorWatchPrivate *priv;

  g_return_val_if_fail (KPI_IS_INDICATOR_WATCH (self), NULL);
  priv = kpi_indicator_watch_get_instance_private (self);
  return priv->group_by;
}

/**
 * kpi_indicator_watch_set_group_by:
 * @self: a IndicatorWatch
 * @group_by: (nullable): the dimension, or %NULL
 *
 * Sets [property@Kpi.IndicatorWatch:group-by].
 *
 * Since: 0.1
 */
void
kpi_indicator_watch_set_group_by (KpiIndicatorWatch *self,
                                  const char        *group_by)
{
  KpiIndicatorWatchPrivate *priv;

  g_return_if_fail (KPI_IS_INDICATOR_WATCH (self));
  priv = kpi_indicator_watch_get_instance_private (self);

  if (kpi_set_str (&priv->group_by, group_by))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY]);
}

/**
 * kpi_indicator_watch_get_group:
 * @self: a IndicatorWatch
 *
 * Gets [property@Kpi.IndicatorWatch:group].
 *
 * Returns: (nullable): the group, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_indicator_watch_get_group (KpiIndicatorWatch *self)
{
  KpiIndicatorWatchPrivate *priv;

  g_return_val_if_fail (KPI_IS_INDICATOR_WATCH (self), NULL);
  priv = kpi_indicator_watch_get_instance_private (self);
  return priv->group;
}

/**
 * kpi_indicator_watch_set_group:
 * @self: a IndicatorWatch
 * @group: (nullable): the group, or %NULL
 *
 * Sets [property@Kpi.IndicatorWatch:group].
 *
 * Since: 0.1
 */
void
kpi_indicator_watch_set_group (KpiIndicatorWatch *self,
                               const char        *group)
{
  KpiIndicatorWatchPrivate *priv;

  g_return_if_fail (KPI_IS_INDICATOR_WATCH (self));
  priv = kpi_indicator_watch_get_instance_private (self);

  if (kpi_set_str (&priv->group, group))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

/* ------------------------------------------------------------------------
 * For the subclasses (kpi-watch-private.h)
 * ------------------------------------------------------------------------ */

/* See kpi-watch-private.h */
KpiIndicator *
kpi_indicator_watch_lookup_indicator (KpiIndicatorWatch  *self,
                                      KpiContext         *context,
                                      GError            **error)
{
  KpiIndicatorWatchPrivate *priv = kpi_indicator_watch_get_instance_private (self);
  KpiIndicator *indicator;

  if (priv->indicator == NULL || *priv->indicator == '\0')
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "watch “%s” has no indicator to watch", kpi_watch_get_id (KPI_WATCH (self)));
      return NULL;
    }
  indicator = kpi_context_lookup_indicator (context, priv->indicator);
  if (indicator == NULL)
    {
      g_auto(GStrv) ids = kpi_context_list_indicator_ids (context);
      g_autofree char *near = kpi_suggest_suffix (priv->indicator, (const char * const *) ids,
                                                   g_strv_length (ids), "");
      g_autofree char *quoted = kpi_text_for_message (priv->indicator, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_INDICATOR,
                   "watch “%s”: unknown indicator “%s”%s", kpi_watch_get_id (KPI_WATCH (self)), quoted, near);
    }
  return indicator;
}

/* See kpi-watch-private.h */
gboolean
kpi_indicator_watch_check_grouping (KpiIndicatorWatch  *self,
                                    KpiContext         *context,
                                    KpiIndicator       *indicator,
                                    GError            **error)
{
  KpiIndicatorWatchPrivate *priv = kpi_indicator_watch_get_instance_private (self);
  g_autoptr(KpiDataset) dataset = NULL;
  const char *name;
  const char * const *dictionary;
  gsize n_values;
  g_autofree char *quoted = NULL;
  g_autofree char *near = NULL;

  if (priv->group_by == NULL)
    {
      if (priv->group != NULL)
        {
          g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                       "watch “%s” names the group “%s” but no group-by column",
                       kpi_watch_get_id (KPI_WATCH (self)), priv->group);
          return FALSE;
        }
      return TRUE;
    }
  name = kpi_indicator_get_dataset_name (indicator);
  if (kpi_indicator_get_dataset (indicator) != NULL)
    dataset = g_object_ref (kpi_indicator_get_dataset (indicator));
  else if (name != NULL)
    {
      dataset = kpi_watch_lookup_dataset (KPI_WATCH (self), context, name, error);
      if (dataset == NULL)
        return FALSE;
    }
  else
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "watch “%s”: indicator “%s” reads no dataset of its own, so it cannot "
                   "be grouped by “%s”", kpi_watch_get_id (KPI_WATCH (self)), kpi_indicator_get_id (indicator),
                   priv->group_by);
      return FALSE;
    }
  if (!kpi_watch_check_column (KPI_WATCH (self), dataset, name != NULL ? name : kpi_indicator_get_id (indicator),
                               priv->group_by, KPI_COLUMN_DIMENSION, "group-by", error))
    return FALSE;
  if (priv->group == NULL)
    return TRUE;
  dictionary = kpi_dataset_get_dimension_dictionary (dataset, priv->group_by, &n_values);
  for (gsize i = 0; i < n_values; i++)
    if (g_strcmp0 (dictionary[i], priv->group) == 0)
      return TRUE;
  quoted = kpi_text_for_message (priv->group, -1, KPI_MESSAGE_QUOTE_CHARS);
  near = kpi_suggest_suffix (priv->group, dictionary, n_values, "");
  g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_GROUP,
               "watch “%s”: “%s” never holds “%s”%s", kpi_watch_get_id (KPI_WATCH (self)), priv->group_by,
               quoted, near);
  return FALSE;
}

/* See kpi-watch-private.h */
void
kpi_watch_series_clear (KpiWatchSeries *series)
{
  g_clear_pointer (&series->subjects, g_ptr_array_unref);
  g_clear_pointer (&series->values, g_ptr_array_unref);
  g_clear_pointer (&series->index, g_hash_table_unref);
}

/* The values of @subject, added with @n NaN if new. */
static GArray *
series_row (KpiWatchSeries *series,
            const char     *subject,
            guint           n)
{
  gpointer position = g_hash_table_lookup (series->index, subject != NULL ? subject : "");
  GArray *row;

  if (position != NULL)
    return g_ptr_array_index (series->values, GPOINTER_TO_UINT (position) - 1);
  row = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (guint i = 0; i < n; i++)
    {
      double nan = NAN;
      g_array_append_val (row, nan);
    }
  g_ptr_array_add (series->subjects, g_strdup (subject));
  g_ptr_array_add (series->values, row);
  g_hash_table_insert (series->index, g_strdup (subject != NULL ? subject : ""),
                       GUINT_TO_POINTER (series->values->len));
  return row;
}

/* See kpi-watch-private.h */
gboolean
kpi_indicator_watch_fill_series (KpiIndicatorWatch  *self,
                                 KpiContext         *context,
                                 KpiIndicator       *indicator,
                                 GPtrArray          *periods,
                                 KpiWatchSeries     *series,
                                 GError            **error)
{
  KpiIndicatorWatchPrivate *priv = kpi_indicator_watch_get_instance_private (self);
  guint n = periods->len;

  series->subjects = g_ptr_array_new_with_free_func (g_free);
  series->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  series->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (priv->group_by == NULL)
    {
      GArray *row = series_row (series, NULL, n);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KpiValue) value = kpi_indicator_evaluate (indicator, context,
                                                              g_ptr_array_index (periods, i), error);
          if (value == NULL)
            return FALSE;
          if (!kpi_value_is_missing (value))
            g_array_index (row, double, i) = kpi_value_get_value (value);
        }
      return TRUE;
    }

  /* The watched group is there even when it has no row in any period. */
  if (priv->group != NULL)
    series_row (series, priv->group, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) groups =
        kpi_indicator_evaluate_breakdown (indicator, context, g_ptr_array_index (periods, i),
                                          priv->group_by, 0, NULL, error);
      if (groups == NULL)
        return FALSE;
      for (guint j = 0; j < groups->len; j++)
        {
          KpiValue *value = g_ptr_array_index (groups, j);
          const char *group = kpi_value_get_group (value);

          if (kpi_value_get_group_kind (value) != KPI_GROUP_KIND_VALUE ||
              (priv->group != NULL && g_strcmp0 (group, priv->group) != 0))
            continue;
          if (!kpi_value_is_missing (value))
            g_array_index (series_row (series, group, n), double, i) = kpi_value_get_value (value);
          else
            series_row (series, group, n);
        }
    }
  return TRUE;
}

/* See kpi-watch-private.h */
KpiAlert *
kpi_indicator_watch_missing_note (KpiIndicatorWatch *self,
                                  KpiIndicator      *indicator,
                                  const char        *subject,
                                  GArray            *row,
                                  GPtrArray         *periods,
                                  const char        *no_verdict)
{
  g_autofree char *name = kpi_watch_name_of (indicator, subject);
  GString *message = g_string_new (NULL);
  guint n_missing = 0;

  g_string_append_printf (message, "%s has no value in ", name);
  for (guint i = 0; i < row->len; i++)
    if (isnan (g_array_index (row, double, i)))
      {
        if (n_missing++ > 0)
          g_string_append (message, ", ");
        g_string_append (message, kpi_period_get_label (g_ptr_array_index (periods, i)));
      }
  g_string_append (message, no_verdict);
  return kpi_watch_alert_take (KPI_WATCH (self), KPI_STATUS_UNKNOWN, kpi_indicator_get_id (indicator),
                               subject, g_string_free (message, FALSE), NAN, NAN, KPI_TIME_UNSET);
}

