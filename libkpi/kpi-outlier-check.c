/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-outlier-check.c: values of an indicator's series out of line with
 * the others (modified z-score, Hampel filter) */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-series-check-private.h"
#include "kpi-util-private.h"

/**
 * KpiOutlierCheck:
 *
 * Looks for the values of an indicator that are out of line with the rest
 * of its series: a day whose online revenue is eight times that of the
 * days around it, a month of complaints twice the usual. The check judges
 * an indicator's *values*, not rows: the indicator
 * [property@Kpi.OutlierCheck:indicator-id] that the context knows, or a
 * [property@Kpi.OutlierCheck:formula] over the check's dataset
 * (`sum(amount)`), computed for every period of the check's
 * [property@Kpi.Check:granularity] over the data, and for each group of
 * [property@Kpi.Check:group-by] when it is set (each channel's daily
 * revenue is a series of its own).
 *
 * Each value x gets a robust score, a number of standard deviations
 * estimated without letting the outliers weigh in:
 *
 * - with %KPI_OUTLIER_METHOD_HAMPEL (the default), the Hampel filter:
 *   (x − m) / (1.4826 MAD), where m is the median of the values within
 *   [property@Kpi.OutlierCheck:window] periods on each side of x (x
 *   included; fewer at the ends of the series) and MAD the median of their
 *   absolute deviations from m. Judged against its neighbours, a value is
 *   not an outlier for being in December or after two years of growth;
 * - with %KPI_OUTLIER_METHOD_MODIFIED_Z, Iglewicz and Hoaglin's modified
 *   z-score: 0.6745 (x − median) / MAD over the whole series, for series
 *   without a trend or a season.
 *
 * When half the values or more tie with the median, the MAD is 0: the
 * check then divides by 1.253314 times the mean absolute deviation from
 * the median instead (as IBM SPSS does); when all the values are equal
 * there is no spread to judge against, and the group is not judged. A
 * group needs 7 values for a modified z-score, and 2 × window + 1 for the
 * Hampel filter (a value then needs at least window + 1 values around it).
 * Missing values (an average of no row, a period the data do not cover, a
 * group without a row in a period) are skipped and counted as missing; so
 * are the values of partial periods (%KPI_VALUE_FLAG_PARTIAL_PERIOD: not
 * over yet, or covered in part by the data), which would look low. Data
 * that end on a Wednesday cover the whole of that week unless the
 * dataset's coverage (or data-as-of time) says otherwise: set it.
 *
 * The observed value is the largest |score|, graded against
 * [property@Kpi.Check:warn-threshold] (10 by default) and
 * [property@Kpi.Check:fail-threshold] (15 by default). Every period and
 * group whose score is beyond the lower of the two is counted as
 * unexpected and is in the result's scope, which follows the numbers: the
 * indicator's dataset, the fields its formula reads, each such period at
 * the check's granularity with its group. The samples are rows of those
 * periods and groups, the worst first.
 *
 * Why 10 and 15, not Iglewicz and Hoaglin's 3.5? Their cut-off labels
 * "potential outliers" in one sample of roughly normal data. A daily
 * series of a few dozen orders is a sum of a few lognormal amounts, whose
 * tail is heavy: over two years of the clean sample data
 * (`kpi-sample-data --clean`, 20 000 orders, eleven seeds), the largest
 * score of a channel's daily revenue is 5.1 to 7.7 (Hampel, 14 days on
 * each side) and 4.7 to 5.6 (modified z); 3.5 would flag a dozen
 * ordinary days a year in each channel. The seeded spike (one day of
 * online revenue 7 to 10 times the usual) scores 29 to 61 (Hampel) and 22
 * to 47 (modified z). Lower the thresholds for series with little noise
 * (monthly totals of many rows), where 3.5 is the textbook choice.
 *
 * The default [property@Kpi.OutlierCheck:window] follows the granularity:
 * 14 days (the four weeks around a day: every weekday four times, so
 * that a store's quiet Sunday is not an outlier against the other days,
 * and a median and a MAD of 29 values, which vary less than those of 15:
 * with 7 days the clean sample reaches 8.8), 6 weeks, 3 months, or
 * 2 quarters or years.
 *
 * In C, the spike of the sample data:
 *
 * ```c
 * g_autoptr(KpiCheck) check = kpi_outlier_check_new ("orders", "sum(amount)");
 * g_autoptr(KpiCheckResult) result = NULL;
 *
 * kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
 * kpi_check_set_group_by (check, "channel");
 * result = kpi_check_run (check, context, NULL, &error);
 * // FAIL: "2025-05-20 online: 12373.76, 7.6× the median of the 29 days
 * //        around it (1617.81); robust z 33.8, beyond the failure threshold 15"
 * ```
 *
 * In Python, on an indicator of the context:
 *
 * ```python
 * check = Kpi.OutlierCheck.new_for_indicator("revenue")
 * check.props.granularity = Kpi.Granularity.DAY
 * check.props.group_by = "channel"
 * check.props.method = Kpi.OutlierMethod.MODIFIED_Z
 * result = check.run(context, None)
 * ```
 *
 * Evaluating the series of each group takes one breakdown per period:
 * cheap on a dataset sorted by time (each period reads its own rows), a
 * pass over the data per period otherwise.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_outlier_check_new ("orders", "sum(amount)");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_outlier_check_set_window (KPI_OUTLIER_CHECK (check), 1); // a month on each side: the data has three
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
 * check = Kpi.OutlierCheck.new("orders", "sum(amount)")
 * check.set_window(1)  # a month on each side: the data has three
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
 * const check = Kpi.OutlierCheck.new('orders', 'sum(amount)');
 * check.set_window(1); // a month on each side: the data has three
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiOutlierCheck
{
  KpiCheck          parent_instance;

  char             *indicator_id;
  char             *formula;
  KpiOutlierMethod  method;
  guint             window;   /* 0: from the granularity */
};

