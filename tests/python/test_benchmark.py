# SPDX-License-Identifier: LGPL-2.1-or-later
"""Benchmarks from Python: a budget table against the actuals, a yearly
budget phased by working days, the current month against the previous one
like for like, provenance, and errors."""

import math
import os

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

DATA = os.environ.get("KPI_TEST_DATA")

ORDERS = """date,channel,amount
2025-02-05,online,100
2025-02-20,online,300
2025-03-03,online,150
2025-03-20,online,999
"""

YEARLY_BUDGET = """date,channel,revenue,cost
2025-01-01,online,120000,70000
"""


def utc_calendar(now="2030-01-01T00:00:00Z"):
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601(now, None).to_unix() * 1_000_000)
    return calendar


def from_csv(text):
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(text.encode("utf-8"), None)
    return dataset


def online_revenue(orders):
    indicator = Kpi.Indicator.new("online_revenue", 'sum(amount where channel = "online")')
    indicator.set_dataset(orders)
    indicator.set_unit("EUR")
    return indicator


@pytest.mark.skipif(DATA is None, reason="KPI_TEST_DATA is not set")
def test_budget_against_actuals():
    orders = Kpi.Dataset.new("date")
    orders.load_path(os.path.join(DATA, "orders.csv"), None)
    table = Kpi.Dataset.new("date")
    table.load_path(os.path.join(DATA, "budget.csv"), None)

    budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, table,
                                    'sum(revenue where channel = "online")')
    budget.set_source_name("budget.csv")
    calendar = utc_calendar()
    series = budget.compare_series(online_revenue(orders), Kpi.Context.new(calendar),
                                   calendar.parse_period("2024-01"),
                                   calendar.parse_period("2025-12"))
    assert len(series) == 24
    changes = {c.get_actual().get_period().get_label(): c.get_relative_change() for c in series}
    # docs/sample-data.md: within ±10 % every month, except the May 2025
    # online spike.
    assert changes.pop("2025-05") > 0.10
    assert all(abs(change) <= 0.10 for change in changes.values())
    assert series[0].get_provenance() == 'budget.csv, sum(revenue where channel = "online")'


def test_yearly_budget_by_working_days():
    budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, from_csv(YEARLY_BUDGET),
                                    'sum(revenue where channel = "online")')
    budget.props.source_name = "budget.csv"
    budget.props.version = "2025-v3"
    budget.props.source_granularity = Kpi.Granularity.YEAR
    phasing = Kpi.Phasing.new(Kpi.PhasingMethod.WORKING_DAYS)
    phasing.set_holidays(["2025-01-01", "2025-05-01", "2025-12-25"])
    budget.props.phasing = phasing

    calendar = utc_calendar()
    revenue = online_revenue(from_csv(ORDERS))
    january = budget.evaluate(revenue, Kpi.Context.new(calendar), calendar.parse_period("2025-01"))
    # 258 working days in 2025, 22 in January.
    assert january.get_value() == pytest.approx(120000 * 22 / 258)
    assert budget.dup_provenance() == budget.props.provenance
    assert budget.props.provenance == ('budget.csv (version 2025-v3), sum(revenue where '
                                       'channel = "online"), phased by working days from years')


def test_current_month_like_for_like():
    # 14 days of March are over: March to date (150) against 1-14 February (100).
    calendar = utc_calendar("2025-03-15T00:00:00Z")
    revenue = online_revenue(from_csv(ORDERS))
    context = Kpi.Context.new(calendar)
    previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD)

    comparison = previous.compare(revenue, context, calendar.parse_period("2025-03"))
    assert comparison.get_flags() & Kpi.ComparisonFlags.PARTIAL_PERIOD
    assert comparison.get_actual().get_value() == 150
    assert comparison.get_reference().get_value() == 100
    assert comparison.get_relative_change() == pytest.approx(0.5)
    assert comparison.get_provenance() == "previous period, like for like: 2025-02..2025-02-14"

    # A constant target of 3 100 for the month is pro-rated: 3 100 × 14/31.
    target = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.TARGET, 3100)
    comparison = target.compare(revenue, context, calendar.parse_period("2025-03"))
    assert comparison.get_reference().get_value() == pytest.approx(1400)


def test_phasing_share():
    calendar = utc_calendar()
    phasing = Kpi.Phasing.new(Kpi.PhasingMethod.EVEN)
    year = calendar.parse_period("2025")
    february = calendar.parse_period("2025-02")
    assert phasing.get_share(calendar, year, february) == pytest.approx(1 / 12)
    assert phasing.spread(calendar, 120000, year, february) == pytest.approx(10000)
    phasing.props.measure_type = Kpi.MeasureType.STOCK
    assert phasing.spread(calendar, 50, year, february) == 50
    assert math.isnan(phasing.spread(calendar, 50, year, calendar.parse_period("2026-02")))


