# SPDX-License-Identifier: LGPL-2.1-or-later
"""Formulas pushed down to the database, as a user would write them: a
company's orders in an SQLite file (and in PostgreSQL when the tests' server
runs), a dataset attached to the table, the same indicators as over the rows
in memory, the SQL that computes them, and what cannot be pushed down."""

import math
import os
import sqlite3

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

# Six orders over two months, worked out by hand:
#   January: 100 (alice, online), 50 (bob, store), 30 (alice, store)
#   February: 20 (bob, online), 200 (carol, online), 10 (no channel)
ORDERS = [
    ("2025-01-05", "alice", "online", 100.0, 60.0),
    ("2025-01-17", "bob", "store", 50.0, 20.0),
    ("2025-01-30", "alice", "store", 30.0, 10.0),
    ("2025-02-02", "bob", "online", 20.0, 5.0),
    ("2025-02-14", "carol", "online", 200.0, 120.0),
    ("2025-02-20", "dave", None, 10.0, 0.0),
]


@pytest.fixture
def crm_db(tmp_path):
    path = str(tmp_path / "crm.db")
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (date TEXT, customer TEXT, channel TEXT, amount REAL, cost REAL)")
        db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", ORDERS)
    return path


def calendar():
    return Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)


def context_with(orders):
    context = Kpi.Context.new(calendar())
    context.add_dataset("orders", orders)
    return context


def months(context):
    cal = context.get_calendar()
    return cal.list_periods(cal.parse_period("2025-01"), cal.parse_period("2025-02"))


def attached(path):
    db = Kpi.Database.open("sqlite:" + path, None)
    orders = Kpi.Dataset.new("date")
    orders.attach_table(db, "orders", None, None)
    return orders


def in_memory(path):
    db = Kpi.Database.open("sqlite:" + path, None)
    orders = Kpi.Dataset.new("date")
    orders.load_table(db, "orders", None, None)
    return orders


def series(orders, formula):
    context = context_with(orders)
    indicator = Kpi.Indicator.new("x", formula)
    indicator.set_dataset_name("orders")
    cal = context.get_calendar()
    return indicator.evaluate_series(context, cal.parse_period("2025-01"), cal.parse_period("2025-02"))


@pytest.mark.parametrize("formula, january, february", [
    ("sum(amount)", 180.0, 230.0),
    ("count_distinct(customer)", 2, 3),
    ("new(customer)", 2, 2),                         # carol and dave
    ("(sum(amount) - sum(cost)) / sum(amount)", 90 / 180, 105 / 230),
    ("sum(amount where channel = \"online\") / count()", 100 / 3, 220 / 3),
    ("sum(amount) - prev(sum(amount))", None, 50.0),  # no December
])
def test_same_numbers_in_the_database(crm_db, formula, january, february):
    pushed = series(attached(crm_db), formula)
    memory = series(in_memory(crm_db), formula)
    assert [v.get_sample_size() for v in pushed] == [v.get_sample_size() for v in memory]
    for want, value, mem in zip((january, february), pushed, memory):
        if want is None:
            assert value.is_missing() and mem.is_missing()
        else:
            assert value.get_value() == pytest.approx(want, rel=1e-12)
            assert mem.get_value() == pytest.approx(want, rel=1e-12)


def test_explain_shows_the_sql_and_binds_the_literals(crm_db):
    orders = attached(crm_db)
    context = context_with(orders)
    indicator = Kpi.Indicator.new("online", 'sum(amount where channel = "online")')
    indicator.set_dataset_name("orders")
    sql = indicator.explain(context, months(context))
    query, _, params = sql.partition("\n-- ")
    assert '"amount"' in query and '"channel"' in query
    assert "online" not in query          # a parameter, never pasted in
    assert "'online'" in params
    assert "1735689600000000" in params    # 2025-01-01T00:00Z, a period's start


def test_last_cannot_be_pushed_down_unless_fetching(crm_db):
    orders = attached(crm_db)
    with pytest.raises(GLib.Error) as error:
        series(orders, "last(amount)")
    assert "column 1: last() cannot be evaluated in the database" in error.value.message
    assert orders.get_database() is not None

    orders.set_pushdown(Kpi.Pushdown.FETCH)
    values = series(orders, "last(amount)")
    assert [v.get_value() for v in values] == [30.0, 10.0]
    assert orders.get_database() is None  # the rows are in memory now


@pytest.mark.skipif(not os.environ.get("KPI_TEST_PG"), reason="no PostgreSQL server (KPI_TEST_PG)")
def test_postgresql_computes_the_median():
    db = Kpi.Database.open(os.environ["KPI_TEST_PG"], None)
    name = "pushdown_py_orders"
    # the table, through the same connection (a query that returns no rows)
    orders = Kpi.Dataset.new("date")
    try:
        orders.attach_query(db, "SELECT DATE '2025-01-05' AS date, 'alice'::text AS customer, 10.0::float8 AS amount "
                                "UNION ALL SELECT DATE '2025-01-06', 'bob', 30.0 "
                                "UNION ALL SELECT DATE '2025-01-07', 'carol', 20.0 "
                                "UNION ALL SELECT DATE '2025-01-08', 'dave', 40.0", None, None)
    except GLib.Error as e:  # pragma: no cover - says why
        pytest.fail("%s: %s" % (name, e.message))
    values = series(orders, "median(amount)")
    assert values[0].get_value() == 25.0
    assert math.isnan(values[1].get_value()) or values[1].is_missing()
