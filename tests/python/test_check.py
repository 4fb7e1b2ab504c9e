# SPDX-License-Identifier: LGPL-2.1-or-later
"""Data-quality checks from Python: a check written in Python, a checks file
that names it, a run with progress, and findings that follow the numbers to
the values they taint."""

import json
import math

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import GLib, GObject, Kpi  # noqa: E402

ORDERS = (
    "date,order_id,channel,amount\n"
    "2025-03-03,1,online,100\n"
    "2025-03-12,2,online,-40\n"
    "2025-03-20,3,store,200\n"
    "2025-04-02,4,online,300\n"
    "2025-04-15,5,store,\n"
)


class NegativeAmounts(Kpi.Check):
    """Amounts below zero are unexpected (refunds belong in another file)."""

    __gtype_name__ = "TestNegativeAmounts"

    floor = GObject.Property(type=float, default=0.0)

    def do_run(self, context, cancellable):
        dataset = self.dup_dataset(context)
        calendar = context.get_calendar()
        result = Kpi.CheckResult(status=Kpi.CheckStatus.PASS)
        n = dataset.get_n_rows()
        missing = bad = 0
        for row in range(n):
            present, amount = dataset.get_measure_value("amount", row)
            if not present:
                missing += 1
            elif amount < self.props.floor:
                bad += 1
                day = calendar.period_at(dataset.get_time(row), Kpi.Granularity.DAY)
                result.add_affected(day, None, None)
                self.add_sample(result, dataset, row)
        result.set_counts(n, missing, bad)
        result.props.status = self.grade_rows(n, missing, bad)
        result.props.observed = bad
        result.set_fields(["amount"])
        result.props.message = "%d amount%s below %g" % (bad, "" if bad == 1 else "s", self.props.floor)
        return result


@pytest.fixture
def context():
    calendar = Kpi.Calendar.new(None, 1)
    calendar.props.now = GLib.DateTime.new_utc(2025, 6, 1, 0, 0, 0).to_unix() * 1000000
    orders = Kpi.Dataset.new("date")
    orders.load_data(ORDERS.encode(), None)
    ctx = Kpi.Context.new(calendar)
    ctx.add_dataset("orders", orders)
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset_name("orders")
    ctx.add_indicator(revenue)
    return ctx


def suite_from(text):
    suite = Kpi.CheckSuite.new()
    suite.load_data(text, -1, None)
    return suite


CHECKS = json.dumps({"checks": [{
    "type": "TestNegativeAmounts", "id": "no_refunds", "dataset": "orders",
    "floor": 0, "key_fields": ["order_id", "date"],
}]})


def test_a_python_check_from_a_checks_file(context):
    suite = suite_from(CHECKS)
    assert [check.props.id for check in suite] == ["no_refunds"]
    [result] = suite.run(context, None)
    assert result.props.status == Kpi.CheckStatus.FAIL
    assert result.props.message == "1 amount below 0"
    # an application's type keeps its name, in the kebab case of the file format
    assert result.props.check_type == "test-negative-amounts"
    assert result.props.dataset_name == "orders"
    # one of the four amounts present is unexpected; the missing one does not count
    assert result.get_element_count() == 5
    assert result.get_missing_count() == 1
    assert result.get_unexpected_fraction() == pytest.approx(0.25)
    assert list(result.get_sample_keys(0)) == ["2", "2025-03-12"]
    report = json.loads(result.to_json())
    assert report["status"] == "fail"
    assert report["affected"] == [{"period": "2025-03-12"}]


def test_mostly_lets_a_share_through(context):
    suite = suite_from(CHECKS.replace('"floor": 0', '"floor": 0, "mostly": 0.75'))
    [result] = suite.run(context, None)
    assert result.props.status == Kpi.CheckStatus.PASS


def test_findings_follow_the_numbers(context):
    suite = suite_from(CHECKS)
    revenue = context.lookup_indicator("revenue")
    calendar = context.get_calendar()
    march, april = calendar.parse_period("2025-03"), calendar.parse_period("2025-04")
    values = suite.evaluate_series(revenue, context, march, april)
    by_month = {v.get_period().get_label(): v for v in values}
    assert by_month["2025-03"].get_quality() == Kpi.Quality.FAILED
    assert by_month["2025-03"].get_confidence() == pytest.approx(0.5)
    assert [f.props.check_id for f in by_month["2025-03"].get_findings()] == ["no_refunds"]
    assert by_month["2025-03"].get_value() == pytest.approx(260)
    assert by_month["2025-04"].get_quality() == Kpi.Quality.GOOD
    assert not by_month["2025-04"].get_findings()


