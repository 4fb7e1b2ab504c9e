/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-end-of-period-check.c: figures pushed into the last days of a period */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-dataset-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiEndOfPeriodCheck:
 *
 * Whether figures are pushed into the last days of a period: a rep who
 * books in the last week of the quarter the orders of the whole quarter
 * (to make a target, or to time a bonus) makes the quarter look like it
 * ended strong, and often the next one start weak. The check compares, per
 * contributor ([property@Kpi.Check:group-by], a dimension such as `rep`;
 * the whole data when unset), the share of a period's amount booked in its
 * last [property@Kpi.EndOfPeriodCheck:last-days] days (5 by default) with
 * the same share in the contributor's earlier periods.
 *
 * ## The statistic
 *
 * For a contributor and a period of [property@Kpi.Check:granularity]
 * (quarters by default; months work too), the share is
 *
 * `s = amount in the last k days / amount in the period`
 *
 * where the amount is the sum of the measure the check's
 * [property@Kpi.Check:fields] name (one measure; rows whose value is
 * missing are left out), or the number of rows when it names none. It is
 * judged by a robust z-score against the shares s₁ … sₙ of the
 * contributor's earlier periods:
 *
 * `z = 0.6745 · (s − median(sᵢ)) / max(MAD, mad-floor, noise)`
 *
 * with `MAD = median(|sᵢ − median(sᵢ)|)`. Dividing by the MAD alone makes
 * noise significant when the history happens to agree closely (four
 * quarters of 5.0 %, 5.1 %, 4.9 %, 5.0 % give a MAD of 0.05 point, and a
 * 6 % quarter a z of 13), so the divisor has two floors:
 * [property@Kpi.EndOfPeriodCheck:mad-floor] (one point of share by
 * default), and the MAD that sampling alone gives a share of the period's
 * size, `noise = 0.6745 · √(m (1 − m) / n)`, where m is the median share
 * and n the period's rows (for a sum, its effective number of rows
 * `(Σx)² / Σx²`, which is smaller when a few large amounts weigh more).
 * Only a share *above* its usual is a finding; the observed value of the
 * result is the highest z.
 *
 * A contributor's period is judged when it is whole in the data (the
 * first and last periods of an export often are not), has
 * [property@Kpi.EndOfPeriodCheck:min-rows] rows or more (20 by default:
 * below that, one row moves the share by 5 points or more) and a positive
 * amount, and when the contributor has
 * [property@Kpi.EndOfPeriodCheck:min-history] earlier periods judged so
 * (4 by default: a year of quarters). The earlier periods are all those
 * before it, except those found pushed, which are not the contributor's
 * usual. With fewer, there is no verdict
 * (%KPI_CHECK_STATUS_INSUFFICIENT_DATA when no contributor has any).
 *
 * The thresholds are on z: 5 to warn and 10 to fail by default. The
 * usual cut for a robust z is 3.5; it is higher here because the history
 * is short (4 to 8 periods: its median and MAD are themselves uncertain)
 * and many shares are judged at once (every contributor in every period):
 * on the generated sample data without its anomalies the highest z is
 * below 4 in quarters and in months, by amount or by count, while R03's
 * seeded quarter (2025-Q3: 80 % of its orders in its last 5 days against a
 * usual 5 %) scores above 20.
 *
 * ## Reversal
 *
 * A push often borrows from the next period. For each finding, the next
 * period's share booked in its *first* k days is compared the same way
 * with the contributor's history of that share; when it is 2 robust z or
 * more below, the message notes it (`; 2025-Q4 starts 40 % below its
 * usual (3.1 % of the quarter in its first 5 days against 5.2 %)`, the
 * percentage being the relative gap of the shares) and the next period is
 * part of the finding's scope too.
 *
 * ## The result
 *
 * The message names each pushed period and contributor (the worst first),
 * with the share seen, the rows in the window and in the period, the
 * window's dates and the usual share. The scope is each of those periods
 * for its contributor (the period, the group-by dimension, the
 * contributor), about whole rows (no fields: the rows were booked at the
 * wrong time, so every figure made of them moves). The element count is
 * the number of (contributor, period) pairs judged, the unexpected count
 * those found pushed; the samples are rows of the pushed windows (found
 * from the window's first row when the rows are in time order, else by a
 * second pass over the rows, made only when there is a finding).
 *
 * Like every check, it may run from several threads at once; do not
 * change it while it runs.
 *
 * ```c
 * g_autoptr(KpiCheck) push = kpi_end_of_period_check_new ("orders", NULL, "rep");
 * kpi_end_of_period_check_set_row_noun (KPI_END_OF_PERIOD_CHECK (push), "order");
 * g_autoptr(KpiCheckResult) result = kpi_check_run (push, context, NULL, &error);
 * // "R03: 79.6 % of 2025-Q3's orders (82 of 103) in its last 5 days,
 * //  2025-09-26 to 2025-09-30, against a usual 4.9 %; robust z 27.9 above
 * //  the failure threshold of 10"
 * ```
 *
 * ```python
 * check = Kpi.EndOfPeriodCheck.new("orders", "amount", "rep")
 * check.set_granularity(Kpi.Granularity.MONTH)
 * result = check.run(context, None)
 * ```
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_end_of_period_check_new ("orders", NULL, "rep");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_check_set_granularity (check, KPI_GRANULARITY_MONTH); // three months are too few to judge
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
 * check = Kpi.EndOfPeriodCheck.new("orders", None, "rep")
 * check.set_granularity(Kpi.Granularity.MONTH)  # three months are too few to judge
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
 * const check = Kpi.EndOfPeriodCheck.new('orders', null, 'rep');
 * check.set_granularity(Kpi.Granularity.MONTH); // three months are too few to judge
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

