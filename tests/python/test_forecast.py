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
    assert forecast.get_residual_standard_deviation() == pytest.approx(sigma, rel=1e-9)
    for h in range(18):
        assert forecast.get_upper(h) - forecast.get_point(h) == pytest.approx(widths[h], rel=1e-9)
        assert forecast.get_point(h) - forecast.get_lower(h) == pytest.approx(widths[h], rel=1e-9)
    assert forecast.get_description() == \
        "Holt–Winters additive (season 12, α=0.30, β=0.10, γ=0.20) on 36 periods"


METHODS = [Kpi.ForecastMethod.NAIVE, Kpi.ForecastMethod.SEASONAL_NAIVE, Kpi.ForecastMethod.HOLT,
           Kpi.ForecastMethod.DAMPED_TREND, Kpi.ForecastMethod.HOLT_WINTERS]


def backtest(history, method, first, horizon):
    """The automatic choice's backtest, done again from here: forecasts
    from every origin o of first … n − 1 (o values known), as far ahead as
    the history goes up to the horizon; their mean absolute error."""
    errors = []
    for o in range(first, len(history)):
        f = Kpi.Forecaster(method=method).forecast(history[:o], horizon)
        errors += [abs(f.get_point(h) - history[o + h])
                   for h in range(min(horizon, len(history) - o))]
    return sum(errors) / len(errors)


def test_automatic_forecast_of_revenue():
    history = monthly_revenue(30)
    forecaster = Kpi.Forecaster.new()              # automatic, season 12, 95 %
    forecast = forecaster.forecast(history, 6)

    # 30 months: Holt–Winters (24 values) can be backtested from 6
    # origins, 24 … 29, on which every method is scored
    errors = {method: backtest(history, method, 24, 6) for method in METHODS}
    best = min(METHODS, key=lambda method: errors[method])    # ties: the first
    assert forecast.get_method() == best
    assert forecast.get_n_backtest_origins() == 6
    assert forecast.get_backtest_error() == pytest.approx(errors[best], rel=1e-9)
    assert "; chosen by a backtest over 6 origins: mean absolute error " in \
        forecast.get_description()
    # a season and a trend: the seasonal methods win by far
    assert best in (Kpi.ForecastMethod.SEASONAL_NAIVE, Kpi.ForecastMethod.HOLT_WINTERS)
    assert errors[best] < errors[Kpi.ForecastMethod.HOLT] / 2

    # Holt–Winters with estimated parameters fits better than any of a few
    # fixed choices
    hw = Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT_WINTERS).forecast(history, 6)
    assert 0 < hw.get_alpha() < 1 and 0 < hw.get_gamma() < 1
    for alpha, beta, gamma in [(0.2, 0.1, 0.1), (0.5, 0.5, 0.5), (0.9, 0.1, 0.9)]:
        fixed = Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT_WINTERS,
                               alpha=alpha, beta=beta, gamma=gamma).forecast(history, 1)
        assert hw.get_residual_standard_deviation() <= fixed.get_residual_standard_deviation() + 1e-12
    # too short to compare two methods: the length decides; a single
    # month: naive
    short = forecaster.forecast(history[:4], 1)
    assert short.get_method() == Kpi.ForecastMethod.HOLT
    assert short.get_n_backtest_origins() == 0 and math.isnan(short.get_backtest_error())
    assert forecaster.forecast(history[:1], 3).get_method() == Kpi.ForecastMethod.NAIVE


def test_damped_trend_intervals_match_the_closed_form():
    """The damped trend's variance multipliers against the closed form of
    Hyndman et al. (2008), table 6.1, class 1, ETS(A,Ad,N), with the
    state-space β = αβ*:
    v_h = 1 + α²(h−1) + βφh/(1−φ)² {2α(1−φ) + βφ}
              − βφ(1−φ^h)/((1−φ)²(1−φ²)) {2α(1−φ²) + βφ(1 + 2φ − φ^h)}."""
    history = [100 + 30 * t - t * t + (3 if t % 3 else -2) for t in range(20)]
    forecast = Kpi.Forecaster(method=Kpi.ForecastMethod.DAMPED_TREND).forecast(history, 8)
    a, phi = forecast.get_alpha(), forecast.get_phi()
    b = a * forecast.get_beta()
    assert 0.8 <= phi <= 0.98
    z = NormalDist().inv_cdf(0.975)
    for h in range(1, 9):
        v = (1 + a * a * (h - 1)
             + b * phi * h / (1 - phi) ** 2 * (2 * a * (1 - phi) + b * phi)
             - b * phi * (1 - phi ** h) / ((1 - phi) ** 2 * (1 - phi * phi))
             * (2 * a * (1 - phi * phi) + b * phi * (1 + 2 * phi - phi ** h)))
        width = forecast.get_upper(h - 1) - forecast.get_point(h - 1)
        assert width == pytest.approx(z * forecast.get_residual_standard_deviation() * math.sqrt(v), rel=1e-9)
    assert forecast.get_description().startswith("Damped trend (α=")


