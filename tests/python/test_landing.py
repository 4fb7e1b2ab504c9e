# SPDX-License-Identifier: LGPL-2.1-or-later
"""Year-end landing from Python: where the year will land, against its
budget, the way a budget dashboard would ask."""

import math
import os
import subprocess

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402


def calendar_at(now, fiscal_start=1):
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), fiscal_start)
    calendar.set_now(GLib.DateTime.new_from_iso8601(now, None).to_unix() * 1_000_000)
    return calendar


def monthly_revenue(first_year=2024):
    """One order a month on the 15th up to September 2025, worth 10 × the
    month number: 2025 has closed 10 + 20 + … + 90 = 450 by October."""
    lines = ["date,amount"]
    for year in range(first_year, 2026):
        for month in range(1, 13):
            if (year, month) > (2025, 9):
                break
            lines.append(f"{year:04d}-{month:02d}-15,{10 * month}")
    data = ("\n".join(lines) + "\n").encode()
    orders = Kpi.Dataset.new("date")
    orders.load_data(data, None)
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset(orders)
    return revenue


def test_landing_against_a_budget():
    revenue = monthly_revenue()
    calendar = calendar_at("2025-10-15T09:00:00Z")
    year = calendar.parse_period("2025")
    budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 800)
    forecaster = Kpi.Forecaster(method=Kpi.ForecastMethod.NAIVE)

    landing = Kpi.Landing.compute(revenue, Kpi.Context.new(calendar), year, budget, forecaster)

    assert landing.get_n_closed_periods() == 9
    assert landing.get_n_forecast_periods() == 3
    assert landing.get_actual_to_date() == 450
    # naive: October to December repeat September's 90
    assert landing.get_value() == 450 + 3 * 90
    assert landing.get_lower() < landing.get_value() < landing.get_upper()

    verdict = landing.get_comparison()
    assert verdict.get_status() == Kpi.Status.AT_RISK       # 720 / 800 = 0.9
    assert verdict.get_remaining() == 80
    assert "9 months actual + 3 forecast" in verdict.get_provenance()


def test_default_forecaster_uses_the_seasons():
    revenue = monthly_revenue(first_year=2023)
    calendar = calendar_at("2025-10-15T09:00:00Z")
    landing = Kpi.Landing.compute(revenue, Kpi.Context.new(calendar), calendar.parse_period("2025"),
                                  None, None)
    # the same twelve months every year: seasonal naive forecasts every
    # backtest total exactly, Holt–Winters at best as well: the tie goes to
    # the simpler; October to December = 100 + 110 + 120
    assert landing.get_method() == Kpi.LandingMethod.SEASONAL_NAIVE
    assert landing.get_forecast().get_method() == Kpi.ForecastMethod.SEASONAL_NAIVE
    assert landing.get_value() == 450 + 100 + 110 + 120
    assert landing.get_backtest_error() == 0
    assert landing.get_n_backtest_origins() == 7
    assert landing.get_comparison() is None
    assert math.isnan(landing.get_budget())

    # the table a dashboard shows: every candidate, simplest first
    candidates = landing.get_candidates()
    assert [c.get_method() for c in candidates] == [
        Kpi.LandingMethod.NAIVE, Kpi.LandingMethod.SEASONAL_NAIVE, Kpi.LandingMethod.HOLT,
        Kpi.LandingMethod.DAMPED_TREND, Kpi.LandingMethod.HOLT_WINTERS]
    naive = candidates[0]
    assert naive.get_value() == 450 + 3 * 90
    # origins January to July 2025: 3 × December = 360 against 60, then
    # 60 off each time (see tests/test-kpi-landing.c)
    assert naive.get_backtest_error() == pytest.approx(660 / 7)
    assert all(c.get_n_backtest_origins() == 7 for c in candidates)
    assert Kpi.landing_method_to_string(landing.get_method()) == "seasonal naive"


def test_the_generated_year_lands_within_two_percent(tmp_path):
    """The demo's question on the generated data (tools/kpi-sample-data,
    the default sample): read on 1 October 2025, where does 2025 land? The
    year made 6 130 144; Holt's method alone (the automatic choice before
    the backtest) said 5 797 741, 5.4 % short."""
    generator = os.path.join(os.path.dirname(os.environ["KPI_TOOL"]), "kpi-sample-data")
    subprocess.run([generator, "--quiet", "--output", str(tmp_path)], check=True)

    def load(name):
        dataset = Kpi.Dataset.new("date")
        dataset.load_path(str(tmp_path / f"{name}.csv"), None)
        return dataset

    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset(load("orders"))
    budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, load("budget"), "sum(revenue)")
    hindsight = calendar_at("2026-01-01T00:00:00Z")
    made = revenue.evaluate(Kpi.Context.new(hindsight), hindsight.parse_period("2025")).get_value()
    assert round(made) == 6130144

    calendar = calendar_at("2025-10-01T08:00:00Z")
    context = Kpi.Context.new(calendar)
    year = calendar.parse_period("2025")
    landing = Kpi.Landing.compute(revenue, context, year, budget, None)
    assert abs(landing.get_value() / made - 1) < 0.02
    assert landing.get_lower() <= made <= landing.get_upper()
    assert landing.get_n_backtest_origins() >= 3
    assert landing.get_method() == min(
        landing.get_candidates(), key=lambda c: c.get_backtest_error()).get_method()

    holt = Kpi.Landing.compute(revenue, context, year, budget,
                               Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT))
    assert round(holt.get_value()) == 5797741
    assert abs(landing.get_value() - made) < abs(holt.get_value() - made) / 2


def test_a_forecaster_set_wrong_is_an_error():
    revenue = monthly_revenue()
    calendar = calendar_at("2025-10-15T09:00:00Z")
    forecaster = Kpi.Forecaster.new()
    forecaster.set_confidence_level(1.5)           # no warning
    with pytest.raises(GLib.Error) as failure:
        Kpi.Landing.compute(revenue, Kpi.Context.new(calendar), calendar.parse_period("2025"), None,
                            forecaster)
    assert failure.value.matches(Kpi.forecast_error_quark(), Kpi.ForecastError.INVALID_PARAMETER)
    assert failure.value.message == \
        "the confidence level must be strictly between 0 and 1, not 1.5"


def test_a_ratio_cannot_land():
    revenue = monthly_revenue()
    basket = Kpi.Indicator.new("basket", "sum(amount) / count()")
    basket.set_dataset(revenue.get_dataset())
    calendar = calendar_at("2025-10-15T09:00:00Z")
    with pytest.raises(GLib.Error) as failure:
        Kpi.Landing.compute(basket, Kpi.Context.new(calendar), calendar.parse_period("2025"), None, None)
    assert failure.value.matches(Kpi.landing_error_quark(), Kpi.LandingError.NOT_ADDITIVE)
