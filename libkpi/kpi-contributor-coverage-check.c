/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-contributor-coverage-check.c: expected contributors who reported nothing */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-dataset-private.h"
#include "kpi-util-private.h"

/**
 * KpiContributorCoverageCheck:
 *
 * Whether every contributor who should report did: the sales reps, the
 * stores, the sites whose rows make the totals. A rep who stops entering
 * orders does not show in a revenue total as a gap, only as a dip that
 * looks like business; this check names them: `R07: no order since
 * 2025-10-01 (last 2025-09-30); 1.4 orders a day before; silent in 2025-10
 * to 2025-12`.
 *
 * The contributors are the values of [property@Kpi.Check:group-by] (a
 * dimension; required). Those *expected* in a period are the
 * [property@Kpi.ContributorCoverageCheck:expected] list when it is set,
 * else the contributors with at least one row in the
 * [property@Kpi.ContributorCoverageCheck:history] periods before it (3 by
 * default), periods of [property@Kpi.Check:granularity] (months by
 * default). The first period of the data has no history and is not
 * judged (without a list), and a contributor who has been silent for the
 * whole history is no longer expected: someone who left is reported for
 * three months, not forever.
 *
 * ## When a silence is a finding
 *
 * An expected contributor with no row in a period is *silent*:
 *
 * - in a month (or a longer period) that is whole in the data, when they
 *   had rows in every period of their history (and, for a contributor of
 *   the list, when they have no row in the history at all). This is the
 *   plain rule, "reported every month and not this one", and it holds for
 *   a store that sends one figure a month as for a rep with ten orders a
 *   day;
 * - otherwise (the last period of the data, which may have only begun; a
 *   contributor who reports now and then, or who was silent already;
 *   weeks and days), when chance does not explain the gap. Let a be the
 *   share of the history's days on which the contributor had at least one
 *   row, `a = active days / (history days + 1)` (the + 1 keeps a
 *   contributor seen on every day from being taken as certain to report
 *   tomorrow; the periods of the history already found silent are left
 *   out, as they are not the contributor's usual activity), and d the days
 *   from the end of their last row (a row dated without a time counts for
 *   its whole day) to the end of the period or of the data, whichever is
 *   first. A contributor as active as before has no row in d days with a
 *   chance of about `(1 − a)^d`. The silence is reported when that chance
 *   is below `significance / n`, where n is the number of periods the
 *   contributor is judged in
 *   ([property@Kpi.ContributorCoverageCheck:significance], 0.05 by
 *   default): so a contributor who reports as usual is reported somewhere
 *   in the data with a chance below the significance (Bonferroni's bound).
 *
 * The second rule is the care the last period needs: in a month that has
 * only begun, a rep who enters their orders in a batch every Friday
 * (a ≈ 1/7) is not reported on the Wednesday after a Friday without a
 * batch (d = 5 days: a chance of 0.46), but is once silent for more than
 * five weeks (a chance below 0.004, under 0.05 / 12 for a year of months).
 * Days are counted as active days, not rows, so that a weekly batch of
 * fifty rows does not make the contributor look daily. It is also what
 * keeps a rep who stopped reported in the periods after the first silent
 * one (whose history is no longer "every period"), until they have been
 * silent for the whole history.
 *
 * Weeks and days are judged by the second rule only: in such short
 * periods a contributor with a few rows a day is silent now and then by
 * chance (a rep with one order a day has an empty day one day in three,
 * and an empty week about once in three years), and three periods of
 * history say little. A contributor who reports once a week is followed
 * best by the month. Days need a longer
 * [property@Kpi.ContributorCoverageCheck:history] (28 days, say) for a
 * silence to be seen before the contributor stops being expected.
 *
 * The end of the data is the dataset's coverage end when it is set, else
 * its [property@Kpi.Dataset:data-as-of], else the end of its newest row's
 * day (or the newest row's time when it has one): the check says who is
 * missing from the data that is there; [class@Kpi.FreshnessCheck] says
 * whether the data itself is late.
 *
 * ## The result
 *
 * The observed value is the number of silent contributors. Any silent
 * contributor fails the check by default (both thresholds are 0): the
 * totals of the periods miss the contributor's figures, unless another
 * contributor took them over, which the data cannot tell (in the
 * generated sample data R07's orders did go to other reps: the totals
 * hold, R07's own figures do not). Raise the thresholds to tolerate a few
 * (`"warn": 0, "fail": 2`: one or two warn, three fail).
 *
 * Each silent contributor is named with the day their silence starts,
 * their last row's day and their average daily rate of rows in the
 * history of their first silent period, and the periods they are silent
 * in; the scope of the finding is each silent period *for that
 * contributor* (the period, the group-by dimension and the contributor),
 * which taints the contributor's values and the totals of those periods,
 * not the other contributors'. The finding is about whole rows (no
 * fields). The element count is the number of (contributor, period) pairs
 * judged, the unexpected count the silent ones; the samples are the last
 * rows of the silent contributors.
 *
 * [property@Kpi.ContributorCoverageCheck:row-noun] names a row in the
 * message ("order"; "row" by default).
 *
 * Memory: one count and one row index per period and contributor, and one
 * bit per day and contributor; the check refuses a dimension with so many
 * values that these would not fit (it is meant for reps and stores, not
 * customers). Like every check, it may run from several threads at once;
 * do not change it while it runs.
 *
 * ```c
 * g_autoptr(KpiCheck) coverage = kpi_contributor_coverage_check_new ("orders", "rep");
 * kpi_contributor_coverage_check_set_row_noun (KPI_CONTRIBUTOR_COVERAGE_CHECK (coverage), "order");
 * g_autoptr(KpiCheckResult) result = kpi_check_run (coverage, context, NULL, &error);
 * ```
 *
 * ```python
 * check = Kpi.ContributorCoverageCheck.new("orders", "rep")
 * check.props.row_noun = "order"
 * result = check.run(context, None)
 * for i in range(result.get_n_affected()):
 *     period, dimension, rep = result.get_affected(i)
 * ```
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_contributor_coverage_check_new ("orders", "rep");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_contributor_coverage_check_set_row_noun (KPI_CONTRIBUTOR_COVERAGE_CHECK (check), "order");
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
 * check = Kpi.ContributorCoverageCheck.new("orders", "rep")
 * check.set_row_noun("order")
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
 * const check = Kpi.ContributorCoverageCheck.new('orders', 'rep');
 * check.set_row_noun('order');
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
/* The contributors a message names before it says how many more. */
#define MAX_NAMED 5
/* Limits on the per-period and per-day tables (see the memory note). */
#define MAX_CELLS (G_GUINT64_CONSTANT (1) << 26)
#define MAX_DAY_BITS (G_GUINT64_CONSTANT (1) << 30)
/* The shortest period the plain rule applies to: a month (28 days). */
#define MIN_PLAIN_RULE (28 * USEC_PER_DAY)

