# SPDX-License-Identifier: LGPL-2.1-or-later
"""KpiDataset from Python, as an application would use it.

Each test is meant to read like an example: load the CRM sample, read the
columns back, load French-language CSV and JSON, build a dataset by hand,
watch signals, handle errors, load in the background.  Expected values come
from an independent reading of the same bytes (Python's csv module, datetime).
"""

import csv
import math
import os
import re
import threading
import time
from datetime import date, datetime, timezone

import gi

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi, GLib, Gio  # noqa: E402

import pytest  # noqa: E402

ORDER_COLUMNS = [
    ("date", Kpi.ColumnKind.TIME),
    ("order_id", Kpi.ColumnKind.MEASURE),
    ("customer", Kpi.ColumnKind.DIMENSION),
    ("channel", Kpi.ColumnKind.DIMENSION),
    ("region", Kpi.ColumnKind.DIMENSION),
    ("rep", Kpi.ColumnKind.DIMENSION),
    ("amount", Kpi.ColumnKind.MEASURE),
    ("cost", Kpi.ColumnKind.MEASURE),
]


def usec(moment):
    """Microseconds since the Unix epoch of an aware datetime."""
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def midnight_utc(iso_date):
    """`2025-03-30` as UTC midnight, in microseconds since the epoch."""
    d = date.fromisoformat(iso_date)
    return usec(datetime(d.year, d.month, d.day, tzinfo=timezone.utc))


