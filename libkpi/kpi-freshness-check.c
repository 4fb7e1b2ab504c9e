/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-freshness-check.c: how old the newest data is, and how late rows arrive */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-dataset-private.h"
#include "kpi-parse-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiFreshnessCheck:
 *
 * Whether a dataset is up to date: the *age* of its data, and optionally
 * the *latency* of its rows (how long after the facts they were loaded).
 * Late data loses its value: a dashboard fed by a source that stopped six
 * days ago shows last week as if it were this one.
 *
 * ## Age
 *
 * The age is how long before now the data stops, in days (fractional):
 *
 * `age = (now − newest) / 86 400 s`
 *
 * where now is the context's calendar's [property@Kpi.Calendar:now] (the
 * real time when it is unset) and newest is the dataset's
 * [property@Kpi.Dataset:data-as-of] when it is set, else the time of its
 * newest row; the message says which. The age is graded by
 * [property@Kpi.Check:warn-threshold] and
 * [property@Kpi.Check:fail-threshold], in days:
 * %KPI_FRESHNESS_DEFAULT_WARN_DAYS (2) and
 * %KPI_FRESHNESS_DEFAULT_FAIL_DAYS (7) by default. They are set for daily
 * data: loaded every night, its newest rows are yesterday's, so its age is
 * between one and two days; above two, a night's load is missing; above
 * seven, a week of data is, and a weekly review works blind. Set them
 * higher for a source that is loaded weekly or monthly.
 *
 * The periods the missing data belongs to are the scope of the finding
 * ([method@Kpi.CheckResult.add_affected]), at the check's
 * [property@Kpi.Check:granularity] (months by default): those that
 * overlap the span from where the data stops to now. The data stops at
 * the data-as-of instant when it is set; otherwise after the newest row,
 * and a row dated at midnight (a date without a time) stands for its whole
 * day, so that daily data whose newest row is dated 25 December misses 26
 * December onwards, not 25 December.
 *
 * With the generated sample data, whose `marketing.csv` ends on 25
 * December 2025 while the orders run to the 31st, a calendar whose now is
 * 1 January 2026 gives the orders an age of 1 day (pass) and the marketing
 * spend an age of 7 days (warning), with December 2025 in its scope.
 *
 * ## Latency
 *
 * When [property@Kpi.FreshnessCheck:load-time-field] names a column that
 * holds when each row was loaded, the check also measures the latency of
 * each row, `(load time − row time) / 86 400 s`, and judges a high
 * percentile of it ([property@Kpi.FreshnessCheck:latency-percentile], the
 * 95th by default, interpolated linearly as NumPy's default does) against
 * its own thresholds ([property@Kpi.FreshnessCheck:latency-warn-days] and
 * [property@Kpi.FreshnessCheck:latency-fail-days], 2 and 7 days by
 * default, for the same reasons as the age). The load time column is
 * either a dimension holding ISO 8601 dates or date-times (read in the
 * calendar's time zone when they have no offset; each distinct value is
 * parsed once) or a measure holding seconds since the Unix epoch. Rows
 * without a load time, or with one that is not a time, are counted as
 * missing. Late rows make the recent periods incomplete whenever one looks
 * at them: the scope of a latency finding is the periods that overlap the
 * span from the newest load time minus the latency to now.
 *
 * The status is the worse of the two verdicts; the observed value is the
 * age, or the latency percentile when that is what made the status
 * worse. The message states both.
 *
 * ## Overdue periods
 *
 * With [property@Kpi.FreshnessCheck:expected-lag-days] set (the delay
 * after which a period's data should all be in: 5 days for figures that
 * arrive in the first week of the next month), a period of the check's
 * granularity is *overdue* when it ended more than the lag before now and
 * the data still stops before its end. Overdue periods are named in the
 * message, and the check warns at least when there is one, whatever the
 * age.
 *
 * ## Counts and samples
 *
 * The element count is the number of rows; with a load time field, the
 * missing count is the rows without a load time and the unexpected count
 * the rows whose latency is above the latency warning (or failure)
 * threshold, some of which are the samples. The finding is about whole
 * rows: its fields are none. [property@Kpi.Check:period] plays no part:
 * the age is that of the whole dataset.
 *
 * Like every check, it may run from several threads at once; do not
 * change it while it runs.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) april = kpi_calendar_parse_period (calendar, "2025-04", NULL);
 * g_autoptr(KpiCheck) check = kpi_freshness_check_new ("orders");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_calendar_set_now (calendar, kpi_period_get_start (april)); // read on April 1st
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
 * calendar = Kpi.Calendar.new(None, 1)
 * calendar.set_now(calendar.parse_period("2025-04").get_start())  # read on April 1st
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("orders", orders)
 * check = Kpi.FreshnessCheck.new("orders")
 * result = check.run(context, None)
 * print(f"{result.get_status().value_name}: {result.get_message()}")
 * ```
 *
 * ```js
 * import GObject from 'gi://GObject';
 *
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * calendar.set_now(calendar.parse_period('2025-04').get_start()); // read on April 1st
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('orders', orders);
 * const check = Kpi.FreshnessCheck.new('orders');
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
/* How many periods a message names before it says how many more. */
#define MAX_NAMED_PERIODS 3

