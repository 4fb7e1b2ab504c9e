/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecaster.c: KpiForecaster, which forecasts the next periods of a
 * series: its settings, the check of what a user typed, the history as it
 * reads it, its automatic choice of a method by backtest, and the
 * description of the forecast it makes (the methods themselves are in
 * kpi-forecast-methods.c, the forecast it gives in kpi-forecast.c) */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-forecast-private.h"
#include "kpi-util-private.h"
#include "kpi-stats-private.h"

/**
 * KpiForecaster:
 *
 * Forecasts the next periods of a series (monthly revenue, say) by
 * exponential smoothing, with a prediction interval around each point.
 *
 * ```c
 * g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
 * g_autoptr(KpiForecast) next = kpi_forecaster_forecast (forecaster, revenue, 36, 6, &error);
 * for (guint h = 0; h < 6; h++)
 *   g_print ("%.0f (%.0f to %.0f)\n", kpi_forecast_get_point (next, h),
 *            kpi_forecast_get_lower (next, h), kpi_forecast_get_upper (next, h));
 * g_print ("%s\n", kpi_forecast_get_description (next));
 * ```
 *
 * The methods ([enum@Kpi.ForecastMethod]):
 *
 * - naive: every future value is the last one;
 * - seasonal naive: the value of the same season one season earlier;
 * - Holt's linear trend: a level and a trend smoothed with α and β,
 *   initialised with level₀ = y₀ and trend₀ = y₁ − y₀;
 * - additive damped trend (Gardner & McKenzie, 1985): Holt's method whose
 *   trend fades by a factor φ each period, initialised the same way:
 *   ℓₜ = αyₜ + (1 − α)(ℓₜ₋₁ + φbₜ₋₁), bₜ = β(ℓₜ − ℓₜ₋₁) + (1 − β)φbₜ₋₁,
 *   ŷₜ₊ₕ = ℓₜ + (φ + φ² + … + φʰ)bₜ: the forecasts level off at
 *   ℓₜ + φbₜ/(1 − φ) instead of climbing for ever;
 * - Holt–Winters additive with a season of m periods: with ȳ₁ and ȳ₂ the
 *   means of the first two seasons, trend₀ = (ȳ₂ − ȳ₁) / m, seasonal index
 *   sᵢ = yᵢ − (ȳ₁ + trend₀·(i − (m − 1)/2)) for the m first periods and
 *   level₀ = ȳ₁ + trend₀·(m − 1)/2 (the mean is the level in the middle of
 *   the season); these are the states at the end of the first season, and the one-step
 *   forecasts start with period m. The recursions are the standard
 *   additive ones:
 *   ℓₜ = α(yₜ − sₜ₋ₘ) + (1 − α)(ℓₜ₋₁ + bₜ₋₁),
 *   bₜ = β(ℓₜ − ℓₜ₋₁) + (1 − β)bₜ₋₁,
 *   sₜ = γ(yₜ − ℓₜ₋₁ − bₜ₋₁) + (1 − γ)sₜ₋ₘ,
 *   and ŷₜ₊ₕ = ℓₜ + h·bₜ + sₜ₊ₕ₋ₘ₍ₖ₊₁₎, k = ⌊(h − 1)/m⌋.
 *
 * Each method needs a minimum history: one value (naive), one season
 * (seasonal naive), three values (Holt), four (damped trend), two seasons
 * (Holt–Winters).
 *
 * %KPI_FORECAST_METHOD_AUTO (the default) chooses by a rolling-origin
 * backtest. Each method whose minimum history leaves it at least three
 * origins takes part; all of them are scored on the same forecasts: from
 * every origin o from the largest of their minimum histories to the last
 * value, each method forecasts the periods o, o + 1, … (up to the horizon
 * asked, and as far as the history goes) from the o values before them,
 * its parameters estimated again from those values. The error is the mean
 * absolute error of all those forecasts, in the unit of the series; the
 * lowest wins, and a tie (errors within one part in 10⁹) goes to the
 * simpler method, in the order naive, seasonal naive, Holt, damped trend,
 * Holt–Winters. The choice is deterministic. With fewer than two methods
 * to compare, the choice falls back on the length of the history:
 * Holt–Winters with two full seasons, Holt with three values, naive
 * otherwise. The forecast says which method won, by what error over how
 * many origins, and the errors of the others
 * ([method@Kpi.Forecast.get_description],
 * [method@Kpi.Forecast.get_backtest_error]).
 *
 * Smoothing parameters that are not set (NaN, the default of their
 * properties) are estimated: those minimising the sum of squared
 * one-step-ahead errors, found on a grid (0.1 steps for α, β and γ, nine
 * values from 0.8 to 0.98 for φ) then refined by golden-section searches
 * one parameter at a time, within 0.0001..0.9999 (0.8..0.98 for φ). The
 * search is deterministic.
 *
 * Series of any magnitude are fitted the same way: the history is divided
 * by a power of two near its largest absolute value before fitting and the
 * results multiplied back, which is exact, so that squared errors neither
 * overflow (values near 1e155 or 1e300) nor vanish (values near 1e-300)
 * and results at ordinary magnitudes are not changed by a bit. A result
 * that would still be beyond the range of a double fails with
 * %KPI_FORECAST_ERROR_OUT_OF_RANGE; no forecast, bound or parameter is
 * ever infinite or NaN (bounds are NaN, as documented, only when there are
 * no one-step errors to measure σ by).
 *
 * Prediction intervals are normal, with σ the root mean square of the
 * one-step errors and the variance multipliers of the ETS(A,N,N),
 * ETS(A,A,N), ETS(A,Ad,N) and ETS(A,A,A) models (Hyndman & Athanasopoulos):
 * σ²h for naive, σ²(k + 1) for seasonal naive, and for Holt and
 * Holt–Winters σ²[1 + (h−1){α² + αβ'h + β'²h(2h−1)/6} + γk{2α + γ + β'm(k+1)}]
 * with β' = αβ (the γ term only with a season); for the damped trend
 * σ²[1 + Σⱼ₌₁..ₕ₋₁ (α + β'(φ + … + φʲ))²].
 *
 * In the history, missing values (NaN) at the start are dropped, missing
 * values inside are interpolated linearly between their neighbours, and a
 * missing last value is an error (%KPI_FORECAST_ERROR_MISSING_VALUE).
 *
 * What a user may type — the confidence level, the smoothing and damping
 * parameters, the season length, the horizon — is accepted as it is by
 * the setters and the properties, and checked when a forecast is made:
 * [method@Kpi.Forecaster.forecast] fails with
 * %KPI_FORECAST_ERROR_INVALID_PARAMETER and a message naming the value.
 * The setters' g_return_if_fail() checks are for programming errors only
 * (a forecaster that is not one, a method outside the enumeration).
 *
 * A forecaster may be used from one thread at a time; the forecasts it
 * makes are immutable and may be shared.
 *
 * ## Example
 *
 * ```c
 * // two years of monthly orders, oldest first
 * const double orders[] = { 80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *                           90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155 };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
 * g_autoptr(KpiForecast) forecast = NULL;
 *
 * kpi_forecaster_set_method (forecaster, KPI_FORECAST_METHOD_HOLT_WINTERS);
 * forecast = kpi_forecaster_forecast (forecaster, orders, G_N_ELEMENTS (orders), 3, &error);
 * if (forecast == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < 3; i++)
 *   g_print ("%.0f (%.0f to %.0f)\n", kpi_forecast_get_point (forecast, i),
 *            kpi_forecast_get_lower (forecast, i), kpi_forecast_get_upper (forecast, i));
 * ```
 *
 * ```python
 * # two years of monthly orders, oldest first
 * orders = [80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *           90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155]
 * forecaster = Kpi.Forecaster.new()
 * forecaster.set_method(Kpi.ForecastMethod.HOLT_WINTERS)
 * forecast = forecaster.forecast(orders, 3)
 * for i in range(3):
 *     print(f"{forecast.get_point(i):.0f} ({forecast.get_lower(i):.0f} to {forecast.get_upper(i):.0f})")
 * ```
 *
 * ```js
 * // two years of monthly orders, oldest first
 * const orders = [80, 85, 95, 100, 110, 120, 115, 105, 100, 95, 110, 140,
 *     90, 96, 104, 112, 121, 133, 126, 117, 110, 104, 122, 155];
 * const forecaster = Kpi.Forecaster.new();
 * forecaster.set_method(Kpi.ForecastMethod.HOLT_WINTERS);
 * const forecast = forecaster.forecast(orders, 3);
 * for (let i = 0; i < 3; i++) {
 *     const [point, lower, upper] = [forecast.get_point(i), forecast.get_lower(i), forecast.get_upper(i)];
 *     print(`${point.toFixed(0)} (${lower.toFixed(0)} to ${upper.toFixed(0)})`);
 * }
 * ```
 *
 * Since: 0.1
 */

