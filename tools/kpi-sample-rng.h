/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kpi-sample-rng.h - the pseudo-random streams of kpi-sample-data.
 *
 * splitmix64 seeding + xoshiro256**, shared by the generator's files so
 * that every file draws from its own stream (a stream number per file,
 * below): adding a file or leaving one out never changes another.
 */

#pragma once

#include <glib.h>

#include <math.h>

/* One stream per file (or group of files); new streams go at the end, so
 * that the existing files keep their numbers and their bytes. */
enum { STREAM_ORDERS = 1, STREAM_NPS, STREAM_COMPLAINTS, STREAM_OPPS,
       STREAM_MARKETING, STREAM_BUDGET, STREAM_TARGETS, STREAM_CUSTOMERS,
       STREAM_PROJECT };

typedef struct {
  guint64 s[4];
  gboolean has_spare;
  double spare;
} Rng;

static inline guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
rng_init (Rng *r, guint64 seed, guint64 stream)
{
  guint64 x = seed ^ (stream * G_GUINT64_CONSTANT (0xd1b54a32d192ed03));
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64 (&x);
  r->has_spare = FALSE;
  r->spare = 0.0;
}

static inline guint64
rotl64 (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (Rng *r)
{
  guint64 *s = r->s;
  guint64 result = rotl64 (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64 (s[3], 45);
  return result;
}

/* Uniform in [0, 1). */
static inline double
rng_uniform (Rng *r)
{
  return (double) (rng_next (r) >> 11) * 0x1.0p-53;
}

static inline double
rng_range (Rng *r, double a, double b)
{
  return a + (b - a) * rng_uniform (r);
}

/* Uniform integer in [0, n). */
static inline guint32
rng_below (Rng *r, guint32 n)
{
  return (guint32) (((rng_next (r) >> 32) * (guint64) n) >> 32);
}

static inline double
rng_normal (Rng *r)
{
  if (r->has_spare)
    {
      r->has_spare = FALSE;
      return r->spare;
    }
  double u, v, s;
  do
    {
      u = 2.0 * rng_uniform (r) - 1.0;
      v = 2.0 * rng_uniform (r) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  double m = sqrt (-2.0 * log (s) / s);
  r->spare = v * m;
  r->has_spare = TRUE;
  return u * m;
}

static inline int
rng_pick (Rng *r, const double *w, int n)
{
  double tot = 0.0;
  for (int i = 0; i < n; i++)
    tot += w[i];
  double x = rng_uniform (r) * tot;
  for (int i = 0; i < n - 1; i++)
    {
      if (x < w[i])
        return i;
      x -= w[i];
    }
  return n - 1;
}