def read_csv(path):
    """The rows of a CSV file as dicts, read by Python's csv module."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def assert_dataset_error(error, code):
    assert error.domain == "kpi-dataset-error-quark"
    assert error.matches(Kpi.dataset_error_quark(), code), (error.code, error.message)


def sales_dataset():
    """An empty dataset with a `channel` dimension and an `amount` measure."""
    ds = Kpi.Dataset.new("date")
    ds.add_column("channel", Kpi.ColumnKind.DIMENSION)
    ds.add_column("amount", Kpi.ColumnKind.MEASURE)
    return ds


def snapshot(ds):
    """Everything a load could change, to compare before and after."""
    dims = ds.list_columns(Kpi.ColumnKind.DIMENSION)
    measures = ds.list_columns(Kpi.ColumnKind.MEASURE)
    return {
        "n_rows": ds.props.n_rows,
        "n_columns": ds.props.n_columns,
        "range": ds.get_time_range(),
        "times": list(ds.get_times() or []),
        "dims": {n: (ds.dup_dimension_values(n), ds.get_dimension_dictionary(n)) for n in dims},
        # repr() so that NaN compares equal to NaN
        "measures": {n: repr(list(ds.get_measure(n) or [])) for n in measures},
    }


@pytest.fixture
def orders_path(crm_dir):
    return os.path.join(crm_dir, "orders.csv")


@pytest.fixture
def orders(orders_path):
    ds = Kpi.Dataset.new("date")
    assert ds.load_path(orders_path, None)
    return ds


# ---------------------------------------------------------------------------
# The CRM sample


def test_sample_rows_and_amount_sum(orders, orders_path):
    rows = read_csv(orders_path)

    assert orders.get_n_rows() == len(rows)
    assert orders.props.n_rows == len(rows)

    amounts = orders.get_measure("amount")
    assert len(amounts) == len(rows)
    expected = math.fsum(float(r["amount"]) for r in rows)
    assert math.fsum(amounts) == pytest.approx(expected, rel=1e-9)
    # Numbers are parsed to the correctly rounded double, as Python does.
    assert list(amounts) == [float(r["amount"]) for r in rows]


def test_sample_columns_and_kinds(orders):
    assert orders.props.n_columns == len(ORDER_COLUMNS)
    assert orders.props.time_column == "date"
    columns = [(orders.get_column_name(i), orders.get_column_kind(i))
               for i in range(orders.get_n_columns())]
    assert columns == ORDER_COLUMNS

    # A numeric identifier is guessed to be a measure...
    assert orders.list_columns(Kpi.ColumnKind.MEASURE) == ["order_id", "amount", "cost"]
    assert orders.list_columns(Kpi.ColumnKind.DIMENSION) == ["customer", "channel", "region", "rep"]
    assert orders.list_columns(Kpi.ColumnKind.TIME) == ["date"]
    assert orders.lookup_column("amount") == (True, 6, Kpi.ColumnKind.MEASURE)
    assert orders.lookup_column("revenue")[0] is False


def test_sample_forced_dimension(orders_path):
    # ...unless the load options say it is a label.
    options = Kpi.LoadOptions()
    options.set_column_kind("order_id", Kpi.ColumnKind.DIMENSION)
    ds = Kpi.Dataset.new("date")
    ds.load_path(orders_path, options)

    rows = read_csv(orders_path)
    assert ds.lookup_column("order_id") == (True, 1, Kpi.ColumnKind.DIMENSION)
    assert ds.list_columns(Kpi.ColumnKind.MEASURE) == ["amount", "cost"]
    assert ds.dup_dimension_values("order_id") == [r["order_id"] for r in rows]
    assert ds.get_dimension_value("order_id", 0) == rows[0]["order_id"]
    assert not ds.get_measure("order_id")


def test_sample_dimensions(orders, orders_path):
    rows = read_csv(orders_path)
    for name in ("customer", "channel", "region", "rep"):
        values = [r[name] for r in rows]
        assert orders.dup_dimension_values(name) == values
        # The dictionary lists the distinct values in order of first appearance.
        assert orders.get_dimension_dictionary(name) == list(dict.fromkeys(values))
    assert orders.get_dimension_value("channel", len(rows) - 1) == rows[-1]["channel"]

    # Codes index the dictionary: what C code reads, and a fast way to group.
    dictionary = orders.get_dimension_dictionary("rep")
    codes = orders.get_dimension_codes("rep")
    assert [dictionary[c] for c in codes] == [r["rep"] for r in rows]
    assert sorted(orders.get_dimension_dictionary("channel")) == ["mobile", "online", "store"]


def test_sample_time_range(orders, orders_path):
    rows = read_csv(orders_path)
    first = min(r["date"] for r in rows)
    last = max(r["date"] for r in rows)

    assert orders.get_time_range() == (True, midnight_utc(first), midnight_utc(last))
    assert orders.props.min_time == midnight_utc(first)
    assert orders.props.max_time == midnight_utc(last)
    assert orders.get_times() == [midnight_utc(r["date"]) for r in rows]
    assert orders.get_time(0) == midnight_utc(rows[0]["date"])


# ---------------------------------------------------------------------------
# Load options and formats


def test_french_csv():
    text = (
        "date;client;canal;montant\n"
        "2025-01-02;Société Générale;en ligne;1\u00a0234,56\n"
        '2025-01-03;"Dupont; fils";magasin;-12,5\n'
        "2025-01-04;Martin;magasin;1\u202f000\u202f000,00\n"
        "2025-01-05;Müller;en ligne;\n"
    )
    options = Kpi.LoadOptions()
    options.props.delimiter = ";"
    options.use_french_numbers()
    assert options.props.decimal_separator == ","
    assert options.props.thousands_separator == " "

    ds = Kpi.Dataset.new("date")
    ds.load_data(text.encode("utf-8"), options)

    assert ds.get_n_rows() == 4
    assert ds.list_columns(Kpi.ColumnKind.MEASURE) == ["montant"]
    montant = ds.get_measure("montant")
    assert montant[:3] == [1234.56, -12.5, 1000000.0]
    assert math.isnan(montant[3])  # an empty cell is missing, not 0
    assert ds.dup_dimension_values("client") == ["Société Générale", "Dupont; fils", "Martin", "Müller"]
    assert ds.get_dimension_dictionary("canal") == ["en ligne", "magasin"]


def test_french_csv_needs_options():
    # Read with the defaults, the delimiter is detected but the numbers are
    # text: the decimal comma and the spaces need the French number style.
    text = "date;montant\n2025-01-02;1\u00a0234,56\n"
    ds = Kpi.Dataset.new("date")
    ds.load_data(text.encode("utf-8"), None)
    assert ds.get_csv_delimiter() == ";"
    assert ds.lookup_column("montant")[2] == Kpi.ColumnKind.DIMENSION

    # With a delimiter given, a ';' file has no `date` column at all.
    options = Kpi.LoadOptions()
    options.set_delimiter(",")
    ds = Kpi.Dataset.new("date")
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_data(text.encode("utf-8"), options)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.NO_TIME_COLUMN)
    assert ds.get_n_rows() == 0


def test_json_array():
    data = b"""[
      {"date": "2025-01-02", "channel": "online", "amount": 12.5},
      {"date": "2025-01-03T10:30:00Z", "channel": "store", "amount": 100},
      {"date": "2025-01-04", "channel": "online", "amount": null}
    ]"""
    options = Kpi.LoadOptions()
    options.props.format = Kpi.FileFormat.JSON
    ds = Kpi.Dataset.new("date")
    ds.load_data(data, options)

    assert ds.get_n_rows() == 3
    assert ds.lookup_column("channel")[2] == Kpi.ColumnKind.DIMENSION
    assert ds.dup_dimension_values("channel") == ["online", "store", "online"]
    amount = ds.get_measure("amount")
    assert amount[:2] == [12.5, 100.0]
    assert math.isnan(amount[2])
    assert ds.get_times() == [
        midnight_utc("2025-01-02"),
        usec(datetime(2025, 1, 3, 10, 30, tzinfo=timezone.utc)),
        midnight_utc("2025-01-04"),
    ]


def test_json_lines():
    data = (b'{"date": "2025-02-01", "region": "north", "amount": 1.25}\n'
            b'{"date": "2025-02-02", "region": "south", "amount": 2.5}\n')
    options = Kpi.LoadOptions(format=Kpi.FileFormat.JSON_LINES)
    ds = Kpi.Dataset.new("date")
    ds.load_data(data, options)

    assert ds.get_n_rows() == 2
    assert ds.dup_dimension_values("region") == ["north", "south"]
    assert ds.get_measure("amount") == [1.25, 2.5]
    assert ds.get_time_range() == (True, midnight_utc("2025-02-01"), midnight_utc("2025-02-02"))


def test_time_zone():
    data = (b"date,amount\n"
            b"2025-03-30,1\n"                 # midnight in Paris: still winter time
            b"2025-03-31,2\n"                 # after the switch to summer time
            b"2025-03-30T12:00:00,3\n"
            b"2025-03-30T12:00:00+05:00,4\n")  # an explicit offset wins
    paris = GLib.TimeZone.new_identifier("Europe/Paris")
    assert paris is not None
    options = Kpi.LoadOptions(time_zone=paris)
    ds = Kpi.Dataset.new("date")
    ds.load_data(data, options)

    assert ds.get_times() == [
        usec(datetime(2025, 3, 29, 23, 0, tzinfo=timezone.utc)),
        usec(datetime(2025, 3, 30, 22, 0, tzinfo=timezone.utc)),
        usec(datetime(2025, 3, 30, 10, 0, tzinfo=timezone.utc)),
        usec(datetime(2025, 3, 30, 7, 0, tzinfo=timezone.utc)),
    ]
    # The default is UTC.
    utc = Kpi.Dataset.new("date")
    utc.load_data(b"date,amount\n2025-03-30,1\n", None)
    assert utc.get_times() == [midnight_utc("2025-03-30")]


def test_load_stream():
    data = b"date,channel,amount\n2025-01-02,online,10\n2025-01-03,store,20.5\n"
    stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data))
    ds = Kpi.Dataset.new("date")
    assert ds.load_stream(stream, None, None)

    assert ds.get_n_rows() == 2
    assert ds.dup_dimension_values("channel") == ["online", "store"]
    assert ds.get_measure("amount") == [10.0, 20.5]


def test_load_stream_error_names_source():
    data = b"date,amount\n2025-01-02,10\nyesterday,20\n"
    stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data))
    options = Kpi.LoadOptions(source_name="upload.csv")
    ds = Kpi.Dataset.new("date")
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_stream(stream, options, None)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.INVALID_TIME)
    assert excinfo.value.message.startswith("upload.csv:3:1:")


def test_load_file(orders_path):
    ds = Kpi.Dataset.new("date")
    assert ds.load_file(Gio.File.new_for_path(orders_path), None, None)
    assert ds.get_n_rows() == len(read_csv(orders_path))


# ---------------------------------------------------------------------------
# Building a dataset by hand


def test_build_by_hand():
    ds = Kpi.Dataset.new("day")
    ds.add_column("channel", Kpi.ColumnKind.DIMENSION)
    ds.add_column("region", Kpi.ColumnKind.DIMENSION)
    ds.add_column("amount", Kpi.ColumnKind.MEASURE)
    assert ds.props.time_column == "day"
    assert ds.props.n_columns == 4

    jan1 = midnight_utc("2025-01-01")
    jan2 = midnight_utc("2025-01-02")
    ds.append_row(jan2, ["online", "north"], [12.5])
    # A batch: one time per row, then the values row by row.
    ds.append_rows([jan1, jan2, jan1],
                   ["store", "south",
                    "online", "",
                    "mobile", "north"],
                   [7.0,
                    float("nan"),
                    -3.25])

    assert ds.get_n_rows() == 4
    assert ds.get_times() == [jan2, jan1, jan2, jan1]
    assert ds.get_time_range() == (True, jan1, jan2)
    assert ds.dup_dimension_values("channel") == ["online", "store", "online", "mobile"]
    assert ds.get_dimension_dictionary("channel") == ["online", "store", "mobile"]
    assert ds.dup_dimension_values("region") == ["north", "south", "", "north"]
    assert ds.get_dimension_value("region", 2) is None
    amount = ds.get_measure("amount")
    assert amount[0] == 12.5 and amount[1] == 7.0 and amount[3] == -3.25
    assert math.isnan(amount[2])
    assert ds.get_measure_value("amount", 3) == (True, -3.25)
    assert ds.get_measure_value("amount", 2)[0] is False


def test_missing_dimension_code():
    # A missing dimension value has the code Kpi.DIMENSION_MISSING, so that
    # code that groups by codes can skip it.
    ds = sales_dataset()
    ds.append_rows([0, 0, 0], ["online", "", "store"], [1.0, 2.0, 3.0])
    codes = ds.get_dimension_codes("channel")
    assert codes == [0, 0xFFFFFFFF, 1]
    assert Kpi.DIMENSION_MISSING == 0xFFFFFFFF
    assert [c == Kpi.DIMENSION_MISSING for c in codes] == [False, True, False]


def test_append_wrong_count_changes_nothing():
    ds = sales_dataset()
    ds.append_row(midnight_utc("2025-01-01"), ["online"], [1.0])
    before = snapshot(ds)
    with pytest.raises(GLib.Error) as excinfo:
        ds.append_row(midnight_utc("2025-01-02"), ["online", "extra"], [2.0])
    assert_dataset_error(excinfo.value, Kpi.DatasetError.SCHEMA)
    with pytest.raises(GLib.Error) as excinfo:
        ds.append_rows([midnight_utc("2025-01-02")] * 2, ["store", "mobile"], [2.0, math.inf])
    assert_dataset_error(excinfo.value, Kpi.DatasetError.INVALID_NUMBER)
    assert snapshot(ds) == before


def test_add_column_after_rows_fails():
    ds = sales_dataset()
    ds.append_row(midnight_utc("2025-01-01"), ["online"], [1.0])
    with pytest.raises(GLib.Error) as excinfo:
        ds.add_column("cost", Kpi.ColumnKind.MEASURE)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.SCHEMA)
    assert ds.props.n_columns == 3


# ---------------------------------------------------------------------------
# Signals


def test_rows_added_and_notify():
    ds = sales_dataset()
    added = []
    notified = []
    ds.connect("rows-added",
               lambda d, position, n_rows: added.append((position, n_rows, d.props.n_rows)))
    ds.connect("notify::n-rows", lambda d, pspec: notified.append((pspec.name, d.props.n_rows)))

    t = midnight_utc("2025-01-01")
    ds.append_row(t, ["online"], [1.0])
    assert added == [(0, 1, 1)]
    assert notified == [("n-rows", 1)]

    ds.append_rows([t, t, t], ["store", "online", "mobile"], [2.0, 3.0, 4.0])
    assert added[-1] == (1, 3, 4)

    ds.load_data(b"date,channel,amount\n2025-01-02,store,5\n2025-01-03,online,6\n", None)
    assert added == [(0, 1, 1), (1, 3, 4), (4, 2, 6)]
    assert notified == [("n-rows", 1), ("n-rows", 4), ("n-rows", 6)]


def test_time_range_notify():
    ds = sales_dataset()
    changed = []
    ds.connect("notify::max-time", lambda d, pspec: changed.append(d.props.max_time))
    ds.append_row(midnight_utc("2025-01-05"), ["online"], [1.0])
    ds.append_row(midnight_utc("2025-01-09"), ["online"], [1.0])
    assert changed[-1] == midnight_utc("2025-01-09")
    assert ds.props.min_time == midnight_utc("2025-01-05")


# ---------------------------------------------------------------------------
# Errors


BAD_NUMBER = (
    "date,channel,amount\n"
    "2025-01-01,online,10.50\n"
    "2025-01-02,store,12.00\n"
    "2025-01-03,mobile,1O.25\n"  # a letter O
)


def test_bad_number_names_line_and_column(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(BAD_NUMBER, encoding="utf-8")
    options = Kpi.LoadOptions()
    options.set_column_kind("amount", Kpi.ColumnKind.MEASURE)
    ds = Kpi.Dataset.new("date")

    with pytest.raises(GLib.Error) as excinfo:
        ds.load_path(str(path), options)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.INVALID_NUMBER)
    # path:line:column: — the field `1O.25` starts at column 19 of line 4.
    assert excinfo.value.message.startswith("%s:4:19:" % path), excinfo.value.message
    assert "1O.25" in excinfo.value.message


def test_bad_number_without_forcing_is_a_dimension():
    ds = Kpi.Dataset.new("date")
    ds.load_data(BAD_NUMBER.encode(), None)
    assert ds.lookup_column("amount") == (True, 2, Kpi.ColumnKind.DIMENSION)
    assert ds.dup_dimension_values("amount") == ["10.50", "12.00", "1O.25"]


@pytest.mark.parametrize("text, code, where", [
    ("date,amount\n2025-01-01,1\n2025-02-30,2\n", Kpi.DatasetError.INVALID_TIME, ":3:1:"),
    ("date,amount\n2025-01-01,1\n2025-01-02,2,3\n", Kpi.DatasetError.PARSE, ":3:"),
    ('date,name\n2025-01-01,"unterminated\n', Kpi.DatasetError.PARSE, ":2:"),
    ("when,amount\n2025-01-01,1\n", Kpi.DatasetError.NO_TIME_COLUMN, ":1:"),
    ("", Kpi.DatasetError.EMPTY, ":1:1:"),
    ("date,name\n2025-01-01,caf\xe9\n", Kpi.DatasetError.ENCODING, ":2:"),
], ids=["invalid-date", "too-many-fields", "unterminated-quote", "no-time-column",
        "empty", "not-utf8"])
def test_bad_data(text, code, where):
    data = text.encode("latin-1")
    ds = Kpi.Dataset.new("date")
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_data(data, None)
    assert_dataset_error(excinfo.value, code)
    assert excinfo.value.message.startswith("<data>" + where), excinfo.value.message
    assert ds.get_n_rows() == 0
    assert ds.props.n_columns == 1


def test_missing_file_is_an_io_error(tmp_path):
    # "I/O errors are in the G_IO_ERROR domain" (kpi_dataset_load_file).
    path = str(tmp_path / "nope.csv")
    ds = Kpi.Dataset.new("date")
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_file(Gio.File.new_for_path(path), None, None)
    assert excinfo.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND), \
        (excinfo.value.domain, excinfo.value.code, excinfo.value.message)
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_path(path, None)
    assert excinfo.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND), \
        (excinfo.value.domain, excinfo.value.code, excinfo.value.message)
    assert path in excinfo.value.message


def test_failed_load_changes_nothing(orders_path):
    ds = Kpi.Dataset.new("date")
    ds.load_path(orders_path, None)
    before = snapshot(ds)
    signals = []
    ds.connect("rows-added", lambda *args: signals.append("rows-added"))
    ds.connect("notify", lambda d, pspec: signals.append(pspec.name))

    # Good rows with a new channel and a later date, then a bad one.
    with open(orders_path, encoding="utf-8") as f:
        header = f.readline()
    bad = (header +
           "2030-01-01,999999,C999999,partner,north,R01,10.00,5.00\n"
           "2030-01-02,1000000,C999999,partner,north,R01,ten,5.00\n")
    options = Kpi.LoadOptions()
    options.set_column_kind("amount", Kpi.ColumnKind.MEASURE)
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_data(bad.encode(), options)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.INVALID_NUMBER)

    # Other columns than the dataset's: refused as a whole.
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_data(b"date,channel,revenue\n2030-01-01,partner,1\n", None)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.SCHEMA)

    assert signals == []
    assert snapshot(ds) == before
    assert "partner" not in ds.get_dimension_dictionary("channel")


# ---------------------------------------------------------------------------
# Asynchronous loading and cancellation


def run_with_timeout(loop, seconds=60):
    timed_out = []

    def on_timeout():
        timed_out.append(True)
        loop.quit()
        return GLib.SOURCE_REMOVE

    source = GLib.timeout_add_seconds(seconds, on_timeout)
    loop.run()
    if not timed_out:
        GLib.source_remove(source)
    assert not timed_out, "the main loop timed out"


def test_load_file_async(orders_path):
    ds = Kpi.Dataset.new("date")
    loop = GLib.MainLoop()
    progress = []
    added = []
    outcome = {}

    def on_progress(dataset, done, total):
        progress.append((done, total))

    def on_loaded(dataset, result):
        outcome["rows_before_finish"] = dataset.get_n_rows()
        outcome["progress_before_finish"] = list(progress)
        try:
            outcome["ok"] = dataset.load_file_finish(result)
        except GLib.Error as e:
            outcome["error"] = e
        loop.quit()

    ds.connect("load-progress", on_progress)
    ds.connect("rows-added", lambda d, position, n_rows: added.append((position, n_rows)))
    ds.load_file_async(Gio.File.new_for_path(orders_path), None,
                       GLib.PRIORITY_DEFAULT, None, on_loaded)
    assert ds.get_n_rows() == 0  # nothing happens until the loop runs
    run_with_timeout(loop)

    assert "error" not in outcome, outcome.get("error")
    assert outcome["ok"] is True
    n_rows = len(read_csv(orders_path))
    assert outcome["rows_before_finish"] == 0  # the rows are added by _finish()
    assert ds.get_n_rows() == n_rows
    assert added == [(0, n_rows)]

    size = os.path.getsize(orders_path)
    seen = outcome["progress_before_finish"]
    assert len(seen) >= 1
    assert seen[-1] == (size, size)
    assert all(done <= total == size for done, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_load_progress_waits_for_the_main_loop(orders_path):
    # load-progress is emitted in the main context of the call: a handler
    # runs in the main thread, when the loop runs, never in the worker
    # thread, even when the application is busy when the worker reports.
    ds = Kpi.Dataset.new("date")
    loop = GLib.MainLoop()
    progress = []

    def on_progress(dataset, done, total):
        progress.append((done, total, threading.current_thread() is threading.main_thread()))

    def on_loaded(dataset, result):
        dataset.load_file_finish(result)
        loop.quit()

    ds.connect("load-progress", on_progress)
    ds.load_file_async(Gio.File.new_for_path(orders_path), None,
                       GLib.PRIORITY_DEFAULT, None, on_loaded)
    time.sleep(0.3)  # busy elsewhere while the worker thread parses
    assert progress == [], "load-progress emitted before the main loop ran"
    run_with_timeout(loop)
    assert progress, "no load-progress"
    assert all(main for _, _, main in progress), "load-progress emitted outside the main thread"
    size = os.path.getsize(orders_path)
    assert progress[-1][:2] == (size, size)


def test_load_file_async_error_changes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,channel,amount\n2025-01-01,online,1\nnot a date,store,2\n",
                    encoding="utf-8")
    ds = sales_dataset()
    loop = GLib.MainLoop()
    outcome = {}

    def on_loaded(dataset, result):
        try:
            dataset.load_file_finish(result)
        except GLib.Error as e:
            outcome["error"] = e
        loop.quit()

    ds.load_file_async(Gio.File.new_for_path(str(path)), None, GLib.PRIORITY_DEFAULT, None, on_loaded)
    run_with_timeout(loop)
    assert_dataset_error(outcome["error"], Kpi.DatasetError.INVALID_TIME)
    assert outcome["error"].message.startswith("%s:3:1:" % path)
    assert ds.get_n_rows() == 0


def test_cancelled_load(orders_path):
    ds = sales_dataset()
    ds.append_row(midnight_utc("2025-01-01"), ["online"], [1.0])
    before = snapshot(ds)
    cancellable = Gio.Cancellable()
    cancellable.cancel()

    with pytest.raises(GLib.Error) as excinfo:
        ds.load_file(Gio.File.new_for_path(orders_path), None, cancellable)
    assert excinfo.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)

    stream = Gio.MemoryInputStream.new_from_bytes(
        GLib.Bytes.new(b"date,channel,amount\n2025-01-02,store,2\n"))
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_stream(stream, None, cancellable)
    assert excinfo.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)

    assert snapshot(ds) == before


def test_cancelled_load_async(orders_path):
    ds = Kpi.Dataset.new("date")
    loop = GLib.MainLoop()
    cancellable = Gio.Cancellable()
    outcome = {}

    def on_loaded(dataset, result):
        try:
            outcome["ok"] = dataset.load_file_finish(result)
        except GLib.Error as e:
            outcome["error"] = e
        loop.quit()

    ds.load_file_async(Gio.File.new_for_path(orders_path), None,
                       GLib.PRIORITY_DEFAULT, cancellable, on_loaded)
    cancellable.cancel()
    run_with_timeout(loop)

    assert "ok" not in outcome
    assert outcome["error"].matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)
    assert ds.get_n_rows() == 0
    assert ds.props.n_columns == 1


# ---------------------------------------------------------------------------
# Whatever a user can type gets a GLib.Error, never a critical (issue 8 §6)


@pytest.mark.parametrize("setter, value, expected", [
    ("set_delimiter", ";;", "“;;” is not a CSV delimiter"),
    ("set_delimiter", "", "is not a CSV delimiter"),
    ("set_delimiter", "é", "is not a CSV delimiter"),
    ("set_decimal_separator", "x", "“x” is not a decimal separator: expected “.” or “,”"),
    ("set_thousands_separator", "x", "“x” is not a thousands separator"),
    ("set_thousands_separator", ".", "“.” is the decimal separator already"),
    ("set_time_column", "", "the time column needs a name"),
])
def test_load_options_refuse_what_they_cannot_take(setter, value, expected):
    options = Kpi.LoadOptions()
    before = (options.props.delimiter, options.props.decimal_separator,
              options.props.thousands_separator, options.props.time_column)
    with pytest.raises(GLib.Error) as excinfo:
        getattr(options, setter)(value)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.INVALID_OPTION)
    assert expected in excinfo.value.message
    # the option keeps its value
    assert (options.props.delimiter, options.props.decimal_separator,
            options.props.thousands_separator, options.props.time_column) == before


def test_load_options_from_a_form():
    """What a form gives goes through the setters; known values may still be
    given as properties."""
    options = Kpi.LoadOptions(delimiter=";")
    assert options.set_thousands_separator(" ")
    assert options.set_decimal_separator(",")
    assert options.set_time_column("jour")
    ds = Kpi.Dataset.new("jour")
    ds.load_data(b"jour;montant\n2025-02-14;1 234,5\n", options)
    assert ds.get_measure("montant") == [1234.5]


def test_user_errors_print_nothing():
    """The calls of issue 8 §6, in a child without fatal warnings: each raises
    GLib.Error, and nothing (no critical) is printed."""
    import subprocess
    import sys
    script = r"""
