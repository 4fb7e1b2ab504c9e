# SPDX-License-Identifier: LGPL-2.1-or-later
"""The restatement, reconciliation and Benford checks from Python, as a user
of the sample data would run them, with the statistics cross-checked against
an independent computation (csv, numpy)."""

import csv
import json
import math
import os

import gi

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi  # noqa: E402

import numpy  # noqa: E402
import pytest  # noqa: E402


def load(path):
    dataset = Kpi.Dataset.new(None)
    dataset.load_path(path, None)
    return dataset


def anomaly(directory, name):
    with open(os.path.join(directory, "anomalies.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return next(a for a in manifest["anomalies"] if a["id"] == name)


def sample_context(directory):
    context = Kpi.Context.new(None)
    context.add_dataset("orders", load(os.path.join(directory, "orders.csv")))
    context.add_dataset("snapshot", load(os.path.join(directory, "orders_as_of_2025-07-05.csv")))
    context.add_dataset("budget", load(os.path.join(directory, "budget.csv")))
    return context


@pytest.fixture
def clean_dir():
    path = os.environ.get("KPI_TEST_DATA_CLEAN")
    if not path:
        pytest.skip("KPI_TEST_DATA_CLEAN is not set (kpi-sample-data --clean)")
    return path


def affected(result):
    out = []
    for i in range(result.get_n_affected()):
        period, dimension, group = result.get_affected(i)
        out.append((period.get_label() if period else None, dimension, group))
    return out


# Restatement


def test_june_rewritten_since_the_snapshot(crm_dir):
    rewritten = anomaly(crm_dir, "rewritten_month")
    context = sample_context(crm_dir)

    check = Kpi.RestatementCheck.new("orders", "snapshot")
    check.set_key_fields(["order_id"])
    check.set_id("orders_history")
    result = check.run(context, None)

    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert affected(result) == [(rewritten["month"], None, None)]
    assert "%s: %d rows changed" % (rewritten["month"], rewritten["rows_changed"]) in result.get_message()
    assert result.get_unexpected_count() == rewritten["rows_changed"]
    assert list(result.get_fields()) == ["amount", "cost"]
    ids = set(rewritten["order_ids"])
    for i in range(result.get_n_samples()):
        assert int(result.get_sample_keys(i)[0]) in ids

    # Independently: the rows of the snapshot that differ in orders.csv
    with open(os.path.join(crm_dir, "orders.csv"), encoding="utf-8") as f:
        now = {row["order_id"]: row for row in csv.DictReader(f)}
    with open(os.path.join(crm_dir, rewritten["snapshot"]), encoding="utf-8") as f:
        changed = {row["order_id"] for row in csv.DictReader(f) if now[row["order_id"]] != row}
    assert len(changed) == rewritten["rows_changed"]
    assert {int(i) for i in changed} == ids

    # The JSON a CI job would keep
    record = json.loads(result.to_json())
    assert record["type"] == "restatement" and record["status"] == "fail"
    assert record["affected"] == [{"period": rewritten["month"]}]


def test_fingerprints_recorded_when_reported(crm_dir):
    rewritten = anomaly(crm_dir, "rewritten_month")
    context = sample_context(crm_dir)
    snapshot = context.lookup_dataset("snapshot")

    # What a history store would keep on 5 July: the closed months
    recorded = Kpi.RestatementCheck.compute_fingerprints(
        snapshot, None, Kpi.Granularity.MONTH, ["amount", "cost"])
    closed = [f for f in recorded if f.split("=", 1)[0] < rewritten["as_of"][:7]]
    june = next(f for f in closed if f.startswith(rewritten["month"] + "="))
    fields = dict(part.split("=", 1) for part in june.split("=", 1)[1].split(";")[1:])
    assert june.split("=", 1)[1].startswith("v1;")
    assert int(fields["rows"]) == rewritten["rows_in_month"]
    assert len(fields["hash"]) == 16

    check = Kpi.RestatementCheck(dataset_name="orders", fingerprints=closed)
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert affected(result) == [(rewritten["month"], None, None)]
    assert "%s: fingerprint differs; rows %d → %d" % (
        rewritten["month"], rewritten["rows_in_month"], rewritten["rows_in_month"]) in result.get_message()


def test_restatement_needs_a_reference():
    check = Kpi.RestatementCheck.new("orders", None)
    with pytest.raises(gi.repository.GLib.Error) as error:
        check.run(Kpi.Context.new(None), None)
    assert error.value.matches(Kpi.CheckError.quark(), Kpi.CheckError.INVALID)


def test_clean_history_is_not_restated(clean_dir):
    context = sample_context(clean_dir)
    check = Kpi.RestatementCheck.new("orders", "snapshot")
    check.set_key_fields(["order_id"])
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()


# Reconciliation


def test_budget_against_orders_by_channel(crm_dir):
    spike = anomaly(crm_dir, "outlier_spike")
    context = sample_context(crm_dir)

    check = Kpi.ReconciliationCheck.new("budget", "sum(revenue)", "orders", "sum(amount)")
    check.set_group_by("channel")
    result = check.run(context, None)

    assert result.get_status() == Kpi.CheckStatus.WARN
    assert affected(result) == [(spike["date"][:7], "channel", spike["channel"])]

    # The widest relative gap, |a - b| / max(|a|, |b|), computed apart
    budget, orders = {}, {}
    with open(os.path.join(crm_dir, "budget.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            budget[(row["date"][:7], row["channel"])] = float(row["revenue"])
    with open(os.path.join(crm_dir, "orders.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["date"][:7], row["channel"])
            orders[key] = orders.get(key, 0.0) + float(row["amount"])
    gaps = {k: abs(budget[k] - orders[k]) / max(abs(budget[k]), abs(orders[k])) for k in budget}
    beyond = {k: g for k, g in gaps.items() if g > check.get_rel_tolerance()}
    assert list(beyond) == [(spike["date"][:7], spike["channel"])]
    assert result.get_observed() == pytest.approx(max(gaps.values()), rel=1e-9)
    assert result.get_element_count() == len(gaps)


def test_tolerances_either_is_enough():
    context = Kpi.Context.new(None)
    ledger = Kpi.Dataset.new(None)
    ledger.load_data(b"date,revenue\n2025-01-15,100\n2025-02-15,10\n", None)
    sales = Kpi.Dataset.new(None)
    sales.load_data(b"date,amount\n2025-01-20,104\n2025-02-20,14\n", None)
    context.add_dataset("ledger", ledger)
    context.add_dataset("sales", sales)

    # January 4 / 104 = 3.8 %, February 4 / 14 = 28.6 %: beyond 5 %, and
    # beyond 25 %: a failure
    check = Kpi.ReconciliationCheck(dataset_name="ledger", formula="sum(revenue)",
                                    other_dataset_name="sales", other_formula="sum(amount)",
                                    rel_tolerance=0.05)
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == pytest.approx(4 / 14)
    # a gap of 4 is within an absolute tolerance of 5: both agree
    check.set_abs_tolerance(5)
    assert check.run(context, None).get_status() == Kpi.CheckStatus.PASS


def test_clean_budget_agrees(clean_dir):
    context = sample_context(clean_dir)
    check = Kpi.ReconciliationCheck.new("budget", "sum(revenue)", "orders", "sum(amount)")
    check.set_group_by("channel")
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()


# Benford


def numpy_mad(values, min_value=10.0):
    x = numpy.asarray(values, dtype=float)
    x = x[~numpy.isnan(x)]
    x = x[x >= min_value]
    first = (x / 10.0 ** numpy.floor(numpy.log10(x))).astype(int)
    share = numpy.bincount(first, minlength=10)[1:] / len(x)
    return numpy.mean(numpy.abs(share - numpy.log10(1 + 1 / numpy.arange(1, 10))))


def context_of(values):
    text = "date,amount\n" + "".join("2025-01-01,%r\n" % v for v in values)
    dataset = Kpi.Dataset.new(None)
    dataset.load_data(text.encode(), None)
    context = Kpi.Context.new(None)
    context.add_dataset("amounts", dataset)
    return context


def test_benford_sample_conforms():
    rng = numpy.random.default_rng(2012)
    values = numpy.round(10 ** rng.uniform(1, 5, 20000), 2)
    result = Kpi.BenfordCheck.new("amounts", "amount").run(context_of(values), None)
    assert result.get_status() == Kpi.CheckStatus.PASS
    assert result.get_observed() == pytest.approx(numpy_mad(values), abs=1e-12)
    assert result.get_observed() < 0.006
    assert "close conformity" in result.get_message()


def test_uniform_amounts_do_not_conform():
    values = [100 + i % 900 for i in range(9000)]
    result = Kpi.BenfordCheck.new("amounts", "amount").run(context_of(values), None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == pytest.approx(numpy_mad(values), abs=1e-12)
    assert "digit 9 over-represented" in result.get_message()


def test_too_few_values():
    check = Kpi.BenfordCheck.new("amounts", "amount")
    result = check.run(context_of([12.5] * 999 + [3, 0, -4]), None)
    assert result.get_status() == Kpi.CheckStatus.INSUFFICIENT_DATA
    assert result.get_message() == ("999 values of amount at least 10: Benford's law needs at least 1000; "
                                    "3 smaller, zero or negative, 0 missing")


def test_sample_order_amounts_are_not_benford(crm_dir):
    # Baskets clustered around a typical price: nonconformity, anomalies
    # or not. What a user should expect; Benford is for other fields.
    with open(os.path.join(crm_dir, "orders.csv"), encoding="utf-8") as f:
        amounts = [float(row["amount"]) for row in csv.DictReader(f)]
    result = Kpi.BenfordCheck.new("orders", "amount").run(sample_context(crm_dir), None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == pytest.approx(numpy_mad(amounts), abs=1e-12)
    assert 0.03 < result.get_observed() < 0.06
    assert not math.isnan(result.get_observed())