#define WARN_Z 5.0
#define FAIL_Z 10.0
/* How far below its usual a next period's start must be to be noted. */
#define REVERSAL_Z 2.0
/* 0.6745: the MAD of a standard normal distribution. */
#define MAD_OF_NORMAL 0.6744897501960817
/* The pushed periods a message names before it says how many more. */
#define MAX_NAMED 5
#define MAX_CELLS (G_GUINT64_CONSTANT (1) << 22)

struct _KpiEndOfPeriodCheck
{
  KpiCheck   parent_instance;

  guint      last_days;
  guint      min_rows;
  guint      min_history;
  double     mad_floor;
  char      *row_noun;
};

enum {
  PROP_0,
  PROP_LAST_DAYS,
  PROP_MIN_ROWS,
  PROP_MIN_HISTORY,
  PROP_MAD_FLOOR,
  PROP_ROW_NOUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiEndOfPeriodCheck, kpi_end_of_period_check, KPI_TYPE_CHECK)

static void
kpi_end_of_period_check_finalize (GObject *object)
{
  KpiEndOfPeriodCheck *self = KPI_END_OF_PERIOD_CHECK (object);

  g_free (self->row_noun);

  G_OBJECT_CLASS (kpi_end_of_period_check_parent_class)->finalize (object);
}

