# SPDX-License-Identifier: LGPL-2.1-or-later
"""The history store from Python, as a dashboard uses it: record what each
run reported, ask what was said about a month on a given day and what is
said now, keep fingerprints and check results, and get clear errors for
files that are not stores. The numbers are those of the small CRM worked
out by hand (tests/data/crm-small/README.md)."""

import os
import sqlite3

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

SMALL = os.path.join(os.environ.get("KPI_SRCDIR", os.path.dirname(__file__) + "/.."),
                     "data", "crm-small")


def usec(iso):
    """The instant of an ISO 8601 text, as libkpi takes instants."""
    return GLib.DateTime.new_from_iso8601(iso, None).to_unix() * 1_000_000


@pytest.fixture
def context():
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(usec("2030-01-01T00:00:00Z"))
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    for name in ("orders", "marketing"):
        dataset = Kpi.Dataset.new("date")
        dataset.load_path(os.path.join(SMALL, name + ".csv"), None)
        catalog.add_dataset(name, dataset)
    context = Kpi.Context.new(calendar)
    context.add_catalog(catalog)
    return context


def first_quarter(context, indicator_id):
    calendar = context.get_calendar()
    return context.lookup_indicator(indicator_id).evaluate_series(
        context, calendar.parse_period("2025-01"), calendar.parse_period("2025-03"))


def test_what_we_said_and_what_we_say_now(tmp_path, context):
    store = Kpi.Store.open(str(tmp_path / "history.db"))
    assert store.get_path() == str(tmp_path / "history.db")
    april3 = usec("2025-04-03T08:00:00Z")
    april4 = usec("2025-04-04T08:00:00Z")
    april10 = usec("2025-04-10T08:00:00Z")

    # The dashboard's run of 3 April reports Q1 month by month: 350, 200, 200
    store.record_values("revenue", first_quarter(context, "revenue"), april3)
    # The run of 4 April says the same: nothing new is recorded
    store.record_values("revenue", first_quarter(context, "revenue"), april4)
    # A February order of 30 arrives late; the run of 10 April says 230
    context.lookup_dataset("orders").load_data(
        b"date,order_id,customer,channel,region,rep,amount,cost\n"
        b"2025-02-20,99,C3,online,south,R2,30,10\n", None)
    store.record_values("revenue", first_quarter(context, "revenue"), april10)

    # What did we report for February on 5 April, and what do we say now?
    then = store.lookup_value("revenue", "2025-02", None, usec("2025-04-05T00:00:00Z"))
    now = store.lookup_value("revenue", "2025-02", None, 0)
    assert then.get_value() == 200
    assert now.get_value() == 230
    assert now.get_period().get_label() == "2025-02"
    assert now.get_sample_size() == 3
    # Nothing was said before the first run
    assert store.lookup_value("revenue", "2025-02", None, april3 - 1) is None

    february = store.list_revisions("revenue", "2025-02", None)
    assert [(r.get_value().get_value(), r.get_recorded_at()) for r in february] == \
        [(200, april3), (230, april10)]
    # The dataset does not say when its months close: figures stay provisional
    assert [r.get_kind() for r in february] == [Kpi.RevisionKind.PROVISIONAL] * 2
    assert len(store.list_revisions("revenue", "2025-01", None)) == 1
    assert store.list_revisions("revenue", "2024-12", None) == []


def test_history_survives_closing_the_store(tmp_path, context):
    path = str(tmp_path / "history.db")
    store = Kpi.Store.open(path)
    store.record_values("revenue", first_quarter(context, "revenue"), usec("2025-04-03T08:00:00Z"))
    del store
    again = Kpi.Store.open(path)
    assert again.lookup_value("revenue", "2025-01", None, 0).get_value() == 350


def test_breakdowns_keep_their_groups(context):
    store = Kpi.Store.open(":memory:")
    rate = context.lookup_indicator("gross_margin_rate")
    q1 = context.get_calendar().parse_period("2025-Q1")
    groups, total = rate.evaluate_breakdown(context, q1, "channel", 1)
    store.record_values("gross_margin_rate", groups + [total], usec("2025-04-03T08:00:00Z"))

    # mobile 40 / 80; the other channels together 220 / 670; total 260 / 750
    assert store.lookup_value("gross_margin_rate", "2025-Q1", "mobile", 0).get_value() == pytest.approx(0.5)
    other = store.lookup_value("gross_margin_rate", "2025-Q1", "other", 0)
    assert other.get_value() == pytest.approx(220 / 670)
    assert other.get_group_kind() == Kpi.GroupKind.OTHER
    whole = store.lookup_value("gross_margin_rate", "2025-Q1", None, 0)
    assert whole.get_value() == pytest.approx(260 / 750)
    assert whole.get_group() is None
    assert store.lookup_value("gross_margin_rate", "2025-Q1", "online", 0) is None