struct _KpiFreshnessCheck
{
  KpiCheck  parent_instance;

  char     *load_time_field;
  double    latency_percentile;
  double    latency_warn;     /* NaN: none */
  double    latency_fail;
  double    expected_lag;     /* days; NaN: unset */
};

enum {
  PROP_0,
  PROP_LOAD_TIME_FIELD,
  PROP_LATENCY_PERCENTILE,
  PROP_LATENCY_WARN_DAYS,
  PROP_LATENCY_FAIL_DAYS,
  PROP_EXPECTED_LAG_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiFreshnessCheck, kpi_freshness_check, KPI_TYPE_CHECK)

static void
kpi_freshness_check_finalize (GObject *object)
{
  KpiFreshnessCheck *self = KPI_FRESHNESS_CHECK (object);

  g_free (self->load_time_field);

  G_OBJECT_CLASS (kpi_freshness_check_parent_class)->finalize (object);
}

static void
kpi_freshness_check_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KpiFreshnessCheck *self = KPI_FRESHNESS_CHECK (object);

  switch (prop_id)
    {
    case PROP_LOAD_TIME_FIELD:
      g_value_set_string (value, self->load_time_field);
      break;
    case PROP_LATENCY_PERCENTILE:
      g_value_set_double (value, self->latency_percentile);
      break;
    case PROP_LATENCY_WARN_DAYS:
      g_value_set_double (value, self->latency_warn);
      break;
    case PROP_LATENCY_FAIL_DAYS:
      g_value_set_double (value, self->latency_fail);
      break;
    case PROP_EXPECTED_LAG_DAYS:
      g_value_set_double (value, self->expected_lag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_freshness_check_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KpiFreshnessCheck *self = KPI_FRESHNESS_CHECK (object);

  switch (prop_id)
    {
    case PROP_LOAD_TIME_FIELD:
      kpi_freshness_check_set_load_time_field (self, g_value_get_string (value));
      break;
    case PROP_LATENCY_PERCENTILE:
      kpi_freshness_check_set_latency_percentile (self, g_value_get_double (value));
      break;
    case PROP_LATENCY_WARN_DAYS:
      kpi_freshness_check_set_latency_thresholds (self, g_value_get_double (value),
                                                  self->latency_fail);
      break;
    case PROP_LATENCY_FAIL_DAYS:
      kpi_freshness_check_set_latency_thresholds (self, self->latency_warn,
                                                  g_value_get_double (value));
      break;
    case PROP_EXPECTED_LAG_DAYS:
      kpi_freshness_check_set_expected_lag_days (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* An instant in the calendar's zone: the date alone at midnight, else the
 * date and the time to the minute. */
static char *
format_instant (KpiCalendar *calendar,
                gint64       t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC - (t % G_USEC_PER_SEC < 0));
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_timezone (utc, kpi_calendar_get_time_zone (calendar));
  if (local == NULL)
    return g_strdup ("?");
  if (g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0
      && g_date_time_get_second (local) == 0)
    return g_date_time_format (local, "%Y-%m-%d");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Whether @t is the start of its day in the calendar's zone: a row dated
 * without a time. */
static gboolean
is_start_of_day (KpiCalendar *calendar,
                 gint64       t)
{
  g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, t, KPI_GRANULARITY_DAY);

  return day != NULL && kpi_period_get_start (day) == t;
}

/* Appends the labels of @periods to @out: all of them up to
 * MAX_NAMED_PERIODS, else the first and the last with their number. */
static void
append_period_labels (GString   *out,
                      GPtrArray *periods)
{
  if (periods->len <= MAX_NAMED_PERIODS)
    {
      for (guint i = 0; i < periods->len; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                                kpi_period_get_label (g_ptr_array_index (periods, i)));
      return;
    }
  g_string_append_printf (out, "%s to %s, %u periods",
                          kpi_period_get_label (g_ptr_array_index (periods, 0)),
                          kpi_period_get_label (g_ptr_array_index (periods, periods->len - 1)),
                          periods->len);
}

/* Grades @observed against a pair of thresholds, as kpi_check_grade()
 * does with the check's. */
static KpiCheckStatus
grade_against (double observed,
               double warn,
               double fail)
{
  if (isnan (observed))
    return KPI_CHECK_STATUS_INSUFFICIENT_DATA;
  if (!isnan (fail) && observed > fail)
    return KPI_CHECK_STATUS_FAIL;
  if (!isnan (warn) && observed > warn)
    return KPI_CHECK_STATUS_WARN;
  return KPI_CHECK_STATUS_PASS;
}

/* How bad a status is: pass, then a verdict that could not be given, then
 * the findings. */
static int
status_rank (KpiCheckStatus status)
{
  switch (status)
    {
    case KPI_CHECK_STATUS_PASS: return 0;
    case KPI_CHECK_STATUS_INSUFFICIENT_DATA: return 1;
    case KPI_CHECK_STATUS_WARN: return 2;
    case KPI_CHECK_STATUS_FAIL: return 3;
    case KPI_CHECK_STATUS_ERROR:
    default: return 4;
    }
}

/* ", above the warning age of 2 days" and the like: the bound that
 * @status broke, or the one it kept. */
static void
append_bound (GString        *out,
              KpiCheckStatus  status,
              const char     *what,
              double          warn,
              double          fail)
{
  switch (status)
    {
    case KPI_CHECK_STATUS_FAIL:
      g_string_append_printf (out, ", above the failure %s of %g days", what, fail);
      break;
    case KPI_CHECK_STATUS_WARN:
      g_string_append_printf (out, ", above the warning %s of %g days", what, warn);
      break;
    case KPI_CHECK_STATUS_PASS:
      if (!isnan (warn))
        g_string_append_printf (out, ", within the warning %s of %g days", what, warn);
      else if (!isnan (fail))
        g_string_append_printf (out, ", within the failure %s of %g days", what, fail);
      break;
    case KPI_CHECK_STATUS_ERROR:
    case KPI_CHECK_STATUS_INSUFFICIENT_DATA:
    default:
      break;
    }
}

/* ------------------------------------------------------------------------
 * Latency
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean   measured;        /* a load time field was given */
  guint      n_rows;
  guint      n_missing;       /* no load time, or not a time */
  guint      n_late;          /* above the latency warning (or failure) threshold */
  double     percentile;      /* in days; NaN when no row has a load time */
  gint64     newest_load;
  GArray    *late_rows;       /* guint: the first late rows, for samples */
} Latency;

static void
latency_clear (Latency *lat)
{
  g_clear_pointer (&lat->late_rows, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Latency, latency_clear)

/* One pass over the times and the load times: the latency of each row in
 * days, and the percentile of those. */
static gboolean
measure_latency (KpiFreshnessCheck  *self,
                 KpiDataset         *dataset,
                 KpiCalendar        *calendar,
                 Latency            *lat,
                 GCancellable       *cancellable,
                 GError            **error)
{
  KpiCheck *check = KPI_CHECK (self);
  const char *field = self->load_time_field;
  guint column;
  KpiColumnKind kind;
  gsize n = 0, n_codes = 0;
  g_autoptr(KpiCheckReadLock) locked = NULL;
  const gint64 *times;
  const double *seconds = NULL;
  const guint32 *codes = NULL;
  g_autofree gint64 *code_times = NULL;   /* per dictionary code; 0 with code_ok FALSE */
  g_autofree gboolean *code_ok = NULL;
  g_autofree double *latencies = NULL;
  double late_above = !isnan (self->latency_warn) ? self->latency_warn : self->latency_fail;
  guint max_samples = kpi_check_get_max_samples (check);
  gsize n_present = 0;

  if (!kpi_check_lookup_field (check, dataset, field, &column, error))
    return FALSE;
  kind = kpi_dataset_get_column_kind (dataset, column);
  if (kind == KPI_COLUMN_TIME)
    {
      g_autofree char *name = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the load time field “%s” is the time of the rows itself: "
                   "expected a column with the time each row was loaded",
                   kpi_check_display_name (check, "freshness check"), name);
      return FALSE;
    }

  locked = kpi_check_read_lock (dataset);
  times = kpi_dataset_get_times (dataset, &n);
  lat->measured = TRUE;
  lat->n_rows = n;
  lat->percentile = NAN;
  lat->newest_load = G_MININT64;
  lat->late_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  if (n == 0)
    return TRUE;

  if (kind == KPI_COLUMN_MEASURE)
    seconds = kpi_dataset_get_measure (dataset, field, &n);
  else
    {
      const char * const *dictionary = kpi_dataset_get_dimension_dictionary (dataset, field, &n_codes);
      KpiTimeParser *parser = kpi_time_parser_new (kpi_calendar_get_time_zone (calendar));

      codes = kpi_dataset_get_dimension_codes (dataset, field, &n);
      /* Each distinct text is parsed once, not once a row. */
      code_times = g_new0 (gint64, MAX (n_codes, 1));
      code_ok = g_new0 (gboolean, MAX (n_codes, 1));
      for (gsize c = 0; c < n_codes; c++)
        code_ok[c] = kpi_time_parser_parse (parser, dictionary[c], strlen (dictionary[c]),
                                            &code_times[c]);
      kpi_time_parser_free (parser);
    }

  latencies = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      gint64 loaded;
      double days;

      if ((i & 0xFFFF) == 0 && i > 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (seconds != NULL)
        {
          double s = seconds[i];

          /* NaN is missing; a number of seconds that no gint64 of
           * microseconds holds is not a time */
          if (!(fabs (s) < 9.2e12))
            {
              lat->n_missing++;
              continue;
            }
          loaded = (gint64) llround (s * G_USEC_PER_SEC);
        }
      else
        {
          guint32 code = codes[i];

          if (code == KPI_DIMENSION_MISSING || code >= n_codes || !code_ok[code])
            {
              lat->n_missing++;
              continue;
            }
          loaded = code_times[code];
        }
      days = (double) (loaded - times[i]) / USEC_PER_DAY;
      latencies[n_present++] = days;
      lat->newest_load = MAX (lat->newest_load, loaded);
      if (!isnan (late_above) && days > late_above)
        {
          guint row = i;

          lat->n_late++;
          if (lat->late_rows->len < max_samples)
            g_array_append_val (lat->late_rows, row);
        }
    }
  if (n_present > 0)
    lat->percentile = kpi_quantile_inplace (latencies, n_present, self->latency_percentile);
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Run
 * ------------------------------------------------------------------------ */

static KpiCheckResult *
kpi_freshness_check_run (KpiCheck      *check,
                         KpiContext    *context,
                         GCancellable  *cancellable,
                         GError       **error)
{
  KpiFreshnessCheck *self = KPI_FRESHNESS_CHECK (check);
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  KpiGranularity granularity = kpi_check_get_granularity (check);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GPtrArray) missing_periods = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *now_text = NULL;
  g_auto(Latency) lat = { 0 };
  gint64 now = kpi_calendar_get_now (calendar);
  gint64 as_of, newest = 0, min_time, stops;
  gboolean has_rows, from_as_of, latency_decides = FALSE;
  KpiCheckStatus age_status, latency_status = KPI_CHECK_STATUS_PASS, status;
  double age = NAN, observed, expected_lag;
  guint n_rows;

  if (now == 0)
    now = g_get_real_time ();
  now_text = format_instant (calendar, now);

  if (!isnan (self->latency_warn) && !isnan (self->latency_fail)
      && self->latency_warn > self->latency_fail)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the latency warning threshold (%g days) is above the latency "
                   "failure threshold (%g days)",
                   kpi_check_display_name (check, "freshness check"), self->latency_warn, self->latency_fail);
      return NULL;
    }
  if (!isnan (self->expected_lag) && self->expected_lag < 0)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: an expected lag of %g days: expected 0 days or more",
                   kpi_check_display_name (check, "freshness check"), self->expected_lag);
      return NULL;
    }

  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  n_rows = kpi_dataset_get_n_rows (dataset);

  if (self->load_time_field != NULL
      && !measure_latency (self, dataset, calendar, &lat, cancellable, error))
    return NULL;

  as_of = kpi_dataset_get_data_as_of (dataset);
  has_rows = kpi_dataset_get_time_range (dataset, &min_time, &newest);
  from_as_of = as_of != KPI_TIME_UNSET;

  result = kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL);
  kpi_check_result_set_fields (result, NULL);   /* whole rows */

  if (!from_as_of && !has_rows)
    {
      g_string_append (message, "no rows and no data-as-of time: nothing tells how recent the data is");
      age_status = KPI_CHECK_STATUS_INSUFFICIENT_DATA;
      stops = KPI_TIME_UNSET;
    }
  else
    {
      gint64 reference = from_as_of ? as_of : newest;
      g_autofree char *reference_text = format_instant (calendar, reference);

      age = (double) (now - reference) / USEC_PER_DAY;
      age_status = kpi_check_grade (check, age);
      if (from_as_of)
        g_string_append_printf (message, "data as of %s (the dataset's data-as-of)", reference_text);
      else
        g_string_append_printf (message, "newest record %s", reference_text);
      if (age >= 0)
        g_string_append_printf (message, " is %.1f days old at %s", age, now_text);
      else
        g_string_append_printf (message, " is %.1f days after now (%s)", -age, now_text);
      append_bound (message, age_status, "age",
                    kpi_check_get_warn_threshold (check), kpi_check_get_fail_threshold (check));

      /* Where the data stops: the data-as-of instant, or after the newest
       * row, whose whole day is there when it is dated without a time. */
      stops = reference;
      if (!from_as_of && is_start_of_day (calendar, newest))
        {
          g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, newest, KPI_GRANULARITY_DAY);
          stops = kpi_period_get_end (day);
        }
    }

  missing_periods = stops != KPI_TIME_UNSET
    ? kpi_check_periods_between (calendar, granularity, stops, now)
    : g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  if (missing_periods->len > 0)
    {
      g_autofree char *stops_text = format_instant (calendar, stops);

      g_string_append_printf (message, "; no data from %s (", stops_text);
      append_period_labels (message, missing_periods);
      g_string_append_c (message, ')');
    }

  /* Overdue: ended more than the expected lag ago, and the data stops
   * before their end. */
  overdue = g_ptr_array_new ();
  /* the check's lag, else the dataset's own (its values say the same) */
  expected_lag = self->expected_lag;
  if (isnan (expected_lag) && kpi_dataset_get_expected_lag (dataset) >= 0)
    expected_lag = (double) kpi_dataset_get_expected_lag (dataset) / USEC_PER_DAY;
  if (!isnan (expected_lag))
    {
      gint64 lag = (gint64) llround (expected_lag * USEC_PER_DAY);

      for (guint i = 0; i < missing_periods->len; i++)
        {
          KpiPeriod *p = g_ptr_array_index (missing_periods, i);

          if (kpi_period_get_end (p) <= now - lag)
            g_ptr_array_add (overdue, p);
        }
      if (overdue->len > 0)
        {
          g_string_append (message, "; overdue: ");
          append_period_labels (message, overdue);
          g_string_append_printf (message, " (due %g days after %s)", expected_lag,
                                  overdue->len == 1 ? "its end" : "their end");
          if (age_status == KPI_CHECK_STATUS_PASS)
            age_status = KPI_CHECK_STATUS_WARN;
        }
    }

  observed = age;
  status = age_status;
  if (lat.measured)
    {
      latency_status = grade_against (lat.percentile, self->latency_warn, self->latency_fail);
      if (isnan (lat.percentile))
        g_string_append_printf (message, "; no row has a load time in “%s”", self->load_time_field);
      else
        {
          g_string_append_printf (message, "; load latency p%g %.1f days", self->latency_percentile * 100,
                                  lat.percentile);
          append_bound (message, latency_status, "latency", self->latency_warn, self->latency_fail);
          if (lat.n_late > 0)
            g_string_append_printf (message, " (%u of %u rows later than %g days)", lat.n_late,
                                    lat.n_rows - lat.n_missing,
                                    !isnan (self->latency_warn) ? self->latency_warn : self->latency_fail);
          if (lat.n_missing > 0)
            g_string_append_printf (message, "; %u rows without a load time", lat.n_missing);
        }
      if (status_rank (latency_status) > status_rank (status))
        {
          status = latency_status;
          observed = lat.percentile;
          latency_decides = TRUE;
        }
    }

  kpi_check_result_set_status (result, status);
  kpi_check_result_set_observed (result, observed);
  if (latency_decides)
    kpi_check_result_set_expected (result, NAN,
                                   !isnan (self->latency_warn) ? self->latency_warn : self->latency_fail);
  else
    kpi_check_result_set_expected (result, NAN,
                                   !isnan (kpi_check_get_warn_threshold (check))
                                   ? kpi_check_get_warn_threshold (check)
                                   : kpi_check_get_fail_threshold (check));
  /* the rows the latency was measured over, when it was */
  kpi_check_result_set_counts (result, lat.measured ? lat.n_rows : n_rows, lat.n_missing, lat.n_late);

  if (status_rank (age_status) >= status_rank (KPI_CHECK_STATUS_WARN))
    for (guint i = 0; i < missing_periods->len; i++)
      kpi_check_result_add_affected (result, g_ptr_array_index (missing_periods, i), NULL, NULL);
  if (status_rank (latency_status) >= status_rank (KPI_CHECK_STATUS_WARN))
    {
      gint64 from = lat.newest_load - (gint64) llround (lat.percentile * USEC_PER_DAY);
      g_autoptr(GPtrArray) late = kpi_check_periods_between (calendar, granularity, from, now);

      /* the periods the late rows have not all reached yet, without those
       * the age already named */
      for (guint i = 0; i < late->len; i++)
        {
          KpiPeriod *p = g_ptr_array_index (late, i);
          gboolean named = FALSE;

          for (guint j = 0; j < kpi_check_result_get_n_affected (result) && !named; j++)
            named = kpi_period_equal (kpi_check_result_get_affected (result, j, NULL, NULL), p);
          if (!named)
            kpi_check_result_add_affected (result, p, NULL, NULL);
        }
      for (guint i = 0; i < lat.late_rows->len; i++)
        kpi_check_add_sample (check, result, dataset, g_array_index (lat.late_rows, guint, i));
    }
  else if (status_rank (age_status) >= status_rank (KPI_CHECK_STATUS_WARN) && has_rows && !from_as_of)
    {
      /* the newest row, where the data stops */
      gsize n = 0, row = G_MAXSIZE;
      const gint64 *times;

      kpi_dataset_read_lock (dataset);
      times = kpi_dataset_get_times (dataset, &n);
      for (gsize i = n; i-- > 0 && row == G_MAXSIZE;)
        if (times[i] == newest)
          row = i;
      kpi_dataset_read_unlock (dataset);
      if (row != G_MAXSIZE)
        kpi_check_add_sample (check, result, dataset, row);
    }

  if (from_as_of || has_rows)
    kpi_check_result_set_data_as_of (result, from_as_of ? as_of : newest);
  kpi_check_result_set_message (result, message->str);
  return g_steal_pointer (&result);
}