static void
kpi_end_of_period_check_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KpiEndOfPeriodCheck *self = KPI_END_OF_PERIOD_CHECK (object);

  switch (prop_id)
    {
    case PROP_LAST_DAYS:
      g_value_set_uint (value, self->last_days);
      break;
    case PROP_MIN_ROWS:
      g_value_set_uint (value, self->min_rows);
      break;
    case PROP_MIN_HISTORY:
      g_value_set_uint (value, self->min_history);
      break;
    case PROP_MAD_FLOOR:
      g_value_set_double (value, self->mad_floor);
      break;
    case PROP_ROW_NOUN:
      g_value_set_string (value, self->row_noun);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_end_of_period_check_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  KpiEndOfPeriodCheck *self = KPI_END_OF_PERIOD_CHECK (object);

  switch (prop_id)
    {
    case PROP_LAST_DAYS:
      kpi_end_of_period_check_set_last_days (self, g_value_get_uint (value));
      break;
    case PROP_MIN_ROWS:
      kpi_end_of_period_check_set_min_rows (self, g_value_get_uint (value));
      break;
    case PROP_MIN_HISTORY:
      kpi_end_of_period_check_set_min_history (self, g_value_get_uint (value));
      break;
    case PROP_MAD_FLOOR:
      kpi_end_of_period_check_set_mad_floor (self, g_value_get_double (value));
      break;
    case PROP_ROW_NOUN:
      kpi_end_of_period_check_set_row_noun (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* Where the data ends: its coverage, its data-as-of time, or the end of
 * its newest row (of its day, when it is dated without a time). */
static gint64
data_end (KpiCalendar *calendar,
          KpiDataset  *dataset)
{
  gint64 cov_end, as_of, min_time, max_time;

  kpi_dataset_get_coverage (dataset, NULL, &cov_end);
  if (cov_end != KPI_TIME_UNSET)
    return cov_end;
  as_of = kpi_dataset_get_data_as_of (dataset);
  if (as_of != KPI_TIME_UNSET)
    return as_of;
  if (!kpi_dataset_get_time_range (dataset, &min_time, &max_time))
    return KPI_TIME_UNSET;
  return kpi_check_end_of_row (calendar, max_time);
}

/* What one contributor booked in one period. */
typedef struct
{
  guint32 rows;
  guint32 rows_last;     /* in the last k days */
  guint32 rows_first;    /* in the first k days */
  double  sum;           /* the amounts (the rows, without a measure) */
  double  sum_last;
  double  sum_first;
  double  sum_sq;        /* for the effective number of rows */
} Cell;

/* The median and the MAD of @n values (n > 0), through @scratch. */
static void
robust_location (const double *values,
                 guint         n,
                 double       *scratch,
                 double       *median,
                 double       *mad)
{
  memcpy (scratch, values, n * sizeof (double));
  *median = kpi_median_inplace (scratch, n);
  for (guint i = 0; i < n; i++)
    scratch[i] = fabs (values[i] - *median);
  *mad = kpi_median_inplace (scratch, n);
}

/* The robust z of @share against @history (see the class documentation);
 * NaN when the divisor is 0. */
static double
robust_z (double        share,
          const double *history,
          guint         n_history,
          double       *scratch,
          double        mad_floor,
          double        n_effective,
          double       *usual)
{
  double median, mad, noise = 0, scale;

  robust_location (history, n_history, scratch, &median, &mad);
  if (median > 0 && median < 1 && n_effective > 0)
    noise = MAD_OF_NORMAL * sqrt (median * (1 - median) / n_effective);
  scale = MAX (MAX (mad, mad_floor), noise);
  *usual = median;
  if (!(scale > 0))
    return NAN;
  return MAD_OF_NORMAL * (share - median) / scale;
}

static double
effective_rows (const Cell *cell,
                gboolean    by_amount)
{
  if (!by_amount)
    return cell->rows;
  return cell->sum_sq > 0 ? cell->sum * cell->sum / cell->sum_sq : 0;
}

/* The index of the period that holds @t, trying the period of the row
 * before first: rows come mostly in time order, and a binary search per
 * row would cost more than the rest of the pass. */
static inline gssize
period_of (const gint64 *starts,
           guint         n_periods,
           gint64        end,
           gint64        t,
           gssize       *hint)
{
  gssize h = *hint;

  if (h >= 0 && t >= starts[h] && t < ((guint) h + 1 < n_periods ? starts[h + 1] : end))
    return h;
  h = kpi_check_period_index (starts, n_periods, end, t);
  if (h >= 0)
    *hint = h;
  return h;
}

typedef struct
{
  guint    period;
  guint    code;
  double   share;
  double   usual;
  double   z;
  gboolean reversal;
  double   next_first;     /* the next period's share in its first days */
  double   usual_first;
} Push;

static int
compare_push (gconstpointer a,
              gconstpointer b)
{
  const Push *x = a;
  const Push *y = b;

  return (x->z < y->z) - (x->z > y->z);
}

/* ------------------------------------------------------------------------
 * Run
 * ------------------------------------------------------------------------ */

static KpiCheckResult *
kpi_end_of_period_check_run (KpiCheck      *check,
                             KpiContext    *context,
                             GCancellable  *cancellable,
                             GError       **error)
{
  KpiEndOfPeriodCheck *self = KPI_END_OF_PERIOD_CHECK (check);
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  KpiGranularity granularity = kpi_check_get_granularity (check);
  const char * const *fields = kpi_check_get_fields (check);
  const char *field = fields[0];
  const char *group_by = kpi_check_get_group_by (check);
  const KpiPeriod *only = kpi_check_get_period (check);
  double warn = kpi_check_get_warn_threshold (check);
  double fail = kpi_check_get_fail_threshold (check);
  double flag_above = !isnan (warn) ? warn : fail;
  g_autofree char *noun = kpi_text_for_message (self->row_noun != NULL && self->row_noun[0] != '\0'
                                                ? self->row_noun : "row", -1, KPI_MESSAGE_QUOTE_CHARS);
  g_autofree char *field_text = field != NULL ? kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS) : NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiCheckReadLock) locked = NULL;
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GArray) sample_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) pushes = g_array_new (FALSE, FALSE, sizeof (Push));
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree gint64 *starts = NULL;
  g_autofree gint64 *last_from = NULL;     /* per period: the window of its last k days */
  g_autofree gint64 *first_to = NULL;      /* and the end of its first k days */
  g_autofree gboolean *whole = NULL;
  g_autofree Cell *cells = NULL;
  g_autofree double *hist_share = NULL;
  g_autofree double *hist_first = NULL;
  g_autofree double *scratch = NULL;
  const char * const *dictionary = NULL;
  const gint64 *times;
  const double *values = NULL;
  const guint32 *codes = NULL;
  gsize n_rows = 0, n_codes = 1;
  guint n_periods, column, judged = 0, n_missing = 0, n_no_group = 0, n_zero_mad = 0;
  guint best_period = 0, best_code = 0;
  gint64 known_start, known_end, cov_start, min_time, max_time, periods_end;
  gssize hint;
  gboolean in_order = TRUE;
  guint max_samples = kpi_check_get_max_samples (check);
  double observed = NAN, best_share = NAN, best_usual = NAN;
  gboolean by_amount = field != NULL;
  KpiCheckStatus status;

  /* The settings */
  if (field != NULL && fields[1] != NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: %u fields: expected one measure to sum (amount), or none to count rows",
                   kpi_check_display_name (check, "end-of-period check"), g_strv_length ((char **) fields));
      return NULL;
    }
  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  if (field != NULL)
    {
      if (!kpi_check_lookup_field (check, dataset, field, &column, error))
        return NULL;
      if (kpi_dataset_get_column_kind (dataset, column) != KPI_COLUMN_MEASURE)
        {
          g_autofree char *name = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: “%s” is not a measure: expected amounts to sum, or no field to count rows",
                       kpi_check_display_name (check, "end-of-period check"), name);
          return NULL;
        }
    }
  if (group_by != NULL)
    {
      if (!kpi_check_lookup_field (check, dataset, group_by, &column, error))
        return NULL;
      if (kpi_dataset_get_column_kind (dataset, column) != KPI_COLUMN_DIMENSION)
        {
          g_autofree char *name = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: the contributors “%s” are not a dimension: expected a column of names (rep)",
                       kpi_check_display_name (check, "end-of-period check"), name);
          return NULL;
        }
    }

  result = kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL);
  kpi_check_result_set_fields (result, NULL);   /* whole rows were booked at the wrong time */
  locked = kpi_check_read_lock (dataset);

  /* The periods of the data, and their windows */
  kpi_dataset_get_coverage (dataset, &cov_start, NULL);
  known_end = data_end (calendar, dataset);
  if (!kpi_dataset_get_time_range (dataset, &min_time, &max_time))
    min_time = KPI_TIME_UNSET;
  known_start = cov_start != KPI_TIME_UNSET ? cov_start : min_time;
  periods = known_start != KPI_TIME_UNSET && known_end != KPI_TIME_UNSET
    ? kpi_check_periods_between (calendar, granularity, known_start, known_end)
    : g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  n_periods = periods->len;
  if (n_periods == 0)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      kpi_check_result_set_message (result, "no rows: no period to judge");
      return g_steal_pointer (&result);
    }
  starts = g_new (gint64, n_periods);
  last_from = g_new (gint64, n_periods);
  first_to = g_new (gint64, n_periods);
  whole = g_new (gboolean, n_periods);
  for (guint p = 0; p < n_periods; p++)
    {
      KpiPeriod *period = g_ptr_array_index (periods, p);
      g_autoptr(KpiPeriod) last_day = kpi_calendar_period_at (calendar, kpi_period_get_end (period) - 1,
                                                              KPI_GRANULARITY_DAY);
      g_autoptr(KpiPeriod) first_day = kpi_calendar_period_at (calendar, kpi_period_get_start (period),
                                                               KPI_GRANULARITY_DAY);
      g_autoptr(KpiPeriod) window_start = NULL;
      g_autoptr(KpiPeriod) window_end = NULL;

      window_start = kpi_calendar_offset (calendar, last_day, -(int) (self->last_days - 1));
      window_end = kpi_calendar_offset (calendar, first_day, (int) (self->last_days - 1));
      if (window_start == NULL || window_end == NULL)
        {
          kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
          kpi_check_result_set_message (result, "the periods are outside the years 1 to 9999");
          return g_steal_pointer (&result);
        }
      starts[p] = kpi_period_get_start (period);
      last_from[p] = kpi_period_get_start (window_start);
      first_to[p] = kpi_period_get_end (window_end);
      if (last_from[p] <= starts[p])
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: the last %u days are the whole of %s: expected fewer days than a period "
                       "has (or longer periods)",
                       kpi_check_display_name (check, "end-of-period check"), self->last_days, kpi_period_get_label (period));
          return NULL;
        }
      whole[p] = starts[p] >= known_start && kpi_period_get_end (period) <= known_end;
    }
  periods_end = kpi_period_get_end (g_ptr_array_index (periods, n_periods - 1));

  /* The one pass */
  times = kpi_dataset_get_times (dataset, &n_rows);
  if (field != NULL)
    values = kpi_dataset_get_measure (dataset, field, &n_rows);
  if (group_by != NULL)
    {
      dictionary = kpi_dataset_get_dimension_dictionary (dataset, group_by, &n_codes);
      codes = kpi_dataset_get_dimension_codes (dataset, group_by, &n_rows);
    }
  if ((guint64) n_periods * MAX (n_codes, 1) > MAX_CELLS)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: %" G_GSIZE_FORMAT " contributors over %u %s are too many to follow: "
                   "expected a dimension of reps or stores, or longer periods",
                   kpi_check_display_name (check, "end-of-period check"), n_codes, n_periods, kpi_check_granularity_plural (granularity));
      return NULL;
    }
  cells = g_new0 (Cell, (gsize) n_periods * MAX (n_codes, 1));
  hint = -1;
  for (gsize i = 0; i < n_rows; i++)
    {
      gint64 t = times[i];
      gssize p;
      guint32 code = 0;
      double x = 1.0;
      Cell *cell;

      if ((i & 0xFFFF) == 0 && i > 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      in_order = in_order && (i == 0 || t >= times[i - 1]);
      p = period_of (starts, n_periods, periods_end, t, &hint);
      if (p < 0)
        continue;
      if (codes != NULL)
        {
          code = codes[i];
          if (code == KPI_DIMENSION_MISSING || code >= n_codes)
            {
              n_no_group++;
              continue;
            }
        }
      if (values != NULL)
        {
          x = values[i];
          if (isnan (x))
            {
              n_missing++;
              continue;
            }
        }
      cell = &cells[(gsize) p * n_codes + code];
      cell->rows++;
      cell->sum += x;
      cell->sum_sq += x * x;
      if (t >= last_from[p])
        {
          cell->rows_last++;
          cell->sum_last += x;
        }
      if (t < first_to[p])
        {
          cell->rows_first++;
          cell->sum_first += x;
        }
    }

  /* Each contributor against their own history */
  hist_share = g_new (double, n_periods);
  hist_first = g_new (double, n_periods);
  scratch = g_new (double, n_periods);
  for (gsize c = 0; c < n_codes; c++)
    {
      guint n_history = 0;

      for (guint p = 0; p < n_periods; p++)
        {
          KpiPeriod *period = g_ptr_array_index (periods, p);
          Cell *cell = &cells[(gsize) p * n_codes + c];
          double share, first, z, usual;
          gboolean in_scope;

          if (!whole[p] || cell->rows < self->min_rows || cell->rows == 0 || !(cell->sum > 0))
            continue;
          share = cell->sum_last / cell->sum;
          first = cell->sum_first / cell->sum;
          in_scope = only == NULL || (kpi_period_get_start (period) < kpi_period_get_end (only)
                                      && kpi_period_get_start (only) < kpi_period_get_end (period));
          if (in_scope && n_history >= self->min_history)
            {
              z = robust_z (share, hist_share, n_history, scratch, self->mad_floor,
                            effective_rows (cell, by_amount), &usual);
              if (isnan (z))
                n_zero_mad++;
              else
                {
                  judged++;
                  if (isnan (observed) || z > observed)
                    {
                      observed = z;
                      best_period = p;
                      best_code = c;
                      best_share = share;
                      best_usual = usual;
                    }
                  if (!isnan (flag_above) && z > flag_above)
                    {
                      Push push = { p, c, share, usual, z, FALSE, NAN, NAN };

                      /* The next period's start against its usual start. */
                      if (p + 1 < n_periods && whole[p + 1])
                        {
                          Cell *next = &cells[(gsize) (p + 1) * n_codes + c];

                          if (next->rows >= self->min_rows && next->sum > 0)
                            {
                              double f = next->sum_first / next->sum, usual_first;
                              double zf = robust_z (f, hist_first, n_history, scratch, self->mad_floor,
                                                    effective_rows (next, by_amount), &usual_first);

                              if (!isnan (zf) && zf <= -REVERSAL_Z && usual_first > 0)
                                {
                                  push.reversal = TRUE;
                                  push.next_first = f;
                                  push.usual_first = usual_first;
                                }
                            }
                        }
                      g_array_append_val (pushes, push);
                      continue;   /* a push is not the contributor's usual */
                    }
                }
            }
          hist_share[n_history] = share;
          hist_first[n_history] = first;
          n_history++;
        }
    }

  if (judged == 0)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      if (n_zero_mad > 0)
        g_string_append_printf (message, "the earlier shares do not vary (a MAD of 0) and the MAD "
                                "floor is 0: no z-score for %u contributor periods", n_zero_mad);
      else
        g_string_append_printf (message, "no contributor has %u earlier whole %s of %u %ss or more "
                                "to compare with (%u %s of data%s%s)",
                                self->min_history, kpi_check_granularity_plural (granularity), self->min_rows,
                                noun, n_periods, kpi_check_granularity_plural (granularity),
                                only != NULL ? ", judged in " : "",
                                only != NULL ? kpi_period_get_label (only) : "");
      kpi_check_result_set_message (result, message->str);
      kpi_check_result_set_counts (result, 0, 0, 0);
      return g_steal_pointer (&result);
    }

  /* The message: the pushes, worst first, or the highest share seen */
  g_array_sort (pushes, compare_push);
  status = kpi_check_grade (check, observed);
  for (guint i = 0; i < pushes->len; i++)
    {
      Push *push = &g_array_index (pushes, Push, i);
      KpiPeriod *period = g_ptr_array_index (periods, push->period);
      Cell *cell = &cells[(gsize) push->period * n_codes + push->code];
      const char *group = dictionary != NULL ? dictionary[push->code] : NULL;

      kpi_check_result_add_affected (result, period, group != NULL ? group_by : NULL, group);
      if (push->reversal)
        kpi_check_result_add_affected (result, g_ptr_array_index (periods, push->period + 1),
                                       group != NULL ? group_by : NULL, group);
      if (i >= MAX_NAMED)
        continue;
      if (i > 0)
        g_string_append (message, ". ");
      {
        g_autofree char *name = group != NULL ? kpi_text_for_message (group, -1, KPI_MESSAGE_QUOTE_CHARS) : NULL;
        g_autofree char *from = kpi_check_format_day (calendar, last_from[push->period]);
        g_autofree char *to = kpi_check_format_day (calendar, kpi_period_get_end (period) - 1);

        if (name != NULL)
          g_string_append_printf (message, "%s: ", name);
        g_string_append_printf (message, "%.1f %% of %s's %s", push->share * 100,
                                kpi_period_get_label (period), by_amount ? field_text : noun);
        if (by_amount)
          g_string_append_printf (message, " (%.2f of %.2f; %u of %u %ss)", cell->sum_last, cell->sum,
                                  cell->rows_last, cell->rows, noun);
        else
          g_string_append_printf (message, "s (%u of %u)", cell->rows_last, cell->rows);
        g_string_append_printf (message, " in its last %u days, %s to %s, against a usual %.1f %%; "
                                "robust z %.1f", self->last_days, from, to, push->usual * 100, push->z);
        if (!isnan (fail) && push->z > fail)
          g_string_append_printf (message, " above the failure threshold of %g", fail);
        else
          g_string_append_printf (message, " above the warning threshold of %g", warn);
        if (push->reversal)
          g_string_append_printf (message, "; %s starts %.0f %% below its usual (%.1f %% in its first "
                                  "%u days against %.1f %%)",
                                  kpi_period_get_label (g_ptr_array_index (periods, push->period + 1)),
                                  (1 - push->next_first / push->usual_first) * 100,
                                  push->next_first * 100, self->last_days, push->usual_first * 100);
      }
    }
  if (pushes->len > MAX_NAMED)
    g_string_append_printf (message, ". And %u more", pushes->len - MAX_NAMED);
  if (pushes->len == 0)
    {
      KpiPeriod *period = g_ptr_array_index (periods, best_period);

      g_string_append (message, "highest share in the last days: ");
      if (dictionary != NULL)
        {
          g_autofree char *name = kpi_text_for_message (dictionary[best_code], -1, KPI_MESSAGE_QUOTE_CHARS);
          g_string_append_printf (message, "%s in ", name);
        }
      g_string_append_printf (message, "%s, %.1f %% in its last %u days against a usual %.1f %% "
                              "(robust z %.1f)",
                              kpi_period_get_label (period), best_share * 100, self->last_days,
                              best_usual * 100, observed);
      if (!isnan (warn))
        g_string_append_printf (message, ", within the warning threshold of %g", warn);
      else if (!isnan (fail))
        g_string_append_printf (message, ", within the failure threshold of %g", fail);
    }
  if (n_missing > 0)
    g_string_append_printf (message, "; %u rows without %s left out", n_missing, field_text);
  if (n_no_group > 0)
    {
      g_autofree char *name = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_string_append_printf (message, "; %u rows without %s left out", n_no_group, name);
    }

  /* The samples: rows of the pushed windows, the worst first. Rows in
   * time order (the usual case) are found from the window's first row;
   * others take a second pass over the rows, only now. */
  if (pushes->len > 0 && max_samples > 0)
    {
      if (in_order)
        {
          gboolean full = FALSE;

          for (guint k = 0; k < pushes->len && !full; k++)
            {
              Push *push = &g_array_index (pushes, Push, k);
              gint64 from = last_from[push->period];
              gint64 to = kpi_period_get_end (g_ptr_array_index (periods, push->period));
              gsize lo = 0, hi = n_rows;

              while (lo < hi)   /* the first row at or after the window's start */
                {
                  gsize mid = lo + (hi - lo) / 2;

                  if (times[mid] < from)
                    lo = mid + 1;
                  else
                    hi = mid;
                }
              for (gsize i = lo; i < n_rows && times[i] < to && !full; i++)
                if ((codes == NULL || codes[i] == push->code) && (values == NULL || !isnan (values[i])))
                  {
                    guint row = i;

                    g_array_append_val (sample_rows, row);
                    full = sample_rows->len >= max_samples;
                  }
            }
        }
      else
        for (gsize i = 0; i < n_rows; i++)
          {
            gint64 t = times[i];
            guint32 code = codes != NULL ? codes[i] : 0;
            gboolean in_window = FALSE;

            if (code >= n_codes || (values != NULL && isnan (values[i])))
              continue;
            for (guint k = 0; k < pushes->len && !in_window; k++)
              {
                Push *push = &g_array_index (pushes, Push, k);

                in_window = push->code == code && t >= last_from[push->period]
                            && t < kpi_period_get_end (g_ptr_array_index (periods, push->period));
              }
            if (in_window)
              {
                guint row = i;

                g_array_append_val (sample_rows, row);
                if (sample_rows->len >= max_samples)
                  break;
              }
          }
    }

  kpi_check_result_set_status (result, status);
  kpi_check_result_set_observed (result, observed);
  kpi_check_result_set_expected (result, NAN, flag_above);
  kpi_check_result_set_counts (result, judged, 0, pushes->len);
  kpi_check_result_set_message (result, message->str);

  /* The samples, once the columns are let go */
  kpi_check_read_unlock (g_steal_pointer (&locked));
  for (guint i = 0; i < sample_rows->len; i++)
    kpi_check_add_sample (check, result, dataset, g_array_index (sample_rows, guint, i));
  return g_steal_pointer (&result);
}