def test_errors():
    table = from_csv(YEARLY_BUDGET)
    with pytest.raises(GLib.Error) as info:
        Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, table, "sum(revenu)")
    assert info.value.matches(Kpi.formula_error_quark(), Kpi.FormulaError.UNKNOWN_FIELD)
    # a table's formula reads the table only, never another indicator
    with pytest.raises(GLib.Error) as info:
        Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, table, "sum(revenue) - @cost")
    assert info.value.matches(Kpi.benchmark_error_quark(), Kpi.BenchmarkError.REFERENCE)

    budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, table, "sum(revenue)")
    budget.props.source_granularity = Kpi.Granularity.YEAR
    calendar = utc_calendar()
    with pytest.raises(GLib.Error) as info:
        budget.evaluate(online_revenue(from_csv(ORDERS)), Kpi.Context.new(calendar),
                        calendar.parse_period("2025-03"))
    assert info.value.matches(Kpi.benchmark_error_quark(), Kpi.BenchmarkError.NEEDS_PHASING)

    phasing = Kpi.Phasing.new(Kpi.PhasingMethod.WORKING_DAYS)
    with pytest.raises(GLib.Error) as info:
        phasing.set_holidays(["2025-02-30"])
    assert info.value.matches(Kpi.phasing_error_quark(), Kpi.PhasingError.INVALID_DATE)


def test_a_forecast_as_reference_and_how_good_an_external_forecast_was():
    # revenue grows by 10 a month: 100 in January 2024 … 330 in December 2025
    rows = "".join(f"{2024 + i // 12}-{1 + i % 12:02d}-01,{100 + 10 * i}\n" for i in range(24))
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset(from_csv("date,amount\n" + rows))
    calendar = utc_calendar("2025-06-16T00:00:00Z")
    context = Kpi.Context.new(calendar)

    # the model's forecast of March 2025 from the months before it
    model = Kpi.ForecastBenchmark.new(Kpi.Forecaster(method=Kpi.ForecastMethod.HOLT))
    march = model.compare(revenue, context, calendar.parse_period("2025-03"))
    assert march.get_kind() == Kpi.BenchmarkKind.FORECAST
    assert math.isclose(march.get_reference().get_value(), 240)
    assert march.get_provenance().startswith("forecast by Holt linear trend")

    # an external forecast, 5 too high every month: over-forecasting
    external = Kpi.TableBenchmark.new(
        Kpi.BenchmarkKind.FORECAST,
        from_csv("date,forecast\n" + "".join(
            f"2025-{m:02d}-01,{100 + 10 * (11 + m) + 5}\n" for m in range(1, 6))),
        "sum(forecast)")
    accuracy = external.measure_accuracy(revenue, context,
                                         calendar.parse_period("2025-01"),
                                         calendar.parse_period("2025-05"))
    assert accuracy.get_n_pairs() == 5
    assert math.isclose(accuracy.get_mean_error(), -5)
    assert math.isclose(accuracy.get_tracking_signal(), -5)
    assert accuracy.get_bias_direction(math.nan) == Kpi.ForecastBias.OVER_FORECASTING


def test_did_project_apollo_go_as_planned():
    def day(iso):
        # an instant: microseconds since the epoch, UTC
        return GLib.DateTime.new_from_iso8601(iso + "T00:00:00Z", None).to_unix() * 1_000_000

    plan = Kpi.Plan.new("Apollo")
    plan.add_milestone(day("2025-01-01"), 0)
    plan.add_milestone(day("2025-02-01"), 50)
    plan.add_milestone(day("2025-04-01"), 100)

    progress = Kpi.Indicator.new("apollo", "last(progress)")
    progress.set_dataset(from_csv("date,progress\n2025-01-10,10\n2025-01-31,40\n"))
    progress.set_unit("%")
    progress.get_policy().set_rate_scale(Kpi.RateScale.PERCENT)

    calendar = utc_calendar("2025-02-15T00:00:00Z")
    january = Kpi.PlanBenchmark.new(plan).compare(progress, Kpi.Context.new(calendar),
                                                  calendar.parse_period("2025-01"))
    assert january.get_reference().get_value() == 50
    assert january.get_point_change() == -10
    assert january.get_status() == Kpi.Status.OFF_TRACK
    assert january.get_provenance() == "plan “Apollo”"
    # and how many days behind on 1 February: 40 % was planned for day
    # 31 × 0.8 = 24.8 of January, 6.2 days earlier
    behind = plan.measure_progress(day("2025-02-01"), 40)
    assert math.isclose(behind.get_schedule_variance_days(), -6.2, abs_tol=1e-9)


