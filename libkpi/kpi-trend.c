/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-trend.c: is a series rising, falling, stagnating or fluctuating? */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "kpi-stats-private.h"

/**
 * KpiTrend:
 *
 * The trend of a series of numbers, one per period (the last six months
 * of an indicator, say): the Theil–Sen slope per period, the Mann–Kendall
 * test of whether there is a monotonic trend at all, and a conclusion —
 * rising, falling, stagnating, fluctuating, or unknown when there are too
 * few values.
 *
 * ```c
 * double basket[] = { 52.1, 52.4, 51.9, 52.3, 52.0, 52.2 };
 * g_autoptr(KpiTrend) trend = kpi_trend_analyze (basket, 6, NAN, NAN, NULL);
 * if (kpi_trend_get_direction (trend) == KPI_TREND_DIRECTION_STAGNATING)
 *   g_print ("the average basket has not moved for six months\n");
 * ```
 *
 * Missing values (NaN; an infinity is treated the same) are skipped; the
 * others keep their position, so the slope is per period even across a gap.
 *
 * The p-value is two-sided. Up to 10 values without ties it is exact: the
 * distribution of the Mann–Kendall statistic S under the null hypothesis
 * is counted over all permutations (by their number of inversions, the
 * Mahonian numbers). Otherwise it comes from the normal approximation with
 * a continuity correction, z = (S − sign(S)) / √Var(S), where the variance
 * is corrected for ties: Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over
 * the groups of t equal values.
 *
 * When the trend is not significant, the series is stagnating or
 * fluctuating by two robust measures, each relative to the level, the
 * absolute value of the median m:
 *
 * - the drift, |Theil–Sen slope| × (the number of periods from the first
 *   value to the last) / |m|: how far the robust line moves across the
 *   window ([method@Kpi.Trend.get_drift]);
 * - the spread, the upper quartile of the absolute deviations |y − m|,
 *   divided by |m|: three periods in four are within ± the spread of the
 *   median ([method@Kpi.Trend.get_spread]).
 *
 * It stagnates when both are at most the stagnation tolerance (5 % by
 * default, %KPI_DEFAULT_TREND_STAGNATION_TOLERANCE), and fluctuates
 * otherwise. Both measures ignore an odd period
 * (one month at +19 % in six moves neither the median, nor the upper
 * quartile of the deviations, nor the median of the pairwise slopes
 * much), where the range of the values would not; a real trend
 * interrupted by one dip keeps its slope, so its drift keeps it from
 * stagnating. When the median is 0 the two measures are absolute (no
 * level to divide by), and only a series whose drift and spread are both
 * 0 stagnates.
 *
 * The slope and S look at every pair of values, so the cost grows with the
 * square of the number of values: meant for the last few months or years
 * of an indicator (tens to a few thousand periods), not for millions of
 * points.
 *
 * The formulas and their references are in the "Trends, forecasts and
 * plans" page of this documentation.
 *
 * A trend is immutable: it may be shared between threads.
 *
 * ## Example
 *
 * ```c
 * // a year of monthly revenue, oldest first
 * const double revenue[] = { 120, 135, 131, 150, 162, 158, 175, 190, 184, 201, 215, 220 };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiTrend) trend = kpi_trend_analyze (revenue, G_N_ELEMENTS (revenue),
 *                                                KPI_DEFAULT_TREND_SIGNIFICANCE,
 *                                                KPI_DEFAULT_TREND_STAGNATION_TOLERANCE, &error);
 *
 * if (trend == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s, %g a month (p = %.4f)\n",
 *          kpi_trend_direction_to_string (kpi_trend_get_direction (trend)),
 *          kpi_trend_get_slope (trend), kpi_trend_get_p_value (trend));
 * ```
 *
 * ```python
 * # a year of monthly revenue, oldest first
 * revenue = [120, 135, 131, 150, 162, 158, 175, 190, 184, 201, 215, 220]
 * trend = Kpi.Trend.analyze(revenue)
 * direction = Kpi.trend_direction_to_string(trend.get_direction())
 * print(f"{direction}, {trend.get_slope():g} a month (p = {trend.get_p_value():.4f})")
 * ```
 *
 * ```js
 * // a year of monthly revenue, oldest first
 * const revenue = [120, 135, 131, 150, 162, 158, 175, 190, 184, 201, 215, 220];
 * const trend = Kpi.Trend.analyze(revenue, Kpi.DEFAULT_TREND_SIGNIFICANCE,
 *     Kpi.DEFAULT_TREND_STAGNATION_TOLERANCE);
 * print(`${Kpi.trend_direction_to_string(trend.get_direction())}, ` +
 *       `${trend.get_slope()} a month (p = ${trend.get_p_value().toFixed(4)})`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiTrend
{
  gatomicrefcount    ref_count;
  KpiTrendDirection  direction;
  guint              n_values;
  double             slope;
  double             intercept;
  double             s;          /* an integer; NaN with fewer than two values */
  double             variance;
  double             z;
  double             p_value;
  double             tau;
  double             spread;
  double             drift;
  double             significance;
  double             tolerance;
  gboolean           exact;
};