static void
kpi_end_of_period_check_class_init (KpiEndOfPeriodCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_end_of_period_check_finalize;
  object_class->get_property = kpi_end_of_period_check_get_property;
  object_class->set_property = kpi_end_of_period_check_set_property;
  check_class->run = kpi_end_of_period_check_run;

  /**
   * KpiEndOfPeriodCheck:last-days:
   *
   * The days at the end of a period whose share is watched (the same
   * number at the start of the next period, for the reversal):
   * %KPI_END_OF_PERIOD_DEFAULT_LAST_DAYS (5) by default. It must be less
   * than a period's days.
   *
   * Since: 0.1
   */
  properties[PROP_LAST_DAYS] =
    g_param_spec_uint ("last-days", NULL, NULL, 1, 366, KPI_END_OF_PERIOD_DEFAULT_LAST_DAYS, rw);

  /**
   * KpiEndOfPeriodCheck:min-rows:
   *
   * The rows a contributor needs in a period for its share there to be
   * judged, or to count in their history:
   * %KPI_END_OF_PERIOD_DEFAULT_MIN_ROWS (20) by default.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_ROWS] =
    g_param_spec_uint ("min-rows", NULL, NULL, 1, G_MAXUINT, KPI_END_OF_PERIOD_DEFAULT_MIN_ROWS, rw);

  /**
   * KpiEndOfPeriodCheck:min-history:
   *
   * The earlier periods a contributor needs for their usual share to be
   * known: %KPI_END_OF_PERIOD_DEFAULT_MIN_HISTORY (4) by default. With
   * months, 12 takes a whole year in, seasons and all.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_HISTORY] =
    g_param_spec_uint ("min-history", NULL, NULL, 1, 1000, KPI_END_OF_PERIOD_DEFAULT_MIN_HISTORY, rw);

  /**
   * KpiEndOfPeriodCheck:mad-floor:
   *
   * The least median absolute deviation of the shares the z-score
   * divides by, as a share (0.01: one point):
   * %KPI_END_OF_PERIOD_DEFAULT_MAD_FLOOR by default. With 0, a history
   * of identical shares in a period of a share of 0 or 1 has no z-score.
   *
   * Since: 0.1
   */
  properties[PROP_MAD_FLOOR] =
    g_param_spec_double ("mad-floor", NULL, NULL, 0.0, 1.0, KPI_END_OF_PERIOD_DEFAULT_MAD_FLOOR, rw);

  /**
   * KpiEndOfPeriodCheck:row-noun:
   *
   * What a row is, for the message ("order"); %NULL for "row".
   *
   * Since: 0.1
   */
  properties[PROP_ROW_NOUN] =
    g_param_spec_string ("row-noun", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_end_of_period_check_init (KpiEndOfPeriodCheck *self)
{
  self->last_days = KPI_END_OF_PERIOD_DEFAULT_LAST_DAYS;
  self->min_rows = KPI_END_OF_PERIOD_DEFAULT_MIN_ROWS;
  self->min_history = KPI_END_OF_PERIOD_DEFAULT_MIN_HISTORY;
  self->mad_floor = KPI_END_OF_PERIOD_DEFAULT_MAD_FLOOR;
  kpi_check_set_granularity (KPI_CHECK (self), KPI_GRANULARITY_QUARTER);
  kpi_check_set_thresholds (KPI_CHECK (self), WARN_Z, FAIL_Z);
}

/**
 * kpi_end_of_period_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it
 * @field: (nullable): the measure whose share is watched (`amount`), or
 *   %NULL to count rows
 * @group_by: (nullable): the dimension of the contributors (`rep`), or
 *   %NULL for the whole data
 *
 * Creates a check of the share of each quarter booked in its last 5 days,
 * per contributor, with the default thresholds (a robust z of 5 warns, 10
 * fails).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_end_of_period_check_new (const char *dataset_name,
                             const char *field,
                             const char *group_by)
{
  const char *fields[] = { field, NULL };

  return g_object_new (KPI_TYPE_END_OF_PERIOD_CHECK,
                       "dataset-name", dataset_name,
                       "fields", fields,
                       "group-by", group_by,
                       NULL);
}

/**
 * kpi_end_of_period_check_get_last_days:
 * @self: an end-of-period check
 *
 * Gets [property@Kpi.EndOfPeriodCheck:last-days].
 *
 * Returns: the days at the end of a period whose share is watched
 *
 * Since: 0.1
 */
guint
kpi_end_of_period_check_get_last_days (KpiEndOfPeriodCheck *self)
{
  g_return_val_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self), 0);

  return self->last_days;
}

