# SPDX-License-Identifier: LGPL-2.1-or-later
"""Dates as exports write them: the date format option, serial dates and
day-first / month-first detection, from Python, against Python's datetime."""

import datetime
import random

import gi

gi.require_version("Kpi", "1.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

UTC = datetime.timezone.utc


def usec(dt):
    """Microseconds since the epoch of an aware datetime."""
    delta = dt - datetime.datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds


def load(text, date_format=None, column=None, delimiter=",", zone=None,
         json_lines=False, french=False):
    options = Kpi.LoadOptions.new()
    options.set_format(Kpi.FileFormat.JSON_LINES if json_lines else Kpi.FileFormat.CSV)
    options.set_source_name("orders.csv")
    options.set_delimiter(delimiter)
    if french:
        options.use_french_numbers()
    if date_format is not None:
        options.set_date_format(column, date_format)
    if zone is not None:
        options.set_time_zone(GLib.TimeZone.new_identifier(zone))
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(text.encode(), options)
    return list(dataset.get_times())


# Random instants written by datetime.strftime in several patterns read back
# to the same instant (to the precision the pattern writes).
PATTERNS = [
    ("%d/%m/%Y", "day"),
    ("%m/%d/%Y %I:%M %p", "minute"),
    ("%d.%m.%Y %H:%M", "minute"),
    ("%d.%m.%Y %H:%M:%S", "second"),
    ("%Y%m%d", "day"),
    ("%Y%m%d%H%M%S", "second"),
    ("%d %B %Y", "day"),
    ("%b %d, %Y %H:%M", "minute"),
    ("%d-%b-%y", "day"),
    ("%Y-%m-%dT%H:%M:%S.%f", "micro"),
    ("%d/%m/%Y %H:%M %z", "minute"),
]


def truncate(dt, precision):
    if precision == "day":
        return dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "minute":
        return dt.replace(second=0, microsecond=0)
    if precision == "second":
        return dt.replace(microsecond=0)
    return dt


@pytest.mark.parametrize("pattern,precision", PATTERNS)
def test_strftime_differential(pattern, precision):
    rng = random.Random(pattern)
    start = datetime.datetime(1970, 1, 1, tzinfo=UTC)
    instants = []
    for _ in range(300):
        dt = start + datetime.timedelta(seconds=rng.randrange(0, 60 * 365 * 86400),
                                        microseconds=rng.randrange(0, 1000000))
        if "%y" in pattern:
            dt = dt.replace(year=max(dt.year, 1969))
        instants.append(dt)
    if "%z" in pattern:
        offset = datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))
        instants = [dt.astimezone(offset) for dt in instants]
    # datetime writes English names in the C locale; the month names are
    # English whatever the locale of the test run, as the loader reads them
    text = "date,n\n" + "".join('"%s",%d\n' % (dt.strftime(pattern), i)
                                for i, dt in enumerate(instants))
    got = load(text, pattern)
    expected = [usec(truncate(dt, precision)) for dt in instants]
    assert got == expected


def test_french_export():
    """A French spreadsheet CSV: ';', decimal comma, dd/mm/yyyy, detected"""
    text = "\ufeffDate;Montant;Canal\r\n19/02/2025;1 234,56;en ligne\r\n03/04/2025;7,5;magasin\r\n"
    options = Kpi.LoadOptions.new()
    options.set_format(Kpi.FileFormat.CSV)
    options.set_delimiter(";")
    options.use_french_numbers()
    options.set_time_column("Date")
    dataset = Kpi.Dataset.new("Date")
    dataset.load_data(text.encode(), options)
    assert list(dataset.get_times()) == [
        usec(datetime.datetime(2025, 2, 19, tzinfo=UTC)),
        usec(datetime.datetime(2025, 4, 3, tzinfo=UTC)),
    ]
    assert list(dataset.get_measure("Montant")) == [1234.56, 7.5]


def test_salesforce_export_month_first():
    """Month first, 12-hour clock, decided by a later row"""
    text = ('"date","n"\n"3/4/2025 12:05 AM","1"\n"3/4/2025 12:05 PM","2"\n'
            '"2/19/2025 2:05 PM","3"\n')
    assert load(text) == [
        usec(datetime.datetime(2025, 3, 4, 0, 5, tzinfo=UTC)),
        usec(datetime.datetime(2025, 3, 4, 12, 5, tzinfo=UTC)),
        usec(datetime.datetime(2025, 2, 19, 14, 5, tzinfo=UTC)),
    ]


def test_ambiguous_column_refused():
    with pytest.raises(GLib.Error) as info:
        load("date,n\n03/04/2025,1\n04/03/2025,2\n")
    assert info.value.matches(Kpi.dataset_error_quark(), Kpi.DatasetError.INVALID_TIME)
    assert "“03/04/2025” reads as 3 April 2025 (day first) or 4 March 2025 (month first)" \
        in info.value.message


def test_serial_dates():
    # 45707 is 2025-02-19; 45707.5 noon; 45707.586805... 14:05
    assert load("date,n\n45707,1\n45707.5,2\n45707.5868055556,3\n", "serial") == [
        usec(datetime.datetime(2025, 2, 19, tzinfo=UTC)),
        usec(datetime.datetime(2025, 2, 19, 12, tzinfo=UTC)),
        usec(datetime.datetime(2025, 2, 19, 14, 5, tzinfo=UTC)),
    ]
    # The options' decimal separator
    assert load("date;n\n45707,5;1\n", "serial", delimiter=";", french=True) == [
        usec(datetime.datetime(2025, 2, 19, 12, tzinfo=UTC)),
    ]


def test_json_lines_follow_the_options():
    text = '{"date": "19/02/2025 14:05", "n": 1}\n{"date": "03/04/2025 09:00", "n": 2}\n'
    paris = datetime.timezone(datetime.timedelta(hours=1))
    paris_summer = datetime.timezone(datetime.timedelta(hours=2))
    assert load(text, json_lines=True, zone="Europe/Paris") == [
        usec(datetime.datetime(2025, 2, 19, 14, 5, tzinfo=paris)),
        usec(datetime.datetime(2025, 4, 3, 9, 0, tzinfo=paris_summer)),
    ]
    # A format; and serial dates as JSON numbers
    assert load('{"date": "19 févr. 2025", "n": 1}\n', "%d %b %Y", json_lines=True) == [
        usec(datetime.datetime(2025, 2, 19, tzinfo=UTC)),
    ]
    assert load('{"date": 45707.25, "n": 1}\n', "serial", json_lines=True) == [
        usec(datetime.datetime(2025, 2, 19, 6, tzinfo=UTC)),
    ]
    with pytest.raises(GLib.Error) as info:
        load('{"date": "31/02/2025", "n": 1}\n', "%d/%m/%Y", json_lines=True)
    assert "invalid date “31/02/2025”: expected a date as %d/%m/%Y" in info.value.message


def test_invalid_formats_refused():
    options = Kpi.LoadOptions.new()
    for fmt, words in [("%d/%m/%Q", "unknown directive “%Q”"),
                       ("%H:%M", "has no year, month or day"),
                       ("%d/%m/%Y %I:%M", "%I without %p")]:
        with pytest.raises(GLib.Error) as info:
            options.set_date_format(None, fmt)
        assert info.value.matches(Kpi.dataset_error_quark(), Kpi.DatasetError.INVALID_OPTION)
        assert words in info.value.message and fmt in info.value.message
    assert options.get_date_format(None) is None
    options.set_date_format("Date", "%d/%m/%Y")
    assert options.get_date_format("Date") == "%d/%m/%Y"
    assert options.get_date_format("other") is None
