/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-volume-check.c: each period's row count against its neighbours */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-check-rows-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiVolumeCheck:
 *
 * A check of how many rows each period has, against the periods of the
 * same kind around it: a day with no orders, a day with half its orders
 * (an export cut short), a day with twice as many (a batch loaded twice).
 *
 * The periods are those of [property@Kpi.Check:granularity], a day by
 * default (rows are counted per day of the calendar). Each period's count
 * x is compared with its neighbours of the same kind: the
 * [property@Kpi.VolumeCheck:history] (8) periods nearest to it that are
 * [property@Kpi.VolumeCheck:season-length] apart — at day level 7 apart,
 * the same weekday, since a store sells less on Sunday — taken on both
 * sides of it (four weeks before and four after), or before it only when
 * [property@Kpi.VolumeCheck:centered] is %FALSE or the data ends. With
 * m their median and MAD the median of their absolute deviations from m,
 * the statistic is a robust z-score:
 *
 *     z = (x − m) / s,  s = max (1.4826 · MAD, √m, r · m)
 *
 * 1.4826 · MAD estimates the standard deviation of the neighbours
 * without being moved by an anomaly among them; it is floored by √m,
 * the spread of a count of independent events (a Poisson count), and by
 * r · m, where r is the median of 1.4826 · MAD / m over all the periods
 * (the series' usual relative spread). Eight values give a rough MAD:
 * without the floors, a stretch of days that happen to be alike makes an
 * ordinary day look extreme (|z| up to 23 on the clean sample of 100 000
 * orders, against the 8 weeks before). A constant history (MAD 0) is thus judged against √m;
 * only a history of zeros (m = 0, MAD 0) leaves a period that has rows
 * unjudged.
 *
 * Neighbours on both sides matter for data with seasons: the generated
 * orders rise by a fifth from November to December and fall by a third
 * into January, as real sales do; against the eight weeks before it, the
 * first week of January looks like an export cut by a third (|z| 4.8 on
 * the clean sample of 100 000 orders) and December like a batch loaded
 * twice (|z| 5.7 at a million orders), while against the weeks around
 * them, every day of the clean samples is within |z| 2.2 and 3.0.
 *
 * The observed value is the worst |z| of the periods judged (those of
 * [property@Kpi.Check:period] when it is set, else all); by default it
 * warns above 4 and fails above 6 (%KPI_DEFAULT_VOLUME_WARN_THRESHOLD,
 * %KPI_DEFAULT_VOLUME_FAIL_THRESHOLD). On the generated sample's clean data
 * the worst day is at |z| 2.0 (20 000 orders), 2.2 (100 000) and 3.0
 * (1 million). A missing day is at z −5 with about 27 orders a day, and
 * further out with more; half a day's rows is at z −5.8 with 140 orders
 * a day (a warning), but cannot be told from chance with 27 (a Poisson
 * count of 27 falls to 13 about once in 450 days). The
 * duplicated batch of the sample (25 extra rows on a day of 25, at 20 000
 * orders) is at +5.0, a warning; its 40 extra rows on a day of 140 (100
 * 000 orders) are within the noise.
 *
 * A period needs [property@Kpi.VolumeCheck:min-history] (4) neighbours to
 * be judged; periods that the data covers only in part (the calendar's
 * current period, a period cut by [method@Kpi.Dataset.set_coverage]) are
 * neither judged nor used as neighbours. With
 * [property@Kpi.Check:group-by], each group's rows are counted and judged
 * apart (a channel that stopped for a day).
 *
 * The counts are of periods: the element count is the periods judged
 * (times the groups), the missing count those with too short a history,
 * the unexpected count those beyond a threshold. A finding is about whole
 * rows (every field) in the periods beyond a threshold (and their
 * groups).
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_volume_check_new ("orders", KPI_GRANULARITY_WEEK);
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * result = kpi_check_run (check, context, NULL, &error);
 * if (result == NULL)
 *   g_error ("%s", error->message);
 * status = g_enum_to_string (KPI_TYPE_CHECK_STATUS, kpi_check_result_get_status (result));
 * g_print ("%s: %s\n", status, kpi_check_result_get_message (result));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("orders", orders)
 * check = Kpi.VolumeCheck.new("orders", Kpi.Granularity.WEEK)
 * result = check.run(context, None)
 * print(f"{result.get_status().value_name}: {result.get_message()}")
 * ```
 *
 * ```js
 * import GObject from 'gi://GObject';
 *
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('orders', orders);
 * const check = Kpi.VolumeCheck.new('orders', Kpi.Granularity.WEEK);
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiVolumeCheck
{
  KpiCheck parent_instance;

  guint    history;
  guint    min_history;
  guint    season_length;   /* 0: 7 for days, else 1 */
  gboolean centered;
};

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_MIN_HISTORY,
  PROP_SEASON_LENGTH,
  PROP_CENTERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiVolumeCheck, kpi_volume_check, KPI_TYPE_CHECK)