static void
kpi_freshness_check_class_init (KpiFreshnessCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_freshness_check_finalize;
  object_class->get_property = kpi_freshness_check_get_property;
  object_class->set_property = kpi_freshness_check_set_property;
  check_class->run = kpi_freshness_check_run;

  /**
   * KpiFreshnessCheck:load-time-field:
   *
   * A column with the time each row was loaded, to measure the latency
   * from the row's time to its load: a dimension of ISO 8601 dates or
   * date-times, or a measure of seconds since the Unix epoch. %NULL (the
   * default): the age alone is judged. `load_time_field` in a checks file.
   *
   * Since: 0.1
   */
  properties[PROP_LOAD_TIME_FIELD] =
    g_param_spec_string ("load-time-field", NULL, NULL, NULL, rw);

  /**
   * KpiFreshnessCheck:latency-percentile:
   *
   * The percentile of the latencies that is judged, from 0 to 1:
   * %KPI_FRESHNESS_DEFAULT_LATENCY_PERCENTILE (0.95) by default, a high
   * one, so that a few stragglers do not fail the check but a habit of
   * loading late does.
   *
   * Since: 0.1
   */
  properties[PROP_LATENCY_PERCENTILE] =
    g_param_spec_double ("latency-percentile", NULL, NULL, 0.0, 1.0,
                         KPI_FRESHNESS_DEFAULT_LATENCY_PERCENTILE, rw);

  /**
   * KpiFreshnessCheck:latency-warn-days:
   *
   * The latency percentile, in days, above which the check warns; NaN for
   * none. 2 days by default.
   *
   * Since: 0.1
   */
  properties[PROP_LATENCY_WARN_DAYS] =
    kpi_param_spec_nan_double ("latency-warn-days", KPI_FRESHNESS_DEFAULT_WARN_DAYS, rw);

  /**
   * KpiFreshnessCheck:latency-fail-days:
   *
   * The latency percentile, in days, above which the check fails; NaN for
   * none. 7 days by default.
   *
   * Since: 0.1
   */
  properties[PROP_LATENCY_FAIL_DAYS] =
    kpi_param_spec_nan_double ("latency-fail-days", KPI_FRESHNESS_DEFAULT_FAIL_DAYS, rw);

  /**
   * KpiFreshnessCheck:expected-lag-days:
   *
   * How many days after a period's end its data should all be in; NaN
   * (the default) to take the dataset's
   * [property@Kpi.Dataset:expected-lag], if it has one. With it, the periods that
   * ended longer ago than that and whose data is still missing are
   * overdue: the message names them and the check warns at least.
   *
   * Since: 0.1
   */
  properties[PROP_EXPECTED_LAG_DAYS] =
    kpi_param_spec_nan_double ("expected-lag-days", NAN, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_freshness_check_init (KpiFreshnessCheck *self)
{
  self->latency_percentile = KPI_FRESHNESS_DEFAULT_LATENCY_PERCENTILE;
  self->latency_warn = KPI_FRESHNESS_DEFAULT_WARN_DAYS;
  self->latency_fail = KPI_FRESHNESS_DEFAULT_FAIL_DAYS;
  self->expected_lag = NAN;
  kpi_check_set_thresholds (KPI_CHECK (self), KPI_FRESHNESS_DEFAULT_WARN_DAYS,
                            KPI_FRESHNESS_DEFAULT_FAIL_DAYS);
}

/**
 * kpi_freshness_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it
 *
 * Creates a check of how old the data of a dataset is, with the default
 * thresholds (2 days to warn, 7 to fail).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_freshness_check_new (const char *dataset_name)
{
  return g_object_new (KPI_TYPE_FRESHNESS_CHECK, "dataset-name", dataset_name, NULL);
}

/**
 * kpi_freshness_check_get_load_time_field:
 * @self: a freshness check
 *
 * Gets [property@Kpi.FreshnessCheck:load-time-field].
 *
 * Returns: (nullable): the column with the load time of each row
 *
 * Since: 0.1
 */
const char *
kpi_freshness_check_get_load_time_field (KpiFreshnessCheck *self)
{
  g_return_val_if_fail (KPI_IS_FRESHNESS_CHECK (self), NULL);

  return self->load_time_field;
}

/**
 * kpi_freshness_check_set_load_time_field:
 * @self: a freshness check
 * @field: (nullable): a column with the load time of each row, or %NULL
 *   to judge the age alone
 *
 * Sets [property@Kpi.FreshnessCheck:load-time-field].
 *
 * Since: 0.1
 */
void
kpi_freshness_check_set_load_time_field (KpiFreshnessCheck *self,
                                         const char        *field)
{
  g_return_if_fail (KPI_IS_FRESHNESS_CHECK (self));

  if (kpi_set_str (&self->load_time_field, field))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_TIME_FIELD]);
}

