# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Python override (bindings/python/gi/overrides/Kpi.py), used
uninstalled (tests/Makefile.am puts bindings/python on PYTHONPATH), written
as a user of the library writes Python: datetimes, keyword arguments,
iteration, dicts keyed by periods, NumPy and pandas."""

import datetime
import json
import math
import os
import pydoc
import subprocess
import sys

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import Gio, GLib, Kpi  # noqa: E402

UTC = datetime.timezone.utc


@pytest.fixture(autouse=True)
def no_glib_warnings(capfd):
    """Fails a test on any GLib critical or warning on stderr (criticals
    abort already under G_DEBUG=fatal-warnings; this catches the rest)."""
    yield
    err = capfd.readouterr().err
    assert "CRITICAL" not in err and "WARNING" not in err, err


@pytest.fixture
def calendar():
    cal = Kpi.Calendar.new(None, 1)
    cal.set_now(datetime.datetime(2026, 1, 15, tzinfo=UTC))
    return cal


def test_override_is_loaded():
    # the override is the uninstalled one, and the real gi is still gi
    from gi.overrides import Kpi as override
    assert os.path.dirname(gi.__file__) != os.path.dirname(os.path.dirname(override.__file__))
    assert override.__file__.startswith(os.path.join(os.environ["KPI_SRCDIR"], "..", "bindings")
                                        ) or "bindings/python/gi/overrides" in override.__file__
    assert Kpi.Period.__module__ == "gi.overrides.Kpi"


def test_periods_compare_hash_and_sort(calendar):
    a, b = calendar.parse_period("2025-09"), calendar.parse_period("2025-09")
    august, q3 = calendar.parse_period("2025-08"), calendar.parse_period("2025-Q3")
    assert a is not b and a == b and not (a != b) and hash(a) == hash(b)
    assert a != august and a != "2025-09"
    # by start, then granularity: Q3 and July start together, the finer first
    july = calendar.parse_period("2025-07")
    assert sorted([a, q3, august, july]) == [july, q3, august, a]
    assert august < a <= b and a > august
    totals = {a: 1}
    totals[b] += 1
    assert totals == {calendar.parse_period("2025-09"): 2}
    assert str(a) == "2025-09" and repr(a) == "<Kpi.Period 2025-09>" and f"{a}" == "2025-09"
    assert a.start_datetime == datetime.datetime(2025, 9, 1, tzinfo=UTC)
    assert a.end_datetime == datetime.datetime(2025, 10, 1, tzinfo=UTC)
    assert datetime.datetime(2025, 9, 30, 23, 59, tzinfo=UTC) in a
    assert datetime.date(2025, 10, 1) not in a


def test_values_float_number_repr(calendar):
    period = calendar.parse_period("2025-09")
    value = Kpi.Value.new(period, 1234.5, 12, Kpi.ValueFlags.NONE)
    assert float(value) == 1234.5 and value.number == 1234.5
    assert repr(value) == "<Kpi.Value 2025-09 1234.5>"
    missing = Kpi.Value.new_missing(period, 0, Kpi.ValueFlags.DIVISION_BY_ZERO)
    assert math.isnan(float(missing)) and missing.number is None
    assert repr(missing) == "<Kpi.Value 2025-09 missing [division-by-zero]>"
    assert str(missing.flags) == "division-by-zero"


def test_flags_are_readable_sets():
    flags = Kpi.ValueFlags.PARTIAL_PERIOD | Kpi.ValueFlags.LOW_SAMPLE
    assert flags.names == ("partial-period", "low-sample")
    assert str(flags) == "partial-period|low-sample"
    assert repr(flags) == "<Kpi.ValueFlags partial-period|low-sample>"
    assert list(flags) == [Kpi.ValueFlags.PARTIAL_PERIOD, Kpi.ValueFlags.LOW_SAMPLE]
    assert Kpi.ValueFlags(0).names == () and str(Kpi.ValueFlags(0)) == ""
    assert "small-base" in str(Kpi.ComparisonFlags.SMALL_BASE | Kpi.ComparisonFlags.ZERO_BASE)


def test_instants_accept_datetimes_and_dates():
    paris = Kpi.Calendar.new(GLib.TimeZone.new_identifier("Europe/Paris"), 1)
    # an aware datetime: exact to the microsecond
    paris.set_now(datetime.datetime(2025, 9, 1, 0, 0, 0, 5, tzinfo=UTC))
    assert paris.get_now() == 1756684800000005
    assert paris.now_datetime == datetime.datetime(2025, 9, 1, 0, 0, 0, 5, tzinfo=UTC)
    # a date: midnight in the calendar's zone (CEST, UTC+2), 22:00 UTC the day before
    assert Kpi.to_instant(datetime.date(2025, 9, 1), paris) == 1756684800000000 - 2 * 3600 * 1000000
    assert str(paris.period_at(datetime.date(2025, 9, 1), Kpi.Granularity.MONTH)) == "2025-09"
    utc = Kpi.Calendar.new(None, 1)
    eleven_pm = datetime.datetime(2025, 8, 31, 23, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert str(utc.period_at(eleven_pm, Kpi.Granularity.DAY)) == "2025-08-31"
    assert str(paris.period_at(eleven_pm, Kpi.Granularity.DAY)) == "2025-08-31"
    # keyword arguments are converted too
    assert str(utc.period_at(time=datetime.date(2025, 2, 14), granularity=Kpi.Granularity.WEEK)) == "2025-W07"
    dataset = Kpi.Dataset.new(None)
    assert dataset.set_coverage(datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    assert dataset.get_coverage() == (1735689600000000, 1767225600000000)


def test_keyword_defaults(calendar, crm_dir):
    series = [10, 12, 11, 13, 15, 14, 16, 18]
    assert Kpi.Trend.analyze(series).get_direction() == Kpi.TrendDirection.RISING
    explicit = Kpi.Trend.analyze(series, significance=0.05, stagnation_tolerance=0.05)
    assert explicit.get_p_value() == Kpi.Trend.analyze(series).get_p_value()
    # None is a missing value, as NaN is
    assert Kpi.Trend.analyze([1, None, 2, 3, 4]).get_n_values() == 4

    orders = Kpi.Dataset.new(None)
    orders.load_path(os.path.join(crm_dir, "orders.csv"))
    context = Kpi.Context.new(calendar)
    context.add_dataset("orders", orders)
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset_name("orders")
    september = calendar.parse_period("2025-09")
    groups, total = revenue.evaluate_breakdown(context, september, "channel")
    top, _ = revenue.evaluate_breakdown(context, september, "channel", top_n=1)
    assert len(groups) == 3 and len(top) == 2     # the largest and "other"
    assert sum(float(v) for v in groups) == pytest.approx(float(total))


def test_load_options_as_keywords(tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_text("day;channel;amount\n2025-09-01;web;1,5\n2025-09-02;store;2,25\n")
    dataset = Kpi.Dataset.new("day")
    dataset.load_path(str(path), time_column="day", delimiter=";", decimal_separator=",")
    assert list(dataset.column("amount")) == [1.5, 2.25]
    with pytest.raises(TypeError, match="unknown load option “delimeter”"):
        Kpi.Dataset.new("day").load_path(str(path), delimeter=";")


def test_exports_give_text(calendar):
    plain = Kpi.Definitions.new(calendar)
    assert isinstance(plain.to_data(), str)


def test_numpy_column_without_copy():
    numpy = pytest.importorskip("numpy")
    dataset = Kpi.Dataset.new(None)
    dataset.add_column("channel", Kpi.ColumnKind.DIMENSION)
    dataset.add_column("amount", Kpi.ColumnKind.MEASURE)
    dataset.append_rows([datetime.date(2025, 9, 1), datetime.date(2025, 9, 2)],
                        ["web", None], [1.5, math.nan])
    amount = dataset.column("amount")
    assert amount.dtype == numpy.float64 and not amount.flags.writeable
    assert amount[0] == 1.5 and math.isnan(amount[1])
    # the same memory, twice: no copy was made
    assert numpy.shares_memory(amount, dataset.column("amount"))
    times = dataset.column("date")
    assert times[1] == numpy.datetime64("2025-09-02T00:00:00", "us")
    assert list(dataset.column("channel")) == [0, Kpi.DIMENSION_MISSING]
    with pytest.raises(ValueError):
        amount[0] = 2.0
    # the array outlives appends (which move the column) and the dataset
    for day in range(3000):
        dataset.append_row(datetime.date(2025, 9, 3), ["web"], [float(day)])
    del dataset
    assert amount.tolist()[0] == 1.5 and len(amount) == 2


def test_pandas_round_trip():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({
        "date": pandas.to_datetime(["2025-09-01", "2025-09-02", "2025-09-03"], utc=True),
        "channel": ["web", None, "store"],
        "amount": [10.0, float("nan"), 2.5],
    })
    dataset = Kpi.Dataset.from_pandas(frame, time_column="date")
    assert dataset.get_n_rows() == 3
    assert dataset.get_dimension_value("channel", 2) == "store"
    assert dataset.get_dimension_value("channel", 1) is None
    back = dataset.to_pandas()
    assert list(back.columns) == ["date", "channel", "amount"]
    assert (back["date"] == frame["date"]).all()
    assert back["channel"].astype(object).where(back["channel"].notna(), None).tolist() == ["web", None, "store"]
    assert back["amount"].equals(frame["amount"])
    # what a user does next: the library evaluates it
    context = Kpi.Context.new(None)
    context.add_dataset("orders", dataset)
    indicator = Kpi.Indicator.new("revenue", "sum(amount)")
    indicator.set_dataset_name("orders")
    september = Kpi.Calendar.new(None, 1).parse_period("2025-09")
    assert float(indicator.evaluate(context, september)) == 12.5
    with pytest.raises(KeyError):
        Kpi.Dataset.from_pandas(frame, time_column="day")


def test_iteration_and_len(calendar):
    suite = Kpi.CheckSuite.new()
    for name in ("orders", "nps"):
        check = Kpi.UniquenessCheck.new(name)
        check.set_id(name + "_unique")
        suite.add(check)
    assert len(suite) == 2 and [c.get_id() for c in suite] == ["orders_unique", "nps_unique"]


def test_help_shows_docs():
    text = pydoc.render_doc(Kpi.Period, renderer=pydoc.plaintext)
    assert "start_datetime" in text and "The label" in text
    assert "None when the value is missing" in pydoc.render_doc(Kpi.Value, renderer=pydoc.plaintext)
    assert "NumPy" in Kpi.Dataset.column.__doc__
    assert "datetime" in Kpi.Calendar.set_now.__doc__


BAD_INPUTS = [
    (lambda cal: cal.parse_period("2025-13"), GLib.Error, "2025-13"),
    (lambda cal: cal.set_now(datetime.datetime(2025, 9, 1)), ValueError, "naive datetime 2025-09-01T00:00:00"),
    (lambda cal: cal.set_now("2025-09-01"), TypeError, "got str"),
    (lambda cal: cal.set_now(True), TypeError, "got bool"),
    (lambda cal: Kpi.Trend.analyze([1, 2, 3, 4], significance=2), GLib.Error, "between 0 and 1"),
    (lambda cal: Kpi.Trend.analyze(["a"]), ValueError, "could not convert"),
    (lambda cal: Kpi.Dataset.new(None).column("nope"), KeyError, "no column “nope”"),
    (lambda cal: Kpi.Dataset.new(None).load_path("/nonexistent/x.csv"), GLib.Error, "/nonexistent/x.csv"),
    (lambda cal: Kpi.Formula.parse("sum(amount"), GLib.Error, "expected"),
    (lambda cal: cal.parse_period("2025-09") < "2025-10", TypeError, "not supported"),
]


@pytest.mark.parametrize("call,exception,message", BAD_INPUTS)
def test_bad_input_raises_with_the_message(calendar, call, exception, message):
    with pytest.raises(exception) as info:
        call(calendar)
    assert message in str(info.value)


def test_stubs_generated_from_the_gir(tmp_path):
    top_builddir = os.environ["KPI_TOP_BUILDDIR"]
    gir = os.path.join(top_builddir, "libkpi", "Kpi-1.0.gir")
    if not os.path.exists(gir):
        pytest.skip("no GIR (introspection off)")
    tool = os.path.join(os.environ["KPI_SRCDIR"], "..", "tools", "gen-stubs.py")
    stubs = subprocess.run([sys.executable, tool, gir], check=True, capture_output=True, text=True).stdout
    compile(stubs, "Kpi.pyi", "exec")
    assert "class Period(GObject.GBoxed):" in stubs
    assert "    def set_now(self, now: Instant) -> None:" in stubs
    assert "    def to_json(self) -> str:" in stubs                 # no length
    assert "    def get_measure(self, column: str) -> typing.Optional[typing.List[float]]:" in stubs
    assert "    def evaluate_breakdown(self, context: Context, period: Period, dimension: str, top_n: int = ...)" in stubs
    assert "    PARTIAL_PERIOD: ValueFlags = ..." in stubs
    assert "    def names(self) -> typing.Tuple[str, ...]:" in stubs
    assert "    def start_datetime(self) -> typing.Optional[datetime.datetime]: ..." in stubs
    # the GIR's documentation, as docstrings
    assert '"""Gets the number.' in stubs