enum {
  PROP_0,
  PROP_INDICATOR_ID,
  PROP_FORMULA,
  PROP_METHOD,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiOutlierCheck, kpi_outlier_check, KPI_TYPE_CHECK)

/* The default thresholds, on the robust score (see the class's
 * documentation for the figures behind them) */
#define DEFAULT_WARN 10.0
#define DEFAULT_FAIL 15.0

/* The fewest values a modified z-score is worked out from: a median and a
 * MAD of fewer say little. */
#define MIN_MODIFIED_Z_VALUES 7

/* 1 / 0.6745: the modified z-score divides by MAD / 0.6745 */
#define MODIFIED_Z_FACTOR (1.0 / 0.6745)
/* The MAD of a normal variable is σ / 1.4826 */
#define HAMPEL_FACTOR 1.4826

static void
kpi_outlier_check_finalize (GObject *object)
{
  KpiOutlierCheck *self = KPI_OUTLIER_CHECK (object);

  g_free (self->indicator_id);
  g_free (self->formula);

  G_OBJECT_CLASS (kpi_outlier_check_parent_class)->finalize (object);
}

static void
kpi_outlier_check_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KpiOutlierCheck *self = KPI_OUTLIER_CHECK (object);

  switch (prop_id)
    {
    case PROP_INDICATOR_ID:
      g_value_set_string (value, self->indicator_id);
      break;
    case PROP_FORMULA:
      g_value_set_string (value, self->formula);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_WINDOW:
      g_value_set_uint (value, self->window);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_outlier_check_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KpiOutlierCheck *self = KPI_OUTLIER_CHECK (object);

  switch (prop_id)
    {
    case PROP_INDICATOR_ID:
      kpi_outlier_check_set_indicator_id (self, g_value_get_string (value));
      break;
    case PROP_FORMULA:
      kpi_outlier_check_set_formula (self, g_value_get_string (value));
      break;
    case PROP_METHOD:
      kpi_outlier_check_set_method (self, g_value_get_enum (value));
      break;
    case PROP_WINDOW:
      kpi_outlier_check_set_window (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The window when none is set: see the class's documentation */
static guint
default_window (KpiGranularity granularity)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      return 14;
    case KPI_GRANULARITY_WEEK:
      return 6;
    case KPI_GRANULARITY_MONTH:
      return 3;
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
    case KPI_GRANULARITY_YEAR:
    case KPI_GRANULARITY_FISCAL_YEAR:
    case KPI_GRANULARITY_CUSTOM:
    default:
      return 2;
    }
}

typedef struct
{
  KpiSeries        *series;
  KpiOutlierMethod  method;
  KpiGranularity    granularity;
  const guint      *n_reference;   /* per value: how many values m is the median of */
} Describe;

static char *
describe_reference (gpointer user_data,
                    guint    group,
                    guint    period)
{
  Describe *d = user_data;
  guint n = d->n_reference[(gsize) group * d->series->n_periods + period];

  return g_strdup_printf ("the median of the %u %s%s", n,
                          kpi_series_unit_name (d->granularity, n),
                          d->method == KPI_OUTLIER_METHOD_HAMPEL ? " around it" : "");
}

static char *
score_modified_z (KpiSeries *series,
                  guint      group,
                  double    *buf,
                  double    *scores,
                  double    *centers,
                  guint     *n_reference)
{
  const double *x = kpi_series_group_values (series, group);
  gsize base = (gsize) group * series->n_periods;
  guint n = 0;
  double median, spread;

  for (guint p = 0; p < series->n_periods; p++)
    if (!isnan (x[p]))
      buf[n++] = x[p];
  if (n < MIN_MODIFIED_Z_VALUES)
    return g_strdup_printf ("%u %s, %u needed for a modified z-score",
                            n, n == 1 ? "value" : "values", MIN_MODIFIED_Z_VALUES);
  spread = kpi_series_spread (buf, n, MODIFIED_Z_FACTOR, &median);
  if (spread == 0)
    return g_strdup_printf ("all %u values are equal: no spread to judge an outlier against", n);
  for (guint p = 0; p < series->n_periods; p++)
    {
      if (!series->judged[p] || isnan (x[p]))
        continue;
      scores[base + p] = (x[p] - median) / spread;
      centers[base + p] = median;
      n_reference[base + p] = n;
    }
  return NULL;
}

static char *
score_hampel (KpiSeries      *series,
              guint           group,
              guint           window,
              KpiGranularity  granularity,
              double         *buf,
              double         *scores,
              double         *centers,
              guint          *n_reference)
{
  const double *x = kpi_series_group_values (series, group);
  gsize base = (gsize) group * series->n_periods;
  guint n = 0, needed = 2 * window + 1;

  for (guint p = 0; p < series->n_periods; p++)
    n += !isnan (x[p]);
  if (n < needed)
    return g_strdup_printf ("%u %s, %u needed for a window of %u %s on each side",
                            n, n == 1 ? "value" : "values", needed, window,
                            kpi_series_unit_name (granularity, window));

  for (guint p = 0; p < series->n_periods; p++)
    {
      guint lo = p >= window ? p - window : 0;
      guint hi = MIN (series->n_periods - 1, p + window);
      guint c = 0;
      double median, spread;

      if (!series->judged[p] || isnan (x[p]))
        continue;
      for (guint q = lo; q <= hi; q++)
        if (!isnan (x[q]))
          buf[c++] = x[q];
      /* too many gaps around it to say what is usual */
      if (c < window + 1)
        continue;
      spread = kpi_series_spread (buf, c, HAMPEL_FACTOR, &median);
      /* no spread: every value of the window, x included, is the median */
      scores[base + p] = spread > 0 ? (x[p] - median) / spread : 0;
      centers[base + p] = median;
      n_reference[base + p] = c;
    }
  return NULL;
}

static KpiCheckResult *
kpi_outlier_check_run (KpiCheck      *check,
                       KpiContext    *context,
                       GCancellable  *cancellable,
                       GError       **error)
{
  KpiOutlierCheck *self = KPI_OUTLIER_CHECK (check);
  KpiGranularity granularity = kpi_check_get_granularity (check);
  g_autoptr(KpiSeries) series = NULL;
  g_auto(KpiSeriesCells) cells = { 0 };
  g_autofree guint *n_reference = NULL;
  guint window = self->window != 0 ? self->window : default_window (granularity);
  Describe describe;
  KpiSeriesScores s = { 0 };

  series = kpi_series_new (check, context, self->indicator_id, self->formula, cancellable, error);
  if (series == NULL)
    return NULL;

  kpi_series_cells_init (&cells, series);
  n_reference = g_new0 (guint, MAX ((gsize) series->n_groups * series->n_periods, 1));

  for (guint g = 0; g < series->n_groups; g++)
    {
      if (self->method == KPI_OUTLIER_METHOD_MODIFIED_Z)
        cells.why_not[g] = score_modified_z (series, g, cells.buf, cells.scores, cells.centers, n_reference);
      else
        cells.why_not[g] = score_hampel (series, g, window, granularity, cells.buf, cells.scores, cells.centers,
                                         n_reference);
    }

  describe.series = series;
  describe.method = self->method;
  describe.granularity = granularity;
  describe.n_reference = n_reference;
  s.scores = cells.scores;
  s.centers = cells.centers;
  s.why_not = cells.why_not;
  s.score_name = self->method == KPI_OUTLIER_METHOD_MODIFIED_Z ? "modified z" : "robust z";
  s.finding = "outlier";
  s.describe = describe_reference;
  s.user_data = &describe;
  return kpi_series_verdict (series, check, &s, cancellable, error);
}

static void
kpi_outlier_check_class_init (KpiOutlierCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_outlier_check_finalize;
  object_class->get_property = kpi_outlier_check_get_property;
  object_class->set_property = kpi_outlier_check_set_property;
  check_class->run = kpi_outlier_check_run;

  /**
   * KpiOutlierCheck:indicator-id:
   *
   * The id of the indicator whose series is judged, looked up in the
   * context the check runs in; its dataset is the one it reads. Set this
   * or [property@Kpi.OutlierCheck:formula], not both.
   *
   * Since: 0.1
   */
  properties[PROP_INDICATOR_ID] = g_param_spec_string ("indicator-id", NULL, NULL, NULL, rw);

  /**
   * KpiOutlierCheck:formula:
   *
   * A formula whose series is judged (`sum(amount)`), over the check's
   * dataset ([property@Kpi.Check:dataset-name]). Set this or
   * [property@Kpi.OutlierCheck:indicator-id], not both.
   *
   * Since: 0.1
   */
  properties[PROP_FORMULA] = g_param_spec_string ("formula", NULL, NULL, NULL, rw);

  /**
   * KpiOutlierCheck:method:
   *
   * How a value is scored: against its neighbours (the Hampel filter, the
   * default) or against the whole series (the modified z-score).
   *
   * Since: 0.1
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, KPI_TYPE_OUTLIER_METHOD,
                       KPI_OUTLIER_METHOD_HAMPEL, rw);

  /**
   * KpiOutlierCheck:window:
   *
   * For the Hampel filter: how many periods on each side of a value make
   * its neighbourhood. 0 (the default) takes it from the granularity: 14
   * days, 6 weeks, 3 months, 2 quarters or years.
   *
   * Since: 0.1
   */
  properties[PROP_WINDOW] =
    g_param_spec_uint ("window", NULL, NULL, 0, 10000, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_outlier_check_init (KpiOutlierCheck *self)
{
  self->method = KPI_OUTLIER_METHOD_HAMPEL;
  kpi_check_set_thresholds (KPI_CHECK (self), DEFAULT_WARN, DEFAULT_FAIL);
}

/**
 * kpi_outlier_check_new:
 * @dataset_name: (nullable): the name of the dataset @formula reads, as
 *   the context knows it
 * @formula: (nullable): the formula whose series is judged (`sum(amount)`)
 *
 * Creates a check for the outliers of @formula's series over the dataset
 * @dataset_name, with the default thresholds and method (see
 * [class@Kpi.OutlierCheck]).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_outlier_check_new (const char *dataset_name,
                       const char *formula)
{
  return g_object_new (KPI_TYPE_OUTLIER_CHECK,
                       "dataset-name", dataset_name,
                       "formula", formula,
                       NULL);
}

/**
 * kpi_outlier_check_new_for_indicator:
 * @indicator_id: the id of an indicator the context knows
 *
 * Creates a check for the outliers of an indicator's series, with the
 * default thresholds and method (see [class@Kpi.OutlierCheck]).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_outlier_check_new_for_indicator (const char *indicator_id)
{
  g_return_val_if_fail (indicator_id != NULL, NULL);

  return g_object_new (KPI_TYPE_OUTLIER_CHECK, "indicator-id", indicator_id, NULL);
}

/**
 * kpi_outlier_check_get_indicator_id:
 * @self: an outlier check
 *
 * Gets the id of the indicator whose series is judged.
 *
 * Returns: (nullable): the id of the indicator whose series is judged
 *
 * Since: 0.1
 */
const char *
kpi_outlier_check_get_indicator_id (KpiOutlierCheck *self)
{
  g_return_val_if_fail (KPI_IS_OUTLIER_CHECK (self), NULL);
  return self->indicator_id;
}

/**
 * kpi_outlier_check_set_indicator_id:
 * @self: an outlier check
 * @indicator_id: (nullable): the id of an indicator the context knows
 *
 * Sets [property@Kpi.OutlierCheck:indicator-id].
 *
 * Since: 0.1
 */
void
kpi_outlier_check_set_indicator_id (KpiOutlierCheck *self,
                                    const char      *indicator_id)
{
  g_return_if_fail (KPI_IS_OUTLIER_CHECK (self));

  if (kpi_set_str (&self->indicator_id, indicator_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR_ID]);
}

/**
 * kpi_outlier_check_get_formula:
 * @self: an outlier check
 *
 * Gets the formula whose series is judged.
 *
 * Returns: (nullable): the formula whose series is judged
 *
 * Since: 0.1
 */
const char *
kpi_outlier_check_get_formula (KpiOutlierCheck *self)
{
  g_return_val_if_fail (KPI_IS_OUTLIER_CHECK (self), NULL);
  return self->formula;
}

/**
 * kpi_outlier_check_set_formula:
 * @self: an outlier check
 * @formula: (nullable): a formula over the check's dataset
 *
 * Sets [property@Kpi.OutlierCheck:formula]. It is parsed when the check
 * runs: a formula that does not parse is an error of the run.
 *
 * Since: 0.1
 */
void
kpi_outlier_check_set_formula (KpiOutlierCheck *self,
                               const char      *formula)
{
  g_return_if_fail (KPI_IS_OUTLIER_CHECK (self));

  if (kpi_set_str (&self->formula, formula))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMULA]);
}

/**
 * kpi_outlier_check_get_method:
 * @self: an outlier check
 *
 * Gets how values are scored.
 *
 * Returns: how values are scored
 *
 * Since: 0.1
 */
KpiOutlierMethod
kpi_outlier_check_get_method (KpiOutlierCheck *self)
{
  g_return_val_if_fail (KPI_IS_OUTLIER_CHECK (self), KPI_OUTLIER_METHOD_HAMPEL);
  return self->method;
}

/**
 * kpi_outlier_check_set_method:
 * @self: an outlier check
 * @method: how to score values
 *
 * Sets [property@Kpi.OutlierCheck:method].
 *
 * Since: 0.1
 */
void
kpi_outlier_check_set_method (KpiOutlierCheck  *self,
                              KpiOutlierMethod  method)
{
  g_return_if_fail (KPI_IS_OUTLIER_CHECK (self));
  g_return_if_fail (method == KPI_OUTLIER_METHOD_MODIFIED_Z || method == KPI_OUTLIER_METHOD_HAMPEL);

  if (self->method == method)
    return;
  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

/**
 * kpi_outlier_check_get_window:
 * @self: an outlier check
 *
 * Gets the periods on each side of a value the Hampel filter looks at.
 *
 * Returns: the periods on each side of a value the Hampel filter looks at,
 *   0 when they follow the granularity
 *
 * Since: 0.1
 */
guint
kpi_outlier_check_get_window (KpiOutlierCheck *self)
{
  g_return_val_if_fail (KPI_IS_OUTLIER_CHECK (self), 0);
  return self->window;
}

/**
 * kpi_outlier_check_set_window:
 * @self: an outlier check
 * @window: periods on each side of a value, 0 to follow the granularity
 *
 * Sets [property@Kpi.OutlierCheck:window].
 *
 * Since: 0.1
 */
void
kpi_outlier_check_set_window (KpiOutlierCheck *self,
                              guint            window)
{
  g_return_if_fail (KPI_IS_OUTLIER_CHECK (self));
  g_return_if_fail (window <= 10000);

  if (self->window == window)
    return;
  self->window = window;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}
