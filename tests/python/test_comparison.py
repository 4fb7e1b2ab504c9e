# SPDX-License-Identifier: LGPL-2.1-or-later
"""Comparisons from Python: the CRM catalogue over the small CRM worked out
by hand (tests/data/crm-small/README.md), each month against a target or
the month before, the way a dashboard would show it."""

import math
import os

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

SMALL = os.path.join(os.environ.get("KPI_SRCDIR", os.path.dirname(__file__) + "/.."),
                     "data", "crm-small")
MINUS = "\u2212"


def utc_calendar():
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601("2030-01-01T00:00:00Z", None).to_unix() * 1_000_000)
    return calendar


@pytest.fixture
def catalog():
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    for name in ("orders", "opportunities", "marketing", "nps", "complaints"):
        dataset = Kpi.Dataset.new("date")
        dataset.load_path(os.path.join(SMALL, name + ".csv"), None)
        catalog.add_dataset(name, dataset)
    catalog.check()
    return catalog


def month(catalog, indicator_id, label):
    calendar = utc_calendar()
    context = Kpi.Context.new(calendar)
    context.add_catalog(catalog)
    return catalog.lookup(indicator_id).evaluate(context, calendar.parse_period(label))


def target(value):
    """A target typed in by hand: a value with no rows behind it."""
    return Kpi.Value.new(None, value, 0, Kpi.ValueFlags.NONE)


def test_revenue_against_the_previous_month(catalog):
    revenue = catalog.lookup("revenue")
    feb = month(catalog, "revenue", "2025-02")
    jan = month(catalog, "revenue", "2025-01")
    comparison = Kpi.Comparison.new(revenue.get_policy(), feb, jan, Kpi.BenchmarkKind.PREVIOUS_PERIOD,
                                    math.nan, "previous period")

    # 200 against 350: -150, -150 / 350 = -42.857 %
    assert comparison.get_delta() == -150
    assert comparison.get_relative_change() == pytest.approx(-150 / 350)
    assert comparison.format_change(1) == MINUS + "42.9 %"
    # attainment 200 / 350 = 0.571 < 0.9: off track
    assert comparison.get_status() == Kpi.Status.OFF_TRACK
    assert Kpi.status_to_string(comparison.get_status()) == "off track"
    assert not comparison.is_favourable()
    assert comparison.format_remaining(revenue.props.unit, -1) == "150 € to go"
    assert comparison.get_provenance() == "previous period"
    assert comparison.get_kind() == Kpi.BenchmarkKind.PREVIOUS_PERIOD
    assert comparison.get_actual().get_value() == 200


def test_revenue_on_target(catalog):
    revenue = catalog.lookup("revenue")
    jan = month(catalog, "revenue", "2025-01")
    # 350 against 380: 350 / 380 = 0.921: at risk,
    # score -0.5 + (0.921 - 0.9) / 0.1 = -0.289
    comparison = Kpi.Comparison.new(revenue.get_policy(), jan, target(380), Kpi.BenchmarkKind.TARGET,
                                    math.nan, None)
    assert comparison.get_attainment() == pytest.approx(350 / 380)
    assert comparison.get_status() == Kpi.Status.AT_RISK
    assert comparison.get_score() == pytest.approx(-0.5 + (350 / 380 - 0.9) / 0.1)
    assert comparison.format_remaining(revenue.props.unit, -1) == "30 € to go"


def test_margin_rate_moves_in_points(catalog):
    rate = catalog.lookup("gross_margin_rate")
    assert rate.get_policy().is_rate()
    assert rate.get_policy().get_rate_scale() == Kpi.RateScale.FRACTION
    feb = month(catalog, "gross_margin_rate", "2025-02")
    mar = month(catalog, "gross_margin_rate", "2025-03")
    comparison = Kpi.Comparison.new(rate.get_policy(), mar, feb, Kpi.BenchmarkKind.PREVIOUS_PERIOD,
                                    math.nan, None)
    # 0.35 -> 0.40: +5.0 percentage points (not +14.3 %)
    assert comparison.get_point_change() == pytest.approx(5.0)
    assert comparison.get_relative_change() == pytest.approx(0.05 / 0.35)
    assert comparison.format_change(1) == "+5.0 pp"