SMALL_START = """date,channel,amount
2025-01-15,online,50000
2025-02-15,online,49000
2025-03-15,online,51000
2025-04-15,online,50500
2025-05-15,online,49500
2025-06-15,online,1000
2025-07-15,online,7000
"""


def test_a_small_base_is_judged_on_the_months_that_have_data():
    # +600 % from 1 000 after months of about 50 000: the minimum base is
    # 10 % of the median of the months before that have data (50 000), so
    # 1 000 is a small base; the months before the export are not zeros.
    orders = from_csv(SMALL_START)
    revenue = online_revenue(orders)
    calendar = utc_calendar()
    previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD)
    july = previous.compare(revenue, Kpi.Context.new(calendar), calendar.parse_period("2025-07"))
    assert july.get_relative_change() == pytest.approx(6.0)
    assert july.get_flags() & Kpi.ComparisonFlags.SMALL_BASE


def test_a_period_before_the_data_is_no_reference():
    orders = from_csv(SMALL_START)
    revenue = online_revenue(orders)
    calendar = utc_calendar()
    last_year = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.LAST_YEAR)
    for label in ("2025-01", "2025-06"):
        c = last_year.compare(revenue, Kpi.Context.new(calendar), calendar.parse_period(label))
        assert c.get_reference().is_missing()
        assert c.get_reference().get_flags() & Kpi.ValueFlags.NO_DATA
        assert c.get_status() == Kpi.Status.UNKNOWN
        assert c.get_flags() & Kpi.ComparisonFlags.NO_REFERENCE
        assert not c.get_flags() & Kpi.ComparisonFlags.ZERO_BASE


def test_coverage_says_what_the_export_holds():
    orders = from_csv(SMALL_START)
    calendar = utc_calendar()
    december = calendar.parse_period("2024-12")
    august = calendar.parse_period("2025-08")
    assert orders.get_period_coverage(december) == Kpi.Coverage.NONE
    assert orders.get_period_coverage(calendar.parse_period("2025-03")) == Kpi.Coverage.FULL
    assert orders.get_period_coverage(august) == Kpi.Coverage.NONE
    revenue = online_revenue(orders)
    context = Kpi.Context.new(calendar)
    assert revenue.evaluate(context, august).get_flags() & Kpi.ValueFlags.NO_DATA

    # The export is known to cover the whole of 2025 (no sale since July)
    year = calendar.parse_period("2025")
    orders.set_coverage(year.get_start(), year.get_end())
    assert revenue.evaluate(context, august).get_value() == 0
    # ... and to start on 10 January: January is covered in part
    orders.set_coverage(calendar.parse_period("2025-01-10").get_start(), year.get_end())
    january = revenue.evaluate(context, calendar.parse_period("2025-01"))
    assert january.get_value() == 50000
    assert january.get_flags() & Kpi.ValueFlags.PARTIAL_PERIOD

    # A coverage that ends before it starts is an error, not a critical
    with pytest.raises(GLib.Error) as info:
        orders.set_coverage(year.get_end(), year.get_start())
    assert "end after it starts" in info.value.message
    orders.set_coverage(Kpi.TIME_UNSET, Kpi.TIME_UNSET)
    assert orders.props.coverage_start == Kpi.TIME_UNSET
    assert revenue.evaluate(context, august).is_missing()


def test_kinds_that_do_not_fit_the_source_are_errors():
    with pytest.raises(GLib.Error) as info:
        Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.TARGET)
    assert info.value.matches(Kpi.benchmark_error_quark(), Kpi.BenchmarkError.INVALID_KIND)
    assert "not a target" in info.value.message
    table = from_csv(YEARLY_BUDGET)
    with pytest.raises(GLib.Error) as info:
        Kpi.TableBenchmark.new(Kpi.BenchmarkKind.LAST_YEAR, table, "sum(revenue)")
    assert "same period last year" in info.value.message
    with pytest.raises(GLib.Error) as info:
        Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD, 100)
    assert info.value.matches(Kpi.benchmark_error_quark(), Kpi.BenchmarkError.INVALID_KIND)


# A benchmark of the application's own: the industry's gross margin rate,
# from a survey the application has in a dict keyed by month.

MARGINS = """date,amount,cost
2025-01-10,100,70
2025-02-10,200,120
2025-03-10,100,50
2025-04-10,100,70
"""


class IndustryBenchmark(Kpi.Benchmark):
    """Peer figures by period label; a period the survey has no figure for
    is a missing reference that says why (NO_DATA)."""

    def __init__(self, figures, survey):
        super().__init__(kind=Kpi.BenchmarkKind.PEER)
        self.figures = figures
        self.survey = survey
        self.asked = []

    def do_evaluate(self, indicator, context, period):
        self.asked.append((indicator.get_id(), period.get_label()))
        figure = self.figures.get(period.get_label())
        if figure is None:
            return Kpi.Value.new_missing(period, 0, Kpi.ValueFlags.NO_DATA)
        return Kpi.Value.new(period, figure, 0, Kpi.ValueFlags.NONE)

    def do_describe(self):
        return f"industry survey {self.survey}"


