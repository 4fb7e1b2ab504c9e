/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-comparison.c: an actual against one reference */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-comparison-private.h"

/**
 * KpiComparison:
 *
 * An actual value against one reference (a target, a budget, a forecast,
 * the previous period, the same period last year, a peer): the delta, the
 * relative change, the change in percentage points for rates, the
 * attainment, whether the variance is favourable, what remains to reach
 * the reference, a status from tolerance bands, a score in −1..1 and flags
 * that say why the comparison must be read with care.
 *
 * ```c
 * g_autoptr(KpiComparison) cmp =
 *   kpi_comparison_new (kpi_indicator_get_policy (revenue), actual, target,
 *                       KPI_BENCHMARK_KIND_TARGET, NAN, NULL);
 * g_autofree char *change = kpi_comparison_format_change (cmp, 1);              // "+12.4 %"
 * g_autofree char *to_go = kpi_comparison_format_remaining (cmp, "EUR", 0);     // "12 400 € to go"
 * if (kpi_comparison_get_status (cmp) == KPI_STATUS_OFF_TRACK) ...
 * ```
 *
 * Everything is computed once, when the comparison is made, from the two
 * values and a [class@Kpi.ComparisonPolicy] (an indicator's
 * [property@Kpi.Indicator:policy]): its direction, whether the values are
 * a rate and how they are written, its tolerance bands and its minimum
 * base. Numbers that are undefined (a
 * relative change from a zero base, an attainment against a negative
 * target) are NaN, with a flag saying why; so are numbers too large for a
 * double (a delta of DBL_MAX − (−DBL_MAX)): no getter returns an infinity.
 * The formatting functions never print `inf` or `nan`. The formulas, band
 * edges and score are described in [Comparisons](comparisons.html).
 *
 * Comparisons are immutable and reference counted: they may be shared
 * between threads.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiBenchmark) target = kpi_constant_benchmark_new (KPI_BENCHMARK_KIND_TARGET, 250, NULL);
 * g_autoptr(KpiBenchmark) previous = kpi_offset_benchmark_new (KPI_BENCHMARK_KIND_PREVIOUS_PERIOD, NULL);
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * for (guint i = 0; i < 2; i++)
 *   {
 *     KpiBenchmark *benchmark = i == 0 ? target : previous;
 *     g_autoptr(KpiComparison) comparison =
 *       kpi_benchmark_compare (benchmark, revenue, context, february, &error);
 *
 *     if (comparison == NULL)
 *       g_error ("%s", error->message);
 *     g_print ("%g: %+g\n", kpi_value_get_value (kpi_comparison_get_reference (comparison)),
 *              kpi_comparison_get_delta (comparison));
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
 * february = calendar.parse_period("2025-02")
 * target = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.TARGET, 250)
 * previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD)
 * for benchmark in (target, previous):
 *     comparison = benchmark.compare(revenue, context, february)
 *     print(benchmark.get_kind().value_nick, comparison.get_reference().get_value(),
 *           comparison.get_delta(), comparison.get_status().value_nick)
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const february = calendar.parse_period('2025-02');
 * const target = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.TARGET, 250);
 * const previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD);
 * for (const benchmark of [target, previous]) {
 *     const comparison = benchmark.compare(revenue, context, february);
 *     print(`${comparison.get_reference().get_value()}: ${comparison.get_delta()}`);
 * }
 * ```
 *
 * Since: 0.1
 */

/* Band edges are compared with this relative tolerance, so that an
 * attainment meant to be exactly on an edge (a computation that lands one
 * ulp below 0.9) falls in the better band, as documented. */
#define EDGE_EPSILON 1e-12

/* The score scale (kpi_comparison_get_score()): from SCORE_MIN to
 * SCORE_MAX, SCORE_AT_RISK at the at-risk edge and SCORE_ON_TRACK at the
 * on-track edge, so that the sign of a score says whether the comparison
 * is nearer on track than off track. */
#define SCORE_MIN      (-1.0)
#define SCORE_AT_RISK  (-0.5)
#define SCORE_ON_TRACK 0.5
#define SCORE_MAX      1.0

