/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-cache.c: the per-row data the evaluator derives from a dataset
 * and keeps with it, under a key (kpi_dataset_get_cache()): the period
 * ordinal of each row, dense codes for the values of a measure, the time
 * each value was first seen. Rows are only appended, so an entry records
 * how many rows it covers and is extended, never rebuilt, when rows are
 * appended: re-evaluating after an append costs the new rows.
 *
 * Locks (see kpi-eval-cache-private.h): the dataset's cache lock guards
 * each entry while it is found, made or extended, since evaluations in
 * several threads may ask for the same one at once; the read lock, which
 * the callers hold, keeps it from moving while they read it. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-eval-cache-private.h"
#include "kpi-dataset-private.h"
#include "kpi-calendar-private.h"

/* The period ordinals of one granularity, in one time zone and fiscal
 * year: row r (r < n) is in the period of ordinal ord[r] + base. Relative
 * to base (the ordinal of the first row's period when the entry was made),
 * an ordinal fits in 32 bits: the scan reads half the bytes. */
typedef struct
{
  gint64  base;
  gsize   n;      /* rows covered */
  gsize   cap;    /* entries allocated in ord */
  gint32 *ord;
} OrdinalCache;

static void
ordinal_cache_free (gpointer p)
{
  OrdinalCache *cache = p;

  g_free (cache->ord);
  g_free (cache);
}

/* Keyed by what ordinals depend on (zone, fiscal year), not by calendar
 * object, so that calendars alike share it and a freed calendar leaves
 * nothing stale behind. */
const gint32 *
kpi_eval_cache_ordinals (KpiDataset     *dataset,
                         KpiCalendar    *cal,
                         KpiGranularity  granularity,
                         gint64         *base)
{
  KpiTable *table = kpi_dataset_get_table (dataset);
  gsize n_rows = table->n_rows;
  const gint64 *times = kpi_table_column (table, table->time_index)->times;
  GTimeZone *tz = kpi_calendar_get_time_zone (cal);
  char *key = g_strdup_printf ("kpi-eval/ordinals/%s/%u/%d",
                               g_time_zone_get_identifier (tz),
                               kpi_calendar_get_fiscal_year_start_month (cal),
                               (int) granularity);
  OrdinalCache *cache;

  kpi_dataset_lock_caches (dataset);
  cache = kpi_dataset_get_cache (dataset, key);
  if (cache == NULL)
    {
      cache = g_new0 (OrdinalCache, 1);
      cache->base = n_rows > 0 ? kpi_calendar_ordinal_at (cal, granularity, table->min_time) : 0;
      kpi_dataset_set_cache (dataset, key, cache, ordinal_cache_free);
    }
  g_free (key);

  if (cache->n < n_rows)
    {
      if (cache->cap < n_rows)
        {
          cache->cap = MAX (n_rows, cache->cap + cache->cap / 2);
          cache->ord = g_renew (gint32, cache->ord, cache->cap);
        }
      kpi_calendar_ordinals (cal, granularity, times + cache->n, n_rows - cache->n,
                             cache->ord + cache->n, cache->base);
      cache->n = n_rows;
    }
  *base = cache->base;
  kpi_dataset_unlock_caches (dataset);
  return cache->ord;
}

/* Dense codes for the values of a measure, so that distinct counts of a
 * measure work like those of a dimension: codes[r] for row r (r < n), and
 * the index that gives the code of a value already seen, kept to extend
 * the codes when rows are appended. */
typedef struct
{
  gsize    n;         /* rows covered */
  gsize    cap;       /* entries allocated in codes */
  guint32 *codes;
  guint64 *keys;      /* open addressing: value bits, or KEY_EMPTY */
  guint32 *slots;     /* code of keys[i] */
  gsize    mask;      /* entries in keys and slots, minus 1 (a power of 2,
                       * at least twice n_codes) */
  guint32  n_codes;
} MeasureCodes;

#define KEY_EMPTY G_GUINT64_CONSTANT (0xFFFFFFFFFFFFFFFF)  /* a NaN: never a key */

static void
measure_codes_free (gpointer p)
{
  MeasureCodes *mc = p;

  g_free (mc->codes);
  g_free (mc->keys);
  g_free (mc->slots);
  g_free (mc);
}