/**
 * kpi_freshness_check_get_latency_percentile:
 * @self: a freshness check
 *
 * Gets [property@Kpi.FreshnessCheck:latency-percentile].
 *
 * Returns: the percentile of the latencies that is judged, from 0 to 1
 *
 * Since: 0.1
 */
double
kpi_freshness_check_get_latency_percentile (KpiFreshnessCheck *self)
{
  g_return_val_if_fail (KPI_IS_FRESHNESS_CHECK (self), NAN);

  return self->latency_percentile;
}

/**
 * kpi_freshness_check_set_latency_percentile:
 * @self: a freshness check
 * @percentile: from 0 to 1 (0.95: the 95th percentile)
 *
 * Sets [property@Kpi.FreshnessCheck:latency-percentile].
 *
 * Since: 0.1
 */
void
kpi_freshness_check_set_latency_percentile (KpiFreshnessCheck *self,
                                            double             percentile)
{
  g_return_if_fail (KPI_IS_FRESHNESS_CHECK (self));
  g_return_if_fail (percentile >= 0.0 && percentile <= 1.0);

  if (self->latency_percentile == percentile)
    return;
  self->latency_percentile = percentile;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_PERCENTILE]);
}

/**
 * kpi_freshness_check_get_latency_warn_days:
 * @self: a freshness check
 *
 * Gets [property@Kpi.FreshnessCheck:latency-warn-days].
 *
 * Returns: the latency in days above which the check warns, NaN for none
 *
 * Since: 0.1
 */
