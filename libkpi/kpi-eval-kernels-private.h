/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-kernels-private.h: the summation kernels of the evaluator
 * (kpi-eval-kernels.c), for the accumulators of sum() and avg()
 * (kpi-eval-agg.c).
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* Compensated summation. Each addition s + x is split exactly into its
 * rounded result and its rounding error (Knuth's TwoSum, which needs no
 * comparison of magnitudes and so no branch), the errors being summed on
 * the side: the accuracy of Neumaier's algorithm, a few ulps of the exact
 * sum whatever the number of terms, at the speed of vector code. Inline:
 * the scalar loops of the kernels and of the accumulators call it per row. */
static inline void
kpi_two_sum (double *s,
             double *c,
             double  x)
{
  double t = *s + x;
  double z = t - *s;

  *c += (*s - (t - z)) + (x - z);
  *s = t;
}

/* A kernel: adds to (*s, *c), a compensated sum, the values v[0..n) of the
 * rows that count, reading the column in place: value present (not NaN),
 * condition f[i] true (B_TRUE) when the kernel is filtered, slot sl[i]
 * equal to @target when it is slotted (f and sl are not read otherwise).
 * Returns the number of rows that counted. */
typedef guint64 (*KpiSumFunc) (const double  *v,
                               const guint8  *f,
                               const guint32 *sl,
                               guint32        target,
                               guint          n,
                               double        *s,
                               double        *c);

/* The kernels for this processor, indexed by filtered + 2 * slotted:
 * plain, filtered, slotted, both. Twice the lanes where an x86-64
 * processor has AVX2 (unless the environment has KPI_NO_AVX2, a test hook
 * read at each call, so that the tests cover both). */
const KpiSumFunc *kpi_eval_sum_kernels (void);

G_END_DECLS
