# SPDX-License-Identifier: LGPL-2.1-or-later
"""Datasets from databases, as a Python program uses them: an SQLite file
written with Python's sqlite3 module and the test PostgreSQL server
(KPI_TEST_PG, written with psql), opened, listed, loaded from a table and
a query, attached and fetched; the errors a user meets; the same orders
from a CSV, SQLite and PostgreSQL giving the same dataset."""

import math
import os
import sqlite3
import subprocess
import uuid

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import GLib, Gio, Kpi  # noqa: E402

CSV = (
    'date,order_id,"ré""gion",amount\n'
    "2025-01-05,1,north,10.5\n"
    "2025-01-20,2,\"it's; DROP\",20\n"
    "2025-02-03,3,north,\n"
    "2025-03-01,4,süd,-3\n"
)
ROWS = [
    ("2025-01-05", 1, "north", 10.5),
    ("2025-01-20", 2, "it's; DROP", 20),
    ("2025-02-03", 3, "north", None),
    ("2025-03-01", 4, "süd", -3),
]
TABLE = "or;ders ✓"


def usec(iso):
    return GLib.DateTime.new_from_iso8601(iso, GLib.TimeZone.new_utc()).to_unix() * 1000000


@pytest.fixture
def sqlite_path(tmp_path):
    path = str(tmp_path / "crm.db")
    db = sqlite3.connect(path)
    db.execute('CREATE TABLE "or;ders ✓" (date TEXT, order_id INTEGER PRIMARY KEY, '
               '"ré""gion" TEXT, amount REAL)')
    db.executemany('INSERT INTO "or;ders ✓" VALUES (?, ?, ?, ?)', ROWS)
    db.execute("CREATE TABLE bad (date TEXT, order_id INTEGER PRIMARY KEY, amount)")
    db.executemany("INSERT INTO bad VALUES (?, ?, ?)",
                   [("2025-01-01", 1, 1), ("2025-01-02", 17, "n/a")])
    db.commit()
    db.close()
    return path


@pytest.fixture
def pg_conninfo():
    """A fresh schema of the test server, as the only one of the search path"""
    conninfo = os.environ.get("KPI_TEST_PG")
    if not conninfo:
        if os.environ.get("KPI_TEST_PG_REQUIRED"):
            pytest.fail("KPI_TEST_PG is not set but PostgreSQL is installed")
        pytest.skip("no PostgreSQL server (KPI_TEST_PG is not set)")
    schema = "kpi_py_" + uuid.uuid4().hex[:12]

    # psql is not ours: without the sanitizer runtime the ASan build preloads
    # into this interpreter (under it, psql hangs)
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}

    def psql(sql):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                       check=True, capture_output=True, stdin=subprocess.DEVNULL, env=env)

    psql("CREATE SCHEMA %s; SET search_path = %s; "
         'CREATE TABLE "or;ders ✓" (date date, order_id int PRIMARY KEY, '
         '"ré""gion" text, amount float8); '
         "INSERT INTO \"or;ders ✓\" VALUES ('2025-01-05', 1, 'north', 10.5), "
         "('2025-01-20', 2, 'it''s; DROP', 20), ('2025-02-03', 3, 'north', NULL), "
         "('2025-03-01', 4, 'süd', -3); "
         "CREATE TABLE bad (date date, order_id int PRIMARY KEY, amount text); "
         "INSERT INTO bad VALUES ('2025-01-01', 1, '1'), ('2025-01-02', 17, 'n/a')"
         % (schema, schema))
    yield "%s options='-c search_path=%s'" % (conninfo, schema)
    psql("DROP SCHEMA %s CASCADE" % schema)


def columns(dataset):
    """Every column of a dataset, by name: its kind and its values"""
    out = {}
    for i in range(dataset.get_n_columns()):
        name = dataset.get_column_name(i)
        kind = dataset.get_column_kind(i)
        if kind == Kpi.ColumnKind.TIME:
            values = [dataset.get_time(r) for r in range(dataset.get_n_rows())]
        elif kind == Kpi.ColumnKind.MEASURE:
            values = []
            for r in range(dataset.get_n_rows()):
                ok, value = dataset.get_measure_value(name, r)
                values.append(value if ok else None)
        else:
            values = list(dataset.dup_dimension_values(name))
        out[name] = (kind, values)
    return out


def from_csv():
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(CSV.encode(), None)
    return dataset