struct _KpiComparison
{
  gatomicrefcount     ref_count;
  KpiValue           *actual;
  KpiValue           *reference;
  KpiBenchmarkKind    kind;
  KpiDirection        direction;
  KpiRateScale        rate_scale;
  double              on_track;
  double              at_risk;

  double              delta;
  double              relative_change;
  double              point_change;
  double              attainment;
  gboolean            favourable;
  double              remaining;
  KpiStatus           status;
  double              score;
  KpiComparisonFlags  flags;
  char               *provenance;
};

G_DEFINE_BOXED_TYPE (KpiComparison, kpi_comparison, kpi_comparison_ref, kpi_comparison_unref)

/* a >= edge, with a relative tolerance */
static gboolean
at_or_above (double a,
             double edge)
{
  return a >= edge - EDGE_EPSILON * fabs (edge);
}

static void
compute (KpiComparison *self,
         double         min_base)
{
  double a, r, delta, relative = NAN, attainment = NAN;
  gboolean have_a = kpi_value_get_number (self->actual, &a);
  gboolean have_r = kpi_value_get_number (self->reference, &r);
  KpiValueFlags af = kpi_value_get_flags (self->actual);
  KpiValueFlags rf = kpi_value_get_flags (self->reference);

  self->delta = NAN;
  self->relative_change = NAN;
  self->point_change = NAN;
  self->attainment = NAN;
  self->favourable = FALSE;
  self->remaining = NAN;
  self->status = KPI_STATUS_UNKNOWN;
  self->score = NAN;

  if (!have_a)
    self->flags |= KPI_COMPARISON_FLAG_NO_ACTUAL;
  if (!have_r)
    self->flags |= KPI_COMPARISON_FLAG_NO_REFERENCE;
  if (af & KPI_VALUE_FLAG_PARTIAL_PERIOD)
    self->flags |= KPI_COMPARISON_FLAG_PARTIAL_PERIOD;
  if ((af | rf) & KPI_VALUE_FLAG_LOW_SAMPLE)
    self->flags |= KPI_COMPARISON_FLAG_LOW_SAMPLE;

  /* What the reference alone tells about the base */
  if (have_r)
    {
      if (r == 0)
        self->flags |= KPI_COMPARISON_FLAG_ZERO_BASE;
      else if (min_base > 0 && fabs (r) < min_base)
        self->flags |= KPI_COMPARISON_FLAG_SMALL_BASE;
      if (r < 0)
        self->flags |= KPI_COMPARISON_FLAG_SIGN_CHANGE;
    }
  if (!have_a || !have_r)
    return;

  if ((a > 0 && r < 0) || (a < 0 && r > 0))
    self->flags |= KPI_COMPARISON_FLAG_SIGN_CHANGE;

  /* a − r overflows when a and r are huge and of opposite signs; the
   * relative change may still fit: (a − r)/|r| = a/|r| − r/|r|. */
  delta = a - r;
  if (r != 0)
    relative = isfinite (delta) ? delta / fabs (r) : a / fabs (r) - copysign (1.0, r);
  if (self->rate_scale != KPI_RATE_SCALE_NONE)
    self->point_change = self->rate_scale == KPI_RATE_SCALE_FRACTION ? delta * 100 : delta;

  /* The attainment may be infinite (a subnormal reference): it is no
   * number to return, but it is still far beyond the on-track edge (or
   * below the at-risk one) for the status and the score. */
  switch (self->direction)
    {
    case KPI_DIRECTION_LOWER_IS_BETTER:
      /* r / a: undefined when the divisor a is 0 or negative (0 complaints
       * against a target of 5 is not an infinite attainment: it is
       * favourable, and on track, with no attainment), and when the target
       * is not positive (a ratio of two negative numbers would read as
       * good) */
      if (r > 0 && a > 0)
        attainment = r / a;
      self->favourable = a <= r;
      self->remaining = delta > 0 ? delta : 0;
      break;
    case KPI_DIRECTION_WITHIN_BAND:
      /* 1 − |delta| / |r|: 1 on the reference, 0 at twice (or minus) it */
      if (r != 0)
        attainment = 1 - fabs (relative);
      if (isfinite (delta))
        self->favourable = at_or_above (fabs (r) - fabs (delta), self->at_risk * fabs (r));
      else
        self->favourable = at_or_above (attainment, self->at_risk);
      /* what is left to move to be within the on-track band */
      self->remaining = MAX (0, fabs (delta) - (1 - self->on_track) * fabs (r));
      break;
    case KPI_DIRECTION_HIGHER_IS_BETTER:
    default:
      if (r > 0)
        attainment = a / r;
      self->favourable = a >= r;
      self->remaining = delta < 0 ? -delta : 0;
      break;
    }

  /* Huge magnitudes can overflow: no infinity is ever a number here */
  self->delta = isfinite (delta) ? delta : NAN;
  self->relative_change = isfinite (relative) ? relative : NAN;
  if (!isfinite (self->point_change))
    self->point_change = NAN;
  self->attainment = isfinite (attainment) ? attainment : NAN;
  if (!isfinite (self->remaining))
    self->remaining = NAN;

  if (!isnan (attainment))
    {
      double score;

      if (at_or_above (attainment, self->on_track))
        self->status = KPI_STATUS_ON_TRACK;
      else if (at_or_above (attainment, self->at_risk))
        self->status = KPI_STATUS_AT_RISK;
      else
        self->status = KPI_STATUS_OFF_TRACK;

      /* −0.5 at the at-risk edge, +0.5 at the on-track edge, linear
       * between and beyond, clamped to −1..1; then kept in the band of the
       * status, so that score and status never disagree at an edge */
      if (self->on_track > self->at_risk)
        score = SCORE_AT_RISK + (SCORE_ON_TRACK - SCORE_AT_RISK) *
                (attainment - self->at_risk) / (self->on_track - self->at_risk);
      else
        score = self->status == KPI_STATUS_ON_TRACK ? SCORE_ON_TRACK : SCORE_MIN;
      score = CLAMP (score, SCORE_MIN, SCORE_MAX);
      if (self->status == KPI_STATUS_ON_TRACK)
        score = MAX (score, SCORE_ON_TRACK);
      else if (self->status == KPI_STATUS_AT_RISK)
        score = CLAMP (score, SCORE_AT_RISK, SCORE_ON_TRACK);
      else
        score = MIN (score, SCORE_AT_RISK);
      self->score = score;
    }
  else
    {
      /* No attainment (zero or negative reference, or a lower-is-better
       * actual of 0 or less): the direction of the variance decides */
      self->status = self->favourable ? KPI_STATUS_ON_TRACK : KPI_STATUS_OFF_TRACK;
      self->score = self->favourable ? SCORE_ON_TRACK : SCORE_MIN;
    }
}

