# SPDX-License-Identifier: LGPL-2.1-or-later
"""The row checks from Python, as a user writes them: are the orders
complete, valid, unique, and does each day have its usual number of rows?
On the generated sample ($KPI_TEST_DATA) the seeded duplicated batch is
found and named as anomalies.json names it; on its clean twin
($KPI_TEST_DATA_CLEAN, skipped when unset) nothing is. The statistics are
cross-checked against plain Python, NumPy and SciPy."""

import collections
import csv
import datetime
import json
import math
import os
import re

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import numpy  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402


def utc_calendar():
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601("2026-06-01T00:00:00Z", None).to_unix() * 1_000_000)
    return calendar


def context_for(orders):
    context = Kpi.Context.new(utc_calendar())
    context.add_dataset("orders", orders)
    return context


def load_orders(directory):
    orders = Kpi.Dataset.new("date")
    orders.load_path(os.path.join(directory, "orders.csv"), None)
    return orders


def from_csv(text):
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(text.encode("utf-8"), None)
    return dataset


def read_rows(directory):
    with open(os.path.join(directory, "orders.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def seeded(directory, anomaly_id):
    with open(os.path.join(directory, "anomalies.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return next(a for a in manifest["anomalies"] if a["id"] == anomaly_id)


@pytest.fixture
def clean_dir():
    path = os.environ.get("KPI_TEST_DATA_CLEAN")
    if not path:
        pytest.skip("KPI_TEST_DATA_CLEAN is not set")
    return path


def labels(result):
    return [result.get_affected(i)[0].get_label() for i in range(result.get_n_affected())]


# --------------------------------------------------------------------------
# The user story on the generated sample
# --------------------------------------------------------------------------

def test_the_duplicated_batch_is_found_and_named(crm_dir):
    batch = seeded(crm_dir, "duplicated_batch")
    context = context_for(load_orders(crm_dir))

    check = Kpi.UniquenessCheck.new("orders", ["order_id"])
    check.set_id("orders_unique")
    check.set_max_samples(100)
    result = check.run(context, None)

    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.is_finding()
    assert result.get_check_id() == "orders_unique"
    assert result.get_check_type() == "uniqueness"
    assert result.get_message() == "%d duplicated rows on %s (order_id %d … %d); none expected" % (
        batch["rows"], batch["date"], batch["order_id_first"], batch["order_id_last"])
    assert result.get_unexpected_count() == batch["rows"]
    # the copies, 1-based data rows in the manifest, 0-based here
    first = batch["copy_first_row"] - 1
    assert [result.get_sample_row(i) for i in range(result.get_n_samples())] == \
        list(range(first, first + batch["rows"]))
    assert [result.get_sample_keys(i)[0] for i in range(result.get_n_samples())] == \
        [str(i) for i in range(batch["order_id_first"], batch["order_id_last"] + 1)]
    assert labels(result) == [batch["date"]]

    # the finding follows the numbers: March's revenue, not April's
    calendar = context.get_calendar()
    march = calendar.parse_period(batch["date"][:7])
    april = calendar.period_at(march.get_end(), Kpi.Granularity.MONTH)
    assert result.affects("orders", ["amount"], march, None, None)
    assert result.affects("orders", None, march, None, None)
    assert not result.affects("orders", ["amount"], april, None, None)
    assert not result.affects("nps", ["score"], march, None, None)

    # independently: every order_id seen before in the file
    seen, copies = set(), []
    for i, row in enumerate(read_rows(crm_dir)):
        if row["order_id"] in seen:
            copies.append(i)
        seen.add(row["order_id"])
    assert copies == list(range(first, first + batch["rows"]))


def test_whole_rows_too(crm_dir):
    batch = seeded(crm_dir, "duplicated_batch")
    result = Kpi.UniquenessCheck.new("orders", None).run(context_for(load_orders(crm_dir)), None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    first = batch["copy_first_row"]
    assert result.get_message() == "%d duplicated rows on %s (rows %d … %d); none expected" % (
        batch["rows"], batch["date"], first, first + batch["rows"] - 1)
    assert list(result.get_fields()) == []


def volume_z(counts, history=8, min_history=4, season=7):
    """The volume check's robust z of each day, computed again with NumPy
    and SciPy: neighbours nearest first on both sides, same weekday;
    scale max(1.4826·MAD, √median, r·median), r the median relative
    spread."""
    n = len(counts)
    medians, spreads = [None] * n, [None] * n
    for p in range(n):
        values, k = [], 1
        while len(values) < history and (p - k * season >= 0 or p + k * season < n):
            if p - k * season >= 0:
                values.append(counts[p - k * season])
            if len(values) < history and p + k * season < n:
                values.append(counts[p + k * season])
            k += 1
        if len(values) >= min_history:
            medians[p] = float(numpy.median(values))
            spreads[p] = float(stats.median_abs_deviation(values, scale=1 / 1.4826))
    r = numpy.median([s / m for m, s in zip(medians, spreads) if m])
    z = [None] * n
    for p in range(n):
        if medians[p] is not None:
            s = max(spreads[p], math.sqrt(medians[p]), r * medians[p])
            z[p] = (counts[p] - medians[p]) / s if s > 0 else 0.0
    return z


def daily_counts(directory):
    counter = collections.Counter(row["date"] for row in read_rows(directory))
    first = datetime.date.fromisoformat(min(counter))
    last = datetime.date.fromisoformat(max(counter))
    days = [first + datetime.timedelta(d) for d in range((last - first).days + 1)]
    return [d.isoformat() for d in days], [counter.get(d.isoformat(), 0) for d in days]


def test_the_day_of_the_batch_has_too_many_rows(crm_dir):
    batch = seeded(crm_dir, "duplicated_batch")
    push = seeded(crm_dir, "end_of_quarter_concentration")
    check = Kpi.VolumeCheck(dataset_name="orders")          # the defaults
    assert check.props.granularity == Kpi.Granularity.DAY
    assert (check.props.history, check.props.min_history, check.props.centered) == (8, 4, True)
    result = check.run(context_for(load_orders(crm_dir)), None)

    days, counts = daily_counts(crm_dir)
    z = volume_z(counts)
    worst = max(abs(x) for x in z if x is not None)
    assert result.get_observed() == pytest.approx(worst, abs=1e-9)
    flagged = [d for d, x in zip(days, z) if x is not None and abs(x) > 4]
    assert labels(result) == flagged
    # the batch doubled its day; the other days found are R03's push
    assert batch["date"] in flagged
    assert all(d == batch["date"] or push["window_start"] <= d <= push["window_end"] for d in flagged)
    assert result.get_status() in (Kpi.CheckStatus.WARN, Kpi.CheckStatus.FAIL)
    i = days.index(batch["date"])
    assert "%s: %d rows, median %g on the 8 Wednesdays around it, robust z +%.1f" % (
        batch["date"], counts[i], numpy.median([counts[j] for j in (i - 7, i + 7, i - 14, i + 14,
                                                                    i - 21, i + 21, i - 28, i + 28)]),
        z[i]) in result.get_message()


def test_no_missing_and_no_invalid_value_in_the_sample(crm_dir):
    context = context_for(load_orders(crm_dir))
    rows = read_rows(crm_dir)

    result = Kpi.CompletenessCheck.new("orders", None).run(context, None)
    assert result.get_status() == Kpi.CheckStatus.PASS
    assert sum(1 for row in rows for v in row.values() if v == "") == 0
    assert result.get_message() == "no value missing in 7 fields over %d rows" % len(rows)

    # reps R01..R09 only: the others are invalid, counted by Python's re
    check = Kpi.ValidityCheck.new("orders", "rep")
    check.props.pattern = "R0[0-9]"
    check.props.mostly = 0.3
    result = check.run(context, None)
    invalid = sum(1 for row in rows if not re.fullmatch("R0[0-9]", row["rep"]))
    assert result.get_unexpected_count() == invalid
    assert result.get_observed() == pytest.approx(invalid / len(rows))
    # 9 reps of 24 pass: about 0.4, above 0.3
    assert result.get_status() == Kpi.CheckStatus.PASS


# --------------------------------------------------------------------------
# The clean twin: nothing found
# --------------------------------------------------------------------------

def test_the_clean_data_raises_nothing(clean_dir):
    context = context_for(load_orders(clean_dir))
    channel = Kpi.ValidityCheck.new("orders", "channel")
    channel.set_allowed(["online", "mobile", "store"])
    amount = Kpi.ValidityCheck.new("orders", "amount")
    amount.set_min(1)
    amount.set_max(5000)
    per_month = Kpi.CompletenessCheck.new("orders", None)
    per_month.set_per_period(True)
    checks = [Kpi.CompletenessCheck.new("orders", None), per_month, channel, amount,
              Kpi.UniquenessCheck.new("orders", ["order_id"]), Kpi.UniquenessCheck.new("orders", None),
              Kpi.VolumeCheck.new("orders", Kpi.Granularity.DAY)]
    for check in checks:
        result = check.run(context, None)
        assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()
        assert not result.is_finding()

    # the worst day is well within the warning threshold, as recomputed
    days, counts = daily_counts(clean_dir)
    z = volume_z(counts)
    result = checks[-1].run(context, None)
    assert result.get_observed() == pytest.approx(max(abs(x) for x in z if x is not None), abs=1e-9)
    assert result.get_observed() < 3


# --------------------------------------------------------------------------
# Small cases, by hand
# --------------------------------------------------------------------------

ORDERS = """date,order_id,channel,amount
2025-01-06,1,online,10
2025-01-06,2,,20
2025-01-07,3,store,
2025-01-07,2,online,40
2025-02-03,5,Online,5000
"""


def test_completeness_names_the_field_and_the_share():
    context = context_for(from_csv(ORDERS))
    check = Kpi.CompletenessCheck.new("orders", ["channel", "amount"])
    check.set_key_fields(["order_id"])
    result = check.run(context, None)
    # channel 1 of 5, amount 1 of 5: 20 % each, above 1 %
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == pytest.approx(0.2)
    assert result.get_message() == ("channel: 1 of 5 values missing (20 %); amount: 1 of 5 values missing "
                                    "(20 %); at most 1 % expected")
    assert [list(result.get_sample_keys(i)) for i in range(result.get_n_samples())] == [["2"], ["3"]]
    assert labels(result) == ["2025-01-06", "2025-01-07"]


def test_validity_with_mostly():
    context = context_for(from_csv(ORDERS))
    check = Kpi.ValidityCheck.new("orders", "channel")
    check.set_allowed(["online", "store"])
    result = check.run(context, None)
    # “Online” is 1 of the 4 channels given
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_unexpected_fraction() == pytest.approx(0.25)
    assert result.get_message().endswith(": “Online” ×1")
    check.set_mostly(0.75)
    assert check.run(context, None).get_status() == Kpi.CheckStatus.PASS


def test_bad_settings_are_errors():
    context = context_for(from_csv(ORDERS))
    check = Kpi.ValidityCheck.new("orders", "channel")
    check.set_pattern("(online")
    with pytest.raises(GLib.Error) as error:
        check.run(context, None)
    assert error.value.matches(Kpi.check_error_quark(), Kpi.CheckError.INVALID)
    assert "pattern “(online” is not a regular expression" in error.value.message

    amount = Kpi.ValidityCheck(dataset_name="orders", fields=["amount"], min=10.0, max=1.0)
    with pytest.raises(GLib.Error) as error:
        amount.run(context, None)
    assert "min and max leave no valid value" in error.value.message

    with pytest.raises(GLib.Error) as error:
        Kpi.UniquenessCheck.new("orders", ["ordr_id"]).run(context, None)
    assert error.value.matches(Kpi.check_error_quark(), Kpi.CheckError.UNKNOWN_FIELD)
    assert "did you mean “order_id”?" in error.value.message


def test_a_duplicated_key_is_a_copy_of_the_first():
    result = Kpi.UniquenessCheck.new("orders", ["order_id"]).run(context_for(from_csv(ORDERS)), None)
    assert result.get_message() == "1 duplicated row on 2025-01-07 (order_id 2); none expected"
    assert result.get_sample_row(0) == 3


def test_volume_without_history_is_insufficient():
    # ten days: no day has 4 others of its weekday
    text = "date\n" + "".join("2025-01-%02d\n" % d for d in range(6, 16) for _ in range(3))
    result = Kpi.VolumeCheck.new("orders", Kpi.Granularity.DAY).run(context_for(from_csv(text)), None)
    assert result.get_status() == Kpi.CheckStatus.INSUFFICIENT_DATA
    assert math.isnan(result.get_observed())
    assert "too short a history" in result.get_message()