static guint32
measure_code (MeasureCodes *mc,
              double        v)
{
  guint64 bits;
  gsize i;

  if (isnan (v))
    return KPI_DIMENSION_MISSING;
  if (v == 0)
    v = 0;  /* -0 and 0 are one value */
  memcpy (&bits, &v, sizeof bits);
  if ((gsize) (mc->n_codes + 1) * 2 > mc->mask + 1)
    {
      gsize old = mc->mask + 1;
      guint64 *keys = mc->keys;
      guint32 *slots = mc->slots;

      mc->mask = old * 2 - 1;
      mc->keys = g_new (guint64, mc->mask + 1);
      mc->slots = g_new (guint32, mc->mask + 1);
      memset (mc->keys, 0xff, sizeof (guint64) * (mc->mask + 1));
      for (gsize k = 0; k < old; k++)
        if (keys[k] != KEY_EMPTY)
          {
            gsize j = (keys[k] * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20 & mc->mask;
            while (mc->keys[j] != KEY_EMPTY)
              j = (j + 1) & mc->mask;
            mc->keys[j] = keys[k];
            mc->slots[j] = slots[k];
          }
      g_free (keys);
      g_free (slots);
    }
  i = (bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20 & mc->mask;
  while (mc->keys[i] != KEY_EMPTY)
    {
      if (mc->keys[i] == bits)
        return mc->slots[i];
      i = (i + 1) & mc->mask;
    }
  mc->keys[i] = bits;
  mc->slots[i] = mc->n_codes;
  return mc->n_codes++;
}

const guint32 *
kpi_eval_cache_measure_codes (KpiDataset *dataset,
                              KpiColumn  *col,
                              guint      *n_codes)
{
  gsize n_rows = kpi_dataset_get_table (dataset)->n_rows;
  char *key = g_strdup_printf ("kpi-eval/measure-codes/%s", col->name);
  MeasureCodes *mc;

  kpi_dataset_lock_caches (dataset);
  mc = kpi_dataset_get_cache (dataset, key);
  if (mc == NULL)
    {
      mc = g_new0 (MeasureCodes, 1);
      mc->mask = 63;
      mc->keys = g_new (guint64, 64);
      mc->slots = g_new (guint32, 64);
      memset (mc->keys, 0xff, sizeof (guint64) * 64);
      kpi_dataset_set_cache (dataset, key, mc, measure_codes_free);
    }
  g_free (key);
  if (mc->n < n_rows)
    {
      if (mc->cap < n_rows)
        {
          mc->cap = MAX (n_rows, mc->cap + mc->cap / 2);
          mc->codes = g_renew (guint32, mc->codes, mc->cap);
        }
      for (gsize r = mc->n; r < n_rows; r++)
        mc->codes[r] = measure_code (mc, col->values[r]);
      mc->n = n_rows;
    }
  *n_codes = mc->n_codes;
  kpi_dataset_unlock_caches (dataset);
  return mc->codes;
}

/* The time of the first row of each code of a column, over the whole
 * dataset, for new(): first[c] for the n_codes codes known, from the n
 * rows covered (later rows can only add codes or lower a time). */
typedef struct
{
  gsize   n;
  guint   n_codes;
  gint64 *first;
} FirstSeen;

static void
first_seen_free (gpointer p)
{
  FirstSeen *fs = p;

  g_free (fs->first);
  g_free (fs);
}

const gint64 *
kpi_eval_cache_first_seen (KpiDataset    *dataset,
                           const char    *column,
                           const guint32 *codes,
                           guint          n_codes)
{
  KpiTable *table = kpi_dataset_get_table (dataset);
  gsize n_rows = table->n_rows;
  const gint64 *times = kpi_table_column (table, table->time_index)->times;
  char *key = g_strdup_printf ("kpi-eval/first-seen/%s", column);
  FirstSeen *fs;

  kpi_dataset_lock_caches (dataset);
  fs = kpi_dataset_get_cache (dataset, key);
  if (fs == NULL)
    {
      fs = g_new0 (FirstSeen, 1);
      kpi_dataset_set_cache (dataset, key, fs, first_seen_free);
    }
  g_free (key);
  if (fs->n_codes < n_codes)
    {
      fs->first = g_renew (gint64, fs->first, n_codes);
      for (guint c = fs->n_codes; c < n_codes; c++)
        fs->first[c] = G_MAXINT64;
      fs->n_codes = n_codes;
    }
  for (gsize r = fs->n; r < n_rows; r++)
    {
      guint32 c = codes[r];
      if (c != KPI_DIMENSION_MISSING && times[r] < fs->first[c])
        fs->first[c] = times[r];
    }
  fs->n = MAX (fs->n, n_rows);
  kpi_dataset_unlock_caches (dataset);
  return fs->first;
}