struct _KpiForecaster
{
  GObject            parent_instance;

  KpiForecastMethod  method;
  guint              season_length;
  double             confidence_level;
  double             alpha;  /* NaN: estimate */
  double             beta;
  double             gamma;
  double             phi;
};

enum {
  PROP_0,
  PROP_METHOD,
  PROP_SEASON_LENGTH,
  PROP_CONFIDENCE_LEVEL,
  PROP_ALPHA,
  PROP_BETA,
  PROP_GAMMA,
  PROP_PHI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiForecaster, kpi_forecaster, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* The forecaster object                                                    */
/* ------------------------------------------------------------------------ */

static void
kpi_forecaster_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KpiForecaster *self = KPI_FORECASTER (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_SEASON_LENGTH:
      g_value_set_uint (value, self->season_length);
      break;
    case PROP_CONFIDENCE_LEVEL:
      g_value_set_double (value, self->confidence_level);
      break;
    case PROP_ALPHA:
      g_value_set_double (value, self->alpha);
      break;
    case PROP_BETA:
      g_value_set_double (value, self->beta);
      break;
    case PROP_GAMMA:
      g_value_set_double (value, self->gamma);
      break;
    case PROP_PHI:
      g_value_set_double (value, self->phi);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_forecaster_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KpiForecaster *self = KPI_FORECASTER (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      kpi_forecaster_set_method (self, g_value_get_enum (value));
      break;
    case PROP_SEASON_LENGTH:
      kpi_forecaster_set_season_length (self, g_value_get_uint (value));
      break;
    case PROP_CONFIDENCE_LEVEL:
      kpi_forecaster_set_confidence_level (self, g_value_get_double (value));
      break;
    case PROP_ALPHA:
      kpi_forecaster_set_alpha (self, g_value_get_double (value));
      break;
    case PROP_BETA:
      kpi_forecaster_set_beta (self, g_value_get_double (value));
      break;
    case PROP_GAMMA:
      kpi_forecaster_set_gamma (self, g_value_get_double (value));
      break;
    case PROP_PHI:
      kpi_forecaster_set_phi (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_forecaster_class_init (KpiForecasterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kpi_forecaster_get_property;
  object_class->set_property = kpi_forecaster_set_property;

  /* What a user may type is checked when a forecast is made, with a
   * GError: the properties take any number, so that an out-of-range value
   * set from a binding or a settings file is not a warning but an error
   * the application can show. */

  /**
   * KpiForecaster:method:
   *
   * The forecasting method; %KPI_FORECAST_METHOD_AUTO chooses by a
   * backtest over the history.
   *
   * Since: 0.1
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, KPI_TYPE_FORECAST_METHOD,
                       KPI_FORECAST_METHOD_AUTO, rw);
  /**
   * KpiForecaster:season-length:
   *
   * The number of periods in a season: 12 for monthly data with a yearly
   * season, 4 for quarters, 7 for days of the week; 0 (which no season
   * has) for the default, %KPI_DEFAULT_FORECAST_SEASON_LENGTH (12), which
   * is what the property then holds. A season of 1 period is no season: a
   * forecast with it fails with %KPI_FORECAST_ERROR_INVALID_PARAMETER.
   *
   * Since: 0.1
   */
  properties[PROP_SEASON_LENGTH] =
    g_param_spec_uint ("season-length", NULL, NULL, 0, G_MAXUINT,
                       KPI_DEFAULT_FORECAST_SEASON_LENGTH, rw);
  /**
   * KpiForecaster:confidence-level:
   *
   * The probability that a future value falls within the prediction
   * interval, strictly between 0 and 1 (a forecast with another level
   * fails with %KPI_FORECAST_ERROR_INVALID_PARAMETER); NaN for the
   * default, %KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL (0.95), which is what
   * the property then holds.
   *
   * Since: 0.1
   */
  properties[PROP_CONFIDENCE_LEVEL] =
    kpi_param_spec_nan_double ("confidence-level", KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL, rw);
  /**
   * KpiForecaster:alpha:
   *
   * The smoothing parameter of the level, α, in 0..1; NaN (the default)
   * to estimate it from the history.
   *
   * Since: 0.1
   */
  properties[PROP_ALPHA] = kpi_param_spec_nan_double ("alpha", NAN, rw);
  /**
   * KpiForecaster:beta:
   *
   * The smoothing parameter of the trend, β, in 0..1 (0 keeps the first
   * trend for ever); NaN (the default) to estimate it.
   *
   * Since: 0.1
   */
  properties[PROP_BETA] = kpi_param_spec_nan_double ("beta", NAN, rw);
  /**
   * KpiForecaster:gamma:
   *
   * The smoothing parameter of the seasonal indices, γ, in 0..1 (0 keeps
   * the first season's indices for ever); NaN (the default) to estimate
   * it.
   *
   * Since: 0.1
   */
  properties[PROP_GAMMA] = kpi_param_spec_nan_double ("gamma", NAN, rw);
  /**
   * KpiForecaster:phi:
   *
   * The damping parameter of %KPI_FORECAST_METHOD_DAMPED_TREND, φ, in
   * 0..1 (1 is Holt's undamped trend, 0 a trend that is gone after the
   * first period); NaN (the default) to estimate it, within 0.8..0.98.
   *
   * Since: 0.1
   */
  properties[PROP_PHI] = kpi_param_spec_nan_double ("phi", NAN, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_forecaster_init (KpiForecaster *self)
{
  self->method = KPI_FORECAST_METHOD_AUTO;
  self->season_length = KPI_DEFAULT_FORECAST_SEASON_LENGTH;
  self->confidence_level = KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL;
  self->alpha = NAN;
  self->beta = NAN;
  self->gamma = NAN;
  self->phi = NAN;
}

/**
 * kpi_forecaster_new:
 *
 * Creates a forecaster with the defaults: automatic method, a season of
 * %KPI_DEFAULT_FORECAST_SEASON_LENGTH (12) periods,
 * %KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL (95 %) prediction intervals,
 * estimated parameters.
 *
 * Returns: (transfer full): a new forecaster
 *
 * Since: 0.1
 */
KpiForecaster *
kpi_forecaster_new (void)
{
  return g_object_new (KPI_TYPE_FORECASTER, NULL);
}

/**
 * kpi_forecaster_get_method:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:method].
 *
 * Returns: the method
 *
 * Since: 0.1
 */
KpiForecastMethod
kpi_forecaster_get_method (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), KPI_FORECAST_METHOD_AUTO);

  return self->method;
}

/**
 * kpi_forecaster_set_method:
 * @self: a forecaster
 * @method: the method
 *
 * Sets [property@Kpi.Forecaster:method].
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_method (KpiForecaster     *self,
                           KpiForecastMethod  method)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));
  g_return_if_fail (method <= KPI_FORECAST_METHOD_DAMPED_TREND);

  if (self->method == method)
    return;
  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

/**
 * kpi_forecaster_get_season_length:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:season-length].
 *
 * Returns: the number of periods in a season (never 0: 0 sets the
 *   default)
 *
 * Since: 0.1
 */
guint
kpi_forecaster_get_season_length (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), 0);

  return self->season_length;
}

/**
 * kpi_forecaster_set_season_length:
 * @self: a forecaster
 * @season_length: the number of periods in a season, at least 2; 0 for
 *   the default, %KPI_DEFAULT_FORECAST_SEASON_LENGTH
 *
 * Sets [property@Kpi.Forecaster:season-length]. Any number is accepted
 * here; a forecast with a season of 1 period fails with
 * %KPI_FORECAST_ERROR_INVALID_PARAMETER.
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_season_length (KpiForecaster *self,
                                  guint          season_length)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));

  if (season_length == 0)
    season_length = KPI_DEFAULT_FORECAST_SEASON_LENGTH;

  if (self->season_length == season_length)
    return;
  self->season_length = season_length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON_LENGTH]);
}

/**
 * kpi_forecaster_get_confidence_level:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:confidence-level].
 *
 * Returns: the confidence level of the prediction intervals (never NaN:
 *   NaN sets the default)
 *
 * Since: 0.1
 */
double
kpi_forecaster_get_confidence_level (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), NAN);