/**
 * kpi_comparison_new:
 * @policy: how the values are judged
 * @actual: (nullable): the actual value; %NULL is a missing actual
 * @reference: (nullable): the value compared with; %NULL is a missing
 *   reference
 * @kind: what the reference is (a target, a budget, the previous
 *   period...)
 * @min_base: the minimum base: a non-zero reference whose absolute value is
 *   below it is flagged %KPI_COMPARISON_FLAG_SMALL_BASE. NaN uses the
 *   policy's [property@Kpi.ComparisonPolicy:small-base] (no test when that
 *   is NaN too: deriving a base from history is what benchmarks do); 0
 *   tests nothing, +∞ flags every reference but 0.
 * @provenance: (nullable): where the reference came from, in words
 *
 * Compares @actual with @reference, judged by @policy as it is now:
 * changing the policy later does not change the comparison.
 *
 * Flags: %KPI_COMPARISON_FLAG_NO_ACTUAL and
 * %KPI_COMPARISON_FLAG_NO_REFERENCE when a value is missing (the status is
 * then %KPI_STATUS_UNKNOWN); %KPI_COMPARISON_FLAG_ZERO_BASE,
 * %KPI_COMPARISON_FLAG_SMALL_BASE and %KPI_COMPARISON_FLAG_SIGN_CHANGE from
 * the reference; %KPI_COMPARISON_FLAG_PARTIAL_PERIOD when @actual has
 * %KPI_VALUE_FLAG_PARTIAL_PERIOD; %KPI_COMPARISON_FLAG_LOW_SAMPLE when
 * either value has %KPI_VALUE_FLAG_LOW_SAMPLE. Comparing a partial period
 * like for like is the caller's work (benchmarks do it): this
 * function only says that the period is partial.
 *
 * Returns: (transfer full): a new comparison
 *
 * Since: 0.1
 */