/* The most (group, period) counts a check keeps: beyond, grouping by that
 * dimension is refused */
#define MAX_CELLS (G_GUINT64_CONSTANT (1) << 24)
/* How many offending periods a message names */
#define SHOWN_ITEMS 3

/* What is known of one period of one group */
typedef struct
{
  double   median;        /* of its neighbours */
  double   spread;        /* 1.4826 · MAD */
  guint    n_neighbours;  /* 0: too short a history */
  gboolean before;        /* whether neighbours came from before it */
  gboolean after;         /* and from after it */
} Stats;

typedef struct
{
  guint  group;
  guint  period;
  double z;
} Item;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = a, *y = b;

  if (fabs (x->z) != fabs (y->z))
    return fabs (x->z) > fabs (y->z) ? -1 : 1;
  if (x->period != y->period)
    return x->period < y->period ? -1 : 1;
  return x->group < y->group ? -1 : x->group > y->group;
}

static int
compare_items_in_time (gconstpointer a,
                       gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->period != y->period)
    return x->period < y->period ? -1 : 1;
  return x->group < y->group ? -1 : x->group > y->group;
}

/* "Wednesdays", in the calendar's time zone */
static const char *
weekday_plural (KpiCalendar     *calendar,
                const KpiPeriod *day)
{
  static const char *const names[] = {
    "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"
  };
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (kpi_period_get_start (day) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  int wday;

  if (utc == NULL)
    return "days";
  local = g_date_time_to_timezone (utc, kpi_calendar_get_time_zone (calendar));
  wday = g_date_time_get_day_of_week (local != NULL ? local : utc);
  return names[CLAMP (wday, 1, 7) - 1];
}

/* "the 8 Wednesdays around it", "the 6 months before it" */
static char *
describe_neighbours (KpiCalendar     *calendar,
                     KpiGranularity   granularity,
                     guint            season,
                     const KpiPeriod *period,
                     const Stats     *st)
{
  const char *where = st->before && st->after ? "around" : st->before ? "before" : "after";

  if (granularity == KPI_GRANULARITY_DAY && season == 7)
    return g_strdup_printf ("the %u %s %s it", st->n_neighbours,
                            weekday_plural (calendar, period), where);
  if (season == 1)
    return g_strdup_printf ("the %u %s %s it", st->n_neighbours,
                            kpi_check_granularity_plural (granularity), where);
  return g_strdup_printf ("%u %s %s it, %u apart", st->n_neighbours,
                          kpi_check_granularity_plural (granularity), where, season);
}

static char *
format_z (double z)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", fabs (z));
  /* no "-0.0" */
  if (strcmp (buf, "0.0") == 0)
    return g_strdup ("0.0");
  return g_strdup_printf ("%s%s", z < 0 ? "−" : "+", buf);
}

/* Groups counted in banks, when there are at most this many; a bank has
 * one more counter, for the rows in no group */