def test_nps_moves_in_points(catalog):
    nps = catalog.lookup("nps")
    jan = month(catalog, "nps", "2025-01")
    feb = month(catalog, "nps", "2025-02")
    assert nps.get_policy().get_rate_scale() == Kpi.RateScale.POINTS
    comparison = Kpi.Comparison.new(nps.get_policy(), feb, jan, Kpi.BenchmarkKind.PREVIOUS_PERIOD,
                                    math.nan, None)
    # 0 -> 200/3: +66.7 points; from 0 a relative change would be undefined
    assert comparison.get_point_change() == pytest.approx(200 / 3)
    assert math.isnan(comparison.get_relative_change())
    assert comparison.get_flags() & Kpi.ComparisonFlags.ZERO_BASE
    assert comparison.format_change(1) == "+66.7 pts"


def test_nps_of_a_month_without_answers_is_unknown(catalog):
    nps = catalog.lookup("nps")
    mar = month(catalog, "nps", "2025-03")
    comparison = Kpi.Comparison.new(nps.get_policy(), mar, target(30), Kpi.BenchmarkKind.TARGET,
                                    math.nan, None)
    assert comparison.get_status() == Kpi.Status.UNKNOWN
    # no answers at all is also below the 30 answers NPS needs (min_sample)
    assert comparison.get_flags() == (Kpi.ComparisonFlags.NO_ACTUAL | Kpi.ComparisonFlags.LOW_SAMPLE)
    assert math.isnan(comparison.get_score())
    assert comparison.format_change(1) == "n/a"


def test_acquisition_cost_lower_is_better(catalog):
    cac = catalog.lookup("customer_acquisition_cost")
    jan = month(catalog, "customer_acquisition_cost", "2025-01")
    comparison = Kpi.Comparison.new(cac.get_policy(), jan, target(120), Kpi.BenchmarkKind.TARGET,
                                    math.nan, None)
    # 150 against a target of 120: +25 %, unfavourable;
    # attainment 120 / 150 = 0.8: off track; 30 € to go (2 decimals)
    assert comparison.get_direction() == Kpi.Direction.LOWER_IS_BETTER
    assert comparison.get_attainment() == pytest.approx(0.8)
    assert comparison.get_status() == Kpi.Status.OFF_TRACK
    assert comparison.format_change(1) == "+25.0 %"
    assert comparison.format_remaining(cac.props.unit, cac.props.decimals) == "30.00 € to go"


def test_no_complaints_is_on_track(catalog):
    complaints = catalog.lookup("complaints")
    feb = month(catalog, "complaints", "2025-02")
    comparison = Kpi.Comparison.new(complaints.get_policy(), feb, target(5), Kpi.BenchmarkKind.TARGET,
                                    math.nan, None)
    # 0 against 5: attainment 5 / 0 has no value, but 0 is as good as it gets
    assert math.isnan(comparison.get_attainment())
    assert comparison.is_favourable()
    assert comparison.get_status() == Kpi.Status.ON_TRACK
    assert comparison.get_score() == 0.5
    assert comparison.format_remaining(complaints.props.unit, -1) == "reached"


def test_small_and_zero_bases():
    shop = Kpi.Indicator.new("web_shop_revenue", "sum(amount)")
    shop.props.unit = "EUR"
    policy = shop.get_policy()
    policy.set_small_base(5000)
    # +600 % on a 1 000 € start: worth a flag, not a celebration
    start = Kpi.Comparison.new(policy, target(7000), target(1000), Kpi.BenchmarkKind.PREVIOUS_PERIOD,
                               math.nan, None)
    assert start.format_change(0) == "+600 %"
    assert start.get_flags() == Kpi.ComparisonFlags.SMALL_BASE
    # from nothing: no percentage at all
    first = Kpi.Comparison.new(policy, target(7000), target(0), Kpi.BenchmarkKind.PREVIOUS_PERIOD,
                               math.nan, None)
    assert first.format_change(1) == "n/a (zero base)"
    assert first.get_flags() == Kpi.ComparisonFlags.ZERO_BASE
    # a loss of 100 halved: +50 % on |-100|, with the sign flagged
    loss = Kpi.Comparison.new(policy, target(-50), target(-100), Kpi.BenchmarkKind.PREVIOUS_PERIOD, 0, None)
    assert loss.get_relative_change() == 0.5
    assert loss.get_flags() == Kpi.ComparisonFlags.SIGN_CHANGE


