/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-stats-private.h: small numerical helpers shared by the trend and
 * forecast modules; not installed, not scanned. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The standard normal distribution function Φ(x), from erfc(). */
double kpi_normal_cdf      (double x);
/* Its inverse Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation with
 * one Newton step); NaN outside (0, 1). */
double kpi_normal_quantile (double p);
/* The median of n doubles (n > 0); sorts @values in place. */
double kpi_median_inplace  (double *values,
                            gsize   n);
/* The p-quantile (0 ≤ p ≤ 1) of n doubles (n > 0), interpolated linearly
 * between the order statistics at the position p·(n − 1) (Hyndman & Fan's
 * type 7, the default of R and NumPy); sorts @values in place. */
double kpi_quantile_inplace (double *values,
                             gsize   n,
                             double  p);

G_END_DECLS
