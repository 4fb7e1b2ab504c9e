/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-stats.c: small numerical helpers shared by the library: the one
 * double comparator and the one median, quantiles, the normal and
 * Student's t distributions */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "kpi-stats-private.h"

double
kpi_normal_cdf (double x)
{
  /* Φ(x) = erfc(−x/√2)/2, accurate in both tails (1 − erf would cancel). */
  return 0.5 * erfc (-x / G_SQRT2);
}

double
kpi_normal_quantile (double p)
{
  /* P. J. Acklam's rational approximation (relative error < 1.15e-9),
   * then one Halley step on Φ(x) − p, which brings it to about machine
   * precision. */
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  const double p_low = 0.02425;
  double q, r, x, e, u;

  if (!(p > 0.0 && p < 1.0))
    return NAN;

  if (p < p_low)
    {
      q = sqrt (-2.0 * log (p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
          ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
  else if (p <= 1.0 - p_low)
    {
      q = p - 0.5;
      r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
          (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
  else
    {
      q = sqrt (-2.0 * log (1.0 - p));
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }

  /* Halley step: u = (Φ(x) − p)/φ(x); x − u/(1 + x·u/2). */
  e = kpi_normal_cdf (x) - p;
  u = e * sqrt (2.0 * G_PI) * exp (x * x / 2.0);
  x -= u / (1.0 + x * u / 2.0);
  return x;
}

int
kpi_compare_doubles (gconstpointer a,
                     gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static inline void
swap_doubles (double *v,
              gssize  a,
              gssize  b)
{
  double t = v[a];

  v[a] = v[b];
  v[b] = t;
}

/* Moves the k-th smallest of v[0..n-1] (0-based) to v[k], the smaller ones
 * before it and the larger after: Hoare's selection, O(n) on average and
 * without allocating (the median of a month of rows ran in every
 * evaluation thread at once: a sort's temporary buffer, mapped and
 * unmapped each time, made the threads wait on each other). A median of
 * three picks the pivots; should the ranges not shrink fast enough (an
 * adversarial order), the rest is sorted. */
static void
select_kth (double *v,
            gsize   n,
            gsize   k)
{
  gssize lo = 0, hi = (gssize) n - 1;
  int budget = 8;

  for (gsize m = n; m > 1; m >>= 1)
    budget += 2;
  while (hi > lo)
    {
      gssize mid = lo + (hi - lo) / 2, i = lo, j = hi;
      double pivot;

      if (budget-- == 0)
        {
          qsort (v + lo, (gsize) (hi - lo + 1), sizeof (double), kpi_compare_doubles);
          return;
        }
      if (v[mid] < v[lo])
        swap_doubles (v, mid, lo);
      if (v[hi] < v[lo])
        swap_doubles (v, hi, lo);
      if (v[hi] < v[mid])
        swap_doubles (v, hi, mid);
      pivot = v[mid];
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            swap_doubles (v, i++, j--);
        }
      /* v[lo..j] ≤ pivot, v[i..hi] ≥ pivot, and what lies between is the
       * pivot */
      if ((gssize) k <= j)
        hi = j;
      else if ((gssize) k >= i)
        lo = i;
      else
        return;
    }
}

double
kpi_median_inplace (double *values,
                    gsize   n)
{
  double lo, hi, mid;
  gsize k;

  g_return_val_if_fail (n > 0, NAN);

  k = (n - 1) / 2;
  select_kth (values, n, k);
  if (n % 2 == 1)
    return values[k];
  /* the upper middle: the smallest of what selection left above k */
  lo = values[k];
  hi = values[k + 1];
  for (gsize i = k + 2; i < n; i++)
    if (values[i] < hi)
      hi = values[i];
  mid = 0.5 * (lo + hi);
  /* lo + hi overflows for two values of one sign near ±DBL_MAX, whose mean
   * is finite: halve them first (exact, but for subnormal values). */
  if (isinf (mid) && isfinite (lo) && isfinite (hi))
    mid = lo / 2 + hi / 2;
  return mid;
}

double
kpi_quantile_inplace (double *values,
                      gsize   n,
                      double  p)
{
  double h, f, lo, hi;
  gsize i;

  g_return_val_if_fail (n > 0, NAN);
  g_return_val_if_fail (p >= 0 && p <= 1, NAN);

  qsort (values, n, sizeof (double), kpi_compare_doubles);
  h = p * (double) (n - 1);
  i = (gsize) h;
  if (i + 1 >= n)
    return values[n - 1];
  lo = values[i];
  hi = values[i + 1];
  f = h - (double) i;
  if (f == 0)
    return lo;
  /* lo + f·(hi − lo), unless hi − lo overflows (values of opposite signs
   * near ±DBL_MAX) */
  if (isfinite (hi - lo))
    return lo + f * (hi - lo);
  return lo * (1 - f) + hi * f;
}

/* A(t|ν) = P(|T| ≤ t) for t ≥ 0, by the finite series of Abramowitz &
 * Stegun 26.7.3 (ν odd) and 26.7.4 (ν even), with θ = atan(t/√ν). */
static double
student_t_central (double t,
                   guint  df)
{
  double theta = atan (t / sqrt ((double) df));
  double c2 = cos (theta) * cos (theta), s = sin (theta);
  double term = 1, sum = 1;

  if (df % 2 == 1)
    {
      if (df == 1)
        return 2 * theta / G_PI;
      /* 1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … up to cos^(ν−3)θ */
      for (guint k = 2; k + 1 < df; k += 2)
        {
          term *= c2 * k / (k + 1);
          sum += term;
        }
      return 2 / G_PI * (theta + s * cos (theta) * sum);
    }
  /* 1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^(ν−2)θ */
  for (guint k = 1; k + 1 < df; k += 2)
    {
      term *= c2 * k / (k + 1);
      sum += term;
    }
  return s * sum;
}

double
kpi_student_t_cdf (double t,
                   guint  df)
{
  double a;

  g_return_val_if_fail (df >= 1, NAN);

  if (isnan (t))
    return NAN;
  if (isinf (t))
    return t > 0 ? 1 : 0;
  a = student_t_central (fabs (t), df);
  return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2;
}

/* At most this many Newton steps polish the Cornish–Fisher estimate of a
 * t quantile; each about doubles the correct digits, and they stop at a
 * relative step of STUDENT_STEP_TOLERANCE (about five ulps). */
#define STUDENT_MAX_STEPS      4
#define STUDENT_STEP_TOLERANCE 1e-15

double
kpi_student_t_quantile (double p,
                        guint  df)
{
  double z, z2, t, nu = df;

  if (!(p > 0.0 && p < 1.0) || df == 0)
    return NAN;
  if (df == 1)
    return tan (G_PI * (p - 0.5));
  if (df == 2)
    return (2 * p - 1) / sqrt (2 * p * (1 - p));

  /* Cornish–Fisher expansion around the normal quantile (A&S 26.7.5). */
  z = kpi_normal_quantile (p);
  z2 = z * z;
  t = z + z * (z2 + 1) / (4 * nu) +
      z * ((5 * z2 + 16) * z2 + 3) / (96 * nu * nu) +
      z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * nu * nu * nu) +
      z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) /
      (92160 * nu * nu * nu * nu);

  /* Newton steps on F(t) − p with the density
   * Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^−(ν+1)/2. */
  for (int i = 0; i < STUDENT_MAX_STEPS; i++)
    {
      double log_density = lgamma ((nu + 1) / 2) - lgamma (nu / 2) -
                           0.5 * log (nu * G_PI) - (nu + 1) / 2 * log1p (t * t / nu);
      double step = (kpi_student_t_cdf (t, df) - p) / exp (log_density);

      if (!isfinite (step))
        break;
      t -= step;
      if (fabs (step) <= STUDENT_STEP_TOLERANCE * MAX (1.0, fabs (t)))
        break;
    }
  return t;
}

double
kpi_power_of_two_scale (const double *values,
                        gsize         n)
{
  double largest = 0;
  int exponent;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]) && fabs (values[i]) > largest)
      largest = fabs (values[i]);
  if (largest == 0)
    return 1;
  /* largest = f·2^e with f in [0.5, 1): 2^(e−1) ≤ largest < 2^e, and
   * 2^(e−1) is representable even for the largest double (e = 1024). */
  frexp (largest, &exponent);
  return ldexp (1.0, exponent - 1);
}

/* See kpi-stats-private.h */
double
kpi_tracking_signal (double sum,
                     double sum_abs,
                     guint  n)
{
  if (n == 0)
    return NAN;
  return sum_abs > 0 ? sum / (sum_abs / n) : 0.0;
}
