/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-comparison-policy.c: how an indicator's numbers are judged */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-comparison-private.h"
#include "kpi-util-private.h"

/**
 * KpiComparisonPolicy:
 *
 * How an indicator's numbers are judged against a reference
 * ([struct@Kpi.Comparison]): which way is good, the tolerance bands of the
 * status, the smallest base a relative change means something on, and
 * whether the values are a rate or a score (changes in points).
 *
 * Every [class@Kpi.Indicator] holds one ([method@Kpi.Indicator.get_policy]),
 * and comparing two numbers needs nothing else: a dashboard may judge a
 * figure typed by hand with [ctor@Kpi.Comparison.new].
 *
 * ```python
 * cac = catalog.lookup("customer_acquisition_cost")
 * policy = cac.get_policy()
 * policy.set_direction(Kpi.Direction.LOWER_IS_BETTER)
 * policy.set_thresholds(1.0, 0.8)      # at risk down to 80 % of the target
 * ```
 *
 * A comparison copies the policy's settings when it is made. A policy may
 * be read from several threads while its owner changes it: the settings
 * are guarded by a lock.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) cost = kpi_indicator_new ("cost", "sum(cost)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiBenchmark) budget = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_BUDGET, 120, NULL);
 * g_autoptr(KpiComparison) comparison = NULL;
 * KpiComparisonPolicy *policy = kpi_indicator_get_policy (cost);
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (cost, orders);
 * kpi_comparison_policy_set_direction (policy, KPI_DIRECTION_LOWER_IS_BETTER);
 * if (!kpi_comparison_policy_set_thresholds (policy, 1.0, 0.8, &error) || // at risk down to 80 %
 *     (comparison = kpi_benchmark_compare (budget, cost, context, february, &error)) == NULL)
 *   g_error ("%s", error->message);
 * g_print ("cost %g for a budget of %g: %s\n", kpi_value_get_value (kpi_comparison_get_actual (comparison)),
 *          kpi_value_get_value (kpi_comparison_get_reference (comparison)),
 *          kpi_status_to_string (kpi_comparison_get_status (comparison)));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * cost = Kpi.Indicator.new("cost", "sum(cost)")
 * cost.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * policy = cost.get_policy()
 * policy.set_direction(Kpi.Direction.LOWER_IS_BETTER)
 * policy.set_thresholds(1.0, 0.8)  # at risk down to 80 %
 * budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 120)
 * comparison = budget.compare(cost, context, calendar.parse_period("2025-02"))
 * print(f"cost {comparison.get_actual().get_value():g} for a budget of "
 *       f"{comparison.get_reference().get_value():g}: {Kpi.status_to_string(comparison.get_status())}")
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const cost = Kpi.Indicator.new('cost', 'sum(cost)');
 * cost.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const policy = cost.get_policy();
 * policy.set_direction(Kpi.Direction.LOWER_IS_BETTER);
 * policy.set_thresholds(1.0, 0.8); // at risk down to 80 %
 * const budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 120);
 * const comparison = budget.compare(cost, context, calendar.parse_period('2025-02'));
 * print(`cost ${comparison.get_actual().get_value()} for a budget of ` +
 *       `${comparison.get_reference().get_value()}: ${Kpi.status_to_string(comparison.get_status())}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiComparisonPolicy
{
  GObject       parent_instance;

  GMutex        lock;
  KpiDirection  direction;
  double        on_track;
  double        at_risk;
  double        small_base;         /* NaN: derive it from history */
  double        small_base_fraction;
  guint         small_base_periods;
  KpiRateScale  rate_scale;
};

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_ON_TRACK_THRESHOLD,
  PROP_AT_RISK_THRESHOLD,
  PROP_SMALL_BASE,
  PROP_SMALL_BASE_FRACTION,
  PROP_SMALL_BASE_PERIODS,
  PROP_RATE_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiComparisonPolicy, kpi_comparison_policy, G_TYPE_OBJECT)