def check_database(db):
    """What both engines must do alike"""
    assert TABLE in db.list_tables(None)

    orders = Kpi.Dataset.new("date")
    orders.load_table(db, TABLE, None, None)
    assert columns(orders) == columns(from_csv())
    assert orders.get_n_rows() == 4

    query = Kpi.Dataset.new("date")
    query.load_query(db, 'SELECT * FROM "or;ders ✓" WHERE amount > 0 ORDER BY order_id',
                     None, None)
    assert query.get_n_rows() == 2

    # A near miss, and a bad value named by its row's key: nothing added
    with pytest.raises(GLib.Error) as raised:
        orders.load_table(db, "or;ders", None, None)
    assert raised.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND)
    assert "did you mean “or;ders ✓”?" in raised.value.message
    options = Kpi.LoadOptions.new()
    options.set_column_kind("amount", Kpi.ColumnKind.MEASURE)
    options.set_source_name("crm")
    with pytest.raises(GLib.Error) as raised:
        orders.load_table(db, "bad", options, None)
    assert raised.value.matches(Kpi.dataset_error_quark(), Kpi.DatasetError.INVALID_NUMBER)
    assert raised.value.message.startswith(
        "crm: table “bad”, row order_id=17, column “amount”: invalid number “n/a”")
    assert orders.get_n_rows() == 4

    # Attached: the columns and dictionaries, no rows; then fetched
    attached = Kpi.Dataset.new("date")
    attached.attach_table(db, TABLE, None, None)
    assert attached.get_database() == db
    assert attached.get_n_rows() == 0
    assert sorted(attached.dup_dimension_dictionary("ré\"gion")) == ["it's; DROP", "north", "süd"]
    ok, first, last = attached.get_time_range()
    assert ok and (first, last) == (usec("2025-01-05T00:00:00Z"), usec("2025-03-01T00:00:00Z"))
    assert attached.props.pushdown == Kpi.Pushdown.REQUIRE
    attached.props.pushdown = Kpi.Pushdown.FETCH
    assert attached.get_pushdown() == Kpi.Pushdown.FETCH
    with pytest.raises(GLib.Error) as raised:
        attached.append_row(0, ["x"], [1.0, 2.0])
    assert raised.value.matches(Kpi.dataset_error_quark(), Kpi.DatasetError.ATTACHED)
    attached.fetch(None)
    assert attached.get_database() is None
    assert columns(attached) == columns(orders)
    return orders


def test_sqlite(sqlite_path):
    for uri in (sqlite_path, "sqlite:" + sqlite_path, "sqlite://" + sqlite_path):
        db = Kpi.Database.open(uri, None)
        assert db.get_dialect() == Kpi.SqlDialect.SQLITE
        assert db.props.uri == uri
        assert db.get_name() == sqlite_path
    check_database(Kpi.Database.open(sqlite_path, None))


def test_open_errors(tmp_path):
    with pytest.raises(GLib.Error) as raised:
        Kpi.Database.open(str(tmp_path / "missing.db"), None)
    assert raised.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(GLib.Error) as raised:
        Kpi.Database.open("host=%s dbname=crm password=s3cr3t" % tmp_path, None)
    assert raised.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CONNECTION_REFUSED)
    assert "s3cr3t" not in raised.value.message
    assert "password=***" in raised.value.message


def test_load_async_with_progress(sqlite_path, tmp_path):
    # 10 000 rows: progress reports in the caller's main context
    path = str(tmp_path / "many.db")
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (date TEXT, amount REAL)")
    db.executemany("INSERT INTO t VALUES (?, ?)",
                   [("2025-01-%02d" % (1 + i % 28), i) for i in range(10000)])
    db.commit()
    db.close()
    database = Kpi.Database.open(path, None)
    dataset = Kpi.Dataset.new("date")
    reports = []
    dataset.connect("load-progress", lambda ds, done, total: reports.append((done, total)))
    loop = GLib.MainLoop()
    results = []

    def done(ds, result):
        results.append(ds.load_table_finish(result))
        loop.quit()

    dataset.load_table_async(database, "t", None, GLib.PRIORITY_DEFAULT, None, done)
    loop.run()
    assert results == [True]
    assert dataset.get_n_rows() == 10000
    assert reports and reports[-1] == (10000, 0)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)
    # 0 + 1 + ... + 9999
    assert math.fsum(dataset.get_measure("amount")) == 49995000


def test_postgresql(pg_conninfo, sqlite_path):
    db = Kpi.Database.open(pg_conninfo, None)
    assert db.get_dialect() == Kpi.SqlDialect.POSTGRESQL
    from_pg = check_database(db)
    # The same table from the three sources
    from_sqlite = Kpi.Dataset.new("date")
    from_sqlite.load_table(Kpi.Database.open(sqlite_path, None), TABLE, None, None)
    assert columns(from_pg) == columns(from_sqlite) == columns(from_csv())
    db.close()
    with pytest.raises(GLib.Error) as raised:
        db.list_tables(None)
    assert raised.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CLOSED)
