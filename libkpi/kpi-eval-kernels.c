/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-kernels.c: the summation kernels of the evaluator: the
 * compensated sums of a chunk's values, in vectors, for sum() and avg()
 * (kpi-eval-agg.c calls them through kpi_eval_sum_kernels()).
 *
 * One body (SUM_MASKED_BODY) makes eight functions: plain, filtered by a
 * condition, restricted to one slot of a breakdown, or both, each in
 * vectors of 2 doubles (SSE2, any x86-64, and generic vectors elsewhere)
 * and of 4 (AVX2, chosen at run time). They are called through pointers,
 * once per chunk of rows (and per slot of a small breakdown), so that
 * nothing is lost by their being in a file of their own. They touch no
 * shared state: any number of evaluations may run them at once. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-eval-kernels-private.h"
#include "kpi-eval-vm-private.h"

typedef double V2 __attribute__ ((vector_size (16)));
typedef gint64 V2I __attribute__ ((vector_size (16)));
/* Lane masks, set where the condition byte p[l] is true, or where the
 * slot p[l] is the target t. SSE2 has no widening to quadwords: scalar
 * code is best there; AVX2 has one instruction for it. */
#define FMASK2(p) ((V2I) { -(gint64) ((p)[0] == B_TRUE), -(gint64) ((p)[1] == B_TRUE) })
#define SMASK2(p, t) ((V2I) { -(gint64) ((p)[0] == (t)), -(gint64) ((p)[1] == (t)) })

/* Adds to (*s, *c) the values v[0..n) of the rows that count, reading the
 * column in place: value present, condition f true when FILTERED, slot sl
 * equal to the target when SLOTTED. 2 * W lanes in two vectors of W
 * doubles: one compensated sum is bound by the latency of its additions,
 * several are not. A row that does not count adds +0 through a bit mask,
 * with no branch: conditions on real data are unpredictable. Returns the
 * number of rows that counted. */
#define SUM_MASKED_BODY(VEC, VECI, FMASK, SMASK, W, FILTERED, SLOTTED) \
  VEC s0 = { 0 }, s1 = { 0 }, c0 = { 0 }, c1 = { 0 }; \
  VECI k0 = { 0 }, k1 = { 0 }; \
  guint64 count = 0; \
  guint i = 0; \
  \
  for (; i + 2 * (W) <= n; i += 2 * (W)) \
    { \
      VEC a, b, t, z; \
      VECI ma, mb; \
      \
      memcpy (&a, v + i, sizeof a); \
      memcpy (&b, v + i + (W), sizeof b); \
      ma = a == a;   /* all ones unless NaN */ \
      mb = b == b; \
      if (FILTERED) \
        { \
          ma &= FMASK (f + i); \
          mb &= FMASK (f + i + (W)); \
        } \
      if (SLOTTED) \
        { \
          ma &= SMASK (sl + i, target); \
          mb &= SMASK (sl + i + (W), target); \
        } \
      a = (VEC) ((VECI) a & ma); \
      b = (VEC) ((VECI) b & mb); \
      k0 -= ma; \
      k1 -= mb; \
      t = s0 + a; \
      z = t - s0; \
      c0 += (s0 - (t - z)) + (a - z); \
      s0 = t; \
      t = s1 + b; \
      z = t - s1; \
      c1 += (s1 - (t - z)) + (b - z); \
      s1 = t; \
    } \
  for (; i < n; i++) \
    if (!isnan (v[i]) && (!(FILTERED) || f[i] == B_TRUE) && (!(SLOTTED) || sl[i] == target)) \
      { \
        kpi_two_sum (s, c, v[i]); \
        count++; \
      } \
  for (int l = 0; l < (W); l++) \
    { \
      kpi_two_sum (s, c, s0[l]); \
      kpi_two_sum (s, c, s1[l]); \
      *c += c0[l] + c1[l]; \
      count += k0[l] + k1[l]; \
    } \
  return count;

#define SUM_KERNEL(NAME, ATTR, VEC, VECI, FMASK, SMASK, W, FILTERED, SLOTTED) \
  ATTR static guint64 \
  NAME (const double *v, const guint8 *f, const guint32 *sl, guint32 target, \
        guint n, double *s, double *c) \
  { \
    SUM_MASKED_BODY (VEC, VECI, FMASK, SMASK, W, FILTERED, SLOTTED) \
  }

SUM_KERNEL (sum_2, , V2, V2I, FMASK2, SMASK2, 2, FALSE, FALSE)
SUM_KERNEL (sum_f_2, , V2, V2I, FMASK2, SMASK2, 2, TRUE, FALSE)
SUM_KERNEL (sum_s_2, , V2, V2I, FMASK2, SMASK2, 2, FALSE, TRUE)
SUM_KERNEL (sum_fs_2, , V2, V2I, FMASK2, SMASK2, 2, TRUE, TRUE)

static const KpiSumFunc kernels_2[4] = { sum_2, sum_f_2, sum_s_2, sum_fs_2 };

#if defined(__x86_64__) && defined(__GNUC__)
/* Twice the lanes where the processor has AVX2, chosen at run time: the
 * library is built for any x86-64. */
typedef double V4 __attribute__ ((vector_size (32)));
typedef gint64 V4I __attribute__ ((vector_size (32)));
typedef guint8 V4B __attribute__ ((vector_size (4)));
typedef guint32 V4U __attribute__ ((vector_size (16)));

static inline __attribute__ ((target ("avx2"), always_inline)) V4I
fmask4 (const guint8 *p)
{
  V4B b;

  memcpy (&b, p, sizeof b);
  return __builtin_convertvector (b, V4I) == B_TRUE;
}

static inline __attribute__ ((target ("avx2"), always_inline)) V4I
smask4 (const guint32 *p, guint32 t)
{
  V4U u;

  memcpy (&u, p, sizeof u);
  return __builtin_convertvector (u, V4I) == (gint64) t;
}

#define AVX2 __attribute__ ((target ("avx2")))
SUM_KERNEL (sum_4, AVX2, V4, V4I, fmask4, smask4, 4, FALSE, FALSE)
SUM_KERNEL (sum_f_4, AVX2, V4, V4I, fmask4, smask4, 4, TRUE, FALSE)
SUM_KERNEL (sum_s_4, AVX2, V4, V4I, fmask4, smask4, 4, FALSE, TRUE)
SUM_KERNEL (sum_fs_4, AVX2, V4, V4I, fmask4, smask4, 4, TRUE, TRUE)

static const KpiSumFunc kernels_4[4] = { sum_4, sum_f_4, sum_s_4, sum_fs_4 };

static gboolean
have_avx2 (void)
{
  /* KPI_NO_AVX2: a test hook, so that both kernels are tested */
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2") && g_getenv ("KPI_NO_AVX2") == NULL;
}
#endif

const KpiSumFunc *
kpi_eval_sum_kernels (void)
{
#if defined(__x86_64__) && defined(__GNUC__)
  if (have_avx2 ())
    return kernels_4;
#endif
  return kernels_2;
}
