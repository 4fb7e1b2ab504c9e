/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-watch.c: a watch rule, the abstract class, the alerts watch rules
 * raise, and what the built-in rules share (the figures of their
 * messages, names checked against the context) */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

/**
 * KpiWatch:
 *
 * A watch rule: a question a dashboard asks of the data every period, and
 * that raises a [struct@Kpi.Alert] when the answer deserves attention.
 *
 * `KpiWatch` is abstract: each kind of rule is a subclass that implements
 * [vfunc@Kpi.Watch.evaluate]. The library's own answer the questions a
 * sales team keeps asking:
 *
 * - [class@Kpi.ThresholdWatch] (`threshold`): is an indicator beyond a
 *   limit (stock below its critical point, complaints above 50)?
 * - [class@Kpi.StagnationWatch] (`stagnation`): has an indicator stopped
 *   moving (the average basket of a channel flat for months)?
 * - [class@Kpi.LapsingAccountsWatch] (`lapsing-accounts`): are reps losing
 *   important customers without knowing it?
 *
 * The first two are [class@Kpi.IndicatorWatch]es: they follow an
 * indicator, as a whole or by group. A definitions file names a rule's
 * kind by its nick, [ctor@Kpi.Watch.new_for_type] makes one from it, and
 * each alert says which kind raised it
 * ([method@Kpi.Alert.get_watch_type]).
 *
 * ## Missing values
 *
 * A missing value is never taken as 0. A threshold watch over a missing
 * value (or over a group without rows in the period), and a stagnation
 * watch over a series with a missing value, say so in an alert of status
 * %KPI_STATUS_UNKNOWN, whose value is NaN: a note, not a finding.
 *
 * ## Messages
 *
 * The messages name what was found with its figures, in the indicator's
 * decimals (more when they would hide the crossing), with its unit when
 * it is not `count`, `ratio` or `score`, thousands grouped by a space:
 *
 * - `stock 84 is below 100 in 2025-09`
 * - `average basket (online) flat for 4 months, 2025-06 to 2025-09: 61.20 to 62.05 EUR (±0.7 %)`
 * - `customer C01234 (3rd by amount, 18 400 over 12 months) silent for 97 days; usually orders every 21 days`
 *
 * ## An application's own rules
 *
 * An application adds a kind of rule of its own by subclassing `KpiWatch`
 * and overriding [vfunc@Kpi.Watch.evaluate], which makes its alerts with
 * kpi_alert_new(). Its rules go on a dashboard like the library's
 * ([method@Kpi.Dashboard.add_watch]); [ctor@Kpi.Watch.new_for_type] makes
 * one by its type name once the type is registered, and its alerts'
 * watch type is that name in kebab case (`MyQuotaWatch`:
 * `my-quota-watch`).
 *
 * ```python
 * class QuotaWatch(Kpi.Watch):
 *     __gtype_name__ = "MyQuotaWatch"
 *
 *     def do_evaluate(self, context, period):
 *         value = context.lookup_indicator("revenue").evaluate(context, period)
 *         if value.get_value() < 100000:
 *             return [Kpi.Alert.new(self, Kpi.Status.OFF_TRACK, "revenue", None,
 *                                   "revenue below quota", value.get_value(),
 *                                   100000, Kpi.TIME_UNSET)]
 *         return []
 * ```
 *
 * A watch is set up, then evaluated: it may be evaluated from several
 * threads at once; do not change it while it is.
 *
 * ```python
 * watch = Kpi.StagnationWatch.new("basket-flat", "average_basket")
 * watch.props.group_by = "channel"
 * for alert in watch.evaluate(context, september):
 *     print(alert.get_status(), alert.get_message())
 * ```
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
 * g_autoptr(KpiWatch) watch = kpi_watch_new_for_type ("threshold", "low_revenue", &error);
 * g_autoptr(GPtrArray) alerts = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_context_add_indicator (context, revenue);
 * // revenue below 100, each channel alone
 * g_object_set (watch, "indicator", "revenue", "below", 100.0, "group-by", "channel", NULL);
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
 * watch = Kpi.Watch.new_for_type("threshold", "low_revenue")
 * # revenue below 100, each channel alone
 * watch.props.indicator = "revenue"
 * watch.props.below = 100
 * watch.props.group_by = "channel"
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
 * const watch = Kpi.Watch.new_for_type('threshold', 'low_revenue');
 * // revenue below 100, each channel alone
 * watch.set({indicator: 'revenue', below: 100, group_by: 'channel'});
 * for (const alert of watch.evaluate(context, calendar.parse_period('2025-03')))
 *     print(alert.get_message());
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiAlert:
 *
 * What a [class@Kpi.Watch] found: the watch and its kind, the indicator
 * or the entity it is about, a message with the figures, a status
 * (%KPI_STATUS_OFF_TRACK for a crossing or a lapse, %KPI_STATUS_AT_RISK
 * for a stagnation, %KPI_STATUS_UNKNOWN for a note that a value was
 * missing), the value against the threshold, and since when.
 *
 * Alerts are immutable and reference counted: they may be shared between
 * threads.
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
 * g_autoptr(KpiWatch) watch = kpi_watch_new_for_type ("threshold", "low_revenue", &error);
 * g_autoptr(GPtrArray) alerts = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * kpi_context_add_indicator (context, revenue);
 * g_object_set (watch, "indicator", "revenue", "below", 100.0, "group-by", "channel", NULL);
 * alerts = kpi_watch_evaluate (watch, context, march, &error);
 * if (alerts == NULL)
 *   g_error ("%s", error->message);
 * // each alert: the channel, its revenue against the limit, how bad it is
 * for (guint i = 0; i < alerts->len; i++)
 *   {
 *     KpiAlert *alert = g_ptr_array_index (alerts, i);
 *     g_print ("%s: %g against %g, %s\n", kpi_alert_get_subject (alert), kpi_alert_get_value (alert),
 *              kpi_alert_get_threshold (alert), kpi_status_to_string (kpi_alert_get_status (alert)));
 *   }
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
 * watch = Kpi.Watch.new_for_type("threshold", "low_revenue")
 * watch.props.indicator = "revenue"
 * watch.props.below = 100
 * watch.props.group_by = "channel"
 * # each alert: the channel, its revenue against the limit, how bad it is
 * for alert in watch.evaluate(context, calendar.parse_period("2025-03")):
 *     print(f"{alert.get_subject()}: {alert.get_value()} against {alert.get_threshold()}, "
 *           f"{Kpi.status_to_string(alert.get_status())}")
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
 * const watch = Kpi.Watch.new_for_type('threshold', 'low_revenue');
 * watch.set({indicator: 'revenue', below: 100, group_by: 'channel'});
 * // each alert: the channel, its revenue against the limit, how bad it is
 * for (const alert of watch.evaluate(context, calendar.parse_period('2025-03'))) {
 *     print(`${alert.get_subject()}: ${alert.get_value()} against ${alert.get_threshold()}, ` +
 *           Kpi.status_to_string(alert.get_status()));
 * }
 * ```
 *
 * Since: 0.1
 */