  return self->confidence_level;
}

/**
 * kpi_forecaster_set_confidence_level:
 * @self: a forecaster
 * @level: the confidence level, such as 0.8 or 0.95; NaN for the default,
 *   %KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL
 *
 * Sets [property@Kpi.Forecaster:confidence-level]. Any number is accepted
 * here; one that is not strictly between 0 and 1 makes
 * [method@Kpi.Forecaster.forecast] fail with
 * %KPI_FORECAST_ERROR_INVALID_PARAMETER.
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_confidence_level (KpiForecaster *self,
                                     double         level)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));

  if (isnan (level))
    level = KPI_DEFAULT_FORECAST_CONFIDENCE_LEVEL;

  if (self->confidence_level == level)
    return;
  self->confidence_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE_LEVEL]);
}

static void
set_smoothing (KpiForecaster *self,
               double        *field,
               double         value,
               int            prop)
{
  /* NaN means "estimate"; other values are kept as they are, checked
   * when a forecast is made. */
  if ((isnan (*field) && isnan (value)) || *field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * kpi_forecaster_get_alpha:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:alpha], the level smoothing parameter
 * the forecaster uses.
 *
 * Returns: α, or NaN when it is estimated
 *
 * Since: 0.1
 */
double
kpi_forecaster_get_alpha (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), NAN);

  return self->alpha;
}

