/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-seasonal-check.c: values of an indicator's series that depart from
 * its seasonal pattern */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-series-check-private.h"
#include "kpi-util-private.h"

/**
 * KpiSeasonalCheck:
 *
 * Looks for the values of an indicator that depart from its seasonal
 * pattern: a Tuesday whose online revenue is eight times what Tuesdays
 * bring at that time of the year, a December that is no higher than a
 * March. Like [class@Kpi.OutlierCheck], it judges the series of an
 * indicator ([property@Kpi.SeasonalCheck:indicator-id]) or of a formula
 * over the check's dataset ([property@Kpi.SeasonalCheck:formula]), period
 * by period at the check's [property@Kpi.Check:granularity], for the whole
 * data or for each group of [property@Kpi.Check:group-by].
 *
 * The fit is the classical additive decomposition x = T + S + R over a
 * season of [property@Kpi.SeasonalCheck:season-length] periods (m), as
 * statsmodels' `seasonal_decompose()` computes it:
 *
 * - the trend T is the centred moving average over one season (for an
 *   even m, a 2 × m average: the two ends weigh one half);
 * - the seasonal index of each of the m positions in the season is the
 *   mean of x − T at that position, less the mean of the m indices (so
 *   that they add up to 0);
 * - the residual R = x − T − S.
 *
 * The trend is not defined for the first and last m / 2 periods (the
 * moving average would run past the data): there it is extended by the
 * straight line fitted (least squares) to the first or last m values of
 * the trend, so that the latest periods, those a dashboard shows, are
 * judged too. A value's score is its residual in robust standard
 * deviations of the history: R / (1.4826 MAD), the MAD being that of the
 * residuals of the periods where the trend is defined (1.253314 times
 * their mean absolute deviation from the median when the MAD is 0; no
 * spread at all leaves nothing to judge).
 *
 * The fit needs two full seasons where the centred trend is defined, so
 * that each seasonal index is the mean of two values at least (with one,
 * as statsmodels allows, every residual is 0 and there is no spread to
 * judge by): a series, from its first value to its last, shorter than
 * 2 m + 2 ⌊m / 2⌋ periods (20 days, 36 months) gives
 * %KPI_CHECK_STATUS_INSUFFICIENT_DATA, with the count. Missing values
 * (and those of partial periods, as for [class@Kpi.OutlierCheck]) are
 * counted as missing; the trend is not defined where its average would
 * take one in, and those periods are not judged.
 *
 * The observed value is the largest |score|, graded against
 * [property@Kpi.Check:warn-threshold] (10 by default) and
 * [property@Kpi.Check:fail-threshold] (15 by default); every period and
 * group beyond the lower is in the result's scope (the indicator's
 * dataset and the fields its formula reads) and in its samples.
 *
 * Why 10 and 15 rather than the 3 standard deviations of a normal
 * residual: the daily revenue of a channel is a sum of a few lognormal
 * amounts, heavy tailed. Over two years of the clean sample data
 * (`kpi-sample-data --clean`, 20 000 orders, eleven seeds), the largest
 * score of a channel's daily revenue with a 7-day season is 4.4 to 6.8
 * (8.7 with 5 000 orders); 3 would flag a few ordinary days a month. The
 * seeded spike scores 23 to 52. Series with little noise (monthly totals)
 * deserve lower thresholds.
 *
 * The default [property@Kpi.SeasonalCheck:season-length] follows the
 * granularity: 7 days, 52 weeks, 12 months, 4 quarters. Years have no
 * season of their own: set one.
 *
 * In C, the spike of the sample data against the weekly pattern:
 *
 * ```c
 * g_autoptr(KpiCheck) check = kpi_seasonal_check_new ("orders", "sum(amount)");
 * g_autoptr(KpiCheckResult) result = NULL;
 *
 * kpi_check_set_granularity (check, KPI_GRANULARITY_DAY);
 * kpi_check_set_group_by (check, "channel");
 * result = kpi_check_run (check, context, NULL, &error);
 * // FAIL: "2025-05-20 online: 12373.76, 3.8× what the trend and the 7-day
 * //        season give (3296.49); residual z 33.9, beyond the failure threshold 15"
 * // (the spike lifts the moving average around it: the classical fit is
 * // not robust, its residual is)
 * ```
 *
 * In Python, the months of an indicator:
 *
 * ```python
 * check = Kpi.SeasonalCheck.new_for_indicator("revenue")
 * check.props.granularity = Kpi.Granularity.MONTH   # a 12-month season
 * result = check.run(context, None)
 * ```
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_seasonal_check_new ("orders", "sum(amount)");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_check_set_granularity (check, KPI_GRANULARITY_WEEK);
 * kpi_seasonal_check_set_season_length (KPI_SEASONAL_CHECK (check), 2); // a fortnightly cycle
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
 * check = Kpi.SeasonalCheck.new("orders", "sum(amount)")
 * check.set_granularity(Kpi.Granularity.WEEK)
 * check.set_season_length(2)  # a fortnightly cycle
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
 * const check = Kpi.SeasonalCheck.new('orders', 'sum(amount)');
 * check.set_granularity(Kpi.Granularity.WEEK);
 * check.set_season_length(2); // a fortnightly cycle
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiSeasonalCheck
{
  KpiCheck  parent_instance;

  char     *indicator_id;
  char     *formula;
  guint     season_length;   /* 0: from the granularity */
};

