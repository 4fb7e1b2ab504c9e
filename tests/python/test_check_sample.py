# SPDX-License-Identifier: LGPL-2.1-or-later
"""The checks the crm catalogue declares, over the generated sample data: every
seeded anomaly is found and named as anomalies.json names it, the findings
taint exactly the values they touch, and the clean twin of the data raises
no warning and no failure. Also `kpi check` and `kpi eval --checks`, as a
CI pipeline would run them."""

import csv
import io
import json
import os
import subprocess

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import GLib, Kpi  # noqa: E402

FILES = {
    "orders": "orders.csv",
    "marketing": "marketing.csv",
    "nps": "nps.csv",
    "project_tasks": "project_tasks.csv",
    "orders_as_of": "orders_as_of_2025-07-05.csv",
}


def data_dir(variable):
    path = os.environ.get(variable)
    if not path or not os.path.isdir(path):
        pytest.fail("%s does not name a generated sample directory" % variable)
    return path


def sample_context(directory):
    """The sample's datasets read on 1 January 2026, the day after the export."""
    calendar = Kpi.Calendar.new(None, 1)
    calendar.set_now(GLib.DateTime.new_utc(2026, 1, 1, 0, 0, 0).to_unix() * 1000000)
    context = Kpi.Context.new(calendar)
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    context.add_catalog(catalog)
    for name, file in FILES.items():
        dataset = Kpi.Dataset.new("date")
        dataset.load_path(os.path.join(directory, file), None)
        context.add_dataset(name, dataset)
    return context


def run_crm_checks(directory):
    context = sample_context(directory)
    suite = Kpi.CheckSuite.new()
    suite.load_builtin("crm", context.get_calendar())
    results = {r.props.check_id: r for r in suite.run(context, None)}
    return context, suite, results


def anomalies(directory):
    with open(os.path.join(directory, "anomalies.json")) as f:
        return {a["id"]: a for a in json.load(f)["anomalies"]}


def affected_labels(result):
    return {result.get_affected(i)[0].get_label() for i in range(result.get_n_affected())}


def test_every_seeded_anomaly_is_found_and_named():
    directory = data_dir("KPI_TEST_DATA")
    seeded = anomalies(directory)
    _, _, results = run_crm_checks(directory)
    fail, warn = Kpi.CheckStatus.FAIL, Kpi.CheckStatus.WARN

    batch = seeded["duplicated_batch"]
    r = results["order_ids_unique"]
    assert r.props.status == fail
    assert "%d duplicated rows on %s" % (batch["rows"], batch["date"]) in r.props.message
    assert r.get_unexpected_count() == batch["rows"]
    assert affected_labels(r) == {batch["date"]}

    silent = seeded["rep_stops_reporting"]
    r = results["reps_reporting"]
    assert r.props.status == fail
    assert r.props.message.startswith("%s: no order since %s" % (silent["rep"], silent["from"]))
    assert {r.get_affected(i)[2] for i in range(r.get_n_affected())} == {silent["rep"]}

    push = seeded["end_of_quarter_concentration"]
    r = results["reps_quarter_end"]
    assert r.props.status == fail
    assert r.props.message.startswith("%s: %.1f %% of %s" % (push["rep"], 100 * push["share_in_window"],
                                                             push["quarter"]))

    spike = seeded["outlier_spike"]
    r = results["daily_revenue_outliers"]
    assert r.props.status == fail
    assert r.props.message.startswith("%s %s: %.2f" % (spike["date"], spike["channel"], spike["revenue"]))
    assert [r.get_affected(i)[0].get_label() for i in range(r.get_n_affected())] == [spike["date"]]

    month = seeded["rewritten_month"]
    r = results["orders_restated"]
    assert r.props.status == fail
    assert "%s: %d rows changed" % (month["month"], month["rows_changed"]) in r.props.message
    assert affected_labels(r) == {month["month"]}

    late = seeded["late_source"]
    r = results["marketing_fresh"]
    assert r.props.status in (warn, fail)
    assert "newest record %s is %.1f days old" % (late["last_date"], late["lag_days"] + 1) in r.props.message
    assert results["orders_fresh"].props.status == Kpi.CheckStatus.PASS

    bias = seeded["underestimated_remaining_work"]
    r = results["project_estimates"]
    assert r.props.status == fail
    assert r.props.message.startswith("%s: tracking signal %+.0f over %d estimates"
                                      % (bias["team"], bias["tracking_signal"], bias["estimates_scored"]))

    # nothing is seeded for these
    for check in ("orders_complete", "amounts_positive", "channels_known", "nps_scores_valid", "nps_fresh"):
        assert results[check].props.status == Kpi.CheckStatus.PASS, results[check].props.message


def test_the_clean_data_raises_nothing():
    _, _, results = run_crm_checks(data_dir("KPI_TEST_DATA_CLEAN"))
    assert len(results) == 14
    for check_id, result in results.items():
        assert result.props.status == Kpi.CheckStatus.PASS, "%s: %s" % (check_id, result.props.message)


