# SPDX-License-Identifier: LGPL-2.1-or-later
"""Trend, forecast, forecast accuracy and plan progress from Python.

A dashboard asks: is the average basket stagnating, is revenue rising, where
will the next months land, how good was last year's external forecast, and
is project Apollo on schedule?  The Holt–Winters forecast is checked against
a plain Python recursion written here, independent of the library.
"""

import math
import random
from statistics import NormalDist

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

PATTERN = [-20, -15, -5, 0, 5, 10, 25, 20, 5, 0, -10, -15]


def monthly_revenue(months, seed=7):
    """A trend of 3 a month, a yearly pattern and some noise."""
    rng = random.Random(seed)
    return [200 + 3 * t + PATTERN[t % 12] + rng.gauss(0, 2) for t in range(months)]


def holt_winters(y, m, alpha, beta, gamma, horizon, level=0.95):
    """Holt–Winters additive, as libkpi documents it: trend = (mean of the
    second season − mean of the first) / m; the mean of the first season is
    the level in its middle, so seasonal i = y[i] − (mean + trend·(i − (m−1)/2))
    and the level at the end of the first season is mean + trend·(m−1)/2;
    one-step errors from period m on."""
    mean1 = sum(y[:m]) / m
    trend = (sum(y[m:2 * m]) / m - mean1) / m
    season = [y[i] - (mean1 + trend * (i - (m - 1) / 2)) for i in range(m)]
    lev = mean1 + trend * (m - 1) / 2
    sse = 0.0
    for t in range(m, len(y)):
        s = season[t % m]
        error = y[t] - (lev + trend + s)
        sse += error * error
        new_level = alpha * (y[t] - s) + (1 - alpha) * (lev + trend)
        season[t % m] = gamma * (y[t] - lev - trend) + (1 - gamma) * s
        trend = beta * (new_level - lev) + (1 - beta) * trend
        lev = new_level
    sigma = math.sqrt(sse / (len(y) - m))
    z = NormalDist().inv_cdf((1 + level) / 2)
    b = alpha * beta                       # the state-space form's beta
    points, widths = [], []
    for h in range(1, horizon + 1):
        k = (h - 1) // m
        points.append(lev + h * trend + season[(len(y) + h - 1) % m])
        var = 1 + (h - 1) * (alpha ** 2 + alpha * b * h + b ** 2 * h * (2 * h - 1) / 6) \
            + gamma * k * (2 * alpha + gamma + b * m * (k + 1))
        widths.append(z * sigma * math.sqrt(var))
    return points, widths, sigma


def test_holt_winters_matches_independent_recursion():
    history = monthly_revenue(36)
    forecaster = Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT_WINTERS,
                                season_length=12, alpha=0.3, beta=0.1, gamma=0.2)
    forecast = forecaster.forecast(history, 18)

    points, widths, sigma = holt_winters(history, 12, 0.3, 0.1, 0.2, 18)
    assert forecast.get_method() == Kpi.ForecastMethod.HOLT_WINTERS
    assert forecast.get_points() == pytest.approx(points, rel=1e-9, abs=1e-9)
    assert forecast.get_sigma() == pytest.approx(sigma, rel=1e-9)
    for h in range(18):
        assert forecast.get_upper(h) - forecast.get_point(h) == pytest.approx(widths[h], rel=1e-9)
        assert forecast.get_point(h) - forecast.get_lower(h) == pytest.approx(widths[h], rel=1e-9)
    assert forecast.get_description() == \
        "Holt–Winters additive (season 12, α=0.30, β=0.10, γ=0.20) on 36 periods"


def test_automatic_forecast_of_revenue():
    history = monthly_revenue(30)
    forecaster = Kpi.Forecaster.new()              # automatic, season 12, 95 %
    forecast = forecaster.forecast(history, 6)

    # 30 months cover two full years: Holt–Winters with estimated parameters
    assert forecast.get_method() == Kpi.ForecastMethod.HOLT_WINTERS
    assert 0 < forecast.get_alpha() < 1 and 0 < forecast.get_gamma() < 1
    # the estimate fits better than any of a few fixed choices
    for alpha, beta, gamma in [(0.2, 0.1, 0.1), (0.5, 0.5, 0.5), (0.9, 0.1, 0.9)]:
        fixed = Kpi.Forecaster(alpha=alpha, beta=beta, gamma=gamma).forecast(history, 1)
        assert forecast.get_sigma() <= fixed.get_sigma() + 1e-12
    # one year of history: Holt; a single month: naive
    assert forecaster.forecast(history[:12], 3).get_method() == Kpi.ForecastMethod.HOLT
    assert forecaster.forecast(history[:1], 3).get_method() == Kpi.ForecastMethod.NAIVE


