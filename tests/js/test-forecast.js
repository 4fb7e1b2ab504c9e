// SPDX-License-Identifier: LGPL-2.1-or-later
// Trend, forecast, forecast accuracy and plan progress from gjs, as a
// dashboard would use them; every expected number is worked out in a
// comment.

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose, assertThrows} from './harness.js';

test('the average basket is stagnating, revenue is rising', () => {
    // spread (52.40 − 51.90) / median 52.15 = 0.96 % <= 5 %, no trend
    const basket = Kpi.Trend.analyze([52.10, 52.40, 51.90, 52.30, 52.00, 52.20], NaN, NaN);
    assertEqual(basket.get_direction(), Kpi.TrendDirection.STAGNATING);
    assertEqual(Kpi.trend_direction_to_string(basket.get_direction()), 'stagnating');

    // strictly rising over 6 months: S = 15, exact p = 2/6! = 1/360
    const revenue = Kpi.Trend.analyze([100, 104, 109, 111, 118, 120], NaN, NaN);
    assertEqual(revenue.get_direction(), Kpi.TrendDirection.RISING);
    assertEqual(revenue.get_mann_kendall_statistic(), 15);
    assertEqual(revenue.is_p_value_exact(), true);
    assertClose(revenue.get_p_value(), 1 / 360, 1e-12);
    // the 15 pairwise slopes sorted: 2 2 3.5 3.67 3.67 4 4 [4] 4.5 4.5 4.5
    // 4.5 4.67 5 7, median 4; intercept median(y − 4x) = median(100 100
    // 101 99 102 100) = 100
    assertClose(revenue.get_slope(), 4);
    assertClose(revenue.get_intercept(), 100);

    // a significance level of 2 (or 0) is no level: an error, not a default
    const error = assertThrows(() => Kpi.Trend.analyze([1, 2, 3, 4], 2, NaN));
    assertThrows(() => Kpi.Trend.analyze([1, 2, 3, 4], 0, NaN));
    // NaN asks for the defaults, which the library names
    assertEqual(basket.get_significance(), Kpi.DEFAULT_TREND_SIGNIFICANCE);
    assertEqual(basket.get_stagnation_tolerance(), 0.05);
    assert(error.matches(Kpi.TrendError, Kpi.TrendError.INVALID_PARAMETER), `${error}`);
});

test('Holt forecast worked out by hand', () => {
    // α = β = 0.5 on 10, 12, 15, 17: level 16.875, trend 2.3125
    // (see tests/test-kpi-forecast.c), so 19.1875 then 21.5
    const forecaster = new Kpi.Forecaster({method: Kpi.ForecastMethod.HOLT, alpha: 0.5, beta: 0.5});
    const forecast = forecaster.forecast([10, 12, 15, 17], 2);
    assertEqual(forecast.get_method(), Kpi.ForecastMethod.HOLT);
    const points = forecast.get_points();
    assertEqual(points.length, 2);
    assertClose(points[0], 19.1875);
    assertClose(points[1], 21.5);
    // σ = √((1² + 0.25²)/2); 95 % interval at h = 1: ±1.959964 σ
    assertClose(forecast.get_upper(0) - points[0], 1.959963984540054 * Math.sqrt(0.53125), 1e-8);
    assertEqual(forecast.get_description(), 'Holt linear trend (α=0.50, β=0.50) on 4 periods');
});

test('damped trend worked out by hand', () => {
    // α = β = 0.5, φ = 0.8 on 10, 12, 15, 17: level 16.268, trend 1.822
    // (see tests/test-kpi-forecast.c): 16.268 + 0.8 × 1.822 = 17.7256, then
    // + 1.44 × 1.822 = 18.89168
    const forecaster = new Kpi.Forecaster({method: Kpi.ForecastMethod.DAMPED_TREND,
        alpha: 0.5, beta: 0.5, phi: 0.8});
    const forecast = forecaster.forecast([10, 12, 15, 17], 2);
    assertClose(forecast.get_point(0), 17.7256, 1e-12);
    assertClose(forecast.get_point(1), 18.89168, 1e-12);
    assertEqual(forecast.get_phi(), 0.8);
    assertEqual(forecast.get_description(), 'Damped trend (α=0.50, β=0.50, φ=0.80) on 4 periods');
});