@pytest.mark.parametrize("factor", [1e155, 1e300, -1e300, 1e-300])
def test_extreme_magnitudes_never_give_inf_or_nan(factor):
    history = [x * factor for x in monthly_revenue(36)]
    for method in [Kpi.ForecastMethod.AUTO] + METHODS:
        forecast = Kpi.Forecaster(method=method).forecast(history, 12)
        numbers = [forecast.get_residual_standard_deviation()] + list(forecast.get_points())
        numbers += [forecast.get_lower(h) for h in range(12)]
        numbers += [forecast.get_upper(h) for h in range(12)]
        assert all(math.isfinite(x) for x in numbers), (method, numbers)
        if forecast.get_method() not in (Kpi.ForecastMethod.NAIVE,
                                         Kpi.ForecastMethod.SEASONAL_NAIVE):
            assert math.isfinite(forecast.get_alpha()) and math.isfinite(forecast.get_beta())
        description = forecast.get_description()
        assert "nan" not in description and "inf" not in description, description


def test_what_a_user_types_is_checked_with_an_error():
    """Out-of-range settings are no warning (the tests run with fatal
    warnings): the forecast raises a GLib.Error with the library's message."""
    history = monthly_revenue(12)
    cases = [
        (lambda f: f.set_confidence_level(1.5),
         "the confidence level must be strictly between 0 and 1, not 1.5"),
        (lambda f: setattr(f.props, "confidence_level", 0.0),
         "the confidence level must be strictly between 0 and 1, not 0"),
        (lambda f: f.set_alpha(2.0), "alpha must be within 0..1 (or NaN to estimate it), not 2"),
        (lambda f: setattr(f.props, "beta", -0.1),
         "beta must be within 0..1 (or NaN to estimate it), not -0.1"),
        (lambda f: f.set_gamma(float("inf")),
         "gamma must be within 0..1 (or NaN to estimate it), not inf"),
        (lambda f: setattr(f.props, "phi", 1.5), "phi must be within 0..1 (or NaN to estimate it), not 1.5"),
        (lambda f: f.set_season_length(1), "the season length must be at least 2 periods, not 1"),
    ]
    for change, message in cases:
        forecaster = Kpi.Forecaster.new()
        change(forecaster)
        with pytest.raises(GLib.Error) as info:
            forecaster.forecast(history, 3)
        assert info.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.INVALID_PARAMETER)
        assert info.value.message == message

    forecaster = Kpi.Forecaster(confidence_level=1.5)
    with pytest.raises(GLib.Error):
        forecaster.forecast(history, 3)
    forecaster.set_confidence_level(0.8)
    for horizon in (0, 10001):
        with pytest.raises(GLib.Error) as info:
            forecaster.forecast(history, horizon)
        assert info.value.message == f"the horizon must be 1 to 10000 periods, not {horizon}"
    assert forecaster.forecast(history, 3).get_confidence_level() == 0.8


def test_nan_asks_for_an_estimate_or_the_default():
    """NaN is the one way to say "not set": the smoothing parameters'
    properties default to it and give it back; 0 is a parameter like any
    other; NaN (or 0 for the season) gives the named defaults."""
    forecaster = Kpi.Forecaster.new()
    for name in ("alpha", "beta", "gamma", "phi"):
        assert math.isnan(forecaster.get_property(name)), name
        assert math.isnan(getattr(forecaster, "get_" + name)()), name
    assert forecaster.props.confidence_level == Kpi.DEFAULT_FORECAST_CONFIDENCE_LEVEL == 0.95
    assert forecaster.props.season_length == Kpi.DEFAULT_FORECAST_SEASON_LENGTH == 12

    # β = 0 keeps the first trend (2) for ever: a value, not "estimate";
    # levels 12, 14.5, 16.75 with α = 0.5, then 18.75 and 20.75
    holt = Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT, alpha=0.5, beta=0.0)
    forecast = holt.forecast([10.0, 12.0, 15.0, 17.0], 2)
    assert forecast.get_beta() == 0
    assert forecast.get_points() == pytest.approx([18.75, 20.75])
    holt.props.beta = math.nan                   # back to "estimate", no warning
    assert holt.forecast([10.0, 12.0, 15.0, 17.0], 2).get_beta() > 0

    forecaster.set_confidence_level(0.8)
    forecaster.props.confidence_level = math.nan
    assert forecaster.get_confidence_level() == 0.95
    forecaster.set_season_length(4)
    forecaster.props.season_length = 0
    assert forecaster.get_season_length() == 12