G_DEFINE_BOXED_TYPE (KpiTrend, kpi_trend, kpi_trend_ref, kpi_trend_unref)

/* The spread is this quantile of the absolute deviations from the median:
 * three periods in four. The median of them (the MAD) would ignore up to
 * half the periods: four months of twelve at −20 % would stagnate. */
#define SPREAD_QUANTILE      0.75

/**
 * kpi_trend_error_quark:
 *
 * The error domain of [struct@Kpi.Trend], %KPI_TREND_ERROR; its codes
 * are the #KpiTrendError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-trend-error-quark, kpi_trend_error)
/* The largest n whose S distribution is counted exactly (10! permutations
 * fit easily in 64 bits). */
#define MAX_EXACT            10

static int
sign (double x)
{
  return (x > 0) - (x < 0);
}

/* Two-sided exact p-value of S for n values without ties: the number of
 * permutations with |S| ≥ |s| over n!. A permutation with k inversions has
 * S = N − 2k, N = n(n−1)/2; the number of permutations of n with k
 * inversions follows I(n, k) = Σ_{i=0..min(k, n−1)} I(n−1, k−i). */
static double
exact_p_value (gsize  n,
               gint64 s)
{
  guint64 counts[MAX_EXACT * (MAX_EXACT - 1) / 2 + 1] = { 1 };
  guint64 next[G_N_ELEMENTS (counts)];
  gint64 n_pairs = (gint64) (n * (n - 1) / 2);
  guint64 total = 0, tail = 0;

  g_assert (n <= MAX_EXACT);

  for (gsize m = 2; m <= n; m++)
    {
      gsize max_k = m * (m - 1) / 2;

      for (gsize k = 0; k <= max_k; k++)
        {
          next[k] = 0;
          for (gsize i = 0; i <= MIN (k, m - 1); i++)
            next[k] += counts[k - i];
        }
      memcpy (counts, next, (max_k + 1) * sizeof (guint64));
    }

  for (gint64 k = 0; k <= n_pairs; k++)
    {
      gint64 sk = n_pairs - 2 * k;

      total += counts[k];
      if (ABS (sk) >= ABS (s))
        tail += counts[k];
    }
  return (double) tail / (double) total;
}

/* A parameter from a caller: NaN for the default, otherwise within its
 * range; the message says what was found and what was expected. */