struct _KpiAlert
{
  gatomicrefcount  ref_count;
  KpiStatus        status;
  char            *watch_id;
  char            *watch_type;
  char            *indicator_id;
  char            *subject;
  char            *message;
  double           value;
  double           threshold;
  gint64           since;
};

G_DEFINE_BOXED_TYPE (KpiAlert, kpi_alert, kpi_alert_ref, kpi_alert_unref)

/* The alerts made on this thread while an implementation of evaluate runs
 * (GPtrArray of KpiAlert, NULL outside kpi_watch_evaluate()). A binding
 * may give back alerts it no longer holds: PyGObject returns the pointers
 * of a Python list (transfer container) and drops the list, and with it
 * the last reference of each alert, before kpi_watch_evaluate() sees the
 * array. These references keep them alive until it has taken its own. */
static GPrivate made_alerts;

/**
 * kpi_alert_new:
 * @watch: the watch rule that raises the alert
 * @status: how serious it is: %KPI_STATUS_OFF_TRACK for a finding that
 *   needs action, %KPI_STATUS_AT_RISK for one to keep an eye on,
 *   %KPI_STATUS_UNKNOWN for a note that nothing could be judged
 * @indicator_id: (nullable): the indicator the alert is about, or %NULL
 * @subject: (nullable): what the alert is about within the watch (a
 *   group, a customer), or %NULL
 * @message: what was found, with its figures, for people: valid UTF-8
 * @value: the figure judged, NaN for none
 * @threshold: what it was judged against, NaN for none
 * @since: since when the situation lasts (microseconds since the Unix
 *   epoch), or %KPI_TIME_UNSET
 *
 * Makes an alert of @watch: what the implementations of
 * [vfunc@Kpi.Watch.evaluate] return, an application's included. The
 * alert takes the watch's id and its type's nick
 * ([method@Kpi.Alert.get_watch_type]).
 *
 * Returns: (transfer full): the new alert
 *
 * Since: 0.1
 */