def test_limits_are_named():
    # a form can bound its fields by the library's own limits
    policy = Kpi.ComparisonPolicy.new()
    assert (Kpi.SMALL_BASE_MIN_PERIODS, Kpi.SMALL_BASE_MAX_PERIODS) == (3, 10000)
    assert policy.set_small_base_rule(Kpi.DEFAULT_SMALL_BASE_FRACTION, Kpi.SMALL_BASE_MAX_PERIODS)
    with pytest.raises(GLib.Error) as info:
        policy.set_small_base_rule(Kpi.DEFAULT_SMALL_BASE_FRACTION, Kpi.SMALL_BASE_MIN_PERIODS - 1)
    assert info.value.message == "the small base is derived from 3 to 10000 periods (not 2)"
    assert policy.props.small_base_periods == Kpi.SMALL_BASE_MAX_PERIODS
    # more decimals than Kpi.MAX_DECIMALS print that many
    assert Kpi.MAX_DECIMALS == 15
    comparison = Kpi.Comparison.new(policy, target(2), target(3), Kpi.BenchmarkKind.TARGET, math.nan, None)
    assert comparison.format_change(Kpi.MAX_DECIMALS + 5) == comparison.format_change(Kpi.MAX_DECIMALS)
    assert len(comparison.format_change(Kpi.MAX_DECIMALS).split(".")[1].split()[0]) == Kpi.MAX_DECIMALS


def test_tolerance_bands_from_properties():
    sales = Kpi.Indicator.new("sales", "count()")
    policy = sales.get_policy()
    assert (policy.props.on_track_threshold, policy.props.at_risk_threshold) == (1.0, 0.9)
    policy.set_thresholds(0.95, 0.8)
    statuses = []
    for actual in (96, 95, 80, 79):
        comparison = Kpi.Comparison.new(policy, target(actual), target(100), Kpi.BenchmarkKind.TARGET,
                                        math.nan, None)
        statuses.append(Kpi.status_to_string(comparison.get_status()))
    # each edge belongs to the better band
    assert statuses == ["on track", "on track", "at risk", "off track"]


@pytest.mark.parametrize("on_track, at_risk", [(0.8, 0.95), (0, 0), (-1, 0.5), (math.inf, 0.9), (math.nan, 0.9)])
def test_thresholds_typed_wrong_are_errors(on_track, at_risk):
    # thresholds come from a form: refused with an error, the policy unchanged
    policy = Kpi.ComparisonPolicy.new()
    with pytest.raises(GLib.Error) as info:
        policy.set_thresholds(on_track, at_risk)
    assert info.value.matches(Kpi.comparison_error_quark(), Kpi.ComparisonError.INVALID_SETTING)
    assert (policy.get_on_track_threshold(), policy.get_at_risk_threshold()) == (1.0, 0.9)


def test_partial_month_is_flagged():
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    so_far = Kpi.Value.new(None, 4200, 12, Kpi.ValueFlags.PARTIAL_PERIOD)
    comparison = Kpi.Comparison.new(revenue.get_policy(), so_far, target(4000), Kpi.BenchmarkKind.LAST_YEAR,
                                    math.nan, None)
    assert comparison.get_flags() == Kpi.ComparisonFlags.PARTIAL_PERIOD
    assert comparison.format_change(1) == "+5.0 %"


def test_a_change_that_is_not_zero_keeps_its_sign():
    budget = Kpi.Indicator.new("revenue", "sum(amount)")
    budget.props.unit = "EUR"
    # -21 on a budget of 475 026: -0.0044 %, "0.0" at one decimal, but the
    # status is at risk (475 005 / 475 026 = 0.99996 < 1): "−0.0 %"
    policy = budget.get_policy()
    under = Kpi.Comparison.new(policy, target(475005), target(475026), Kpi.BenchmarkKind.BUDGET, math.nan, None)
    assert under.format_change(1) == MINUS + "0.0 %"
    assert under.get_status() == Kpi.Status.AT_RISK
    over = Kpi.Comparison.new(policy, target(475047), target(475026), Kpi.BenchmarkKind.BUDGET, math.nan, None)
    assert over.format_change(1) == "+0.0 %"
    same = Kpi.Comparison.new(policy, target(475026), target(475026), Kpi.BenchmarkKind.BUDGET, math.nan, None)
    assert same.format_change(1) == "0.0 %"
    # in points too: a conversion rate 0.001 pp up or down, an NPS 0.01 up
    conversion = Kpi.Indicator.new("conversion", "count()")
    conversion.props.unit = "ratio"
    conversion.get_policy().set_rate_scale(Kpi.RateScale.FRACTION)
    up = Kpi.Comparison.new(conversion.get_policy(), target(0.34001), target(0.34), Kpi.BenchmarkKind.TARGET,
                            math.nan, None)
    down = Kpi.Comparison.new(conversion.get_policy(), target(0.33999), target(0.34), Kpi.BenchmarkKind.TARGET,
                              math.nan, None)
    assert (up.format_change(1), down.format_change(1)) == ("+0.0 pp", MINUS + "0.0 pp")
    nps = Kpi.Indicator.new("nps", "count()")
    nps.props.unit = "score"
    nps.get_policy().set_rate_scale(Kpi.RateScale.POINTS)
    assert Kpi.Comparison.new(nps.get_policy(), target(29.99), target(30), Kpi.BenchmarkKind.TARGET,
                              math.nan, None).format_change(1) == MINUS + "0.0 pts"