/**
 * kpi_forecaster_set_alpha:
 * @self: a forecaster
 * @alpha: α in 0..1, or NaN to estimate it
 *
 * Sets [property@Kpi.Forecaster:alpha]. Any number is accepted here; one
 * outside 0..1 makes [method@Kpi.Forecaster.forecast] fail with
 * %KPI_FORECAST_ERROR_INVALID_PARAMETER.
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_alpha (KpiForecaster *self,
                          double         alpha)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));

  set_smoothing (self, &self->alpha, alpha, PROP_ALPHA);
}

/**
 * kpi_forecaster_get_beta:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:beta], the trend smoothing parameter the
 * forecaster uses.
 *
 * Returns: β, or NaN when it is estimated
 *
 * Since: 0.1
 */
double
kpi_forecaster_get_beta (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), NAN);

  return self->beta;
}

/**
 * kpi_forecaster_set_beta:
 * @self: a forecaster
 * @beta: β in 0..1, or NaN to estimate it
 *
 * Sets [property@Kpi.Forecaster:beta]; checked as
 * [method@Kpi.Forecaster.set_alpha] says.
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_beta (KpiForecaster *self,
                         double         beta)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));

  set_smoothing (self, &self->beta, beta, PROP_BETA);
}

/**
 * kpi_forecaster_get_gamma:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:gamma], the seasonal smoothing parameter
 * the forecaster uses.
 *
 * Returns: γ, or NaN when it is estimated
 *
 * Since: 0.1
 */
double
kpi_forecaster_get_gamma (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), NAN);

  return self->gamma;
}

/**
 * kpi_forecaster_set_gamma:
 * @self: a forecaster
 * @gamma: γ in 0..1, or NaN to estimate it
 *
 * Sets [property@Kpi.Forecaster:gamma]; checked as
 * [method@Kpi.Forecaster.set_alpha] says.
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_gamma (KpiForecaster *self,
                          double         gamma)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));

  set_smoothing (self, &self->gamma, gamma, PROP_GAMMA);
}

/**
 * kpi_forecaster_get_phi:
 * @self: a forecaster
 *
 * Gets [property@Kpi.Forecaster:phi], the damping parameter of the damped
 * trend the forecaster uses.
 *
 * Returns: φ, or NaN when it is estimated
 *
 * Since: 0.1
 */
double
kpi_forecaster_get_phi (KpiForecaster *self)
{
  g_return_val_if_fail (KPI_IS_FORECASTER (self), NAN);

  return self->phi;
}