KpiAlert *
kpi_alert_new (KpiWatch   *watch,
               KpiStatus   status,
               const char *indicator_id,
               const char *subject,
               const char *message,
               double      value,
               double      threshold,
               gint64      since)
{
  KpiAlert *self;
  GPtrArray *made;

  g_return_val_if_fail (KPI_IS_WATCH (watch), NULL);
  g_return_val_if_fail (message != NULL && g_utf8_validate (message, -1, NULL), NULL);

  self = g_new0 (KpiAlert, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->status = status;
  self->watch_id = g_strdup (kpi_watch_get_id (watch));
  self->watch_type = kpi_watch_type_nick (G_OBJECT_TYPE (watch));
  self->indicator_id = g_strdup (indicator_id);
  self->subject = g_strdup (subject);
  self->message = g_strdup (message);
  self->value = value;
  self->threshold = threshold;
  self->since = since;

  made = g_private_get (&made_alerts);
  if (made != NULL)
    g_ptr_array_add (made, kpi_alert_ref (self));
  return self;
}

/**
 * kpi_alert_ref:
 * @self: an alert
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiAlert *
kpi_alert_ref (KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_alert_unref:
 * @self: (transfer full): an alert
 *
 * Releases a reference to @self, freeing it with the last one.
 *
 * Since: 0.1
 */
void
kpi_alert_unref (KpiAlert *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->watch_id);
      g_free (self->watch_type);
      g_free (self->indicator_id);
      g_free (self->subject);
      g_free (self->message);
      g_free (self);
    }
}

/**
 * kpi_alert_get_watch_id:
 * @self: an alert
 *
 * Gets the id of the watch that raised the alert.
 *
 * Returns: the watch's [property@Kpi.Watch:id]
 *
 * Since: 0.1
 */
const char *
kpi_alert_get_watch_id (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->watch_id;
}

/**
 * kpi_alert_get_watch_type:
 * @self: an alert
 *
 * Gets the kind of rule that raised the alert: the nick of the watch's
 * type, as a definitions file names it (`threshold`, `stagnation`,
 * `lapsing-accounts`); for an application's rule, its type name in kebab
 * case (`MyQuotaWatch`: `my-quota-watch`).
 *
 * Returns: the kind of rule
 *
 * Since: 0.1
 */
const char *
kpi_alert_get_watch_type (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->watch_type;
}

/**
 * kpi_alert_get_indicator_id:
 * @self: an alert
 *
 * Gets the indicator the alert is about: that of a threshold or a
 * stagnation watch.
 *
 * Returns: (nullable): the indicator's id, or %NULL for a lapsing account
 *
 * Since: 0.1
 */
const char *
kpi_alert_get_indicator_id (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->indicator_id;
}

/**
 * kpi_alert_get_subject:
 * @self: an alert
 *
 * Gets what the alert is about within the watch: the lapsing entity (the
 * customer), or the group of a grouped indicator watch.
 *
 * Returns: (nullable): the subject, or %NULL for an indicator watched as a
 *   whole
 *
 * Since: 0.1
 */