struct _KpiContributorCoverageCheck
{
  KpiCheck   parent_instance;

  char     **expected;       /* never NULL; empty: from the history */
  guint      history;
  double     significance;
  char      *row_noun;
};

enum {
  PROP_0,
  PROP_EXPECTED,
  PROP_HISTORY,
  PROP_SIGNIFICANCE,
  PROP_ROW_NOUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiContributorCoverageCheck, kpi_contributor_coverage_check, KPI_TYPE_CHECK)

static void
kpi_contributor_coverage_check_finalize (GObject *object)
{
  KpiContributorCoverageCheck *self = KPI_CONTRIBUTOR_COVERAGE_CHECK (object);

  g_strfreev (self->expected);
  g_free (self->row_noun);

  G_OBJECT_CLASS (kpi_contributor_coverage_check_parent_class)->finalize (object);
}

static void
kpi_contributor_coverage_check_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  KpiContributorCoverageCheck *self = KPI_CONTRIBUTOR_COVERAGE_CHECK (object);

  switch (prop_id)
    {
    case PROP_EXPECTED:
      g_value_set_boxed (value, self->expected);
      break;
    case PROP_HISTORY:
      g_value_set_uint (value, self->history);
      break;
    case PROP_SIGNIFICANCE:
      g_value_set_double (value, self->significance);
      break;
    case PROP_ROW_NOUN:
      g_value_set_string (value, self->row_noun);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_contributor_coverage_check_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  KpiContributorCoverageCheck *self = KPI_CONTRIBUTOR_COVERAGE_CHECK (object);

  switch (prop_id)
    {
    case PROP_EXPECTED:
      kpi_contributor_coverage_check_set_expected (self, g_value_get_boxed (value));
      break;
    case PROP_HISTORY:
      kpi_contributor_coverage_check_set_history (self, g_value_get_uint (value));
      break;
    case PROP_SIGNIFICANCE:
      kpi_contributor_coverage_check_set_significance (self, g_value_get_double (value));
      break;
    case PROP_ROW_NOUN:
      kpi_contributor_coverage_check_set_row_noun (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* The days of the data, in the calendar's zone, with the period of each:
 * a row's day is found in constant time (a guess from 24-hour days, then
 * a step or two for the days of 23 or 25 hours). */
typedef struct
{
  guint    n_days;
  gint64  *starts;     /* n_days + 1: the last one is the end of the last day */
  guint   *period;     /* n_days; G_MAXUINT outside the periods */
} DayIndex;

static void
day_index_clear (DayIndex *days)
{
  g_clear_pointer (&days->starts, g_free);
  g_clear_pointer (&days->period, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DayIndex, day_index_clear)

static gboolean
day_index_init (DayIndex     *days,
                KpiCalendar  *calendar,
                gint64        from,
                gint64        to,
                const gint64 *period_starts,
                guint         n_periods,
                gint64        periods_end)
{
  g_autoptr(GPtrArray) list = kpi_check_periods_between (calendar, KPI_GRANULARITY_DAY, from, to);

  if (list->len == 0)
    return FALSE;
  days->n_days = list->len;
  days->starts = g_new (gint64, list->len + 1);
  days->period = g_new (guint, list->len);
  for (guint d = 0; d < list->len; d++)
    {
      gssize p;

      days->starts[d] = kpi_period_get_start (g_ptr_array_index (list, d));
      p = kpi_check_period_index (period_starts, n_periods, periods_end, days->starts[d]);
      days->period[d] = p >= 0 ? (guint) p : G_MAXUINT;
    }
  days->starts[list->len] = kpi_period_get_end (g_ptr_array_index (list, list->len - 1));
  return TRUE;
}

static inline gssize
day_of (const DayIndex *days,
        gint64          t,
        gssize         *hint)
{
  gint64 guess;

  /* rows come mostly in time order: the day of the row before first */
  if (*hint >= 0 && t >= days->starts[*hint] && t < days->starts[*hint + 1])
    return *hint;
  if (t < days->starts[0] || t >= days->starts[days->n_days])
    return -1;
  guess = (t - days->starts[0]) / USEC_PER_DAY;
  if (guess >= days->n_days)
    guess = days->n_days - 1;
  while (guess > 0 && t < days->starts[guess])
    guess--;
  while (guess + 1 < days->n_days && t >= days->starts[guess + 1])
    guess++;
  *hint = guess;
  return guess;
}

/* The labels of the periods @indices of @periods, runs of three or more
 * as "first to last". */
static void
append_period_runs (GString   *out,
                    GPtrArray *periods,
                    GArray    *indices)
{
  guint i = 0;

  while (i < indices->len)
    {
      guint j = i;

      while (j + 1 < indices->len
             && g_array_index (indices, guint, j + 1) == g_array_index (indices, guint, j) + 1)
        j++;
      if (i > 0)
        g_string_append (out, ", ");
      if (j - i >= 2)
        g_string_append_printf (out, "%s to %s",
                                kpi_period_get_label (g_ptr_array_index (periods, g_array_index (indices, guint, i))),
                                kpi_period_get_label (g_ptr_array_index (periods, g_array_index (indices, guint, j))));
      else
        for (guint k = i; k <= j; k++)
          g_string_append_printf (out, "%s%s", k > i ? ", " : "",
                                  kpi_period_get_label (g_ptr_array_index (periods, g_array_index (indices, guint, k))));
      i = j + 1;
    }
}

static void
append_rate (GString *out,
             double   rate)
{
  if (rate >= 0.095)
    g_string_append_printf (out, "%.1f", rate);
  else
    g_string_append_printf (out, "%.2g", rate);
}

/* A silent contributor: what the message says of them. */
typedef struct
{
  char     *name;
  GArray   *silent;        /* guint period indices */
  gint64    since;         /* where their silence starts; KPI_TIME_UNSET: no row before */
  gint64    last_row;      /* -1: none before */
  double    rate;          /* rows a day in the history; NaN: no history */
  guint     n_history;     /* periods in that history */
  gboolean  in_data;       /* has rows somewhere in the data */
} Silent;

static void
silent_free (gpointer data)
{
  Silent *s = data;

  g_free (s->name);
  g_array_unref (s->silent);
  g_free (s);
}

static int
compare_silent (gconstpointer a,
                gconstpointer b)
{
  const Silent *x = *(const Silent * const *) a;
  const Silent *y = *(const Silent * const *) b;

  return strcmp (x->name, y->name);
}

/* ------------------------------------------------------------------------
 * Run
 * ------------------------------------------------------------------------ */

static KpiCheckResult *
kpi_contributor_coverage_check_run (KpiCheck      *check,
                                    KpiContext    *context,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  KpiContributorCoverageCheck *self = KPI_CONTRIBUTOR_COVERAGE_CHECK (check);
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  const char *group_by = kpi_check_get_group_by (check);
  const KpiPeriod *only = kpi_check_get_period (check);
  g_autofree char *noun = kpi_text_for_message (self->row_noun != NULL && self->row_noun[0] != '\0'
                                                 ? self->row_noun : "row", -1, KPI_MESSAGE_QUOTE_CHARS);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiCheckReadLock) locked = NULL;
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GArray) sample_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) silent = g_ptr_array_new_with_free_func (silent_free);
  g_autoptr(GString) message = g_string_new (NULL);
  g_auto(DayIndex) days = { 0 };
  g_autofree gint64 *period_starts = NULL;
  g_autofree double *known_days = NULL;
  g_autofree guint32 *counts = NULL;
  g_autofree guint32 *last_rows = NULL;
  g_autofree guint32 *active = NULL;
  g_autofree guint64 *bits = NULL;
  g_autofree gint *expected_codes = NULL;
  g_autofree gboolean *silent_flags = NULL;
  g_autofree gboolean *judge = NULL;
  const char * const *dictionary;
  const gint64 *times;
  const guint32 *codes;
  gsize n_rows = 0, n_codes = 0;
  guint n_periods, n_expected, column, judged = 0, n_silent_pairs = 0, first_judged = G_MAXUINT, last_judged = 0;
  guint n_no_group = 0;
  gssize hint = -1;
  gint64 min_time, max_time, known_start, known_end, cov_start, cov_end, as_of, periods_end;
  gboolean derived = self->expected[0] == NULL, has_rows;
  KpiCheckStatus status;

  if (group_by == NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: no contributors: expected group-by to name a dimension (rep, store)",
                   kpi_check_display_name (check, "contributor coverage check"));
      return NULL;
    }
  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  if (!kpi_check_lookup_field (check, dataset, group_by, &column, error))
    return NULL;
  if (kpi_dataset_get_column_kind (dataset, column) != KPI_COLUMN_DIMENSION)
    {
      g_autofree char *name = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the contributors “%s” are not a dimension: expected a column of names (rep, store)",
                   kpi_check_display_name (check, "contributor coverage check"), name);
      return NULL;
    }

  result = kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL);
  kpi_check_result_set_fields (result, NULL);   /* a silent contributor misses whole rows */
  locked = kpi_check_read_lock (dataset);

  /* The span of the data: its coverage, else its rows (see the class
   * documentation for its end). */
  kpi_dataset_get_coverage (dataset, &cov_start, &cov_end);
  as_of = kpi_dataset_get_data_as_of (dataset);
  has_rows = kpi_dataset_get_time_range (dataset, &min_time, &max_time);
  if (!has_rows && cov_start == KPI_TIME_UNSET)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      kpi_check_result_set_message (result, "no rows: no contributor to follow");
      return g_steal_pointer (&result);
    }
  known_start = cov_start != KPI_TIME_UNSET ? cov_start : min_time;
  if (cov_end != KPI_TIME_UNSET)
    known_end = cov_end;
  else if (as_of != KPI_TIME_UNSET)
    known_end = as_of;
  else if (has_rows)
    known_end = kpi_check_end_of_row (calendar, max_time);
  else
    known_end = KPI_TIME_UNSET;
  periods = known_end != KPI_TIME_UNSET
    ? kpi_check_periods_between (calendar, kpi_check_get_granularity (check), known_start, known_end)
    : g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  n_periods = periods->len;
  if (n_periods == 0)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      kpi_check_result_set_message (result, "the data covers no time: no period to judge");
      return g_steal_pointer (&result);
    }
  period_starts = g_new (gint64, n_periods);
  known_days = g_new (double, n_periods);
  for (guint p = 0; p < n_periods; p++)
    {
      KpiPeriod *period = g_ptr_array_index (periods, p);
      gint64 from = MAX (kpi_period_get_start (period), known_start);
      gint64 to = MIN (kpi_period_get_end (period), known_end);

      period_starts[p] = kpi_period_get_start (period);
      known_days[p] = to > from ? (double) (to - from) / USEC_PER_DAY : 0.0;
    }
  periods_end = kpi_period_get_end (g_ptr_array_index (periods, n_periods - 1));
  if (!day_index_init (&days, calendar, known_start, known_end, period_starts, n_periods, periods_end))
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      kpi_check_result_set_message (result, "the data covers no whole day: no period to judge");
      return g_steal_pointer (&result);
    }

  dictionary = kpi_dataset_get_dimension_dictionary (dataset, group_by, &n_codes);
  if ((guint64) n_periods * MAX (n_codes, 1) > MAX_CELLS
      || (guint64) days.n_days * MAX (n_codes, 1) > MAX_DAY_BITS)
    {
      g_autofree char *name = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: %" G_GSIZE_FORMAT " contributors (“%s”) over %u days are too many to follow: "
                   "expected a dimension of reps or stores, or a shorter span",
                   kpi_check_display_name (check, "contributor coverage check"), n_codes, name, days.n_days);
      return NULL;
    }

  /* The one pass: per period and contributor, the rows and the last one;
   * per day and contributor, whether there was a row. */
  counts = g_new0 (guint32, (gsize) n_periods * MAX (n_codes, 1));
  last_rows = g_new0 (guint32, (gsize) n_periods * MAX (n_codes, 1));
  bits = g_new0 (guint64, ((gsize) days.n_days * MAX (n_codes, 1) + 63) / 64);
  times = kpi_dataset_get_times (dataset, &n_rows);
  codes = kpi_dataset_get_dimension_codes (dataset, group_by, &n_rows);
  for (gsize i = 0; i < n_rows; i++)
    {
      gssize d;
      guint32 code;
      gsize cell, bit;

      if ((i & 0xFFFF) == 0 && i > 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      code = codes[i];
      if (code == KPI_DIMENSION_MISSING || code >= n_codes)
        {
          n_no_group++;
          continue;
        }
      d = day_of (&days, times[i], &hint);
      if (d < 0 || days.period[d] == G_MAXUINT)
        continue;   /* outside the coverage */
      cell = (gsize) days.period[d] * n_codes + code;
      if (counts[cell]++ == 0 || times[i] >= times[last_rows[cell]])
        last_rows[cell] = (guint32) i;
      bit = (gsize) code * days.n_days + (gsize) d;
      bits[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
    }

  /* Active days per period and contributor, from the bits. */
  active = g_new0 (guint32, (gsize) n_periods * MAX (n_codes, 1));
  for (gsize c = 0; c < n_codes; c++)
    for (guint d = 0; d < days.n_days; d++)
      {
        gsize bit = c * days.n_days + d;

        if (days.period[d] != G_MAXUINT && (bits[bit / 64] >> (bit % 64)) & 1)
          active[(gsize) days.period[d] * n_codes + c]++;
      }

  /* Who is expected: the list (names not in the data have no code), or
   * every contributor of the data, expected where their history says. */
  if (derived)
    {
      n_expected = n_codes;
      expected_codes = g_new (gint, MAX (n_expected, 1));
      for (guint c = 0; c < n_expected; c++)
        expected_codes[c] = c;
    }
  else
    {
      g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

      for (gsize c = 0; c < n_codes; c++)
        g_hash_table_insert (by_name, (gpointer) dictionary[c], GSIZE_TO_POINTER (c + 1));
      n_expected = g_strv_length (self->expected);
      expected_codes = g_new (gint, MAX (n_expected, 1));
      for (guint e = 0; e < n_expected; e++)
        expected_codes[e] = GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, self->expected[e])) - 1;
    }

  silent_flags = g_new0 (gboolean, n_periods);
  judge = g_new0 (gboolean, n_periods);
  for (guint e = 0; e < n_expected; e++)
    {
      gint code = expected_codes[e];
      Silent *s = NULL;
      guint n_tests = 0;
      double alpha;

      /* The periods the contributor is judged in: those of the check
       * (with data), where the list or their history expects them. */
      for (guint p = 0; p < n_periods; p++)
        {
          KpiPeriod *period = g_ptr_array_index (periods, p);
          guint h0 = p > self->history ? p - self->history : 0;
          guint64 hist_rows = 0;

          silent_flags[p] = FALSE;
          judge[p] = FALSE;
          if (only != NULL && !(kpi_period_get_start (period) < kpi_period_get_end (only)
                                && kpi_period_get_start (only) < kpi_period_get_end (period)))
            continue;
          if (known_days[p] <= 0)
            continue;
          for (guint q = h0; q < p && code >= 0; q++)
            hist_rows += counts[(gsize) q * n_codes + code];
          if (derived && hist_rows == 0)
            continue;   /* not expected: no history, or silent all along */
          judge[p] = TRUE;
          n_tests++;
        }
      /* Each period is tested at significance / n_tests, so that a
       * contributor who reports as usual is reported in some period with
       * a chance below the significance (Bonferroni). */
      alpha = self->significance / MAX (n_tests, 1);

      for (guint p = 0; p < n_periods; p++)
        {
          KpiPeriod *period = g_ptr_array_index (periods, p);
          guint h0 = p > self->history ? p - self->history : 0;
          double hist_days = 0, hist_active = 0, hist_rows = 0, gap;
          gint64 since, upto;
          gssize last = -1;
          gboolean is_silent, whole, every_period;

          if (!judge[p])
            continue;
          judged++;
          first_judged = MIN (first_judged, p);
          last_judged = MAX (last_judged, p);
          if (code >= 0 && counts[(gsize) p * n_codes + code] > 0)
            continue;

          /* What they did before: the history, without the periods found
           * silent already, which are not their usual activity. */
          for (guint q = h0; q < p; q++)
            {
              if (silent_flags[q])
                continue;
              hist_days += known_days[q];
              if (code >= 0)
                {
                  hist_rows += counts[(gsize) q * n_codes + code];
                  hist_active += active[(gsize) q * n_codes + code];
                }
            }

          /* Their last row before the period, and where the silence starts. */
          for (guint q = p; code >= 0 && q-- > 0;)
            if (counts[(gsize) q * n_codes + code] > 0)
              {
                last = last_rows[(gsize) q * n_codes + code];
                break;
              }
          since = last >= 0 ? kpi_check_end_of_row (calendar, times[last]) : known_start;
          upto = MIN (kpi_period_get_end (period), known_end);
          gap = (double) (upto - MAX (since, known_start)) / USEC_PER_DAY;
          /* A whole month (or longer) without a row from someone who had
           * rows in every period of their history (or from a listed
           * contributor with no history to tell how often they report) is
           * a silence; otherwise, how likely the gap is decides. */
          whole = kpi_period_get_end (period) <= known_end
                  && kpi_period_get_start (period) >= known_start;
          every_period = code >= 0 && p > h0
                         && kpi_period_get_end (period) - kpi_period_get_start (period) >= MIN_PLAIN_RULE;
          for (guint q = h0; q < p && every_period; q++)
            every_period = counts[(gsize) q * n_codes + code] > 0;
          if (whole && (every_period || hist_active == 0))
            is_silent = TRUE;
          else if (hist_active > 0)
            {
              double a = hist_active / (hist_days + 1.0);

              is_silent = pow (1.0 - a, gap) < alpha;
            }
          else
            is_silent = FALSE;
          if (!is_silent)
            continue;

          n_silent_pairs++;
          silent_flags[p] = TRUE;
          if (s == NULL)
            {
              s = g_new0 (Silent, 1);
              s->name = g_strdup (code >= 0 ? dictionary[code] : self->expected[e]);
              s->silent = g_array_new (FALSE, FALSE, sizeof (guint));
              s->since = last >= 0 ? since : KPI_TIME_UNSET;
              s->last_row = last;
              s->rate = hist_days > 0 ? hist_rows / hist_days : NAN;
              s->n_history = p - h0;
              s->in_data = code >= 0;
              g_ptr_array_add (silent, s);
            }
          g_array_append_val (s->silent, p);
          kpi_check_result_add_affected (result, period, group_by, s->name);
        }
    }

  if (judged == 0)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      if (only != NULL)
        g_string_append_printf (message, "no contributor to expect in %s: ", kpi_period_get_label (only));
      if (derived)
        g_string_append_printf (message, "no period has a history of contributors before it "
                                "(%u period%s of data from %s)", n_periods, n_periods == 1 ? "" : "s",
                                kpi_period_get_label (g_ptr_array_index (periods, 0)));
      else
        g_string_append (message, "no period of the data to judge");
      kpi_check_result_set_message (result, message->str);
      return g_steal_pointer (&result);
    }

  g_ptr_array_sort (silent, compare_silent);
  for (guint i = 0; i < silent->len && i < MAX_NAMED; i++)
    {
      Silent *s = g_ptr_array_index (silent, i);
      g_autofree char *name = kpi_text_for_message (s->name, -1, KPI_MESSAGE_QUOTE_CHARS);

      if (i > 0)
        g_string_append (message, ". ");
      if (s->last_row >= 0)
        {
          g_autofree char *since = kpi_check_format_day (calendar, s->since);
          g_autofree char *last = kpi_check_format_day (calendar, times[s->last_row]);

          g_string_append_printf (message, "%s: no %s since %s (last %s)", name, noun, since, last);
          if (!isnan (s->rate) && s->rate > 0)
            {
              g_string_append (message, "; ");
              append_rate (message, s->rate);
              g_string_append_printf (message, " %ss a day before", noun);
            }
          else
            g_string_append_printf (message, "; none in the %u period%s before", s->n_history,
                                    s->n_history == 1 ? "" : "s");
        }
      else if (s->in_data)
        {
          g_autofree char *start = kpi_check_format_day (calendar, known_start);

          g_string_append_printf (message, "%s: no %s since the data starts (%s)", name, noun, start);
        }
      else
        g_string_append_printf (message, "%s: no %s in the data", name, noun);
      g_string_append (message, "; silent in ");
      append_period_runs (message, periods, s->silent);
      if (s->last_row >= 0)
        {
          guint row = s->last_row;

          g_array_append_val (sample_rows, row);
        }
    }
  if (silent->len > MAX_NAMED)
    g_string_append_printf (message, ". And %u more silent contributors", silent->len - MAX_NAMED);
  if (silent->len == 0)
    {
      g_autofree char *name = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_string_append_printf (message, "every expected contributor (%s) reported: %u checks of a "
                              "contributor in a period, from %s to %s",
                              name, judged,
                              kpi_period_get_label (g_ptr_array_index (periods, first_judged)),
                              kpi_period_get_label (g_ptr_array_index (periods, last_judged)));
    }
  if (n_no_group > 0)
    {
      g_autofree char *name = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_string_append_printf (message, "; %u rows have no %s", n_no_group, name);
    }

  status = kpi_check_grade (check, silent->len);
  kpi_check_result_set_status (result, status);
  kpi_check_result_set_observed (result, silent->len);
  kpi_check_result_set_expected (result, NAN,
                                 !isnan (kpi_check_get_warn_threshold (check))
                                 ? kpi_check_get_warn_threshold (check)
                                 : kpi_check_get_fail_threshold (check));
  kpi_check_result_set_counts (result, judged, 0, n_silent_pairs);
  kpi_check_result_set_message (result, message->str);

  /* The samples, once the columns are let go */
  kpi_check_read_unlock (g_steal_pointer (&locked));
  for (guint i = 0; i < sample_rows->len; i++)
    kpi_check_add_sample (check, result, dataset, g_array_index (sample_rows, guint, i));
  return g_steal_pointer (&result);
}

