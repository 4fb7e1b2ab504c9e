# SPDX-License-Identifier: LGPL-2.1-or-later
"""Year-end landing from Python: where the year will land, against its
budget, the way a budget dashboard would ask."""

import math

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
    budget = Kpi.Benchmark.new_constant(Kpi.BenchmarkKind.BUDGET, 800)
    forecaster = Kpi.Forecaster(method=Kpi.ForecastMethod.NAIVE)

    landing = Kpi.Landing.compute(revenue, calendar, year, budget, forecaster)

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
    landing = Kpi.Landing.compute(revenue, calendar, calendar.parse_period("2025"), None, None)
    forecast = landing.get_forecast()
    assert forecast.get_method() == Kpi.ForecastMethod.HOLT_WINTERS
    # the same twelve months every year: October to December ≈ 100, 110, 120
    assert math.isclose(landing.get_value(), 450 + 100 + 110 + 120, abs_tol=15)
    assert landing.get_comparison() is None
    assert math.isnan(landing.get_budget())


def test_a_ratio_cannot_land():
    revenue = monthly_revenue()
    basket = Kpi.Indicator.new("basket", "sum(amount) / count()")
    basket.set_dataset(revenue.get_dataset())
    calendar = calendar_at("2025-10-15T09:00:00Z")
    with pytest.raises(GLib.Error) as failure:
        Kpi.Landing.compute(basket, calendar, calendar.parse_period("2025"), None, None)
    assert failure.value.matches(Kpi.landing_error_quark(), Kpi.LandingError.NOT_ADDITIVE)