/**
 * kpi_comparison_error_quark:
 *
 * The error domain of comparisons and their policies, %KPI_COMPARISON_ERROR;
 * its codes are the #KpiComparisonError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-comparison-error-quark, kpi_comparison_error)

static void
kpi_comparison_policy_finalize (GObject *object)
{
  g_mutex_clear (&KPI_COMPARISON_POLICY (object)->lock);

  G_OBJECT_CLASS (kpi_comparison_policy_parent_class)->finalize (object);
}

static void
kpi_comparison_policy_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KpiComparisonPolicy *self = KPI_COMPARISON_POLICY (object);
  KpiPolicySettings s;

  kpi_comparison_policy_snapshot (self, &s);
  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_enum (value, s.direction);
      break;
    case PROP_ON_TRACK_THRESHOLD:
      g_value_set_double (value, s.on_track);
      break;
    case PROP_AT_RISK_THRESHOLD:
      g_value_set_double (value, s.at_risk);
      break;
    case PROP_SMALL_BASE:
      g_value_set_double (value, s.small_base);
      break;
    case PROP_SMALL_BASE_FRACTION:
      g_value_set_double (value, s.small_base_fraction);
      break;
    case PROP_SMALL_BASE_PERIODS:
      g_value_set_uint (value, s.small_base_periods);
      break;
    case PROP_RATE_SCALE:
      g_value_set_enum (value, s.rate_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Properties set out of range are programmer errors (a critical, the
 * value refused); values that come from users go through the setters that
 * report a GError. */