# The new user's September scorecard with its breakdowns, rewritten as
# Python: 19 lines (from `calendar =` to `return`) where it took 96.
SCORECARD = {
    "version": 1,
    "datasets": [{"name": "orders", "path": "orders.csv"}, {"name": "targets", "path": "targets.csv"}],
    "indicators": [
        {"id": "revenue", "title": "Revenue", "dataset": "orders", "formula": "sum(amount)"},
        {"id": "new_customers", "title": "New customers", "dataset": "orders", "formula": "new(customer)"},
    ],
    "benchmarks": [{"name": "revenue_target", "kind": "target", "table": "targets",
                    "formula": "sum(target where indicator = \"revenue\")"}],
    "dashboards": [{"id": "sales", "type": "strategic", "indicators": [
        {"indicator": "revenue", "perspective": "financial", "target": "revenue_target"},
        {"indicator": "new_customers", "perspective": "customer"}]}],
}


def scorecard(directory):
    calendar = Kpi.Calendar.new(None, 1)
    calendar.set_now(datetime.date(2026, 1, 15))
    definitions = Kpi.Definitions.new(calendar)
    definitions.load_data(json.dumps(SCORECARD).encode(), Gio.File.new_for_path(directory))
    context = definitions.get_context()
    september = calendar.parse_period("2025-09")
    report = definitions.lookup_dashboard("sales").evaluate(definitions, september)
    lines, by_indicator = [], {}
    for row in report:
        value = row.get_value()
        by_indicator[row.get_title()] = value
        lines.append(f"{row.get_title():14} {value.format(0):>12} {row.get_status().value_nick}")
        groups, total = row.get_indicator().evaluate_breakdown(context, september, "channel", top_n=2)
        for group in sorted(groups, key=float, reverse=True):
            lines.append(f"  {group.get_group():12} {float(group):12.0f}")
    months = calendar.list_periods(calendar.parse_period("2025-01"), september)
    history = {p: float(report.get_item(0).get_indicator().evaluate(context, p)) for p in months}
    return lines, by_indicator, history


def test_scorecard_idiomatic(crm_dir):
    lines, values, history = scorecard(crm_dir)
    assert lines[0].startswith("Revenue") and len(lines) == 2 + 2 * 3
    assert values["Revenue"].period == Kpi.Calendar.new(None, 1).parse_period("2025-09")
    # September's revenue: the sum of the rows dated in September, read by
    # the csv module (an independent computation)
    import csv
    with open(os.path.join(crm_dir, "orders.csv"), newline="") as f:
        expected = sum(float(r["amount"]) for r in csv.DictReader(f) if r["date"].startswith("2025-09"))
    assert float(values["Revenue"]) == pytest.approx(expected, rel=1e-9)
    assert history[max(history)] == float(values["Revenue"])
    assert [str(p) for p in sorted(history)][:2] == ["2025-01", "2025-02"]
