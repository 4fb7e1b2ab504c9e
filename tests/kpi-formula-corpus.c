/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-corpus.c: see kpi-formula-corpus.h */

#include <math.h>
#include <stdlib.h>

#include "kpi-formula-corpus.h"

const KpiCorpusPair kpi_corpus_pairs[] = {
  { "sum(m1)", "TOTAL(m1)" },
  { "count()", "COUNT(*)" },
  { "avg(m1)", "AVG(m1)" },
  { "min(m2)", "MIN(m2)" },
  { "max(m3)", "MAX(m3)" },
  { "max(m1) - min(m1)", "MAX(m1) - MIN(m1)" },
  { "count(m1)", "COUNT(m1)" },
  { "count(d1)", "COUNT(d1)" },
  { "count(m1 > 100)", "COUNT(CASE WHEN m1 > 100 THEN 1 END)" },
  { "count(where d2 = \"y\")", "COUNT(CASE WHEN d2 = 'y' THEN 1 END)" },
  { "sum(m1 where d1 = \"a\")", "TOTAL(CASE WHEN d1 = 'a' THEN m1 END)" },
  { "sum(m1 where d1 = \"zzz\")", "TOTAL(CASE WHEN d1 = 'zzz' THEN m1 END)" },
  { "sum(m1 * m3 - m2 where d1 != \"a\" and d2 = \"x\")",
    "TOTAL(CASE WHEN d1 <> 'a' AND d2 = 'x' THEN m1 * m3 - m2 END)" },
  { "avg(m1 / m2 where not (d1 = \"b\" or m3 < 0.5))",
    "AVG(CASE WHEN NOT (d1 = 'b' OR m3 < 0.5) THEN m1 / m2 END)" },
  { "count(d1 in (\"a\", \"c\") or d2 not in (\"x\"))",
    "COUNT(CASE WHEN d1 IN ('a', 'c') OR d2 NOT IN ('x') THEN 1 END)" },
  { "count(not d1 = \"a\")", "COUNT(CASE WHEN NOT d1 = 'a' THEN 1 END)" },
  { "count(m1 > 10 and not m2 = 3 or d2 = \"x\")",
    "COUNT(CASE WHEN m1 > 10 AND NOT m2 = 3 OR d2 = 'x' THEN 1 END)" },
  { "count(not (m1 > 10 and d1 != \"c\"))", "COUNT(CASE WHEN NOT (m1 > 10 AND d1 <> 'c') THEN 1 END)" },
  { "avg(m1 where d1 < \"c\")", "AVG(CASE WHEN d1 < 'c' THEN m1 END)" },
  { "count(d1 >= \"b\" and d3 <= \"c3\")", "COUNT(CASE WHEN d1 >= 'b' AND d3 <= 'c3' THEN 1 END)" },
  { "count(d1 = d2)", "COUNT(CASE WHEN d1 = d2 THEN 1 END)" },
  { "count(d1 != d2)", "COUNT(CASE WHEN d1 <> d2 THEN 1 END)" },
  { "count(m2 in (0, 1, 2))", "COUNT(CASE WHEN m2 IN (0, 1, 2) THEN 1 END)" },
  { "count(m2 not in (0, 1))", "COUNT(CASE WHEN m2 NOT IN (0, 1) THEN 1 END)" },
  { "sum(-m1 + 2 * m2 where m3 >= 0.25 and m3 < 0.75)",
    "TOTAL(CASE WHEN m3 >= 0.25 AND m3 < 0.75 THEN -m1 + 2 * m2 END)" },
  { "min(m1 where d3 = \"c7\")", "MIN(CASE WHEN d3 = 'c7' THEN m1 END)" },
  { "count_distinct(d3)", "COUNT(DISTINCT d3)" },
  { "count_distinct(d3 where m1 >= 0)", "COUNT(DISTINCT CASE WHEN m1 >= 0 THEN d3 END)" },
  { "count_distinct(m2)", "COUNT(DISTINCT m2)" },
  { "(sum(m1) - sum(m2)) / sum(m1)", "(TOTAL(m1) - TOTAL(m2)) / TOTAL(m1)" },
  { "100 * (count(m2 >= 9) - count(m2 <= 6)) / count()",
    "100.0 * (COUNT(CASE WHEN m2 >= 9 THEN 1 END) - COUNT(CASE WHEN m2 <= 6 THEN 1 END)) / COUNT(*)" },
  { "sum(m1) / count()", "TOTAL(m1) / COUNT(*)" },
  { "avg(m3) * count_distinct(d1) - 1", "AVG(m3) * COUNT(DISTINCT d1) - 1" },
  { "sum(m1 / (m2 - 5))", "TOTAL(m1 / (m2 - 5))" },
  { "sum(m1 where d2 = \"a\") / sum(m1 where d1 = \"a\")",
    "TOTAL(CASE WHEN d2 = 'a' THEN m1 END) / TOTAL(CASE WHEN d1 = 'a' THEN m1 END)" },
};