def test_missing_values_stay_missing(context):
    store = Kpi.Store.open(":memory:")
    # January's retention has no previous month to retain from
    values = first_quarter(context, "retention_rate")
    assert values[0].is_missing()
    store.record_values("retention_rate", values, usec("2025-04-03T08:00:00Z"))
    january = store.lookup_value("retention_rate", "2025-01", None, 0)
    assert january.is_missing()
    assert january.get_flags() == values[0].get_flags()
    assert store.lookup_value("retention_rate", "2025-02", None, 0).get_value() == 0.5


def test_fingerprints_as_of(tmp_path):
    store = Kpi.Store.open(str(tmp_path / "history.db"))
    july5 = usec("2025-07-05T00:00:00Z")
    august1 = usec("2025-08-01T00:00:00Z")
    store.record_fingerprints("orders", ["2025-05=v1;rows=4000", "2025-06=v1;rows=4090"], july5)
    store.record_fingerprints("orders", ["2025-06=v1;rows=4213", "2025-07=v1;rows=4100"], august1)

    assert store.lookup_fingerprints("orders", july5) == ["2025-05=v1;rows=4000", "2025-06=v1;rows=4090"]
    assert store.lookup_fingerprints("orders", 0) == \
        ["2025-05=v1;rows=4000", "2025-06=v1;rows=4213", "2025-07=v1;rows=4100"]
    assert store.lookup_fingerprints("orders", july5 - 1) == []

    with pytest.raises(GLib.Error) as info:
        store.record_fingerprints("orders", ["2025-08"], 0)
    assert info.value.matches(Kpi.store_error_quark(), Kpi.StoreError.INVALID)
    assert info.value.message == "fingerprints[0]: “2025-08” is not LABEL=TEXT"


def test_check_results_come_back_whole(context):
    store = Kpi.Store.open(":memory:")
    february = context.get_calendar().parse_period("2025-02")
    found = Kpi.CheckResult(status=Kpi.CheckStatus.FAIL, check_id="duplicates",
                            check_type="uniqueness", dataset_name="orders",
                            message="1 duplicated order in 2025-02; none expected",
                            observed=0.5, evaluated_at=usec("2025-04-03T08:00:00Z") + 1)
    found.set_counts(2, 0, 1)
    found.set_fields(["order_id"])
    found.add_sample(3, ["4", "2025-02-03"])
    found.add_affected(february, "channel", "mobile")
    fine = Kpi.CheckResult(status=Kpi.CheckStatus.PASS, check_id="freshness",
                           evaluated_at=usec("2025-04-03T08:00:00Z"))
    store.record_results([found, fine])

    assert [r.props.check_id for r in store.list_results(None, 0, 0)] == ["freshness", "duplicates"]
    back, = store.list_results("duplicates", 0, 0)
    assert back.to_json() == found.to_json()
    assert back.props.evaluated_at == found.props.evaluated_at
    assert back.get_status() == Kpi.CheckStatus.FAIL
    assert back.get_sample_keys(0) == ["4", "2025-02-03"]
    period, dimension, group = back.get_affected(0)
    assert period.equal(february) and (dimension, group) == ("channel", "mobile")
    # what it taints, as the result it was
    assert back.affects("orders", ["order_id"], february, "channel", "mobile")
    assert not back.affects("orders", ["order_id"], february, "channel", "online")
    # [since, until)
    assert [r.props.check_id for r in store.list_results(None, 0, usec("2025-04-03T08:00:00Z") + 1)] == \
        ["freshness"]
    assert [r.props.check_id for r in store.list_results(None, usec("2025-04-03T08:00:00Z") + 1, 0)] == \
        ["duplicates"]


def open_error(path):
    with pytest.raises(GLib.Error) as info:
        Kpi.Store.open(path)
    assert info.value.domain == GLib.quark_to_string(Kpi.store_error_quark())
    return info.value