/**
 * kpi_forecaster_set_phi:
 * @self: a forecaster
 * @phi: φ in 0..1, or NaN to estimate it
 *
 * Sets [property@Kpi.Forecaster:phi]; checked as
 * [method@Kpi.Forecaster.set_alpha] says.
 *
 * Since: 0.1
 */
void
kpi_forecaster_set_phi (KpiForecaster *self,
                        double         phi)
{
  g_return_if_fail (KPI_IS_FORECASTER (self));

  set_smoothing (self, &self->phi, phi, PROP_PHI);
}

/* ------------------------------------------------------------------------ */
/* Backtests                                                                */
/* ------------------------------------------------------------------------ */

/* The methods the automatic choice compares, simplest first: the order
 * breaks ties. */
static const KpiForecastMethod auto_methods[] = {
  KPI_FORECAST_METHOD_NAIVE,
  KPI_FORECAST_METHOD_SEASONAL_NAIVE,
  KPI_FORECAST_METHOD_HOLT,
  KPI_FORECAST_METHOD_DAMPED_TREND,
  KPI_FORECAST_METHOD_HOLT_WINTERS,
};
#define N_AUTO_METHODS G_N_ELEMENTS (auto_methods)

/* The backtest of @method on the scaled history @ys (see
 * kpi_forecaster_backtest()). */
static gboolean
backtest_scaled (KpiForecaster     *self,
                 KpiForecastMethod  method,
                 const double      *ys,
                 gsize              first,
                 gsize              last,
                 guint              horizon,
                 double            *forecasts)
{
  for (gsize o = first; o <= last; o++)
    {
      g_autoptr(KpiForecast) f = kpi_forecast_by_method (self, method, ys, o, horizon);

      for (guint h = 0; h < horizon; h++)
        {
          if (!isfinite (f->points[h]))
            return FALSE;
          forecasts[(o - first) * horizon + h] = f->points[h];
        }
    }
  return TRUE;
}

gboolean
kpi_forecaster_backtest (KpiForecaster     *self,
                         KpiForecastMethod  method,
                         const double      *y,
                         gsize              n,
                         gsize              first,
                         gsize              last,
                         guint              horizon,
                         double            *forecasts)
{
  double scale = kpi_power_of_two_scale (y, n);
  g_autofree double *ys = g_new (double, MAX (n, 1));
  gsize count = (last - first + 1) * (gsize) horizon;

  g_return_val_if_fail (method != KPI_FORECAST_METHOD_AUTO, FALSE);
  g_return_val_if_fail (first >= kpi_forecast_method_min_history (method, self->season_length), FALSE);
  g_return_val_if_fail (first <= last && last <= n, FALSE);

  for (gsize t = 0; t < n; t++)
    ys[t] = y[t] / scale;
  if (!backtest_scaled (self, method, ys, first, last, horizon, forecasts))
    return FALSE;
  for (gsize i = 0; i < count; i++)
    {
      forecasts[i] *= scale;
      if (!isfinite (forecasts[i]))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  KpiForecastMethod method;
  gboolean          scored;   /* it has enough origins */
  gboolean          failed;   /* its backtest or its forecast is not finite */
  double            error;    /* mean absolute error, scaled; NaN: none */
} Candidate;

/* Scores the methods of auto_methods on the scaled history @ys: see the
 * class documentation. Returns the number of origins they were compared
 * on (0 when fewer than two methods could be). */
static gsize
auto_backtest (KpiForecaster *self,
               const double  *ys,
               gsize          n,
               guint          horizon,
               Candidate     *candidates)
{
  gsize first = 0, n_origins;
  guint n_scored = 0;
  g_autofree double *forecasts = NULL;

  for (guint i = 0; i < N_AUTO_METHODS; i++)
    {
      gsize need = kpi_forecast_method_min_history (auto_methods[i], self->season_length);

      candidates[i].method = auto_methods[i];
      candidates[i].error = NAN;
      candidates[i].failed = FALSE;
      candidates[i].scored = n >= need + KPI_BACKTEST_MIN_ORIGINS;
      if (candidates[i].scored)
        {
          n_scored++;
          first = MAX (first, need);
        }
    }
  if (n_scored < 2)
    return 0;

  /* Origins first … n − 1: the forecasts from each origin are scored as
   * far as the history goes, up to the horizon asked. */
  n_origins = n - first;
  forecasts = g_new (double, n_origins * horizon);
  for (guint i = 0; i < N_AUTO_METHODS; i++)
    {
      double sum = 0;
      gsize count = 0;

      if (!candidates[i].scored)
        continue;
      if (!backtest_scaled (self, candidates[i].method, ys, first, n - 1, horizon, forecasts))
        {
          candidates[i].failed = TRUE;
          continue;
        }
      for (gsize o = first; o < n; o++)
        for (gsize h = 0; h < horizon && o + h < n; h++)
          {
            sum += fabs (forecasts[(o - first) * horizon + h] - ys[o + h]);
            count++;
          }
      candidates[i].error = sum / count;
      if (!isfinite (candidates[i].error))
        candidates[i].failed = TRUE;
    }
  return n_origins;
}

/* The best candidate not failed yet: the lowest error, ties (within one
 * part in 10⁹) to the simpler; -1 when none is left. */
static int
best_candidate (const Candidate *candidates)
{
  int best = -1;

  for (guint i = 0; i < N_AUTO_METHODS; i++)
    {
      if (!candidates[i].scored || candidates[i].failed)
        continue;
      if (best < 0 || candidates[i].error < candidates[best].error * (1 - KPI_BACKTEST_TIE_TOLERANCE))
        best = i;
    }
  return best;
}

/* Without a backtest, the most elaborate method the history allows that
 * has not failed yet. */
static KpiForecastMethod
length_rule (KpiForecaster *self,
             gsize          n,
             gboolean      *failed)
{
  if (!failed[KPI_FORECAST_METHOD_HOLT_WINTERS] &&
      n >= kpi_forecast_method_min_history (KPI_FORECAST_METHOD_HOLT_WINTERS, self->season_length))
    return KPI_FORECAST_METHOD_HOLT_WINTERS;
  if (!failed[KPI_FORECAST_METHOD_HOLT] &&
      n >= kpi_forecast_method_min_history (KPI_FORECAST_METHOD_HOLT, self->season_length))
    return KPI_FORECAST_METHOD_HOLT;
  if (!failed[KPI_FORECAST_METHOD_NAIVE])
    return KPI_FORECAST_METHOD_NAIVE;
  return KPI_FORECAST_METHOD_AUTO;
}

/* ------------------------------------------------------------------------ */
/* Descriptions                                                             */
/* ------------------------------------------------------------------------ */

/* Numbers in descriptions are written without decimals from this
 * magnitude on (a backtest error of 1234.5678 reads 1235)... */
#define FORMAT_WHOLE_FROM 100
/* ...and with an exponent again from this one, where whole numbers would
 * show digits a double does not hold. */
#define FORMAT_WHOLE_BELOW 1e15

char *
kpi_forecast_format_number (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (x))
    return g_strdup ("n/a");
  if (fabs (x) >= FORMAT_WHOLE_FROM && fabs (x) < FORMAT_WHOLE_BELOW)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.0f", x));
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3g", x));
}