def test_closure_of_each_period(context):
    orders = context.lookup_dataset("orders")
    orders.props.expected_lag = 10 * 86400 * 1000000
    revenue = context.lookup_indicator("revenue")
    calendar = context.get_calendar()
    values = revenue.evaluate_series(context, calendar.parse_period("2025-03"), calendar.parse_period("2025-05"))
    # now is 1 June: March is final, April's data stops on the 15th (overdue),
    # May ended less than 10 days ago
    assert [v.get_closure() for v in values] == [
        Kpi.Closure.FINAL, Kpi.Closure.OVERDUE, Kpi.Closure.PROVISIONAL]


def test_run_async_with_progress(context):
    suite = suite_from(CHECKS)
    check = NegativeAmounts(id="second", dataset_name="orders", floor=150)
    suite.add(check)
    progress = []
    suite.connect("progress", lambda s, done, total: progress.append((done, total)))
    loop = GLib.MainLoop()
    outcome = {}

    def done(source, result):
        outcome["results"] = source.run_finish(result)
        loop.quit()

    suite.run_async(context, None, done)
    loop.run()
    while GLib.MainContext.default().iteration(False):
        pass
    assert [r.props.status for r in outcome["results"]] == [Kpi.CheckStatus.FAIL, Kpi.CheckStatus.FAIL]
    assert outcome["results"][1].props.message == "2 amounts below 150"
    assert progress == [(1, 2), (2, 2)]


def test_bad_checks_files_say_where(context):
    suite = Kpi.CheckSuite.new()
    with pytest.raises(GLib.Error) as caught:
        suite.load_data(CHECKS.replace('"floor"', '"flor"'), -1, None)
    assert caught.value.matches(Kpi.check_error_quark(), Kpi.CheckError.PARSE)
    assert "$.checks[0].flor: unknown key" in caught.value.message
    assert "did you mean “floor”?" in caught.value.message
    with pytest.raises(GLib.Error) as caught:
        suite.load_data('{"checks": [{"type": "TestNegativeAmounts", "id": "x", "warn": "2"}]}', -1, None)
    assert "$.checks[0].warn: expected a number, found a string" in caught.value.message
    assert len(suite) == 0


def test_a_check_that_cannot_run_is_an_error_result(context):
    suite = suite_from(CHECKS.replace('"dataset": "orders"', '"dataset": "ordres"'))
    [result] = suite.run(context, None)
    assert result.props.status == Kpi.CheckStatus.ERROR
    assert "unknown dataset “ordres”; did you mean “orders”?" in result.props.message
    # the same type name as the results of the checks that ran
    assert result.props.check_type == "test-negative-amounts"


def test_what_an_indicator_reads(context):
    growth = Kpi.Indicator.new("growth", "@revenue / prev(@revenue) - 1")
    context.add_indicator(growth)
    assert growth.list_datasets(context) == ["orders"]
    assert growth.list_fields(context, "orders") == ["amount"]
    april = context.get_calendar().parse_period("2025-04")
    assert [p.get_label() for p in growth.list_periods_read(context, "orders", april)] == ["2025-04", "2025-03"]
    assert Kpi.Formula.parse("last_year(sum(x))").get_reach() == (0, True, False)
    # nothing looked at: no fraction
    assert math.isnan(Kpi.CheckResult().get_unexpected_fraction())


def test_freshness_takes_the_datasets_expected_lag(context):
    orders = context.lookup_dataset("orders")
    check = Kpi.CheckSuite.new_check("freshness")
    check.props.id = "fresh"
    check.props.dataset_name = "orders"
    # the orders stop on 15 April; now is 1 June
    result = check.run(context, None)
    assert result.props.status == Kpi.CheckStatus.FAIL
    assert "overdue" not in result.props.message
    # once the dataset says its months are in 10 days after they end, April is overdue
    orders.props.expected_lag = 10 * 86400 * 1000000
    result = check.run(context, None)
    assert "overdue: 2025-04 (due 10 days after its end)" in result.props.message


def test_the_name_a_context_knows_a_dataset_by(context):
    orders = context.lookup_dataset("orders")
    assert context.dup_dataset_name(orders) == "orders"
    assert context.dup_dataset_name(Kpi.Dataset.new("date")) is None
