/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast-methods.c: the forecasting methods themselves — naive,
 * seasonal naive, Holt, damped trend, Holt–Winters —, the estimation of
 * their parameters and their prediction intervals, for kpi-forecaster.c
 * (the forecaster, its automatic choice) and kpi-forecast.c (the
 * forecasts' accessors). The
 * formulas are documented with KpiForecaster and in docs/trends.md. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-forecast-private.h"
#include "kpi-stats-private.h"

/* α, β and γ are estimated within PARAM_MIN..PARAM_MAX: 0 and 1 are
 * degenerate (a level that never moves, or one that is the last value). */
#define PARAM_MIN 1e-4
#define PARAM_MAX (1.0 - 1e-4)
/* φ is estimated within 0.8..0.98 (Hyndman et al., Forecasting with
 * Exponential Smoothing, 2008): below, the trend is gone within a few
 * periods; above, the method is Holt's in all but name. */
#define PHI_MIN 0.8
#define PHI_MAX 0.98

/* The most parameters a method estimates: α, β, and γ or φ. */
#define MAX_PARAMS 3

/* The search for the parameters (see estimate()): a grid of GRID_POINTS
 * values per parameter (0.1 … 0.9 by GRID_STEP, or as many over
 * PHI_MIN … PHI_MAX for φ)... */
#define GRID_POINTS 9
#define GRID_STEP 0.1
/* ...then sweeps of golden-section searches in a window around the best
 * point, GRID_STEP wide at first, halved whenever a sweep improves the SSE
 * by less than SWEEP_STALL of it, until it is narrower than WINDOW_MIN or
 * after MAX_SWEEPS sweeps... */
#define MAX_SWEEPS 40
#define WINDOW_MIN 1e-7
#define SWEEP_STALL 1e-12
/* ...each search narrowing its interval to GOLDEN_TOLERANCE, in at most
 * MAX_GOLDEN_STEPS steps. */
#define GOLDEN_TOLERANCE 1e-9
#define MAX_GOLDEN_STEPS 60

/* The history Holt's method needs: two values to initialise the level and
 * the trend, and one for a one-step error. */
#define HOLT_MIN_HISTORY 3
/* The damped trend needs one more: two one-step errors for three
 * parameters. */
#define DAMPED_TREND_MIN_HISTORY 4

typedef struct
{
  const double *y;
  gsize         n;
  guint         m;        /* season length; 0 without season */
  gboolean      damped;   /* the third parameter is φ, not γ */
  double        level;    /* the states after the last value */
  double        trend;
  double       *season;   /* m seasonal indices, by phase t % m */
  double        sse;
  gsize         n_errors;
} Smoothing;

/* Holt's linear trend, its trend damped by φ (1: Holt's own method):
 * level₀ = y₀, trend₀ = y₁ − y₀; one-step errors from t = 2 (the error at
 * t = 1 is 0 by construction and is not counted). With φ = 1 every
 * product by φ is exact, so Holt's results are those of the undamped
 * recursion to the bit. */
static void
holt_run (Smoothing *sm,
          double     alpha,
          double     beta,
          double     phi)
{
  const double *y = sm->y;
  double l = y[0], b = y[1] - y[0];

  sm->sse = 0;
  sm->n_errors = 0;
  for (gsize t = 1; t < sm->n; t++)
    {
      double e = y[t] - (l + phi * b);
      double l_new = alpha * y[t] + (1 - alpha) * (l + phi * b);

      if (t >= 2)
        {
          sm->sse += e * e;
          sm->n_errors++;
        }
      b = beta * (l_new - l) + (1 - beta) * phi * b;
      l = l_new;
    }
  sm->level = l;
  sm->trend = b;
}

/* Holt–Winters additive, initialised from the two first seasons; one-step
 * errors from t = m. */
static void
holt_winters_run (Smoothing *sm,
                  double     alpha,
                  double     beta,
                  double     gamma)
{
  const double *y = sm->y;
  guint m = sm->m;
  double l = 0, second = 0, b;

  for (guint i = 0; i < m; i++)
    {
      l += y[i];
      second += y[m + i];
    }
  l /= m;
  second /= m;
  b = (second - l) / m;
  /* The mean of the first season is the level in its middle, at
   * t = (m − 1)/2: the seasonal indices are what is left of each value
   * once that line is taken out (not the mean alone, or they would keep
   * the trend of the first season), and the state the recursions start
   * from is the level at the end of the first season. */
  for (guint i = 0; i < m; i++)
    sm->season[i] = y[i] - (l + b * (i - (m - 1) / 2.0));
  l += b * (m - 1) / 2.0;

  sm->sse = 0;
  sm->n_errors = 0;
  for (gsize t = m; t < sm->n; t++)
    {
      double s = sm->season[t % m];
      double e = y[t] - (l + b + s);
      double l_new = alpha * (y[t] - s) + (1 - alpha) * (l + b);

      sm->sse += e * e;
      sm->n_errors++;
      sm->season[t % m] = gamma * (y[t] - l - b) + (1 - gamma) * s;
      b = beta * (l_new - l) + (1 - beta) * b;
      l = l_new;
    }
  sm->level = l;
  sm->trend = b;
}

static double
smoothing_sse (Smoothing    *sm,
               const double *params)
{
  if (sm->m > 0)
    holt_winters_run (sm, params[0], params[1], params[2]);
  else
    holt_run (sm, params[0], params[1], sm->damped ? params[2] : 1.0);
  return isfinite (sm->sse) ? sm->sse : G_MAXDOUBLE;
}

/* Minimises the SSE over the free parameters (free[i] TRUE), the others
 * staying at params[i]: a grid (0.1 … 0.9, or nine values over 0.8 … 0.98
 * for φ), then golden-section searches along one parameter at a time in a
 * window that shrinks at each sweep. The stopping rule is relative to the
 * SSE, so that the search takes the same steps on a series and on the
 * same series divided by a power of two. */
static void
estimate (Smoothing *sm,
          double    *params,
          gboolean  *free,
          guint      n_params)
{
  const double golden = (sqrt (5.0) - 1) / 2;
  double best[MAX_PARAMS], trial[MAX_PARAMS], lo[MAX_PARAMS], hi[MAX_PARAMS];
  double best_sse = G_MAXDOUBLE;
  guint n_free = 0, n_grid = 1;
  double window = GRID_STEP;

  g_assert (n_params <= MAX_PARAMS);

  for (guint i = 0; i < n_params; i++)
    {
      gboolean is_phi = sm->damped && i == 2;

      lo[i] = is_phi ? PHI_MIN : PARAM_MIN;
      hi[i] = is_phi ? PHI_MAX : PARAM_MAX;
      if (free[i])
        {
          n_free++;
          n_grid *= GRID_POINTS;
        }
    }
  if (n_free == 0)
    return;

  memcpy (best, params, n_params * sizeof (double));
  for (guint g = 0; g < n_grid; g++)
    {
      guint code = g;
      double sse;

      for (guint i = 0; i < n_params; i++)
        {
          if (free[i])
            {
              trial[i] = sm->damped && i == 2
                ? PHI_MIN + (PHI_MAX - PHI_MIN) * (code % GRID_POINTS) / (GRID_POINTS - 1)
                : GRID_STEP * (code % GRID_POINTS + 1);
              code /= GRID_POINTS;
            }
          else
            trial[i] = params[i];
        }
      sse = smoothing_sse (sm, trial);
      if (sse < best_sse)
        {
          best_sse = sse;
          memcpy (best, trial, n_params * sizeof (double));
        }
    }

  for (guint sweep = 0; sweep < MAX_SWEEPS && window > WINDOW_MIN; sweep++)
    {
      double before = best_sse;

      for (guint i = 0; i < n_params; i++)
        {
          double a, b, c, d, fc, fd;

          if (!free[i])
            continue;
          a = MAX (lo[i], best[i] - window);
          b = MIN (hi[i], best[i] + window);
          memcpy (trial, best, n_params * sizeof (double));
          c = b - golden * (b - a);
          d = a + golden * (b - a);
          trial[i] = c;
          fc = smoothing_sse (sm, trial);
          trial[i] = d;
          fd = smoothing_sse (sm, trial);
          for (guint k = 0; k < MAX_GOLDEN_STEPS && b - a > GOLDEN_TOLERANCE; k++)
            {
              if (fc < fd)
                {
                  b = d;
                  d = c;
                  fd = fc;
                  c = b - golden * (b - a);
                  trial[i] = c;
                  fc = smoothing_sse (sm, trial);
                }
              else
                {
                  a = c;
                  c = d;
                  fc = fd;
                  d = a + golden * (b - a);
                  trial[i] = d;
                  fd = smoothing_sse (sm, trial);
                }
            }
          trial[i] = (a + b) / 2;
          {
            double sse = smoothing_sse (sm, trial);

            if (sse < best_sse)
              {
                best_sse = sse;
                best[i] = trial[i];
              }
          }
        }
      if (before - best_sse <= SWEEP_STALL * before)
        window /= 2;
    }
  memcpy (params, best, n_params * sizeof (double));
}

static KpiForecast *
forecast_alloc (guint horizon,
                gsize n_history,
                double level)
{
  KpiForecast *f = g_new0 (KpiForecast, 1);

  g_atomic_ref_count_init (&f->ref_count);
  f->horizon = horizon;
  f->n_history = (guint) n_history;   /* kpi_forecaster_forecast() checked it */
  f->points = g_new (double, horizon);
  f->lower = g_new (double, horizon);
  f->upper = g_new (double, horizon);
  f->alpha = f->beta = f->gamma = f->phi = NAN;
  f->sigma = NAN;
  f->confidence_level = level;
  f->backtest_error = NAN;
  return f;
}

/* Puts the intervals around the points, from σ and the variance
 * multiplier of each horizon. */
static void
forecast_intervals (KpiForecast *f)
{
  double z = kpi_normal_quantile ((1 + f->confidence_level) / 2);
  double damped_sum = 0, phi_j = 0;   /* Σ cⱼ² and φ + … + φʲ, for the damped trend */

  for (guint i = 0; i < f->horizon; i++)
    {
      double h = i + 1, k, mult, width;

      switch (f->method)
        {
        case KPI_FORECAST_METHOD_NAIVE:
          mult = h;
          break;
        case KPI_FORECAST_METHOD_SEASONAL_NAIVE:
          mult = floor ((h - 1) / f->season_length) + 1;
          break;
        case KPI_FORECAST_METHOD_DAMPED_TREND:
          /* vₕ = 1 + Σⱼ₌₁..ₕ₋₁ cⱼ², cⱼ = α + αβ(φ + … + φʲ) (ETS(A,Ad,N)). */
          if (i > 0)
            {
              double c;

              phi_j = f->phi * (1 + phi_j);
              c = f->alpha + f->alpha * f->beta * phi_j;
              damped_sum += c * c;
            }
          mult = 1 + damped_sum;
          break;
        case KPI_FORECAST_METHOD_HOLT:
        case KPI_FORECAST_METHOD_HOLT_WINTERS:
        case KPI_FORECAST_METHOD_AUTO:
        default:
          {
            double a = f->alpha, b = f->alpha * f->beta;

            mult = 1 + (h - 1) * (a * a + a * b * h + b * b * h * (2 * h - 1) / 6);
            if (f->method == KPI_FORECAST_METHOD_HOLT_WINTERS)
              {
                double g = f->gamma, m = f->season_length;

                k = floor ((h - 1) / m);
                mult += g * k * (2 * a + g + b * m * (k + 1));
              }
          }
          break;
        }
      width = z * f->sigma * sqrt (mult);
      if (isfinite (width))
        {
          f->lower[i] = f->points[i] - width;
          f->upper[i] = f->points[i] + width;
        }
      else
        f->lower[i] = f->upper[i] = NAN;
    }
}

static double
rms (double sse,
     gsize  n)
{
  return n > 0 ? sqrt (sse / n) : NAN;
}

static KpiForecast *
forecast_naive (const double *y,
                gsize         n,
                guint         horizon,
                double        level)
{
  KpiForecast *f = forecast_alloc (horizon, n, level);
  double sse = 0;

  f->method = KPI_FORECAST_METHOD_NAIVE;
  for (gsize t = 1; t < n; t++)
    sse += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
  f->sigma = rms (sse, n - 1);
  for (guint i = 0; i < horizon; i++)
    f->points[i] = y[n - 1];
  return f;
}

static KpiForecast *
forecast_seasonal_naive (const double *y,
                         gsize         n,
                         guint         m,
                         guint         horizon,
                         double        level)
{
  KpiForecast *f = forecast_alloc (horizon, n, level);
  double sse = 0;

  f->method = KPI_FORECAST_METHOD_SEASONAL_NAIVE;
  f->season_length = m;
  for (gsize t = m; t < n; t++)
    sse += (y[t] - y[t - m]) * (y[t] - y[t - m]);
  f->sigma = rms (sse, n - m);
  /* ŷ(n−1+h) = y(n−1+h − m(k+1)), k = ⌊(h−1)/m⌋: the same phase in the
   * last season observed. */
  for (guint i = 0; i < horizon; i++)
    f->points[i] = y[n - m + i % m];
  return f;
}

/* Holt (m = 0, not damped), the damped trend (m = 0, damped) or
 * Holt–Winters (m > 0). */
static KpiForecast *
forecast_smoothing (KpiForecaster *self,
                    const double  *y,
                    gsize          n,
                    guint          m,
                    gboolean       damped,
                    guint          horizon)
{
  KpiForecast *f = forecast_alloc (horizon, n, kpi_forecaster_get_confidence_level (self));
  g_autofree double *season = g_new0 (double, MAX (m, 1));
  Smoothing sm = { y, n, m, damped, 0, 0, season, 0, 0 };
  double params[MAX_PARAMS] = { kpi_forecaster_get_alpha (self), kpi_forecaster_get_beta (self),
                       m > 0 ? kpi_forecaster_get_gamma (self)
                             : damped ? kpi_forecaster_get_phi (self) : 0 };
  gboolean free[MAX_PARAMS];
  guint n_params = m > 0 || damped ? 3 : 2;
  double phi_h = 0;

  for (guint i = 0; i < n_params; i++)
    free[i] = isnan (params[i]);
  estimate (&sm, params, free, n_params);
  smoothing_sse (&sm, params);

  f->method = m > 0 ? KPI_FORECAST_METHOD_HOLT_WINTERS
            : damped ? KPI_FORECAST_METHOD_DAMPED_TREND : KPI_FORECAST_METHOD_HOLT;
  f->alpha = params[0];
  f->beta = params[1];
  if (m > 0)
    {
      f->gamma = params[2];
      f->season_length = m;
    }
  else if (damped)
    f->phi = params[2];
  f->sigma = rms (sm.sse, sm.n_errors);
  for (guint i = 0; i < horizon; i++)
    {
      double h = i + 1;

      if (damped)
        {
          /* φ + φ² + … + φʰ */
          phi_h = f->phi * (1 + phi_h);
          f->points[i] = sm.level + phi_h * sm.trend;
        }
      else
        f->points[i] = sm.level + h * sm.trend;
      if (m > 0)
        f->points[i] += season[(n + i) % m];
    }
  return f;
}

gsize
kpi_forecast_method_min_history (KpiForecastMethod method,
                                 guint             season_length)
{
  switch (method)
    {
    case KPI_FORECAST_METHOD_SEASONAL_NAIVE:
      return season_length;
    case KPI_FORECAST_METHOD_HOLT:
      return HOLT_MIN_HISTORY;
    case KPI_FORECAST_METHOD_DAMPED_TREND:
      return DAMPED_TREND_MIN_HISTORY;
    case KPI_FORECAST_METHOD_HOLT_WINTERS:
      return 2 * (gsize) season_length;
    case KPI_FORECAST_METHOD_NAIVE:
    case KPI_FORECAST_METHOD_AUTO:
    default:
      return 1;
    }
}

/* The forecast of @method (not AUTO) from the n ≥ its minimum values of
 * @y, without intervals nor description. */
KpiForecast *
kpi_forecast_by_method (KpiForecaster     *self,
                 KpiForecastMethod  method,
                 const double      *y,
                 gsize              n,
                 guint              horizon)
{
  g_assert (n >= kpi_forecast_method_min_history (method, kpi_forecaster_get_season_length (self)));

  switch (method)
    {
    case KPI_FORECAST_METHOD_SEASONAL_NAIVE:
      return forecast_seasonal_naive (y, n, kpi_forecaster_get_season_length (self), horizon, kpi_forecaster_get_confidence_level (self));
    case KPI_FORECAST_METHOD_HOLT:
      return forecast_smoothing (self, y, n, 0, FALSE, horizon);
    case KPI_FORECAST_METHOD_DAMPED_TREND:
      return forecast_smoothing (self, y, n, 0, TRUE, horizon);
    case KPI_FORECAST_METHOD_HOLT_WINTERS:
      return forecast_smoothing (self, y, n, kpi_forecaster_get_season_length (self), FALSE, horizon);
    case KPI_FORECAST_METHOD_NAIVE:
    case KPI_FORECAST_METHOD_AUTO:
    default:
      return forecast_naive (y, n, horizon, kpi_forecaster_get_confidence_level (self));
    }
}

/* Puts the intervals around the points of @f (made from a history divided
 * by @scale), multiplies everything back by @scale, and checks that every
 * number is finite: σ and the bounds may be NaN only when there was no
 * one-step error to measure σ by. */
gboolean
kpi_forecast_finish (KpiForecast *f,
                 double       scale)
{
  gboolean no_sigma = isnan (f->sigma);

  forecast_intervals (f);
  f->sigma *= scale;
  if (!no_sigma && !isfinite (f->sigma))
    return FALSE;
  for (guint i = 0; i < f->horizon; i++)
    {
      f->points[i] *= scale;
      f->lower[i] *= scale;
      f->upper[i] *= scale;
      if (!isfinite (f->points[i]))
        return FALSE;
      if (!no_sigma && !(isfinite (f->lower[i]) && isfinite (f->upper[i])))
        return FALSE;
    }
  return TRUE;
}