static void
kpi_contributor_coverage_check_class_init (KpiContributorCoverageCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_contributor_coverage_check_finalize;
  object_class->get_property = kpi_contributor_coverage_check_get_property;
  object_class->set_property = kpi_contributor_coverage_check_set_property;
  check_class->run = kpi_contributor_coverage_check_run;

  /**
   * KpiContributorCoverageCheck:expected:
   *
   * The contributors expected in every period (`["R01", "R02"]`); none
   * (the default) to expect those seen in the
   * [property@Kpi.ContributorCoverageCheck:history] before each period.
   *
   * Since: 0.1
   */
  properties[PROP_EXPECTED] =
    g_param_spec_boxed ("expected", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * KpiContributorCoverageCheck:history:
   *
   * How many periods before a period say who is expected in it and how
   * active they were: %KPI_CONTRIBUTOR_COVERAGE_DEFAULT_HISTORY (3) by
   * default. A contributor silent for that long is no longer expected.
   *
   * Since: 0.1
   */
  properties[PROP_HISTORY] =
    g_param_spec_uint ("history", NULL, NULL, 1, 1000,
                       KPI_CONTRIBUTOR_COVERAGE_DEFAULT_HISTORY, rw);

  /**
   * KpiContributorCoverageCheck:significance:
   *
   * The chance below which silences are findings: each period is tested
   * at this chance divided by the number of periods the contributor is
   * judged in, so that a contributor who reports as usual is reported
   * with a chance below it. %KPI_CONTRIBUTOR_COVERAGE_DEFAULT_SIGNIFICANCE
   * (0.05) by default.
   *
   * Since: 0.1
   */
  properties[PROP_SIGNIFICANCE] =
    g_param_spec_double ("significance", NULL, NULL, 0.0, 1.0,
                         KPI_CONTRIBUTOR_COVERAGE_DEFAULT_SIGNIFICANCE, rw);

  /**
   * KpiContributorCoverageCheck:row-noun:
   *
   * What a row is, for the message: "order" gives `no order since …; 1.4
   * orders a day before` (the plural adds an s). %NULL for "row".
   *
   * Since: 0.1
   */
  properties[PROP_ROW_NOUN] =
    g_param_spec_string ("row-noun", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_contributor_coverage_check_init (KpiContributorCoverageCheck *self)
{
  self->expected = g_new0 (char *, 1);
  self->history = KPI_CONTRIBUTOR_COVERAGE_DEFAULT_HISTORY;
  self->significance = KPI_CONTRIBUTOR_COVERAGE_DEFAULT_SIGNIFICANCE;
  /* Any silent contributor fails: see the class documentation. */
  kpi_check_set_thresholds (KPI_CHECK (self), 0, 0);
}

/**
 * kpi_contributor_coverage_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it
 * @group_by: (nullable): the dimension whose values are the contributors
 *   (`rep`)
 *
 * Creates a check of the contributors who reported nothing, with the
 * defaults: those seen in the 3 months before a month are expected in it,
 * and any silent one fails.
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_contributor_coverage_check_new (const char *dataset_name,
                                    const char *group_by)
{
  return g_object_new (KPI_TYPE_CONTRIBUTOR_COVERAGE_CHECK,
                       "dataset-name", dataset_name,
                       "group-by", group_by,
                       NULL);
}

/**
 * kpi_contributor_coverage_check_get_expected:
 * @self: a contributor coverage check
 *
 * Gets [property@Kpi.ContributorCoverageCheck:expected].
 *
 * Returns: (transfer none) (array zero-terminated=1): the contributors
 *   expected in every period; none when they come from the history
 *
 * Since: 0.1
 */
const char * const *
kpi_contributor_coverage_check_get_expected (KpiContributorCoverageCheck *self)
{
  g_return_val_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self), NULL);

  return (const char * const *) self->expected;
}

/**
 * kpi_contributor_coverage_check_set_expected:
 * @self: a contributor coverage check
 * @expected: (array zero-terminated=1) (nullable): the contributors
 *   expected in every period, or %NULL (or none) to expect those of the
 *   history
 *
 * Sets [property@Kpi.ContributorCoverageCheck:expected].
 *
 * Since: 0.1
 */
void
kpi_contributor_coverage_check_set_expected (KpiContributorCoverageCheck *self,
                                             const char * const          *expected)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self));

  if (expected == NULL)
    expected = none;
  if (g_strv_equal ((const char * const *) self->expected, expected))
    return;
  g_strfreev (self->expected);
  self->expected = g_strdupv ((char **) expected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED]);
}