static void
append_number (GString    *s,
               const char *name,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "%s=%s", name, g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static const char *
method_name (KpiForecastMethod method)
{
  switch (method)
    {
    case KPI_FORECAST_METHOD_NAIVE:
      return "naive";
    case KPI_FORECAST_METHOD_SEASONAL_NAIVE:
      return "seasonal naive";
    case KPI_FORECAST_METHOD_HOLT:
      return "Holt";
    case KPI_FORECAST_METHOD_HOLT_WINTERS:
      return "Holt–Winters";
    case KPI_FORECAST_METHOD_DAMPED_TREND:
      return "damped trend";
    case KPI_FORECAST_METHOD_AUTO:
    default:
      return "automatic";
    }
}

/* The method and its parameters: "Holt linear trend (α=0.50, β=0.50)". */
static void
describe_method (GString           *s,
                 const KpiForecast *f)
{
  switch (f->method)
    {
    case KPI_FORECAST_METHOD_NAIVE:
      g_string_append (s, "Naive (last value)");
      break;
    case KPI_FORECAST_METHOD_SEASONAL_NAIVE:
      g_string_append_printf (s, "Seasonal naive (season %u)", f->season_length);
      break;
    case KPI_FORECAST_METHOD_HOLT:
      g_string_append (s, "Holt linear trend (");
      append_number (s, "α", f->alpha);
      g_string_append (s, ", ");
      append_number (s, "β", f->beta);
      g_string_append (s, ")");
      break;
    case KPI_FORECAST_METHOD_DAMPED_TREND:
      g_string_append (s, "Damped trend (");
      append_number (s, "α", f->alpha);
      g_string_append (s, ", ");
      append_number (s, "β", f->beta);
      g_string_append (s, ", ");
      append_number (s, "φ", f->phi);
      g_string_append (s, ")");
      break;
    case KPI_FORECAST_METHOD_HOLT_WINTERS:
    case KPI_FORECAST_METHOD_AUTO:
    default:
      g_string_append_printf (s, "Holt–Winters additive (season %u, ", f->season_length);
      append_number (s, "α", f->alpha);
      g_string_append (s, ", ");
      append_number (s, "β", f->beta);
      g_string_append (s, ", ");
      append_number (s, "γ", f->gamma);
      g_string_append (s, ")");
      break;
    }
}

static char *
describe (const KpiForecast *f,
          const Candidate   *candidates,   /* nullable: not chosen by backtest */
          double             scale,
          KpiForecastMethod  fell_back_from,
          gsize              n_dropped,
          gsize              n_interpolated)
{
  GString *s = g_string_new (NULL);

  describe_method (s, f);
  g_string_append_printf (s, " on %u period%s", f->n_history,
                          f->n_history == 1 ? "" : "s");
  if (candidates != NULL && f->n_backtest_origins > 0)
    {
      g_autofree char *error = kpi_forecast_format_number (f->backtest_error);
      gboolean first = TRUE;

      g_string_append_printf (s, "; chosen by a backtest over %u origins: mean absolute "
                              "error %s", f->n_backtest_origins, error);
      for (guint i = 0; i < N_AUTO_METHODS; i++)
        {
          g_autofree char *other = NULL;

          if (!candidates[i].scored || candidates[i].method == f->method ||
              isnan (candidates[i].error) || !isfinite (candidates[i].error * scale))
            continue;
          other = kpi_forecast_format_number (candidates[i].error * scale);
          g_string_append_printf (s, "%s %s %s", first ? " (against" : ",",
                                  method_name (candidates[i].method), other);
          first = FALSE;
        }
      if (!first)
        g_string_append (s, ")");
    }
  if (fell_back_from != KPI_FORECAST_METHOD_AUTO)
    g_string_append_printf (s, "; %s could not be fitted", method_name (fell_back_from));
  if (n_dropped > 0)
    g_string_append_printf (s, "; %" G_GSIZE_FORMAT " leading missing value%s dropped",
                            n_dropped, n_dropped == 1 ? "" : "s");
  if (n_interpolated > 0)
    g_string_append_printf (s, "; %" G_GSIZE_FORMAT " missing value%s interpolated",
                            n_interpolated, n_interpolated == 1 ? "" : "s");
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Forecasting                                                              */
/* ------------------------------------------------------------------------ */

double *
kpi_forecast_prepare_history (const double *history,
                              gsize         n_history,
                              gsize        *n_out,
                              gsize        *n_dropped,
                              gsize        *n_interpolated,
                              GError      **error)
{
  double *y;
  gsize first = 0, n;

  *n_dropped = *n_interpolated = 0;
  if (n_history == 0)
    {
      g_set_error_literal (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA,
                           "the history is empty: expected at least one value");
      return NULL;
    }
  if (!isfinite (history[n_history - 1]))
    {
      g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_MISSING_VALUE,
                   "the last value of the history (index %" G_GSIZE_FORMAT ") is missing: "
                   "expected a number to forecast from",
                   n_history - 1);
      return NULL;
    }
  while (!isfinite (history[first]))
    first++;
  n = n_history - first;
  y = g_new (double, n);
  for (gsize t = 0; t < n; t++)
    y[t] = history[first + t];
  for (gsize t = 1; t < n; t++)
    if (!isfinite (y[t]))
      {
        gsize next = t;

        while (!isfinite (y[next]))
          next++;
        for (gsize u = t; u < next; u++)
          y[u] = y[t - 1] + (y[next] - y[t - 1]) * (double) (u - t + 1) / (double) (next - t + 1);
        *n_interpolated += next - t;
        t = next;
      }
  *n_dropped = first;
  *n_out = n;
  return y;
}

/* A smoothing or damping parameter as set: NaN (estimate) or within
 * 0..1. */
static gboolean
check_parameter (const char  *name,
                 double       value,
                 GError     **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || (value >= 0 && value <= 1))
    return TRUE;
  g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER,
               "%s must be within 0..1 (or NaN to estimate it), not %s", name,
               g_ascii_formatd (buf, sizeof buf, "%g", value));
  return FALSE;
}

