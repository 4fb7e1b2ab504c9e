# SPDX-License-Identifier: LGPL-2.1-or-later
"""Asynchronous evaluation from Python, as a dashboard would run it: the
work in a worker thread, the callback in the main loop, the result or the
error from the _finish call, and cancellation. The numbers are those of
the small CRM worked out by hand (tests/data/crm-small/README.md)."""

import os
import threading

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

SMALL = os.path.join(os.environ.get("KPI_SRCDIR", os.path.dirname(__file__) + "/.."),
                     "data", "crm-small")


def utc_calendar():
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601("2030-01-01T00:00:00Z", None).to_unix() * 1_000_000)
    return calendar


@pytest.fixture
def context():
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    for name in ("orders", "marketing"):
        dataset = Kpi.Dataset.new("date")
        dataset.load_path(os.path.join(SMALL, name + ".csv"), None)
        catalog.add_dataset(name, dataset)
    context = Kpi.Context.new(utc_calendar())
    context.add_catalog(catalog)
    return context


def run(start, finish):
    """Calls start(callback), runs a main loop until the callback has been
    called, and returns what finish(source, result) gave in it, or raises
    the error it raised. The callback must run in this thread."""
    loop = GLib.MainLoop()
    outcome = {}

    def callback(source, result, *user_data):
        outcome["thread"] = threading.current_thread()
        try:
            outcome["value"] = finish(source, result)
        except GLib.Error as e:
            outcome["error"] = e
        loop.quit()

    def too_long():
        outcome["timeout"] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    timeout = GLib.timeout_add_seconds(30, too_long)
    start(callback)
    loop.run()
    assert "timeout" not in outcome, "the callback was never called"
    GLib.source_remove(timeout)
    assert outcome["thread"] is threading.main_thread()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def periods(context, first, last):
    calendar = context.get_calendar()
    return calendar.parse_period(first), calendar.parse_period(last)


def test_evaluate_series_async(context):
    cac = context.lookup_indicator("customer_acquisition_cost")
    first, last = periods(context, "2025-01", "2025-03")
    values = run(lambda cb: cac.evaluate_series_async(context, first, last, None, cb),
                 lambda source, result: source.evaluate_series_finish(result))
    # 300 / 2, 150 / 1, 0 / 1: the references resolved in the worker thread
    assert [v.get_period().get_label() for v in values] == ["2025-01", "2025-02", "2025-03"]
    assert [v.get_value() for v in values] == [150, 150, 0]


def test_evaluate_series_async_error(context):
    typo = Kpi.Indicator.new("typo", "@new_customer")
    first, last = periods(context, "2025-01", "2025-03")
    with pytest.raises(GLib.Error) as info:
        run(lambda cb: typo.evaluate_series_async(context, first, last, None, cb),
            lambda source, result: source.evaluate_series_finish(result))
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_INDICATOR)
    assert info.value.message.endswith("did you mean “@new_customers”?")


def test_evaluate_breakdown_async(context):
    # Q1 gross margin rate by channel, top 1: mobile 40 / 80 = 0.5, the
    # others together 220 / 670 (not the mean of their rates), total
    # 260 / 750
    rate = context.lookup_indicator("gross_margin_rate")
    q1 = context.get_calendar().parse_period("2025-Q1")
    groups, total = run(lambda cb: rate.evaluate_breakdown_async(context, q1, "channel", 1, None, cb),
                        lambda source, result: source.evaluate_breakdown_finish(result))
    assert [g.get_group() for g in groups] == ["mobile", "other"]
    assert [g.get_group_kind() for g in groups] == [Kpi.GroupKind.VALUE, Kpi.GroupKind.OTHER]
    assert groups[0].get_value() == pytest.approx(0.5, rel=1e-12)
    assert groups[1].get_value() == pytest.approx(220 / 670, rel=1e-12)
    assert total.get_value() == pytest.approx(260 / 750, rel=1e-12)
    assert total.get_group_kind() == Kpi.GroupKind.NONE

    # distinct customers: online 4, store 2, mobile 1, but 4 in all
    active = context.lookup_indicator("active_customers")
    groups, total = run(lambda cb: active.evaluate_breakdown_async(context, q1, "channel", 0, None, cb),
                        lambda source, result: source.evaluate_breakdown_finish(result))
    assert {g.get_group(): g.get_value() for g in groups} == {"online": 4, "store": 2, "mobile": 1}
    assert total.get_value() == 4