/**
 * kpi_end_of_period_check_set_last_days:
 * @self: an end-of-period check
 * @last_days: a number of days, 1 or more
 *
 * Sets [property@Kpi.EndOfPeriodCheck:last-days].
 *
 * Since: 0.1
 */
void
kpi_end_of_period_check_set_last_days (KpiEndOfPeriodCheck *self,
                                       guint                last_days)
{
  g_return_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self));
  g_return_if_fail (last_days >= 1 && last_days <= 366);

  if (self->last_days == last_days)
    return;
  self->last_days = last_days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_DAYS]);
}

/**
 * kpi_end_of_period_check_get_min_rows:
 * @self: an end-of-period check
 *
 * Gets [property@Kpi.EndOfPeriodCheck:min-rows].
 *
 * Returns: the rows a contributor needs in a period to be judged there
 *
 * Since: 0.1
 */
guint
kpi_end_of_period_check_get_min_rows (KpiEndOfPeriodCheck *self)
{
  g_return_val_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self), 0);

  return self->min_rows;
}

/**
 * kpi_end_of_period_check_set_min_rows:
 * @self: an end-of-period check
 * @min_rows: a number of rows, 1 or more
 *
 * Sets [property@Kpi.EndOfPeriodCheck:min-rows].
 *
 * Since: 0.1
 */
