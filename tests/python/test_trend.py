# SPDX-License-Identifier: LGPL-2.1-or-later
"""Trends from Python: the average basket of the generated CRM sample by
channel, stagnating in spite of the online spike of 2025-05-20, and the
parameters a user can type, refused with a GLib.Error."""

import math
import os

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402


def utc_calendar():
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601("2030-01-01T00:00:00Z", None).to_unix() * 1_000_000)
    return calendar


def basket_by_channel(orders, channel, calendar, first, last):
    indicator = Kpi.Indicator.new("basket_" + channel,
                                  f'sum(amount where channel = "{channel}") / count(channel = "{channel}")')
    indicator.set_dataset(orders)
    return indicator.evaluate_series(Kpi.Context.new(calendar), calendar.parse_period(first),
                                     calendar.parse_period(last))


def test_average_basket_by_channel_stagnates_in_spite_of_the_spike(crm_dir):
    # The sample of `make check` (kpi-sample-data --orders 20000, seed 42),
    # average basket by channel over 2025-03 .. 2025-08 (the same numbers
    # as a Python sum over orders.csv):
    #   store  137.12 142.71 147.34 144.55 141.93 148.09
    #   mobile 100.64  97.55 100.13 102.80 110.44  97.94
    #   online 122.68 121.32 145.00 119.99 120.83 123.45  (May: the spike)
    # None is significant (S = 7, 3 and −1; exact p 0.27, 0.72 and 1).
    # The range, (max − min) / median, is 7.6 %, 12.9 % and 20.5 %: with a
    # 5 % tolerance every channel "fluctuated". Robustly, relative to the
    # median, the drift (|Theil–Sen slope| × 5 months) is 4.7 %, 3.6 % and
    # 0.7 %, the spread (upper quartile of |y − median|) 3.0 %, 2.7 % and
    # 1.5 %: all within 5 %, all stagnating. The spike (and mobile's July)
    # is one odd month in six.
    orders = Kpi.Dataset.new("date")
    orders.load_path(os.path.join(crm_dir, "orders.csv"), None)
    calendar = utc_calendar()
    expected = {"store": (0.047, 0.030, 0.076), "mobile": (0.036, 0.027, 0.129),
                "online": (0.007, 0.015, 0.205)}
    for channel, (drift, spread, value_range) in expected.items():
        series = basket_by_channel(orders, channel, calendar, "2025-03", "2025-08")
        values = [v.get_value() for v in series]
        assert len(values) == 6
        median = sorted(values)[2] / 2 + sorted(values)[3] / 2
        assert (max(values) - min(values)) / median == pytest.approx(value_range, abs=0.001)
        trend = Kpi.Trend.analyze_values(series, math.nan, math.nan)
        assert trend.get_drift() == pytest.approx(drift, abs=0.001), channel
        assert trend.get_spread() == pytest.approx(spread, abs=0.001), channel
        assert trend.get_direction() == Kpi.TrendDirection.STAGNATING, channel
    # May 2025 online is the spike: 145.00 against a median of 122.00
    online = [v.get_value() for v in basket_by_channel(orders, "online", calendar, "2025-05", "2025-05")]
    assert online[0] == pytest.approx(145.00, abs=0.005)


def test_a_rising_basket_with_one_dip_is_not_stagnating():
    # +1.5 a month with one dip: not significant (exact p = 98/720), the
    # spread 4.8 % is within 5 %, but the drift 1.5 × 5 / 102.25 = 7.3 %
    # is not: fluctuating.
    trend = Kpi.Trend.analyze([100, 101.5, 103, 94, 106, 107.5], math.nan, math.nan)
    assert trend.get_drift() == pytest.approx(7.5 / 102.25)
    assert trend.get_direction() == Kpi.TrendDirection.FLUCTUATING


def test_constant_series():
    trend = Kpi.Trend.analyze([3.0] * 6, math.nan, math.nan)
    assert math.isnan(trend.get_kendall_tau())
    assert trend.get_mann_kendall_statistic() == 0
    assert trend.get_p_value() == 1
    assert trend.get_direction() == Kpi.TrendDirection.STAGNATING


def test_min_values():
    # fewer than Kpi.TREND_MIN_VALUES values say nothing; that many do
    assert Kpi.TREND_MIN_VALUES == 4
    fewer = Kpi.Trend.analyze([3.0] * (Kpi.TREND_MIN_VALUES - 1), math.nan, math.nan)
    assert fewer.get_direction() == Kpi.TrendDirection.UNKNOWN
    enough = Kpi.Trend.analyze([3.0] * Kpi.TREND_MIN_VALUES, math.nan, math.nan)
    assert enough.get_direction() == Kpi.TrendDirection.STAGNATING


@pytest.mark.parametrize("significance", [0.0, 2.0, 1.0, -0.05, math.inf])
def test_significance_out_of_range_is_an_error(significance):
    with pytest.raises(GLib.Error) as info:
        Kpi.Trend.analyze([1, 2, 3, 4, 5], significance=significance, stagnation_tolerance=math.nan)
    assert info.value.matches(Kpi.trend_error_quark(), Kpi.TrendError.INVALID_PARAMETER)
    assert "significance level" in info.value.message
    assert info.value.message.endswith("(or NaN for the default, 0.05)")


@pytest.mark.parametrize("tolerance", [-0.01, math.inf, -math.inf])
def test_tolerance_out_of_range_is_an_error(tolerance):
    with pytest.raises(GLib.Error) as info:
        Kpi.Trend.analyze([1, 2, 3, 4, 5], math.nan, tolerance)
    assert info.value.matches(Kpi.trend_error_quark(), Kpi.TrendError.INVALID_PARAMETER)
    assert "stagnation tolerance" in info.value.message
    assert info.value.message.endswith("(or NaN for the default, 0.05)")


def test_defaults_and_values():
    # NaN, and only NaN, asks for the defaults, named in the library
    assert Kpi.DEFAULT_TREND_SIGNIFICANCE == 0.05
    assert Kpi.DEFAULT_TREND_STAGNATION_TOLERANCE == 0.05
    trend = Kpi.Trend.analyze([1, 2, 3, 4, 5], float("nan"), float("nan"))
    assert trend.get_significance() == Kpi.DEFAULT_TREND_SIGNIFICANCE
    assert trend.get_stagnation_tolerance() == Kpi.DEFAULT_TREND_STAGNATION_TOLERANCE
    # a tolerance of 0 is kept: 1 % of wobble fluctuates at 0, stagnates at 5 %
    wobble = [5, 5.1, 5, 5.1, 5, 5.1]
    assert Kpi.Trend.analyze(wobble, math.nan, 0).get_stagnation_tolerance() == 0
    assert Kpi.Trend.analyze(wobble, math.nan, 0).get_direction() == Kpi.TrendDirection.FLUCTUATING
    assert Kpi.Trend.analyze(wobble, math.nan, math.nan).get_direction() == Kpi.TrendDirection.STAGNATING
    # a statistic that was not computed is NaN, not 0
    one = Kpi.Trend.analyze([1.0], math.nan, math.nan)
    assert one.get_n_values() == 1
    assert math.isnan(one.get_mann_kendall_statistic()) and math.isnan(one.get_z_score())
    values = [Kpi.Value.new(None, x, 1, Kpi.ValueFlags.NONE) for x in (1, 2, 3, 4)]
    with pytest.raises(GLib.Error):
        Kpi.Trend.analyze_values(values, 2.0, math.nan)
    assert Kpi.Trend.analyze_values(values, 0.1, 0.1).get_significance() == 0.1