KpiComparison *
kpi_comparison_new (KpiComparisonPolicy *policy,
                    KpiValue            *actual,
                    KpiValue            *reference,
                    KpiBenchmarkKind     kind,
                    double               min_base,
                    const char          *provenance)
{
  KpiComparison *self;
  KpiPolicySettings settings;

  g_return_val_if_fail (KPI_IS_COMPARISON_POLICY (policy), NULL);

  kpi_comparison_policy_snapshot (policy, &settings);
  self = g_new0 (KpiComparison, 1);
  g_atomic_ref_count_init (&self->ref_count);
  if (actual != NULL)
    self->actual = kpi_value_ref (actual);
  else
    self->actual = kpi_value_new_missing (reference != NULL ? kpi_value_get_period (reference) : NULL,
                                          0, KPI_VALUE_FLAG_NONE);
  if (reference != NULL)
    self->reference = kpi_value_ref (reference);
  else
    self->reference = kpi_value_new_missing (kpi_value_get_period (self->actual),
                                             0, KPI_VALUE_FLAG_NONE);
  self->kind = kind;
  self->direction = settings.direction;
  self->rate_scale = settings.rate_scale;
  self->on_track = settings.on_track;
  self->at_risk = settings.at_risk;
  self->provenance = g_strdup (provenance);
  if (isnan (min_base))
    min_base = settings.small_base;   /* may be NaN: no test */
  compute (self, min_base);
  return self;
}

/**
 * kpi_comparison_ref:
 * @self: a comparison
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiComparison *
kpi_comparison_ref (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_comparison_unref:
 * @self: (transfer full): a comparison
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_comparison_unref (KpiComparison *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  kpi_value_unref (self->actual);
  kpi_value_unref (self->reference);
  g_free (self->provenance);
  g_free (self);
}

/**
 * kpi_comparison_get_actual:
 * @self: a comparison
 *
 * Gets the actual value (a missing value when none was given).
 *
 * Returns: (transfer none): the actual value
 *
 * Since: 0.1
 */
KpiValue *
kpi_comparison_get_actual (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->actual;
}

/**
 * kpi_comparison_get_reference:
 * @self: a comparison
 *
 * Gets the value the actual was compared with (a missing value when none
 * was given).
 *
 * Returns: (transfer none): the reference
 *
 * Since: 0.1
 */
KpiValue *
kpi_comparison_get_reference (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reference;
}

/**
 * kpi_comparison_get_kind:
 * @self: a comparison
 *
 * Gets what the reference of the comparison was.
 *
 * Returns: what the reference is
 *
 * Since: 0.1
 */
KpiBenchmarkKind
kpi_comparison_get_kind (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, KPI_BENCHMARK_KIND_TARGET);
  return self->kind;
}

/**
 * kpi_comparison_get_direction:
 * @self: a comparison
 *
 * Gets the direction of the indicator when the comparison was made.
 *
 * Returns: the direction of the indicator when the comparison was made
 *
 * Since: 0.1
 */
KpiDirection
kpi_comparison_get_direction (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, KPI_DIRECTION_HIGHER_IS_BETTER);
  return self->direction;
}

/**
 * kpi_comparison_get_delta:
 * @self: a comparison
 *
 * Gets the absolute variance, actual − reference, in the unit of the
 * indicator.
 *
 * Returns: the delta, or NaN when the actual or the reference is missing,
 *   or when the delta does not fit in a double (values near ±DBL_MAX of
 *   opposite signs: the relative change is still computed)
 *
 * Since: 0.1
 */