gboolean
kpi_forecaster_check (KpiForecaster  *self,
                      guint           horizon,
                      GError        **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (horizon == 0 || horizon > KPI_FORECAST_MAX_HORIZON)
    {
      g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER,
                   "the horizon must be 1 to %d periods, not %u", KPI_FORECAST_MAX_HORIZON, horizon);
      return FALSE;
    }
  if (!(self->confidence_level > 0 && self->confidence_level < 1))
    {
      g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER,
                   "the confidence level must be strictly between 0 and 1, not %s",
                   g_ascii_formatd (buf, sizeof buf, "%g", self->confidence_level));
      return FALSE;
    }
  if (self->season_length < 2)
    {
      g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_INVALID_PARAMETER,
                   "the season length must be at least 2 periods, not %u",
                   self->season_length);
      return FALSE;
    }
  return check_parameter ("alpha", self->alpha, error) &&
         check_parameter ("beta", self->beta, error) &&
         check_parameter ("gamma", self->gamma, error) &&
         check_parameter ("phi", self->phi, error);
}

KpiForecast *
kpi_forecaster_forecast_prepared (KpiForecaster      *self,
                                  KpiForecastMethod   method,
                                  const double       *y,
                                  gsize               n,
                                  guint               horizon,
                                  gsize               n_dropped,
                                  gsize               n_interpolated,
                                  GError            **error)
{
  double scale = kpi_power_of_two_scale (y, n);
  g_autofree double *ys = g_new (double, n);
  Candidate candidates[N_AUTO_METHODS];
  gboolean failed[KPI_FORECAST_METHOD_DAMPED_TREND + 1] = { FALSE, };
  KpiForecastMethod fell_back_from = KPI_FORECAST_METHOD_AUTO;
  gsize n_origins = 0;
  KpiForecast *f = NULL;

  for (gsize t = 0; t < n; t++)
    ys[t] = y[t] / scale;

  if (method != KPI_FORECAST_METHOD_AUTO)
    {
      gsize needed = kpi_forecast_method_min_history (method, self->season_length);

      if (n < needed)
        {
          g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_NOT_ENOUGH_DATA,
                       "the %s method needs at least %" G_GSIZE_FORMAT " values, "
                       "the history has %" G_GSIZE_FORMAT,
                       method_name (method), needed, n);
          return NULL;
        }
      f = kpi_forecast_by_method (self, method, ys, n, horizon);
      if (!kpi_forecast_finish (f, scale))
        {
          g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_OUT_OF_RANGE,
                       "the %s forecast of %" G_GSIZE_FORMAT " values is beyond the range "
                       "of double-precision numbers", method_name (method), n);
          kpi_forecast_unref (f);
          return NULL;
        }
      f->description = describe (f, NULL, scale, fell_back_from, n_dropped, n_interpolated);
      return f;
    }

  /* The backtest's best, or the length rule; a method whose forecast does
   * not fit within doubles gives way to the next. */
  n_origins = auto_backtest (self, ys, n, horizon, candidates);
  for (;;)
    {
      int best = n_origins > 0 ? best_candidate (candidates) : -1;
      KpiForecastMethod chosen = best >= 0 ? candidates[best].method
                                           : length_rule (self, n, failed);

      if (chosen == KPI_FORECAST_METHOD_AUTO)
        {
          g_set_error (error, KPI_FORECAST_ERROR, KPI_FORECAST_ERROR_OUT_OF_RANGE,
                       "no forecast of %" G_GSIZE_FORMAT " values is within the range "
                       "of double-precision numbers", n);
          return NULL;
        }
      f = kpi_forecast_by_method (self, chosen, ys, n, horizon);
      if (best >= 0)
        {
          f->n_backtest_origins = n_origins;
          f->backtest_error = candidates[best].error * scale;
        }
      if (kpi_forecast_finish (f, scale) && (best < 0 || isfinite (f->backtest_error)))
        break;
      g_clear_pointer (&f, kpi_forecast_unref);
      if (fell_back_from == KPI_FORECAST_METHOD_AUTO)
        fell_back_from = chosen;
      if (best >= 0)
        candidates[best].failed = TRUE;
      else
        failed[chosen] = TRUE;
    }
  f->description = describe (f, n_origins > 0 ? candidates : NULL, scale, fell_back_from,
                             n_dropped, n_interpolated);
  return f;
}