def test_forecast_from_indicator_values_with_gaps():
    # What evaluate_series gives: Kpi.Value objects, one of them missing.
    numbers = [None, 10.0, 12.0, None, 16.0, 18.0]
    values = [Kpi.Value.new_missing(None, 0, Kpi.ValueFlags.NO_DATA) if x is None
              else Kpi.Value.new(None, x, 1, Kpi.ValueFlags.NONE) for x in numbers]
    forecaster = Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT, alpha=0.5, beta=0.5)
    forecast = forecaster.forecast_values(values, 2)
    # the leading gap is dropped, the inner one interpolated (14): a line
    assert forecast.get_points() == pytest.approx([20.0, 22.0])
    assert forecast.get_n_history() == 5
    assert "1 missing value interpolated" in forecast.get_description()


def test_forecast_errors():
    forecaster = Kpi.Forecaster.new()
    with pytest.raises(GLib.Error) as info:
        forecaster.forecast([1.0, 2.0, float("nan")], 1)
    assert info.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.MISSING_VALUE)
    assert "index 2" in info.value.message

    forecaster.props.method = Kpi.ForecastMethod.HOLT_WINTERS
    with pytest.raises(GLib.Error) as info:
        forecaster.forecast(monthly_revenue(23), 1)
    assert info.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.NOT_ENOUGH_DATA)


def test_trend_of_the_average_basket_and_revenue():
    # Six months of an average basket within ±1 %: stagnating.
    basket = Kpi.Trend.analyze([52.10, 52.40, 51.90, 52.30, 52.00, 52.20], 0, 0)
    assert basket.get_direction() == Kpi.TrendDirection.STAGNATING
    assert Kpi.trend_direction_to_string(basket.get_direction()) == "stagnating"
    # three deviations from the median 52.15 in four are within 0.225
    assert basket.get_spread() == pytest.approx(0.225 / 52.15)

    # Revenue over 18 months, with one month missing: rising, 3 a month.
    revenue = [100 + 3 * t + (1 if t % 2 else -1) for t in range(18)]
    revenue[7] = float("nan")
    trend = Kpi.Trend.analyze(revenue, 0.05, 0)
    assert trend.get_direction() == Kpi.TrendDirection.RISING
    assert trend.get_n_values() == 17
    assert trend.get_slope() == pytest.approx(3.0, abs=0.15)
    assert trend.get_p_value() < 1e-6


def test_accuracy_of_an_external_forecast():
    # The sales team's forecast was always 10 below: |signal| > 4.
    actuals = [110.0, 112.0, 115.0, 118.0, 120.0, 125.0]
    forecasts = [a - 10 for a in actuals]
    accuracy = Kpi.ForecastAccuracy.new(actuals, forecasts)
    # tracking signal Σ(a − f)/MAD = 60/10 = 6; bias mean(f − a) = −10
    assert accuracy.get_tracking_signal() == pytest.approx(6.0)
    assert accuracy.get_bias() == pytest.approx(-10.0)
    assert accuracy.get_bias_direction() == Kpi.ForecastBias.UNDER_FORECASTING
    expected_mape = 100 * sum(10 / a for a in actuals) / len(actuals)
    assert accuracy.get_error() == pytest.approx(expected_mape)
    assert not accuracy.get_uses_smape()

    # complaints: a month with none, so sMAPE
    accuracy = Kpi.ForecastAccuracy.new([0.0, 4.0, 6.0], [1.0, 4.0, 5.0])
    assert accuracy.get_uses_smape()
    assert math.isnan(accuracy.get_mape())
    assert accuracy.get_error() == pytest.approx(100 * (2 + 0 + 2 / 11) / 3)

    with pytest.raises(GLib.Error) as info:
        Kpi.ForecastAccuracy.new([1.0, 2.0], [1.0])
    assert info.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.INVALID_PARAMETER)


def test_did_apollo_go_as_planned():
    def day(month, d):
        return GLib.DateTime.new_utc(2026, month, d, 0, 0, 0)

    apollo = Kpi.Plan.new("Apollo")
    apollo.add_milestone(day(1, 1), 0)
    apollo.add_milestone(day(1, 31), 50)
    apollo.add_milestone(day(3, 31), 100)
    assert apollo.props.n_milestones == 3

    # 40 % on 31 January: 10 points behind; 40 % was due on 25 January
    progress = apollo.progress(day(1, 31), 40)
    assert progress.get_variance() == pytest.approx(-10)
    assert progress.get_schedule_variance_days() == pytest.approx(-6)
    assert not progress.is_on_schedule()
    assert apollo.get_date_for_percent(40).equal(day(1, 25))

    with pytest.raises(GLib.Error) as info:
        apollo.add_milestone(day(2, 1), 60)     # before the last milestone
    assert info.value.matches(Kpi.plan_error_quark(), Kpi.PlanError.DATE_ORDER)