static void
kpi_comparison_policy_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KpiComparisonPolicy *self = KPI_COMPARISON_POLICY (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  switch (prop_id)
    {
    case PROP_DIRECTION:
      kpi_comparison_policy_set_direction (self, g_value_get_enum (value));
      break;
    case PROP_ON_TRACK_THRESHOLD:
      ok = kpi_comparison_policy_set_thresholds (self, g_value_get_double (value),
                                                 MIN (self->at_risk, g_value_get_double (value)), &error);
      break;
    case PROP_AT_RISK_THRESHOLD:
      /* one threshold set alone keeps the pair ordered */
      ok = kpi_comparison_policy_set_thresholds (self, MAX (self->on_track, g_value_get_double (value)),
                                                 g_value_get_double (value), &error);
      break;
    case PROP_SMALL_BASE:
      ok = kpi_comparison_policy_set_small_base (self, g_value_get_double (value), &error);
      break;
    case PROP_SMALL_BASE_FRACTION:
      ok = kpi_comparison_policy_set_small_base_rule (self, g_value_get_double (value),
                                                      self->small_base_periods, &error);
      break;
    case PROP_SMALL_BASE_PERIODS:
      ok = kpi_comparison_policy_set_small_base_rule (self, self->small_base_fraction,
                                                      g_value_get_uint (value), &error);
      break;
    case PROP_RATE_SCALE:
      kpi_comparison_policy_set_rate_scale (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  if (!ok)
    g_critical ("KpiComparisonPolicy:%s: %s", pspec->name, error->message);
}

static void
kpi_comparison_policy_class_init (KpiComparisonPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_comparison_policy_finalize;
  object_class->get_property = kpi_comparison_policy_get_property;
  object_class->set_property = kpi_comparison_policy_set_property;

  /**
   * KpiComparisonPolicy:direction:
   *
   * Which way the indicator improves: lower is better for an acquisition
   * cost or complaints, which inverts what "favourable" means.
   *
   * Since: 0.1
   */
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, KPI_TYPE_DIRECTION,
                       KPI_DIRECTION_HIGHER_IS_BETTER, rw);
  /**
   * KpiComparisonPolicy:on-track-threshold:
   *
   * The attainment from which a comparison is on track,
   * %KPI_DEFAULT_ON_TRACK_THRESHOLD (100 %) by default. Set with
   * [method@Kpi.ComparisonPolicy.set_thresholds].
   *
   * Since: 0.1
   */
  properties[PROP_ON_TRACK_THRESHOLD] =
    g_param_spec_double ("on-track-threshold", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         KPI_DEFAULT_ON_TRACK_THRESHOLD, rw);
  /**
   * KpiComparisonPolicy:at-risk-threshold:
   *
   * The attainment from which a comparison below the on-track threshold is
   * at risk rather than off track, %KPI_DEFAULT_AT_RISK_THRESHOLD (90 %) by
   * default.
   *
   * Since: 0.1
   */
  properties[PROP_AT_RISK_THRESHOLD] =
    g_param_spec_double ("at-risk-threshold", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         KPI_DEFAULT_AT_RISK_THRESHOLD, rw);
  /**
   * KpiComparisonPolicy:small-base:
   *
   * The smallest absolute reference a relative change is meaningful on:
   * +600 % on a 1 000 € start is not remarkable. NaN (the default) derives
   * it from history: [property@Kpi.ComparisonPolicy:small-base-fraction] of
   * the median absolute value of the indicator over the
   * [property@Kpi.ComparisonPolicy:small-base-periods] periods before the
   * one compared that have data. 0 tests nothing.
   *
   * Since: 0.1
   */
  properties[PROP_SMALL_BASE] =
    kpi_param_spec_nan_double ("small-base", NAN, rw);
  /**
   * KpiComparisonPolicy:small-base-fraction:
   *
   * The share of the median absolute value below which a derived base is
   * small, %KPI_DEFAULT_SMALL_BASE_FRACTION (10 %) by default.
   *
   * Since: 0.1
   */
  properties[PROP_SMALL_BASE_FRACTION] =
    g_param_spec_double ("small-base-fraction", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         KPI_DEFAULT_SMALL_BASE_FRACTION, rw);
  /**
   * KpiComparisonPolicy:small-base-periods:
   *
   * How many periods before the one compared the small base is derived
   * from, %KPI_SMALL_BASE_MIN_PERIODS (3) to %KPI_SMALL_BASE_MAX_PERIODS
   * (10 000), %KPI_DEFAULT_SMALL_BASE_PERIODS (12) by default; with fewer
   * than %KPI_SMALL_BASE_MIN_PERIODS of them having data, no base is
   * small.
   *
   * Since: 0.1
   */
  properties[PROP_SMALL_BASE_PERIODS] =
    g_param_spec_uint ("small-base-periods", NULL, NULL, 0, G_MAXUINT,
                       KPI_DEFAULT_SMALL_BASE_PERIODS, rw);
  /**
   * KpiComparisonPolicy:rate-scale:
   *
   * Whether the values are a rate or a score, and how they are written
   * ([enum@Kpi.RateScale]): a change between two rates reads in points.
   *
   * Since: 0.1
   */
  properties[PROP_RATE_SCALE] =
    g_param_spec_enum ("rate-scale", NULL, NULL, KPI_TYPE_RATE_SCALE, KPI_RATE_SCALE_NONE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_comparison_policy_init (KpiComparisonPolicy *self)
{
  g_mutex_init (&self->lock);
  self->direction = KPI_DIRECTION_HIGHER_IS_BETTER;
  self->on_track = KPI_DEFAULT_ON_TRACK_THRESHOLD;
  self->at_risk = KPI_DEFAULT_AT_RISK_THRESHOLD;
  self->small_base = NAN;
  self->small_base_fraction = KPI_DEFAULT_SMALL_BASE_FRACTION;
  self->small_base_periods = KPI_DEFAULT_SMALL_BASE_PERIODS;
  self->rate_scale = KPI_RATE_SCALE_NONE;
}

/**
 * kpi_comparison_policy_new:
 *
 * Creates a policy with the defaults: higher is better, on track from
 * 100 % of the reference, at risk from 90 %, the small base derived from
 * history, not a rate.
 *
 * Returns: (transfer full): a new policy
 *
 * Since: 0.1
 */
KpiComparisonPolicy *
kpi_comparison_policy_new (void)
{
  return g_object_new (KPI_TYPE_COMPARISON_POLICY, NULL);
}

/**
 * kpi_comparison_policy_copy:
 * @self: a policy
 *
 * Copies a policy, for an indicator that starts from another's.
 *
 * Returns: (transfer full): a new policy with the same settings
 *
 * Since: 0.1
 */
KpiComparisonPolicy *
kpi_comparison_policy_copy (KpiComparisonPolicy *self)
{
  KpiComparisonPolicy *copy;
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), NULL);

  kpi_comparison_policy_snapshot (self, &s);
  copy = kpi_comparison_policy_new ();
  copy->direction = s.direction;
  copy->on_track = s.on_track;
  copy->at_risk = s.at_risk;
  copy->small_base = s.small_base;
  copy->small_base_fraction = s.small_base_fraction;
  copy->small_base_periods = s.small_base_periods;
  copy->rate_scale = s.rate_scale;
  return copy;
}

void
kpi_comparison_policy_snapshot (KpiComparisonPolicy *self,
                                KpiPolicySettings   *settings)
{
  g_mutex_lock (&self->lock);
  settings->direction = self->direction;
  settings->on_track = self->on_track;
  settings->at_risk = self->at_risk;
  settings->small_base = self->small_base;
  settings->small_base_fraction = self->small_base_fraction;
  settings->small_base_periods = self->small_base_periods;
  settings->rate_scale = self->rate_scale;
  g_mutex_unlock (&self->lock);
}

/**
 * kpi_comparison_policy_get_direction:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:direction].
 *
 * Returns: the direction
 *
 * Since: 0.1
 */
KpiDirection
kpi_comparison_policy_get_direction (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), KPI_DIRECTION_HIGHER_IS_BETTER);

  kpi_comparison_policy_snapshot (self, &s);
  return s.direction;
}