enum {
  PROP_0,
  PROP_INDICATOR_ID,
  PROP_FORMULA,
  PROP_SEASON_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiSeasonalCheck, kpi_seasonal_check, KPI_TYPE_CHECK)

/* The default thresholds, on the residual's robust score (see the class's
 * documentation for the figures behind them) */
#define DEFAULT_WARN 10.0
#define DEFAULT_FAIL 15.0

/* The MAD of a normal variable is σ / 1.4826 */
#define MAD_FACTOR 1.4826

#define MAX_SEASON_LENGTH 1000

/* A residual spread below this share of the values is rounding */
#define SPREAD_EPSILON 1e-9

static void
kpi_seasonal_check_finalize (GObject *object)
{
  KpiSeasonalCheck *self = KPI_SEASONAL_CHECK (object);

  g_free (self->indicator_id);
  g_free (self->formula);

  G_OBJECT_CLASS (kpi_seasonal_check_parent_class)->finalize (object);
}

static void
kpi_seasonal_check_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KpiSeasonalCheck *self = KPI_SEASONAL_CHECK (object);

  switch (prop_id)
    {
    case PROP_INDICATOR_ID:
      g_value_set_string (value, self->indicator_id);
      break;
    case PROP_FORMULA:
      g_value_set_string (value, self->formula);
      break;
    case PROP_SEASON_LENGTH:
      g_value_set_uint (value, self->season_length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_seasonal_check_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KpiSeasonalCheck *self = KPI_SEASONAL_CHECK (object);

  switch (prop_id)
    {
    case PROP_INDICATOR_ID:
      kpi_seasonal_check_set_indicator_id (self, g_value_get_string (value));
      break;
    case PROP_FORMULA:
      kpi_seasonal_check_set_formula (self, g_value_get_string (value));
      break;
    case PROP_SEASON_LENGTH:
      kpi_seasonal_check_set_season_length (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The season when none is set, 0 when the granularity has none */
static guint
default_season_length (KpiGranularity granularity)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      return 7;
    case KPI_GRANULARITY_WEEK:
      return 52;
    case KPI_GRANULARITY_MONTH:
      return 12;
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return 4;
    case KPI_GRANULARITY_YEAR:
    case KPI_GRANULARITY_FISCAL_YEAR:
    case KPI_GRANULARITY_CUSTOM:
    default:
      return 0;
    }
}

typedef struct
{
  guint          season_length;
  KpiGranularity granularity;
} Describe;

static char *
describe_fit (gpointer user_data,
              guint    group G_GNUC_UNUSED,
              guint    period G_GNUC_UNUSED)
{
  Describe *d = user_data;

  return g_strdup_printf ("what the trend and the %u-%s season give",
                          d->season_length, kpi_series_unit_name (d->granularity, 1));
}

/* Extends the trend @t (NaN where undefined) over [@from, @to] by the
 * straight line fitted by least squares to its defined values among the
 * @m indices from @fit_from on. */
static void
extend_trend (double *t,
              guint   fit_from,
              guint   m,
              guint   from,
              guint   to)
{
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, slope = 0, intercept;

  for (guint i = fit_from; i < fit_from + m; i++)
    {
      if (isnan (t[i]))
        continue;
      n++;
      sx += i;
      sy += t[i];
      sxx += (double) i * i;
      sxy += i * t[i];
    }
  if (n == 0)
    return;
  if (n > 1 && n * sxx - sx * sx != 0)
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  intercept = (sy - slope * sx) / n;
  for (guint i = from; i <= to; i++)
    t[i] = intercept + slope * i;
}

static char *
score_seasonal (KpiSeries      *series,
                guint           group,
                guint           m,
                KpiGranularity  granularity,
                double         *trend,
                double         *buf,
                double         *scores,
                double         *centers)
{
  const double *x = kpi_series_group_values (series, group);
  gsize base = (gsize) group * series->n_periods;
  guint n = series->n_periods, h = m / 2;
  guint a = n, b = 0, span, first_t = n, last_t = 0, n_resid = 0;
  g_autofree double *index = g_new0 (double, m);
  g_autofree guint *count = g_new0 (guint, m);
  double mean_index = 0, median, spread, magnitude = 0;

  for (guint t = 0; t < n; t++)
    if (!isnan (x[t]))
      {
        a = MIN (a, t);
        b = t;
        magnitude = MAX (magnitude, fabs (x[t]));
      }
  span = a < n ? b - a + 1 : 0;
  /* Two seasons where the centred trend is defined, so that each seasonal
   * index is the mean of two values at least: with one, every residual
   * there is 0, and there is no spread to judge by. */
  if (span < 2 * m + 2 * h)
    return g_strdup_printf ("%u %s of history, %u needed: two seasons of %u, and half a season "
                            "at each end for the centred trend",
                            span, kpi_series_unit_name (granularity, span), 2 * m + 2 * h, m);

  /* The trend: a centred moving average over one season */
  for (guint t = 0; t < n; t++)
    trend[t] = NAN;
  for (guint t = a + h; t + h <= b; t++)
    {
      double sum = 0;

      if (m % 2 == 0)
        {
          sum = 0.5 * (x[t - h] + x[t + h]);
          for (guint k = t - h + 1; k < t + h; k++)
            sum += x[k];
        }
      else
        for (guint k = t - h; k <= t + h; k++)
          sum += x[k];
      trend[t] = sum / m;   /* NaN when a value is missing */
      if (!isnan (trend[t]))
        {
          first_t = MIN (first_t, t);
          last_t = t;
        }
    }
  if (first_t == n)
    return g_strdup ("too many missing values for a moving average over a season");

  /* The seasonal indices: the mean of x − T at each position, centred */
  for (guint t = first_t; t <= last_t; t++)
    if (!isnan (trend[t]) && !isnan (x[t]))
      {
        index[t % m] += x[t] - trend[t];
        count[t % m]++;
      }
  for (guint j = 0; j < m; j++)
    {
      if (count[j] < 2)
        return g_strdup ("too many missing values for a seasonal index at each position of the season");
      index[j] /= count[j];
      mean_index += index[j];
    }
  mean_index /= m;
  for (guint j = 0; j < m; j++)
    index[j] -= mean_index;

  /* The spread of the residuals where the trend is defined */
  for (guint t = first_t; t <= last_t; t++)
    if (!isnan (trend[t]) && !isnan (x[t]))
      buf[n_resid++] = x[t] - trend[t] - index[t % m];
  spread = kpi_series_spread (buf, n_resid, MAD_FACTOR, &median);
  /* what is left of an exact fit is rounding, not spread */
  if (spread <= SPREAD_EPSILON * magnitude)
    return g_strdup ("the seasonal fit leaves no spread in the residuals to judge against");

  /* The ends, where the centred average is not defined */
  if (first_t > a)
    extend_trend (trend, first_t, MIN (m, last_t - first_t + 1), a, first_t - 1);
  if (last_t < b)
    extend_trend (trend, last_t + 1 - MIN (m, last_t - first_t + 1),
                  MIN (m, last_t - first_t + 1), last_t + 1, b);

  for (guint t = a; t <= b; t++)
    {
      double fit;

      if (!series->judged[t] || isnan (x[t]) || isnan (trend[t]))
        continue;
      fit = trend[t] + index[t % m];
      scores[base + t] = (x[t] - fit) / spread;
      centers[base + t] = fit;
    }
  return NULL;
}

static KpiCheckResult *
kpi_seasonal_check_run (KpiCheck      *check,
                        KpiContext    *context,
                        GCancellable  *cancellable,
                        GError       **error)
{
  KpiSeasonalCheck *self = KPI_SEASONAL_CHECK (check);
  KpiGranularity granularity = kpi_check_get_granularity (check);
  g_autoptr(KpiSeries) series = NULL;
  g_auto(KpiSeriesCells) cells = { 0 };
  g_autofree double *trend = NULL;
  guint m = self->season_length != 0 ? self->season_length : default_season_length (granularity);
  Describe describe;
  KpiSeriesScores s = { 0 };

  if (m == 0)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: years have no season of their own: set a season-length",
                   kpi_check_display_name (check, "check"));
      return NULL;
    }
  if (m < 2)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: a season of %u period is no season: set a season-length of 2 or more",
                   kpi_check_display_name (check, "check"), m);
      return NULL;
    }

  series = kpi_series_new (check, context, self->indicator_id, self->formula, cancellable, error);
  if (series == NULL)
    return NULL;

  kpi_series_cells_init (&cells, series);
  trend = g_new (double, MAX (series->n_periods, 1));

  for (guint g = 0; g < series->n_groups; g++)
    cells.why_not[g] = score_seasonal (series, g, m, granularity, trend, cells.buf, cells.scores, cells.centers);

  describe.season_length = m;
  describe.granularity = granularity;
  s.scores = cells.scores;
  s.centers = cells.centers;
  s.why_not = cells.why_not;
  s.score_name = "residual z";
  s.finding = "seasonal anomaly";
  s.describe = describe_fit;
  s.user_data = &describe;
  return kpi_series_verdict (series, check, &s, cancellable, error);
}