def test_percent_and_score_remain_in_points():
    # 34 % - 31 % is 3 percentage points to go (not "3 % to go") even when
    # the policy does not say rate; a score (in points) has points to go
    margin = Kpi.Indicator.new("margin_pct", "sum(amount)")
    margin.props.unit = "percent"
    margin.props.decimals = 1
    assert Kpi.Comparison.new(margin.get_policy(), target(31), target(34), Kpi.BenchmarkKind.TARGET,
                              math.nan, None).format_remaining(margin.props.unit,
                                                               margin.props.decimals) == "3.0 pp to go"
    score = Kpi.Indicator.new("satisfaction", "sum(amount)")
    score.props.unit = "score"
    score.get_policy().set_rate_scale(Kpi.RateScale.POINTS)
    assert Kpi.Comparison.new(score.get_policy(), target(25), target(30), Kpi.BenchmarkKind.TARGET,
                              math.nan, None).format_remaining(score.props.unit, 0) == "5 pts to go"


EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308,
            1e-300, 5.0, -5.0, 1e300, -1e300, 1.7e308, -1.7e308, 1.7976931348623157e308,
            -1.7976931348623157e308, math.nan]


def test_extreme_magnitudes_never_leak():
    """Property: over every pair of extreme numbers, for every direction,
    unit and rate scale, no text holds "inf" or "nan", the score is in -1..1 (or
    NaN exactly when the status is unknown) and no number is infinite."""
    for direction in (Kpi.Direction.HIGHER_IS_BETTER, Kpi.Direction.LOWER_IS_BETTER,
                      Kpi.Direction.WITHIN_BAND):
        for unit in ("EUR", "ratio", "percent", "score"):
            for scale in (Kpi.RateScale.NONE, Kpi.RateScale.FRACTION, Kpi.RateScale.PERCENT,
                          Kpi.RateScale.POINTS):
                policy = Kpi.ComparisonPolicy.new()
                policy.set_direction(direction)
                policy.set_rate_scale(scale)
                for a in EXTREMES:
                    for r in EXTREMES:
                        actual = Kpi.Value.new_missing(None, 0, Kpi.ValueFlags.NONE) if math.isnan(a) else target(a)
                        c = Kpi.Comparison.new(policy, actual, target(r), Kpi.BenchmarkKind.TARGET, math.nan, None)
                        for decimals in (-1, 0, 15, 10**6):
                            for text in (c.format_change(decimals), c.format_remaining(unit, decimals)):
                                assert "inf" not in text.lower() and "nan" not in text.lower(), (a, r, text)
                        for number in (c.get_delta(), c.get_relative_change(), c.get_point_change(),
                                       c.get_attainment(), c.get_remaining()):
                            assert not math.isinf(number), (a, r)
                        if c.get_status() == Kpi.Status.UNKNOWN:
                            assert math.isnan(c.get_score())
                        else:
                            assert -1 <= c.get_score() <= 1, (a, r)


def test_relative_change_when_the_delta_overflows():
    # DBL_MAX against -1.7e308: a - r does not fit, the relative change
    # does: DBL_MAX / 1.7e308 + 1 = 2.0575, +205.75 %
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    c = Kpi.Comparison.new(revenue.get_policy(), target(1.7976931348623157e308), target(-1.7e308),
                           Kpi.BenchmarkKind.TARGET, math.nan, None)
    assert math.isnan(c.get_delta())
    assert c.get_relative_change() == pytest.approx(1.7976931348623157e308 / 1.7e308 + 1)
    assert c.format_change(2) == "+205.75 %"
    # 1 against the smallest subnormal: an attainment too large for a
    # double scores +1, on track
    tiny = Kpi.Comparison.new(revenue.get_policy(), target(1), target(5e-324), Kpi.BenchmarkKind.TARGET,
                              math.nan, None)
    assert math.isnan(tiny.get_attainment())
    assert tiny.get_status() == Kpi.Status.ON_TRACK
    assert tiny.get_score() == 1