#define BANK_GROUPS 64
#define BANK (BANK_GROUPS + 1)

/* Adds the rows [@first, @last) of each group g (codes[r] = g, below
 * @n_groups; a missing value is in no group) to counts[g * @stride].
 * Rows of the same group follow each other: one counter would make each
 * increment wait for the one before; four banks of counters (@banks, 4 ×
 * BANK) do not. */
static void
count_groups (const guint32 *codes,
              gsize          first,
              gsize          last,
              gsize          n_groups,
              guint         *banks,
              guint         *counts,
              gsize          stride)
{
  gsize r = first;

  if (n_groups > BANK_GROUPS)
    {
      for (; r < last; r++)
        if (codes[r] < n_groups)
          counts[(gsize) codes[r] * stride]++;
      return;
    }
  memset (banks, 0, 4 * BANK * sizeof (guint));
  /* a code beyond the groups (missing) goes to the bank's last counter,
   * which is not read */
  for (; r + 4 <= last; r += 4)
    {
      banks[MIN (codes[r], BANK_GROUPS)]++;
      banks[BANK + MIN (codes[r + 1], BANK_GROUPS)]++;
      banks[2 * BANK + MIN (codes[r + 2], BANK_GROUPS)]++;
      banks[3 * BANK + MIN (codes[r + 3], BANK_GROUPS)]++;
    }
  for (; r < last; r++)
    banks[MIN (codes[r], BANK_GROUPS)]++;
  for (gsize g = 0; g < n_groups; g++)
    counts[g * stride] += banks[g] + banks[BANK + g] + banks[2 * BANK + g] + banks[3 * BANK + g];
}

/* The median and the MAD-based spread of the neighbours of period @p */
static void
neighbour_stats (const guint    *counts,
                 const gboolean *usable,
                 guint           n_periods,
                 guint           p,
                 guint           season,
                 guint           history,
                 gboolean        centered,
                 double         *buf,
                 double         *deviations,
                 Stats          *st)
{
  guint n = 0;
  double median;

  memset (st, 0, sizeof *st);
  /* nearest first, one before and one after in turn */
  for (guint k = 1; n < history; k++)
    {
      guint64 step = (guint64) k * season;
      gboolean has_before = step <= p;
      gboolean has_after = centered && p + step < n_periods;

      if (!has_before && !has_after)
        break;
      if (has_before && usable[p - step])
        {
          buf[n++] = counts[p - step];
          st->before = TRUE;
        }
      if (n < history && has_after && usable[p + step])
        {
          buf[n++] = counts[p + step];
          st->after = TRUE;
        }
    }
  st->n_neighbours = n;
  if (n == 0)
    return;
  memcpy (deviations, buf, n * sizeof (double));
  median = kpi_median_inplace (deviations, n);
  for (guint i = 0; i < n; i++)
    deviations[i] = fabs (buf[i] - median);
  st->median = median;
  st->spread = 1.4826 * kpi_median_inplace (deviations, n);
}