double
kpi_comparison_get_delta (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->delta;
}

/**
 * kpi_comparison_get_relative_change:
 * @self: a comparison
 *
 * Gets the relative change, (actual − reference) / |reference|, as a
 * fraction (0.124 for +12.4 %). The absolute value of the base keeps the
 * sign meaningful when the reference is negative (a loss of 100 that
 * becomes a loss of 50 is +50 %); such comparisons are flagged
 * %KPI_COMPARISON_FLAG_SIGN_CHANGE. From a zero base the change is
 * undefined: NaN, flagged %KPI_COMPARISON_FLAG_ZERO_BASE — never 0 %,
 * ±100 % or infinity.
 *
 * When actual − reference overflows (huge values of opposite signs), the
 * change is computed as actual / |reference| − reference / |reference|,
 * which does not: DBL_MAX against −1.7e308 is +205.75 % although the
 * delta is missing. A change that does not fit in a double itself (a
 * subnormal reference) is NaN.
 *
 * Returns: the relative change, or NaN when undefined, missing or too
 *   large for a double
 *
 * Since: 0.1
 */
double
kpi_comparison_get_relative_change (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->relative_change;
}

/**
 * kpi_comparison_get_point_change:
 * @self: a comparison
 *
 * Gets the change in points, for values that are rates or scores (the
 * policy's [property@Kpi.ComparisonPolicy:rate-scale]): a conversion rate
 * going from 0.34 to 0.36 is +2.0 percentage points (the delta × 100 for
 * %KPI_RATE_SCALE_FRACTION), from 34 % to 36 % too (the delta for
 * %KPI_RATE_SCALE_PERCENT), an NPS going from 30 to 35 is +5 points (the
 * delta for %KPI_RATE_SCALE_POINTS).
 *
 * Returns: the change in points, or NaN for values that are not rates
 *   (and when a value is missing, or the change does not fit in a double)
 *
 * Since: 0.1
 */
double
kpi_comparison_get_point_change (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->point_change;
}

/**
 * kpi_comparison_get_attainment:
 * @self: a comparison
 *
 * Gets how much of the reference the actual reaches: actual / reference
 * when higher is better, reference / actual when lower is better (a cost
 * of 120 against a target of 100 attains 0.833), 1 − |delta| / |reference|
 * within a band.
 *
 * It is undefined (NaN) when the reference is 0 (and, but within a band,
 * negative) and, when lower is better, when the actual is 0 or negative: 0
 * complaints against a target of 5 has no finite attainment. The status
 * and the score then come from whether the variance is favourable.
 *
 * An attainment that is defined but too large for a double (1 against a
 * subnormal reference of 4.9e−324) is NaN here too, but it is not
 * undefined: it counts as infinitely far beyond the on-track edge for the
 * status and the score (on track, +1), or below the at-risk edge when it
 * is negative (off track, −1).
 *
 * Returns: the attainment, or NaN when undefined, missing or too large for
 *   a double
 *
 * Since: 0.1
 */
double
kpi_comparison_get_attainment (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->attainment;
}

/**
 * kpi_comparison_is_favourable:
 * @self: a comparison
 *
 * Whether the variance is good news given the indicator's direction: delta
 * ≥ 0 when higher is better, ≤ 0 when lower is better, and within a band
 * when |delta| ≤ (1 − at-risk threshold) × |reference|. A zero delta is
 * favourable.
 *
 * Returns: %TRUE when favourable; %FALSE too when a value is missing
 *
 * Since: 0.1
 */
gboolean
kpi_comparison_is_favourable (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->favourable;
}

/**
 * kpi_comparison_get_remaining:
 * @self: a comparison
 *
 * Gets what remains to reach the reference, in the unit of the indicator:
 * max(0, reference − actual) when higher is better (12 400 € to go),
 * max(0, actual − reference) when lower is better; within a band, how far
 * the actual still is from the on-track band, max(0, |delta| − (1 −
 * on-track threshold) × |reference|).
 *
 * Returns: what remains (0 when reached), or NaN when a value is missing
 *   or what remains does not fit in a double
 *
 * Since: 0.1
 */