/**
 * kpi_contributor_coverage_check_get_history:
 * @self: a contributor coverage check
 *
 * Gets [property@Kpi.ContributorCoverageCheck:history].
 *
 * Returns: how many periods before a period tell who is expected in it
 *
 * Since: 0.1
 */
guint
kpi_contributor_coverage_check_get_history (KpiContributorCoverageCheck *self)
{
  g_return_val_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self), 0);

  return self->history;
}

/**
 * kpi_contributor_coverage_check_set_history:
 * @self: a contributor coverage check
 * @history: a number of periods, 1 or more
 *
 * Sets [property@Kpi.ContributorCoverageCheck:history].
 *
 * Since: 0.1
 */
void
kpi_contributor_coverage_check_set_history (KpiContributorCoverageCheck *self,
                                            guint                        history)
{
  g_return_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self));
  g_return_if_fail (history >= 1);

  if (self->history == history)
    return;
  self->history = history;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * kpi_contributor_coverage_check_get_significance:
 * @self: a contributor coverage check
 *
 * Gets [property@Kpi.ContributorCoverageCheck:significance].
 *
 * Returns: the chance below which a silence is a finding
 *
 * Since: 0.1
 */
double
kpi_contributor_coverage_check_get_significance (KpiContributorCoverageCheck *self)
{
  g_return_val_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self), NAN);

  return self->significance;
}