/**
 * kpi_comparison_policy_set_direction:
 * @self: a policy
 * @direction: which way is good
 *
 * Sets [property@Kpi.ComparisonPolicy:direction].
 *
 * Since: 0.1
 */
void
kpi_comparison_policy_set_direction (KpiComparisonPolicy *self,
                                     KpiDirection         direction)
{
  gboolean changed;

  g_return_if_fail (KPI_IS_COMPARISON_POLICY (self));
  g_return_if_fail (direction <= KPI_DIRECTION_WITHIN_BAND);

  g_mutex_lock (&self->lock);
  changed = self->direction != direction;
  self->direction = direction;
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

/**
 * kpi_comparison_policy_get_on_track_threshold:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:on-track-threshold].
 *
 * Returns: the attainment from which a comparison is on track
 *
 * Since: 0.1
 */
double
kpi_comparison_policy_get_on_track_threshold (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), NAN);

  kpi_comparison_policy_snapshot (self, &s);
  return s.on_track;
}

/**
 * kpi_comparison_policy_get_at_risk_threshold:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:at-risk-threshold].
 *
 * Returns: the attainment from which a comparison is at risk
 *
 * Since: 0.1
 */
double
kpi_comparison_policy_get_at_risk_threshold (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), NAN);

  kpi_comparison_policy_snapshot (self, &s);
  return s.at_risk;
}

/**
 * kpi_comparison_policy_set_thresholds:
 * @self: a policy
 * @on_track: the attainment from which a comparison is on track (1.0 for
 *   100 % of the reference); %KPI_DEFAULT_ON_TRACK_THRESHOLD by default
 * @at_risk: the attainment from which it is at risk, at most @on_track;
 *   %KPI_DEFAULT_AT_RISK_THRESHOLD by default
 * @error: return location for a #GError
 *
 * Sets the tolerance bands of the status ([enum@Kpi.Status]). Both must be
 * finite positive numbers with @at_risk ≤ @on_track; otherwise the policy
 * is unchanged and %KPI_COMPARISON_ERROR_INVALID_SETTING says why.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_comparison_policy_set_thresholds (KpiComparisonPolicy  *self,
                                      double                on_track,
                                      double                at_risk,
                                      GError              **error)
{
  gboolean on_changed, at_changed;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(isfinite (on_track) && on_track > 0 && isfinite (at_risk) && at_risk > 0))
    {
      g_set_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING,
                   "the thresholds must be positive numbers (on track %g, at risk %g)",
                   on_track, at_risk);
      return FALSE;
    }
  if (at_risk > on_track)
    {
      g_set_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING,
                   "the at-risk threshold (%g) must not be above the on-track one (%g)",
                   at_risk, on_track);
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  on_changed = self->on_track != on_track;
  at_changed = self->at_risk != at_risk;
  self->on_track = on_track;
  self->at_risk = at_risk;
  g_mutex_unlock (&self->lock);
  if (on_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_TRACK_THRESHOLD]);
  if (at_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_RISK_THRESHOLD]);
  return TRUE;
}

/**
 * kpi_comparison_policy_get_small_base:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:small-base].
 *
 * Returns: the smallest meaningful base, or NaN when it is derived from
 *   history
 *
 * Since: 0.1
 */
double
kpi_comparison_policy_get_small_base (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), NAN);

  kpi_comparison_policy_snapshot (self, &s);
  return s.small_base;
}

/**
 * kpi_comparison_policy_set_small_base:
 * @self: a policy
 * @small_base: the smallest absolute reference a relative change is
 *   meaningful on, 0 for no test, or NaN to derive it from history
 * @error: return location for a #GError
 *
 * Sets [property@Kpi.ComparisonPolicy:small-base]; a negative or infinite
 * base is refused with %KPI_COMPARISON_ERROR_INVALID_SETTING.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_comparison_policy_set_small_base (KpiComparisonPolicy  *self,
                                      double                small_base,
                                      GError              **error)
{
  gboolean changed;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isnan (small_base) && !(isfinite (small_base) && small_base >= 0))
    {
      g_set_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING,
                   "the small base must be a number of 0 or more, or NaN to derive it (not %g)",
                   small_base);
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  changed = !(self->small_base == small_base || (isnan (self->small_base) && isnan (small_base)));
  self->small_base = small_base;
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMALL_BASE]);
  return TRUE;
}

/**
 * kpi_comparison_policy_get_small_base_fraction:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:small-base-fraction].
 *
 * Returns: the fraction of the median
 *
 * Since: 0.1
 */