double
kpi_comparison_get_remaining (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->remaining;
}

/**
 * kpi_comparison_get_status:
 * @self: a comparison
 *
 * Gets the status from the indicator's tolerance bands on the attainment
 * `a`: on track when `a ≥ on-track` (1.0 by default), at risk when
 * `at-risk ≤ a < on-track` (0.9 by default), off track below; each edge
 * belongs to the better band, compared with a relative tolerance of 1e-12
 * so that an attainment meant to be on the edge is not pushed out of it by
 * rounding. Without an attainment (see
 * [method@Kpi.Comparison.get_attainment]) the status is on track when the
 * variance is favourable, off track otherwise.
 *
 * Returns: the status; %KPI_STATUS_UNKNOWN when the actual or the reference
 *   is missing
 *
 * Since: 0.1
 */
KpiStatus
kpi_comparison_get_status (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, KPI_STATUS_UNKNOWN);
  return self->status;
}

/**
 * kpi_comparison_get_score:
 * @self: a comparison
 *
 * Gets a score in −1..1 that a scorecard can weight and roll up:
 * −0.5 + (a − at-risk) / (on-track − at-risk), clamped to −1..1, for the
 * attainment `a`. It is −0.5 at the at-risk edge and +0.5 at the on-track
 * edge, so that the score bands match the status: ≥ 0.5 on track, ≥ −0.5
 * at risk, below off track; an attainment too large for a double scores
 * +1 (−1 when negative). Without an attainment: +0.5 when the variance
 * is favourable, −1 otherwise.
 *
 * Returns: the score, or NaN when the status is %KPI_STATUS_UNKNOWN
 *
 * Since: 0.1
 */
double
kpi_comparison_get_score (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->score;
}

/**
 * kpi_comparison_get_flags:
 * @self: a comparison
 *
 * Gets why the comparison must be read with care.
 *
 * Returns: the flags
 *
 * Since: 0.1
 */
KpiComparisonFlags
kpi_comparison_get_flags (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, KPI_COMPARISON_FLAG_NONE);
  return self->flags;
}

/**
 * kpi_comparison_get_provenance:
 * @self: a comparison
 *
 * Gets where the reference came from, such as `budget.csv (version 3),
 * phased by working days`, `previous period` or a forecast model and its
 * parameters.
 *
 * Returns: (nullable): the provenance, or %NULL when unknown
 *
 * Since: 0.1
 */
const char *
kpi_comparison_get_provenance (KpiComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->provenance;
}

/* ------------------------------------------------------------------------ */
/* Text */

#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212 */

/* The number of decimals to print: a negative request is the default. */
static int
clamp_decimals (int decimals,
                int default_decimals)
{
  if (decimals < 0)
    decimals = default_decimals;
  return CLAMP (decimals, 0, KPI_MAX_DECIMALS);
}

/* |x| × 10^shift (shift 0, or 2 for a fraction in percent) with @decimals
 * (0..KPI_MAX_DECIMALS) and a space between groups of three digits: 12 400.50.
 * The decimal point is moved in the text rather than by multiplying, so
 * that a fraction near DBL_MAX still prints in percent (× 100 would
 * overflow) and rounds as its decimal digits say. Returns whether every
 * digit printed is 0. */