double
kpi_freshness_check_get_latency_warn_days (KpiFreshnessCheck *self)
{
  g_return_val_if_fail (KPI_IS_FRESHNESS_CHECK (self), NAN);

  return self->latency_warn;
}

/**
 * kpi_freshness_check_get_latency_fail_days:
 * @self: a freshness check
 *
 * Gets [property@Kpi.FreshnessCheck:latency-fail-days].
 *
 * Returns: the latency in days above which the check fails, NaN for none
 *
 * Since: 0.1
 */
double
kpi_freshness_check_get_latency_fail_days (KpiFreshnessCheck *self)
{
  g_return_val_if_fail (KPI_IS_FRESHNESS_CHECK (self), NAN);

  return self->latency_fail;
}

/**
 * kpi_freshness_check_set_latency_thresholds:
 * @self: a freshness check
 * @warn_days: the latency percentile in days above which the check warns,
 *   NaN for none
 * @fail_days: the one above which it fails, NaN for none
 *
 * Sets [property@Kpi.FreshnessCheck:latency-warn-days] and
 * [property@Kpi.FreshnessCheck:latency-fail-days]. A warning threshold
 * above the failure threshold is refused when the check runs, with
 * %KPI_CHECK_ERROR_INVALID.
 *
 * Since: 0.1
 */