void
kpi_end_of_period_check_set_min_rows (KpiEndOfPeriodCheck *self,
                                      guint                min_rows)
{
  g_return_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self));
  g_return_if_fail (min_rows >= 1);

  if (self->min_rows == min_rows)
    return;
  self->min_rows = min_rows;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ROWS]);
}

/**
 * kpi_end_of_period_check_get_min_history:
 * @self: an end-of-period check
 *
 * Gets [property@Kpi.EndOfPeriodCheck:min-history].
 *
 * Returns: the earlier periods a contributor needs to be judged
 *
 * Since: 0.1
 */
guint
kpi_end_of_period_check_get_min_history (KpiEndOfPeriodCheck *self)
{
  g_return_val_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self), 0);

  return self->min_history;
}

/**
 * kpi_end_of_period_check_set_min_history:
 * @self: an end-of-period check
 * @min_history: a number of periods, 1 or more
 *
 * Sets [property@Kpi.EndOfPeriodCheck:min-history].
 *
 * Since: 0.1
 */
void
kpi_end_of_period_check_set_min_history (KpiEndOfPeriodCheck *self,
                                         guint                min_history)
{
  g_return_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self));
  g_return_if_fail (min_history >= 1 && min_history <= 1000);

  if (self->min_history == min_history)
    return;
  self->min_history = min_history;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_HISTORY]);
}