const gsize kpi_corpus_n_pairs = G_N_ELEMENTS (kpi_corpus_pairs);


static const char *d1_vocab[] = { "a", "b", "c", "d", "e" };
static const char *d2_vocab[] = { "x", "y", "a" };

void
kpi_corpus_rows_free (Rows *rows)
{
  g_free (rows->times);
  g_free (rows->dims);
  g_free (rows->meas);
  g_ptr_array_unref (rows->strings);
}

static const char *
pick (GRand *r, const char **vocab, int n)
{
  /* about 10% missing */
  if (g_rand_int_range (r, 0, 10) == 0)
    return "";
  return vocab[g_rand_int_range (r, 0, n)];
}

static double
maybe (GRand *r, double v)
{
  return g_rand_int_range (r, 0, 10) == 0 ? NAN : v;
}

static int
compare_times (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

void
kpi_corpus_make_rows (Rows *rows, guint32 seed, gboolean sorted)
{
  GRand *r = g_rand_new_with_seed (seed);
  gint64 t0 = G_GINT64_CONSTANT (1704067200);   /* 2024-01-01T00:00Z */
  gint64 span = 731 * 86400;
  gint64 gap0 = G_GINT64_CONSTANT (1740787200), gap1 = G_GINT64_CONSTANT (1743465600); /* March 2025 */
  int n_customers = g_rand_int_range (r, 40, 200);
  const char **customers = g_new (const char *, n_customers);

  rows->n = g_rand_int_range (r, 2500, 5000);
  rows->times = g_new (gint64, rows->n);
  rows->dims = g_new (const char *, rows->n * N_DIMS);
  rows->meas = g_new (double, rows->n * N_MEAS);
  rows->strings = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < n_customers; i++)
    {
      char *s = g_strdup_printf ("c%d", i);
      g_ptr_array_add (rows->strings, s);
      customers[i] = s;
    }

  for (gsize i = 0; i < rows->n; i++)
    {
      gint64 ts;

      /* no rows in March 2025: empty periods in the middle */
      do
        ts = t0 + (gint64) (g_rand_double (r) * span);
      while (ts >= gap0 && ts < gap1);
      rows->times[i] = ts;
    }
  if (sorted)
    qsort (rows->times, rows->n, sizeof (gint64), compare_times);
  for (gsize i = 0; i < rows->n; i++)
    {
      rows->times[i] *= G_USEC_PER_SEC;
      rows->dims[i * N_DIMS] = pick (r, d1_vocab, G_N_ELEMENTS (d1_vocab));
      rows->dims[i * N_DIMS + 1] = pick (r, d2_vocab, G_N_ELEMENTS (d2_vocab));
      rows->dims[i * N_DIMS + 2] = pick (r, customers, n_customers);
      /* cents; small integers (with zeros, for divisions); fractions */
      rows->meas[i * N_MEAS] = maybe (r, g_rand_int_range (r, -5000, 50000) / 100.0);
      rows->meas[i * N_MEAS + 1] = maybe (r, g_rand_int_range (r, 0, 11));
      rows->meas[i * N_MEAS + 2] = maybe (r, g_rand_double (r));
    }
  g_free (customers);
  g_rand_free (r);
}