test('NaN asks for an estimate or the default', () => {
    const forecaster = Kpi.Forecaster.new();
    assert(Number.isNaN(forecaster.alpha), `${forecaster.alpha}`);
    assert(Number.isNaN(forecaster.get_phi()), `${forecaster.get_phi()}`);
    forecaster.beta = 0;                       // a value, not "estimate"
    assertEqual(forecaster.get_beta(), 0);
    forecaster.confidence_level = NaN;         // the default
    assertEqual(forecaster.confidence_level, Kpi.DEFAULT_FORECAST_CONFIDENCE_LEVEL);
    forecaster.season_length = 0;              // the default
    assertEqual(forecaster.season_length, 12);
});

test('a confidence level of 1.5 is an error, not a warning', () => {
    const forecaster = Kpi.Forecaster.new();
    forecaster.set_confidence_level(1.5);
    const error = assertThrows(() => forecaster.forecast([1, 2, 3], 1));
    assert(error.matches(Kpi.ForecastError, Kpi.ForecastError.INVALID_PARAMETER), `${error}`);
    assertEqual(error.message, 'the confidence level must be strictly between 0 and 1, not 1.5');
});

test('a missing last month is an error', () => {
    const forecaster = Kpi.Forecaster.new();
    const error = assertThrows(() => forecaster.forecast([1, 2, NaN], 1));
    assert(error.matches(Kpi.ForecastError, Kpi.ForecastError.MISSING_VALUE), `${error}`);
});

test('the external forecast over-forecasts', () => {
    // forecasts 5 above each actual: Σ(a − f) = −30, mean error −5,
    // MAD = 5, signal −6: beyond the default limit of 4, within 6.5
    const actuals = [50, 60, 55, 70, 65, 80];
    const forecasts = actuals.map(a => a + 5);
    const accuracy = Kpi.ForecastAccuracy.new(actuals, forecasts);
    assertClose(accuracy.get_tracking_signal(), -6);
    assertClose(accuracy.get_mean_error(), -5);
    assertClose(accuracy.get_mean_absolute_deviation(), 5);
    assertEqual(Kpi.DEFAULT_TRACKING_SIGNAL_LIMIT, 4);
    assertEqual(accuracy.get_bias_direction(NaN), Kpi.ForecastBias.OVER_FORECASTING);
    assertEqual(accuracy.get_bias_direction(6.5), Kpi.ForecastBias.NONE);
    assertEqual(accuracy.get_n_pairs(), 6);
});

test('project Apollo is six days behind', () => {
    // instants: microseconds since the epoch, UTC
    const day = (m, d) => GLib.DateTime.new_utc(2026, m, d, 0, 0, 0).to_unix() * 1000000;
    const apollo = Kpi.Plan.new('Apollo');
    apollo.add_milestone(day(1, 1), 0);
    apollo.add_milestone(day(1, 31), 50);
    apollo.add_milestone(day(3, 31), 100);
    // 40 % on 31 January: planned 50 %; 40 % was due 0.8 × 30 = 24 days
    // after 1 January, on 25 January
    const progress = apollo.measure_progress(day(1, 31), 40);
    assertClose(progress.get_variance(), -10);
    assertClose(progress.get_schedule_variance_days(), -6);
    assertEqual(progress.is_on_schedule(), false);
    assertEqual(progress.get_date(), day(1, 31));
    assertEqual(apollo.get_date_for_percent(40), day(1, 25));
    assertThrows(() => apollo.add_milestone(day(4, 1), 90),
        e => assert(e.matches(Kpi.PlanError, Kpi.PlanError.PERCENT_DECREASING), `${e}`));
});

await run();