/**
 * kpi_end_of_period_check_get_mad_floor:
 * @self: an end-of-period check
 *
 * Gets [property@Kpi.EndOfPeriodCheck:mad-floor].
 *
 * Returns: the least MAD the z-score divides by, as a share
 *
 * Since: 0.1
 */
double
kpi_end_of_period_check_get_mad_floor (KpiEndOfPeriodCheck *self)
{
  g_return_val_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self), NAN);

  return self->mad_floor;
}

/**
 * kpi_end_of_period_check_set_mad_floor:
 * @self: an end-of-period check
 * @mad_floor: a share, from 0 to 1
 *
 * Sets [property@Kpi.EndOfPeriodCheck:mad-floor].
 *
 * Since: 0.1
 */
void
kpi_end_of_period_check_set_mad_floor (KpiEndOfPeriodCheck *self,
                                       double               mad_floor)
{
  g_return_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self));
  g_return_if_fail (mad_floor >= 0.0 && mad_floor <= 1.0);

  if (self->mad_floor == mad_floor)
    return;
  self->mad_floor = mad_floor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAD_FLOOR]);
}

/**
 * kpi_end_of_period_check_get_row_noun:
 * @self: an end-of-period check
 *
 * Gets [property@Kpi.EndOfPeriodCheck:row-noun].
 *
 * Returns: (nullable): what a row is called in the message, %NULL for
 *   "row"
 *
 * Since: 0.1
 */
const char *
kpi_end_of_period_check_get_row_noun (KpiEndOfPeriodCheck *self)
{
  g_return_val_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self), NULL);

  return self->row_noun;
}

/**
 * kpi_end_of_period_check_set_row_noun:
 * @self: an end-of-period check
 * @row_noun: (nullable): what a row is ("order"), %NULL for "row"
 *
 * Sets [property@Kpi.EndOfPeriodCheck:row-noun].
 *
 * Since: 0.1
 */
void
kpi_end_of_period_check_set_row_noun (KpiEndOfPeriodCheck *self,
                                      const char          *row_noun)
{
  g_return_if_fail (KPI_IS_END_OF_PERIOD_CHECK (self));

  if (kpi_set_str (&self->row_noun, row_noun))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_NOUN]);
}