void
kpi_freshness_check_set_latency_thresholds (KpiFreshnessCheck *self,
                                            double             warn_days,
                                            double             fail_days)
{
  gboolean warn_changed, fail_changed;

  g_return_if_fail (KPI_IS_FRESHNESS_CHECK (self));

  warn_days = isinf (warn_days) ? NAN : warn_days;
  fail_days = isinf (fail_days) ? NAN : fail_days;
  warn_changed = !(self->latency_warn == warn_days || (isnan (self->latency_warn) && isnan (warn_days)));
  fail_changed = !(self->latency_fail == fail_days || (isnan (self->latency_fail) && isnan (fail_days)));
  self->latency_warn = warn_days;
  self->latency_fail = fail_days;
  if (warn_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_WARN_DAYS]);
  if (fail_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_FAIL_DAYS]);
}

/**
 * kpi_freshness_check_get_expected_lag_days:
 * @self: a freshness check
 *
 * Gets [property@Kpi.FreshnessCheck:expected-lag-days].
 *
 * Returns: the days after a period's end by which its data should be in,
 *   NaN when unset
 *
 * Since: 0.1
 */
double
kpi_freshness_check_get_expected_lag_days (KpiFreshnessCheck *self)
{
  g_return_val_if_fail (KPI_IS_FRESHNESS_CHECK (self), NAN);

  return self->expected_lag;
}

/**
 * kpi_freshness_check_set_expected_lag_days:
 * @self: a freshness check
 * @days: the days after a period's end by which its data should be in,
 *   or NaN to leave overdue periods out
 *
 * Sets [property@Kpi.FreshnessCheck:expected-lag-days].
 *
 * Since: 0.1
 */
void
kpi_freshness_check_set_expected_lag_days (KpiFreshnessCheck *self,
                                           double             days)
{
  g_return_if_fail (KPI_IS_FRESHNESS_CHECK (self));

  days = isinf (days) ? NAN : days;
  if (self->expected_lag == days || (isnan (self->expected_lag) && isnan (days)))
    return;
  self->expected_lag = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_LAG_DAYS]);
}