static gboolean
check_parameters (double   *significance,
                  double   *tolerance,
                  GError  **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (*significance))
    *significance = KPI_DEFAULT_TREND_SIGNIFICANCE;
  else if (!(*significance > 0 && *significance < 1))
    {
      g_set_error (error, KPI_TREND_ERROR, KPI_TREND_ERROR_INVALID_PARAMETER,
                   "the significance level is %s; expected a number strictly "
                   "between 0 and 1 (or NaN for the default, "
                   G_STRINGIFY (KPI_DEFAULT_TREND_SIGNIFICANCE) ")",
                   g_ascii_formatd (buf, sizeof buf, "%g", *significance));
      return FALSE;
    }

  if (isnan (*tolerance))
    *tolerance = KPI_DEFAULT_TREND_STAGNATION_TOLERANCE;
  else if (!(*tolerance >= 0 && isfinite (*tolerance)))
    {
      g_set_error (error, KPI_TREND_ERROR, KPI_TREND_ERROR_INVALID_PARAMETER,
                   "the stagnation tolerance is %s; expected a finite number "
                   "of at least 0 (or NaN for the default, "
                   G_STRINGIFY (KPI_DEFAULT_TREND_STAGNATION_TOLERANCE) ")",
                   g_ascii_formatd (buf, sizeof buf, "%g", *tolerance));
      return FALSE;
    }
  return TRUE;
}