static KpiCheckResult *
kpi_volume_check_run (KpiCheck      *check,
                      KpiContext    *context,
                      GCancellable  *cancellable,
                      GError       **error)
{
  KpiVolumeCheck *self = KPI_VOLUME_CHECK (check);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autofree char *name = kpi_check_rows_name (check);
  g_autofree gint64 *starts = NULL;
  g_autofree gboolean *usable = NULL;
  g_autofree gboolean *judged = NULL;
  g_autofree guint *counts = NULL;
  g_autofree Stats *stats = NULL;
  g_autofree double *buf = NULL;
  g_autofree double *deviations = NULL;
  g_autofree double *ratios = NULL;
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *dimension_shown = NULL;
  const char *group_by = kpi_check_get_group_by (check);
  const char * const *dictionary = NULL;
  const KpiPeriod *period = kpi_check_get_period (check);
  const guint32 *codes = NULL;
  const gint64 *times;
  KpiGranularity granularity = kpi_check_get_granularity (check);
  KpiCalendar *calendar;
  KpiCheckResult *result;
  KpiCheckStatus status;
  KpiPeriodCursor cursor;
  gsize n_rows = 0, n_groups = 1, n_dict = 0;
  gboolean counted = FALSE;
  guint banks[4 * BANK];
  guint n_periods, season, n_judged = 0, n_short = 0, n_ratios = 0;
  double observed = NAN, pooled = 0.0, worst_pass = -1.0;
  Item worst = { 0, 0, 0.0 };

  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  calendar = kpi_context_get_calendar (context);

  if (self->min_history > self->history)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: min-history (%u) is above history (%u)",
                   name, self->min_history, self->history);
      return NULL;
    }
  if (group_by != NULL)
    {
      guint column;
      gsize len;

      if (!kpi_check_lookup_field (check, dataset, group_by, &column, error))
        return NULL;
      dimension_shown = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);
      if (kpi_dataset_get_column_kind (dataset, column) != KPI_COLUMN_DIMENSION)
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: group_by “%s” is not a dimension; rows are counted per value of a dimension",
                       name, dimension_shown);
          return NULL;
        }
      codes = kpi_dataset_get_dimension_codes (dataset, group_by, &len);
      dictionary = kpi_dataset_get_dimension_dictionary (dataset, group_by, &n_dict);
      if (n_dict == 0)
        {
          g_string_printf (message, "no group to count rows in: every value of “%s” is missing",
                           dimension_shown);
          return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, message->str);
        }
      n_groups = n_dict;
    }

  periods = kpi_check_data_periods (calendar, dataset, granularity);
  n_periods = periods->len;
  if ((guint64) n_periods * n_groups > MAX_CELLS)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: %u periods × %" G_GSIZE_FORMAT " groups of “%s” are too many counts to keep; "
                   "group by a dimension with fewer values, or count in longer periods",
                   name, n_periods, n_groups, dimension_shown != NULL ? dimension_shown : "");
      return NULL;
    }
  season = self->season_length != 0 ? self->season_length
         : granularity == KPI_GRANULARITY_DAY ? 7 : 1;

  starts = g_new (gint64, MAX (n_periods, 1));
  usable = g_new0 (gboolean, MAX (n_periods, 1));
  judged = g_new0 (gboolean, MAX (n_periods, 1));
  for (guint p = 0; p < n_periods; p++)
    {
      const KpiPeriod *q = g_ptr_array_index (periods, p);

      starts[p] = kpi_period_get_start (q);
      usable[p] = kpi_dataset_get_period_coverage (dataset, q) == KPI_COVERAGE_FULL
                  && !kpi_period_is_partial (q);
      judged[p] = usable[p]
                  && (period == NULL || (kpi_period_get_start (q) < kpi_period_get_end (period)
                                         && kpi_period_get_start (period) < kpi_period_get_end (q)));
    }

  /* The pass: rows counted per group and period */
  counts = g_new0 (guint, MAX (n_periods * n_groups, 1));
  times = kpi_dataset_get_times (dataset, &n_rows);
  kpi_period_cursor_init (&cursor, starts, n_periods,
                          n_periods > 0 ? kpi_period_get_end (g_ptr_array_index (periods, n_periods - 1)) : 0);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (n_periods > 0 && kpi_check_rows_sorted (times, n_rows))
    {
      /* rows in order of time (as most data comes): each period's rows
       * are a stretch, found by two binary searches */
      gsize from = 0;

      for (guint p = 0; p < n_periods; p++)
        {
          gint64 end = p + 1 < n_periods ? starts[p + 1]
                     : kpi_period_get_end (g_ptr_array_index (periods, p));
          gsize first = kpi_check_rows_lower_bound (times, from, n_rows, starts[p]);
          gsize last = kpi_check_rows_lower_bound (times, first, n_rows, end);

          if (codes == NULL)
            counts[p] = (guint) (last - first);
          else
            {
              if (last - first > KPI_CHECK_ROWS_CHUNK
                  && g_cancellable_set_error_if_cancelled (cancellable, error))
                return NULL;
              count_groups (codes, first, last, n_groups, banks,
                            counts + p, n_periods);
            }
          from = last;
        }
      counted = TRUE;
    }
  /* else row by row */
  for (gsize c0 = 0; !counted && c0 < n_rows && n_periods > 0; c0 += KPI_CHECK_ROWS_CHUNK)
    {
      gsize to = MIN (n_rows, c0 + KPI_CHECK_ROWS_CHUNK);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (codes == NULL)
        for (gsize r = c0; r < to; r++)
          {
            gssize p = kpi_period_cursor_find (&cursor, times[r]);

            if (p >= 0)
              counts[p]++;
          }
      else
        for (gsize r = c0; r < to; r++)
          {
            gssize p = kpi_period_cursor_find (&cursor, times[r]);
            guint32 g = codes[r];

            /* rows without a group are in no group's count */
            if (p >= 0 && g < n_groups)
              counts[(gsize) g * n_periods + p]++;
          }
    }

  /* Each period's neighbours, then the series' usual relative spread */
  stats = g_new0 (Stats, MAX (n_periods * n_groups, 1));
  buf = g_new (double, self->history);
  deviations = g_new (double, self->history);
  ratios = g_new (double, MAX (n_periods * n_groups, 1));
  for (gsize g = 0; g < n_groups; g++)
    for (guint p = 0; p < n_periods; p++)
      {
        Stats *st = &stats[g * n_periods + p];

        if (!usable[p])
          continue;
        neighbour_stats (counts + g * n_periods, usable, n_periods, p, season, self->history,
                         self->centered, buf, deviations, st);
        if (st->n_neighbours < self->min_history)
          st->n_neighbours = 0;
        else if (st->median > 0)
          ratios[n_ratios++] = st->spread / st->median;
      }
  if (n_ratios > 0)
    pooled = kpi_median_inplace (ratios, n_ratios);

  /* The robust z of the periods judged */
  for (gsize g = 0; g < n_groups; g++)
    for (guint p = 0; p < n_periods; p++)
      {
        Stats *st = &stats[g * n_periods + p];
        double x = counts[g * n_periods + p], s, z;

        if (!judged[p])
          continue;
        n_judged++;
        if (st->n_neighbours == 0)
          {
            n_short++;
            continue;
          }
        s = MAX (st->spread, MAX (sqrt (st->median), pooled * st->median));
        if (s == 0.0 && x != st->median)
          {
            /* no rows around it: nothing to measure a difference by */
            n_short++;
            continue;
          }
        z = s == 0.0 ? 0.0 : (x - st->median) / s;
        observed = isnan (observed) ? fabs (z) : MAX (observed, fabs (z));
        if (kpi_check_grade (check, fabs (z)) != KPI_CHECK_STATUS_PASS)
          {
            Item item = { (guint) g, p, z };
            g_array_append_val (items, item);
          }
        else if (fabs (z) > worst_pass)
          {
            worst_pass = fabs (z);
            worst.group = (guint) g;
            worst.period = p;
            worst.z = z;
          }
      }

  if (isnan (observed))
    {
      if (n_judged == 0 && period != NULL)
        g_string_printf (message, "no %s of %s in the data", kpi_check_granularity_plural (granularity),
                         kpi_period_get_label (period));
      else if (n_judged == 0)
        g_string_printf (message, "no whole %s in the data to count rows in",
                         kpi_check_granularity_plural (granularity));
      else
        g_string_printf (message, "too short a history: none of the %u %s has %u of its %u neighbours %s",
                         n_judged, kpi_check_granularity_plural (granularity), self->min_history,
                         self->history,
                         season > 1 ? "of the same kind" : "with rows counted");
      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, message->str);
      kpi_check_result_set_counts (result, kpi_sample_size_cap ((guint64) n_judged),
                                   n_short, 0);
      return result;
    }

  status = kpi_check_grade (check, observed);
  g_array_sort (items, compare_items);

  /* The message: the worst periods, or the worst one within bounds */
  {
    double bound = status == KPI_CHECK_STATUS_FAIL ? kpi_check_get_fail_threshold (check)
                 : !isnan (kpi_check_get_warn_threshold (check)) ? kpi_check_get_warn_threshold (check)
                 : kpi_check_get_fail_threshold (check);
    guint shown = items->len > 0 ? MIN (items->len, SHOWN_ITEMS) : 1;

    for (guint k = 0; k < shown; k++)
      {
        const Item *item = items->len > 0 ? &g_array_index (items, Item, k) : &worst;
        const KpiPeriod *q = g_ptr_array_index (periods, item->period);
        const Stats *st = &stats[(gsize) item->group * n_periods + item->period];
        g_autofree char *around = describe_neighbours (calendar, granularity, season, q, st);
        g_autofree char *median = kpi_check_rows_format_number (st->median, 15);
        g_autofree char *z = format_z (item->z);

        if (k > 0)
          g_string_append (message, "; ");
        else if (items->len == 0)
          g_string_append_printf (message, "%u %s, the worst ", n_judged - n_short,
                                  kpi_check_granularity_plural (granularity));
        g_string_append (message, kpi_period_get_label (q));
        if (codes != NULL)
          {
            g_autofree char *group = kpi_text_for_message (dictionary[item->group], -1,
                                                           KPI_MESSAGE_QUOTE_CHARS);
            g_string_append_printf (message, " (%s “%s”)", dimension_shown, group);
          }
        g_string_append_printf (message, ": %u rows, median %s on %s, robust z %s",
                                counts[(gsize) item->group * n_periods + item->period],
                                median, around, z);
      }
    if (items->len > shown)
      g_string_append_printf (message, "; and %u more", items->len - shown);
    if (!isnan (bound))
      {
        g_autofree char *b = kpi_check_rows_format_number (bound, 6);
        g_string_append_printf (message, "; |z| up to %s expected", b);
      }
    if (n_short > 0)
      g_string_append_printf (message, " (%u %s without enough history)", n_short,
                              kpi_check_granularity_plural (granularity));

    result = kpi_check_result_new (status, message->str);
    kpi_check_result_set_observed (result, observed);
    kpi_check_result_set_expected (result, 0.0, bound);
    kpi_check_result_set_counts (result, kpi_sample_size_cap ((guint64) n_judged), n_short,
                                 items->len);
  }

  /* A period with too many or too few rows: every field, that period */
  if (kpi_check_result_is_finding (result))
    {
      g_array_sort (items, compare_items_in_time);
      for (guint k = 0; k < items->len; k++)
        {
          const Item *item = &g_array_index (items, Item, k);

          kpi_check_result_add_affected (result, g_ptr_array_index (periods, item->period),
                                         codes != NULL ? group_by : NULL,
                                         codes != NULL ? dictionary[item->group] : NULL);
        }
    }
  return result;
}