static void
kpi_seasonal_check_class_init (KpiSeasonalCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_seasonal_check_finalize;
  object_class->get_property = kpi_seasonal_check_get_property;
  object_class->set_property = kpi_seasonal_check_set_property;
  check_class->run = kpi_seasonal_check_run;

  /**
   * KpiSeasonalCheck:indicator-id:
   *
   * The id of the indicator whose series is judged, looked up in the
   * context the check runs in; its dataset is the one it reads. Set this
   * or [property@Kpi.SeasonalCheck:formula], not both.
   *
   * Since: 0.1
   */
  properties[PROP_INDICATOR_ID] = g_param_spec_string ("indicator-id", NULL, NULL, NULL, rw);

  /**
   * KpiSeasonalCheck:formula:
   *
   * A formula whose series is judged (`sum(amount)`), over the check's
   * dataset ([property@Kpi.Check:dataset-name]). Set this or
   * [property@Kpi.SeasonalCheck:indicator-id], not both.
   *
   * Since: 0.1
   */
  properties[PROP_FORMULA] = g_param_spec_string ("formula", NULL, NULL, NULL, rw);

  /**
   * KpiSeasonalCheck:season-length:
   *
   * How many periods make a season (m). 0 (the default) takes it from the
   * granularity: 7 days, 52 weeks, 12 months, 4 quarters; years have
   * none, and a check of years without one fails to run.
   *
   * Since: 0.1
   */
  properties[PROP_SEASON_LENGTH] =
    g_param_spec_uint ("season-length", NULL, NULL, 0, MAX_SEASON_LENGTH, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_seasonal_check_init (KpiSeasonalCheck *self)
{
  kpi_check_set_thresholds (KPI_CHECK (self), DEFAULT_WARN, DEFAULT_FAIL);
}

/**
 * kpi_seasonal_check_new:
 * @dataset_name: (nullable): the name of the dataset @formula reads, as
 *   the context knows it
 * @formula: (nullable): the formula whose series is judged (`sum(amount)`)
 *
 * Creates a check for the seasonal anomalies of @formula's series over
 * the dataset @dataset_name, with the default thresholds and season (see
 * [class@Kpi.SeasonalCheck]).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_seasonal_check_new (const char *dataset_name,
                        const char *formula)
{
  return g_object_new (KPI_TYPE_SEASONAL_CHECK,
                       "dataset-name", dataset_name,
                       "formula", formula,
                       NULL);
}

/**
 * kpi_seasonal_check_new_for_indicator:
 * @indicator_id: the id of an indicator the context knows
 *
 * Creates a check for the seasonal anomalies of an indicator's series,
 * with the default thresholds and season (see [class@Kpi.SeasonalCheck]).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_seasonal_check_new_for_indicator (const char *indicator_id)
{
  g_return_val_if_fail (indicator_id != NULL, NULL);

  return g_object_new (KPI_TYPE_SEASONAL_CHECK, "indicator-id", indicator_id, NULL);
}

/**
 * kpi_seasonal_check_get_indicator_id:
 * @self: a seasonal check
 *
 * Gets the id of the indicator whose series is judged.
 *
 * Returns: (nullable): the id of the indicator whose series is judged
 *
 * Since: 0.1
 */
const char *
kpi_seasonal_check_get_indicator_id (KpiSeasonalCheck *self)
{
  g_return_val_if_fail (KPI_IS_SEASONAL_CHECK (self), NULL);
  return self->indicator_id;
}

/**
 * kpi_seasonal_check_set_indicator_id:
 * @self: a seasonal check
 * @indicator_id: (nullable): the id of an indicator the context knows
 *
 * Sets [property@Kpi.SeasonalCheck:indicator-id].
 *
 * Since: 0.1
 */
void
kpi_seasonal_check_set_indicator_id (KpiSeasonalCheck *self,
                                     const char       *indicator_id)
{
  g_return_if_fail (KPI_IS_SEASONAL_CHECK (self));

  if (kpi_set_str (&self->indicator_id, indicator_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR_ID]);
}

/**
 * kpi_seasonal_check_get_formula:
 * @self: a seasonal check
 *
 * Gets the formula whose series is judged.
 *
 * Returns: (nullable): the formula whose series is judged
 *
 * Since: 0.1
 */
const char *
kpi_seasonal_check_get_formula (KpiSeasonalCheck *self)
{
  g_return_val_if_fail (KPI_IS_SEASONAL_CHECK (self), NULL);
  return self->formula;
}

/**
 * kpi_seasonal_check_set_formula:
 * @self: a seasonal check
 * @formula: (nullable): a formula over the check's dataset
 *
 * Sets [property@Kpi.SeasonalCheck:formula]. It is parsed when the check
 * runs: a formula that does not parse is an error of the run.
 *
 * Since: 0.1
 */
void
kpi_seasonal_check_set_formula (KpiSeasonalCheck *self,
                                const char       *formula)
{
  g_return_if_fail (KPI_IS_SEASONAL_CHECK (self));

  if (kpi_set_str (&self->formula, formula))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMULA]);
}

/**
 * kpi_seasonal_check_get_season_length:
 * @self: a seasonal check
 *
 * Gets the periods of a season.
 *
 * Returns: the periods of a season, 0 when they follow the granularity
 *
 * Since: 0.1
 */
guint
kpi_seasonal_check_get_season_length (KpiSeasonalCheck *self)
{
  g_return_val_if_fail (KPI_IS_SEASONAL_CHECK (self), 0);
  return self->season_length;
}

/**
 * kpi_seasonal_check_set_season_length:
 * @self: a seasonal check
 * @season_length: the periods of a season (2 or more), 0 to follow the
 *   granularity
 *
 * Sets [property@Kpi.SeasonalCheck:season-length].
 *
 * Since: 0.1
 */
void
kpi_seasonal_check_set_season_length (KpiSeasonalCheck *self,
                                      guint             season_length)
{
  g_return_if_fail (KPI_IS_SEASONAL_CHECK (self));
  g_return_if_fail (season_length <= MAX_SEASON_LENGTH);

  if (self->season_length == season_length)
    return;
  self->season_length = season_length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON_LENGTH]);
}