static KpiTrend *
trend_new (double significance,
           double tolerance)
{
  KpiTrend *self = g_new0 (KpiTrend, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->direction = KPI_TREND_DIRECTION_UNKNOWN;
  self->slope = NAN;
  self->intercept = NAN;
  self->s = NAN;
  self->variance = NAN;
  self->z = NAN;
  self->p_value = NAN;
  self->tau = NAN;
  self->spread = NAN;
  self->drift = NAN;
  self->significance = significance;
  self->tolerance = tolerance;
  return self;
}

/**
 * kpi_trend_analyze:
 * @values: (array length=n_values) (nullable): the series, oldest first,
 *   one value per period; NaN for a missing value
 * @n_values: the number of values, at most %G_MAXUINT
 * @significance: the level below which the Mann–Kendall p-value makes the
 *   trend significant, strictly between 0 and 1; NaN for the default,
 *   %KPI_DEFAULT_TREND_SIGNIFICANCE (0.05)
 * @stagnation_tolerance: the largest drift and spread of a stagnating
 *   series, relative to its level (0.05 for 5 %), a finite number of at
 *   least 0 (0: only a series whose robust line and values do not move at
 *   all stagnates); NaN for the default,
 *   %KPI_DEFAULT_TREND_STAGNATION_TOLERANCE (0.05)
 * @error: return location for a #GError, or %NULL
 *
 * Analyses the trend of a series: see [struct@Kpi.Trend]. Fewer than
 * %KPI_TREND_MIN_VALUES (four) values that are not missing give
 * %KPI_TREND_DIRECTION_UNKNOWN; the
 * statistics are still computed when there are at least two.
 *
 * A significance level or a tolerance out of range (a level of 0 or 2, a
 * negative or infinite tolerance) is %KPI_TREND_ERROR_INVALID_PARAMETER.
 *
 * Returns: (transfer full): the trend, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiTrend *
kpi_trend_analyze (const double *values,
                   gsize         n_values,
                   double        significance,
                   double        stagnation_tolerance,
                   GError      **error)
{
  KpiTrend *self;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree double *work = NULL;
  gsize n = 0, n_pairs;
  gint64 s = 0;
  double ties = 0, tied_pairs = 0, median, level, span;
  gboolean has_ties = FALSE;

  g_return_val_if_fail (values != NULL || n_values == 0, NULL);
  g_return_val_if_fail (n_values <= G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_parameters (&significance, &stagnation_tolerance, error))
    return NULL;
  self = trend_new (significance, stagnation_tolerance);

  /* Keep the positions of the values that are not missing. */
  x = g_new (double, MAX (n_values, 1));
  y = g_new (double, MAX (n_values, 1));
  for (gsize i = 0; i < n_values; i++)
    if (isfinite (values[i]))
      {
        x[n] = (double) i;
        y[n] = values[i];
        n++;
      }
  self->n_values = (guint) n;
  if (n < 2)
    return self;

  /* Mann–Kendall S, and the Theil–Sen slopes of every pair. */
  n_pairs = n * (n - 1) / 2;
  work = g_new (double, MAX (n_pairs, n));
  for (gsize i = 0, k = 0; i < n; i++)
    for (gsize j = i + 1; j < n; j++, k++)
      {
        s += sign (y[j] - y[i]);
        work[k] = (y[j] - y[i]) / (x[j] - x[i]);
      }
  self->s = (double) s;
  self->slope = kpi_median_inplace (work, n_pairs);
  /* Intercept (at position 0): the median of y − slope·x. */
  for (gsize i = 0; i < n; i++)
    work[i] = y[i] - self->slope * x[i];
  self->intercept = kpi_median_inplace (work, n);

  /* Groups of equal values, for the tie correction, from a sorted copy,
   * which also gives the median. */
  memcpy (work, y, n * sizeof (double));
  qsort (work, n, sizeof (double), kpi_compare_doubles);
  median = kpi_median_inplace (work, n);
  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      double t;

      while (j < n && work[j] == work[i])
        j++;
      t = (double) (j - i);
      if (t > 1)
        {
          has_ties = TRUE;
          ties += t * (t - 1) * (2 * t + 5);
          tied_pairs += t * (t - 1) / 2;
        }
      i = j;
    }

  self->variance = ((double) n * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
  /* Kendall's tau-b against time (time has no ties); undefined when every
   * pair of values is tied (a constant series). */
  if ((double) n_pairs - tied_pairs > 0)
    self->tau = (double) s / sqrt ((double) n_pairs * ((double) n_pairs - tied_pairs));
  else
    self->tau = NAN;

  if (self->variance > 0)
    self->z = (double) (s - sign ((double) s)) / sqrt (self->variance);
  else
    self->z = 0;
  if (n <= MAX_EXACT && !has_ties)
    {
      self->p_value = exact_p_value (n, s);
      self->exact = TRUE;
    }
  else
    {
      /* Two-sided: 2·(1 − Φ(|z|)) = erfc(|z|/√2). */
      self->p_value = MIN (1.0, erfc (fabs (self->z) / G_SQRT2));
    }

  /* The robust measures: the upper quartile of the absolute deviations
   * from the median, and how far the Theil–Sen line moves from the first
   * value to the last; relative to the level |median| when there is one. */
  for (gsize i = 0; i < n; i++)
    work[i] = fabs (y[i] - median);
  span = x[n - 1] - x[0];
  level = fabs (median);
  self->spread = kpi_quantile_inplace (work, n, SPREAD_QUANTILE);
  self->drift = fabs (self->slope) * span;
  if (level > 0)
    {
      self->spread /= level;
      self->drift /= level;
    }

  if (n < KPI_TREND_MIN_VALUES)
    self->direction = KPI_TREND_DIRECTION_UNKNOWN;
  else if (self->p_value < self->significance && s != 0)
    self->direction = s > 0 ? KPI_TREND_DIRECTION_RISING : KPI_TREND_DIRECTION_FALLING;
  else if (level > 0 ? (self->drift <= self->tolerance && self->spread <= self->tolerance)
                     : (self->drift == 0 && self->spread == 0))
    self->direction = KPI_TREND_DIRECTION_STAGNATING;
  else
    self->direction = KPI_TREND_DIRECTION_FLUCTUATING;

  return self;
}