double
kpi_comparison_policy_get_small_base_fraction (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), NAN);

  kpi_comparison_policy_snapshot (self, &s);
  return s.small_base_fraction;
}

/**
 * kpi_comparison_policy_get_small_base_periods:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:small-base-periods].
 *
 * Returns: the number of periods
 *
 * Since: 0.1
 */
guint
kpi_comparison_policy_get_small_base_periods (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), 0);

  kpi_comparison_policy_snapshot (self, &s);
  return s.small_base_periods;
}

/**
 * kpi_comparison_policy_set_small_base_rule:
 * @self: a policy
 * @fraction: the share of the median absolute value below which a base is
 *   small (0.1 for 10 %), from 0 to 1;
 *   %KPI_DEFAULT_SMALL_BASE_FRACTION by default
 * @periods: how many periods before the one compared to take the median
 *   over, %KPI_SMALL_BASE_MIN_PERIODS to %KPI_SMALL_BASE_MAX_PERIODS;
 *   %KPI_DEFAULT_SMALL_BASE_PERIODS by default
 * @error: return location for a #GError
 *
 * Sets how the small base is derived from history when
 * [property@Kpi.ComparisonPolicy:small-base] is NaN; values out of range
 * are refused with %KPI_COMPARISON_ERROR_INVALID_SETTING.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_comparison_policy_set_small_base_rule (KpiComparisonPolicy  *self,
                                           double                fraction,
                                           guint                 periods,
                                           GError              **error)
{
  gboolean fraction_changed, periods_changed;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(fraction >= 0 && fraction <= 1))
    {
      g_set_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING,
                   "the small-base fraction must be between 0 and 1 (not %g)", fraction);
      return FALSE;
    }
  if (periods < KPI_SMALL_BASE_MIN_PERIODS || periods > KPI_SMALL_BASE_MAX_PERIODS)
    {
      g_set_error (error, KPI_COMPARISON_ERROR, KPI_COMPARISON_ERROR_INVALID_SETTING,
                   "the small base is derived from %d to %d periods (not %u)",
                   KPI_SMALL_BASE_MIN_PERIODS, KPI_SMALL_BASE_MAX_PERIODS, periods);
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  fraction_changed = self->small_base_fraction != fraction;
  periods_changed = self->small_base_periods != periods;
  self->small_base_fraction = fraction;
  self->small_base_periods = periods;
  g_mutex_unlock (&self->lock);
  if (fraction_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMALL_BASE_FRACTION]);
  if (periods_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMALL_BASE_PERIODS]);
  return TRUE;
}

/**
 * kpi_comparison_policy_get_rate_scale:
 * @self: a policy
 *
 * Gets [property@Kpi.ComparisonPolicy:rate-scale].
 *
 * Returns: the rate scale, %KPI_RATE_SCALE_NONE for an indicator that is
 *   not a rate
 *
 * Since: 0.1
 */
KpiRateScale
kpi_comparison_policy_get_rate_scale (KpiComparisonPolicy *self)
{
  KpiPolicySettings s;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (self), KPI_RATE_SCALE_NONE);

  kpi_comparison_policy_snapshot (self, &s);
  return s.rate_scale;
}

/**
 * kpi_comparison_policy_set_rate_scale:
 * @self: a policy
 * @rate_scale: how the values are written, or %KPI_RATE_SCALE_NONE for an
 *   indicator that is not a rate
 *
 * Sets [property@Kpi.ComparisonPolicy:rate-scale].
 *
 * Since: 0.1
 */
void
kpi_comparison_policy_set_rate_scale (KpiComparisonPolicy *self,
                                      KpiRateScale         rate_scale)
{
  gboolean changed;

  g_return_if_fail (KPI_IS_COMPARISON_POLICY (self));
  g_return_if_fail (rate_scale <= KPI_RATE_SCALE_POINTS);

  g_mutex_lock (&self->lock);
  changed = self->rate_scale != rate_scale;
  self->rate_scale = rate_scale;
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_SCALE]);
}

/**
 * kpi_comparison_policy_is_rate:
 * @self: a policy
 *
 * Tells whether the values are a rate or a score, whose changes read in
 * points.
 *
 * Returns: %TRUE unless [property@Kpi.ComparisonPolicy:rate-scale] is
 *   %KPI_RATE_SCALE_NONE
 *
 * Since: 0.1
 */
gboolean
kpi_comparison_policy_is_rate (KpiComparisonPolicy *self)
{
  return kpi_comparison_policy_get_rate_scale (self) != KPI_RATE_SCALE_NONE;
}