static gboolean
append_magnitude (GString *out,
                  double   x,
                  int      decimals,
                  int      shift)
{
  /* DBL_MAX has 309 integer digits */
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 340];
  char format[16];
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *dot, *p;
  gsize int_len, start = 0;
  gboolean zero = TRUE;

  g_assert (decimals >= 0 && decimals <= KPI_MAX_DECIMALS && shift >= 0 && shift <= 2);

  g_snprintf (format, sizeof format, "%%.%df", decimals + shift);
  g_ascii_formatd (buf, sizeof buf, format, fabs (x));
  /* all the digits, and where the point goes once moved */
  dot = strchr (buf, '.');
  int_len = (dot != NULL ? (gsize) (dot - buf) : strlen (buf)) + shift;
  for (p = buf; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      {
        g_string_append_c (digits, *p);
        zero = zero && *p == '0';
      }
  /* no leading zeros, but one before the point */
  while (start + 1 < int_len && digits->str[start] == '0')
    start++;
  for (gsize i = start; i < int_len; i++)
    {
      if (i > start && (int_len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits->str[i]);
    }
  if (decimals > 0)
    {
      g_string_append_c (out, '.');
      g_string_append (out, digits->str + int_len);
    }
  return zero;
}

/* A signed number: "+12.4", "−3.1"; "0.0" only for a change that is 0.
 * A change that is not 0 keeps its sign even when it rounds to zero
 * ("+0.0", "−0.0"), so that the text never says "no change" next to a
 * status that moved. */
static void
append_signed (GString *out,
               double   x,
               int      decimals,
               int      shift)
{
  if (x != 0)
    g_string_append (out, x < 0 ? MINUS_SIGN : "+");
  append_magnitude (out, x, decimals, shift);
}

/* How a difference of two values of @scale reads: a score moves in points,
 * a rate in percentage points; and by how many decimal places the digits
 * of a difference move (× 100 for fractions). */
static const char *
points_suffix (KpiRateScale scale)
{
  return scale == KPI_RATE_SCALE_POINTS ? " pts" : " pp";
}

static int
points_shift (KpiRateScale scale)
{
  return scale == KPI_RATE_SCALE_FRACTION ? 2 : 0;
}

/**
 * kpi_comparison_format_change:
 * @self: a comparison
 * @decimals: the number of decimals, from 0 to %KPI_MAX_DECIMALS (15;
 *   more print 15); a negative number for one
 *
 * Formats the change for people: the relative change in percent (`+12.4 %`,
 * `−3.1 %`), or for a rate the change in percentage points (`+2.0 pp`), or
 * for a score (%KPI_RATE_SCALE_POINTS, such as an NPS) in points
 * (`−2.2 pts`).
 * The minus sign is U+2212. Only a change of exactly 0 reads without a
 * sign (`0.0 %`); a change that is not 0 but rounds to zero keeps its
 * sign (`−0.0 %`, `+0.0 pp`), so that a variance of −21 on a budget of
 * 475 026 does not read as no change next to an "at risk" status.
 *
 * A change that is undefined reads `n/a (zero base)`, and `n/a` when the
 * actual or the reference is missing, or when the change does not fit in
 * a double — never `inf` or `nan`. The percent is printed from the
 * decimal digits of the relative change, so a relative change near the
 * largest double still prints.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.1
 */
char *
kpi_comparison_format_change (KpiComparison *self,
                              int            decimals)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  decimals = clamp_decimals (decimals, 1);
  if (self->flags & (KPI_COMPARISON_FLAG_NO_ACTUAL | KPI_COMPARISON_FLAG_NO_REFERENCE))
    return g_strdup ("n/a");

  out = g_string_new (NULL);
  if (self->rate_scale != KPI_RATE_SCALE_NONE)
    {
      /* in points: the delta, × 100 for values that are fractions */
      if (isfinite (self->delta))
        {
          append_signed (out, self->delta, decimals, points_shift (self->rate_scale));
          g_string_append (out, points_suffix (self->rate_scale));
        }
      else
        g_string_append (out, "n/a");
    }
  else if (isfinite (self->relative_change))
    {
      append_signed (out, self->relative_change, decimals, 2);
      g_string_append (out, " %");
    }
  else if (self->flags & KPI_COMPARISON_FLAG_ZERO_BASE)
    g_string_append (out, "n/a (zero base)");
  else
    g_string_append (out, "n/a");
  return g_string_free (out, FALSE);
}

/* The unit as written after a number, or NULL for none */
static const char *
unit_symbol (const char *unit)
{
  static const struct { const char *code, *symbol; } symbols[] = {
    { "EUR", "€" }, { "USD", "$" }, { "GBP", "£" }, { "JPY", "¥" },
  };

  if (unit == NULL || strcmp (unit, "count") == 0 || strcmp (unit, "ratio") == 0)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (strcmp (unit, symbols[i].code) == 0)
      return symbols[i].symbol;
  return unit;
}

