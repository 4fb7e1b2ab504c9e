/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-stats-private.h: small numerical helpers shared by the library (the
 * one double comparator and the one median are here); not installed, not
 * scanned. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The standard normal distribution function Φ(x), from erfc(). */
double kpi_normal_cdf      (double x);
/* Its inverse Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation with
 * one Newton step); NaN outside (0, 1). */
double kpi_normal_quantile (double p);
/* Compares two doubles through pointers, in ascending order, for qsort()
 * and g_array_sort(): -1, 0 or 1. NaN compares equal to everything, so
 * leave NaN out of what is sorted. */
int    kpi_compare_doubles (gconstpointer a,
                            gconstpointer b);
/* The median of n doubles (n > 0), the mean of the two middle ones for an
 * even n, without overflowing when their sum would; reorders @values in
 * place (selection, not a sort: O(n), no allocation). NaN must be left
 * out. */
double kpi_median_inplace  (double *values,
                            gsize   n);
/* The p-quantile (0 ≤ p ≤ 1) of n doubles (n > 0), interpolated linearly
 * between the order statistics at the position p·(n − 1) (Hyndman & Fan's
 * type 7, the default of R and NumPy); sorts @values in place. */
double kpi_quantile_inplace (double *values,
                             gsize   n,
                             double  p);
/* The distribution function of Student's t with @df (≥ 1) degrees of
 * freedom, by the finite series of Abramowitz & Stegun 26.7.3–4. */
double kpi_student_t_cdf      (double t,
                               guint  df);
/* Its inverse for 0 < p < 1: the Cornish–Fisher expansion of A&S 26.7.5
 * refined by Newton steps (exact formulas for 1 and 2 degrees of freedom);
 * NaN outside (0, 1) or for 0 degrees of freedom. */
double kpi_student_t_quantile (double p,
                               guint  df);
/* The power of two at or just below the largest |value| of the finite
 * @values (largest / scale is in [1, 2)), 1 when they are all 0 or there
 * is none. Dividing by it and multiplying back is
 * exact, so a computation done on the scaled values gives the same bits as
 * on the values themselves, without overflowing on huge ones (1e300
 * squared) or losing tiny ones (1e-300 squared) to underflow. */
double kpi_power_of_two_scale (const double *values,
                               gsize         n);

/* Brown's tracking signal of @n errors from their sum and the sum of their
 * sizes: Σ e / MAD, MAD = Σ |e| / n. ± n when every error has the same
 * sign, 0 when every error is 0 (exact estimates are not biased), NaN
 * without an error. The estimate-bias check and the project's teams judge
 * estimates by it. */
double kpi_tracking_signal (double sum,
                            double sum_abs,
                            guint  n);

G_END_DECLS