import gi
gi.require_version("Kpi", "1.0")
from gi.repository import GLib, Kpi
calls = [lambda: Kpi.LoadOptions().set_delimiter(";;"),
         lambda: Kpi.LoadOptions().set_thousands_separator("x"),
         lambda: Kpi.LoadOptions().set_decimal_separator(";"),
         lambda: Kpi.Calendar.new(None, 13),
         lambda: Kpi.Calendar.new(None, 0)]
for call in calls:
    try:
        call()
    except GLib.Error as e:
        print(e.domain, e.code)
    else:
        print("no error")
"""
    env = dict(os.environ)
    env.pop("G_DEBUG", None)
    child = subprocess.run([sys.executable, "-c", script], env=env,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert child.stderr == ""
    assert child.stdout.split("\n")[:5] == [
        "kpi-dataset-error-quark %d" % Kpi.DatasetError.INVALID_OPTION] * 3 + [
        "kpi-calendar-error-quark %d" % Kpi.CalendarError.INVALID_MONTH] * 2


def test_broken_escape_gives_a_readable_error():
    """Issue 16: json-glib quotes a broken \\u escape decoded into bytes that
    are not UTF-8; the message Python gets is text ("Converting the GError
    failed" before)."""
    options = Kpi.LoadOptions(format=Kpi.FileFormat.JSON)
    ds = Kpi.Dataset.new("date")
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_data(b'{"\\ud8t""', options)
    assert_dataset_error(excinfo.value, Kpi.DatasetError.PARSE)
    assert excinfo.value.message.startswith("<data>:1:")
    assert "unexpected string constant" in excinfo.value.message
    # the position, then json-glib's words without its "Parse error: "
    assert re.match(r"<data>:1:\d+: [a-z]", excinfo.value.message), excinfo.value.message
    assert "Parse error" not in excinfo.value.message


def test_append_row_arity_reads_as_a_sentence():
    ds = Kpi.Dataset.new("date")
    for name in ("channel", "region", "rep"):
        ds.add_column(name, Kpi.ColumnKind.DIMENSION)
    with pytest.raises(GLib.Error) as excinfo:
        ds.append_row(midnight_utc("2025-02-14"), ["online", "north"], [])
    assert_dataset_error(excinfo.value, Kpi.DatasetError.SCHEMA)
    assert excinfo.value.message == ("the row has 2 dimension values, but the dataset has "
                                     "3 dimensions (channel, region, rep)")


def test_loading_a_directory_says_so(tmp_path):
    ds = Kpi.Dataset.new("date")
    with pytest.raises(GLib.Error) as excinfo:
        ds.load_path(str(tmp_path), None)
    assert excinfo.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.IS_DIRECTORY)
    assert excinfo.value.message == "%s: is a directory: expected a CSV, JSON or JSON Lines file" % tmp_path