/**
 * kpi_trend_analyze_values:
 * @values: (element-type KpiValue): the values of an indicator, oldest
 *   first, one per period
 * @significance: as for [func@Kpi.Trend.analyze]; NaN for
 *   %KPI_DEFAULT_TREND_SIGNIFICANCE
 * @stagnation_tolerance: as for [func@Kpi.Trend.analyze]; NaN for
 *   %KPI_DEFAULT_TREND_STAGNATION_TOLERANCE
 * @error: return location for a #GError, or %NULL
 *
 * Analyses the trend of a series of indicator values, such as
 * [method@Kpi.Indicator.evaluate_series] gives; missing values are skipped
 * and the others keep their position.
 *
 * Returns: (transfer full): the trend, or %NULL with @error set (a
 *   parameter out of range: see [func@Kpi.Trend.analyze])
 *
 * Since: 0.1
 */
KpiTrend *
kpi_trend_analyze_values (GPtrArray *values,
                          double     significance,
                          double     stagnation_tolerance,
                          GError   **error)
{
  g_autofree double *numbers = NULL;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  numbers = g_new (double, MAX (values->len, 1));
  for (guint i = 0; i < values->len; i++)
    numbers[i] = kpi_value_get_value (g_ptr_array_index (values, i));
  return kpi_trend_analyze (numbers, values->len, significance, stagnation_tolerance, error);
}

/**
 * kpi_trend_ref:
 * @self: a trend
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiTrend *
kpi_trend_ref (KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_trend_unref:
 * @self: (transfer full): a trend
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_trend_unref (KpiTrend *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

/**
 * kpi_trend_get_direction:
 * @self: a trend
 *
 * Gets the conclusion: rising or falling when the Mann–Kendall p-value is
 * below the significance level, otherwise stagnating when the drift and
 * the spread are both at most the stagnation tolerance and fluctuating
 * when either is above it; unknown with fewer than %KPI_TREND_MIN_VALUES
 * (four) values. A constant series of four values or more stagnates.
 *
 * Returns: the direction
 *
 * Since: 0.1
 */
KpiTrendDirection
kpi_trend_get_direction (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, KPI_TREND_DIRECTION_UNKNOWN);

  return self->direction;
}

/**
 * kpi_trend_get_slope:
 * @self: a trend
 *
 * Gets the Theil–Sen slope: the median of the slopes between every pair
 * of values, in units per period. Robust to a few outliers.
 *
 * Returns: the slope, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_slope (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->slope;
}

/**
 * kpi_trend_get_intercept:
 * @self: a trend
 *
 * Gets the intercept of the Theil–Sen line at the position of the first
 * value (missing or not): the median of y − slope × position.
 *
 * Returns: the intercept, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_intercept (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->intercept;
}

/**
 * kpi_trend_get_p_value:
 * @self: a trend
 *
 * Gets the two-sided p-value of the Mann–Kendall test: the probability of
 * a statistic at least as far from 0 as S if the values were in random
 * order. Exact up to 10 values without ties
 * ([method@Kpi.Trend.is_p_value_exact]), from the normal approximation
 * otherwise.
 *
 * Returns: the p-value, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_p_value (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->p_value;
}

/**
 * kpi_trend_get_kendall_tau:
 * @self: a trend
 *
 * Gets Kendall's rank correlation between the values and time (tau-b,
 * which accounts for ties among the values): from −1 (always falling) to
 * 1 (always rising). It is undefined when all the values are equal (every
 * pair is tied): NaN; S and z are then 0, the p-value 1 and the direction
 * stagnating (with four values or more).
 *
 * Returns: tau, or NaN with fewer than two values or a constant series
 *
 * Since: 0.1
 */
double
kpi_trend_get_kendall_tau (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->tau;
}