def test_evaluate_breakdown_async_by_a_measure(context):
    revenue = context.lookup_indicator("revenue")
    q1 = context.get_calendar().parse_period("2025-Q1")
    with pytest.raises(GLib.Error) as info:
        run(lambda cb: revenue.evaluate_breakdown_async(context, q1, "amount", 0, None, cb),
            lambda source, result: source.evaluate_breakdown_finish(result))
    assert info.value.matches(Kpi.formula_error_quark(), Kpi.FormulaError.NOT_A_DIMENSION)


class Survey(Kpi.Benchmark):
    """A peer figure per month, from a dict: its do_evaluate runs in the
    worker thread of compare_series_async."""

    def __init__(self, figures):
        super().__init__(kind=Kpi.BenchmarkKind.PEER)
        self.figures = figures
        self.threads = set()

    def do_evaluate(self, indicator, context, period):
        self.threads.add(threading.current_thread())
        figure = self.figures.get(period.get_label())
        if figure is None:
            return Kpi.Value.new_missing(period, 0, Kpi.ValueFlags.NO_DATA)
        return Kpi.Value.new(period, figure, 0, Kpi.ValueFlags.NONE)

    def do_describe(self):
        return "retail survey"


def test_compare_series_async(context):
    revenue = context.lookup_indicator("revenue")
    first, last = periods(context, "2025-01", "2025-03")

    # February 200 against January 350: −42.9 %; March 200 against 200
    previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD)
    comparisons = run(lambda cb: previous.compare_series_async(revenue, context, first, last, None, cb),
                      lambda source, result: source.compare_series_finish(result))
    assert len(comparisons) == 3
    assert comparisons[0].get_flags() & Kpi.ComparisonFlags.NO_REFERENCE
    assert [c.format_change(1) for c in comparisons[1:]] == ["\u221242.9 %", "0.0 %"]
    assert comparisons[1].get_provenance() == "previous period"

    # a benchmark written in Python, evaluated away from the main thread
    survey = Survey({"2025-01": 400, "2025-03": 160})
    comparisons = run(lambda cb: survey.compare_series_async(revenue, context, first, last, None, cb),
                      lambda source, result: source.compare_series_finish(result))
    # 350 against 400: 0.875, off track; February: no figure; 200 against
    # 160: +25 %, on track
    assert [c.get_status() for c in comparisons] == [
        Kpi.Status.OFF_TRACK, Kpi.Status.UNKNOWN, Kpi.Status.ON_TRACK]
    assert comparisons[1].get_reference().get_flags() & Kpi.ValueFlags.NO_DATA
    assert comparisons[2].get_relative_change() == pytest.approx(0.25)
    assert all(c.get_provenance() == "retail survey" for c in comparisons)
    assert survey.threads and threading.main_thread() not in survey.threads


def cancelled():
    cancellable = Gio.Cancellable()
    cancellable.cancel()
    return cancellable


def assert_cancelled(info):
    assert info.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)


def test_cancelled_evaluations(context):
    revenue = context.lookup_indicator("revenue")
    first, last = periods(context, "2025-01", "2025-03")
    q1 = context.get_calendar().parse_period("2025-Q1")

    with pytest.raises(GLib.Error) as info:
        run(lambda cb: revenue.evaluate_series_async(context, first, last, cancelled(), cb),
            lambda source, result: source.evaluate_series_finish(result))
    assert_cancelled(info)

    with pytest.raises(GLib.Error) as info:
        run(lambda cb: revenue.evaluate_breakdown_async(context, q1, "channel", 0, cancelled(), cb),
            lambda source, result: source.evaluate_breakdown_finish(result))
    assert_cancelled(info)

    previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD)
    with pytest.raises(GLib.Error) as info:
        run(lambda cb: previous.compare_series_async(revenue, context, first, last, cancelled(), cb),
            lambda source, result: source.compare_series_finish(result))
    assert_cancelled(info)


def test_cancelled_after_the_call(context):
    # Cancelled from the main loop once the work is under way: whether the
    # worker saw it or had finished, the result is the cancellation.
    revenue = context.lookup_indicator("revenue")
    first, last = periods(context, "2024-01-01", "2025-12-31")
    cancellable = Gio.Cancellable()

    def cancel():
        cancellable.cancel()
        return GLib.SOURCE_REMOVE

    def start(callback):
        revenue.evaluate_series_async(context, first, last, cancellable, callback)
        # before the callback, which GTask queues at the default priority
        GLib.idle_add(cancel, priority=GLib.PRIORITY_HIGH)

    with pytest.raises(GLib.Error) as info:
        run(start, lambda source, result: source.evaluate_series_finish(result))
    assert_cancelled(info)