def test_findings_taint_the_months_they_touch():
    context, suite, _ = run_crm_checks(data_dir("KPI_TEST_DATA"))
    calendar = context.get_calendar()
    first, last = calendar.parse_period("2025-01"), calendar.parse_period("2025-12")

    def quality(indicator_id):
        indicator = context.lookup_indicator(indicator_id)
        values = suite.evaluate_series(indicator, context, first, last)
        return {v.get_period().get_label(): (v.get_quality(), [f.props.check_id for f in v.get_findings() or []])
                for v in values}

    revenue = quality("revenue")
    # March: the batch loaded twice (and the day's volume); April: nothing
    assert revenue["2025-03"][0] == Kpi.Quality.FAILED
    assert "order_ids_unique" in revenue["2025-03"][1]
    assert revenue["2025-04"] == (Kpi.Quality.GOOD, [])
    assert revenue["2025-01"] == (Kpi.Quality.GOOD, [])
    assert "daily_revenue_outliers" in revenue["2025-05"][1]
    assert "orders_restated" in revenue["2025-06"][1]
    assert "reps_quarter_end" in revenue["2025-09"][1]
    assert "reps_reporting" in revenue["2025-10"][1]
    # the count of sales reads whole rows: the duplicate batch taints it too
    assert "order_ids_unique" in quality("sales_count")["2025-03"][1]
    # the NPS reads another dataset: untouched
    assert all(q == (Kpi.Quality.GOOD, []) for q in quality("nps").values())
    # marketing's late December taints what reads marketing, in December only
    cac = quality("customer_acquisition_cost")
    assert "marketing_fresh" in cac["2025-12"][1]
    assert "marketing_fresh" not in cac["2025-11"][1]


def test_a_breakdown_keeps_the_finding_to_its_group():
    context, suite, _ = run_crm_checks(data_dir("KPI_TEST_DATA"))
    calendar = context.get_calendar()
    revenue = context.lookup_indicator("revenue")
    may = calendar.parse_period("2025-05")
    values, _total = revenue.evaluate_breakdown(context, may, "channel", 0)
    annotated = {v.get_group(): v for v in suite.annotate(revenue, context, values, "channel")}
    assert annotated["online"].get_quality() == Kpi.Quality.FAILED
    assert annotated["store"].get_quality() == Kpi.Quality.GOOD
    assert annotated["mobile"].get_confidence() == pytest.approx(1.0)


def kpi(*args):
    tool = os.environ.get("KPI_TOOL")
    if not tool:
        pytest.fail("KPI_TOOL does not name the kpi command")
    return subprocess.run([tool, *args], capture_output=True, text=True)


def data_args(directory):
    return ["%s=%s" % (name, os.path.join(directory, file)) for name, file in FILES.items()]


def test_kpi_check_fails_a_pipeline_on_the_seeded_data():
    directory = data_dir("KPI_TEST_DATA")
    result = kpi("check", *data_args(directory), "--checks", "builtin:crm", "--now", "2026-01-01",
                 "--format", "json")
    assert result.returncode == 1, result.stderr
    report = {r["check"]: r for r in json.loads(result.stdout)}
    assert report["order_ids_unique"]["status"] == "fail"
    assert report["order_ids_unique"]["affected"] == [{"period": anomalies(directory)["duplicated_batch"]["date"]}]
    assert report["orders_fresh"]["status"] == "pass"


def test_kpi_check_passes_the_clean_data():
    result = kpi("check", *data_args(data_dir("KPI_TEST_DATA_CLEAN")), "--checks", "builtin:crm",
                 "--now", "2026-01-01", "--format", "csv")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 14
    assert {row["status"] for row in rows} == {"pass"}


def test_kpi_check_bad_input_exits_2(tmp_path):
    directory = data_dir("KPI_TEST_DATA")
    checks = tmp_path / "checks.json"
    checks.write_text('{"checks": [{"type": "uniqueness", "id": "u", "fileds": ["order_id"]}]}')
    result = kpi("check", os.path.join(directory, "orders.csv"), "--checks", str(checks))
    assert result.returncode == 2
    assert "checks.json: $.checks[0].fileds: unknown key" in result.stderr
    assert "did you mean “fields”?" in result.stderr
    # a check that cannot run: an unknown field
    checks.write_text('{"checks": [{"type": "uniqueness", "id": "u", "fields": ["ordr_id"]}]}')
    result = kpi("check", os.path.join(directory, "orders.csv"), "--checks", str(checks))
    assert result.returncode == 2
    assert result.stdout == "ERROR  u: unknown field “ordr_id”; did you mean “order_id”?\n"
    # only the orders: the catalogue's other checks are skipped, and said so
    result = kpi("check", os.path.join(directory, "orders.csv"), "--checks", "builtin:crm", "--now", "2026-01-01")
    assert result.returncode == 1
    assert "skipped the checks of datasets not given: marketing_fresh (marketing)" in result.stderr


def test_kpi_eval_shows_quality():
    directory = data_dir("KPI_TEST_DATA")
    result = kpi("eval", os.path.join(directory, "orders.csv"), "sum(amount)", "--from", "2025-02", "--to",
                 "2025-04", "--checks", "builtin:crm", "--now", "2026-01-01", "--expected-lag", "7")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows] == ["2025-02", "2025-03", "2025-04"]
    assert [r["quality"] for r in rows] == ["good", "failed", "good"]
    assert [r["closure"] for r in rows] == ["final"] * 3
    assert "order_ids_unique" in rows[1]["findings"].split(";")
    assert float(rows[1]["confidence"]) < 0.5
    text = kpi("eval", os.path.join(directory, "orders.csv"), "sum(amount)", "--from", "2025-02", "--to",
               "2025-04", "--checks", "builtin:crm", "--now", "2026-01-01", "--format", "text")
    assert text.returncode == 0, text.stderr
    march = [line for line in text.stdout.splitlines() if line.startswith("2025-03")][0]
    assert " !" in march
    assert "! order_ids_unique:" in text.stdout