static void
kpi_volume_check_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KpiVolumeCheck *self = KPI_VOLUME_CHECK (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_uint (value, self->history);
      break;
    case PROP_MIN_HISTORY:
      g_value_set_uint (value, self->min_history);
      break;
    case PROP_SEASON_LENGTH:
      g_value_set_uint (value, self->season_length);
      break;
    case PROP_CENTERED:
      g_value_set_boolean (value, self->centered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_volume_check_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KpiVolumeCheck *self = KPI_VOLUME_CHECK (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      kpi_volume_check_set_history (self, g_value_get_uint (value));
      break;
    case PROP_MIN_HISTORY:
      kpi_volume_check_set_min_history (self, g_value_get_uint (value));
      break;
    case PROP_SEASON_LENGTH:
      kpi_volume_check_set_season_length (self, g_value_get_uint (value));
      break;
    case PROP_CENTERED:
      kpi_volume_check_set_centered (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_volume_check_class_init (KpiVolumeCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kpi_volume_check_get_property;
  object_class->set_property = kpi_volume_check_set_property;
  check_class->run = kpi_volume_check_run;

  /**
   * KpiVolumeCheck:history:
   *
   * How many periods of the same kind a period's row count is compared
   * with (%KPI_DEFAULT_VOLUME_HISTORY): the nearest ones, on both sides
   * when [property@Kpi.VolumeCheck:centered].
   *
   * Since: 0.1
   */
  properties[PROP_HISTORY] =
    g_param_spec_uint ("history", NULL, NULL, 1, 1000, KPI_DEFAULT_VOLUME_HISTORY, rw);

  /**
   * KpiVolumeCheck:min-history:
   *
   * How many neighbours a period needs to be judged
   * (%KPI_DEFAULT_VOLUME_MIN_HISTORY); with fewer, it has insufficient
   * data. It cannot be above [property@Kpi.VolumeCheck:history] (the run
   * fails with %KPI_CHECK_ERROR_INVALID).
   *
   * Since: 0.1
   */
  properties[PROP_MIN_HISTORY] =
    g_param_spec_uint ("min-history", NULL, NULL, 1, 1000, KPI_DEFAULT_VOLUME_MIN_HISTORY, rw);

  /**
   * KpiVolumeCheck:season-length:
   *
   * How many periods apart a period's neighbours are: 7 compares a day
   * with the same weekday. 0, the default, is 7 for days and 1 (the
   * periods next to it) for the other granularities.
   *
   * Since: 0.1
   */
  properties[PROP_SEASON_LENGTH] =
    g_param_spec_uint ("season-length", NULL, NULL, 0, 1000, 0, rw);

  /**
   * KpiVolumeCheck:centered:
   *
   * Whether a period's neighbours are taken on both sides of it (the
   * default), or only before it, as a monitor that judges each new day
   * as it comes would. Near the ends of the data the neighbours come
   * from the side there is. Centred neighbours follow a season's turn (a
   * December peak, a January fall) that a trailing history mistakes for
   * an anomaly.
   *
   * Since: 0.1
   */
  properties[PROP_CENTERED] = g_param_spec_boolean ("centered", NULL, NULL, TRUE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_volume_check_init (KpiVolumeCheck *self)
{
  self->history = KPI_DEFAULT_VOLUME_HISTORY;
  self->min_history = KPI_DEFAULT_VOLUME_MIN_HISTORY;
  self->centered = TRUE;
  kpi_check_set_granularity (KPI_CHECK (self), KPI_GRANULARITY_DAY);
  kpi_check_set_thresholds (KPI_CHECK (self),
                            KPI_DEFAULT_VOLUME_WARN_THRESHOLD,
                            KPI_DEFAULT_VOLUME_FAIL_THRESHOLD);
}

/**
 * kpi_volume_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it (or set [property@Kpi.Check:dataset])
 * @granularity: the periods whose rows are counted (a day, a week…; not
 *   %KPI_GRANULARITY_CUSTOM)
 *
 * Creates a check of the row count of each period against the periods of
 * the same kind around it, with the defaults (8 neighbours, the same
 * weekday for days, a warning above |z| 4, a failure above 6).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_volume_check_new (const char     *dataset_name,
                      KpiGranularity  granularity)
{
  g_return_val_if_fail (granularity != KPI_GRANULARITY_CUSTOM, NULL);

  return g_object_new (KPI_TYPE_VOLUME_CHECK,
                       "dataset-name", dataset_name,
                       "granularity", granularity,
                       NULL);
}

/**
 * kpi_volume_check_get_history:
 * @self: a volume check
 *
 * Gets how many neighbours a period is compared with.
 *
 * Returns: how many neighbours a period is compared with
 *
 * Since: 0.1
 */
guint
kpi_volume_check_get_history (KpiVolumeCheck *self)
{
  g_return_val_if_fail (KPI_IS_VOLUME_CHECK (self), 0);

  return self->history;
}

/**
 * kpi_volume_check_set_history:
 * @self: a volume check
 * @history: how many neighbours a period is compared with, at least 1
 *
 * Sets [property@Kpi.VolumeCheck:history].
 *
 * Since: 0.1
 */
void
kpi_volume_check_set_history (KpiVolumeCheck *self,
                              guint           history)
{
  g_return_if_fail (KPI_IS_VOLUME_CHECK (self));
  g_return_if_fail (history >= 1 && history <= 1000);

  if (self->history == history)
    return;
  self->history = history;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * kpi_volume_check_get_min_history:
 * @self: a volume check
 *
 * Gets how many neighbours a period needs to be judged.
 *
 * Returns: how many neighbours a period needs to be judged
 *
 * Since: 0.1
 */
guint
kpi_volume_check_get_min_history (KpiVolumeCheck *self)
{
  g_return_val_if_fail (KPI_IS_VOLUME_CHECK (self), 0);

  return self->min_history;
}

/**
 * kpi_volume_check_set_min_history:
 * @self: a volume check
 * @min_history: how many neighbours a period needs to be judged, at
 *   least 1
 *
 * Sets [property@Kpi.VolumeCheck:min-history].
 *
 * Since: 0.1
 */
void
kpi_volume_check_set_min_history (KpiVolumeCheck *self,
                                  guint           min_history)
{
  g_return_if_fail (KPI_IS_VOLUME_CHECK (self));
  g_return_if_fail (min_history >= 1 && min_history <= 1000);

  if (self->min_history == min_history)
    return;
  self->min_history = min_history;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_HISTORY]);
}

/**
 * kpi_volume_check_get_season_length:
 * @self: a volume check
 *
 * Gets how many periods apart the neighbours are.
 *
 * Returns: how many periods apart the neighbours are; 0 for the default
 *
 * Since: 0.1
 */
guint
kpi_volume_check_get_season_length (KpiVolumeCheck *self)
{
  g_return_val_if_fail (KPI_IS_VOLUME_CHECK (self), 0);

  return self->season_length;
}

/**
 * kpi_volume_check_set_season_length:
 * @self: a volume check
 * @season_length: how many periods apart the neighbours are; 0 for 7 at
 *   day level and 1 otherwise
 *
 * Sets [property@Kpi.VolumeCheck:season-length].
 *
 * Since: 0.1
 */
void
kpi_volume_check_set_season_length (KpiVolumeCheck *self,
                                    guint           season_length)
{
  g_return_if_fail (KPI_IS_VOLUME_CHECK (self));
  g_return_if_fail (season_length <= 1000);

  if (self->season_length == season_length)
    return;
  self->season_length = season_length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON_LENGTH]);
}

/**
 * kpi_volume_check_get_centered:
 * @self: a volume check
 *
 * Gets whether neighbours are taken on both sides of a period.
 *
 * Returns: whether neighbours are taken on both sides of a period
 *
 * Since: 0.1
 */
gboolean
kpi_volume_check_get_centered (KpiVolumeCheck *self)
{
  g_return_val_if_fail (KPI_IS_VOLUME_CHECK (self), TRUE);

  return self->centered;
}

/**
 * kpi_volume_check_set_centered:
 * @self: a volume check
 * @centered: whether to take neighbours on both sides of a period
 *
 * Sets [property@Kpi.VolumeCheck:centered].
 *
 * Since: 0.1
 */
void
kpi_volume_check_set_centered (KpiVolumeCheck *self,
                               gboolean        centered)
{
  g_return_if_fail (KPI_IS_VOLUME_CHECK (self));

  centered = !!centered;
  if (self->centered == centered)
    return;
  self->centered = centered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTERED]);
}