def gross_margin_rate():
    indicator = Kpi.Indicator.new("gross_margin_rate", "(sum(amount) - sum(cost)) / sum(amount)")
    indicator.set_dataset(from_csv(MARGINS))
    indicator.get_policy().set_rate_scale(Kpi.RateScale.FRACTION)
    return indicator


def test_a_peer_benchmark_written_in_python():
    peer = IndustryBenchmark({"2025-01": 0.40, "2025-02": 0.35, "2025-04": 0.30}, "2025")
    assert isinstance(peer, Kpi.Benchmark)
    assert peer.get_kind() == Kpi.BenchmarkKind.PEER
    assert peer.dup_provenance() == "industry survey 2025"
    assert peer.props.provenance == "industry survey 2025"

    margin = gross_margin_rate()
    calendar = utc_calendar()
    context = Kpi.Context.new(calendar)

    # January: 30 / 100 = 0.30 against the industry's 0.40: −10.0 pp,
    # attainment 0.30 / 0.40 = 0.75 < 0.9, off track
    january = peer.compare(margin, context, calendar.parse_period("2025-01"))
    assert january.get_kind() == Kpi.BenchmarkKind.PEER
    assert january.get_actual().get_value() == pytest.approx(0.30)
    assert january.get_reference().get_value() == 0.40
    assert january.get_point_change() == pytest.approx(-10.0)
    assert january.format_change(1) == "\u221210.0 pp"
    assert january.get_status() == Kpi.Status.OFF_TRACK
    assert january.get_provenance() == "industry survey 2025"
    assert ("gross_margin_rate", "2025-01") in peer.asked

    # evaluate() is the subclass's do_evaluate
    march = peer.evaluate(margin, context, calendar.parse_period("2025-03"))
    assert march.is_missing()
    assert march.get_flags() & Kpi.ValueFlags.NO_DATA


def test_a_peer_benchmark_over_a_series():
    peer = IndustryBenchmark({"2025-01": 0.40, "2025-02": 0.35, "2025-04": 0.30}, "2025")
    margin = gross_margin_rate()
    calendar = utc_calendar()
    series = peer.compare_series(margin, Kpi.Context.new(calendar),
                                 calendar.parse_period("2025-01"), calendar.parse_period("2025-04"))
    assert [c.get_actual().get_period().get_label() for c in series] == [
        "2025-01", "2025-02", "2025-03", "2025-04"]
    # 0.30, 80 / 200 = 0.40, 50 / 100 = 0.50, 0.30 against 0.40, 0.35, -, 0.30
    assert [c.get_actual().get_value() for c in series] == pytest.approx([0.30, 0.40, 0.50, 0.30])
    assert [c.get_point_change() for c in series[:2]] == pytest.approx([-10.0, 5.0])
    assert [c.get_status() for c in series] == [
        Kpi.Status.OFF_TRACK, Kpi.Status.ON_TRACK, Kpi.Status.UNKNOWN, Kpi.Status.ON_TRACK]
    # March: the survey has no figure: no reference, and it says why
    march = series[2]
    assert march.get_reference().is_missing()
    assert march.get_reference().get_flags() & Kpi.ValueFlags.NO_DATA
    assert march.get_flags() & Kpi.ComparisonFlags.NO_REFERENCE
    assert march.format_change(1) == "n/a"
    assert series[3].format_change(1) == "0.0 pp"
    assert all(c.get_provenance() == "industry survey 2025" for c in series)
    assert [label for _, label in peer.asked] == ["2025-01", "2025-02", "2025-03", "2025-04"]


class SilentBenchmark(Kpi.Benchmark):
    """A subclass whose do_evaluate gives nothing back and raises nothing."""

    def do_evaluate(self, indicator, context, period):
        return None


def test_a_benchmark_that_gives_nothing_is_an_error_not_a_crash():
    silent = SilentBenchmark(kind=Kpi.BenchmarkKind.PEER)
    margin = gross_margin_rate()
    calendar = utc_calendar()
    context = Kpi.Context.new(calendar)
    january = calendar.parse_period("2025-01")
    with pytest.raises(GLib.Error) as caught:
        silent.evaluate(margin, context, january)
    assert caught.value.matches(Kpi.benchmark_error_quark(), Kpi.BenchmarkError.NO_VALUE)
    assert "2025-01" in caught.value.message
    with pytest.raises(GLib.Error) as caught:
        silent.compare(margin, context, january)
    assert caught.value.matches(Kpi.benchmark_error_quark(), Kpi.BenchmarkError.NO_VALUE)
