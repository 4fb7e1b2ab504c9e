# SPDX-License-Identifier: LGPL-2.1-or-later
"""The freshness, contributor coverage and end-of-period checks from Python,
as a user writes them: the seeded anomalies of the generated sample found
and named as anomalies.json names them, nothing found on the clean sample,
and the statistics recomputed with NumPy."""

import csv
import datetime
import json
import math
import os

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import numpy  # noqa: E402
import pytest  # noqa: E402

CLEAN = os.environ.get("KPI_TEST_DATA_CLEAN")
needs_clean = pytest.mark.skipif(CLEAN is None, reason="KPI_TEST_DATA_CLEAN is not set")


def usec(iso):
    return GLib.DateTime.new_from_iso8601(iso, None).to_unix() * 1_000_000


def context_at(now, **datasets):
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(usec(now))
    context = Kpi.Context.new(calendar)
    for name, dataset in datasets.items():
        context.add_dataset(name, dataset)
    return context


def load(directory, name):
    dataset = Kpi.Dataset.new("date")
    dataset.load_path(os.path.join(directory, name), None)
    return dataset


def anomaly(directory, kind):
    with open(os.path.join(directory, "anomalies.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return next(a for a in manifest["anomalies"] if a["id"] == kind)


def affected(result):
    out = []
    for i in range(result.get_n_affected()):
        period, dimension, group = result.get_affected(i)
        out.append((period.get_label(), dimension, group))
    return out


# Freshness ---------------------------------------------------------------


def test_late_marketing_is_flagged_and_orders_are_not(crm_dir):
    late = anomaly(crm_dir, "late_source")
    last = datetime.date.fromisoformat(late["expected_last_date"])
    now = (last + datetime.timedelta(days=1)).isoformat() + "T00:00:00Z"
    context = context_at(now, orders=load(crm_dir, "orders.csv"),
                         marketing=load(crm_dir, "marketing.csv"))

    orders = Kpi.FreshnessCheck.new("orders").run(context, None)
    assert orders.get_status() == Kpi.CheckStatus.PASS
    assert orders.get_observed() == pytest.approx(1.0)

    check = Kpi.FreshnessCheck.new("marketing")
    check.set_id("marketing_fresh")
    result = check.run(context, None)
    assert result.is_finding()
    assert result.get_check_id() == "marketing_fresh"
    assert result.get_check_type() == "freshness"
    assert result.get_observed() == pytest.approx(late["lag_days"] + 1)
    assert "newest record %s" % late["last_date"] in result.get_message()
    assert (last.strftime("%Y-%m"), None, None) in affected(result)
    # the finding follows the numbers: December's marketing spend, not November's
    calendar = context.get_calendar()
    december = calendar.parse_period(last.strftime("%Y-%m"))
    november = calendar.parse_period("2025-11")
    assert result.affects("marketing", ["spend"], december, None, None)
    assert not result.affects("marketing", ["spend"], november, None, None)
    assert not result.affects("orders", ["amount"], december, None, None)
    doc = json.loads(result.to_json())
    assert doc["type"] == "freshness" and doc["dataset"] == "marketing"


def test_load_latency_against_numpy():
    # loaded 0.5 to 12 days after the facts
    lags = [0.5, 1, 1, 1.5, 2, 2, 3, 12]
    rows = ["date,loaded_at"]
    start = datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc)
    for i, lag in enumerate(lags):
        day = start + datetime.timedelta(days=i)
        loaded = day + datetime.timedelta(days=lag)
        rows.append("%s,%s" % (day.date().isoformat(), loaded.strftime("%Y-%m-%dT%H:%M:%SZ")))
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(("\n".join(rows) + "\n").encode(), None)

    check = Kpi.FreshnessCheck(dataset_name="loads", load_time_field="loaded_at",
                               latency_warn_days=3.0, latency_fail_days=10.0)
    assert check.props.latency_percentile == pytest.approx(0.95)
    result = check.run(context_at("2025-03-09T00:00:00Z", loads=dataset), None)
    p95 = numpy.percentile(lags, 95)           # linear interpolation, as the check does
    assert result.get_observed() == pytest.approx(p95)
    assert result.get_status() == Kpi.CheckStatus.WARN   # 8.85 days: above 3, within 10
    assert result.get_unexpected_count() == 1            # the 12-day row
    assert "load latency p95 %.1f days" % p95 in result.get_message()


# Contributor coverage ------------------------------------------------------


def test_silent_rep_is_named(crm_dir):
    stop = anomaly(crm_dir, "rep_stops_reporting")
    context = context_at("2026-01-01T00:00:00Z", orders=load(crm_dir, "orders.csv"))
    check = Kpi.ContributorCoverageCheck.new("orders", "rep")
    check.props.row_noun = "order"
    check.set_key_fields(["date", "order_id", "rep"])
    result = check.run(context, None)

    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == 1
    message = result.get_message()
    assert message.startswith("%s: no order since %s (last %s); "
                              % (stop["rep"], stop["from"], stop["last_order_date"]))
    months = sorted({label for label, _, _ in affected(result)})
    assert months[0] == stop["from"][:7] and months[-1] == "2025-12"
    assert all(dim == "rep" and group == stop["rep"] for _, dim, group in affected(result))
    # the sample is their last order
    assert result.get_sample_keys(0)[0] == stop["last_order_date"]

    # "x orders a day before": the rows of the three months before `from`
    # over their days, recomputed from the file
    first = datetime.date.fromisoformat(stop["from"])
    history_start = datetime.date(first.year, first.month - 3, 1) if first.month > 3 \
        else datetime.date(first.year - 1, first.month + 9, 1)
    with open(os.path.join(crm_dir, "orders.csv"), encoding="utf-8") as f:
        n = sum(1 for row in csv.DictReader(f)
                if row["rep"] == stop["rep"]
                and history_start <= datetime.date.fromisoformat(row["date"]) < first)
    rate = n / (first - history_start).days
    assert "; %.1f orders a day before; " % rate in message


def test_expected_contributors_from_a_list():
    # one figure a month per store; lyon sends none in April
    rows = ["date,store"] + ["2025-%02d-01,%s" % (m, s) for m in (1, 2, 3) for s in ("paris", "lyon")]
    rows += ["2025-04-01,paris", "2025-04-30,paris"]
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(("\n".join(rows) + "\n").encode(), None)
    check = Kpi.ContributorCoverageCheck(dataset_name="sales", group_by="store",
                                         expected=["paris", "lyon", "nice"])
    result = check.run(context_at("2025-05-10T00:00:00Z", sales=dataset), None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    groups = {group for _, _, group in affected(result)}
    assert groups == {"lyon", "nice"}
    assert "nice: no row in the data; silent in 2025-01 to 2025-04" in result.get_message()


@needs_clean
def test_clean_sample_has_no_silent_rep():
    context = context_at("2026-01-01T00:00:00Z", orders=load(CLEAN, "orders.csv"))
    result = Kpi.ContributorCoverageCheck.new("orders", "rep").run(context, None)
    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()
    assert result.get_n_affected() == 0


# End-of-period concentration -----------------------------------------------


def robust_z_of(path, rep, quarter, last_days=5):
    """The check's statistic, recomputed with NumPy from the CSV file: the
    share of each whole quarter of @rep booked in its last days, and the
    robust z of @quarter against the quarters before it."""
    per_quarter = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["rep"] != rep:
                continue
            day = datetime.date.fromisoformat(row["date"])
            q = (day.year, (day.month - 1) // 3)
            end = datetime.date(day.year + (q[1] == 3), (3 * q[1] + 3) % 12 + 1, 1)
            cell = per_quarter.setdefault(q, [0, 0])
            cell[0] += 1
            cell[1] += (end - day).days <= last_days
    target = (int(quarter[:4]), int(quarter[-1]) - 1)
    history = [w / n for q, (n, w) in sorted(per_quarter.items()) if q < target and n >= 20]
    n, w = per_quarter[target]
    share = w / n
    median = numpy.median(history)
    mad = numpy.median(numpy.abs(numpy.array(history) - median))
    noise = 0.6744897501960817 * math.sqrt(median * (1 - median) / n)
    return share, 0.6744897501960817 * (share - median) / max(mad, 0.01, noise)


def test_end_of_quarter_push_is_found(crm_dir):
    push = anomaly(crm_dir, "end_of_quarter_concentration")
    context = context_at("2026-01-01T00:00:00Z", orders=load(crm_dir, "orders.csv"))
    check = Kpi.EndOfPeriodCheck.new("orders", None, "rep")
    assert check.get_granularity() == Kpi.Granularity.QUARTER
    assert check.props.last_days == 5
    result = check.run(context, None)

    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert (push["quarter"], "rep", push["rep"]) in affected(result)
    assert result.get_message().startswith(
        "%s: %.1f %% of %s's rows (%d of %d) in its last 5 days, %s to %s"
        % (push["rep"], 100 * push["rows_in_window"] / push["rows_in_quarter"], push["quarter"],
           push["rows_in_window"], push["rows_in_quarter"], push["window_start"], push["window_end"]))
    share, z = robust_z_of(os.path.join(crm_dir, "orders.csv"), push["rep"], push["quarter"])
    assert share == pytest.approx(push["rows_in_window"] / push["rows_in_quarter"])
    assert result.get_observed() == pytest.approx(z, rel=1e-9)


def test_end_of_month_by_amount(crm_dir):
    push = anomaly(crm_dir, "end_of_quarter_concentration")
    context = context_at("2026-01-01T00:00:00Z", orders=load(crm_dir, "orders.csv"))
    check = Kpi.EndOfPeriodCheck.new("orders", "amount", "rep")
    check.set_granularity(Kpi.Granularity.MONTH)
    result = check.run(context, None)
    assert result.is_finding()
    assert (push["window_end"][:7], "rep", push["rep"]) in affected(result)
    assert "of %s's amount" % push["window_end"][:7] in result.get_message()


@needs_clean
@pytest.mark.parametrize("granularity", [Kpi.Granularity.QUARTER, Kpi.Granularity.MONTH])
@pytest.mark.parametrize("field", [None, "amount"])
def test_clean_sample_has_no_push(granularity, field):
    context = context_at("2026-01-01T00:00:00Z", orders=load(CLEAN, "orders.csv"))
    check = Kpi.EndOfPeriodCheck.new("orders", field, "rep")
    check.set_granularity(granularity)
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()
    assert result.get_observed() < check.get_warn_threshold()


@needs_clean
def test_clean_marketing_is_fresh():
    context = context_at("2026-01-01T00:00:00Z", marketing=load(CLEAN, "marketing.csv"))
    result = Kpi.FreshnessCheck.new("marketing").run(context, None)
    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()


def test_settings_errors():
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(b"date,rep,amount\n2025-01-01,A,1\n", None)
    context = context_at("2025-02-01T00:00:00Z", orders=dataset)
    with pytest.raises(GLib.Error) as info:
        Kpi.ContributorCoverageCheck.new("orders", None).run(context, None)
    assert info.value.matches(Kpi.check_error_quark(), Kpi.CheckError.INVALID)
    with pytest.raises(GLib.Error) as info:
        Kpi.EndOfPeriodCheck.new("orders", "amout", "rep").run(context, None)
    assert "did you mean “amount”?" in info.value.message