/**
 * kpi_contributor_coverage_check_set_significance:
 * @self: a contributor coverage check
 * @significance: a chance, from 0 to 1
 *
 * Sets [property@Kpi.ContributorCoverageCheck:significance].
 *
 * Since: 0.1
 */
void
kpi_contributor_coverage_check_set_significance (KpiContributorCoverageCheck *self,
                                                 double                       significance)
{
  g_return_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self));
  g_return_if_fail (significance >= 0.0 && significance <= 1.0);

  if (self->significance == significance)
    return;
  self->significance = significance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNIFICANCE]);
}

/**
 * kpi_contributor_coverage_check_get_row_noun:
 * @self: a contributor coverage check
 *
 * Gets [property@Kpi.ContributorCoverageCheck:row-noun].
 *
 * Returns: (nullable): what a row is called in the message, %NULL for
 *   "row"
 *
 * Since: 0.1
 */
const char *
kpi_contributor_coverage_check_get_row_noun (KpiContributorCoverageCheck *self)
{
  g_return_val_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self), NULL);

  return self->row_noun;
}

/**
 * kpi_contributor_coverage_check_set_row_noun:
 * @self: a contributor coverage check
 * @row_noun: (nullable): what a row is ("order"), %NULL for "row"
 *
 * Sets [property@Kpi.ContributorCoverageCheck:row-noun].
 *
 * Since: 0.1
 */
void
kpi_contributor_coverage_check_set_row_noun (KpiContributorCoverageCheck *self,
                                             const char                  *row_noun)
{
  g_return_if_fail (KPI_IS_CONTRIBUTOR_COVERAGE_CHECK (self));

  if (kpi_set_str (&self->row_noun, row_noun))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_NOUN]);
}