const char *
kpi_alert_get_subject (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->subject;
}

/**
 * kpi_alert_get_message:
 * @self: an alert
 *
 * Gets what the watch found, with its figures, for people: `stock 84 is
 * below 100 in 2025-09`.
 *
 * Returns: the message, valid UTF-8
 *
 * Since: 0.1
 */
const char *
kpi_alert_get_message (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

/**
 * kpi_alert_get_status:
 * @self: an alert
 *
 * Gets how serious the alert is: %KPI_STATUS_OFF_TRACK for a threshold
 * crossed or an account lapsing, %KPI_STATUS_AT_RISK for a stagnation,
 * %KPI_STATUS_UNKNOWN for a note that a value was missing, so that nothing
 * could be judged.
 *
 * Returns: the status
 *
 * Since: 0.1
 */
KpiStatus
kpi_alert_get_status (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, KPI_STATUS_UNKNOWN);
  return self->status;
}

/**
 * kpi_alert_get_value:
 * @self: an alert
 *
 * Gets the figure the watch judged: the indicator's value (threshold), the
 * largest relative distance of the series from its mean (stagnation, 0.007
 * for 0.7 %), the days since the last order (lapsing accounts).
 *
 * Returns: the value, NaN for a note of a missing value
 *
 * Since: 0.1
 */
double
kpi_alert_get_value (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->value;
}

/**
 * kpi_alert_get_threshold:
 * @self: an alert
 *
 * Gets what the value was judged against: the limit crossed (threshold),
 * the tolerance (stagnation), the factor times the usual interval between
 * orders, in days (lapsing accounts).
 *
 * Returns: the threshold, NaN for a note of a missing value
 *
 * Since: 0.1
 */
double
kpi_alert_get_threshold (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->threshold;
}

/**
 * kpi_alert_get_since:
 * @self: an alert
 *
 * Gets since when the situation lasts: the last order of a lapsing
 * account, the start of a flat run.
 *
 * Returns: microseconds since the Unix epoch, or %KPI_TIME_UNSET for a
 *   threshold crossed or a note
 *
 * Since: 0.1
 */
gint64
kpi_alert_get_since (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, KPI_TIME_UNSET);
  return self->since;
}

/* KpiWatch */

typedef struct
{
  char *id;
  char *title;
} KpiWatchPrivate;

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KpiWatch, kpi_watch, G_TYPE_OBJECT)