def test_a_newer_store_is_refused(tmp_path):
    path = str(tmp_path / "store.db")
    store = Kpi.Store.open(path)
    del store   # closes it
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 3")
    error = open_error(path)
    assert error.code == Kpi.StoreError.NEWER_SCHEMA
    assert error.message.startswith(path + ": schema version 3 is newer than this libkpi (2)")


def test_files_that_are_not_stores(tmp_path):
    other = str(tmp_path / "crm.db")
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    db.close()
    error = open_error(other)
    assert error.code == Kpi.StoreError.NOT_A_STORE
    assert error.message == other + ": not a libkpi store: an SQLite database of another application"
    # left as it was: no table added, not switched to the write-ahead log
    with sqlite3.connect(other) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    db.close()

    text = tmp_path / "orders.csv"
    text.write_text("date,amount\n2025-01-01,12\n")
    error = open_error(str(text))
    assert error.code == Kpi.StoreError.NOT_A_STORE
    assert text.read_text() == "date,amount\n2025-01-01,12\n"


def test_places_a_store_cannot_be(tmp_path):
    error = open_error(str(tmp_path))
    assert error.code == Kpi.StoreError.IO
    assert error.message == str(tmp_path) + ": is a directory: expected a store file (a new one is created)"
    assert open_error(str(tmp_path / "missing" / "store.db")).code == Kpi.StoreError.IO
    assert open_error("/proc/kpi-store.db").code == Kpi.StoreError.IO


def test_bad_values_change_nothing(context):
    store = Kpi.Store.open(":memory:")
    with pytest.raises(GLib.Error) as info:
        store.record_values("", first_quarter(context, "revenue"), 0)
    assert info.value.matches(Kpi.store_error_quark(), Kpi.StoreError.INVALID)
    store.record_values("revenue", first_quarter(context, "revenue"), usec("2025-04-10T00:00:00Z"))
    # history is recorded in order: an older run cannot come after a newer one
    with pytest.raises(GLib.Error) as info:
        store.record_values("revenue", first_quarter(context, "sales_count"), usec("2025-04-03T00:00:00Z"))
    assert info.value.matches(Kpi.store_error_quark(), Kpi.StoreError.INVALID)
    assert "before its latest revision" in info.value.message
    assert len(store.list_revisions("revenue", "2025-01", None)) == 1


def test_june_provisional_final_then_restated(tmp_path):
    """The generated sample, with closures from the dataset's expected lag:
    June read on 5 July (from the export of that day) is provisional, on
    15 July final; the export read later has June rewritten, and the store
    says so: restated, with what we said on 15 July still there."""
    data = os.environ.get("KPI_TEST_DATA")
    if not data:
        pytest.fail("KPI_TEST_DATA is not set")
    store = Kpi.Store.open(str(tmp_path / "history.db"))
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset_name("orders")

    def june_as_read(export, now):
        calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
        calendar.set_now(usec(now))
        orders = Kpi.Dataset.new("date")
        orders.load_path(os.path.join(data, export), None)
        orders.props.expected_lag = 7 * 86400 * 1_000_000
        context = Kpi.Context.new(calendar)
        context.add_dataset("orders", orders)
        june = calendar.parse_period("2025-06")
        return revenue.evaluate_series(context, june, june)

    snapshot = "orders_as_of_2025-07-05.csv"
    early = june_as_read(snapshot, "2025-07-05T08:00:00Z")
    assert early[0].get_closure() == Kpi.Closure.PROVISIONAL
    store.record_values("revenue", early, usec("2025-07-05T08:00:00Z"))
    settled = june_as_read(snapshot, "2025-07-15T08:00:00Z")
    assert settled[0].get_closure() == Kpi.Closure.FINAL
    store.record_values("revenue", settled, usec("2025-07-15T08:00:00Z"))
    now = june_as_read("orders.csv", "2026-01-01T08:00:00Z")
    store.record_values("revenue", now, usec("2026-01-01T08:00:00Z"))

    kinds = [r.get_kind() for r in store.list_revisions("revenue", "2025-06", None)]
    assert kinds == [Kpi.RevisionKind.PROVISIONAL, Kpi.RevisionKind.FINAL, Kpi.RevisionKind.RESTATED]
    said = store.lookup_value("revenue", "2025-06", None, usec("2025-07-20T00:00:00Z"))
    assert said.get_value() == pytest.approx(settled[0].get_value())
    assert store.lookup_value("revenue", "2025-06", None, 0).get_value() == pytest.approx(now[0].get_value())
    assert now[0].get_value() != pytest.approx(settled[0].get_value())