def test_accuracy_near_the_largest_doubles():
    accuracy = Kpi.ForecastAccuracy.new([1.5e308], [1.4e308])
    assert accuracy.get_smape() == pytest.approx(200 / 29)
    assert accuracy.get_mean_absolute_deviation() == pytest.approx(1e307)
    with pytest.raises(GLib.Error) as info:
        Kpi.ForecastAccuracy.new([1.5e308], [-1.5e308])
    assert info.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.OUT_OF_RANGE)


def test_forecast_from_indicator_values_with_gaps():
    # What evaluate_series gives: Kpi.Value objects, one of them missing.
    numbers = [None, 10.0, 12.0, None, 16.0, 18.0]
    values = [Kpi.Value.new_missing(None, 0, Kpi.ValueFlags.NO_DATA) if x is None
              else Kpi.Value.new(None, x, 1, Kpi.ValueFlags.NONE) for x in numbers]
    assert values[1].get_sample_size() == 1
    assert values[1].format(Kpi.DECIMALS_SHORTEST) == "10" and Kpi.DECIMALS_SHORTEST == -1
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
    basket = Kpi.Trend.analyze([52.10, 52.40, 51.90, 52.30, 52.00, 52.20], math.nan, math.nan)
    assert basket.get_direction() == Kpi.TrendDirection.STAGNATING
    assert Kpi.trend_direction_to_string(basket.get_direction()) == "stagnating"
    # three deviations from the median 52.15 in four are within 0.225
    assert basket.get_spread() == pytest.approx(0.225 / 52.15)

    # Revenue over 18 months, with one month missing: rising, 3 a month.
    revenue = [100 + 3 * t + (1 if t % 2 else -1) for t in range(18)]
    revenue[7] = float("nan")
    trend = Kpi.Trend.analyze(revenue, 0.05, math.nan)
    assert trend.get_direction() == Kpi.TrendDirection.RISING
    assert trend.get_n_values() == 17
    assert trend.get_slope() == pytest.approx(3.0, abs=0.15)
    assert trend.get_p_value() < 1e-6


def test_accuracy_of_an_external_forecast():
    # The sales team's forecast was always 10 below: |signal| > 4.
    actuals = [110.0, 112.0, 115.0, 118.0, 120.0, 125.0]
    forecasts = [a - 10 for a in actuals]
    accuracy = Kpi.ForecastAccuracy.new(actuals, forecasts)
    # tracking signal Σ(a − f)/MAD = 60/10 = 6; mean error mean(a − f) = 10
    assert accuracy.get_tracking_signal() == pytest.approx(6.0)
    assert accuracy.get_mean_error() == pytest.approx(10.0)
    assert accuracy.get_bias_direction(math.nan) == Kpi.ForecastBias.UNDER_FORECASTING
    # a limit of 6 is not exceeded by a signal of 6
    assert accuracy.get_bias_direction(6.0) == Kpi.ForecastBias.NONE
    expected_mape = 100 * sum(10 / a for a in actuals) / len(actuals)
    assert accuracy.get_percentage_error() == pytest.approx(expected_mape)
    assert not accuracy.get_uses_smape()

    # complaints: a month with none, so sMAPE
    accuracy = Kpi.ForecastAccuracy.new([0.0, 4.0, 6.0], [1.0, 4.0, 5.0])
    assert accuracy.get_uses_smape()
    assert math.isnan(accuracy.get_mape())
    assert accuracy.get_percentage_error() == pytest.approx(100 * (2 + 0 + 2 / 11) / 3)

    with pytest.raises(GLib.Error) as info:
        Kpi.ForecastAccuracy.new([1.0, 2.0], [1.0])
    assert info.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.LENGTH_MISMATCH)


def test_did_apollo_go_as_planned():
    def day(month, d):
        # an instant: microseconds since the epoch, UTC
        return GLib.DateTime.new_utc(2026, month, d, 0, 0, 0).to_unix() * 1_000_000

    apollo = Kpi.Plan.new("Apollo")
    apollo.add_milestone(day(1, 1), 0)
    apollo.add_milestone(day(1, 31), 50)
    apollo.add_milestone(day(3, 31), 100)
    assert apollo.props.n_milestones == 3

    # 40 % on 31 January: 10 points behind; 40 % was due on 25 January
    progress = apollo.measure_progress(day(1, 31), 40)
    assert progress.get_variance() == pytest.approx(-10)
    assert progress.get_schedule_variance_days() == pytest.approx(-6)
    assert not progress.is_on_schedule()
    assert apollo.get_date_for_percent(40) == day(1, 25)

    with pytest.raises(GLib.Error) as info:
        apollo.add_milestone(day(2, 1), 60)     # before the last milestone
    assert info.value.matches(Kpi.plan_error_quark(), Kpi.PlanError.DATE_ORDER)