/**
 * kpi_trend_get_mann_kendall_statistic:
 * @self: a trend
 *
 * Gets the Mann–Kendall statistic S: over every pair of values, the
 * number of increases minus the number of decreases. It is a whole
 * number, given as a double like the other statistics of the test (exact:
 * |S| is below n²/2, far below 2⁵³ for any series this is meant for), so
 * that it can be NaN when it was not computed.
 *
 * Returns: S, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_mann_kendall_statistic (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->s;
}

/**
 * kpi_trend_get_mann_kendall_variance:
 * @self: a trend
 *
 * Gets the variance of the Mann–Kendall statistic S under the null
 * hypothesis (no trend), corrected for ties.
 *
 * Returns: Var(S), or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_mann_kendall_variance (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->variance;
}

/**
 * kpi_trend_get_z_score:
 * @self: a trend
 *
 * Gets the normal score of the Mann–Kendall statistic S with a continuity
 * correction, z = (S − sign(S)) / √Var(S); 0 when the variance is 0.
 *
 * Returns: z, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_z_score (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->z;
}

/**
 * kpi_trend_is_p_value_exact:
 * @self: a trend
 *
 * Whether the p-value comes from the exact distribution of S (10 values
 * or fewer, no ties) rather than the normal approximation.
 *
 * Returns: %TRUE for an exact p-value
 *
 * Since: 0.1
 */
gboolean
kpi_trend_is_p_value_exact (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->exact;
}

/**
 * kpi_trend_get_n_values:
 * @self: a trend
 *
 * Gets the number of values analysed: those that were not missing.
 *
 * Returns: the number of values
 *
 * Since: 0.1
 */
guint
kpi_trend_get_n_values (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_values;
}

/**
 * kpi_trend_get_spread:
 * @self: a trend
 *
 * Gets the robust spread of the values: the upper quartile of the absolute
 * deviations from the median, divided by |median| (0.04 for 4 %): three
 * periods in four are within ± the spread of the median. It is the
 * quantile 0.75 of the n deviations, interpolated linearly at the position
 * 0.75 × (n − 1) of their sorted list (for six values, three quarters of the
 * way from the fourth to the fifth smallest), so one odd value in six
 * does not change it, unlike the range, (max − min) / |median|. When the
 * median is 0 it is absolute.
 *
 * Returns: the spread, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_spread (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->spread;
}

/**
 * kpi_trend_get_drift:
 * @self: a trend
 *
 * Gets how far the Theil–Sen line moves across the window, relative to
 * the level: |slope| × (the number of periods from the first value to the
 * last) / |median| (0.03 for 3 %); absolute when the median is 0.
 *
 * Returns: the drift, or NaN with fewer than two values
 *
 * Since: 0.1
 */
double
kpi_trend_get_drift (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->drift;
}

/**
 * kpi_trend_get_significance:
 * @self: a trend
 *
 * Gets the significance level the trend was judged at: the one given, or
 * %KPI_DEFAULT_TREND_SIGNIFICANCE when NaN was.
 *
 * Returns: the level, such as 0.05
 *
 * Since: 0.1
 */
double
kpi_trend_get_significance (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->significance;
}

/**
 * kpi_trend_get_stagnation_tolerance:
 * @self: a trend
 *
 * Gets the largest drift and spread a stagnating series may have,
 * relative to its level: the one given, or
 * %KPI_DEFAULT_TREND_STAGNATION_TOLERANCE when NaN was.
 *
 * Returns: the tolerance, such as 0.05
 *
 * Since: 0.1
 */
double
kpi_trend_get_stagnation_tolerance (const KpiTrend *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->tolerance;
}

/**
 * kpi_trend_direction_to_string:
 * @direction: a direction
 *
 * Gets the word for a direction: `rising`, `falling`, `stagnating`,
 * `fluctuating` or `unknown`.
 *
 * Returns: (transfer none): the word
 *
 * Since: 0.1
 */
const char *
kpi_trend_direction_to_string (KpiTrendDirection direction)
{
  switch (direction)
    {
    case KPI_TREND_DIRECTION_RISING:
      return "rising";
    case KPI_TREND_DIRECTION_FALLING:
      return "falling";
    case KPI_TREND_DIRECTION_STAGNATING:
      return "stagnating";
    case KPI_TREND_DIRECTION_FLUCTUATING:
      return "fluctuating";
    case KPI_TREND_DIRECTION_UNKNOWN:
    default:
      return "unknown";
    }
}
