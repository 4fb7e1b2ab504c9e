/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-forecast-private.h: what the forecaster's files share
 * (kpi-forecaster.c, kpi-forecast.c, kpi-forecast-methods.c), and what
 * they share with the year-end landing, which runs its own backtest over
 * the forecaster's methods and a budget run-rate. Not installed, not
 * scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* A forecast: kpi-forecast.c gives it out, kpi-forecast-methods.c makes
 * it, kpi-forecaster.c describes it. */
struct _KpiForecast
{
  gatomicrefcount    ref_count;
  KpiForecastMethod  method;
  guint              horizon;
  guint              n_history;
  double            *points;
  double            *lower;
  double            *upper;
  double             alpha;
  double             beta;
  double             gamma;
  double             phi;
  guint              season_length;
  double             sigma;
  double             confidence_level;
  double             backtest_error;      /* NaN: not chosen by backtest */
  guint              n_backtest_origins;
  char              *description;
};

/* A method takes part in a backtest when it can forecast from at least
 * this many origins. */
#define KPI_BACKTEST_MIN_ORIGINS 3

/* Backtest errors within this relative tolerance (one part in 10⁹) are a
 * tie, which goes to the simpler method: rounding in the fit must not
 * decide between methods that forecast alike. */
#define KPI_BACKTEST_TIE_TOLERANCE 1e-9

/* Checks what a user may have typed into @self (confidence level, smoothing
 * and damping parameters, season length) and @horizon, as
 * kpi_forecaster_forecast() does. */
gboolean     kpi_forecaster_check           (KpiForecaster     *self,
                                             guint              horizon,
                                             GError           **error);

/* The history as the forecaster reads it: leading missing values dropped,
 * inner ones interpolated, a missing last value an error. */
double      *kpi_forecast_prepare_history   (const double      *history,
                                             gsize              n_history,
                                             gsize             *n_out,
                                             gsize             *n_dropped,
                                             gsize             *n_interpolated,
                                             GError           **error);

/* The number of values @method needs (never AUTO) with a season of
 * @season_length. */
gsize        kpi_forecast_method_min_history (KpiForecastMethod method,
                                              guint             season_length);

/* A rolling-origin backtest of @method (never AUTO) on the prepared
 * history @y: for each origin o from @first to @last (o values known,
 * first ≥ the method's minimum history, last ≤ n), the @horizon forecasts
 * made from y[0..o−1], parameters estimated again at each origin, into
 * forecasts[(o − first) · horizon + h]. FALSE when a forecast is not a
 * finite number. */
gboolean     kpi_forecaster_backtest        (KpiForecaster     *self,
                                             KpiForecastMethod  method,
                                             const double      *y,
                                             gsize              n,
                                             gsize              first,
                                             gsize              last,
                                             guint              horizon,
                                             double            *forecasts);

/* The forecast of @method (AUTO included) from a prepared history of @n
 * values (checked settings); @n_dropped and @n_interpolated go to the
 * description. */
KpiForecast *kpi_forecaster_forecast_prepared (KpiForecaster     *self,
                                               KpiForecastMethod  method,
                                               const double      *y,
                                               gsize              n,
                                               guint              horizon,
                                               gsize              n_dropped,
                                               gsize              n_interpolated,
                                               GError           **error);

/* The forecast of @method (never AUTO) from the n values of @y (at least
 * the method's minimum history), without intervals nor description. */
KpiForecast *kpi_forecast_by_method         (KpiForecaster     *self,
                                             KpiForecastMethod  method,
                                             const double      *y,
                                             gsize              n,
                                             guint              horizon);

/* Puts the intervals around the points of @f, made from a history
 * divided by @scale, and multiplies everything back by @scale; FALSE when
 * a number is not finite (σ and the bounds may be NaN only without
 * one-step errors). */
gboolean     kpi_forecast_finish            (KpiForecast       *f,
                                             double             scale);

/* A number for a description: no decimals from 100 on, three significant
 * digits below, an exponent beyond 10¹⁵ (never "inf" or "nan": those
 * read "n/a"). */
char        *kpi_forecast_format_number     (double             x);

G_END_DECLS