def test_the_load_options_say_what_the_export_covers():
    # An export of the orders since 1 December 2024, made on 1 March 2025
    # at noon: December had no orders, and March is known up to noon only.
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    options = Kpi.LoadOptions()
    december = calendar.parse_period("2024-12")
    options.set_coverage(december.get_start(), Kpi.TIME_UNSET)
    as_of = calendar.parse_period("2025-03-01").get_start() + 12 * 3600 * 1_000_000
    options.props.data_as_of = as_of
    orders = Kpi.Dataset.new("date")
    orders.load_data(b"date,amount\n2025-01-10,100\n2025-02-10,200\n2025-03-01,50\n", options)
    assert orders.props.coverage_start == december.get_start()
    assert orders.props.data_as_of == as_of
    assert orders.get_period_coverage(december) == Kpi.Coverage.FULL
    assert orders.get_period_coverage(calendar.parse_period("2024-11")) == Kpi.Coverage.NONE
    assert orders.get_period_coverage(calendar.parse_period("2025-03")) == Kpi.Coverage.PARTIAL
    revenue = Kpi.Indicator.new("revenue", "sum(amount)")
    revenue.set_dataset(orders)
    context = Kpi.Context.new(calendar)
    assert revenue.evaluate(context, december).get_value() == 0
    march = revenue.evaluate(context, calendar.parse_period("2025-03"))
    assert march.get_value() == 50
    assert march.get_flags() & Kpi.ValueFlags.PARTIAL_PERIOD

    with pytest.raises(GLib.Error) as info:
        options.set_coverage(december.get_end(), december.get_start())
    assert "end after it starts" in info.value.message