/**
 * kpi_comparison_format_remaining:
 * @self: a comparison
 * @unit: (nullable): the unit of the values, such as an indicator's
 *   [property@Kpi.Indicator:unit] (`EUR`, `count`, `percent`), or %NULL
 *   for none
 * @decimals: the number of decimals, from 0 to %KPI_MAX_DECIMALS (15;
 *   more print 15); a negative number for the default: 0, or 1 for
 *   percentage points
 *
 * Formats what remains to reach the reference
 * ([method@Kpi.Comparison.get_remaining]) for people: `12 400 € to go`,
 * with a space between groups of three digits and the unit (a currency
 * code as its symbol when it has a common one, none for `count` and
 * `ratio`, other units as they are).
 *
 * What remains is a difference of two values, so it is in points when the
 * values are rates or scores: in percentage points for rates (`2.0 pp to
 * go`, the values × 100 for %KPI_RATE_SCALE_FRACTION), in points for
 * scores (`5 pts to go`), as [method@Kpi.Comparison.format_change] writes
 * their changes. The units `%` and `percent` read in percentage points
 * even when the policy says no rate (a margin of 31 % against 34 % has
 * `3.0 pp to go`, not `3 % to go`, which would read as relative).
 *
 * It reads `reached` when nothing remains, `n/a` when the actual or the
 * reference is missing or what remains does not fit in a double. What
 * remains but rounds to zero reads as less than the last decimal
 * (`< 0.01 € to go`, `< 1 € to go`), never as `0 € to go`.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.1
 */
char *
kpi_comparison_format_remaining (KpiComparison *self,
                                 const char    *unit,
                                 int            decimals)
{
  KpiRateScale scale;
  GString *out;
  const char *suffix;
  int shift = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (isnan (self->remaining))
    return g_strdup ("n/a");
  if (self->remaining == 0)
    return g_strdup ("reached");

  scale = self->rate_scale;
  if (scale == KPI_RATE_SCALE_NONE && (g_strcmp0 (unit, "%") == 0 || g_strcmp0 (unit, "percent") == 0))
    scale = KPI_RATE_SCALE_PERCENT;
  out = g_string_new (NULL);
  if (scale != KPI_RATE_SCALE_NONE)
    {
      /* scores are whole numbers more often than not; rates move by
       * tenths of a percentage point */
      decimals = clamp_decimals (decimals, scale == KPI_RATE_SCALE_POINTS ? 0 : 1);
      shift = points_shift (scale);
      suffix = points_suffix (scale);
    }
  else
    {
      decimals = clamp_decimals (decimals, 0);
      suffix = unit_symbol (unit);
    }
  if (append_magnitude (out, self->remaining, decimals, shift))
    {
      /* not 0, but rounds to it: less than one unit of the last decimal */
      g_string_truncate (out, 0);
      g_string_append (out, "< ");
      if (decimals > 0)
        {
          g_string_append (out, "0.");
          for (int i = 1; i < decimals; i++)
            g_string_append_c (out, '0');
        }
      g_string_append_c (out, '1');
    }
  if (suffix != NULL)
    {
      if (*suffix != ' ')
        g_string_append_c (out, ' ');
      g_string_append (out, suffix);
    }
  g_string_append (out, " to go");
  return g_string_free (out, FALSE);
}

/**
 * kpi_status_to_string:
 * @status: a status
 *
 * Gets the status as people read it.
 *
 * Returns: `on track`, `at risk`, `off track` or `unknown`
 *
 * Since: 0.1
 */
const char *
kpi_status_to_string (KpiStatus status)
{
  switch (status)
    {
    case KPI_STATUS_ON_TRACK:
      return "on track";
    case KPI_STATUS_AT_RISK:
      return "at risk";
    case KPI_STATUS_OFF_TRACK:
      return "off track";
    case KPI_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}