/**
 * kpi_watch_error_quark:
 *
 * The error domain of [class@Kpi.Watch], %KPI_WATCH_ERROR; its codes are
 * the #KpiWatchError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-watch-error-quark, kpi_watch_error)

static void
kpi_watch_finalize (GObject *object)
{
  KpiWatchPrivate *priv = kpi_watch_get_instance_private (KPI_WATCH (object));

  g_free (priv->id);
  g_free (priv->title);

  G_OBJECT_CLASS (kpi_watch_parent_class)->finalize (object);
}

static void
kpi_watch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KpiWatchPrivate *priv = kpi_watch_get_instance_private (KPI_WATCH (object));

  switch (prop_id)
    {
    case PROP_ID:    g_value_set_string (value, priv->id); break;
    case PROP_TITLE: g_value_set_string (value, priv->title); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_watch_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KpiWatch *self = KPI_WATCH (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* unset until constructed (g_object_new() without an id) */
      if (g_value_get_string (value) != NULL)
        kpi_watch_set_id (self, g_value_get_string (value));
      break;
    case PROP_TITLE: kpi_watch_set_title (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_watch_class_init (KpiWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_watch_finalize;
  object_class->get_property = kpi_watch_get_property;
  object_class->set_property = kpi_watch_set_property;

  /**
   * KpiWatch:id:
   *
   * The watch's id, which its alerts carry.
   *
   * Since: 0.1
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, rw);

  /**
   * KpiWatch:title:
   *
   * A title for people ("stock below its critical point"), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_watch_init (KpiWatch *self)
{
}

/* The library's kinds of rule, by the names a definitions file gives them */
static const struct {
  const char *name;
  GType     (*get_type) (void);
} builtin_types[] = {
  { "threshold", kpi_threshold_watch_get_type },
  { "stagnation", kpi_stagnation_watch_get_type },
  { "lapsing-accounts", kpi_lapsing_accounts_watch_get_type },
  { NULL, NULL }
};

/**
 * kpi_watch_list_types:
 *
 * Lists the kinds of watch rule the library has, by the names a
 * definitions file gives them: `threshold`, `stagnation`,
 * `lapsing-accounts`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names
 *
 * Since: 0.1
 */
char **
kpi_watch_list_types (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  for (guint i = 0; builtin_types[i].name != NULL; i++)
    g_strv_builder_add (builder, builtin_types[i].name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/* See kpi-watch-private.h */
char *
kpi_watch_type_nick (GType type)
{
  return kpi_type_nick (type, "Watch");
}

/**
 * kpi_watch_new_for_type:
 * @type: a kind of watch rule ([func@Kpi.Watch.list_types]) or the type
 *   name of a subclass of [class@Kpi.Watch] (an application's
 *   `MyQuotaWatch`)
 * @id: the watch's id
 * @error: return location for a #GError
 *
 * Makes a watch rule of a kind named in a definitions file, with the
 * defaults of its kind; set what it watches with its properties.
 *
 * Returns: (transfer full): the new watch, or %NULL with
 *   %KPI_WATCH_ERROR_UNKNOWN_TYPE (naming the near miss) for a name that
 *   is no kind of watch rule
 *
 * Since: 0.1
 */
KpiWatch *
kpi_watch_new_for_type (const char  *type,
                        const char  *id,
                        GError     **error)
{
  GType gtype = 0;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; builtin_types[i].name != NULL; i++)
    if (strcmp (builtin_types[i].name, type) == 0)
      gtype = builtin_types[i].get_type ();
  if (gtype == 0)
    {
      /* an application's subclass, by its type name */
      gtype = g_type_from_name (type);
      if (gtype != 0 && (!g_type_is_a (gtype, KPI_TYPE_WATCH) || G_TYPE_IS_ABSTRACT (gtype)))
        gtype = 0;
    }
  if (gtype == 0)
    {
      g_auto(GStrv) types = kpi_watch_list_types ();
      g_autofree char *shown = kpi_text_for_message (type, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *near = kpi_suggest_suffix (type, (const char * const *) types,
                                                  g_strv_length (types), "");

      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_TYPE,
                   "unknown kind of watch “%s”%s", shown, near);
      return NULL;
    }
  return g_object_new (gtype, "id", id, NULL);
}

/**
 * kpi_watch_get_id:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:id].
 *
 * Returns: the id
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_id (KpiWatch *self)
{
  KpiWatchPrivate *priv;

  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  priv = kpi_watch_get_instance_private (self);
  return priv->id;
}

/**
 * kpi_watch_set_id:
 * @self: a watch
 * @id: the id
 *
 * Sets [property@Kpi.Watch:id].
 *
 * Since: 0.1
 */
void
kpi_watch_set_id (KpiWatch   *self,
                  const char *id)
{
  KpiWatchPrivate *priv;

  g_return_if_fail (KPI_IS_WATCH (self));
  g_return_if_fail (id != NULL);

  priv = kpi_watch_get_instance_private (self);
  if (kpi_set_str (&priv->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/**
 * kpi_watch_get_title:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:title].
 *
 * Returns: (nullable): the title, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_title (KpiWatch *self)
{
  KpiWatchPrivate *priv;

  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  priv = kpi_watch_get_instance_private (self);
  return priv->title;
}

/**
 * kpi_watch_set_title:
 * @self: a watch
 * @title: (nullable): the title, or %NULL
 *
 * Sets [property@Kpi.Watch:title].
 *
 * Since: 0.1
 */
void
kpi_watch_set_title (KpiWatch   *self,
                     const char *title)
{
  KpiWatchPrivate *priv;

  g_return_if_fail (KPI_IS_WATCH (self));

  priv = kpi_watch_get_instance_private (self);
  if (kpi_set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * kpi_watch_evaluate:
 * @self: a watch
 * @context: where the indicator or the dataset is found, and the calendar
 *   of @period
 * @period: the period to watch (the last of a stagnation watch's series)
 * @error: return location for a #GError
 *
 * Evaluates the watch rule for @period: see each kind of rule for what it
 * looks for.
 *
 * An unknown indicator, dataset or column (with its near miss named), a
 * column of the wrong kind (an amount that is not a measure), a group the
 * group-by column never holds, or a setting out of range (fewer than three
 * periods) is a %KPI_WATCH_ERROR; an indicator that fails to evaluate
 * passes on its own error.
 *
 * Returns: (transfer container) (element-type KpiAlert) (nullable): the
 *   alerts, none when nothing deserves attention; %NULL with @error set
 *
 * Since: 0.1
 */
GPtrArray *
kpi_watch_evaluate (KpiWatch         *self,
                    KpiContext       *context,
                    const KpiPeriod  *period,
                    GError          **error)
{
  KpiWatchClass *klass;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *outer;
  GPtrArray *alerts;
  GError *local_error = NULL;

  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  klass = KPI_WATCH_GET_CLASS (self);
  g_return_val_if_fail (klass->evaluate != NULL, NULL);

  /* a rule may evaluate another: the outer call's alerts are set aside */
  outer = g_private_get (&made_alerts);
  made = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);
  g_private_set (&made_alerts, made);
  found = klass->evaluate (self, context, period, &local_error);
  g_private_set (&made_alerts, outer);
  if (found == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_NO_RESULT,
                     "watch “%s” (%s) gave neither alerts nor an error",
                     kpi_watch_get_id (self), G_OBJECT_TYPE_NAME (self));
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_clear_error (&local_error);
  /* The caller's own array, each alert held by it, whatever the
   * implementation's array holds (a binding's may own none of them). */
  alerts = g_ptr_array_new_full (found->len, (GDestroyNotify) kpi_alert_unref);
  for (guint i = 0; i < found->len; i++)
    if (g_ptr_array_index (found, i) != NULL)
      g_ptr_array_add (alerts, kpi_alert_ref (g_ptr_array_index (found, i)));
  return alerts;
}

/* ------------------------------------------------------------------------
 * Figures for messages
 * ------------------------------------------------------------------------ */

/* See kpi-watch-private.h */
void
kpi_watch_append_number (GString *out,
                         double   x,
                         int      decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];
  char format[16];
  const char *digits, *end;
  gsize n_int;

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 15));
  g_ascii_formatd (buffer, sizeof buffer, format, x);
  if (strcmp (buffer, "-0") == 0 || (buffer[0] == '-' && strspn (buffer + 1, "0.") == strlen (buffer + 1)))
    memmove (buffer, buffer + 1, strlen (buffer));  /* no "-0.00" */
  digits = buffer[0] == '-' ? buffer + 1 : buffer;
  end = strchr (digits, '.');
  n_int = end != NULL ? (gsize) (end - digits) : strlen (digits);
  if (n_int < 5)
    {
      g_string_append (out, buffer);
      return;
    }
  if (digits != buffer)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, digits + n_int);
}

/* See kpi-watch-private.h */
char *
kpi_watch_format_number (double x,
                         int    decimals)
{
  GString *out = g_string_new (NULL);

  kpi_watch_append_number (out, x, decimals);
  return g_string_free (out, FALSE);
}

/* See kpi-watch-private.h */
int
kpi_watch_decimals_apart (double x,
                          double limit,
                          int    decimals)
{
  int d = MAX (decimals, 0);

  while (d < decimals + 6)
    {
      g_autofree char *a = kpi_watch_format_number (x, d);
      g_autofree char *b = kpi_watch_format_number (limit, d);
      char plain[G_ASCII_DTOSTR_BUF_SIZE + 32];

      /* the limit as written, without the grouping of thousands */
      g_snprintf (plain, sizeof plain, "%.*f", d, limit);
      if (strcmp (a, b) != 0 && g_ascii_strtod (plain, NULL) == limit)
        break;
      d++;
    }
  return d;
}

/* The unit a message appends to a figure of @indicator: its unit, unless it
 * names no unit of measure (a count, a ratio, a score). */
static const char *
unit_of (KpiIndicator *indicator)
{
  const char *unit = kpi_indicator_get_unit (indicator);

  if (unit == NULL || *unit == '\0' || g_str_equal (unit, "count") ||
      g_str_equal (unit, "ratio") || g_str_equal (unit, "score"))
    return NULL;
  return unit;
}

/* See kpi-watch-private.h */
void
kpi_watch_append_unit (GString      *out,
                       KpiIndicator *indicator)
{
  const char *unit = unit_of (indicator);

  if (unit != NULL)
    g_string_append_printf (out, " %s", unit);
}

/* See kpi-watch-private.h */
char *
kpi_watch_name_of (KpiIndicator *indicator,
                   const char   *group)
{
  const char *title = kpi_indicator_get_title (indicator);
  GString *out = g_string_new (NULL);

  if (title == NULL || *title == '\0')
    g_string_append (out, kpi_indicator_get_id (indicator));
  else
    {
      gunichar first = g_utf8_get_char (title);
      const char *next = g_utf8_next_char (title);

      if (g_unichar_isupper (first) && (*next == '\0' || !g_unichar_isupper (g_utf8_get_char (next))))
        {
          g_string_append_unichar (out, g_unichar_tolower (first));
          g_string_append (out, next);
        }
      else
        g_string_append (out, title);
    }
  if (group != NULL)
    g_string_append_printf (out, " (%s)", group);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------
 * Names checked against the context
 * ------------------------------------------------------------------------ */

/* See kpi-watch-private.h */
KpiDataset *
kpi_watch_lookup_dataset (KpiWatch    *self,
                          KpiContext  *context,
                          const char  *name,
                          GError     **error)
{
  KpiDataset *dataset = name != NULL ? kpi_context_lookup_dataset (context, name) : NULL;

  if (dataset == NULL)
    {
      g_auto(GStrv) names = kpi_context_list_dataset_names (context);
      g_autofree char *near = name != NULL
        ? kpi_suggest_suffix (name, (const char * const *) names, g_strv_length (names), "")
        : g_strdup ("");
      g_autofree char *quoted = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_DATASET,
                   "watch “%s”: unknown dataset “%s”%s", kpi_watch_get_id (self), quoted, near);
    }
  return dataset;
}

/* See kpi-watch-private.h */
gboolean
kpi_watch_check_column (KpiWatch       *self,
                        KpiDataset     *dataset,
                        const char     *dataset_name,
                        const char     *column,
                        KpiColumnKind   kind,
                        const char     *role,
                        GError        **error)
{
  KpiColumnKind found;
  g_autofree char *quoted = kpi_text_for_message (column, -1, KPI_MESSAGE_QUOTE_CHARS);

  if (column == NULL || !kpi_dataset_lookup_column (dataset, column, NULL, &found))
    {
      g_auto(GStrv) names = kpi_dataset_list_columns (dataset, kind);
      g_autofree char *near = column != NULL
        ? kpi_suggest_suffix (column, (const char * const *) names, g_strv_length (names), "")
        : g_strdup ("");

      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_COLUMN,
                   "watch “%s”: dataset “%s” has no column “%s”%s",
                   kpi_watch_get_id (self), dataset_name, quoted, near);
      return FALSE;
    }
  if (found != kind)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_COLUMN_KIND,
                   "watch “%s”: the %s column “%s” of dataset “%s” is a %s, expected a %s",
                   kpi_watch_get_id (self), role, quoted, dataset_name,
                   found == KPI_COLUMN_MEASURE ? "measure" :
                   found == KPI_COLUMN_DIMENSION ? "dimension" : "time",
                   kind == KPI_COLUMN_MEASURE ? "measure" : "dimension");
      return FALSE;
    }
  return TRUE;
}