/**
 * kpi_forecaster_forecast:
 * @self: a forecaster
 * @history: (array length=n_history): the values of the past periods,
 *   oldest first; NaN for a missing value
 * @n_history: the number of values, at most %G_MAXUINT
 * @horizon: how many periods to forecast, 1 to %KPI_FORECAST_MAX_HORIZON
 *   (10 000)
 * @error: return location for a #GError
 *
 * Forecasts the @horizon periods that follow @history.
 *
 * The history must hold at least one value (naive), three (Holt), four
 * (damped trend), one full season (seasonal naive) or two full seasons
 * (Holt–Winters), after leading missing values are dropped; otherwise the
 * error is %KPI_FORECAST_ERROR_NOT_ENOUGH_DATA. A missing last value gives
 * %KPI_FORECAST_ERROR_MISSING_VALUE; a horizon of 0 or beyond
 * %KPI_FORECAST_MAX_HORIZON, a confidence level not strictly between 0
 * and 1, a smoothing or damping parameter outside 0..1, a season of 1
 * period, %KPI_FORECAST_ERROR_INVALID_PARAMETER; a forecast beyond the
 * range of doubles, %KPI_FORECAST_ERROR_OUT_OF_RANGE.
 *
 * Returns: (transfer full): the forecast, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiForecast *
kpi_forecaster_forecast (KpiForecaster  *self,
                         const double   *history,
                         gsize           n_history,
                         guint           horizon,
                         GError        **error)
{
  g_autofree double *y = NULL;
  gsize n = 0, n_dropped, n_interpolated;

  g_return_val_if_fail (KPI_IS_FORECASTER (self), NULL);
  g_return_val_if_fail (history != NULL || n_history == 0, NULL);
  g_return_val_if_fail (n_history <= G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kpi_forecaster_check (self, horizon, error))
    return NULL;
  y = kpi_forecast_prepare_history (history, n_history, &n, &n_dropped, &n_interpolated, error);
  if (y == NULL)
    return NULL;
  return kpi_forecaster_forecast_prepared (self, self->method, y, n, horizon,
                                           n_dropped, n_interpolated, error);
}

/**
 * kpi_forecaster_forecast_values:
 * @self: a forecaster
 * @values: (element-type KpiValue): the values of an indicator, oldest
 *   first, one per period
 * @horizon: how many periods to forecast, 1 to %KPI_FORECAST_MAX_HORIZON
 * @error: return location for a #GError
 *
 * Forecasts the periods that follow a series of indicator values, such as
 * [method@Kpi.Indicator.evaluate_series] gives; missing values are treated
 * as in [method@Kpi.Forecaster.forecast].
 *
 * Returns: (transfer full): the forecast, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiForecast *
kpi_forecaster_forecast_values (KpiForecaster  *self,
                                GPtrArray      *values,
                                guint           horizon,
                                GError        **error)
{
  g_autofree double *numbers = NULL;

  g_return_val_if_fail (KPI_IS_FORECASTER (self), NULL);
  g_return_val_if_fail (values != NULL, NULL);

  numbers = g_new (double, MAX (values->len, 1));
  for (guint i = 0; i < values->len; i++)
    numbers[i] = kpi_value_get_value (g_ptr_array_index (values, i));
  return kpi_forecaster_forecast (self, numbers, values->len, horizon, error);
}
