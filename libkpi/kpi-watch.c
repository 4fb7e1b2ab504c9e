/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-watch.c: watch rules (a threshold crossed, a flat series, key accounts
 * lapsing) and the alerts they raise */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "kpi-calendar-private.h"
#include "kpi-stats-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiWatch:
 *
 * A watch rule: a question a dashboard asks of the data every period, and
 * that raises a [struct@Kpi.Alert] when the answer deserves attention.
 * Three kinds answer the questions a sales team keeps asking:
 *
 * - %KPI_WATCH_KIND_THRESHOLD: is an indicator beyond a limit (stock below
 *   its critical point, complaints above 50)? The indicator
 *   ([property@Kpi.Watch:indicator]) is evaluated through the context for
 *   the period; the watch alerts when the value is below
 *   [property@Kpi.Watch:below] or above [property@Kpi.Watch:above]
 *   (either or both set; the edge itself does not alert). The alert's value
 *   is the indicator's, its threshold the limit crossed; its status is
 *   %KPI_STATUS_OFF_TRACK.
 *
 * - %KPI_WATCH_KIND_STAGNATION: has an indicator stopped moving (the
 *   average basket of a channel flat for months)? The series of the
 *   [property@Kpi.Watch:periods] periods ending at the period (the earlier
 *   ones are the period moved back with kpi_calendar_offset(), so a
 *   month-to-date period is compared with the same days of the months
 *   before) is flat when every value lies within ± the
 *   [property@Kpi.Watch:tolerance] of their mean, relative to the mean,
 *   and the Mann–Kendall test of kpi_trend_analyze() finds no trend
 *   significant at %KPI_DEFAULT_TREND_SIGNIFICANCE: a slow steady rise
 *   inside the band is a trend, not a stagnation (with four periods the
 *   test cannot reach that level, so the band alone decides). The alert's
 *   value is the largest relative distance from the mean, its threshold
 *   the tolerance, its since the start of the first period; its status is
 *   %KPI_STATUS_AT_RISK.
 *
 * - %KPI_WATCH_KIND_LAPSING_ACCOUNTS: are reps losing important customers
 *   without knowing it? On the rows of the dataset
 *   ([property@Kpi.Watch:dataset]) up to the end of the period, or up to
 *   the calendar's now when that is earlier, the entities
 *   ([property@Kpi.Watch:entity], customers) are ranked by the sum of the
 *   amount ([property@Kpi.Watch:amount]) over the 12 months before that
 *   end. Each of the [property@Kpi.Watch:top] first that has at least
 *   [property@Kpi.Watch:min-orders] rows (orders) up to the end is judged
 *   against its own rhythm: its usual interval is the median of the gaps,
 *   in days, between its distinct order days (local dates of the
 *   calendar), over its whole history up to the end; it is lapsing when
 *   the time since its last order, in days, is more than
 *   [property@Kpi.Watch:factor] times that interval. The alerts come in
 *   the order of the ranking; each one's subject is the entity, its value
 *   the days of silence, its threshold factor × the usual interval, its
 *   since the last order; its status is %KPI_STATUS_OFF_TRACK. An entity
 *   with fewer than two distinct order days has no usual interval and is
 *   not judged.
 *
 * ## Groups
 *
 * An indicator watch with [property@Kpi.Watch:group-by] (a dimension of
 * the indicator's dataset) watches the indicator's breakdown by that
 * dimension: one group when [property@Kpi.Watch:group] names it (channel
 * = online), every group the period has otherwise, each alert with its
 * group as subject.
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
 * A watch is set up, then evaluated: it may be evaluated from several
 * threads at once; do not change it while it is.
 *
 * ```python
 * watch = Kpi.Watch.new("basket-flat", Kpi.WatchKind.STAGNATION)
 * watch.props.indicator = "average_basket"
 * watch.props.group_by = "channel"
 * for alert in watch.evaluate(context, september):
 *     print(alert.get_status(), alert.get_message())
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
 * Since: 0.1
 */

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

struct _KpiAlert
{
  gatomicrefcount  ref_count;
  KpiWatchKind     kind;
  KpiStatus        status;
  char            *watch_id;
  char            *indicator_id;
  char            *subject;
  char            *message;
  double           value;
  double           threshold;
  gint64           since;
};

G_DEFINE_BOXED_TYPE (KpiAlert, kpi_alert, kpi_alert_ref, kpi_alert_unref)

/* Takes @message. */
static KpiAlert *
alert_new (KpiWatch   *watch,
           KpiStatus   status,
           const char *indicator_id,
           const char *subject,
           char       *message,
           double      value,
           double      threshold,
           gint64      since)
{
  KpiAlert *self = g_new0 (KpiAlert, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kpi_watch_get_kind (watch);
  self->status = status;
  self->watch_id = g_strdup (kpi_watch_get_id (watch));
  self->indicator_id = g_strdup (indicator_id);
  self->subject = g_strdup (subject);
  self->message = message;
  self->value = value;
  self->threshold = threshold;
  self->since = since;
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
 * kpi_alert_get_kind:
 * @self: an alert
 *
 * Gets the kind of the watch that raised the alert.
 *
 * Returns: the kind
 *
 * Since: 0.1
 */
KpiWatchKind
kpi_alert_get_kind (const KpiAlert *self)
{
  g_return_val_if_fail (self != NULL, KPI_WATCH_KIND_THRESHOLD);
  return self->kind;
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

struct _KpiWatch
{
  GObject       parent_instance;

  char         *id;
  KpiWatchKind  kind;
  char         *title;
  char         *indicator;
  char         *group_by;
  char         *group;
  double        below;        /* NaN: unset */
  double        above;        /* NaN: unset */
  guint         periods;
  double        tolerance;
  char         *dataset;
  char         *entity;
  char         *amount;
  guint         top;
  double        factor;
  guint         min_orders;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TITLE,
  PROP_INDICATOR,
  PROP_GROUP_BY,
  PROP_GROUP,
  PROP_BELOW,
  PROP_ABOVE,
  PROP_PERIODS,
  PROP_TOLERANCE,
  PROP_DATASET,
  PROP_ENTITY,
  PROP_AMOUNT,
  PROP_TOP,
  PROP_FACTOR,
  PROP_MIN_ORDERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiWatch, kpi_watch, G_TYPE_OBJECT)

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
  KpiWatch *self = KPI_WATCH (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->indicator);
  g_free (self->group_by);
  g_free (self->group);
  g_free (self->dataset);
  g_free (self->entity);
  g_free (self->amount);

  G_OBJECT_CLASS (kpi_watch_parent_class)->finalize (object);
}

static void
kpi_watch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KpiWatch *self = KPI_WATCH (object);

  switch (prop_id)
    {
    case PROP_ID:         g_value_set_string (value, self->id); break;
    case PROP_KIND:       g_value_set_enum (value, self->kind); break;
    case PROP_TITLE:      g_value_set_string (value, self->title); break;
    case PROP_INDICATOR:  g_value_set_string (value, self->indicator); break;
    case PROP_GROUP_BY:   g_value_set_string (value, self->group_by); break;
    case PROP_GROUP:      g_value_set_string (value, self->group); break;
    case PROP_BELOW:      g_value_set_double (value, self->below); break;
    case PROP_ABOVE:      g_value_set_double (value, self->above); break;
    case PROP_PERIODS:    g_value_set_uint (value, self->periods); break;
    case PROP_TOLERANCE:  g_value_set_double (value, self->tolerance); break;
    case PROP_DATASET:    g_value_set_string (value, self->dataset); break;
    case PROP_ENTITY:     g_value_set_string (value, self->entity); break;
    case PROP_AMOUNT:     g_value_set_string (value, self->amount); break;
    case PROP_TOP:        g_value_set_uint (value, self->top); break;
    case PROP_FACTOR:     g_value_set_double (value, self->factor); break;
    case PROP_MIN_ORDERS: g_value_set_uint (value, self->min_orders); break;
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
    case PROP_ID:         kpi_watch_set_id (self, g_value_get_string (value)); break;
    case PROP_KIND:       self->kind = g_value_get_enum (value); break;
    case PROP_TITLE:      kpi_watch_set_title (self, g_value_get_string (value)); break;
    case PROP_INDICATOR:  kpi_watch_set_indicator (self, g_value_get_string (value)); break;
    case PROP_GROUP_BY:   kpi_watch_set_group_by (self, g_value_get_string (value)); break;
    case PROP_GROUP:      kpi_watch_set_group (self, g_value_get_string (value)); break;
    case PROP_BELOW:      kpi_watch_set_below (self, g_value_get_double (value)); break;
    case PROP_ABOVE:      kpi_watch_set_above (self, g_value_get_double (value)); break;
    case PROP_PERIODS:    kpi_watch_set_periods (self, g_value_get_uint (value)); break;
    case PROP_TOLERANCE:  kpi_watch_set_tolerance (self, g_value_get_double (value)); break;
    case PROP_DATASET:    kpi_watch_set_dataset (self, g_value_get_string (value)); break;
    case PROP_ENTITY:     kpi_watch_set_entity (self, g_value_get_string (value)); break;
    case PROP_AMOUNT:     kpi_watch_set_amount (self, g_value_get_string (value)); break;
    case PROP_TOP:        kpi_watch_set_top (self, g_value_get_uint (value)); break;
    case PROP_FACTOR:     kpi_watch_set_factor (self, g_value_get_double (value)); break;
    case PROP_MIN_ORDERS: kpi_watch_set_min_orders (self, g_value_get_uint (value)); break;
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
   * KpiWatch:kind:
   *
   * What the watch looks for; set when it is made.
   *
   * Since: 0.1
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, KPI_TYPE_WATCH_KIND, KPI_WATCH_KIND_THRESHOLD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiWatch:title:
   *
   * A title for people ("stock below its critical point"), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);

  /**
   * KpiWatch:indicator:
   *
   * The id of the indicator a threshold or stagnation watch follows,
   * resolved through the context it is evaluated with.
   *
   * Since: 0.1
   */
  properties[PROP_INDICATOR] = g_param_spec_string ("indicator", NULL, NULL, NULL, rw);

  /**
   * KpiWatch:group-by:
   *
   * A dimension of the indicator's dataset to watch the indicator's
   * breakdown by (`channel`), or %NULL to watch the indicator as a whole.
   *
   * Since: 0.1
   */
  properties[PROP_GROUP_BY] = g_param_spec_string ("group-by", NULL, NULL, NULL, rw);

  /**
   * KpiWatch:group:
   *
   * The one group of [property@Kpi.Watch:group-by] to watch (`online`), or
   * %NULL to watch every group.
   *
   * Since: 0.1
   */
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, rw);

  /**
   * KpiWatch:below:
   *
   * A threshold watch alerts when the value is below this; NaN (the
   * default) for no lower limit.
   *
   * Since: 0.1
   */
  properties[PROP_BELOW] = kpi_param_spec_nan_double ("below", NAN, rw);

  /**
   * KpiWatch:above:
   *
   * A threshold watch alerts when the value is above this; NaN (the
   * default) for no upper limit.
   *
   * Since: 0.1
   */
  properties[PROP_ABOVE] = kpi_param_spec_nan_double ("above", NAN, rw);

  /**
   * KpiWatch:periods:
   *
   * How many periods, ending at the one evaluated, a stagnation watch
   * looks at: at least 3 (evaluating with fewer is an error);
   * %KPI_WATCH_DEFAULT_PERIODS (4) by default.
   *
   * Since: 0.1
   */
  properties[PROP_PERIODS] =
    g_param_spec_uint ("periods", NULL, NULL, 0, G_MAXUINT, KPI_WATCH_DEFAULT_PERIODS, rw);

  /**
   * KpiWatch:tolerance:
   *
   * The relative distance from their mean within which the values of a
   * stagnation watch are called flat (0.02 for ± 2 %, the default,
   * %KPI_WATCH_DEFAULT_TOLERANCE); at least 0.
   *
   * Since: 0.1
   */
  properties[PROP_TOLERANCE] =
    kpi_param_spec_nan_double ("tolerance", KPI_WATCH_DEFAULT_TOLERANCE, rw);

  /**
   * KpiWatch:dataset:
   *
   * The dataset a lapsing-accounts watch reads, by its name in the
   * context; `orders` by default.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET] = g_param_spec_string ("dataset", NULL, NULL, "orders", rw);

  /**
   * KpiWatch:entity:
   *
   * The dimension that names an account, for a lapsing-accounts watch;
   * `customer` by default.
   *
   * Since: 0.1
   */
  properties[PROP_ENTITY] = g_param_spec_string ("entity", NULL, NULL, "customer", rw);

  /**
   * KpiWatch:amount:
   *
   * The measure accounts are ranked by, for a lapsing-accounts watch;
   * `amount` by default.
   *
   * Since: 0.1
   */
  properties[PROP_AMOUNT] = g_param_spec_string ("amount", NULL, NULL, "amount", rw);

  /**
   * KpiWatch:top:
   *
   * How many of the largest accounts (by amount over the last 12 months)
   * a lapsing-accounts watch follows: at least 1; %KPI_WATCH_DEFAULT_TOP
   * (20) by default.
   *
   * Since: 0.1
   */
  properties[PROP_TOP] =
    g_param_spec_uint ("top", NULL, NULL, 0, G_MAXUINT, KPI_WATCH_DEFAULT_TOP, rw);

  /**
   * KpiWatch:factor:
   *
   * How many usual intervals between orders an account may stay silent
   * before it is lapsing: more than 0; %KPI_WATCH_DEFAULT_FACTOR (3) by
   * default.
   *
   * Since: 0.1
   */
  properties[PROP_FACTOR] = kpi_param_spec_nan_double ("factor", KPI_WATCH_DEFAULT_FACTOR, rw);

  /**
   * KpiWatch:min-orders:
   *
   * The fewest orders (rows) an account needs before a lapsing-accounts
   * watch judges its rhythm; %KPI_WATCH_DEFAULT_MIN_ORDERS (3) by default.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_ORDERS] =
    g_param_spec_uint ("min-orders", NULL, NULL, 0, G_MAXUINT, KPI_WATCH_DEFAULT_MIN_ORDERS, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_watch_init (KpiWatch *self)
{
  self->below = NAN;
  self->above = NAN;
  self->periods = KPI_WATCH_DEFAULT_PERIODS;
  self->tolerance = KPI_WATCH_DEFAULT_TOLERANCE;
  self->dataset = g_strdup ("orders");
  self->entity = g_strdup ("customer");
  self->amount = g_strdup ("amount");
  self->top = KPI_WATCH_DEFAULT_TOP;
  self->factor = KPI_WATCH_DEFAULT_FACTOR;
  self->min_orders = KPI_WATCH_DEFAULT_MIN_ORDERS;
}

/**
 * kpi_watch_new:
 * @id: the watch's id
 * @kind: what it looks for
 *
 * Makes a watch rule with the defaults of its kind; set what it watches
 * with its properties.
 *
 * Returns: (transfer full): the new watch
 *
 * Since: 0.1
 */
KpiWatch *
kpi_watch_new (const char   *id,
               KpiWatchKind  kind)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (KPI_TYPE_WATCH, "id", id, "kind", kind, NULL);
}

/**
 * kpi_watch_get_kind:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:kind].
 *
 * Returns: the kind
 *
 * Since: 0.1
 */
KpiWatchKind
kpi_watch_get_kind (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), KPI_WATCH_KIND_THRESHOLD);
  return self->kind;
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
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->id;
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
  g_return_if_fail (KPI_IS_WATCH (self));
  g_return_if_fail (id != NULL);

  if (kpi_set_str (&self->id, id))
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
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->title;
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
  g_return_if_fail (KPI_IS_WATCH (self));

  if (kpi_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * kpi_watch_get_indicator:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:indicator].
 *
 * Returns: (nullable): the indicator's id, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_indicator (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->indicator;
}

/**
 * kpi_watch_set_indicator:
 * @self: a watch
 * @indicator: (nullable): the indicator's id, or %NULL
 *
 * Sets [property@Kpi.Watch:indicator].
 *
 * Since: 0.1
 */
void
kpi_watch_set_indicator (KpiWatch   *self,
                         const char *indicator)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (kpi_set_str (&self->indicator, indicator))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR]);
}

/**
 * kpi_watch_get_group_by:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:group-by].
 *
 * Returns: (nullable): the dimension, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_group_by (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->group_by;
}

/**
 * kpi_watch_set_group_by:
 * @self: a watch
 * @group_by: (nullable): the dimension, or %NULL
 *
 * Sets [property@Kpi.Watch:group-by].
 *
 * Since: 0.1
 */
void
kpi_watch_set_group_by (KpiWatch   *self,
                        const char *group_by)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (kpi_set_str (&self->group_by, group_by))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY]);
}

/**
 * kpi_watch_get_group:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:group].
 *
 * Returns: (nullable): the group, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_group (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->group;
}

/**
 * kpi_watch_set_group:
 * @self: a watch
 * @group: (nullable): the group, or %NULL
 *
 * Sets [property@Kpi.Watch:group].
 *
 * Since: 0.1
 */
void
kpi_watch_set_group (KpiWatch   *self,
                     const char *group)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (kpi_set_str (&self->group, group))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

/**
 * kpi_watch_get_dataset:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:dataset].
 *
 * Returns: the dataset's name
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_dataset (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->dataset;
}

/**
 * kpi_watch_set_dataset:
 * @self: a watch
 * @dataset: the dataset's name
 *
 * Sets [property@Kpi.Watch:dataset].
 *
 * Since: 0.1
 */
void
kpi_watch_set_dataset (KpiWatch   *self,
                       const char *dataset)
{
  g_return_if_fail (KPI_IS_WATCH (self));
  g_return_if_fail (dataset != NULL);

  if (kpi_set_str (&self->dataset, dataset))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/**
 * kpi_watch_get_entity:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:entity].
 *
 * Returns: the entity dimension
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_entity (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->entity;
}

/**
 * kpi_watch_set_entity:
 * @self: a watch
 * @entity: the entity dimension
 *
 * Sets [property@Kpi.Watch:entity].
 *
 * Since: 0.1
 */
void
kpi_watch_set_entity (KpiWatch   *self,
                      const char *entity)
{
  g_return_if_fail (KPI_IS_WATCH (self));
  g_return_if_fail (entity != NULL);

  if (kpi_set_str (&self->entity, entity))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITY]);
}

/**
 * kpi_watch_get_amount:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:amount].
 *
 * Returns: the amount measure
 *
 * Since: 0.1
 */
const char *
kpi_watch_get_amount (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  return self->amount;
}

/**
 * kpi_watch_set_amount:
 * @self: a watch
 * @amount: the amount measure
 *
 * Sets [property@Kpi.Watch:amount].
 *
 * Since: 0.1
 */
void
kpi_watch_set_amount (KpiWatch   *self,
                      const char *amount)
{
  g_return_if_fail (KPI_IS_WATCH (self));
  g_return_if_fail (amount != NULL);

  if (kpi_set_str (&self->amount, amount))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT]);
}

/**
 * kpi_watch_get_below:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:below].
 *
 * Returns: the lower limit, NaN for none
 *
 * Since: 0.1
 */
double
kpi_watch_get_below (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NAN);
  return self->below;
}

/**
 * kpi_watch_set_below:
 * @self: a watch
 * @below: the lower limit, NaN for none
 *
 * Sets [property@Kpi.Watch:below]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_below (KpiWatch *self,
                     double   below)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->below == below || (isnan (self->below) && isnan (below)))
    return;
  self->below = below;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BELOW]);
}

/**
 * kpi_watch_get_above:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:above].
 *
 * Returns: the upper limit, NaN for none
 *
 * Since: 0.1
 */
double
kpi_watch_get_above (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NAN);
  return self->above;
}

/**
 * kpi_watch_set_above:
 * @self: a watch
 * @above: the upper limit, NaN for none
 *
 * Sets [property@Kpi.Watch:above]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_above (KpiWatch *self,
                     double   above)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->above == above || (isnan (self->above) && isnan (above)))
    return;
  self->above = above;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABOVE]);
}

/**
 * kpi_watch_get_periods:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:periods].
 *
 * Returns: the number of periods
 *
 * Since: 0.1
 */
guint
kpi_watch_get_periods (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), 0);
  return self->periods;
}

/**
 * kpi_watch_set_periods:
 * @self: a watch
 * @periods: the number of periods
 *
 * Sets [property@Kpi.Watch:periods]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_periods (KpiWatch *self,
                       guint    periods)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->periods == periods)
    return;
  self->periods = periods;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIODS]);
}

/**
 * kpi_watch_get_tolerance:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:tolerance].
 *
 * Returns: the relative tolerance
 *
 * Since: 0.1
 */
double
kpi_watch_get_tolerance (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NAN);
  return self->tolerance;
}

/**
 * kpi_watch_set_tolerance:
 * @self: a watch
 * @tolerance: the relative tolerance
 *
 * Sets [property@Kpi.Watch:tolerance]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_tolerance (KpiWatch *self,
                         double   tolerance)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->tolerance == tolerance || (isnan (self->tolerance) && isnan (tolerance)))
    return;
  self->tolerance = tolerance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOLERANCE]);
}

/**
 * kpi_watch_get_top:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:top].
 *
 * Returns: how many accounts
 *
 * Since: 0.1
 */
guint
kpi_watch_get_top (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), 0);
  return self->top;
}

/**
 * kpi_watch_set_top:
 * @self: a watch
 * @top: how many accounts
 *
 * Sets [property@Kpi.Watch:top]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_top (KpiWatch *self,
                   guint    top)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->top == top)
    return;
  self->top = top;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP]);
}

/**
 * kpi_watch_get_factor:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:factor].
 *
 * Returns: the factor
 *
 * Since: 0.1
 */
double
kpi_watch_get_factor (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), NAN);
  return self->factor;
}

/**
 * kpi_watch_set_factor:
 * @self: a watch
 * @factor: the factor
 *
 * Sets [property@Kpi.Watch:factor]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_factor (KpiWatch *self,
                      double   factor)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->factor == factor || (isnan (self->factor) && isnan (factor)))
    return;
  self->factor = factor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACTOR]);
}

/**
 * kpi_watch_get_min_orders:
 * @self: a watch
 *
 * Gets [property@Kpi.Watch:min-orders].
 *
 * Returns: the fewest orders
 *
 * Since: 0.1
 */
guint
kpi_watch_get_min_orders (KpiWatch *self)
{
  g_return_val_if_fail (KPI_IS_WATCH (self), 0);
  return self->min_orders;
}

/**
 * kpi_watch_set_min_orders:
 * @self: a watch
 * @min_orders: the fewest orders
 *
 * Sets [property@Kpi.Watch:min-orders]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_watch_set_min_orders (KpiWatch *self,
                          guint    min_orders)
{
  g_return_if_fail (KPI_IS_WATCH (self));

  if (self->min_orders == min_orders)
    return;
  self->min_orders = min_orders;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ORDERS]);
}

/* ------------------------------------------------------------------------
 * Figures for messages
 * ------------------------------------------------------------------------ */

/* @x with @decimals decimals, a `.` as decimal point whatever the locale,
 * the thousands of a number of five digits or more grouped by a space
 * (18 400, but 2025). */
static void
append_number (GString *out,
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

static char *
format_number (double x,
               int    decimals)
{
  GString *out = g_string_new (NULL);

  append_number (out, x, decimals);
  return g_string_free (out, FALSE);
}

/* The decimals that show @x and @limit apart (from the indicator's own, at
 * most 6 more), and that show @limit exactly when few enough do. */
static int
decimals_apart (double x,
                double limit,
                int    decimals)
{
  int d = MAX (decimals, 0);

  while (d < decimals + 6)
    {
      g_autofree char *a = format_number (x, d);
      g_autofree char *b = format_number (limit, d);
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

/* "@figure UNIT" (a space between them) */
static void
append_unit (GString      *out,
             KpiIndicator *indicator)
{
  const char *unit = unit_of (indicator);

  if (unit != NULL)
    g_string_append_printf (out, " %s", unit);
}

/* The indicator's name in a message: its title (its first letter lowered
 * unless the title starts with an acronym: "average basket", but "NPS"),
 * else its id; with the group in brackets. */
static char *
name_of (KpiIndicator *indicator,
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

/* "1st", "2nd", "3rd", "4th", "11th", "21st" */
static char *
ordinal (guint n)
{
  const char *suffix = "th";

  if (n % 100 < 11 || n % 100 > 13)
    {
      if (n % 10 == 1)
        suffix = "st";
      else if (n % 10 == 2)
        suffix = "nd";
      else if (n % 10 == 3)
        suffix = "rd";
    }
  return g_strdup_printf ("%u%s", n, suffix);
}

/* Days: "21", or "10.5" when not whole. */
static char *
format_days (double days)
{
  return format_number (days, fabs (days - round (days)) < 0.05 ? 0 : 1);
}

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

/* ------------------------------------------------------------------------
 * Settings and names
 * ------------------------------------------------------------------------ */

static KpiIndicator *
lookup_indicator (KpiWatch    *self,
                  KpiContext  *context,
                  GError     **error)
{
  KpiIndicator *indicator;

  if (self->indicator == NULL || *self->indicator == '\0')
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "watch “%s” has no indicator to watch", self->id);
      return NULL;
    }
  indicator = kpi_context_lookup_indicator (context, self->indicator);
  if (indicator == NULL)
    {
      g_auto(GStrv) ids = kpi_context_list_indicator_ids (context);
      g_autofree char *near = kpi_suggest_suffix (self->indicator, (const char * const *) ids,
                                                   g_strv_length (ids), "");
      g_autofree char *quoted = kpi_text_for_message (self->indicator, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_INDICATOR,
                   "watch “%s”: unknown indicator “%s”%s", self->id, quoted, near);
    }
  return indicator;
}

static KpiDataset *
lookup_dataset (KpiWatch    *self,
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
                   "watch “%s”: unknown dataset “%s”%s", self->id, quoted, near);
    }
  return dataset;
}

/* Whether @column is a column of @dataset of @kind (@role names it in the
 * error). */
static gboolean
check_column (KpiWatch       *self,
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
                   self->id, dataset_name, quoted, near);
      return FALSE;
    }
  if (found != kind)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_COLUMN_KIND,
                   "watch “%s”: the %s column “%s” of dataset “%s” is a %s, expected a %s",
                   self->id, role, quoted, dataset_name,
                   found == KPI_COLUMN_MEASURE ? "measure" :
                   found == KPI_COLUMN_DIMENSION ? "dimension" : "time",
                   kind == KPI_COLUMN_MEASURE ? "measure" : "dimension");
      return FALSE;
    }
  return TRUE;
}

/* The group-by column and group of an indicator watch, checked against the
 * indicator's dataset. */
static gboolean
check_grouping (KpiWatch      *self,
                KpiContext    *context,
                KpiIndicator  *indicator,
                GError       **error)
{
  g_autoptr(KpiDataset) dataset = NULL;
  const char *name;
  const char * const *dictionary;
  gsize n_values;
  g_autofree char *quoted = NULL;
  g_autofree char *near = NULL;

  if (self->group_by == NULL)
    {
      if (self->group != NULL)
        {
          g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                       "watch “%s” names the group “%s” but no group-by column",
                       self->id, self->group);
          return FALSE;
        }
      return TRUE;
    }
  name = kpi_indicator_get_dataset_name (indicator);
  if (kpi_indicator_get_dataset (indicator) != NULL)
    dataset = g_object_ref (kpi_indicator_get_dataset (indicator));
  else if (name != NULL)
    {
      dataset = lookup_dataset (self, context, name, error);
      if (dataset == NULL)
        return FALSE;
    }
  else
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "watch “%s”: indicator “%s” reads no dataset of its own, so it cannot "
                   "be grouped by “%s”", self->id, kpi_indicator_get_id (indicator), self->group_by);
      return FALSE;
    }
  if (!check_column (self, dataset, name != NULL ? name : kpi_indicator_get_id (indicator),
                     self->group_by, KPI_COLUMN_DIMENSION, "group-by", error))
    return FALSE;
  if (self->group == NULL)
    return TRUE;
  dictionary = kpi_dataset_get_dimension_dictionary (dataset, self->group_by, &n_values);
  for (gsize i = 0; i < n_values; i++)
    if (g_strcmp0 (dictionary[i], self->group) == 0)
      return TRUE;
  quoted = kpi_text_for_message (self->group, -1, KPI_MESSAGE_QUOTE_CHARS);
  near = kpi_suggest_suffix (self->group, dictionary, n_values, "");
  g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_GROUP,
               "watch “%s”: “%s” never holds “%s”%s", self->id, self->group_by, quoted, near);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * The series of an indicator watch
 * ------------------------------------------------------------------------ */

/* What an indicator watch looks at: for each subject (NULL for the
 * indicator as a whole, else a group), one value per period, NaN where it
 * is missing. */
typedef struct {
  GPtrArray  *subjects;   /* char *, NULL for the whole */
  GPtrArray  *values;     /* GArray of double, one per period */
  GHashTable *index;      /* group → position + 1 */
} Series;

static void
series_clear (Series *series)
{
  g_clear_pointer (&series->subjects, g_ptr_array_unref);
  g_clear_pointer (&series->values, g_ptr_array_unref);
  g_clear_pointer (&series->index, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Series, series_clear)

/* The values of @subject, added with @n NaN if new. */
static GArray *
series_row (Series     *series,
            const char *subject,
            guint       n)
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

/* Fills @series with the values of @indicator over the @n @periods. */
static gboolean
series_fill (KpiWatch      *self,
             KpiContext    *context,
             KpiIndicator  *indicator,
             GPtrArray     *periods,
             Series        *series,
             GError       **error)
{
  guint n = periods->len;

  series->subjects = g_ptr_array_new_with_free_func (g_free);
  series->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  series->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (self->group_by == NULL)
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
  if (self->group != NULL)
    series_row (series, self->group, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) groups =
        kpi_indicator_evaluate_breakdown (indicator, context, g_ptr_array_index (periods, i),
                                          self->group_by, 0, NULL, error);
      if (groups == NULL)
        return FALSE;
      for (guint j = 0; j < groups->len; j++)
        {
          KpiValue *value = g_ptr_array_index (groups, j);
          const char *group = kpi_value_get_group (value);

          if (kpi_value_get_group_kind (value) != KPI_GROUP_KIND_VALUE ||
              (self->group != NULL && g_strcmp0 (group, self->group) != 0))
            continue;
          if (!kpi_value_is_missing (value))
            g_array_index (series_row (series, group, n), double, i) = kpi_value_get_value (value);
          else
            series_row (series, group, n);
        }
    }
  return TRUE;
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

/* A note that the values of @name are missing in the @periods where @row
 * is NaN. */
static KpiAlert *
missing_note (KpiWatch     *self,
              KpiIndicator *indicator,
              const char   *subject,
              GArray       *row,
              GPtrArray    *periods)
{
  g_autofree char *name = name_of (indicator, subject);
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
  if (self->kind == KPI_WATCH_KIND_STAGNATION)
    g_string_append_printf (message, "; no verdict on stagnation over %s to %s",
                            kpi_period_get_label (g_ptr_array_index (periods, 0)),
                            kpi_period_get_label (g_ptr_array_index (periods, periods->len - 1)));
  else
    g_string_append (message, "; no verdict on the threshold");
  return alert_new (self, KPI_STATUS_UNKNOWN, kpi_indicator_get_id (indicator), subject,
                    g_string_free (message, FALSE), NAN, NAN, KPI_TIME_UNSET);
}

static gboolean
evaluate_threshold (KpiWatch         *self,
                    KpiContext       *context,
                    const KpiPeriod  *period,
                    GPtrArray        *alerts,
                    GError          **error)
{
  g_autoptr(KpiIndicator) indicator = lookup_indicator (self, context, error);
  g_autoptr(GPtrArray) periods = NULL;
  g_auto(Series) series = { NULL, };

  if (indicator == NULL)
    return FALSE;
  if (isnan (self->below) && isnan (self->above))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "threshold watch “%s” sets neither “below” nor “above”", self->id);
      return FALSE;
    }
  if (isinf (self->below) || isinf (self->above))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "threshold watch “%s” has an infinite limit, expected a finite number", self->id);
      return FALSE;
    }
  if (!check_grouping (self, context, indicator, error))
    return FALSE;
  periods = g_ptr_array_new ();
  g_ptr_array_add (periods, (gpointer) period);
  if (!series_fill (self, context, indicator, periods, &series, error))
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
          g_ptr_array_add (alerts, missing_note (self, indicator, subject, row, periods));
          continue;
        }
      if (!isnan (self->below) && x < self->below)
        limit = self->below, side = "below";
      else if (!isnan (self->above) && x > self->above)
        limit = self->above, side = "above";
      else
        continue;
      name = name_of (indicator, subject);
      decimals = decimals_apart (x, limit, kpi_indicator_get_decimals (indicator));
      message = g_string_new (name);
      g_string_append_c (message, ' ');
      append_number (message, x, decimals);
      append_unit (message, indicator);
      g_string_append_printf (message, " is %s ", side);
      append_number (message, limit, decimals);
      append_unit (message, indicator);
      g_string_append_printf (message, " in %s", kpi_period_get_label (period));
      g_ptr_array_add (alerts, alert_new (self, KPI_STATUS_OFF_TRACK, kpi_indicator_get_id (indicator),
                                          subject, g_string_free (message, FALSE), x, limit,
                                          KPI_TIME_UNSET));
    }
  return TRUE;
}

static gboolean
evaluate_stagnation (KpiWatch         *self,
                     KpiContext       *context,
                     const KpiPeriod  *period,
                     GPtrArray        *alerts,
                     GError          **error)
{
  g_autoptr(KpiIndicator) indicator = lookup_indicator (self, context, error);
  g_autoptr(GPtrArray) periods = NULL;
  g_auto(Series) series = { NULL, };

  if (indicator == NULL)
    return FALSE;
  if (self->periods < 3)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "stagnation watch “%s” looks at %u periods, expected at least 3",
                   self->id, self->periods);
      return FALSE;
    }
  if (self->periods > 1000)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "stagnation watch “%s” looks at %u periods, expected at most 1000",
                   self->id, self->periods);
      return FALSE;
    }
  if (!(self->tolerance >= 0) || isinf (self->tolerance))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "stagnation watch “%s” has a tolerance of %g, expected a finite number of at least 0",
                   self->id, self->tolerance);
      return FALSE;
    }
  if (!check_grouping (self, context, indicator, error))
    return FALSE;
  periods = series_periods (kpi_context_get_calendar (context), period, self->periods, error);
  if (periods == NULL || !series_fill (self, context, indicator, periods, &series, error))
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
          g_ptr_array_add (alerts, missing_note (self, indicator, subject, row, periods));
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

      name = name_of (indicator, subject);
      decimals = MAX (kpi_indicator_get_decimals (indicator), 0);
      message = g_string_new (name);
      g_string_append_printf (message, " flat for %u %s, %s to %s: ", row->len,
                              periods_noun (kpi_period_get_granularity (period), row->len),
                              kpi_period_get_label (g_ptr_array_index (periods, 0)),
                              kpi_period_get_label (period));
      append_number (message, lo, decimals);
      g_string_append (message, " to ");
      append_number (message, hi, decimals);
      append_unit (message, indicator);
      g_string_append (message, " (±");
      append_number (message, 100 * spread, 1);
      g_string_append (message, " %)");
      g_ptr_array_add (alerts, alert_new (self, KPI_STATUS_AT_RISK, kpi_indicator_get_id (indicator),
                                          subject, g_string_free (message, FALSE), spread,
                                          self->tolerance,
                                          kpi_period_get_start (g_ptr_array_index (periods, 0))));
    }
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Lapsing accounts
 * ------------------------------------------------------------------------ */

typedef struct {
  guint32 code;
  double  amount;
} Ranked;

typedef struct {
  const char * const *dictionary;
} RankData;

/* The largest amount first; equal amounts by name, so that the order does
 * not depend on the order of the rows. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Ranked *x = a, *y = b;
  const RankData *data = user_data;

  if (x->amount != y->amount)
    return x->amount > y->amount ? -1 : 1;
  return strcmp (data->dictionary[x->code], data->dictionary[y->code]);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
evaluate_lapsing (KpiWatch         *self,
                  KpiContext       *context,
                  const KpiPeriod  *period,
                  GPtrArray        *alerts,
                  GError          **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(GDateTime) end_time = NULL;
  g_autoptr(GDateTime) local_end = NULL;
  g_autoptr(GDateTime) year_before = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autofree double *sums = NULL;
  g_autofree guint32 *n_rows = NULL;
  g_autofree guint8 *in_window = NULL;
  g_autofree guint32 *slot_of = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autofree gint64 *last = NULL;
  const gint64 *times;
  const guint32 *codes;
  const double *amounts;
  const char * const *dictionary;
  gsize n, n_codes;
  gint64 end, start;
  guint n_top, n_judged = 0;
  RankData rank_data;

  if (self->top == 0)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "lapsing-accounts watch “%s” follows the top 0 accounts, expected at least 1",
                   self->id);
      return FALSE;
    }
  if (!(self->factor > 0) || isinf (self->factor))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "lapsing-accounts watch “%s” has a factor of %g, expected a finite number above 0",
                   self->id, self->factor);
      return FALSE;
    }
  dataset = lookup_dataset (self, context, self->dataset, error);
  if (dataset == NULL ||
      !check_column (self, dataset, self->dataset, self->entity, KPI_COLUMN_DIMENSION, "entity", error) ||
      !check_column (self, dataset, self->dataset, self->amount, KPI_COLUMN_MEASURE, "amount", error))
    return FALSE;

  /* The data up to the period's end, or up to now when that is earlier; the
   * ranking over the 12 months before, in the calendar's local time. */
  end = MIN (kpi_period_get_end (period), kpi_calendar_get_present (calendar));
  end_time = g_date_time_new_from_unix_utc (end / G_USEC_PER_SEC);
  if (end_time == NULL)
    return TRUE;
  local_end = g_date_time_to_timezone (end_time, kpi_calendar_get_time_zone (calendar));
  year_before = g_date_time_add_months (local_end, -12);
  start = year_before != NULL ? g_date_time_to_unix (year_before) * G_USEC_PER_SEC
                                + (end % G_USEC_PER_SEC) : G_MININT64;

  times = kpi_dataset_get_times (dataset, &n);
  codes = kpi_dataset_get_dimension_codes (dataset, self->entity, &n);
  amounts = kpi_dataset_get_measure (dataset, self->amount, &n);
  dictionary = kpi_dataset_get_dimension_dictionary (dataset, self->entity, &n_codes);
  if (n == 0 || n_codes == 0)
    return TRUE;

  /* One pass over the rows: amounts over the 12 months, rows up to the end */
  sums = g_new0 (double, n_codes);
  n_rows = g_new0 (guint32, n_codes);
  in_window = g_new0 (guint8, n_codes);
  for (gsize i = 0; i < n; i++)
    {
      guint32 code = codes[i];

      if (times[i] >= end || code == KPI_DIMENSION_MISSING)
        continue;
      if (n_rows[code] < G_MAXUINT32)
        n_rows[code]++;
      if (times[i] >= start)
        {
          in_window[code] = 1;
          if (!isnan (amounts[i]))
            sums[code] += amounts[i];
        }
    }

  /* The ranking: every account with a row in the 12 months */
  ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  for (gsize c = 0; c < n_codes; c++)
    if (in_window[c])
      {
        Ranked r = { (guint32) c, sums[c] };
        g_array_append_val (ranked, r);
      }
  rank_data.dictionary = dictionary;
  g_array_sort_with_data (ranked, compare_ranked, &rank_data);
  n_top = MIN (self->top, ranked->len);

  /* A second pass, for the order days of the top accounts that have enough
   * orders to judge */
  slot_of = g_new (guint32, n_codes);
  memset (slot_of, 0xff, n_codes * sizeof (guint32));
  days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  last = g_new0 (gint64, n_top);
  for (guint r = 0; r < n_top; r++)
    {
      const Ranked *account = &g_array_index (ranked, Ranked, r);

      g_ptr_array_add (days, g_array_new (FALSE, FALSE, sizeof (gint64)));
      last[r] = G_MININT64;
      if (n_rows[account->code] >= MAX (self->min_orders, 2u))
        {
          slot_of[account->code] = r;
          n_judged++;
        }
    }
  if (n_judged == 0)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    {
      guint32 code = codes[i];
      guint32 slot;
      gint64 day;

      if (times[i] >= end || code == KPI_DIMENSION_MISSING || (slot = slot_of[code]) == G_MAXUINT32)
        continue;
      day = kpi_calendar_ordinal_at (calendar, KPI_GRANULARITY_DAY, times[i]);
      g_array_append_val (g_ptr_array_index (days, slot), day);
      last[slot] = MAX (last[slot], times[i]);
    }

  for (guint r = 0; r < n_top; r++)
    {
      const Ranked *account = &g_array_index (ranked, Ranked, r);
      GArray *order_days = g_ptr_array_index (days, r);
      g_autofree double *gaps = NULL;
      guint n_days = 0;
      double usual, silence;
      g_autofree char *rank = NULL;
      g_autofree char *silence_text = NULL;
      g_autofree char *usual_text = NULL;
      GString *message;

      if (slot_of[account->code] != r)
        continue;
      /* the distinct order days, then the gaps between them */
      g_array_sort (order_days, compare_gint64);
      for (guint j = 0; j < order_days->len; j++)
        if (j == 0 || g_array_index (order_days, gint64, j) != g_array_index (order_days, gint64, n_days - 1))
          g_array_index (order_days, gint64, n_days++) = g_array_index (order_days, gint64, j);
      if (n_days < 2)
        continue;
      gaps = g_new (double, n_days - 1);
      for (guint j = 1; j < n_days; j++)
        gaps[j - 1] = (double) (g_array_index (order_days, gint64, j) - g_array_index (order_days, gint64, j - 1));
      usual = kpi_median_inplace (gaps, n_days - 1);
      silence = (double) (end - last[r]) / USEC_PER_DAY;
      if (!(silence > self->factor * usual))
        continue;

      rank = ordinal (r + 1);
      silence_text = format_days (floor (silence));
      usual_text = format_days (usual);
      message = g_string_new (NULL);
      g_string_append_printf (message, "%s %s (%s by %s, ", self->entity, dictionary[account->code],
                              rank, self->amount);
      append_number (message, account->amount, 0);
      g_string_append_printf (message, " over 12 months) silent for %s days; usually orders every %s %s",
                              silence_text, usual_text, g_str_equal (usual_text, "1") ? "day" : "days");
      g_ptr_array_add (alerts, alert_new (self, KPI_STATUS_OFF_TRACK, NULL, dictionary[account->code],
                                          g_string_free (message, FALSE), silence,
                                          self->factor * usual, last[r]));
    }
  return TRUE;
}

/**
 * kpi_watch_evaluate:
 * @self: a watch
 * @context: where the indicator or the dataset is found, and the calendar
 *   of @period
 * @period: the period to watch (the last of a stagnation watch's series)
 * @error: return location for a #GError
 *
 * Evaluates the watch rule for @period: see [class@Kpi.Watch] for what
 * each kind looks for.
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
  g_autoptr(GPtrArray) alerts = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (KPI_IS_WATCH (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);
  switch (self->kind)
    {
    case KPI_WATCH_KIND_THRESHOLD:
      ok = evaluate_threshold (self, context, period, alerts, error);
      break;
    case KPI_WATCH_KIND_STAGNATION:
      ok = evaluate_stagnation (self, context, period, alerts, error);
      break;
    case KPI_WATCH_KIND_LAPSING_ACCOUNTS:
      ok = evaluate_lapsing (self, context, period, alerts, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? g_steal_pointer (&alerts) : NULL;
}
